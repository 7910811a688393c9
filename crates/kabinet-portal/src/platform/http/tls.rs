//! The server's TLS identity: PEM files, or a self-signed pair generated at start
//! (rcgen; SANs `localhost` and `127.0.0.1`). rustls with the `ring` provider only,
//! passed explicitly so the process-wide default provider is never touched.

use std::sync::Arc;

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::PortalError;
use crate::config::TlsConfig;

pub struct TlsIdentity {
    /// PEM of the certificate chain; for a self-signed pair, the certificate itself.
    pub certificate_pem: String,
    pub server_config: Arc<ServerConfig>,
}

pub fn load(config: &TlsConfig) -> Result<TlsIdentity, PortalError> {
    let (cert_pem, key_pem) = match config {
        TlsConfig::SelfSigned => {
            let pair = rcgen::generate_simple_self_signed(vec![
                "localhost".to_owned(),
                "127.0.0.1".to_owned(),
            ])
            .map_err(|e| PortalError::Tls(format!("generating a certificate: {e}")))?;
            (pair.cert.pem(), pair.key_pair.serialize_pem())
        }
        TlsConfig::Files { cert, key } => {
            let read = |p: &std::path::Path| {
                std::fs::read_to_string(p)
                    .map_err(|e| PortalError::Tls(format!("reading {}: {e}", p.display())))
            };
            (read(cert)?, read(key)?)
        }
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| PortalError::Tls(format!("certificate PEM: {e}")))?;
    if certs.is_empty() {
        return Err(PortalError::Tls("no certificate in the PEM".into()));
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
        .map_err(|e| PortalError::Tls(format!("private key PEM: {e}")))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut server_config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| PortalError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| PortalError::Tls(format!("certificate and key: {e}")))?;
    server_config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsIdentity {
        certificate_pem: cert_pem,
        server_config: Arc::new(server_config),
    })
}
