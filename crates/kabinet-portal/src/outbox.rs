//! The SMS and e-mail adapter. Every message goes into the `outbox` table (what the
//! demo inbox and the tests read); e-mail is also sent through SMTP (lettre over
//! rustls with ring) when `[smtp]` is configured. There is no SMS gateway yet: SMS
//! stay in the outbox.

use std::sync::Arc;

use kabinet_core::api::{Channel, OutboxMessage};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::PortalError;
use crate::config::{SmtpConfig, SmtpSecurity};

/// A message about to be sent. The destination and body are personal data: never logged.
#[derive(Clone)]
pub struct NewMessage {
    pub channel: Channel,
    pub to: String,
    pub subject: Option<String>,
    pub body: String,
}

pub fn channel_key(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "sms",
        Channel::Email => "email",
    }
}

fn channel_from_key(key: &str) -> Channel {
    if key == "email" {
        Channel::Email
    } else {
        Channel::Sms
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

    /// Records the message (inside the caller's transaction).
    pub async fn record(
        &self,
        conn: &mut AnyConnection,
        msg: &NewMessage,
        now: OffsetDateTime,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO outbox (channel, destination, subject, body, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(channel_key(msg.channel))
            .bind(&msg.to)
            .bind(msg.subject.clone())
            .bind(&msg.body)
            .bind(now.unix_timestamp())
            .execute(conn)
            .await
            .map(|_| ())
    }

    /// After the transaction committed: hand e-mail to the SMTP relay, if any. A
    /// failed delivery is logged (without the address); the code can be resent.
    pub fn deliver(&self, msg: NewMessage) {
        let Some(smtp) = self.smtp.clone() else {
            return;
        };
        if msg.channel != Channel::Email {
            return;
        }
        tokio::spawn(async move {
            let (transport, from) = &*smtp;
            let Ok(to) = msg.to.parse::<Mailbox>() else {
                tracing::warn!("outbox: destination is not a mailbox; not sent");
                return;
            };
            let email = Message::builder()
                .from(from.clone())
                .to(to)
                .subject(msg.subject.unwrap_or_default())
                .header(ContentType::TEXT_PLAIN)
                .body(msg.body);
            match email {
                Ok(email) => match transport.send(email).await {
                    Ok(_) => tracing::info!("outbox: e-mail handed to the SMTP relay"),
                    Err(e) => {
                        tracing::warn!(permanent = e.is_permanent(), "outbox: SMTP delivery failed")
                    }
                },
                Err(_) => tracing::warn!("outbox: cannot build the e-mail"),
            }
        });
    }
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
