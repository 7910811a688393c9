//! Configuration: built in code ([`PortalConfig::embedded`]) or loaded from a TOML
//! file plus environment variables ([`PortalConfig::load`]; the environment wins).
//!
//! The keys are listed on [`PortalConfig`].

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use kabinet_core::secret::SecretString;
use serde::Deserialize;

use crate::PortalError;
use crate::platform::clock::{Clock, SystemClock};
use crate::platform::http::client_ip::IpNet;
use crate::platform::jobs::JobsConfig;

/// Where the server certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsConfig {
    /// Generate a self-signed pair for `localhost`/`127.0.0.1` at start (development,
    /// embedded demo). Clients pin the certificate ([`crate::Application::certificate_pem`]).
    SelfSigned,
    /// PEM files: the certificate chain and its private key; optionally the
    /// document-signing certificate (chain, signer first) and its PKCS#8 P-256 key.
    /// Without them the portal serves no signed documents (`unavailable`).
    Files {
        cert: PathBuf,
        key: PathBuf,
        signing_cert: Option<PathBuf>,
        signing_key: Option<PathBuf>,
    },
}

/// How to talk to the SMTP relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    #[default]
    Starttls,
    Tls,
    /// Plain text: only for a relay on localhost in development.
    None,
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: Option<u16>,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub from: String,
}

/// Everything the portal needs to start. File keys and environment variables:
///
/// ```toml
/// bind = "0.0.0.0:8443"                          # KABINET_PORTAL_BIND
/// database_url = "sqlite://kabinet-portal.db"    # KABINET_PORTAL_DATABASE_URL (or postgres://…)
/// secret_key_file = "kabinet-portal.key"         # KABINET_PORTAL_SECRET_KEY_FILE
/// pension_params_file = "/etc/kabinet/pension-params.toml"  # KABINET_PORTAL_PENSION_PARAMS_FILE (default: the built-in table)
/// demo = false                                   # KABINET_PORTAL_DEMO (true/false/1/0)
/// trusted_proxies = ["10.0.0.0/8"]               # KABINET_PORTAL_TRUSTED_PROXIES (comma-separated)
/// max_connections_per_client = 256               # KABINET_PORTAL_MAX_CONNECTIONS_PER_CLIENT
/// registry_delay_secs = 60                       # KABINET_PORTAL_REGISTRY_DELAY_SECS (dev registries)
/// post_delay_secs = 86400                        # KABINET_PORTAL_POST_DELAY_SECS (dev post, per tracking step)
/// agency_delay_secs = 3600                       # KABINET_PORTAL_AGENCY_DELAY_SECS (demo agencies, per application step)
/// [tls]                                          # omit for a generated self-signed pair
/// cert = "/etc/kabinet/cert.pem"                 # KABINET_PORTAL_TLS_CERT
/// key = "/etc/kabinet/key.pem"                   # KABINET_PORTAL_TLS_KEY
/// signing_cert = "/etc/kabinet/sign.pem"         # KABINET_PORTAL_SIGNING_CERT (issued by the CA clients pin)
/// signing_key = "/etc/kabinet/sign-key.pem"      # KABINET_PORTAL_SIGNING_KEY (PKCS#8 P-256)
/// [smtp]                                         # omit: e-mail goes to the outbox only
/// host = "smtp.example.ru"                       # KABINET_PORTAL_SMTP_HOST
/// port = 587                                     # KABINET_PORTAL_SMTP_PORT
/// security = "starttls"                          # KABINET_PORTAL_SMTP_SECURITY: starttls|tls|none
/// username = "kabinet"                           # KABINET_PORTAL_SMTP_USERNAME
/// password = "…"                                 # KABINET_PORTAL_SMTP_PASSWORD
/// from = "Кабинет <no-reply@example.ru>"         # KABINET_PORTAL_SMTP_FROM
/// ```
#[derive(Clone)]
pub struct PortalConfig {
    pub bind: SocketAddr,
    /// `sqlite://path` (created if missing) or `postgres://…`.
    pub database_url: String,
    pub tls: TlsConfig,
    /// Where the 32-byte server key (HMAC of codes, tokens, ids) lives; generated on
    /// first start. `None`: next to the SQLite file (`<db>.key`), or
    /// `kabinet-portal.key` in the working directory for PostgreSQL.
    pub secret_key_file: Option<PathBuf>,
    /// Demo mode: demo data loaded at start, `GET /api/v1/demo/outbox` available.
    pub demo: bool,
    pub smtp: Option<SmtpConfig>,
    /// Reverse proxies / load balancers whose `X-Forwarded-For` names the client
    /// (addresses or CIDR networks). Empty: the TCP peer is the client.
    pub trusted_proxies: Vec<IpNet>,
    /// Background job workers in this process.
    pub jobs: JobsConfig,
    /// Password hashings that may wait for a CPU before the portal answers 503.
    pub password_hash_queue: usize,
    /// How long a client may take to send a request's headers, and its body.
    pub read_timeout: std::time::Duration,
    /// Open connections one client address (an IPv6 client: its /64) may hold;
    /// trusted proxies are not counted.
    pub max_connections_per_client: usize,
    /// How long the development registries take to answer a check (zero in
    /// tests, seconds in the embedded demo, a minute by default).
    pub registry_delay: std::time::Duration,
    /// How long each step of a registered letter's tracking takes at the
    /// development post (zero in tests, 5 seconds in the embedded demo, a day by
    /// default).
    pub post_delay: std::time::Duration,
    /// How long the demo agencies take over each step of an application.
    pub agency_delay: std::time::Duration,
    /// Authorities the development interagency exchange treats as not answering
    /// (their requests are asked again until the deadline, then fail).
    pub exchange_down: Vec<String>,
    /// How long an authority has to answer an exchange request (2 days).
    pub exchange_deadline: std::time::Duration,
    /// The pension parameter table served (signed) at `GET /api/v1/pension/params`,
    /// TOML as `kabinet_core::pension::PensionParams::from_toml` reads it, checked
    /// at start. `None`: the table compiled into kabinet-core.
    pub pension_params_file: Option<PathBuf>,
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for PortalConfig {
    // The database URL may carry a password: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalConfig")
            .field("bind", &self.bind)
            .field("tls", &self.tls)
            .field("demo", &self.demo)
            .field("smtp", &self.smtp.as_ref().map(|s| &s.host))
            .field("trusted_proxies", &self.trusted_proxies)
            .finish_non_exhaustive()
    }
}

