//! One entry of a code sent for a registration or a recovery — the same rules for
//! both tables (`registrations`, `recoveries`: `id_hash`, `step`, `code_hash`,
//! `code_wrong_attempts`, `locked_until`): a code is refused once expired or after
//! its entries are used up; a right one moves the row from `awaiting_code` to
//! `awaiting_password` once; a wrong one is counted by a conditional update (so
//! concurrent guesses cannot outrun the limit), and the entry that uses up the
//! attempts locks the row for [`super::registration::LOCK_AFTER_WRONG_CODES`].

use kabinet_core::api::ErrorCode;
use kabinet_core::auth::codes::{self, CodeState, EntryRefusal};
use time::OffsetDateTime;

use crate::platform::http::error::{AppError, AppResult};
use crate::platform::state::AppState;

/// The tables a code is entered against.
#[derive(Debug, Clone, Copy)]
pub(super) enum Table {
    Registrations,
    Recoveries,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Self::Registrations => "registrations",
            Self::Recoveries => "recoveries",
        }
    }
}

/// The row as read before the entry.
pub(super) struct Entry<'a> {
    pub table: Table,
    pub id_hash: &'a str,
    pub code_hash: &'a str,
    pub code: &'a CodeState,
}

/// An expired code or one with no entries left is refused before it is compared.
pub(super) fn may_enter(code: &CodeState, now: OffsetDateTime) -> AppResult<()> {
    match codes::may_enter(code, now) {
        Err(EntryRefusal::Expired) => Err(AppError::new(
            ErrorCode::CodeExpired,
            "the code has expired; ask for a new one",
        )
        .field("code")),
        Err(EntryRefusal::AttemptsExhausted) => Err(AppError::new(
            ErrorCode::CodeAttemptsExhausted,
            "too many wrong entries; ask for a new code",
        )
        .field("code")),
        Ok(()) => Ok(()),
    }
}

/// A right code: the row moves on to `awaiting_password` inside `conn`'s
/// transaction. `false`: another request changed the row first (read it again).
pub(super) async fn advance(conn: &mut sqlx::AnyConnection, e: &Entry<'_>) -> AppResult<bool> {
    let updated = sqlx::query(&format!(
        "UPDATE {} SET step = 'awaiting_password' WHERE id_hash = $1 AND step = 'awaiting_code' \
         AND code_hash = $2 AND code_wrong_attempts = $3",
        e.table.name()
    ))
    .bind(e.id_hash)
    .bind(e.code_hash)
    .bind(i64::from(e.code.wrong_attempts))
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// A wrong code: counted, and the error that says how many entries are left.
/// `None`: another request changed the row first (read it again).
pub(super) async fn count_wrong(
    state: &AppState,
    e: &Entry<'_>,
    now: OffsetDateTime,
) -> AppResult<Option<AppError>> {
    let lock = (e.code.wrong_attempts + 1 >= codes::MAX_WRONG_ATTEMPTS)
        .then(|| (now + super::registration::LOCK_AFTER_WRONG_CODES).unix_timestamp());
    let updated = sqlx::query(&format!(
        "UPDATE {} SET code_wrong_attempts = code_wrong_attempts + 1, locked_until = $4 \
         WHERE id_hash = $1 AND code_hash = $2 AND code_wrong_attempts = $3",
        e.table.name()
    ))
    .bind(e.id_hash)
    .bind(e.code_hash)
    .bind(i64::from(e.code.wrong_attempts))
    .bind(lock)
    .execute(&state.db.pool)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(None);
    }
    let left = codes::attempts_left(e.code.wrong_attempts + 1);
    Ok(Some(
        AppError::new(
            ErrorCode::CodeWrong,
            format!("wrong code; {left} attempts left"),
        )
        .field("code")
        .attempts_left(left),
    ))
}
