//! Times one Argon2id verification with the portal's own hasher (the cost of one
//! sign-in), sequentially, and prints `<ms per hash> ms`. Used by tests/perf/run.py
//! to compute the sign-in bound (cores ÷ hash time).
use std::time::Instant;

use kabinet_core::secret::SecretString;
use kabinet_portal::auth::passwords::PasswordHasher;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let failed = |_| anyhow::anyhow!("argon2 verification failed to run");
    let hasher = PasswordHasher::new();
    // warm-up: page in the 19 MiB working memory once
    hasher
        .verify(SecretString::new("warm-up"), None)
        .await
        .map_err(failed)?;
    let n = 40;
    let started = Instant::now();
    for _ in 0..n {
        hasher
            .verify(SecretString::new("perf-password"), None)
            .await
            .map_err(failed)?;
    }
    let per = started.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    println!("{per:.2} ms");
    Ok(())
}
