//! The portal through real HTTPS, on a fresh database per test, on SQLite and on
//! PostgreSQL (`KABINET_TEST_POSTGRES_URL`; without it the PostgreSQL variants say
//! they were skipped). Every scenario is generated for both backends by
//! [`both_backends!`]: `<scenario>::sqlite` and `<scenario>::postgres`.

#[macro_use]
#[path = "api/support.rs"]
mod support;

#[path = "api/registration.rs"]
mod registration;

#[path = "api/sessions.rs"]
mod sessions;

#[path = "api/protocol.rs"]
mod protocol;

#[path = "api/smtp.rs"]
mod smtp;

#[path = "api/jobs.rs"]
mod jobs;

#[path = "api/security.rs"]
mod security;

#[path = "api/slow.rs"]
mod slow;

#[path = "api/crash.rs"]
mod crash;

#[path = "api/profile.rs"]
mod profile;

#[path = "api/operators.rs"]
mod operators;

#[path = "api/letter.rs"]
mod letter;

#[path = "api/pension.rs"]
mod pension;

#[path = "api/applications.rs"]
mod applications;

#[path = "api/services.rs"]
mod services;

#[path = "api/pension_record.rs"]
mod pension_record;

#[path = "api/notifications.rs"]
mod notifications;

#[path = "api/agency.rs"]
mod agency;

#[path = "api/pension_payments.rs"]
mod pension_payments;

#[path = "api/results.rs"]
mod results;

#[path = "api/helpdesk.rs"]
mod helpdesk;

#[path = "api/disability.rs"]
mod disability;

#[path = "api/fund_requests.rs"]
mod fund_requests;

#[path = "api/edv.rs"]
mod edv;

#[path = "api/recovery.rs"]
mod recovery;

#[path = "api/session_list.rs"]
mod session_list;
