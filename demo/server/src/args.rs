//! Command-line flags. Hand-written: a dozen flags don't justify a parser
//! crate in a demo whose build time matters.

use std::fmt;
use std::path::PathBuf;

use crate::fault_modes::{BodyMode, BuildBody, BuildStatus, WatchMode};
use crate::faults::{
    Faults, MAX_BUILD_FAULT_COUNT, MAX_DELAY_MS, MAX_HUGE_BODY_BYTES, MAX_RETRY_AFTER_S,
};

/// The Coder session token accepted by default (printed at start).
pub const DEFAULT_SESSION_TOKEN: &str = "demo-session-token";

/// The Backstage token handed out by `/api/auth/guest/refresh` and required
/// by the proxy, unless `--backstage-token` says otherwise.
///
/// It is shaped like a JWT (unsigned, `exp` in 2100) because Backstage's
/// frontend reads the expiry out of the identity token's payload.
/// Payload: `{"sub":"user:default/guest","ent":["user:default/guest"],"exp":4102444800}`.
pub const DEFAULT_BACKSTAGE_TOKEN: &str = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvZ3Vlc3QiLCJlbnQiOlsidXNlcjpkZWZhdWx0L2d1ZXN0Il0sImV4cCI6NDEwMjQ0NDgwMH0.demo";

/// The OAuth2 client id the fake Coder knows unless `--oauth-client-id`
/// says otherwise.
pub const DEFAULT_OAUTH_CLIENT_ID: &str = "backstage";
/// Its secret unless `--oauth-client-secret` says otherwise.
pub const DEFAULT_OAUTH_CLIENT_SECRET: &str = "demo-client-secret";
/// Its registered callback unless `--oauth-redirect-uri` says otherwise:
/// where a real Backstage backend on its default port receives the code.
pub const DEFAULT_OAUTH_REDIRECT_URI: &str = "http://127.0.0.1:7007/api/auth/coder/handler/frame";
/// Access token lifetime unless `--oauth-token-lifetime` says otherwise.
pub const DEFAULT_OAUTH_TOKEN_LIFETIME_S: u64 = 3600;
/// Upper bound for `--oauth-token-lifetime` (30 days).
pub const MAX_OAUTH_TOKEN_LIFETIME_S: u64 = 30 * 24 * 3600;
/// Length of each phase of a posted build unless `--build-step-ms` says
/// otherwise.
pub const DEFAULT_BUILD_STEP_MS: u64 = 500;
/// Upper bound for `--build-step-ms` (a minute per phase).
pub const MAX_BUILD_STEP_MS: u64 = 60_000;
/// Interval of the watch streams' pings unless `--sse-ping-ms` says
/// otherwise: Coder's 15 s heartbeat.
pub const DEFAULT_SSE_PING_MS: u64 = 15_000;
/// Upper bound for `--sse-ping-ms` (an hour).
pub const MAX_SSE_PING_MS: u64 = 3_600_000;

/// The usage text for `--help` and flag errors.
pub const USAGE: &str = "\
coder-demo-server: a fake Coder deployment and Backstage backend on 127.0.0.1

USAGE:
    coder-demo-server [FLAGS]

