//! The demo inbox: what the demo portal "sent" (SMS, e-mails), read from its outbox.

use kabinet_core::api::OutboxList;

use super::dto::OutboxItem;
use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::PortalClient;

impl PortalClient {
    pub async fn outbox(&self) -> AppResult<OutboxList> {
        self.get("/demo/outbox", None).await
    }
}

impl Kabinet {
    pub async fn demo_outbox(&self) -> AppResult<Vec<OutboxItem>> {
        let conn = self.portal().await?;
        if !conn.demo {
            return Err(AppError::client(
                ClientCode::NotDemo,
                "the demo inbox exists only with the demo portal",
            ));
        }
        Ok(conn
            .client
            .outbox()
            .await?
            .messages
            .into_iter()
            .map(OutboxItem::from)
            .collect())
    }
}
