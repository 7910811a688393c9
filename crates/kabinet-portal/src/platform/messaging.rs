//! The SMS and e-mail adapter. [`send`] writes the message into the `outbox` table
//! and a `deliver_message` job, both in the caller's transaction; the job hands
//! e-mail to SMTP (lettre over rustls with ring) when `[smtp]` is configured and is
//! retried with backoff when the relay fails. There is no SMS gateway yet: an SMS
//! is delivered into the outbox, and so is a registered letter (channel `post`: the
//! development post of [`crate::identity::letter`] has it). Outside demo mode the body (codes) is dropped once
//! delivered; the demo inbox and the tests read it in demo mode.

use std::sync::Arc;

use kabinet_core::api::{Channel, OutboxMessage};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::json;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::PortalError;
use crate::config::{SmtpConfig, SmtpSecurity};
use crate::platform::jobs::{self, JobError, NewJob, Outcome};
use crate::platform::state::AppState;

/// A message about to be sent. The destination and body are personal data: never logged.
#[derive(Clone)]
pub struct NewMessage {
    pub channel: Channel,
    pub to: String,
    pub subject: Option<String>,
    pub body: String,
}

impl NewMessage {
    /// A message to `contact` by its own channel; the subject goes with e-mail only.
    pub fn to_contact(
        contact: &kabinet_core::auth::contact::Contact,
        subject: impl FnOnce() -> String,
        body: String,
    ) -> Self {
        let channel = contact.channel();
        Self {
            channel,
            to: contact.as_str().to_owned(),
            subject: (channel == Channel::Email).then(subject),
            body,
        }
    }
}

pub fn channel_key(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "sms",
        Channel::Email => "email",
        Channel::Post => "post",
    }
}

fn channel_from_key(key: &str) -> Channel {
    match key {
        "email" => Channel::Email,
        "post" => Channel::Post,
        _ => Channel::Sms,
    }
}

/// The confirmation code message.
pub fn code_message(channel: Channel, to: &str, code: &str) -> NewMessage {
    let body = format!(
        "Код подтверждения для Кабинета: {code}. Он действует 10 минут. Никому его не сообщайте.\n\
         Your Kabinet confirmation code: {code}. Valid for 10 minutes. Do not share it."
    );
    let subject =
        (channel == Channel::Email).then(|| "Код подтверждения / Confirmation code".to_owned());
    NewMessage {
        channel,
        to: to.to_owned(),
        subject,
        body,
    }
}

/// A code to recover access, to the account's confirmed contact.
pub fn recovery_code_message(
    contact: &kabinet_core::auth::contact::Contact,
    code: &str,
) -> NewMessage {
    NewMessage::to_contact(
        contact,
        || "Восстановление доступа / Access recovery".to_owned(),
        format!(
            "Код для восстановления доступа к Кабинету: {code}. Он действует 10 минут. Никому его не \
             сообщайте. Если вы не восстанавливаете доступ — просто проигнорируйте сообщение: пароль \
             не изменится.\n\
             Your Kabinet access recovery code: {code}. Valid for 10 minutes. Do not share it. If you \
             are not recovering access, ignore this message: your password stays as it is."
        ),
    )
}

/// Told after a password was set by recovery: every other session was ended.
pub fn password_reset_message(contact: &kabinet_core::auth::contact::Contact) -> NewMessage {
    NewMessage::to_contact(
        contact,
        || "Пароль изменён / Password changed".to_owned(),
        "Пароль от Кабинета изменён через восстановление доступа; все прежние входы завершены. \
         Если это были не вы, сразу восстановите доступ снова и обратитесь в поддержку.\n\
         Your Kabinet password was changed through access recovery; every earlier sign-in was \
         ended. If it was not you, recover access again at once and contact support."
            .to_owned(),
    )
}

/// Sent instead of a code when the contact already belongs to an account.
pub fn already_registered_message(channel: Channel, to: &str) -> NewMessage {
    let what_ru = if channel == Channel::Email {
        "этим адресом"
    } else {
        "этим номером"
    };
    let what_en = if channel == Channel::Email {
        "e-mail address"
    } else {
        "number"
    };
    let body = format!(
        "Кто-то пытается зарегистрироваться в Кабинете с {what_ru}. Если это вы — войдите или \
         восстановите пароль. Если нет — просто проигнорируйте это сообщение.\n\
         Someone tried to register in Kabinet with your {what_en}. If it was you, sign in or recover \
         your password; otherwise ignore this message."
    );
    let subject = (channel == Channel::Email)
        .then(|| "Попытка регистрации / Registration attempt".to_owned());
    NewMessage {
        channel,
        to: to.to_owned(),
        subject,
        body,
    }
}