impl Default for PortalConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 8443)),
            database_url: "sqlite://kabinet-portal.db".to_owned(),
            tls: TlsConfig::SelfSigned,
            secret_key_file: None,
            pension_params_file: None,
            demo: false,
            smtp: None,
            trusted_proxies: Vec::new(),
            jobs: JobsConfig::default(),
            password_hash_queue: crate::auth::passwords::MAX_QUEUED,
            read_timeout: std::time::Duration::from_secs(10),
            max_connections_per_client: 256,
            registry_delay: std::time::Duration::from_secs(60),
            post_delay: std::time::Duration::from_secs(86_400),
            agency_delay: std::time::Duration::from_secs(3_600),
            exchange_down: Vec::new(),
            exchange_deadline: std::time::Duration::from_secs(2 * 86_400),
            clock: Arc::new(SystemClock),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    database_url: Option<String>,
    secret_key_file: Option<PathBuf>,
    pension_params_file: Option<PathBuf>,
    demo: Option<bool>,
    trusted_proxies: Option<Vec<String>>,
    max_connections_per_client: Option<usize>,
    registry_delay_secs: Option<u64>,
    post_delay_secs: Option<u64>,
    agency_delay_secs: Option<u64>,
    jobs: Option<FileJobs>,
    tls: Option<FileTls>,
    smtp: Option<FileSmtp>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileJobs {
    run: Option<bool>,
    poll_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileTls {
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
    signing_cert: Option<PathBuf>,
    signing_key: Option<PathBuf>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmtp {
    host: Option<String>,
    port: Option<u16>,
    security: Option<SmtpSecurity>,
    username: Option<String>,
    password: Option<String>,
    from: Option<String>,
}

impl std::fmt::Debug for FileSmtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileSmtp { .. }")
    }
}

