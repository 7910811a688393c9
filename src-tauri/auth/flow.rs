//! Registration, sign-in, refresh and sign-out: the flows behind the screens.

use kabinet_core::api::{
    ConfirmCode, ErrorCode, RegistrationStep, SessionGrant, SetPassword, SignIn, StartRecovery,
    StartRegistration,
};
use kabinet_core::secret::SecretString as Secret;
use zeroize::Zeroize;

use super::dto::{Account, Draft, Recovery, RegisterInput, Registration, SessionEntry};
use super::store::{PendingStart, RegistrationDraft};
use crate::app::dto::Resume;
use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::{Credentials, IdempotencyKey};
use crate::platform::vault::VaultStatus;

/// The signed-in session as [`crate::platform::portal::PortalClient::authed`] sees
/// it: the access token (`held`, or the one in memory, or one refreshed from the
/// vault's refresh token), and a refreshed one after a 401.
pub(crate) struct Session<'a> {
    app: &'a Kabinet,
    held: Option<Secret>,
}

impl Credentials for Session<'_> {
    async fn access(&self) -> AppResult<Secret> {
        match &self.held {
            Some(t) => Ok(t.clone()),
            None => self.app.current_access().await,
        }
    }
    async fn refreshed(&self) -> AppResult<Secret> {
        self.app.refresh_access().await
    }
}

