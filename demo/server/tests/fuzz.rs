//! Garbage in, no panic out: thousands of random queries (and a few random
//! paths and bodies) must each get a 200 or a 400 with a JSON body.

mod common;

use axum::http::{Method, StatusCode};
use common::*;

/// A tiny deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "owner:",
    "me",
    "name:",
    "template:",
    "status:",
    "param:",
    "\"",
    ":",
    "=",
    " ",
    "  ",
    "\t",
    "running",
    "pending",
    "foo:",
    "bar",
    "https://github.com/coder/backstage-plugins",
    "é",
    "💥",
    "\u{2028}",
    "%",
    "%zz",
    "+",
    "&",
    "?",
    "#",
    "\\",
    "\0",
    "'",
    "<script>",
    "q=",
    "limit=",
    "custom_repo=",
    "OWNER:",
    "::",
    "\"\"",
    "-",
    "x",
];

fn random_query(rng: &mut Rng) -> String {
    let mut q = String::new();
    for _ in 0..rng.below(12) {
        if rng.below(10) == 0 {
            // A random code point, including odd ones.
            let c = char::from_u32((rng.next() % 0x11_0000) as u32).unwrap_or('\u{fffd}');
            q.push(c);
        } else {
            q.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    q
}

#[tokio::test]
async fn random_queries_never_break_the_workspaces_route() {
    let (app, _) = app();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut ok, mut bad) = (0, 0);
    for i in 0..3000 {
        let q = random_query(&mut rng);
        // Half encoded properly, half raw-ish (only what a URI can carry).
        let query = if i % 2 == 0 {
            format!("q={}&limit=0", enc(&q))
        } else {
            let raw: String = q
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b":=+&%'!*(),;@/?-._~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("q={raw}")
        };
        let r = coder_get(&app, &format!("/api/v2/workspaces?{query}")).await;
        assert!(
            r.status == StatusCode::OK || r.status == StatusCode::BAD_REQUEST,
            "{query}: {}",
            r.status
        );
        let v: serde_json::Value =
            serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{query}: {e}"));
        if r.status == StatusCode::OK {
            ok += 1;
            assert!(v["workspaces"].is_array());
        } else {
            bad += 1;
            assert!(v["message"].is_string());
        }
    }
    assert!(
        ok > 100 && bad > 100,
        "the generator should hit both: {ok} ok, {bad} bad"
    );
}

#[tokio::test]
async fn random_bodies_and_paths_never_panic() {
    let (app, _) = app();
    let mut rng = Rng(42);
    for _ in 0..300 {
        let body = random_query(&mut rng);
        for (method, uri) in [
            (Method::POST, "/__demo/faults"),
            (Method::POST, "/oauth2/authorize"),
            (Method::GET, "/api/auth/coder/handler/frame?state=x"),
        ] {
            let r = send(&app, method, uri, &[("Host", "127.0.0.1:7007")], &body).await;
            assert!(r.status.as_u16() < 500, "{uri} {body:?}: {}", r.status);
        }
        let seg: String = enc(&random_query(&mut rng));
        for uri in [
            format!("/@{seg}/{seg}"),
            format!("/templates/{seg}/workspace?{seg}={seg}"),
            format!("/api/v2/workspacebuilds/{seg}/parameters"),
            format!("/api/auth/coder/start?env=d&origin={seg}"),
            format!("/{seg}"),
        ] {
            let r = coder_get(&app, &uri).await;
            assert!(r.status.as_u16() < 500, "{uri}: {}", r.status);
        }
    }
    // The random POSTs above must not have left faults switched on.
    let v = get(&app, "/__demo/faults", &[]).await.json();
    assert!(v["fail_rate"].as_f64().unwrap() <= 1.0);
}
