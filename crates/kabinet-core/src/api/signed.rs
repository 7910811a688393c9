//! A document signed by the portal: the exact content, the ECDSA P-256 signature
//! over its UTF-8 bytes, and the signer's certificate chain up to (not including)
//! the CA the client pins.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The extended key usage of the portal's document-signing certificate:
/// `id-kp-documentSigning` (RFC 9336), 1.3.6.1.5.5.7.3.36.
pub const DOCUMENT_SIGNING_EKU: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 36];

/// A signed text document. The signature covers exactly `content`'s UTF-8 bytes
/// (JSON carries the string unchanged), ASN.1 DER ECDSA P-256 with SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Signed {
    /// What was signed, as text (for the pension parameter table: TOML).
    pub content: String,
    /// Standard base64 (with padding) of the DER signature.
    pub signature_base64: String,
    /// PEM certificates, the signer's first, then any intermediates; the root is
    /// the CA the client already trusts and is not included.
    pub signer_chain_pem: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub signed_at: OffsetDateTime,
}

/// A signed file (the statement of a pension account, a PDF): the signature covers
/// exactly the bytes `content_base64` decodes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignedFile {
    /// A name to save it under, e.g. «Выписка из ИЛС 2026-12-03.pdf».
    pub file_name: String,
    /// `application/pdf`.
    pub media_type: String,
    /// Standard base64 (with padding) of the file's bytes.
    pub content_base64: String,
    /// Standard base64 of the DER signature over those bytes.
    pub signature_base64: String,
    /// PEM certificates, the signer's first (as in [`Signed`]).
    pub signer_chain_pem: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub signed_at: OffsetDateTime,
}