impl Kabinet {
    /// The signed-in session, for the features' authenticated calls
    /// ([`crate::platform::portal::PortalClient::authed`]).
    pub(crate) fn signed_in(&self) -> Session<'_> {
        Session {
            app: self,
            held: None,
        }
    }

    /// A remembered session (refresh token in the vault) made current, if there is one.
    pub(crate) async fn resume_session(&self) -> Option<Account> {
        let vault = self.vault().await;
        let v = vault.clone();
        let token = match tokio::task::spawn_blocking(move || v.load()).await {
            Ok(Ok(Some(t))) => t,
            Ok(Ok(None)) => return None,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "could not read the keyring");
                return None;
            }
            Err(_) => return None,
        };
        let conn = self.portal().await.ok()?;
        match conn.client.refresh(&token, &IdempotencyKey::random()).await {
            Ok(grant) => self.accept_grant(grant).await.ok(),
            Err(e) => {
                tracing::info!(code = ?e.code, "remembered session not usable");
                if e.is(ErrorCode::SessionExpired)
                    || e.is(ErrorCode::Unauthenticated)
                    || e.is(ErrorCode::InvalidCredentials)
                {
                    let v = vault.clone();
                    let _ = tokio::task::spawn_blocking(move || v.delete()).await;
                }
                None
            }
        }
    }

    /// A registration in progress on this portal, if the portal still knows it.
    pub(crate) async fn resume_registration(&self, portal_id: &str) -> AppResult<Resume> {
        let Some(draft) = self.store().draft()? else {
            return Ok(Resume::Welcome);
        };
        if draft.portal != portal_id {
            self.store().clear_draft()?;
            return Ok(Resume::Welcome);
        }
        let conn = self.portal().await?;
        match conn.client.registration(&draft.registration_id).await {
            Ok(view) if view.step != RegistrationStep::Complete => Ok(Resume::Registration {
                registration: view.into(),
                draft: Draft {
                    surname: draft.surname,
                    first_name: draft.first_name,
                    contact: draft.contact,
                },
            }),
            Ok(_) => {
                self.store().clear_draft()?;
                Ok(Resume::Welcome)
            }
            Err(e) if e.is(ErrorCode::RegistrationNotFound) || e.is(ErrorCode::NotFound) => {
                self.store().clear_draft()?;
                Ok(Resume::Welcome)
            }
            Err(e) => Err(e),
        }
    }

    pub async fn register_start(&self, input: RegisterInput, key: &str) -> AppResult<Registration> {
        let key = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        let body = StartRegistration {
            surname: input.surname.trim().to_owned(),
            first_name: input.first_name.trim().to_owned(),
            contact: input.contact.trim().to_owned(),
        };
        // A start sent before with these details and never answered (the app was
        // closed, the connection dropped) may have reached the portal: send it again
        // with the same key, so there is still one registration and one code.
        let pending = PendingStart {
            portal: &conn.id,
            surname: &body.surname,
            first_name: &body.first_name,
            contact: &body.contact,
        };
        let key = {
            let store = self.store();
            match store.pending_start_key(&pending)? {
                Some(earlier) => IdempotencyKey::parse(&earlier)?,
                None => {
                    store.remember_start(&pending, key.as_str())?;
                    key
                }
            }
        };
        let answer = conn.client.start_registration(&body, &key).await;
        let store = self.store();
        match answer {
            Ok(view) => {
                // Draft first: a crash between the two leaves the pending key, whose
                // reuse returns this same registration.
                store.save_draft(&RegistrationDraft {
                    portal: conn.id.clone(),
                    registration_id: Secret::new(view.id.clone()),
                    surname: body.surname,
                    first_name: body.first_name,
                    contact: body.contact,
                })?;
                store.forget_start()?;
                Ok(view.into())
            }
            Err(e) => {
                if !e.outcome_unknown() {
                    store.forget_start()?;
                }
                Err(e)
            }
        }
    }

    fn draft(&self) -> AppResult<RegistrationDraft> {
        self.store().draft()?.ok_or_else(|| {
            AppError::client(ClientCode::NoRegistration, "no registration in progress")
        })
    }

    pub async fn registration_resend(&self, key: &str) -> AppResult<Registration> {
        let key = IdempotencyKey::parse(key)?;
        let draft = self.draft()?;
        let conn = self.portal().await?;
        Ok(conn
            .client
            .resend(&draft.registration_id, &key)
            .await?
            .into())
    }

    pub async fn registration_confirm(&self, code: String, key: &str) -> AppResult<Registration> {
        let key = IdempotencyKey::parse(key)?;
        let draft = self.draft()?;
        let conn = self.portal().await?;
        let body = ConfirmCode {
            code: code.trim().to_owned(),
        };
        Ok(conn
            .client
            .confirm(&draft.registration_id, &body, &key)
            .await?
            .into())
    }

    pub async fn registration_set_password(
        &self,
        password: Secret,
        repeat: Secret,
        key: &str,
    ) -> AppResult<Account> {
        let key = IdempotencyKey::parse(key)?;
        let draft = self.draft()?;
        let conn = self.portal().await?;
        let mut body = SetPassword {
            password: password.expose().to_owned(),
            password_repeat: repeat.expose().to_owned(),
        };
        let grant = conn
            .client
            .set_password(&draft.registration_id, &body, &key)
            .await;
        body.password.zeroize();
        body.password_repeat.zeroize();
        let account = self.accept_grant(grant?).await?;
        self.store().clear_draft()?;
        Ok(account)
    }

    /// Forgets the registration in progress (the person chose to start again).
    pub fn registration_abandon(&self) -> AppResult<()> {
        Ok(self.store().clear_draft()?)
    }

    /// «Забыли пароль?»: a code to the account's contact, if the login names one
    /// (the portal answers the same either way). The recovery's id stays here.
    pub async fn recovery_start(&self, login: String, key: &str) -> AppResult<Recovery> {
        let key = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        let view = conn
            .client
            .start_recovery(
                &StartRecovery {
                    login: login.trim().to_owned(),
                },
                &key,
            )
            .await?;
        *self.0.recovery.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(Secret::new(view.id.clone()));
        Ok(view.into())
    }

    fn recovery_id(&self) -> AppResult<Secret> {
        self.0
            .recovery
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| {
                AppError::client(ClientCode::NoRecovery, "no recovery of access in progress")
            })
    }

    pub async fn recovery_resend(&self, key: &str) -> AppResult<Recovery> {
        let key = IdempotencyKey::parse(key)?;
        let id = self.recovery_id()?;
        let conn = self.portal().await?;
        Ok(conn
            .client
            .recovery_step(&id, "resend", &serde_json::json!({}), &key)
            .await?
            .into())
    }

    pub async fn recovery_confirm(&self, code: String, key: &str) -> AppResult<Recovery> {
        let key = IdempotencyKey::parse(key)?;
        let id = self.recovery_id()?;
        let conn = self.portal().await?;
        let body = ConfirmCode {
            code: code.trim().to_owned(),
        };
        Ok(conn
            .client
            .recovery_step(&id, "confirm", &body, &key)
            .await?
            .into())
    }

    /// The new password: every other session ends, and this app is signed in.
    pub async fn recovery_set_password(
        &self,
        password: Secret,
        repeat: Secret,
        key: &str,
    ) -> AppResult<Account> {
        let key = IdempotencyKey::parse(key)?;
        let id = self.recovery_id()?;
        let conn = self.portal().await?;
        let mut body = SetPassword {
            password: password.expose().to_owned(),
            password_repeat: repeat.expose().to_owned(),
        };
        let grant = conn.client.recovery_password(&id, &body, &key).await;
        body.password.zeroize();
        body.password_repeat.zeroize();
        let account = self.accept_grant(grant?).await?;
        *self.0.recovery.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(account)
    }

    pub async fn sign_in(&self, login: String, password: Secret, key: &str) -> AppResult<Account> {
        let key = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        let mut body = SignIn {
            login: login.trim().to_owned(),
            password: password.expose().to_owned(),
        };
        let grant = conn.client.sign_in(&body, &key).await;
        body.password.zeroize();
        self.accept_grant(grant?).await
    }

    /// Keeps the access token in memory and the refresh token in the vault.
    async fn accept_grant(&self, grant: SessionGrant) -> AppResult<Account> {
        let SessionGrant {
            access_token,
            refresh_token,
            account,
            ..
        } = grant;
        *self.access() = Some(Secret::new(access_token));
        let refresh = Secret::new(refresh_token);
        let vault = self.vault().await;
        let v = vault.clone();
        let saved = tokio::task::spawn_blocking(move || v.save(&refresh)).await;
        let remembered = match saved {
            Ok(Ok(())) => vault.status() == VaultStatus::Keyring,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "sign-in not remembered: keyring write failed");
                false
            }
            Err(_) => false,
        };
        *self.owner() = Some(account.id.clone());
        Ok(Account::from_view(account, remembered))
    }

    /// A fresh access token from the refresh token (rotated if the portal rotates it).
    async fn refresh_access(&self) -> AppResult<Secret> {
        let vault = self.vault().await;
        let v = vault.clone();
        let token = tokio::task::spawn_blocking(move || v.load())
            .await
            .map_err(|e| AppError::client(ClientCode::KeyringFailed, e.to_string()))?
            .map_err(|e| AppError::client(ClientCode::KeyringFailed, e.to_string()))?
            .ok_or_else(|| AppError::client(ClientCode::NotSignedIn, "not signed in"))?;
        let conn = self.portal().await?;
        let grant = conn
            .client
            .refresh(&token, &IdempotencyKey::random())
            .await?;
        self.accept_grant(grant).await?;
        self.access()
            .clone()
            .ok_or_else(|| AppError::client(ClientCode::NotSignedIn, "not signed in"))
    }

    async fn current_access(&self) -> AppResult<Secret> {
        let held = self.access().clone();
        match held {
            Some(t) => Ok(t),
            None => self.refresh_access().await,
        }
    }

    pub async fn account(&self) -> AppResult<Account> {
        let conn = self.portal().await?;
        let remembered = self.vault().await.status() == VaultStatus::Keyring;
        let session = Session {
            app: self,
            held: None,
        };
        let view = conn.client.me(&session).await?;
        *self.owner() = Some(view.id.clone());
        Ok(Account::from_view(view, remembered))
    }

    /// Ends the session on the portal, then forgets both tokens here, whatever the
    /// portal said (the person asked to sign out).
    /// «Входы в учётную запись»: the account's live sessions.
    pub async fn sessions_list(&self) -> AppResult<Vec<SessionEntry>> {
        let conn = self.portal().await?;
        let list = conn.client.sessions(&self.signed_in()).await?;
        Ok(list.sessions.into_iter().map(SessionEntry::from).collect())
    }

    /// Ends another session of the account.
    pub async fn session_end(&self, id: &str, key: &str) -> AppResult<()> {
        let key = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        conn.client
            .end_sessions(&self.signed_in(), Some(id), &key)
            .await
    }

    /// «Выйти на всех устройствах»: every session ends on the portal, then this
    /// app forgets its own as at sign-out.
    pub async fn sign_out_everywhere(&self, key: &str) -> AppResult<()> {
        let parsed = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        conn.client
            .end_sessions(&self.signed_in(), None, &parsed)
            .await?;
        self.sign_out(IdempotencyKey::random().as_str()).await
    }

    pub async fn sign_out(&self, key: &str) -> AppResult<()> {
        let key = IdempotencyKey::parse(key)?;
        let held = self.access().take();
        let result = match (self.portal().await, held) {
            (Ok(conn), Some(access)) => {
                let session = Session {
                    app: self,
                    held: Some(access),
                };
                conn.client.sign_out(&session, &key).await
            }
            _ => Ok(()),
        };
        *self.access() = None;
        *self.owner() = None;
        *self.0.recovery.lock().unwrap_or_else(|p| p.into_inner()) = None;
        // The next person at this computer must not find this one's passport details.
        if let Err(e) = self.store().clear_profile_drafts() {
            tracing::warn!(error = %e, "could not delete the personal-data draft");
        }
        if let Err(e) = self.store().clear_application_drafts() {
            tracing::warn!(error = %e, "could not delete the application drafts");
        }
        let vault = self.vault().await;
        let deleted = tokio::task::spawn_blocking(move || vault.delete()).await;
        if let Err(e) = &result {
            tracing::warn!(code = ?e.code, "portal sign-out failed; local session forgotten anyway");
        }
        match deleted {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(AppError::client(ClientCode::KeyringFailed, e.to_string())),
            Err(e) => Err(AppError::client(ClientCode::KeyringFailed, e.to_string())),
        }
    }
}
