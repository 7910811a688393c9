//! The citizen's pension record from the portal (`GET /me/pension/record`, standard
//! level and up). Read on demand, never stored: the calculator works offline
//! without it.

use base64::Engine as _;
use kabinet_core::api::SignedFile;
use kabinet_core::api::pension::{DocumentKind, MyPensionView, PensionRecordView};
use reqwest::Method;

use super::dto::SavedStatement;

use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::{Credentials, PortalClient, unexpected};

impl PortalClient {
    pub async fn pension_record(
        &self,
        credentials: &impl Credentials,
    ) -> AppResult<PensionRecordView> {
        self.authed::<(), PensionRecordView>(
            credentials,
            Method::GET,
            "/me/pension/record",
            None,
            None,
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }
}

impl PortalClient {
    /// «Моя пенсия»: the pension in payment, if the fund pays one, with the last
    /// year's payments (`GET /me/pension/payments`, standard level and up).
    pub async fn my_pension(&self, credentials: &impl Credentials) -> AppResult<MyPensionView> {
        self.authed::<(), MyPensionView>(
            credentials,
            Method::GET,
            "/me/pension/payments",
            None,
            None,
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }
}

impl PortalClient {
    pub async fn pension_statement(&self, credentials: &impl Credentials) -> AppResult<SignedFile> {
        self.authed::<(), SignedFile>(
            credentials,
            Method::GET,
            "/me/pension/statement",
            None,
            None,
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }
}

/// `path`, or the first of `stem (2).ext`, `stem (3).ext`… that is free.
fn free_path(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut path = dir.join(name);
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{stem} ({n}).{ext}"));
    }
    path
}

/// A file name from the portal, kept to letters, digits, spaces, dots, dashes.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.to_lowercase().ends_with(".pdf") && cleaned.len() > 4 {
        cleaned
    } else {
        "Выписка из ИЛС.pdf".to_owned()
    }
}

impl Kabinet {
    /// Fetches the statement of the individual account, verifies the portal's
    /// signature over its bytes (the pinned CA, the document-signing key), and writes
    /// the PDF into `dir` with the signature beside it (`… .pdf.sig`, JSON).
    pub async fn pension_statement_save(&self, dir: &std::path::Path) -> AppResult<SavedStatement> {
        let conn = self.portal().await?;
        let file = conn.client.pension_statement(&self.signed_in()).await?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&file.content_base64)
            .map_err(|_| unexpected("the statement is not base64"))?;
        super::params::verify_bytes(
            &bytes,
            &file.signature_base64,
            &file.signer_chain_pem,
            file.signed_at,
            conn.trust_pem.as_bytes(),
        )?;
        if file.media_type != "application/pdf" || !bytes.starts_with(b"%PDF-") {
            return Err(unexpected("the statement is not a PDF"));
        }
        let save = |e: std::io::Error| AppError::client(ClientCode::StoreFailed, e.to_string());
        std::fs::create_dir_all(dir).map_err(save)?;
        let path = free_path(dir, &safe_name(&file.file_name));
        let signed_at = file
            .signed_at
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| unexpected(&e.to_string()))?;
        let signature = serde_json::json!({
            "file": path.file_name().map(|n| n.to_string_lossy().into_owned()),
            "algorithm": "ECDSA P-256 SHA-256 over the file's bytes (DER signature)",
            "signature_base64": file.signature_base64,
            "signer_chain_pem": file.signer_chain_pem,
            "signed_at": signed_at,
        });
        std::fs::write(&path, &bytes).map_err(save)?;
        let mut sig = path.clone().into_os_string();
        sig.push(".sig");
        std::fs::write(&sig, signature.to_string()).map_err(save)?;
        Ok(SavedStatement {
            path: path.display().to_string(),
            signed_at,
        })
    }

    pub async fn pension_record_get(&self) -> AppResult<PensionRecordView> {
        let conn = self.portal().await?;
        conn.client.pension_record(&self.signed_in()).await
    }

    pub async fn my_pension_get(&self) -> AppResult<MyPensionView> {
        let conn = self.portal().await?;
        conn.client.my_pension(&self.signed_in()).await
    }
}

fn kind_segment(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::EmployerRequest => "employer_request",
        DocumentKind::LabourInspectorate => "labour_inspectorate",
        DocumentKind::CourtClaim => "court_claim",
    }
}

/// The file's name as a citizen would look for it: «Заявление работодателю 2021.pdf».
pub fn document_file_name(discrepancy_id: &str, kind: DocumentKind) -> String {
    let what = match kind {
        DocumentKind::EmployerRequest => "Заявление работодателю",
        DocumentKind::LabourInspectorate => "Жалоба в трудовую инспекцию",
        DocumentKind::CourtClaim => "Исковое заявление",
    };
    match discrepancy_id
        .rsplit('-')
        .next()
        .filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
    {
        Some(year) => format!("{what} {year}.pdf"),
        None => format!("{what}.pdf"),
    }
}

impl Kabinet {
    /// Fetches the ready text's PDF and writes it into `dir` under a plain name (a
    /// number added if the name is taken); the path written.
    pub async fn pension_document_save(
        &self,
        discrepancy_id: &str,
        kind: DocumentKind,
        dir: &std::path::Path,
    ) -> AppResult<std::path::PathBuf> {
        if discrepancy_id.is_empty()
            || !discrepancy_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(unexpected("discrepancy id has an unexpected shape"));
        }
        let conn = self.portal().await?;
        let pdf = conn
            .client
            .authed_bytes(
                &self.signed_in(),
                &format!(
                    "/me/pension/documents/{discrepancy_id}/{}",
                    kind_segment(kind)
                ),
            )
            .await?;
        let name = document_file_name(discrepancy_id, kind);
        let save = |e: std::io::Error| AppError::client(ClientCode::StoreFailed, e.to_string());
        std::fs::create_dir_all(dir).map_err(save)?;
        let path = free_path(dir, &name);
        std::fs::write(&path, pdf).map_err(save)?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portals_file_name_is_kept_to_safe_characters() {
        assert_eq!(
            safe_name("Выписка из ИЛС 2026-12-03.pdf"),
            "Выписка из ИЛС 2026-12-03.pdf"
        );
        assert_eq!(safe_name("../../etc/passwd.pdf"), "etcpasswd.pdf");
        assert_eq!(safe_name("evil.sh"), "Выписка из ИЛС.pdf");
        assert_eq!(safe_name(".pdf"), "Выписка из ИЛС.pdf");
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.pdf"), b"x").expect("write");
        assert_eq!(free_path(dir.path(), "a.pdf"), dir.path().join("a (2).pdf"));
        assert_eq!(free_path(dir.path(), "b.pdf"), dir.path().join("b.pdf"));
    }

    #[test]
    fn file_names_say_what_and_which_year() {
        assert_eq!(
            document_file_name(
                "no_contributions-087-123-456789-2021",
                DocumentKind::EmployerRequest
            ),
            "Заявление работодателю 2021.pdf"
        );
        assert_eq!(
            document_file_name("odd", DocumentKind::CourtClaim),
            "Исковое заявление.pdf"
        );
    }
}