#[derive(Clone, Default)]
pub struct Outbox {
    smtp: Option<Arc<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>>,
}

impl Outbox {
    pub fn new(config: Option<&SmtpConfig>) -> Result<Self, PortalError> {
        let Some(c) = config else {
            return Ok(Self::default());
        };
        let smtp_err =
            |e: lettre::transport::smtp::Error| PortalError::Config(format!("smtp: {e}"));
        let mut builder = match c.security {
            SmtpSecurity::Tls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&c.host).map_err(smtp_err)?
            }
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&c.host).map_err(smtp_err)?
            }
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.host),
        };
        if let Some(port) = c.port {
            builder = builder.port(port);
        }
        if let (Some(user), Some(password)) = (&c.username, &c.password) {
            builder =
                builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
        }
        let from: Mailbox = c
            .from
            .parse()
            .map_err(|_| PortalError::Config("smtp: `from` is not an address".into()))?;
        Ok(Self {
            smtp: Some(Arc::new((builder.build(), from))),
        })
    }

    /// Hands one e-mail to the relay. `Ok(false)`: no relay is configured.
    async fn send_email(&self, to: &str, subject: &str, body: &str) -> Result<bool, JobError> {
        let Some(smtp) = self.smtp.clone() else {
            return Ok(false);
        };
        let (transport, from) = &*smtp;
        let to = to
            .parse::<Mailbox>()
            .map_err(|_| JobError::permanent("the destination is not a mailbox"))?;
        let email = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|_| JobError::permanent("cannot build the e-mail"))?;
        match transport.send(email).await {
            Ok(_) => Ok(true),
            // The relay's text may quote the address: keep only the kind.
            Err(e) if e.is_permanent() => Err(JobError::permanent("SMTP refused the message")),
            Err(_) => Err(JobError::retry("SMTP delivery failed")),
        }
    }
}

pub const DELIVER_JOB: &str = "deliver_message";

/// Puts the message in the outbox and its delivery job in the queue, inside the
/// caller's transaction. After the commit, [`crate::platform::jobs::Jobs::wake`].
pub async fn send(
    conn: &mut AnyConnection,
    msg: &NewMessage,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO outbox (channel, destination, subject, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(channel_key(msg.channel))
    .bind(&msg.to)
    .bind(msg.subject.clone())
    .bind(&msg.body)
    .bind(now.unix_timestamp())
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    jobs::enqueue(
        conn,
        &NewJob::now(DELIVER_JOB, json!({ "outbox_id": id }), now),
        now,
    )
    .await
}

/// The `deliver_message` job: idempotent (a delivered message is not sent again).
pub async fn deliver(state: AppState, payload: serde_json::Value) -> Result<Outcome, JobError> {
    let id = payload["outbox_id"]
        .as_i64()
        .ok_or_else(|| JobError::permanent("payload without outbox_id"))?;
    let Some(row) = sqlx::query(
        "SELECT channel, destination, subject, body, delivered_at FROM outbox WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?
    else {
        return Ok(Outcome::Done); // swept meanwhile
    };
    if row.try_get::<Option<i64>, _>("delivered_at")?.is_some() {
        return Ok(Outcome::Done);
    }
    if channel_from_key(&row.try_get::<String, _>("channel")?) == Channel::Email {
        let sent = state
            .outbox
            .send_email(
                &row.try_get::<String, _>("destination")?,
                &row.try_get::<Option<String>, _>("subject")?
                    .unwrap_or_default(),
                &row.try_get::<String, _>("body")?,
            )
            .await?;
        if sent {
            tracing::info!("outbox: e-mail handed to the SMTP relay");
        }
    }
    // Outside demo mode nobody reads the body again: drop it (it holds codes).
    sqlx::query(
        "UPDATE outbox SET delivered_at = $1, body = CASE WHEN $2 = 1 THEN body ELSE '' END WHERE id = $3",
    )
    .bind(state.now().unix_timestamp())
    .bind(i64::from(state.demo))
    .bind(id)
    .execute(&state.db.pool)
    .await?;
    Ok(Outcome::Done)
}

/// The newest messages first (demo inbox).
pub async fn list(pool: &sqlx::AnyPool, limit: i64) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, channel, destination, subject, body, created_at FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OutboxMessage {
                id: r.try_get("id")?,
                channel: channel_from_key(&r.try_get::<String, _>("channel")?),
                to: r.try_get("destination")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                created_at: OffsetDateTime::from_unix_timestamp(r.try_get("created_at")?)
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH),
            })
        })
        .collect()
}
