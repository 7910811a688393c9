//! Signing up and in: the contacts a person registers with ([`contact`]: phones in
//! E.164, e-mail addresses, masking), the password policy ([`password`]) and the
//! one-time confirmation code rules ([`codes`]). Wire types: [`crate::api::auth`].

pub mod codes;
pub mod contact;
pub mod password;
