//! The background task that holds the portal's event stream while someone is
//! signed in (see the module docs of [`super`]).

use std::time::Duration;

use kabinet_core::api::ErrorCode;
use kabinet_core::api::notifications::{EventList, EventView};
use kabinet_core::secret::SecretString as Secret;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

use super::sse::Reader;
use crate::platform::Kabinet;
use crate::platform::error::AppError;
use crate::platform::portal::{Credentials, PortalClient};

/// The UI's channel for live events (`notifications_subscribe`).
#[derive(Default)]
pub struct Listener(std::sync::Mutex<Option<Channel<EventView>>>);

impl Listener {
    pub fn set(&self, channel: Channel<EventView>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(channel);
    }

    fn send(&self, event: &EventView) {
        let held = self.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some(channel) = held
            && let Err(e) = channel.send(event.clone())
        {
            tracing::warn!(error = %e, "could not pass an event to the window");
        }
    }
}

/// How often the task looks whether the session is still there.
const WATCH_EVERY: Duration = Duration::from_millis(500);
const BACKOFF_FIRST: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(30);

/// Where the task hands each new event.
pub(crate) trait Deliver: Send + Sync + 'static {
    fn deliver(&self, state: &Kabinet, event: &EventView);
}

/// The window (through its channel) and, when it is not in front, the OS.
struct ToWindow<R: Runtime>(AppHandle<R>);

impl<R: Runtime> Deliver for ToWindow<R> {
    fn deliver(&self, state: &Kabinet, event: &EventView) {
        deliver(&self.0, state, event);
    }
}

/// Starts the task for the app's lifetime; it idles while nobody is signed in.
pub fn start<R: Runtime>(app: AppHandle<R>, state: Kabinet) {
    app.manage(Listener::default());
    tauri::async_runtime::spawn(async move { run(ToWindow(app), state).await });
}

/// Why a stream stopped.
enum Stopped {
    /// Signed out (or the guest session ended): forget where we were.
    SignedOut,
    /// The portal ended it (session or access token ended) or refused the token.
    Unauthenticated,
    /// Network or portal trouble: try again later.
    Trouble,
}

pub(crate) async fn run(to: impl Deliver, state: Kabinet) {
    // The last event id seen in this signed-in session.
    let mut last: Option<u32> = None;
    let mut backoff = BACKOFF_FIRST;
    loop {
        let Some(access) = state.access().clone() else {
            last = None;
            tokio::time::sleep(WATCH_EVERY).await;
            continue;
        };
        let stopped = hold(&to, &state, &access, &mut last, &mut backoff).await;
        match stopped {
            Stopped::SignedOut => {
                last = None;
                backoff = BACKOFF_FIRST;
            }
            Stopped::Unauthenticated => {
                // A fresh access token (the refresh token is in the vault); if that
                // fails, the session is over and the loop idles until a sign-in.
                let same = state
                    .access()
                    .as_ref()
                    .is_some_and(|t| t.expose() == access.expose());
                if same && let Err(e) = state.signed_in().refreshed().await {
                    tracing::info!(code = ?e.code, "event stream: no fresh access token");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                }
            }
            Stopped::Trouble => {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(BACKOFF_MAX);
            }
        }
    }
}

/// Opens the stream after `last` and forwards its events until it stops.
async fn hold(
    to: &impl Deliver,
    state: &Kabinet,
    access: &Secret,
    last: &mut Option<u32>,
    backoff: &mut Duration,
) -> Stopped {
    let conn = match state.portal().await {
        Ok(c) => c,
        Err(_) => return Stopped::Trouble,
    };
    let after = match *last {
        Some(n) => n,
        // A new session starts after the newest event: the older ones are in the
        // inbox, not announced again.
        None => match conn
            .client
            .get::<EventList>("/me/events?after=0&limit=0", Some(access))
            .await
        {
            Ok(head) => {
                *last = Some(head.last_id);
                head.last_id
            }
            Err(e) => return stopped_by(&e),
        },
    };
    let mut resp = match conn
        .client
        .open_stream(
            "/me/events/stream",
            access,
            &[("last-event-id", after.to_string())],
        )
        .await
    {
        Ok(r) => r,
        Err(e) => return stopped_by(&e),
    };
    tracing::info!("event stream open");
    *backoff = BACKOFF_FIRST;
    let mut reader = Reader::default();
    let mut watch = tokio::time::interval(WATCH_EVERY);
    loop {
        tokio::select! {
            chunk = PortalClient::next_chunk(&mut resp) => {
                let chunk = match chunk {
                    Ok(Some(c)) => c,
                    Ok(None) => return Stopped::Trouble,
                    Err(e) => return stopped_by(&e),
                };
                let frames = match reader.push(&chunk) {
                    Ok(f) => f,
                    Err(why) => {
                        tracing::warn!(why, "event stream unreadable");
                        return Stopped::Trouble;
                    }
                };
                for frame in frames {
                    if frame.event.as_deref() == Some("end") {
                        return Stopped::Unauthenticated;
                    }
                    let Ok(event) = serde_json::from_str::<EventView>(&frame.data) else {
                        tracing::warn!("event stream: an event not understood");
                        continue;
                    };
                    if last.is_some_and(|l| event.id <= l) {
                        continue;
                    }
                    *last = Some(event.id);
                    to.deliver(state, &event);
                }
            }
            _ = watch.tick() => {
                if state.access().is_none() {
                    tracing::info!("event stream closed: signed out");
                    return Stopped::SignedOut;
                }
            }
        }
    }
}

fn stopped_by(e: &AppError) -> Stopped {
    if e.is(ErrorCode::Unauthenticated) {
        Stopped::Unauthenticated
    } else {
        tracing::info!(code = ?e.code, "event stream unavailable");
        Stopped::Trouble
    }
}

/// To the UI; and to the OS when the window is not in front. Nothing here is
/// logged: the texts are the citizen's.
fn deliver<R: Runtime>(app: &AppHandle<R>, state: &Kabinet, event: &EventView) {
    app.state::<Listener>().send(event);
    let focused = app
        .get_webview_window("main")
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(false);
    // A guest session leaves nothing behind: not even in the desktop's list of
    // past notifications.
    if focused || state.guest() {
        return;
    }
    let english = matches!(
        state.store().setting("language"),
        Ok(Some(l)) if l == "en"
    );
    let (title, body) = if english {
        ("Kabinet", &event.text.en)
    } else {
        ("Кабинет", &event.text.ru)
    };
    use tauri_plugin_notification::NotificationExt;
    // No notification daemon (a bare desktop, a test machine): the inbox still has it.
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::info!(error = %e, "no OS notification shown");
    }
}

#[cfg(all(test, feature = "embedded-portal"))]
#[path = "stream_tests.rs"]
mod tests;
