//! Password policy checks and Argon2id hashing (m = 19 MiB, t = 2, p = 1), run on
//! the blocking pool under a semaphore with one permit per CPU so a burst of
//! sign-ins cannot starve the async runtime or exhaust memory. The queue in front
//! of it is bounded: when [`MAX_QUEUED`] hashings already wait, the request is
//! answered at once with 503 and `Retry-After` instead of an ever-growing wait.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use kabinet_core::auth::contact::Contact;
use kabinet_core::auth::password::{self, PasswordRejection, PersonalData};
use kabinet_core::secret::SecretString;
use tokio::sync::Semaphore;

use crate::platform::http::error::{AppError, AppResult};

fn argon2() -> Result<Argon2<'static>, argon2::Error> {
    Ok(Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19_456, 2, 1, None)?,
    ))
}

fn hash_blocking(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    let hasher = argon2().map_err(|e| e.to_string())?;
    hasher
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

fn verify_blocking(password: &str, phc: &str) -> Result<bool, String> {
    let parsed = PasswordHash::new(phc).map_err(|e| e.to_string())?;
    let hasher = argon2().map_err(|e| e.to_string())?;
    Ok(hasher.verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A place in the hashing queue, given back when dropped (also on cancellation).
struct Place<'a>(&'a AtomicUsize);

impl Drop for Place<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Argon2id (same parameters) of a random 256-bit value nobody knows. Verifying
/// against it costs exactly what verifying a real hash costs.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$2mdq8zJlUDaP/bPNhtIVHQ$nZ1siwMq9/6f/LvnVlyKMsgU1uD8sThh58na8BflPws";

/// Who the password belongs to, owned so it can cross into the blocking pool.
pub struct Owner {
    pub surname: String,
    pub first_name: String,
    pub contact: Contact,
}

/// Hashings that may wait for a CPU; beyond this the portal says "busy".
pub const MAX_QUEUED: usize = 32;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// Hashings waiting for or holding a permit.
    queued: Arc<AtomicUsize>,
    limit: usize,
    /// A hash of a random password: verified against when the account does not
    /// exist, so a failed sign-in costs the same either way.
    dummy: Arc<str>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordHasher {
    pub fn new() -> Self {
        let cpus = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        Self::with_limits(cpus, MAX_QUEUED)
    }

    /// `cpus` hashings at once, `queued` more waiting.
    pub fn with_limits(cpus: usize, queued: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(cpus)),
            queued: Arc::new(AtomicUsize::new(0)),
            limit: cpus + queued,
            dummy: DUMMY_HASH.into(),
        }
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> AppResult<T> {
        // Reserve a place first (atomically), so the bound holds under a burst.
        if self.queued.fetch_add(1, Ordering::AcqRel) >= self.limit {
            self.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(AppError::busy(1));
        }
        let _place = Place(&self.queued);
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(AppError::internal)
    }

    /// Applies the policy, then hashes: `Ok(Err(_))` is a refusal for the person.
    pub async fn check_and_hash(
        &self,
        password: SecretString,
        repeat: SecretString,
        owner: Owner,
    ) -> AppResult<Result<String, PasswordRejection>> {
        let outcome = self
            .blocking(move || {
                let person = PersonalData {
                    surname: &owner.surname,
                    first_name: &owner.first_name,
                    contact: &owner.contact,
                };
                password::check(password.expose(), repeat.expose(), &person)?;
                Ok(hash_blocking(password.expose()))
            })
            .await?;
        match outcome {
            Ok(Ok(hash)) => Ok(Ok(hash)),
            Ok(Err(cause)) => Err(AppError::internal(format!("argon2: {cause}"))),
            Err(rejection) => Ok(Err(rejection)),
        }
    }

    /// Hashes a password chosen elsewhere (an operator's generated one).
    pub async fn hash(&self, password: SecretString) -> AppResult<String> {
        self.blocking(move || hash_blocking(password.expose()))
            .await?
            .map_err(|e| AppError::internal(format!("argon2: {e}")))
    }

    /// Verifies against the stored hash, or against the dummy hash when there is
    /// no account (and then answers `false`).
    pub async fn verify(&self, password: SecretString, stored: Option<String>) -> AppResult<bool> {
        let exists = stored.is_some();
        let phc = stored.unwrap_or_else(|| self.dummy.to_string());
        let ok = self
            .blocking(move || verify_blocking(password.expose(), &phc))
            .await?
            .map_err(|e| AppError::internal(format!("argon2: {e}")))?;
        Ok(ok && exists)
    }
}
