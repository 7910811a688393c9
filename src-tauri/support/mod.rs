//! Support in the app: a ticket to the portal's support desk (`/me/support`) and
//! the list of the account's tickets. The technical details sent with a ticket are
//! built here, from what the app is — versions, the screen, error codes — never
//! from what the citizen typed or holds; the UI shows exactly what will be sent.
//! And a request to the pension fund without an account ([`fund`]).

pub mod commands;
pub mod flow;
pub mod fund;
