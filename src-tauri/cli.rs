//! Command-line entry points that answer without opening a window.
//!
//! `kabinet pension --json [--today YYYY-MM-DD]`: one scenario (JSON) on stdin, the
//! result (JSON) on stdout. Bad input: `{"error":{"code","field","message"}}` on
//! stderr and exit status 2. All parsing and validation live in
//! `kabinet_core::pension`; this adapter only owns stdin/stdout and the clock.

use std::io::{Read, Write};

use kabinet_core::pension::{self, PensionError, PensionErrorCode};

const USAGE: &str = "usage: kabinet pension --json [--today YYYY-MM-DD] < scenario.json";

/// `kabinet pension --json`: one scenario on stdin, the result on stdout.
/// Returns the process exit status (0 ok, 1 internal failure, 2 bad input or usage).
pub fn pension_main(args: &[String]) -> i32 {
    let mut json = false;
    let mut today_arg: Option<&str> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--today" => match it.next() {
                Some(d) => today_arg = Some(d),
                None => return usage_error("--today needs a date YYYY-MM-DD"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return 0;
            }
            other => return usage_error(&format!("unknown argument {other}")),
        }
    }
    if !json {
        return usage_error("--json is required (the only output format)");
    }
    let today = match today_arg {
        Some(d) => match pension::parse_date(d, "--today") {
            Ok(d) => d,
            Err(e) => return fail(&e),
        },
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
                .unwrap_or(0);
            match pension::date_from_unix_seconds(secs) {
                Some(d) => d,
                None => return usage_error("the system clock is out of range; pass --today"),
            }
        }
    };
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        return fail(&PensionError::whole(
            PensionErrorCode::InvalidJson,
            format!("cannot read standard input as UTF-8 text: {e}"),
        ));
    }
    match pension::answer_json(&input, today) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            match writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
                Ok(()) => 0,
                Err(_) => 1,
            }
        }
        Err(e) => fail(&e),
    }
}

fn fail(e: &PensionError) -> i32 {
    eprintln!("{}", e.to_json());
    if e.code == PensionErrorCode::ParametersUnavailable {
        1
    } else {
        2
    }
}

fn usage_error(message: &str) -> i32 {
    eprintln!(
        "{}",
        PensionError::whole(
            PensionErrorCode::InvalidValue,
            format!("{message}; {USAGE}")
        )
        .to_json()
    );
    2
}
