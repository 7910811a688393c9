//! Who a person is to the service: the name as registered and the account level,
//! with what each level unlocks ([`account`]). Identity documents (SNILS, passport)
//! will live here too. Wire types: [`crate::api::identity`].

pub mod account;
