//! The end of a guest session: at the idle timeout (`guest_session_end`) and at exit.

use std::time::Duration;

use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::IdempotencyKey;

/// How long a guest session's end waits for the portal to end the session there.
pub const SIGN_OUT_WAIT: Duration = Duration::from_secs(2);
/// How long exit waits for the embedded portal to stop.
const STOP_WAIT: Duration = Duration::from_secs(3);

impl Kabinet {
    /// Ends a guest session for the next person: signs out on the portal, then
    /// forgets the registration in progress, the saved scenarios and every other
    /// thing the (in-memory) store holds, and starts the embedded portal afresh.
    pub async fn guest_session_end(&self) -> AppResult<()> {
        if !self.guest() {
            return Err(AppError::client(
                ClientCode::NotGuest,
                "a guest session can only be ended in guest mode",
            ));
        }
        self.end_portal_session().await;
        self.forget_store();
        self.discard_embedded_portal().await;
        tracing::info!("guest session ended");
        Ok(())
    }

    /// At exit (also after SIGTERM/SIGHUP/SIGINT): a guest session signs out on the
    /// portal; then the embedded portal stops and the guest files are deleted. Every
    /// wait is bounded: exit never hangs on an unreachable portal.
    pub async fn at_exit(&self) {
        if self.guest() {
            self.end_portal_session().await;
        }
        let _ = tokio::time::timeout(STOP_WAIT, self.shutdown()).await;
        // The process exits without running destructors: delete the guest files now.
        self.wipe_guest_files();
    }

    /// Signs out on the portal if signed in (at most [`SIGN_OUT_WAIT`]), and forgets
    /// the tokens here whatever the portal said.
    async fn end_portal_session(&self) {
        let signed_in = self.access().is_some();
        if signed_in {
            let key = IdempotencyKey::random();
            match tokio::time::timeout(SIGN_OUT_WAIT, self.sign_out(key.as_str())).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(code = ?e.code, "guest sign-out failed"),
                Err(_) => tracing::warn!("guest sign-out: the portal did not answer in time"),
            }
        }
        *self.access() = None;
        *self.owner() = None;
        *self.operator() = None;
        if let Err(e) = self.vault().await.delete() {
            tracing::warn!(error = %e, "could not forget the guest session's token");
        }
    }
}
