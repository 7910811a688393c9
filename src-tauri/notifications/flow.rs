//! The inbox through the portal (`/me/events`): the portal's table is the truth,
//! the app keeps no copy.

use kabinet_core::api::notifications::{EventList, MarkRead, Unread};
use reqwest::Method;

use crate::platform::Kabinet;
use crate::platform::error::AppResult;
use crate::platform::portal::{Credentials, IdempotencyKey, PortalClient, unexpected};

/// The most events one page holds (the portal's own limit).
pub const MAX_PAGE: u32 = 200;

impl PortalClient {
    pub async fn events(
        &self,
        credentials: &impl Credentials,
        after: u32,
        limit: u32,
    ) -> AppResult<EventList> {
        let path = format!("/me/events?after={after}&limit={}", limit.min(MAX_PAGE));
        self.authed::<(), EventList>(credentials, Method::GET, &path, None, None)
            .await?
            .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn mark_events_read(
        &self,
        credentials: &impl Credentials,
        up_to: u32,
        key: &IdempotencyKey,
    ) -> AppResult<Unread> {
        self.authed(
            credentials,
            Method::POST,
            "/me/events/read",
            Some(&MarkRead { up_to }),
            Some(key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }
}

impl Kabinet {
    /// A page of the inbox: the events after `after` (oldest first), or, without
    /// it, the newest `limit` ones.
    pub async fn notifications_list(&self, after: Option<u32>, limit: u32) -> AppResult<EventList> {
        let conn = self.portal().await?;
        let session = self.signed_in();
        let limit = limit.clamp(1, MAX_PAGE);
        let after = match after {
            Some(a) => a,
            None => {
                let head = conn.client.events(&session, 0, 0).await?;
                head.last_id.saturating_sub(limit)
            }
        };
        conn.client.events(&session, after, limit).await
    }

    pub async fn notifications_mark_read(&self, up_to: u32, key: &str) -> AppResult<Unread> {
        let key = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        conn.client
            .mark_events_read(&self.signed_in(), up_to, &key)
            .await
    }
}
