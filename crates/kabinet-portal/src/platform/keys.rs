//! The server's secret key and what is derived from it.
//!
//! One 32-byte random key, generated on first start and kept in a file (mode 0600)
//! next to the SQLite database or where `secret_key_file` says — deliberately not in
//! the database, so a copy of the database alone cannot test guesses of codes or
//! tokens against their stored hashes. Every stored code, token, registration id and
//! destination is an HMAC-SHA256 under this key, with a purpose label for domain
//! separation. Idempotency records (whose responses may carry tokens) are encrypted
//! with ChaCha20-Poly1305 under a per-record key derived from it.

use std::io::Write;
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use kabinet_core::secret::SecretBytes;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::Sha256;

use crate::PortalError;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone, Debug)]
pub struct ServerKey(SecretBytes);

/// 256 random bits, hex-encoded: registration ids, access and refresh tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// 128 random bits, hex: internal row ids.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A 256-bit hex token as issued by [`random_token`].
pub fn is_token_shaped(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl ServerKey {
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(SecretBytes::new(bytes))
    }

    /// Reads the key file, or creates it (0600) with a fresh random key.
    pub fn load_or_create(path: &Path) -> Result<Self, PortalError> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let bytes = hex::decode(text.trim()).map_err(|_| {
                    PortalError::Config(format!("{}: not a hex key", path.display()))
                })?;
                if bytes.len() != 32 {
                    return Err(PortalError::Config(format!(
                        "{}: the key must be 32 bytes",
                        path.display()
                    )));
                }
                Ok(Self::from_bytes(bytes))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut bytes = vec![0u8; 32];
                OsRng.fill_bytes(&mut bytes);
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| PortalError::Io(format!("key dir: {e}")))?;
                }
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.mode(0o600);
                }
                match options.open(path) {
                    Ok(mut file) => {
                        file.write_all(hex::encode(&bytes).as_bytes())
                            .and_then(|()| file.sync_all())
                            .map_err(|e| PortalError::Io(format!("writing key file: {e}")))?;
                        Ok(Self::from_bytes(bytes))
                    }
                    // Another process created it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        Self::load_or_create(path)
                    }
                    Err(e) => Err(PortalError::Io(format!(
                        "creating key file {}: {e}",
                        path.display()
                    ))),
                }
            }
            Err(e) => Err(PortalError::Io(format!(
                "reading key file {}: {e}",
                path.display()
            ))),
        }
    }

    fn mac(&self, purpose: &str, parts: &[&[u8]]) -> [u8; 32] {
        #[allow(clippy::expect_used)] // HMAC accepts keys of any length
        let mut mac = <HmacSha256 as Mac>::new_from_slice(self.0.expose())
            .expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        for part in parts {
            // Length-prefixed, so ("ab","c") and ("a","bc") differ.
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// Keyed hash, hex: what the database stores instead of a secret or identifier.
    pub fn hash(&self, purpose: &str, parts: &[&[u8]]) -> String {
        hex::encode(self.mac(purpose, parts))
    }

    /// Encrypts `plain` under a key bound to `context`; output is hex(nonce ‖ ciphertext).
    pub fn seal(&self, context: &str, plain: &[u8]) -> String {
        let key = self.mac("seal", &[context.as_bytes()]);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&key));
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        // Encryption with a fresh nonce cannot fail for in-memory buffers this size.
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plain)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        hex::encode(out)
    }

    pub fn open(&self, context: &str, sealed_hex: &str) -> Option<Vec<u8>> {
        let sealed = hex::decode(sealed_hex).ok()?;
        if sealed.len() < 12 {
            return None;
        }
        let key = self.mac("seal", &[context.as_bytes()]);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&key));
        cipher
            .decrypt(Nonce::from_slice(&sealed[..12]), &sealed[12..])
            .ok()
    }
}

/// Constant-time comparison of two hex digests.
pub fn digests_equal(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_round_trip_and_derivations() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/portal.key");
        let a = ServerKey::load_or_create(&path).expect("create");
        let b = ServerKey::load_or_create(&path).expect("load");
        assert_eq!(a.hash("code", &[b"x"]), b.hash("code", &[b"x"]));
        assert_ne!(
            a.hash("code", &[b"ab", b"c"]),
            a.hash("code", &[b"a", b"bc"])
        );
        assert_ne!(a.hash("code", &[b"x"]), a.hash("token", &[b"x"]));
        let sealed = a.seal("ctx", b"{\"token\":1}");
        assert_eq!(
            b.open("ctx", &sealed).as_deref(),
            Some(&b"{\"token\":1}"[..])
        );
        assert_eq!(b.open("other", &sealed), None);
        assert!(digests_equal("abcd", "abcd") && !digests_equal("abcd", "abce"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
