//! Demo data: for now one demo account, created if missing (idempotent).
//! Sign in with [`DEMO_LOGIN`] and [`DEMO_PASSWORD`].

use kabinet_core::account::level_key;
use kabinet_core::api::AccountLevel;

use crate::PortalError;
use crate::keys::random_id;
use crate::state::AppState;

pub const DEMO_LOGIN: &str = "+79990000000";
pub const DEMO_PASSWORD: &str = "тихая река под старым мостом";
/// Argon2id of [`DEMO_PASSWORD`], precomputed: loading demo data costs no hashing.
const DEMO_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$Sp/18P8bs4ukhOHkTw7W8w$HBUmmBSOmdKKPhyZuqvDjrTv597x+HEfzGOyezjyAFY";

pub async fn load(state: &AppState) -> Result<bool, PortalError> {
    let db_err = |e: sqlx::Error| PortalError::Database(format!("demo data: {e}"));
    let exists = sqlx::query("SELECT id FROM accounts WHERE contact = $1")
        .bind(DEMO_LOGIN)
        .fetch_optional(&state.db.pool)
        .await
        .map_err(db_err)?
        .is_some();
    if exists {
        return Ok(false);
    }
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, surname, first_name, contact, level, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(random_id())
    .bind("Демонстрационный")
    .bind("Пользователь")
    .bind(DEMO_LOGIN)
    .bind(level_key(AccountLevel::Simplified))
    .bind(DEMO_PASSWORD_HASH)
    .bind(state.now().unix_timestamp())
    .execute(&state.db.pool)
    .await
    .map_err(db_err)?;
    Ok(inserted.rows_affected() == 1)
}
