//! Which pension parameter table the calculator uses: the one compiled into
//! `kabinet-core`, or a newer one the portal signed (`GET /pension/params`).
//!
//! A portal's table is taken only when its envelope verifies — the signer's
//! certificate chains to the CA the app pins for the portal, carries the
//! document-signing EKU, was valid when it signed, and the ECDSA P-256 signature
//! covers the exact bytes of the TOML — when the TOML is a table the calculator
//! reads, and when its `as_of` is not older than the built-in table's or the one
//! in use. The newest taken table is kept in the local store (`pension/store.rs`)
//! and survives restarts; the built-in table is the fallback whenever the stored
//! one cannot be read.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use kabinet_core::api::Signed;
use kabinet_core::pension::{self, PensionParams};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, UnixTime};
use time::{Date, OffsetDateTime};

use super::dto::{ParamsSource, ParamsStatus};
use super::store::StoredParams;
use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};

/// `id-kp-documentSigning` (1.3.6.1.5.5.7.3.36) as DER content octets, the form
/// webpki compares the certificate's EKU with.
const DOCUMENT_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x24];

/// Why a signed table was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the signer is not a document-signing certificate of the pinned CA: {0}")]
    Untrusted(String),
    #[error("the signature does not cover this text")]
    BadSignature,
    #[error("the signed text is not a parameter table: {0}")]
    NotATable(String),
    #[error("the table of {offered} is older than the one in use ({current})")]
    Older { offered: Date, current: Date },
}

impl From<Refused> for AppError {
    fn from(e: Refused) -> Self {
        let code = match e {
            Refused::Untrusted(_) | Refused::BadSignature => ClientCode::ParamsUntrusted,
            Refused::NotATable(_) | Refused::Older { .. } => ClientCode::ParamsInvalid,
        };
        AppError::client(code, e.to_string())
    }
}

fn untrusted(what: impl std::fmt::Display) -> Refused {
    Refused::Untrusted(what.to_string())
}

fn certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, Refused> {
    CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(untrusted)
}

fn chain(signed: &Signed) -> Result<Vec<CertificateDer<'static>>, Refused> {
    chain_of(&signed.signer_chain_pem)
}

fn chain_of(signer_chain_pem: &[String]) -> Result<Vec<CertificateDer<'static>>, Refused> {
    let mut out = Vec::new();
    for pem in signer_chain_pem {
        out.extend(certificates(pem.as_bytes())?);
    }
    if out.is_empty() {
        return Err(untrusted("no signer certificate"));
    }
    Ok(out)
}

/// The signature over `content`'s bytes by the key of `leaf`.
fn signature_matches(leaf: &webpki::EndEntityCert<'_>, signed: &Signed) -> Result<(), Refused> {
    bytes_signed(leaf, signed.content.as_bytes(), &signed.signature_base64)
}

fn bytes_signed(
    leaf: &webpki::EndEntityCert<'_>,
    bytes: &[u8],
    signature_base64: &str,
) -> Result<(), Refused> {
    let signature = base64::engine::general_purpose::STANDARD
        .decode(signature_base64)
        .map_err(|_| Refused::BadSignature)?;
    leaf.verify_signature(webpki::ring::ECDSA_P256_SHA256, bytes, &signature)
        .map_err(|_| Refused::BadSignature)
}

/// Verifies the envelope against the pinned CA (`pinned_pem`, one or more PEM
/// certificates) and reads the table. The certificate must have been valid when
/// the portal signed (`signed_at`), not necessarily today: a table signed before
/// the signer's certificate expired stays good.
pub fn verify(signed: &Signed, pinned_pem: &[u8]) -> Result<PensionParams, Refused> {
    verify_bytes(
        signed.content.as_bytes(),
        &signed.signature_base64,
        &signed.signer_chain_pem,
        signed.signed_at,
        pinned_pem,
    )?;
    PensionParams::from_toml(&signed.content).map_err(Refused::NotATable)
}

/// Do the signature and the signer chain vouch for `bytes` under the pinned CA, as
/// of `signed_at`? (The table above; the statement of the pension account.)
pub fn verify_bytes(
    bytes: &[u8],
    signature_base64: &str,
    signer_chain_pem: &[String],
    signed_at: OffsetDateTime,
    pinned_pem: &[u8],
) -> Result<(), Refused> {
    let pinned = certificates(pinned_pem)?;
    let anchors = pinned
        .iter()
        .map(|c| webpki::anchor_from_trusted_cert(c).map_err(untrusted))
        .collect::<Result<Vec<_>, _>>()?;
    if anchors.is_empty() {
        return Err(untrusted("no pinned CA"));
    }
    let chain = chain_of(signer_chain_pem)?;
    let (leaf_der, intermediates) = chain
        .split_first()
        .ok_or_else(|| untrusted("no signer certificate"))?;
    let leaf = webpki::EndEntityCert::try_from(leaf_der).map_err(untrusted)?;
    let at = u64::try_from(signed_at.unix_timestamp())
        .map(|s| UnixTime::since_unix_epoch(Duration::from_secs(s)))
        .map_err(|_| untrusted("signed before 1970"))?;
    leaf.verify_for_usage(
        &[webpki::ring::ECDSA_P256_SHA256],
        &anchors,
        intermediates,
        at,
        webpki::KeyUsage::required(DOCUMENT_SIGNING),
        None,
        None,
    )
    .map_err(untrusted)?;
    bytes_signed(&leaf, bytes, signature_base64)
}

