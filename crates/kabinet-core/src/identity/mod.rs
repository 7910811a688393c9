//! Who a person is to the service: the name as registered and the account level,
//! with what each level unlocks ([`account`]); the identity documents — SNILS
//! ([`snils`]), the internal passport ([`passport`]), INN ([`inn`]), the optional
//! documents and the residence address ([`documents`]) — and the standard-level
//! profile that brings them together ([`profile`]). Wire types:
//! [`crate::api::identity`].

pub mod account;
pub mod documents;
pub mod inn;
pub mod passport;
pub mod profile;
pub mod snils;
