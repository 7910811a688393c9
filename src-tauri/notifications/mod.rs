//! The notifications feature in the app: the inbox (the portal's events, through
//! [`flow`]) and the live stream ([`stream`]): while someone is signed in, a
//! background task holds the portal's Server-Sent Events stream, resumes it with
//! `Last-Event-ID` after a drop (backoff 1 s doubling to 30 s) or an expired
//! access token, sends each event to the UI (through the channel the UI gave
//! `notifications_subscribe`) and, when the window is not focused, shows an OS
//! notification (a failure to show one is only logged). The last event id is kept
//! in memory for the signed-in session; a new sign-in starts after the newest
//! event (older ones are in the inbox, not re-announced).

pub mod commands;
pub mod flow;
pub mod sse;
pub mod stream;
