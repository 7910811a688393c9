//! The notifications feature on the portal: what a citizen is told is a row in
//! `events` first (migration 0010), written by [`publish`] in the same transaction
//! as the change it tells of — the inbox and the resume point of the live stream.
//!
//! - `GET /api/v1/me/events?after=N&limit=M`: the inbox, oldest first, with the
//!   unread count; `POST /api/v1/me/events/read` marks read up to an id.
//! - `GET /api/v1/me/events/stream`: Server-Sent Events, each with `id:` = the
//!   event's per-account id; from `Last-Event-ID` (or `?after=`) it first replays
//!   what the table holds after it, then goes live. The table is the truth: a
//!   wake-up only says "look again". Wake-ups come from PostgreSQL `NOTIFY` (so
//!   every instance sees every instance's rows; see [`listen`]) and, in-process,
//!   from [`Hub::wake`] after a commit (SQLite has one instance). A stream also
//!   looks every [`POLL_EVERY`] in case a wake-up was lost, and ends (an `end`
//!   event) when its session ends or its access token expires.
//!
//! Per-account ids are gapless and in commit order: [`publish`] takes the
//! account's lock (`limits::lock`) before it allocates `MAX(seq) + 1`, and holds it
//! to the commit, so an id is never seen before a lower one is committed.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use kabinet_core::api::notifications::{
    ApplicationRef, EventKind, EventList, EventPayload, EventView, MarkRead, Unread,
};
use kabinet_core::api::{ApiError, ErrorCode};
use serde::Deserialize;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;
use tokio::sync::{broadcast, mpsc, watch};
use utoipa::{IntoParams, OpenApi};

use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Authenticated, bearer_token};
use crate::platform::limits;
use crate::platform::state::{AppState, instant};

#[derive(OpenApi)]
#[openapi(
    paths(list, mark_read, stream),
    components(schemas(EventList, EventView, EventKind, ApplicationRef, MarkRead, Unread))
)]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/events", get(list))
        .route("/me/events/read", post(mark_read))
        .route("/me/events/stream", get(stream))
}

/// The PostgreSQL channel every instance listens on; the payload is an account id.
const CHANNEL: &str = "kabinet_events";
/// A wake-up for every stream (after a listener reconnects: something may be missed).
const EVERYONE: &str = "*";
/// How often a stream says it is alive (an SSE comment).
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How often a stream checks its session and looks at the table anyway.
pub const POLL_EVERY: Duration = Duration::from_secs(2);
/// The most events one page of the inbox holds.
pub const MAX_PAGE: u32 = 200;
const DEFAULT_PAGE: u32 = 50;
/// Events a stream replays per query.
const BATCH: u32 = 100;

/// In-process wake-ups of this instance's streams, and their stop signal.
pub struct Hub {
    wake: broadcast::Sender<Arc<str>>,
    stop: watch::Sender<bool>,
    /// Set on PostgreSQL: where [`listen`] connects (never logged: it may hold a password).
    listen_url: Option<String>,
}

impl Hub {
    pub fn new(database_url: &str) -> Hub {
        let postgres =
            database_url.starts_with("postgres://") || database_url.starts_with("postgresql://");
        Hub {
            wake: broadcast::channel(1024).0,
            stop: watch::channel(false).0,
            listen_url: postgres.then(|| database_url.to_owned()),
        }
    }

    /// After a commit that [`publish`]ed for `account_id`: its streams here look again.
    pub fn wake(&self, account_id: &str) {
        let _ = self.wake.send(account_id.into());
    }

