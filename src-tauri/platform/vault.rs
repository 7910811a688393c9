//! The vault keeps the long-lived refresh token. With a working OS keyring it is
//! stored there (Secret Service on Linux, Keychain, Credential Manager); otherwise it
//! lives in memory for this session only — the app never falls back to a file or to
//! the `keyring` crate's mock store. Calls are blocking (D-Bus): run them off the
//! async runtime.

use std::sync::Mutex;

use serde::Serialize;

use kabinet_core::secret::SecretString as Secret;

/// Keyring service name of every entry the app writes.
pub const SERVICE: &str = "org.kabinet.desktop";

/// What the vault can do this session, as shown to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum VaultStatus {
    /// The OS keyring works: sign-in is remembered.
    Keyring,
    /// The OS keyring does not work: sign-in is not remembered (fails closed).
    Unavailable,
    /// Guest mode: the keyring is not used on purpose.
    Guest,
}

#[derive(Debug, thiserror::Error)]
#[error("keyring: {0}")]
pub struct VaultError(String);

pub struct Vault {
    status: VaultStatus,
    /// Why the keyring is unavailable (for the log and the screen; no secrets).
    problem: Option<String>,
    /// The keyring account, e.g. `refresh-token@embedded`.
    account: String,
    /// This session's copy (also the only copy when the keyring is not used).
    memory: Mutex<Option<Secret>>,
}

impl Vault {
    /// Guest mode: memory only, the keyring is never touched.
    pub fn guest() -> Self {
        Self::with(VaultStatus::Guest, None, String::new())
    }

    /// Checks the OS keyring with a write/read/delete of a probe entry; if any step
    /// fails the vault keeps tokens in memory only and says why.
    pub fn probe(portal_id: &str) -> Self {
        let account = format!("refresh-token@{portal_id}");
        match probe_keyring() {
            Ok(()) => Self::with(VaultStatus::Keyring, None, account),
            Err(e) => {
                tracing::warn!(error = %e, "OS keyring unavailable: sign-in will not be remembered");
                Self::with(VaultStatus::Unavailable, Some(e.0), account)
            }
        }
    }

    fn with(status: VaultStatus, problem: Option<String>, account: String) -> Self {
        Self {
            status,
            problem,
            account,
            memory: Mutex::new(None),
        }
    }

    pub fn status(&self) -> VaultStatus {
        self.status
    }

    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    fn entry(&self) -> Result<keyring::Entry, VaultError> {
        keyring::Entry::new(SERVICE, &self.account).map_err(|e| VaultError(e.to_string()))
    }

    /// The refresh token: this session's copy, else the keyring's.
    pub fn load(&self) -> Result<Option<Secret>, VaultError> {
        if let Some(s) = self.memory_slot().clone() {
            return Ok(Some(s));
        }
        if self.status != VaultStatus::Keyring {
            return Ok(None);
        }
        match self.entry()?.get_password() {
            Ok(v) => {
                let s = Secret::new(v);
                *self.memory_slot() = Some(s.clone());
                Ok(Some(s))
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(VaultError(e.to_string())),
        }
    }

    pub fn save(&self, token: &Secret) -> Result<(), VaultError> {
        *self.memory_slot() = Some(token.clone());
        if self.status == VaultStatus::Keyring {
            self.entry()?
                .set_password(token.expose())
                .map_err(|e| VaultError(e.to_string()))?;
        }
        Ok(())
    }

    pub fn delete(&self) -> Result<(), VaultError> {
        *self.memory_slot() = None;
        if self.status == VaultStatus::Keyring {
            match self.entry()?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(e) => return Err(VaultError(e.to_string())),
            }
        }
        Ok(())
    }

    fn memory_slot(&self) -> std::sync::MutexGuard<'_, Option<Secret>> {
        self.memory.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn probe_keyring() -> Result<(), VaultError> {
    let err = |step: &str, e: keyring::Error| VaultError(format!("{step}: {e}"));
    if let Err(e) = keyring::Entry::store_status() {
        return Err(VaultError(format!("no credential store: {e}")));
    }
    let entry = keyring::Entry::new(SERVICE, "probe").map_err(|e| err("open", e))?;
    let value = format!("probe-{:032x}", rand::random::<u128>());
    entry.set_password(&value).map_err(|e| err("write", e))?;
    let read = entry.get_password().map_err(|e| err("read", e))?;
    entry.delete_credential().map_err(|e| err("delete", e))?;
    if read != value {
        return Err(VaultError("read back a different value".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_vault_keeps_the_token_in_memory_only() {
        let v = Vault::guest();
        assert_eq!(v.status(), VaultStatus::Guest);
        assert!(v.load().expect("load").is_none());
        v.save(&Secret::new("t1")).expect("save");
        assert_eq!(
            v.load()
                .expect("load")
                .map(|s| s.expose().to_owned())
                .as_deref(),
            Some("t1")
        );
        v.delete().expect("delete");
        assert!(v.load().expect("load").is_none());
    }

    /// Uses the real OS keyring. On Linux run it inside `tests/with-keyring.sh`
    /// (a private D-Bus session with an unlocked gnome-keyring); skipped with a
    /// printed reason when no Secret Service answers, unless KABINET_REQUIRE_KEYRING=1.
    #[test]
    fn real_keyring_round_trip() {
        let portal_id = format!("test-{:016x}", rand::random::<u64>());
        let v = Vault::probe(&portal_id);
        if v.status() != VaultStatus::Keyring {
            let reason = v.problem().unwrap_or("unknown").to_owned();
            if std::env::var("KABINET_REQUIRE_KEYRING").as_deref() == Ok("1") {
                panic!("KABINET_REQUIRE_KEYRING=1 but the keyring is unavailable: {reason}");
            }
            eprintln!(
                "SKIPPED real_keyring_round_trip: no Secret Service ({reason}); run under tests/with-keyring.sh"
            );
            return;
        }
        let token = Secret::new(format!("{:064x}", rand::random::<u128>()));
        v.save(&token).expect("save");
        // A fresh vault (a new app start) reads it back from the keyring itself.
        let again = Vault::probe(&portal_id);
        assert_eq!(again.load().expect("load"), Some(token));
        again.delete().expect("delete");
        let third = Vault::probe(&portal_id);
        assert_eq!(third.load().expect("load"), None);
    }

    /// With no Secret Service reachable the vault fails closed: status Unavailable,
    /// a reason to show, and tokens kept in memory only. Runs itself in a child
    /// process whose D-Bus address points nowhere.
    #[test]
    fn no_secret_service_means_unavailable_and_memory_only() {
        if std::env::var("KABINET_VAULT_CHILD").as_deref() == Ok("1") {
            let v = Vault::probe("child");
            assert_eq!(v.status(), VaultStatus::Unavailable);
            assert!(v.problem().is_some_and(|p| !p.is_empty()));
            v.save(&Secret::new("in-memory-only")).expect("save");
            assert!(v.load().expect("load").is_some());
            return;
        }
        let exe = std::env::current_exe().expect("test binary");
        let out = std::process::Command::new(exe)
            .args([
                "--exact",
                "platform::vault::tests::no_secret_service_means_unavailable_and_memory_only",
            ])
            .env("KABINET_VAULT_CHILD", "1")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/kabinet-test-bus",
            )
            .output()
            .expect("run child");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "child failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
