//! Who a person is to the service: the name as registered and the account level,
//! with what each level unlocks ([`account`]); the identity documents — SNILS
//! ([`snils`]), the internal passport ([`passport`]), INN ([`inn`]), the optional
//! documents and the residence address ([`documents`]) — and the standard-level
//! profile that brings them together ([`profile`]); the service centres where
//! identity is confirmed in person ([`centres`]). Wire types:
//! [`crate::api::identity`].

pub mod account;
pub mod centres;
pub mod documents;
pub mod inn;
pub mod passport;
pub mod profile;
pub mod snils;