    /// Ends every stream of this instance (the portal is shutting down).
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

fn account_lock(account_id: &str) -> String {
    format!("events:{account_id}")
}

/// Writes one event for the account in the caller's transaction and returns its
/// per-account id. Take it as the transaction's last lock (it locks the account's
/// events until the commit); call [`Hub::wake`] after the commit.
pub async fn publish(
    conn: &mut AnyConnection,
    account_id: &str,
    kind: EventKind,
    payload: &EventPayload,
    now: OffsetDateTime,
) -> Result<u32, sqlx::Error> {
    limits::lock(conn, &[&account_lock(account_id)], now).await?;
    let seq: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE account_id = $1")
            .bind(account_id)
            .fetch_one(&mut *conn)
            .await?;
    let payload = serde_json::to_string(payload).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO events (account_id, seq, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account_id)
    .bind(seq)
    .bind(kind.key())
    .bind(payload)
    .bind(now.unix_timestamp())
    .execute(&mut *conn)
    .await?;
    if conn.backend_name() == "PostgreSQL" {
        // Delivered to every listening instance when (and only if) this commits.
        // (Counted, not selected: sqlx's Any driver has no type for `void`.)
        sqlx::query("SELECT COUNT(*) FROM (SELECT pg_notify($1, $2)) AS n")
            .bind(CHANNEL)
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(u32::try_from(seq).unwrap_or(u32::MAX))
}

/// The event telling the citizen that an application moved to `status`.
pub fn application_status(
    id: &str,
    number: &str,
    service_id: &str,
    status: &kabinet_core::api::applications::Status,
) -> EventPayload {
    let (ru, en) = status.label();
    EventPayload {
        text: kabinet_core::api::pension::Texts {
            ru: format!("Заявление {number}: {ru}"),
            en: format!("Application {number}: {en}"),
        },
        application: Some(ApplicationRef {
            id: id.to_owned(),
            number: number.to_owned(),
            service_id: service_id.to_owned(),
            state: status.key().to_owned(),
        }),
    }
}

async fn events_after(
    conn: &mut AnyConnection,
    account_id: &str,
    after: u32,
    limit: u32,
) -> AppResult<Vec<EventView>> {
    let rows = sqlx::query(
        "SELECT seq, kind, payload, created_at, read_at FROM events \
         WHERE account_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(account_id)
    .bind(i64::from(after))
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let payload: EventPayload = serde_json::from_str(&r.try_get::<String, _>("payload")?)
                .map_err(AppError::internal)?;
            Ok(EventView {
                id: u32::try_from(r.try_get::<i64, _>("seq")?).unwrap_or(u32::MAX),
                kind: EventKind::from_key(&r.try_get::<String, _>("kind")?),
                text: payload.text,
                application: payload.application,
                created_at: instant(r.try_get("created_at")?),
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect()
}

async fn unread(conn: &mut AnyConnection, account_id: &str) -> AppResult<u32> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE account_id = $1 AND read_at IS NULL")
            .bind(account_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Page {
    /// Events after this id (0: from the first).
    pub after: Option<u32>,
    /// At most this many (default 50, at most 200).
    pub limit: Option<u32>,
}

fn bad_query(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::MalformedRequest, format!("query: {e}"))
}

#[utoipa::path(get, path = "/api/v1/me/events", tag = "notifications", security(("bearer" = [])),
    params(Page),
    responses((status = 200, body = EventList), (status = 400, body = ApiError),
        (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
    page: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> AppResult<axum::Json<EventList>> {
    let Query(page) = page.map_err(bad_query)?;
    let after = page.after.unwrap_or(0);
    let limit = page.limit.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE);
    let mut conn = state.db.pool.acquire().await?;
    let mut events = events_after(&mut conn, &auth.account_id, after, limit + 1).await?;
    let more = events.len() > limit as usize;
    events.truncate(limit as usize);
    let last: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events WHERE account_id = $1")
            .bind(&auth.account_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(axum::Json(EventList {
        events,
        more,
        last_id: u32::try_from(last).unwrap_or(u32::MAX),
        unread: unread(&mut conn, &auth.account_id).await?,
    }))
}

#[utoipa::path(post, path = "/api/v1/me/events/read", tag = "notifications", security(("bearer" = [])),
    request_body = MarkRead,
    responses((status = 200, body = Unread), (status = 401, body = ApiError)))]
pub async fn mark_read(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<MarkRead>,
) -> AppResult<axum::Json<Unread>> {
    let mut conn = state.db.pool.acquire().await?;
    // Already-read events keep when they were read: repeating changes nothing.
    sqlx::query(
        "UPDATE events SET read_at = $1 WHERE account_id = $2 AND seq <= $3 AND read_at IS NULL",
    )
    .bind(state.now().unix_timestamp())
    .bind(&auth.account_id)
    .bind(i64::from(body.up_to))
    .execute(&mut *conn)
    .await?;
    Ok(axum::Json(Unread {
        unread: unread(&mut conn, &auth.account_id).await?,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Resume {
    /// Send the events after this id (the `Last-Event-ID` header wins).
    pub after: Option<u32>,
}

/// Where a stream starts: `Last-Event-ID` (what an SSE client sends on reconnect),
/// else `?after=`, else from the first event.
fn resume_point(headers: &HeaderMap, after: Option<u32>) -> AppResult<u32> {
    match headers.get("last-event-id") {
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok())
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::MalformedRequest,
                    "Last-Event-ID must be an event id",
                )
            }),
        None => Ok(after.unwrap_or(0)),
    }
}

#[utoipa::path(get, path = "/api/v1/me/events/stream", tag = "notifications", security(("bearer" = [])),
    params(Resume, ("Last-Event-ID" = Option<u32>, Header, description = "the last event id received; the stream sends what follows it")),
    responses(
        (status = 200, description = "Server-Sent Events: `data:` an EventView as JSON, `id:` its id; \
            a final `event: end` when the session ends", content_type = "text/event-stream", body = String),
        (status = 400, body = ApiError), (status = 401, body = ApiError)))]
pub async fn stream(
    State(state): State<AppState>,
    auth: Authenticated,
    headers: HeaderMap,
    resume: Result<Query<Resume>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Response> {
    let Query(resume) = resume.map_err(bad_query)?;
    let after = resume_point(&headers, resume.after)?;
    let token = bearer_token(&headers).unwrap_or_default().to_owned();
    // Subscribed before the first query, so nothing committed after it is missed.
    let wake = state.events.wake.subscribe();
    let stop = state.events.stop.subscribe();
    let (tx, rx) = mpsc::channel::<SseEvent>(16);
    tokio::spawn(pump(state, auth.account_id, token, after, wake, stop, tx));
    let events = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|e| (Ok::<_, Infallible>(e), rx))
    });
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response())
}

