//! The only SQL on `accounts`. Other features call these functions, inside their
//! own transactions where they pass a connection.

use kabinet_core::api::{AccountLevel, AccountView, Verification, VerificationMethod};
use kabinet_core::auth::contact::Contact;
use kabinet_core::identity::account::{level_from_key, level_key, next_level};
use sqlx::{Any, Executor, Row};
use time::OffsetDateTime;

use crate::platform::http::error::{AppError, AppResult};

/// After this many consecutive failed password sign-ins the password no longer
/// signs in, until recovery (or an admin) re-enables it (NIST SP 800-63B: ≤ 100).
pub const MAX_CONSECUTIVE_FAILURES: i64 = 100;

pub struct NewAccount<'a> {
    pub id: &'a str,
    pub surname: &'a str,
    pub first_name: &'a str,
    pub contact: &'a Contact,
    pub level: AccountLevel,
    pub password_hash: &'a str,
    pub created_at: OffsetDateTime,
}

/// Does an account use this contact?
pub async fn contact_taken<'e, E: Executor<'e, Database = Any>>(
    db: E,
    contact: &Contact,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM accounts WHERE contact = $1")
        .bind(contact.as_str())
        .fetch_optional(db)
        .await?
        .is_some())
}

/// Creates the account; `Ok(false)` when the contact already has one (no error is
/// raised, so a PostgreSQL transaction stays usable).
pub async fn insert<'e, E: Executor<'e, Database = Any>>(
    db: E,
    new: &NewAccount<'_>,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, surname, first_name, contact, level, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (contact) DO NOTHING",
    )
    .bind(new.id)
    .bind(new.surname)
    .bind(new.first_name)
    .bind(new.contact.as_str())
    .bind(level_key(new.level))
    .bind(new.password_hash)
    .bind(new.created_at.unix_timestamp())
    .execute(db)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// What the signed-in person sees of their account.
pub async fn view<'e, E: Executor<'e, Database = Any>>(db: E, id: &str) -> AppResult<AccountView> {
    let row = sqlx::query("SELECT surname, first_name, level, contact FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await?;
    let level_key: String = row.try_get("level")?;
    let level = level_from_key(&level_key)
        .ok_or_else(|| AppError::internal("unknown account level in store"))?;
    let contact: String = row.try_get("contact")?;
    let contact = Contact::parse(&contact)
        .map_err(|_| AppError::internal("stored contact does not parse"))?;
    let surname = row.try_get("surname")?;
    let first_name = row.try_get("first_name")?;
    drop(row);
    Ok(AccountView {
        id: id.to_owned(),
        surname,
        first_name,
        level,
        contact_masked: contact.masked(),
        next_level: next_level(level),
        verification: None,
    })
}

/// [`view`] with how the account was verified, when it was.
pub async fn full_view(conn: &mut sqlx::AnyConnection, id: &str) -> AppResult<AccountView> {
    let mut v = view(&mut *conn, id).await?;
    if v.level == AccountLevel::Verified {
        v.verification = verification(&mut *conn, id).await?;
    }
    Ok(v)
}

pub fn method_key(m: VerificationMethod) -> &'static str {
    match m {
        VerificationMethod::InPerson => "in_person",
        VerificationMethod::Letter => "letter",
        VerificationMethod::Signature => "signature",
    }
}

fn method_from(key: &str) -> AppResult<VerificationMethod> {
    match key {
        "in_person" => Ok(VerificationMethod::InPerson),
        "letter" => Ok(VerificationMethod::Letter),
        "signature" => Ok(VerificationMethod::Signature),
        _ => Err(AppError::internal("unknown verification method in store")),
    }
}

/// How the account was verified; `None` when it was not.
pub async fn verification<'e, E: Executor<'e, Database = Any>>(
    db: E,
    id: &str,
) -> AppResult<Option<Verification>> {
    let Some(row) = sqlx::query(
        "SELECT method, verified_at, operator_name, office_name FROM verifications WHERE account_id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(Verification {
        method: method_from(&row.try_get::<String, _>("method")?)?,
        verified_at: crate::platform::state::instant(row.try_get("verified_at")?),
        operator: row.try_get("operator_name")?,
        office: row.try_get("office_name")?,
    }))
}

/// Who verified, for in-person verification: ids for the audit, names as the
/// citizen is shown them.
pub struct VerifiedBy<'a> {
    pub operator_id: &'a str,
    pub operator_name: &'a str,
    pub office_id: &'a str,
    pub office_name: &'a str,
}

/// Raises a standard account to verified and records how, inside the caller's
/// transaction. `Ok(false)`: the account was not at the standard level (already
/// verified by another run, or not yet standard) — nothing was changed.
/// The caller evicts the account from `account_cache` after committing.
pub async fn verify(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    method: VerificationMethod,
    by: Option<&VerifiedBy<'_>>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    if !raise_level(
        &mut *conn,
        id,
        AccountLevel::Standard,
        AccountLevel::Verified,
    )
    .await?
    {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO verifications (account_id, method, verified_at, operator_id, operator_name, office_id, office_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id) DO UPDATE SET method = excluded.method, \
         verified_at = excluded.verified_at, operator_id = excluded.operator_id, operator_name = excluded.operator_name, \
         office_id = excluded.office_id, office_name = excluded.office_name",
    )
    .bind(id)
    .bind(method_key(method))
    .bind(now.unix_timestamp())
    .bind(by.map(|b| b.operator_id))
    .bind(by.map(|b| b.operator_name))
    .bind(by.map(|b| b.office_id))
    .bind(by.map(|b| b.office_name))
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// The account registered with this contact.
pub async fn id_by_contact<'e, E: Executor<'e, Database = Any>>(
    db: E,
    contact: &Contact,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM accounts WHERE contact = $1")
        .bind(contact.as_str())
        .fetch_optional(db)
        .await
}

