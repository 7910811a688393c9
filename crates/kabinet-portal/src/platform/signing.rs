//! The portal's document signature: ECDSA P-256 with SHA-256 (ASN.1 DER), by a key
//! whose certificate the pinned CA issued (see [`crate::platform::http::tls`]).
//! Clients verify the chain and the signature over the exact bytes
//! ([`kabinet_core::api::Signed`]).

use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use time::OffsetDateTime;

use crate::PortalError;

pub struct DocumentSigner {
    key: EcdsaKeyPair,
    rng: SystemRandom,
    /// The signer's certificate first, then intermediates (PEM each).
    chain_pem: Vec<String>,
}

impl std::fmt::Debug for DocumentSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentSigner").finish_non_exhaustive()
    }
}

fn pem_of(der: &CertificateDer<'_>) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der.as_ref());
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

impl DocumentSigner {
    /// From the signing certificate chain (PEM, the signer first) and its PKCS#8
    /// P-256 private key (PEM).
    pub fn from_pem(chain_pem: &str, key_pem: &str) -> Result<DocumentSigner, PortalError> {
        let certs: Vec<CertificateDer<'static>> =
            CertificateDer::pem_slice_iter(chain_pem.as_bytes())
                .collect::<Result<_, _>>()
                .map_err(|e| PortalError::Tls(format!("signing certificate PEM: {e}")))?;
        if certs.is_empty() {
            return Err(PortalError::Tls("no signing certificate in the PEM".into()));
        }
        let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
            .map_err(|e| PortalError::Tls(format!("signing key PEM: {e}")))?;
        let PrivateKeyDer::Pkcs8(pkcs8) = key else {
            return Err(PortalError::Tls(
                "the signing key must be a PKCS#8 P-256 key".into(),
            ));
        };
        let rng = SystemRandom::new();
        let key = EcdsaKeyPair::from_pkcs8(
            &ECDSA_P256_SHA256_ASN1_SIGNING,
            pkcs8.secret_pkcs8_der(),
            &rng,
        )
        .map_err(|e| PortalError::Tls(format!("signing key: {e}")))?;
        Ok(DocumentSigner {
            key,
            rng,
            chain_pem: certs.iter().map(pem_of).collect(),
        })
    }

    /// The signer's certificate first, then intermediates (PEM each).
    pub fn chain_pem(&self) -> &[String] {
        &self.chain_pem
    }

    /// The DER signature over `bytes`.
    pub fn sign_bytes(&self, bytes: &[u8]) -> Result<Vec<u8>, PortalError> {
        self.key
            .sign(&self.rng, bytes)
            .map(|s| s.as_ref().to_vec())
            .map_err(|_| PortalError::Tls("signing failed".into()))
    }

    /// A file's bytes in the signed envelope.
    pub fn sign_file(
        &self,
        file_name: String,
        media_type: &str,
        bytes: &[u8],
        now: OffsetDateTime,
    ) -> Result<kabinet_core::api::SignedFile, PortalError> {
        let signature = self.sign_bytes(bytes)?;
        let b64 = &base64::engine::general_purpose::STANDARD;
        Ok(kabinet_core::api::SignedFile {
            file_name,
            media_type: media_type.to_owned(),
            content_base64: b64.encode(bytes),
            signature_base64: b64.encode(signature),
            signer_chain_pem: self.chain_pem.clone(),
            signed_at: now,
        })
    }

    /// `content` in the signed envelope.
    pub fn sign_text(
        &self,
        content: String,
        now: OffsetDateTime,
    ) -> Result<kabinet_core::api::Signed, PortalError> {
        let signature = self.sign_bytes(content.as_bytes())?;
        Ok(kabinet_core::api::Signed {
            content,
            signature_base64: base64::engine::general_purpose::STANDARD.encode(signature),
            signer_chain_pem: self.chain_pem.clone(),
            signed_at: now,
        })
    }
}