FLAGS:
    --port P               port on 127.0.0.1 (default 7007; 0 = pick a free one)
    --token T              Coder session token the fake Coder accepts
                           (default demo-session-token)
    --backstage-token T    Backstage bearer token the proxy requires
                           (default: a fixed demo token, see /api/auth/guest/refresh)
    --workspaces FILE      JSON array of Coder workspace objects replacing the
                           built-in seed; each may carry \"parameters\": [{name, value}]
    --web-root DIR         demo page files (default demo/web)
    --pkg-dir DIR          built npm package served under /pkg/ (default pkg)
    --latency-ms N         delay every Coder API response by N ms
    --fail-rate R          fail this fraction (0..1) of Coder API requests
    --fail-status CODE     status of those failures (400-599, default 500)
    --html-responses       answer Coder API requests with 200 + an HTML page
    --slow-ms N            send headers, then stall the body N ms
    --retry-after S        Retry-After seconds on injected 429s (default 1; 0 = none)
    --body MODE            what /api/v2/workspaces answers instead of its body:
                             normal (default), huge (valid JSON padded to
                             --huge-body-bytes), truncated (the first half),
                             no_workspaces_key, workspaces_not_array,
                             top_level_array, count_mismatch (count + 1000),
                             reset (half the body, then the connection closes),
                             never_ending (half the body, then nothing)
    --huge-body-bytes N    size of the huge body (default 10485760, max 67108864)
    --oauth-client-id ID   the OAuth2 app registered with the fake Coder
                           (default backstage)
    --oauth-client-secret SECRET
                           its client secret (default demo-client-secret)
    --oauth-redirect-uri URI
                           its registered callback; repeat the flag or give a
                           comma list for several (default
                           http://127.0.0.1:7007/api/auth/coder/handler/frame)
    --oauth-token-lifetime SECONDS
                           lifetime of issued access tokens (default 3600)
    --build-step-ms N      each phase of a build posted to
                           /api/v2/workspaces/{id}/builds lasts N ms
                           (default 500; 0 = done at once): a start is
                           pending, starting, running with agents connecting,
                           then running with them connected; a stop pending,
                           stopping, then stopped
    --sse-ping-ms N        ping interval of /api/v2/workspaces/{id}/watch
                           streams (default 15000, Coder's)
    --wildcard-host HOST   Coder's wildcard app hostname, e.g. *.localhost:7007
                           (must start with *.); subdomain apps are served on
                           <app>--<agent>--<workspace>--<owner>.<rest>. Default
                           none: /api/v2/regions reports an empty
                           wildcard_hostname and no subdomain app is served
    --build-status CODE    build POSTs answer Coder's 403, 406 or 409 instead
                           of building (none = off, the default)
    --build-body MODE      what build POSTs answer instead of the build:
                             normal (default), unexpected (201
                             {\"unexpected\":true}; the build is made),
                             html (200 + an HTML page; nothing is built)
    --build-fault-count N  --build-status and --build-body hit the next N
                           build POSTs, then turn off (default 0 = all)
    --watch MODE           new watch streams: normal (default), drop (close
                           after the first data event), garbage (a data event
                           with broken JSON and bytes that are no event
                           stream, then only pings), silent (headers, then
                           nothing)
    -h, --help             print this help

Faults can also be changed at run time: GET/POST /__demo/faults (a JSON
object of the knobs: latency_ms, fail_rate, fail_status, html_responses,
slow_ms, retry_after_s, body, huge_body_bytes, build_status (403, 406, 409
or \"none\"), build_body, build_fault_count, watch; absent ones keep their
value), POST /__demo/reset (puts the workspaces back as they were at start
and replays the seed's progression). GET/POST /__demo/faults?query=Q does
the same for the /api/v2/workspaces requests whose search query is exactly
Q: those get only these faults, every other request the global ones (the
build and watch knobs are global only).

OAuth2 provider (what a real Backstage backend's Coder auth module uses):
GET /oauth2/authorize (consent page), POST /oauth2/tokens (grant types
authorization_code, with optional PKCE S256, and refresh_token). The
/api/v2 routes accept Authorization: Bearer <access token>.
";

/// Everything the server needs to start.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Port on 127.0.0.1; 0 asks the OS for a free one.
    pub port: u16,
    /// The Coder session token accepted by the fake Coder API.
    pub session_token: String,
    /// The Backstage bearer token the proxy requires.
    pub backstage_token: String,
    /// Workspaces file replacing the built-in seed.
    pub workspaces_file: Option<PathBuf>,
    /// Directory served at `/`.
    pub web_root: PathBuf,
    /// Directory served at `/pkg/`.
    pub pkg_dir: PathBuf,
    /// Initial fault settings.
    pub faults: Faults,
    /// The OAuth2 client registered with the fake Coder's provider.
    pub oauth_client: OAuthClient,
    /// Length of each phase of a posted build, in milliseconds.
    pub build_step_ms: u64,
    /// Interval of the watch streams' pings, in milliseconds.
    pub sse_ping_ms: u64,
    /// Coder's wildcard app hostname (`*.localhost:7007`), if any.
    pub wildcard_host: Option<String>,
}

/// The one OAuth2 app registered with the fake Coder, as an admin would
/// register Backstage in a real deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthClient {
    /// `client_id`.
    pub id: String,
    /// `client_secret`.
    pub secret: String,
    /// The callbacks a `redirect_uri` must equal exactly.
    pub redirect_uris: Vec<String>,
    /// Seconds an access token stays valid.
    pub token_lifetime_s: u64,
}

impl Default for OAuthClient {
    fn default() -> Self {
        OAuthClient {
            id: DEFAULT_OAUTH_CLIENT_ID.to_string(),
            secret: DEFAULT_OAUTH_CLIENT_SECRET.to_string(),
            redirect_uris: vec![DEFAULT_OAUTH_REDIRECT_URI.to_string()],
            token_lifetime_s: DEFAULT_OAUTH_TOKEN_LIFETIME_S,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 7007,
            session_token: DEFAULT_SESSION_TOKEN.to_string(),
            backstage_token: DEFAULT_BACKSTAGE_TOKEN.to_string(),
            workspaces_file: None,
            web_root: PathBuf::from("demo/web"),
            pkg_dir: PathBuf::from("pkg"),
            faults: Faults::default(),
            oauth_client: OAuthClient::default(),
            build_step_ms: DEFAULT_BUILD_STEP_MS,
            sse_ping_ms: DEFAULT_SSE_PING_MS,
            wildcard_host: None,
        }
    }
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Start the server (boxed: a config is far larger than `Help`).
    Run(Box<Config>),
    /// Print usage and exit successfully.
    Help,
}

/// A bad command line; the binary prints it with the usage and exits 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgsError(pub String);

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ArgsError {}

/// Parses the arguments after the program name. Accepts `--flag value` and
/// `--flag=value`.
pub fn parse_args<I, S>(args: I) -> Result<Command, ArgsError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut config = Config::default();
    // The first --oauth-redirect-uri replaces the default, later ones add.
    let mut redirect_uris_given = false;
    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, ArgsError> {
            match inline.clone().or_else(|| args.next()) {
                Some(v) => Ok(v),
                None => Err(ArgsError(format!("{name} needs a value"))),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--port" => config.port = number(&flag, &value(&flag)?, 0, u64::from(u16::MAX))? as u16,
            "--token" => config.session_token = token(&flag, value(&flag)?)?,
            "--backstage-token" => config.backstage_token = token(&flag, value(&flag)?)?,
            "--workspaces" => config.workspaces_file = Some(path(&flag, value(&flag)?)?),
            "--web-root" => config.web_root = path(&flag, value(&flag)?)?,
            "--pkg-dir" => config.pkg_dir = path(&flag, value(&flag)?)?,
            "--latency-ms" => {
                config.faults.latency_ms = number(&flag, &value(&flag)?, 0, MAX_DELAY_MS)?
            }
            "--slow-ms" => config.faults.slow_ms = number(&flag, &value(&flag)?, 0, MAX_DELAY_MS)?,
            "--fail-status" => {
                config.faults.fail_status = number(&flag, &value(&flag)?, 400, 599)? as u16
            }
            "--fail-rate" => {
                let v = value(&flag)?;
                config.faults.fail_rate = match v.trim().parse::<f64>() {
                    Ok(r) if (0.0..=1.0).contains(&r) => r,
                    _ => {
                        return Err(ArgsError(format!(
                            "{flag} must be a number from 0 to 1, got {v:?}"
                        )))
                    }
                };
            }
            "--retry-after" => {
                config.faults.retry_after_s = number(&flag, &value(&flag)?, 0, MAX_RETRY_AFTER_S)?
            }
            "--huge-body-bytes" => {
                config.faults.huge_body_bytes =
                    number(&flag, &value(&flag)?, 1, MAX_HUGE_BODY_BYTES)?
            }
            "--body" => {
                let v = value(&flag)?;
                config.faults.body = v
                    .parse::<BodyMode>()
                    .map_err(|e| ArgsError(format!("{flag}: {e}")))?;
            }
            "--oauth-client-id" => {
                let id = token(&flag, value(&flag)?)?;
                if id == crate::auth::BUILTIN_CLIENT_ID {
                    return Err(ArgsError(format!(
                        "{flag} {id} is reserved for the built-in Backstage sign-in"
                    )));
                }
                config.oauth_client.id = id;
            }
            "--oauth-client-secret" => config.oauth_client.secret = token(&flag, value(&flag)?)?,
            "--oauth-redirect-uri" => {
                let list = value(&flag)?;
                if !redirect_uris_given {
                    config.oauth_client.redirect_uris.clear();
                    redirect_uris_given = true;
                }
                for uri in list.split(',') {
                    config
                        .oauth_client
                        .redirect_uris
                        .push(redirect_uri(&flag, uri)?);
                }
            }
            "--oauth-token-lifetime" => {
                config.oauth_client.token_lifetime_s =
                    number(&flag, &value(&flag)?, 1, MAX_OAUTH_TOKEN_LIFETIME_S)?
            }
            "--build-step-ms" => {
                config.build_step_ms = number(&flag, &value(&flag)?, 0, MAX_BUILD_STEP_MS)?
            }
            "--sse-ping-ms" => {
                config.sse_ping_ms = number(&flag, &value(&flag)?, 1, MAX_SSE_PING_MS)?
            }
            "--wildcard-host" => config.wildcard_host = Some(wildcard_host(&flag, &value(&flag)?)?),
            "--build-status" => {
                config.faults.build_status = value(&flag)?
                    .parse::<BuildStatus>()
                    .map_err(|e| ArgsError(format!("{flag}: {e}")))?
            }
            "--build-body" => {
                config.faults.build_body = value(&flag)?
                    .parse::<BuildBody>()
                    .map_err(|e| ArgsError(format!("{flag}: {e}")))?
            }
            "--build-fault-count" => {
                config.faults.build_fault_count =
                    number(&flag, &value(&flag)?, 0, MAX_BUILD_FAULT_COUNT)?
            }
            "--watch" => {
                config.faults.watch = value(&flag)?
                    .parse::<WatchMode>()
                    .map_err(|e| ArgsError(format!("{flag}: {e}")))?
            }
            "--html-responses" => {
                if inline.is_some() {
                    return Err(ArgsError(format!("{flag} takes no value")));
                }
                config.faults.html_responses = true;
            }
            _ if flag.starts_with('-') => return Err(ArgsError(format!("unknown flag {flag}"))),
            _ => return Err(ArgsError(format!("unexpected argument {arg:?}"))),
        }
    }
    // Flags are checked one by one above; this catches combinations.
    config.faults.validate().map_err(ArgsError)?;
    Ok(Command::Run(Box::new(config)))
}

fn number(flag: &str, v: &str, min: u64, max: u64) -> Result<u64, ArgsError> {
    match v.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ArgsError(format!(
            "{flag} must be a whole number from {min} to {max}, got {v:?}"
        ))),
    }
}

fn token(flag: &str, v: String) -> Result<String, ArgsError> {
    // Tokens travel in HTTP headers: printable ASCII without spaces only.
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ArgsError(format!(
            "{flag} must be a non-empty token of printable ASCII without spaces"
        )));
    }
    Ok(v)
}