/// Feeds one stream: what the table holds after `last`, then whatever each
/// wake-up (or poll) finds, until the client goes, the session ends or the portal
/// stops.
async fn pump(
    state: AppState,
    account_id: String,
    token: String,
    mut last: u32,
    mut wake: broadcast::Receiver<Arc<str>>,
    mut stop: watch::Receiver<bool>,
    tx: mpsc::Sender<SseEvent>,
) {
    let mut poll = tokio::time::interval(POLL_EVERY);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        // Everything after `last`, in batches.
        loop {
            let batch = match state.db.pool.acquire().await {
                Ok(mut conn) => events_after(&mut conn, &account_id, last, BATCH).await,
                Err(e) => Err(e.into()),
            };
            let batch = match batch {
                Ok(b) => b,
                Err(e) => {
                    // The client reconnects with its Last-Event-ID.
                    tracing::warn!(error = ?e.code(), "event stream: reading events failed");
                    return;
                }
            };
            let full = batch.len() == BATCH as usize;
            for event in batch {
                let id = event.id;
                let Ok(sse) = SseEvent::default().id(id.to_string()).json_data(&event) else {
                    return;
                };
                if tx.send(sse).await.is_err() {
                    return;
                }
                last = id;
            }
            if !full {
                break;
            }
        }
        // Until there may be something new.
        loop {
            tokio::select! {
                _ = tx.closed() => return,
                _ = stop.changed() => return,
                woken = wake.recv() => match woken {
                    Ok(who) if *who == *account_id || &*who == EVERYONE => break,
                    Ok(_) => continue,
                    // Missed wake-ups: one of them may have been ours.
                    Err(broadcast::error::RecvError::Lagged(_)) => break,
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = poll.tick() => {
                    match state.sessions().authenticate(&token).await {
                        Ok(Some(a)) if a.account_id == account_id => break,
                        Ok(_) => {
                            let end = SseEvent::default().event("end").data("session_ended");
                            let _ = tx.send(end).await;
                            return;
                        }
                        Err(_) => return,
                    }
                }
            }
        }
    }
}

/// On PostgreSQL: listens for every instance's `NOTIFY` and wakes this instance's
/// streams, reconnecting with backoff; after each (re)connection every stream
/// looks again, since a notification may have passed while nobody listened.
/// Returns at once on SQLite.
pub async fn listen(state: AppState, mut stopped: watch::Receiver<bool>) {
    let Some(url) = state.events.listen_url.clone() else {
        return;
    };
    let mut backoff = Duration::from_millis(200);
    loop {
        let connected = async {
            let mut l = sqlx::postgres::PgListener::connect(&url).await?;
            l.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        };
        let listener = tokio::select! {
            l = connected => l,
            _ = stopped.changed() => return,
        };
        match listener {
            Ok(mut listener) => {
                backoff = Duration::from_millis(200);
                state.events.wake(EVERYONE);
                loop {
                    tokio::select! {
                        n = listener.try_recv() => match n {
                            Ok(Some(n)) => state.events.wake(n.payload()),
                            // The connection dropped (and the listener reconnected): look again.
                            Ok(None) => state.events.wake(EVERYONE),
                            Err(e) => {
                                tracing::warn!(cause = %e, "event listener lost its connection");
                                break;
                            }
                        },
                        _ = stopped.changed() => return,
                    }
                }
            }
            Err(e) => tracing::warn!(cause = %e, "event listener cannot connect"),
        }
        tokio::select! {
            _ = tokio::time::sleep(backoff) => {}
            _ = stopped.changed() => return,
        }
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}
