//! The app's own folders and files are private to the user: folders 0700, files
//! 0600 (on Unix; elsewhere the platform's per-user defaults apply).

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` (and missing parents) as 0700, and makes an existing one 0700.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    restrict(dir, 0o700)
}

/// Creates `path` empty as 0600 if it does not exist, and makes it 0600 if it does
/// (files written by earlier versions with the default mode).
pub fn private_file(path: &Path) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file: File = options.open(path)?;
    drop(file);
    restrict(path, 0o600)
}

/// Makes an existing file 0600; a missing one is fine.
pub fn restrict_if_present(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(_) => restrict(path, 0o600),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// The permission bits of `path` (tests).
#[cfg(all(test, unix))]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn folders_are_0700_and_files_0600_new_or_old() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("a/b");
        private_dir(&dir).expect("dir");
        assert_eq!(mode(&dir), 0o700);
        let file = dir.join("f");
        private_file(&file).expect("file");
        assert_eq!(mode(&file), 0o600);

        // Made by an earlier version with the default modes: tightened.
        let old_dir = tmp.path().join("old");
        fs::create_dir(&old_dir).expect("mkdir");
        fs::set_permissions(&old_dir, fs::Permissions::from_mode(0o755)).expect("chmod");
        let old_file = old_dir.join("f");
        fs::write(&old_file, b"kept").expect("write");
        fs::set_permissions(&old_file, fs::Permissions::from_mode(0o644)).expect("chmod");
        private_dir(&old_dir).expect("dir");
        private_file(&old_file).expect("file");
        assert_eq!((mode(&old_dir), mode(&old_file)), (0o700, 0o600));
        assert_eq!(fs::read(&old_file).expect("read"), b"kept", "contents kept");
        restrict_if_present(&old_dir.join("missing")).expect("missing is fine");
    }
}

/// Opens `path` with the desktop's default application for it (a PDF viewer), not
/// waiting for it to close.
pub fn open_with_system(path: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    let mut command = std::process::Command::new("xdg-open");
    #[cfg(target_os = "macos")]
    let mut command = std::process::Command::new("open");
    #[cfg(target_os = "windows")]
    let mut command = std::process::Command::new("explorer");
    #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
    return Err(io::Error::other("no system viewer on this platform"));
    #[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
    {
        command
            .arg(path)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map(|_| ())
    }
}
