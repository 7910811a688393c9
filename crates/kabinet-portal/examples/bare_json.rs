//! The reference for the portal's read throughput: a bare axum route that answers
//! a fixed JSON body of an account's size, served over rustls with the portal's
//! own TLS setup (a generated self-signed pair) and the same HTTP stack
//! (axum-server, hyper) — no database, no layers. `bare_json PORT`; used by
//! tests/perf/run.py as the denominator of the `/api/v1/me` ratio.
use axum::routing::get;
use axum::{Json, Router};
use kabinet_portal::TlsConfig;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(18444);
    let identity = kabinet_portal::platform::http::tls::load(&TlsConfig::SelfSigned)?;
    let body = serde_json::json!({
        "surname": "Демонстрационный",
        "first_name": "Пользователь",
        "level": "simplified",
        "contact_masked": "+7 999 ***-**-67",
        "next_level": {"level": "standard", "unlocks": ["pension_rights", "fines_payment"]}
    });
    let app = Router::new().route("/api/v1/me", get(move || async move { Json(body.clone()) }));
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
    listener.set_nonblocking(true)?;
    let config = axum_server::tls_rustls::RustlsConfig::from_config(identity.server_config);
    axum_server::from_tcp_rustls(listener, config)
        .serve(app.into_make_service())
        .await?;
    Ok(())
}
