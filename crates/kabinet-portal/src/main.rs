//! `kabinet-portal [--config PATH] [serve|migrate|demo-data|enable-sign-in|create-operator|create-agency-client|pay-pensions|load-reports]`
//! — the portal server and its admin commands.

use std::path::PathBuf;

use anyhow::{Context, bail};
use kabinet_portal::{Application, PortalConfig};

const USAGE: &str =
    "usage: kabinet-portal [--config PATH] [serve|migrate|demo-data|enable-sign-in LOGIN|create-operator …|create-agency-client …]
  serve                 run the HTTPS API (default)
  migrate               create or update the database schema, then exit
  demo-data             load the demo data (idempotent), then exit
  enable-sign-in LOGIN  re-enable password sign-in for LOGIN (phone or e-mail) after
                        it was disabled by 100 consecutive failures
  create-operator --office ID --login LOGIN --name NAME --snils SNILS
                        (NAME: surname and initials, as citizens will see it)
                        create a service-centre operator bound to office ID (a service
                        centre's id); prints the generated password and the TOTP key
                        (and its otpauth:// URI for a QR code) to hand to the operator
  create-agency-client --authority ID
                        issue a credential for an authority's own system (ID as in the
                        catalogue: mvd, sfr, …) to work its applications through
                        /api/v1/agency; prints it once. The demo agency then leaves that
                        authority's applications to it
  pay-pensions          credit every pension due today now (the payday job runs hourly);
                        safe beside a running portal: each month is paid and told once
  load-reports FILE…    load employers' report files (CSV or JSON) into the pension
                        record, each file in one transaction: a file with a bad entry
                        is refused whole, with every problem's line and reason; a file
                        loaded before changes nothing. Exits 1 if any file was refused
Configuration: the TOML file, then KABINET_PORTAL_* environment variables
(BIND, DATABASE_URL, SECRET_KEY_FILE, DEMO, TRUSTED_PROXIES, MAX_CONNECTIONS_PER_CLIENT,
REGISTRY_DELAY_SECS, POST_DELAY_SECS, AGENCY_DELAY_SECS, TLS_CERT, TLS_KEY, SIGNING_CERT, SIGNING_KEY (the document-signing
certificate, issued by the CA clients pin, and its PKCS#8 P-256 key; generated with the development CA
when TLS is generated), PENSION_PARAMS_FILE, SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USERNAME,
SMTP_PASSWORD, SMTP_FROM); RUST_LOG sets log levels.";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut config_path: Option<PathBuf> = None;
    let mut command: Option<String> = None;
    let mut operand: Option<String> = None;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut options = std::collections::HashMap::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" | "-c" => {
                config_path = Some(args.next().context("--config needs a path")?.into())
            }
            "-h" | "--help" | "help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--office" | "--login" | "--name" | "--snils" | "--authority" => {
                let value = args
                    .next()
                    .with_context(|| format!("{arg} needs a value"))?;
                options.insert(arg.trim_start_matches('-').to_owned(), value);
            }
            c if command.is_none() && !c.starts_with('-') => command = Some(c.to_owned()),
            c if command.as_deref() == Some("load-reports") => files.push(c.into()),
            c if operand.is_none() && !c.starts_with('-') => operand = Some(c.to_owned()),
            other => bail!("unexpected argument {other:?}\n{USAGE}"),
        }
    }
    kabinet_portal::init_subscriber();
    let config = PortalConfig::load(config_path.as_deref())?;
    match command.as_deref().unwrap_or("serve") {
        "serve" => serve(config).await,
        "migrate" => {
            kabinet_portal::migrate(&config).await?;
            println!("database is up to date");
            Ok(())
        }
        "demo-data" => {
            let added = kabinet_portal::load_demo_data(&config).await?;
            println!(
                "{}; demo login {} password {:?}",
                if added {
                    "demo data loaded"
                } else {
                    "demo data already present"
                },
                kabinet_portal::DEMO_LOGIN,
                kabinet_portal::DEMO_PASSWORD
            );
            Ok(())
        }
        "pay-pensions" => {
            let paid = kabinet_portal::pay_pensions(&config).await?;
            println!("{paid} monthly pension payment(s) credited");
            Ok(())
        }
        "enable-sign-in" => {
            let login = operand.context("enable-sign-in needs a LOGIN (phone or e-mail)")?;
            if kabinet_portal::enable_password_sign_in(&config, &login).await? {
                println!("password sign-in is enabled again for that account");
                Ok(())
            } else {
                bail!("no account has that login")
            }
        }
        "create-operator" => {
            let mut take = |k: &str| {
                options
                    .remove(k)
                    .with_context(|| format!("create-operator needs --{k}\n{USAGE}"))
            };
            let new = kabinet_portal::NewOperator {
                office_id: take("office")?,
                login: take("login")?,
                name: take("name")?,
                snils: take("snils")?,
            };
            let created = kabinet_portal::create_operator(&config, &new).await?;
            println!(
                "operator {login} created.\n\
                 Hand these to the operator, in person; they are not shown again:\n\
                 password:   {password}\n\
                 TOTP key:   {key}  (type into an authenticator app: 6 digits, 30 s)\n\
                 QR content: {uri}",
                login = created.login,
                password = created.password,
                key = created.totp_key,
                uri = created.otpauth_uri,
            );
            Ok(())
        }
        "create-agency-client" => {
            let authority = options
                .remove("authority")
                .with_context(|| format!("create-agency-client needs --authority\n{USAGE}"))?;
            let created = kabinet_portal::create_agency_client(&config, &authority).await?;
            println!(
                "agency client {id} for {authority} created.\n\
                 Its credential, shown only now (Authorization: Bearer …):\n{secret}",
                id = created.id,
                authority = created.authority,
                secret = created.secret,
            );
            Ok(())
        }
        "load-reports" => {
            if files.is_empty() {
                bail!("load-reports needs at least one FILE\n{USAGE}");
            }
            let outcomes = kabinet_portal::load_reports(&config, &files).await?;
            let mut refused = false;
            for (file, outcome) in files.iter().zip(outcomes) {
                match outcome {
                    kabinet_portal::ReportOutcome::Loaded { entries } => {
                        println!("{}: loaded, {entries} entries", file.display())
                    }
                    kabinet_portal::ReportOutcome::AlreadyLoaded { loaded_at } => println!(
                        "{}: this file was loaded before ({} UTC); nothing changed",
                        file.display(),
                        time::OffsetDateTime::from_unix_timestamp(loaded_at)
                            .ok()
                            .and_then(|t| t
                                .format(&time::format_description::well_known::Rfc3339)
                                .ok())
                            .unwrap_or_else(|| loaded_at.to_string())
                    ),
                    kabinet_portal::ReportOutcome::Refused(problems) => {
                        refused = true;
                        eprintln!(
                            "{}: refused, nothing of it loaded ({} {}):",
                            file.display(),
                            problems.len(),
                            if problems.len() == 1 {
                                "problem"
                            } else {
                                "problems"
                            }
                        );
                        for p in problems {
                            eprintln!("  {p}");
                        }
                    }
                }
            }
            if refused {
                std::process::exit(1);
            }
            Ok(())
        }
        other => bail!("unknown command {other:?}\n{USAGE}"),
    }
}

async fn serve(config: PortalConfig) -> anyhow::Result<()> {
    let self_signed = config.tls == kabinet_portal::TlsConfig::SelfSigned;
    let app = Application::build(config).await?;
    if self_signed {
        // Development: print the generated certificate so a client can trust it.
        eprintln!(
            "self-signed certificate (trust it in the client):\n{}",
            app.certificate_pem()
        );
    }
    eprintln!("listening on https://{}", app.local_addr());
    let running = app.spawn();
    shutdown_signal().await;
    running.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