/// An absolute http(s) URL without a fragment (RFC 6749 §3.1.2), printable
/// ASCII only so that exact comparison is meaningful.
fn redirect_uri(flag: &str, v: &str) -> Result<String, ArgsError> {
    let host = v
        .strip_prefix("http://")
        .or_else(|| v.strip_prefix("https://"))
        .map(|rest| rest.split(['/', '?']).next().unwrap_or(""));
    let ok = host.is_some_and(|h| !h.is_empty())
        && !v.contains('#')
        && v.bytes().all(|b| b.is_ascii_graphic());
    if !ok {
        return Err(ArgsError(format!(
            "{flag} must be an absolute http(s) URL without a fragment or spaces, got {v:?}"
        )));
    }
    Ok(v.to_string())
}

/// `*.` and a hostname (letters, digits, `-` and `.`), optionally with a
/// port, as Coder's `--wildcard-access-url` takes it.
fn wildcard_host(flag: &str, v: &str) -> Result<String, ArgsError> {
    let bad = || {
        ArgsError(format!(
            "{flag} must be *. followed by a hostname and an optional port, e.g. *.localhost:7007, got {v:?}"
        ))
    };
    let rest = v.strip_prefix("*.").ok_or_else(bad)?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !host.contains("..")
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    if host_ok && port_ok {
        Ok(v.to_ascii_lowercase())
    } else {
        Err(bad())
    }
}

fn path(flag: &str, v: String) -> Result<PathBuf, ArgsError> {
    if v.is_empty() {
        return Err(ArgsError(format!("{flag} needs a non-empty path")));
    }
    Ok(PathBuf::from(v))
}
