//! Applications for services through the portal (`/me/applications`): submitted
//! with the UI's idempotency key (a retry after a lost answer is the same
//! application), listed with every status they passed through; files attached to
//! them (`/me/attachments`), checked here first with the portal's own rules.

use base64::Engine as _;
use kabinet_core::api::applications::{
    ApplicationList, ApplicationView, AttachmentView, NewApplication,
};
use kabinet_core::api::{ErrorCode, FieldProblem, SignedFile};
use reqwest::Method;

use crate::pension::dto::SavedStatement;
use crate::platform::Kabinet;
use crate::platform::documents::save_signed_pdf;
use crate::platform::error::{AppError, AppResult};
use crate::platform::portal::{Credentials, IdempotencyKey, PortalClient, unexpected};

impl PortalClient {
    pub async fn submit_application(
        &self,
        credentials: &impl Credentials,
        service_id: &str,
        form: serde_json::Value,
        key: &IdempotencyKey,
    ) -> AppResult<ApplicationView> {
        let body = NewApplication {
            service_id: service_id.to_owned(),
            form,
        };
        self.authed(
            credentials,
            Method::POST,
            "/me/applications",
            Some(&body),
            Some(key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn add_paper_application(
        &self,
        credentials: &impl Credentials,
        receipt: &str,
        key: &IdempotencyKey,
    ) -> AppResult<ApplicationView> {
        let body = kabinet_core::api::applications::PaperReceipt {
            receipt: receipt.to_owned(),
        };
        self.authed(
            credentials,
            Method::POST,
            "/me/applications/paper",
            Some(&body),
            Some(key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn upload_attachment(
        &self,
        credentials: &impl Credentials,
        name: &str,
        bytes: &[u8],
        key: &IdempotencyKey,
    ) -> AppResult<AttachmentView> {
        let mut path = reqwest::Url::parse("http://x/me/attachments")
            .map_err(|e| unexpected(&e.to_string()))?;
        path.query_pairs_mut().append_pair("name", name);
        let path = format!("/me/attachments?{}", path.query().unwrap_or_default());
        self.authed_upload(credentials, &path, bytes, key).await
    }

    pub async fn applications(&self, credentials: &impl Credentials) -> AppResult<ApplicationList> {
        self.authed::<(), ApplicationList>(credentials, Method::GET, "/me/applications", None, None)
            .await?
            .ok_or_else(|| unexpected("empty body"))
    }

    /// The electronic result of application `id`, as the portal signed it.
    pub async fn application_result(
        &self,
        credentials: &impl Credentials,
        id: &str,
    ) -> AppResult<SignedFile> {
        // An id is the portal's own token; anything else never reaches a URL.
        if id.is_empty()
            || id.len() > 64
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AppError::validation(vec![FieldProblem::new(
                "id",
                ErrorCode::ValueInvalid,
            )]));
        }
        self.authed::<(), SignedFile>(
            credentials,
            Method::GET,
            &format!("/me/applications/{id}/result"),
            None,
            None,
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }
}

impl Kabinet {
    /// Adds an application made on paper at an office, by its receipt number.
    pub async fn application_add_paper(
        &self,
        receipt: &str,
        key: &str,
    ) -> AppResult<ApplicationView> {
        let key = IdempotencyKey::parse(key)?;
        let receipt: String = receipt.chars().take(60).collect();
        let conn = self.portal().await?;
        conn.client
            .add_paper_application(&self.signed_in(), &receipt, &key)
            .await
    }

    /// Sends a file for an application's form: `content` is its bytes in base64
    /// (as the UI read them). Refused here, before anything is sent, when it is
    /// empty, too large or not a PDF, JPEG or PNG by its content.
    pub async fn attachment_add(
        &self,
        name: &str,
        content: &str,
        key: &str,
    ) -> AppResult<AttachmentView> {
        let key = IdempotencyKey::parse(key)?;
        let file = |code| AppError::validation(vec![FieldProblem::new("file", code)]);
        // A file over the limit is refused from its encoded length, undecoded.
        if content.len() / 4 * 3 > kabinet_core::services::attachments::MAX_BYTES + 3 {
            return Err(file(ErrorCode::FileTooLarge));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(content.trim())
            .map_err(|_| file(ErrorCode::ValueInvalid))?;
        kabinet_core::services::attachments::sniff(&bytes).map_err(file)?;
        let name = kabinet_core::services::attachments::clean_name(name);
        let conn = self.portal().await?;
        conn.client
            .upload_attachment(&self.signed_in(), &name, &bytes, &key)
            .await
    }

    pub async fn applications(&self) -> AppResult<ApplicationList> {
        let conn = self.portal().await?;
        conn.client.applications(&self.signed_in()).await
    }

    /// Fetches the electronic result of application `id` and saves it into `dir`
    /// with its signature beside it, once the signature verifies.
    pub async fn application_result_save(
        &self,
        id: &str,
        dir: &std::path::Path,
    ) -> AppResult<SavedStatement> {
        let conn = self.portal().await?;
        let file = conn
            .client
            .application_result(&self.signed_in(), id)
            .await?;
        save_signed_pdf(
            &file,
            conn.trust_pem.as_bytes(),
            dir,
            "Результат услуги.pdf",
        )
    }
}