/// A stored table read back: its signature still covers its text (the row was not
/// changed since it was verified) and the text is still a table. The chain is not
/// checked again: the embedded portal's CA is new at every start, and the store is
/// the user's own file.
pub fn reread(signed: &Signed) -> Result<PensionParams, Refused> {
    let chain = chain(signed)?;
    let leaf = chain
        .first()
        .ok_or_else(|| untrusted("no signer certificate"))
        .and_then(|der| webpki::EndEntityCert::try_from(der).map_err(untrusted))?;
    signature_matches(&leaf, signed)?;
    PensionParams::from_toml(&signed.content).map_err(Refused::NotATable)
}

/// A table is taken only if it is at least as new as the built-in one and the one
/// in use (the same date again: taken, it was verified afresh).
pub fn accept(offered: &PensionParams, built_in: Date, current: Date) -> Result<(), Refused> {
    let newest = built_in.max(current);
    if offered.as_of < newest {
        return Err(Refused::Older {
            offered: offered.as_of,
            current: newest,
        });
    }
    Ok(())
}

/// The table in use and where it came from.
#[derive(Debug, Clone)]
pub struct ActiveParams {
    pub params: Arc<PensionParams>,
    pub source: ParamsSource,
    /// When the app verified the portal's signature and took the table.
    pub verified_at: Option<OffsetDateTime>,
    pub signed_at: Option<OffsetDateTime>,
}

fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn rfc3339(t: OffsetDateTime) -> Option<String> {
    t.format(&time::format_description::well_known::Rfc3339)
        .ok()
}

impl ActiveParams {
    fn built_in() -> AppResult<Self> {
        Ok(Self {
            params: Arc::new(pension::params()?.clone()),
            source: ParamsSource::BuiltIn,
            verified_at: None,
            signed_at: None,
        })
    }

    pub fn status(&self) -> ParamsStatus {
        ParamsStatus {
            as_of: iso_date(self.params.as_of),
            source: self.source,
            verified_at: self.verified_at.and_then(rfc3339),
            signed_at: self.signed_at.and_then(rfc3339),
        }
    }
}

/// The stored row as the table to use, or why it cannot be.
fn from_store(row: StoredParams, built_in: Date) -> Result<ActiveParams, String> {
    let params = reread(&row.signed).map_err(|e| e.to_string())?;
    accept(&params, built_in, built_in).map_err(|e| e.to_string())?;
    Ok(ActiveParams {
        params: Arc::new(params),
        source: ParamsSource::Portal,
        verified_at: Some(row.fetched_at),
        signed_at: Some(row.signed.signed_at),
    })
}

impl Kabinet {
    /// The table the calculator uses: the one taken from the portal (loaded from
    /// the local store on first use), else the built-in one.
    pub fn active_params(&self) -> AppResult<Arc<ActiveParams>> {
        if let Some(active) = self.params_slot().as_ref() {
            return Ok(active.clone());
        }
        // Loaded without holding the slot: a refresh takes the store, then the slot.
        let loaded = Arc::new(self.load_params()?);
        let mut slot = self.params_slot();
        Ok(slot.get_or_insert(loaded).clone())
    }

    fn load_params(&self) -> AppResult<ActiveParams> {
        let built_in = ActiveParams::built_in()?;
        let row = self.store().pension_params();
        match row {
            Ok(None) => Ok(built_in),
            Ok(Some(row)) => match from_store(row, built_in.params.as_of) {
                Ok(active) => Ok(active),
                Err(e) => {
                    tracing::warn!(error = %e, "the stored pension table is not usable: using the built-in one");
                    Ok(built_in)
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "the stored pension table cannot be read: using the built-in one");
                Ok(built_in)
            }
        }
    }

    /// Asks the portal for its table and takes it if it verifies and is not older
    /// than the one in use; the status of the table in use afterwards. A table that
    /// is older is not an error: the one in use stays.
    pub async fn refresh_pension_params(&self) -> AppResult<ParamsStatus> {
        let conn = self.portal().await?;
        let signed: Signed = conn.client.get("/pension/params", None).await?;
        let offered = verify(&signed, conn.trust_pem.as_bytes())?;
        let built_in = pension::params_as_of()?;
        let loaded = self.active_params()?;
        // Compared, stored and put in use under the slot's lock: of two refreshes at
        // once, the older table cannot replace the newer (the slot, then the store;
        // `active_params` never holds both).
        let mut slot = self.params_slot();
        let current = slot.clone().unwrap_or(loaded);
        if let Err(refused) = accept(&offered, built_in, current.params.as_of) {
            tracing::info!(reason = %refused, "the portal's pension table was not taken");
            return Ok(current.status());
        }
        let now = OffsetDateTime::now_utc();
        self.store()
            .save_pension_params(&signed, offered.as_of, now)?;
        let active = Arc::new(ActiveParams {
            params: Arc::new(offered),
            source: ParamsSource::Portal,
            verified_at: Some(now),
            signed_at: Some(signed.signed_at),
        });
        *slot = Some(active.clone());
        drop(slot);
        tracing::info!(as_of = %active.params.as_of, "took the portal's signed pension table");
        Ok(active.status())
    }
}

#[cfg(all(test, feature = "embedded-portal"))]
#[path = "params_tests.rs"]
mod tests;