impl PortalConfig {
    /// The in-process portal of the desktop app: loopback, any free port, a
    /// generated certificate, SQLite at `sqlite_path` (key file next to it).
    pub fn embedded(sqlite_path: impl AsRef<Path>, demo: bool) -> Self {
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            database_url: sqlite_url(sqlite_path.as_ref()),
            demo,
            registry_delay: std::time::Duration::from_secs(3),
            post_delay: std::time::Duration::from_secs(5),
            agency_delay: std::time::Duration::from_secs(5),
            ..Self::default()
        }
    }

    /// Defaults, then the TOML file (if given), then `KABINET_PORTAL_*` variables.
    pub fn load(file: Option<&Path>) -> Result<Self, PortalError> {
        let text = match file {
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| PortalError::Config(format!("cannot read {}: {e}", path.display())))?,
            None => String::new(),
        };
        Self::from_sources(&text, |name| std::env::var(name).ok())
    }

    /// The pure part of [`Self::load`]: a TOML text and an environment lookup.
    pub fn from_sources(
        toml_text: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, PortalError> {
        let file: FileConfig = toml::from_str(toml_text)
            .map_err(|e| PortalError::Config(format!("config file: {e}")))?;
        let mut config = Self::default();
        let var = |name: &str| env(&format!("KABINET_PORTAL_{name}")).filter(|v| !v.is_empty());

        if let Some(bind) = var("BIND").or(file.bind) {
            config.bind = bind
                .parse()
                .map_err(|_| PortalError::Config(format!("bind: not an address: {bind}")))?;
        }
        if let Some(url) = var("DATABASE_URL").or(file.database_url) {
            config.database_url = url;
        }
        if let Some(path) = var("SECRET_KEY_FILE")
            .map(PathBuf::from)
            .or(file.secret_key_file)
        {
            config.secret_key_file = Some(path);
        }
        if let Some(path) = var("PENSION_PARAMS_FILE")
            .map(PathBuf::from)
            .or(file.pension_params_file)
        {
            config.pension_params_file = Some(path);
        }
        if let Some(demo) = var("DEMO") {
            config.demo = match demo.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => true,
                "0" | "false" | "no" | "off" => false,
                _ => {
                    return Err(PortalError::Config(
                        "KABINET_PORTAL_DEMO: expected true or false".into(),
                    ));
                }
            };
        } else if let Some(demo) = file.demo {
            config.demo = demo;
        }
        let proxies = match var("TRUSTED_PROXIES") {
            Some(list) => list.split(',').map(str::to_owned).collect(),
            None => file.trusted_proxies.unwrap_or_default(),
        };
        config.trusted_proxies = proxies
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                p.parse()
                    .map_err(|e| PortalError::Config(format!("trusted_proxies: {e}")))
            })
            .collect::<Result<_, _>>()?;
        if let Some(max) = var("MAX_CONNECTIONS_PER_CLIENT") {
            config.max_connections_per_client = max.trim().parse().map_err(|_| {
                PortalError::Config(format!("max_connections_per_client: not a number: {max}"))
            })?;
        } else if let Some(max) = file.max_connections_per_client {
            config.max_connections_per_client = max;
        }
        if let Some(secs) = var("REGISTRY_DELAY_SECS") {
            config.registry_delay =
                std::time::Duration::from_secs(secs.trim().parse().map_err(|_| {
                    PortalError::Config(format!("registry_delay_secs: not a number: {secs}"))
                })?);
        } else if let Some(secs) = file.registry_delay_secs {
            config.registry_delay = std::time::Duration::from_secs(secs);
        }
        if let Some(secs) = var("AGENCY_DELAY_SECS") {
            config.agency_delay =
                std::time::Duration::from_secs(secs.trim().parse().map_err(|_| {
                    PortalError::Config(format!("agency_delay_secs: not a number: {secs}"))
                })?);
        } else if let Some(secs) = file.agency_delay_secs {
            config.agency_delay = std::time::Duration::from_secs(secs);
        }
        if let Some(secs) = var("POST_DELAY_SECS") {
            config.post_delay =
                std::time::Duration::from_secs(secs.trim().parse().map_err(|_| {
                    PortalError::Config(format!("post_delay_secs: not a number: {secs}"))
                })?);
        } else if let Some(secs) = file.post_delay_secs {
            config.post_delay = std::time::Duration::from_secs(secs);
        }
        if config.max_connections_per_client == 0 {
            return Err(PortalError::Config(
                "max_connections_per_client must be at least 1".to_owned(),
            ));
        }
        let tls = file.tls.unwrap_or_default();
        let cert = var("TLS_CERT").map(PathBuf::from).or(tls.cert);
        let key = var("TLS_KEY").map(PathBuf::from).or(tls.key);
        let signing_cert = var("SIGNING_CERT").map(PathBuf::from).or(tls.signing_cert);
        let signing_key = var("SIGNING_KEY").map(PathBuf::from).or(tls.signing_key);
        if signing_cert.is_some() != signing_key.is_some() {
            return Err(PortalError::Config(
                "document signing needs both a certificate and a key file".into(),
            ));
        }
        config.tls = match (cert, key) {
            (Some(cert), Some(key)) => TlsConfig::Files {
                cert,
                key,
                signing_cert,
                signing_key,
            },
            (None, None) if signing_cert.is_none() => TlsConfig::SelfSigned,
            (None, None) => {
                return Err(PortalError::Config(
                    "signing_cert/signing_key need the TLS cert and key files too".into(),
                ));
            }
            _ => {
                return Err(PortalError::Config(
                    "TLS needs both a certificate and a key file".into(),
                ));
            }
        };
        let smtp = file.smtp.unwrap_or_default();
        if let Some(host) = var("SMTP_HOST").or(smtp.host) {
            let port = match var("SMTP_PORT") {
                Some(p) => Some(
                    p.parse()
                        .map_err(|_| PortalError::Config("KABINET_PORTAL_SMTP_PORT".into()))?,
                ),
                None => smtp.port,
            };
            let security = match var("SMTP_SECURITY") {
                Some(s) => match s.as_str() {
                    "starttls" => SmtpSecurity::Starttls,
                    "tls" => SmtpSecurity::Tls,
                    "none" => SmtpSecurity::None,
                    _ => {
                        return Err(PortalError::Config(
                            "KABINET_PORTAL_SMTP_SECURITY: starttls|tls|none".into(),
                        ));
                    }
                },
                None => smtp.security.unwrap_or_default(),
            };
            let from = var("SMTP_FROM")
                .or(smtp.from)
                .ok_or_else(|| PortalError::Config("SMTP needs a `from` address".into()))?;
            config.smtp = Some(SmtpConfig {
                host,
                port,
                security,
                username: var("SMTP_USERNAME").or(smtp.username),
                password: var("SMTP_PASSWORD")
                    .or(smtp.password)
                    .map(SecretString::from),
                from,
            });
        }
        let jobs = file.jobs.unwrap_or_default();
        if let Some(run) = var("JOBS_RUN")
            .map(|v| v != "0" && v != "false")
            .or(jobs.run)
        {
            config.jobs.run = run;
        }
        let poll_ms = match var("JOBS_POLL_MS") {
            Some(v) => Some(v.parse::<u64>().map_err(|_| {
                PortalError::Config("KABINET_PORTAL_JOBS_POLL_MS: milliseconds".into())
            })?),
            None => jobs.poll_ms,
        };
        if let Some(ms) = poll_ms {
            config.jobs.poll = std::time::Duration::from_millis(ms.max(10));
        }
        config.validate()?;
        Ok(config)
    }

    /// Refuses settings that would expose what must stay private: demo mode serves
    /// every message (codes included) without authentication, so it binds to
    /// loopback only; SMTP without TLS sends codes in clear, so only to a relay on
    /// this machine.
    pub fn validate(&self) -> Result<(), PortalError> {
        if self.demo && !self.bind.ip().is_loopback() {
            return Err(PortalError::Config(format!(
                "demo mode serves the outbox without authentication: bind it to loopback (127.0.0.1 or ::1), not {}",
                self.bind.ip()
            )));
        }
        if let Some(smtp) = &self.smtp
            && smtp.security == SmtpSecurity::None
            && !is_loopback_host(&smtp.host)
        {
            return Err(PortalError::Config(
                "smtp.security = \"none\" sends messages in clear: allowed only to a relay on loopback; use starttls or tls".into(),
            ));
        }
        Ok(())
    }

    /// The server key file actually used.
    pub fn secret_key_path(&self) -> PathBuf {
        if let Some(path) = &self.secret_key_file {
            return path.clone();
        }
        match sqlite_path(&self.database_url) {
            Some(db) if db != Path::new(":memory:") => {
                let mut name = db.as_os_str().to_owned();
                name.push(".key");
                PathBuf::from(name)
            }
            _ => PathBuf::from("kabinet-portal.key"),
        }
    }
}

