//! Start-up configuration: `kabinet.toml` in the app's config folder, then the
//! environment, then command-line flags (each overrides the one before).
//!
//! ```toml
//! # kabinet.toml
//! portal_url = "https://portal.example.ru"   # absent: start the embedded demo portal
//! portal_ca  = "/etc/kabinet/portal-ca.pem"  # required with portal_url: the only CA trusted
//! guest = true                                # service-center PC: keep nothing
//! ```
//! Environment: `KABINET_PORTAL_URL`, `KABINET_PORTAL_CA`, `KABINET_GUEST=1`,
//! `KABINET_DATA_DIR` (data folder), `KABINET_CONFIG` (path of the config file).
//! Flags: `--guest`.

use std::path::PathBuf;

use reqwest::Url;
use serde::Deserialize;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("config file: {0}")]
    File(String),
    #[error("portal_url is not a valid https URL: {0}")]
    Url(String),
    #[error(
        "portal_url is set but portal_ca (KABINET_PORTAL_CA) is not: refusing to trust anything else"
    )]
    MissingCa,
    #[error("portal_ca is set without portal_url")]
    CaWithoutUrl,
    #[error("{0} must be true/false or 1/0")]
    Bool(&'static str),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    portal_url: Option<String>,
    portal_ca: Option<PathBuf>,
    guest: Option<bool>,
}

/// Which portal the app talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortalTarget {
    /// Start the portal in-process on loopback with demo data; pin its certificate.
    Embedded,
    /// A configured portal, trusted only through the given CA certificate file.
    Remote { url: Url, ca_path: PathBuf },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub portal: PortalTarget,
    pub guest: bool,
    /// `KABINET_DATA_DIR`: overrides the platform data folder.
    pub data_dir: Option<PathBuf>,
}

/// Builds the configuration from the file's text (if any), an environment lookup
/// and the command-line arguments (without the program name).
pub fn resolve(
    file_text: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    args: &[String],
) -> Result<Config, ConfigError> {
    let file: FileConfig = match file_text {
        Some(text) => {
            toml::from_str(text).map_err(|e| ConfigError::File(e.message().to_owned()))?
        }
        None => FileConfig::default(),
    };
    let non_empty = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    let url = non_empty("KABINET_PORTAL_URL").or(file.portal_url);
    let ca = non_empty("KABINET_PORTAL_CA")
        .map(PathBuf::from)
        .or(file.portal_ca);
    let mut guest = file.guest.unwrap_or(false);
    if let Some(v) = non_empty("KABINET_GUEST") {
        guest = parse_bool(&v).ok_or(ConfigError::Bool("KABINET_GUEST"))?;
    }
    if args.iter().any(|a| a == "--guest") {
        guest = true;
    }
    let portal = match (url, ca) {
        (None, None) => PortalTarget::Embedded,
        (None, Some(_)) => return Err(ConfigError::CaWithoutUrl),
        (Some(_), None) => return Err(ConfigError::MissingCa),
        (Some(url), Some(ca_path)) => {
            let parsed = Url::parse(url.trim()).map_err(|e| ConfigError::Url(e.to_string()))?;
            if parsed.scheme() != "https" || parsed.host_str().is_none() {
                return Err(ConfigError::Url("only https:// URLs are allowed".into()));
            }
            PortalTarget::Remote {
                url: parsed,
                ca_path,
            }
        }
    };
    let data_dir = non_empty("KABINET_DATA_DIR").map(PathBuf::from);
    Ok(Config {
        portal,
        guest,
        data_dir,
    })
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn run(file: Option<&str>, env: &[(&str, &str)], args: &[&str]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        resolve(file, &|k| env.get(k).cloned(), &args)
    }

    #[test]
    fn nothing_configured_means_embedded_and_not_guest() {
        let c = run(None, &[], &[]).expect("ok");
        assert_eq!(c.portal, PortalTarget::Embedded);
        assert!(!c.guest);
        assert_eq!(c.data_dir, None);
    }

    #[test]
    fn file_sets_remote_portal_and_guest() {
        let c = run(
            Some("portal_url = \"https://portal.example.ru/\"\nportal_ca = \"/etc/ca.pem\"\nguest = true\n"),
            &[],
            &[],
        )
        .expect("ok");
        assert!(c.guest);
        match c.portal {
            PortalTarget::Remote { url, ca_path } => {
                assert_eq!(url.as_str(), "https://portal.example.ru/");
                assert_eq!(ca_path, PathBuf::from("/etc/ca.pem"));
            }
            other => panic!("expected remote, got {other:?}"),
        }
    }

    #[test]
    fn env_overrides_file_and_flag_sets_guest() {
        let c = run(
            Some("portal_url = \"https://a.example\"\nportal_ca = \"/a.pem\""),
            &[
                ("KABINET_PORTAL_URL", "https://b.example"),
                ("KABINET_DATA_DIR", "/tmp/x"),
            ],
            &["--guest"],
        )
        .expect("ok");
        assert!(c.guest);
        assert_eq!(c.data_dir, Some(PathBuf::from("/tmp/x")));
        assert!(
            matches!(c.portal, PortalTarget::Remote { ref url, .. } if url.host_str() == Some("b.example"))
        );
    }

    #[test]
    fn bad_configurations_are_refused() {
        assert_eq!(
            run(None, &[("KABINET_PORTAL_URL", "https://x")], &[]),
            Err(ConfigError::MissingCa)
        );
        assert_eq!(
            run(None, &[("KABINET_PORTAL_CA", "/ca.pem")], &[]),
            Err(ConfigError::CaWithoutUrl)
        );
        assert!(matches!(
            run(
                None,
                &[
                    ("KABINET_PORTAL_URL", "http://x"),
                    ("KABINET_PORTAL_CA", "/c")
                ],
                &[]
            ),
            Err(ConfigError::Url(_))
        ));
        assert!(matches!(
            run(Some("portal_ur = 1"), &[], &[]),
            Err(ConfigError::File(_))
        ));
        assert_eq!(
            run(None, &[("KABINET_GUEST", "maybe")], &[]),
            Err(ConfigError::Bool("KABINET_GUEST"))
        );
    }
}
