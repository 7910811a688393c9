//! The citizen's pension record from the portal (`GET /me/pension/record`, standard
//! level and up). Read on demand, never stored: the calculator works offline
//! without it.

use kabinet_core::api::SignedFile;
use kabinet_core::api::disability::DisabilityView;
use kabinet_core::api::pension::{DocumentKind, MyPensionView, PensionRecordView};
use reqwest::Method;

use super::dto::SavedStatement;

use crate::platform::Kabinet;
use crate::platform::documents::{free_path, save_signed_pdf};
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
    /// The disability register's record, the benefits and the set of social
    /// services (`GET /me/disability`, standard level and up).
    pub async fn disability(&self, credentials: &impl Credentials) -> AppResult<DisabilityView> {
        self.authed::<(), DisabilityView>(credentials, Method::GET, "/me/disability", None, None)
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

impl Kabinet {
    /// Fetches the statement of the individual account and saves it into `dir`
    /// with its signature beside it, once the signature verifies.
    pub async fn pension_statement_save(&self, dir: &std::path::Path) -> AppResult<SavedStatement> {
        let conn = self.portal().await?;
        let file = conn.client.pension_statement(&self.signed_in()).await?;
        save_signed_pdf(&file, conn.trust_pem.as_bytes(), dir, "Выписка из ИЛС.pdf")
    }

    pub async fn pension_record_get(&self) -> AppResult<PensionRecordView> {
        let conn = self.portal().await?;
        conn.client.pension_record(&self.signed_in()).await
    }

    pub async fn my_pension_get(&self) -> AppResult<MyPensionView> {
        let conn = self.portal().await?;
        conn.client.my_pension(&self.signed_in()).await
    }

    pub async fn disability_get(&self) -> AppResult<DisabilityView> {
        let conn = self.portal().await?;
        conn.client.disability(&self.signed_in()).await
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