/// What password sign-in needs to know of an account.
pub struct Credentials {
    pub id: String,
    pub password_hash: String,
    /// Password sign-in switched off after [`MAX_CONSECUTIVE_FAILURES`].
    pub password_disabled: bool,
}

pub async fn credentials<'e, E: Executor<'e, Database = Any>>(
    db: E,
    contact: &Contact,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, password_hash, password_disabled_at FROM accounts WHERE contact = $1",
    )
    .bind(contact.as_str())
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(Credentials {
            id: r.try_get("id")?,
            password_hash: r.try_get("password_hash")?,
            password_disabled: r
                .try_get::<Option<i64>, _>("password_disabled_at")?
                .is_some(),
        })
    })
    .transpose()
}

/// Counts one more consecutive failure (atomically); at the limit, password
/// sign-in is disabled. Returns `true` when this failure disabled it.
pub async fn record_failed_sign_in<'e, E: Executor<'e, Database = Any>>(
    db: E,
    id: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1, \
         password_disabled_at = CASE WHEN failed_sign_ins + 1 >= $1 AND password_disabled_at IS NULL \
         THEN $2 ELSE password_disabled_at END WHERE id = $3 RETURNING failed_sign_ins, password_disabled_at",
    )
    .bind(MAX_CONSECUTIVE_FAILURES)
    .bind(now.unix_timestamp())
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(match row {
        Some(r) => {
            r.try_get::<i64, _>("failed_sign_ins")? == MAX_CONSECUTIVE_FAILURES
                && r.try_get::<Option<i64>, _>("password_disabled_at")?
                    .is_some()
        }
        None => false,
    })
}

/// A successful sign-in ends the run of failures.
pub async fn reset_failed_sign_ins<'e, E: Executor<'e, Database = Any>>(
    db: E,
    id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET failed_sign_ins = 0 WHERE id = $1 AND failed_sign_ins <> 0")
        .bind(id)
        .execute(db)
        .await
        .map(|_| ())
}

/// Who the account belongs to, as the password policy and a recovery need it:
/// surname, first name and the confirmed contact.
pub async fn owner<'e, E: Executor<'e, Database = Any>>(
    db: E,
    id: &str,
) -> AppResult<(String, String, Contact)> {
    let row = sqlx::query("SELECT surname, first_name, contact FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await?;
    let contact: String = row.try_get("contact")?;
    Ok((
        row.try_get("surname")?,
        row.try_get("first_name")?,
        Contact::parse(&contact)
            .map_err(|_| AppError::internal("stored contact does not parse"))?,
    ))
}

/// A new password (recovery): the run of failures ends and password sign-in,
/// if it was disabled, is enabled again.
pub async fn set_password<'e, E: Executor<'e, Database = Any>>(
    db: E,
    id: &str,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET password_hash = $1, failed_sign_ins = 0, password_disabled_at = NULL          WHERE id = $2",
    )
    .bind(password_hash)
    .bind(id)
    .execute(db)
    .await
    .map(|_| ())
}

/// Re-enables password sign-in for the account with this contact (the admin
/// command; a recovery does it too). `Ok(false)`: no such account.
pub async fn enable_password_sign_in<'e, E: Executor<'e, Database = Any>>(
    db: E,
    contact: &Contact,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE accounts SET failed_sign_ins = 0, password_disabled_at = NULL WHERE contact = $1",
    )
    .bind(contact.as_str())
    .execute(db)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// The account's level and its contact (where its messages go).
pub async fn level_and_contact<'e, E: Executor<'e, Database = Any>>(
    db: E,
    id: &str,
) -> AppResult<(AccountLevel, Contact)> {
    let row = sqlx::query("SELECT level, contact FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await?;
    let level = level_from_key(&row.try_get::<String, _>("level")?)
        .ok_or_else(|| AppError::internal("unknown account level in store"))?;
    let contact = Contact::parse(&row.try_get::<String, _>("contact")?)
        .map_err(|_| AppError::internal("stored contact does not parse"))?;
    Ok((level, contact))
}

/// Moves the account from `from` to `to`; `false` when it was not at `from`
/// (already moved by another run: the caller does nothing twice).
pub async fn raise_level<'e, E: Executor<'e, Database = Any>>(
    db: E,
    id: &str,
    from: AccountLevel,
    to: AccountLevel,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query("UPDATE accounts SET level = $1 WHERE id = $2 AND level = $3")
        .bind(level_key(to))
        .bind(id)
        .bind(level_key(from))
        .execute(db)
        .await?;
    Ok(moved.rows_affected() == 1)
}