/// `sqlite://` URL for a file path, creating the file if missing.
fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub fn sqlite_url(path: &Path) -> String {
    let mut out = String::from("sqlite://");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out.push_str("?mode=rwc");
    out
}

/// The file behind a `sqlite:` URL, if it is one.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    let decoded = path
        .replace("%3F", "?")
        .replace("%23", "#")
        .replace("%25", "%");
    Some(PathBuf::from(decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_environment() {
        let toml = r#"
            bind = "0.0.0.0:9443"
            database_url = "postgres://u@db/kabinet"
            demo = true
            [tls]
            cert = "c.pem"
            key = "k.pem"
        "#;
        let env = |name: &str| match name {
            "KABINET_PORTAL_BIND" => Some("127.0.0.1:7443".to_owned()),
            "KABINET_PORTAL_DEMO" => Some("false".to_owned()),
            _ => None,
        };
        let c = PortalConfig::from_sources(toml, env).expect("valid config");
        assert_eq!(c.bind, "127.0.0.1:7443".parse().expect("addr"));
        assert_eq!(c.database_url, "postgres://u@db/kabinet");
        assert!(!c.demo);
        assert_eq!(
            c.tls,
            TlsConfig::Files {
                cert: "c.pem".into(),
                key: "k.pem".into(),
                signing_cert: None,
                signing_key: None,
            }
        );
        assert_eq!(c.secret_key_path(), PathBuf::from("kabinet-portal.key"));
        assert!(PortalConfig::from_sources("bogus = 1", |_| None).is_err());
        assert!(PortalConfig::from_sources("[tls]\ncert = \"c.pem\"", |_| None).is_err());
    }

    #[test]
    fn the_signing_pair_comes_with_the_tls_files_and_together() {
        let toml = "[tls]\ncert = \"c.pem\"\nkey = \"k.pem\"\nsigning_cert = \"s.pem\"";
        let env = |name: &str| (name == "KABINET_PORTAL_SIGNING_KEY").then(|| "sk.pem".to_owned());
        let c = PortalConfig::from_sources(toml, env).expect("valid config");
        assert_eq!(
            c.tls,
            TlsConfig::Files {
                cert: "c.pem".into(),
                key: "k.pem".into(),
                signing_cert: Some("s.pem".into()),
                signing_key: Some("sk.pem".into()),
            }
        );
        assert!(
            PortalConfig::from_sources(toml, |_| None).is_err(),
            "no key"
        );
        assert!(
            PortalConfig::from_sources("[tls]\nsigning_cert = \"s\"\nsigning_key = \"k\"", |_| {
                None
            })
            .is_err(),
            "a signing pair without TLS files"
        );
    }

    #[test]
    fn demo_and_plain_smtp_only_on_loopback() {
        // (file, accepted?)
        let cases: &[(&str, bool)] = &[
            ("demo = true\nbind = \"127.0.0.1:8443\"", true),
            ("demo = true\nbind = \"[::1]:8443\"", true),
            ("demo = true\nbind = \"0.0.0.0:8443\"", false),
            ("demo = true\nbind = \"192.168.1.5:8443\"", false),
            ("demo = false\nbind = \"0.0.0.0:8443\"", true),
            (
                "[smtp]\nhost = \"127.0.0.1\"\nsecurity = \"none\"\nfrom = \"a@b.c\"",
                true,
            ),
            (
                "[smtp]\nhost = \"localhost\"\nsecurity = \"none\"\nfrom = \"a@b.c\"",
                true,
            ),
            (
                "[smtp]\nhost = \"mail.example.ru\"\nsecurity = \"none\"\nfrom = \"a@b.c\"",
                false,
            ),
            (
                "[smtp]\nhost = \"mail.example.ru\"\nsecurity = \"starttls\"\nfrom = \"a@b.c\"",
                true,
            ),
        ];
        for (file, accepted) in cases {
            let outcome = PortalConfig::from_sources(file, |_| None);
            assert_eq!(outcome.is_ok(), *accepted, "{file}: {:?}", outcome.err());
        }
        let env = |name: &str| match name {
            "KABINET_PORTAL_DEMO" => Some("true".to_owned()),
            "KABINET_PORTAL_BIND" => Some("0.0.0.0:8443".to_owned()),
            _ => None,
        };
        let refused = PortalConfig::from_sources("", env);
        assert!(matches!(refused, Err(PortalError::Config(m)) if m.contains("loopback")));
    }

    #[test]
    fn trusted_proxies_from_file_and_environment() {
        let file = r#"trusted_proxies = ["10.0.0.0/8", "::1"]"#;
        let c = PortalConfig::from_sources(file, |_| None).expect("valid");
        let shown: Vec<String> = c.trusted_proxies.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["10.0.0.0/8", "::1/128"]);
        let env = |name: &str| {
            (name == "KABINET_PORTAL_TRUSTED_PROXIES")
                .then(|| "127.0.0.1, 192.168.0.0/16".to_owned())
        };
        let c = PortalConfig::from_sources(file, env).expect("valid");
        let shown: Vec<String> = c.trusted_proxies.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["127.0.0.1/32", "192.168.0.0/16"]);
        assert!(PortalConfig::default().trusted_proxies.is_empty());
        let bad = PortalConfig::from_sources(r#"trusted_proxies = ["proxy.local"]"#, |_| None);
        assert!(matches!(bad, Err(PortalError::Config(m)) if m.contains("proxy.local")));
    }

    #[test]
    fn post_delay_from_file_and_environment() {
        assert_eq!(
            PortalConfig::default().post_delay,
            std::time::Duration::from_secs(86_400)
        );
        assert_eq!(
            PortalConfig::embedded("/tmp/p.db", true).post_delay,
            std::time::Duration::from_secs(5)
        );
        let c = PortalConfig::from_sources("post_delay_secs = 7", |_| None).expect("valid");
        assert_eq!(c.post_delay, std::time::Duration::from_secs(7));
        let env = |name: &str| (name == "KABINET_PORTAL_POST_DELAY_SECS").then(|| "0".to_owned());
        let c = PortalConfig::from_sources("post_delay_secs = 7", env).expect("valid");
        assert_eq!(c.post_delay, std::time::Duration::ZERO);
        let bad =
            |name: &str| (name == "KABINET_PORTAL_POST_DELAY_SECS").then(|| "soon".to_owned());
        assert!(PortalConfig::from_sources("", bad).is_err());
    }

    #[test]
    fn embedded_paths() {
        let c = PortalConfig::embedded("/data/my app/portal#1.db", true);
        assert_eq!(
            c.database_url,
            "sqlite:///data/my app/portal%231.db?mode=rwc"
        );
        assert_eq!(
            c.secret_key_path(),
            PathBuf::from("/data/my app/portal#1.db.key")
        );
        assert_eq!(c.bind.port(), 0);
        assert_eq!(c.tls, TlsConfig::SelfSigned);
    }
}
