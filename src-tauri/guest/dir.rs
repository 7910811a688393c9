//! A guest session's temp dir: `kabinet-guest-XXXXXX` under the system temp folder,
//! 0700, holding a `session.lock` file that its process keeps locked (an OS file
//! lock, released by the OS however the process ends). A dir whose lock can be taken
//! belongs to no running process: its session crashed, and it is deleted.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use crate::platform::files;

/// The name every guest temp dir starts with.
pub const PREFIX: &str = "kabinet-guest-";
/// The lock file inside it (it also says which process owns it, for people).
pub const LOCK_FILE: &str = "session.lock";
/// A dir with no lock file yet may be a session being set up right now.
const SETUP_GRACE: Duration = Duration::from_secs(60);

pub struct GuestDir {
    path: PathBuf,
    /// Held open and locked while the session runs; `None` once wiped.
    lock: Mutex<Option<File>>,
}

impl GuestDir {
    /// A new session dir in the system temp folder (`TMPDIR`).
    pub fn create() -> io::Result<Self> {
        Self::create_in(&std::env::temp_dir())
    }

    pub fn create_in(parent: &Path) -> io::Result<Self> {
        let path = tempfile::Builder::new()
            .prefix(PREFIX)
            .tempdir_in(parent)?
            .keep();
        let made = (|| {
            files::private_dir(&path)?;
            let lock_path = path.join(LOCK_FILE);
            files::private_file(&lock_path)?;
            let mut lock = OpenOptions::new().write(true).open(&lock_path)?;
            lock.try_lock().map_err(io::Error::from)?;
            writeln!(lock, "{}", std::process::id())?;
            Ok::<_, io::Error>(lock)
        })();
        match made {
            Ok(lock) => Ok(Self {
                path,
                lock: Mutex::new(Some(lock)),
            }),
            Err(e) => {
                let _ = fs::remove_dir_all(&path);
                Err(e)
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Deletes the dir and everything in it (the lock is let go first: Windows
    /// cannot delete an open file).
    pub fn wipe(&self) -> io::Result<()> {
        drop(self.lock.lock().unwrap_or_else(|p| p.into_inner()).take());
        match fs::remove_dir_all(&self.path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

impl Drop for GuestDir {
    fn drop(&mut self) {
        let _ = self.wipe();
    }
}

/// Deletes the guest temp dirs in `parent` whose process is gone; returns them.
/// A dir some process still holds (its lock is taken) is left alone, as is anything
/// that is not a plain dir with our prefix (a symlink is never followed).
pub fn sweep_stale(parent: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        if is_stale(&path, &meta) {
            match fs::remove_dir_all(&path) {
                Ok(()) => removed.push(path),
                Err(e) => {
                    tracing::warn!(error = %e, "could not delete a crashed guest session's files")
                }
            }
        }
    }
    removed
}

fn is_stale(dir: &Path, meta: &fs::Metadata) -> bool {
    let lock = match OpenOptions::new().write(true).open(dir.join(LOCK_FILE)) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // Crashed before it locked, or being set up this very moment.
            let age = meta
                .modified()
                .ok()
                .and_then(|m| SystemTime::now().duration_since(m).ok());
            return age.is_some_and(|a| a > SETUP_GRACE);
        }
        // Someone else's (permissions): not ours to judge.
        Err(_) => return false,
    };
    match lock.try_lock() {
        Ok(()) => true,
        Err(TryLockError::WouldBlock) => false,
        Err(TryLockError::Error(_)) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_session_dir_is_kept_and_a_released_one_removed() {
        let parent = tempfile::tempdir().expect("tempdir");
        let live = GuestDir::create_in(parent.path()).expect("live");
        let name = live
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        assert!(name.is_some_and(|n| n.starts_with(PREFIX)));
        #[cfg(unix)]
        assert_eq!(files::mode(live.path()), 0o700);
        let pid = fs::read_to_string(live.path().join(LOCK_FILE)).expect("lock file");
        assert_eq!(pid.trim(), std::process::id().to_string());

        // Released as at a crash: the lock goes with the file handle.
        let crashed = GuestDir::create_in(parent.path()).expect("crashed");
        drop(
            crashed
                .lock
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take(),
        );
        fs::create_dir(crashed.path().join("webview")).expect("leftovers");
        let other = parent.path().join("not-ours");
        fs::create_dir(&other).expect("other dir");

        let removed = sweep_stale(parent.path());
        assert_eq!(removed, vec![crashed.path().to_path_buf()]);
        assert!(live.path().is_dir(), "a running session's dir is kept");
        assert!(other.is_dir(), "other dirs are not touched");
        live.wipe().expect("wipe");
        assert!(!live.path().exists());
    }

    #[test]
    fn a_dir_without_a_lock_is_removed_only_when_old() {
        let parent = tempfile::tempdir().expect("tempdir");
        let young = parent.path().join(format!("{PREFIX}young"));
        fs::create_dir(&young).expect("dir");
        assert!(sweep_stale(parent.path()).is_empty(), "may be being set up");
        let meta = fs::symlink_metadata(&young).expect("meta");
        assert!(!is_stale(&young, &meta));
    }

    /// A guest app killed with SIGKILL leaves its dir; the next start removes it.
    /// The "app" is this test binary in a child process, killed while it holds the dir.
    #[test]
    fn a_killed_sessions_dir_is_removed_at_the_next_start() {
        const CHILD: &str = "KABINET_GUEST_DIR_CHILD";
        if let Some(parent) = std::env::var_os(CHILD) {
            let dir = GuestDir::create_in(Path::new(&parent)).expect("guest dir");
            println!("DIR {}", dir.path().display());
            std::thread::sleep(Duration::from_secs(60));
            return;
        }
        let parent = tempfile::tempdir().expect("tempdir");
        let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "guest::dir::tests::a_killed_sessions_dir_is_removed_at_the_next_start",
                "--nocapture",
            ])
            .env(CHILD, parent.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("child");
        let mut out = io::BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        let dir = loop {
            line.clear();
            let n = io::BufRead::read_line(&mut out, &mut line).expect("read");
            assert!(n > 0, "the child ended before making its dir");
            if let Some(p) = line.trim().strip_prefix("DIR ") {
                break PathBuf::from(p);
            }
        };
        assert!(sweep_stale(parent.path()).is_empty(), "alive: kept");
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        assert!(
            dir.is_dir(),
            "a killed session cannot clean up after itself"
        );
        assert_eq!(sweep_stale(parent.path()), vec![dir.clone()]);
        assert!(!dir.exists());
    }
}
