//! Time-based one-time passwords (RFC 6238) for operators' second factor, over the
//! `totp-rs` crate: SHA-1, 6 digits, 30-second steps — what every authenticator app
//! reads from an `otpauth://` QR code. A code is accepted one step either side of
//! now (clock drift) and only once: the caller stores the accepted step and refuses
//! any step not after it.

use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECS: u64 = 30;
pub const DIGITS: usize = 6;
/// Steps accepted either side of the current one.
pub const SKEW_STEPS: u64 = 1;
/// 160-bit secrets (RFC 4226 recommends this length for HMAC-SHA-1).
pub const SECRET_BYTES: usize = 20;

const ISSUER: &str = "Kabinet";

fn totp(secret: &[u8], account: &str) -> Result<TOTP, String> {
    // The label may not contain ':' (it separates issuer and account).
    let account = account.replace(':', "_");
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        0,
        STEP_SECS,
        secret.to_vec(),
        Some(ISSUER.to_owned()),
        account,
    )
    .map_err(|e| format!("totp: {e}"))
}

/// A fresh random secret.
pub fn new_secret() -> Vec<u8> {
    use rand::RngCore;
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

/// The secret as an authenticator app takes it typed in (base32, no padding).
pub fn secret_base32(secret: &[u8]) -> String {
    Secret::Raw(secret.to_vec()).to_encoded().to_string()
}

/// The `otpauth://totp/Kabinet:LOGIN?secret=…&issuer=Kabinet` URI a QR code carries.
pub fn otpauth_uri(secret: &[u8], account: &str) -> Result<String, String> {
    Ok(totp(secret, account)?.get_url())
}

/// The code for the step that holds `unix_secs`.
pub fn code_at(secret: &[u8], unix_secs: u64) -> Result<String, String> {
    Ok(totp(secret, "-")?.generate(unix_secs))
}

/// The time step the code belongs to, if it is the code of the current step or
/// of one step either side; `None` otherwise. Spaces are ignored (apps show
/// `123 456`). Compared in constant time by the crate.
pub fn matching_step(secret: &[u8], code: &str, unix_secs: u64) -> Result<Option<u64>, String> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let t = totp(secret, "-")?;
    let now = unix_secs / STEP_SECS;
    for step in now.saturating_sub(SKEW_STEPS)..=now + SKEW_STEPS {
        if t.check(&code, step * STEP_SECS) {
            return Ok(Some(step));
        }
    }
    Ok(None)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 (the 8-digit values; a 6-digit code is their
    /// last six digits).
    #[test]
    fn rfc6238_test_vectors() {
        let secret = b"12345678901234567890";
        let cases: &[(u64, &str)] = &[
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (t, full) in cases {
            assert_eq!(code_at(secret, *t).unwrap(), full[2..], "T = {t}");
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_no_further() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111; // step 37037037
        let step = now / STEP_SECS;
        // (code's time, expected step)
        let cases: &[(u64, Option<u64>)] = &[
            (now, Some(step)),
            (now - STEP_SECS, Some(step - 1)),
            (now + STEP_SECS, Some(step + 1)),
            (now - 2 * STEP_SECS, None),
            (now + 2 * STEP_SECS, None),
        ];
        for (at, expected) in cases {
            let code = code_at(secret, *at).unwrap();
            assert_eq!(
                matching_step(secret, &code, now).unwrap(),
                *expected,
                "{at}"
            );
        }
        let code = code_at(secret, now).unwrap();
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(matching_step(secret, &spaced, now).unwrap(), Some(step));
        for bad in ["", "12345", "1234567", "abcdef", "12 34 5x"] {
            assert_eq!(matching_step(secret, bad, now).unwrap(), None, "{bad:?}");
        }
    }

    #[test]
    fn the_uri_and_manual_key_name_the_same_secret() {
        let secret = new_secret();
        assert_eq!(secret.len(), SECRET_BYTES);
        let key = secret_base32(&secret);
        assert_eq!(key.len(), 32); // 160 bits in base32
        let uri = otpauth_uri(&secret, "ivanova:desk").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Kabinet:ivanova_desk?"),
            "{uri}"
        );
        assert!(uri.contains(&format!("secret={key}")), "{uri}");
        assert!(uri.contains("issuer=Kabinet"), "{uri}");
    }
}
