//! The server's identities: TLS and document signing. From PEM files, or generated
//! at start (rcgen): a development CA, a TLS leaf (SANs `localhost`, `127.0.0.1`)
//! and a document-signing leaf, both issued by that CA, which is what clients pin.
//! rustls with the `ring` provider only, passed explicitly so the process-wide
//! default provider is never touched.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::PortalError;
use crate::config::TlsConfig;
use crate::platform::signing::DocumentSigner;

pub struct TlsIdentity {
    /// PEM of what clients trust: the generated CA, or the configured chain as read.
    pub certificate_pem: String,
    pub server_config: Arc<ServerConfig>,
    /// The document signer; `None` when files are configured without a signing pair.
    pub signer: Option<Arc<DocumentSigner>>,
}

fn tls_err(what: &str) -> impl Fn(rcgen::Error) -> PortalError + '_ {
    move |e| PortalError::Tls(format!("{what}: {e}"))
}

/// A development CA with its two leaves, as PEM: (CA, TLS cert, TLS key, signing cert, signing key).
struct Generated {
    ca_pem: String,
    tls_cert_pem: String,
    tls_key_pem: String,
    signing_cert_pem: String,
    signing_key_pem: String,
}

fn generate() -> Result<Generated, PortalError> {
    let ca_key = KeyPair::generate().map_err(tls_err("generating the CA key"))?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(tls_err("CA"))?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "Kabinet development CA");
    ca_params.distinguished_name = dn;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca = ca_params.self_signed(&ca_key).map_err(tls_err("CA"))?;

    let tls_key = KeyPair::generate().map_err(tls_err("generating the TLS key"))?;
    let mut tls_params =
        CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .map_err(tls_err("TLS certificate"))?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "localhost");
    tls_params.distinguished_name = dn;
    tls_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    tls_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let tls_cert = tls_params
        .signed_by(&tls_key, &ca, &ca_key)
        .map_err(tls_err("TLS certificate"))?;

    let signing_key = KeyPair::generate().map_err(tls_err("generating the signing key"))?;
    let mut signing_params =
        CertificateParams::new(Vec::<String>::new()).map_err(tls_err("signing certificate"))?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "Kabinet portal documents");
    signing_params.distinguished_name = dn;
    signing_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    signing_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::Other(
        kabinet_core::api::signed::DOCUMENT_SIGNING_EKU.to_vec(),
    )];
    let signing_cert = signing_params
        .signed_by(&signing_key, &ca, &ca_key)
        .map_err(tls_err("signing certificate"))?;

    Ok(Generated {
        ca_pem: ca.pem(),
        // The chain the server presents: its leaf, then the CA.
        tls_cert_pem: format!("{}{}", tls_cert.pem(), ca.pem()),
        tls_key_pem: tls_key.serialize_pem(),
        signing_cert_pem: signing_cert.pem(),
        signing_key_pem: signing_key.serialize_pem(),
    })
}

pub fn load(config: &TlsConfig) -> Result<TlsIdentity, PortalError> {
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p)
            .map_err(|e| PortalError::Tls(format!("reading {}: {e}", p.display())))
    };
    let (trusted_pem, cert_pem, key_pem, signer) = match config {
        TlsConfig::SelfSigned => {
            let g = generate()?;
            let signer = DocumentSigner::from_pem(&g.signing_cert_pem, &g.signing_key_pem)?;
            (g.ca_pem, g.tls_cert_pem, g.tls_key_pem, Some(signer))
        }
        TlsConfig::Files {
            cert,
            key,
            signing_cert,
            signing_key,
        } => {
            let cert_pem = read(cert)?;
            let signer = match (signing_cert, signing_key) {
                (Some(c), Some(k)) => Some(DocumentSigner::from_pem(&read(c)?, &read(k)?)?),
                _ => None,
            };
            (cert_pem.clone(), cert_pem, read(key)?, signer)
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
        certificate_pem: trusted_pem,
        server_config: Arc::new(server_config),
        signer: signer.map(Arc::new),
    })
}
