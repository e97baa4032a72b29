//! Nothing secret reaches the demo server's logs: not the OAuth state,
//! consent id, browser cookie, code, tokens or client secret.
//!
//! Alone in its test binary: tracing caches each call site's interest
//! process-wide, so a test in the same process that runs without a
//! subscriber can switch this test's capture off mid-run.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::oauth::*;
use common::*;

/// A log sink the tests can read back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_codes_tokens_or_secrets_in_the_logs() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let (app, _) = app();
    let state = "secret-state";
    let c = consent(&app, &authorize_uri(state, &[]), None).await;
    let r = decide(&app, &c.id, "allow", Some(&c.cookie)).await;
    let params = redirect_params(&r, REDIRECT);
    let code = value(&params, "code").unwrap().to_string();
    let v = exchange(&app, &code, &[]).await.json();
    let access = v["access_token"].as_str().unwrap();
    me_with_bearer(&app, access).await;

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("/oauth2/tokens") && log.contains("/api/v2/users/me"),
        "{log}"
    );
    let browser = c.cookie.split('=').nth(1).unwrap();
    for secret in [
        state,
        &c.id,
        browser,
        &code,
        access,
        v["refresh_token"].as_str().unwrap(),
        SECRET,
    ] {
        assert!(!log.contains(secret), "{secret} logged: {log}");
    }
}
