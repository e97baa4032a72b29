//! Fault injection on the Coder API side (`/api/v2/*`, so also through the
//! proxy): latency, failing statuses (429 with a chosen `Retry-After`, which
//! the proxy drops as Backstage's does), HTML bodies where JSON is expected,
//! stalled bodies, and broken workspace lists (huge, truncated, wrong shape,
//! wrong count, a connection closed mid-body, a body that never ends). Set
//! by flags at start and flipped at run time through `GET/POST
//! /__demo/faults`, so end-to-end tests need no restart.
//!
//! `/__demo/faults?query=<q>` sets faults for the workspaces requests whose
//! search query is exactly `<q>` only (they replace the global ones for those
//! requests), so tests can break one card's query while the rest of the page,
//! sign-in included, keeps working, and run several faults at once.
//!
//! Actions on a workspace have knobs of their own, global only:
//!
//! * `build_status` (`403`, `406`, `409` or `"none"`): `POST
//!   /api/v2/workspaces/{id}/builds` answers Coder's refusal instead of
//!   building (403 "You do not have permission to start this workspace.",
//!   406 "The provided template version is running. Wait for it to complete
//!   importing!", 409 "A workspace build is already active.");
//! * `build_body` (`normal`, `unexpected`, `html`): a build answer of the
//!   wrong shape, `201 {"unexpected":true}` (the build *is* made, only its
//!   answer is lost) or `200` with an HTML page (nothing is built, as when
//!   a proxy answers in Coder's stead);
//! * `build_fault_count` (N): the two knobs above hit the next N build
//!   POSTs, then turn themselves off; 0 (the default) keeps them on until
//!   they are set back;
//! * `watch` (`normal`, `drop`, `garbage`, `silent`): new
//!   `/api/v2/workspaces/{id}/watch` streams close after their first data
//!   event, send bytes that are no event stream and a data event whose JSON
//!   doesn't parse, or send their headers and then nothing at all.
//!
//! The other knobs apply to the action routes as to every `/api/v2` route;
//! `slow_ms` holds back the start of a body without buffering it, so a
//! watch stream still streams after the stall.
//!
//! This module holds the knobs, their limits and the partial updates that
//! change them; the modes are in [`crate::fault_modes`], the middleware that
//! applies them is [`crate::fault_injection`] and the routes that set them
//! [`crate::fault_controls`].

use serde::{Deserialize, Serialize};

use crate::fault_modes::{BodyMode, BuildBody, BuildStatus, WatchMode};

/// Largest `build_fault_count`.
pub const MAX_BUILD_FAULT_COUNT: u64 = 1_000_000;

/// The fault knobs. All off by default.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Faults {
    /// Delay before every API response, in milliseconds.
    pub latency_ms: u64,
    /// Fraction (0..=1) of API requests that fail with `fail_status`.
    pub fail_rate: f64,
    /// Status of injected failures (400..=599).
    pub fail_status: u16,
    /// Answer API requests with 200 and an HTML page, like a misconfigured proxy.
    pub html_responses: bool,
    /// Send the headers, then stall the body this many milliseconds.
    pub slow_ms: u64,
    /// What the workspaces list answers instead of its real body.
    pub body: BodyMode,
    /// Size of the `huge` body, in bytes.
    pub huge_body_bytes: u64,
    /// `Retry-After` (seconds) on injected 429s; 0 sends none.
    pub retry_after_s: u64,
    /// What build POSTs refuse with instead of building.
    pub build_status: BuildStatus,
    /// What build POSTs answer instead of the build.
    pub build_body: BuildBody,
    /// How many of the next build POSTs the two knobs above hit (0: all).
    pub build_fault_count: u64,
    /// How new watch streams misbehave.
    pub watch: WatchMode,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            fail_rate: 0.0,
            fail_status: 500,
            html_responses: false,
            slow_ms: 0,
            body: BodyMode::Normal,
            huge_body_bytes: DEFAULT_HUGE_BODY_BYTES,
            retry_after_s: 1,
            build_status: BuildStatus::None,
            build_body: BuildBody::Normal,
            build_fault_count: 0,
            watch: WatchMode::Normal,
        }
    }
}

/// Largest accepted delay: long enough for any client timeout test (the
/// card's is 20 s), short enough that a typo can't wedge a test run.
pub const MAX_DELAY_MS: u64 = 600_000;
/// Default size of the `huge` body: 10 MiB.
pub const DEFAULT_HUGE_BODY_BYTES: u64 = 10 * 1024 * 1024;
/// Largest `huge` body: 64 MiB (the card refuses anything over 16 MB).
pub const MAX_HUGE_BODY_BYTES: u64 = 64 * 1024 * 1024;
/// Largest `Retry-After`: a day.
pub const MAX_RETRY_AFTER_S: u64 = 86_400;
/// Most queries with faults of their own at once.
pub const MAX_SCOPES: usize = 64;
/// Longest query a scope may name.
pub const MAX_SCOPE_QUERY_CHARS: usize = 2000;

impl Faults {
    /// Whether these faults change anything (`fail_status`, `retry_after_s`
    /// and `huge_body_bytes` only matter together with another knob).
    pub fn is_active(&self) -> bool {
        self.latency_ms > 0
            || self.fail_rate > 0.0
            || self.html_responses
            || self.slow_ms > 0
            || self.body != BodyMode::Normal
            || self.build_status != BuildStatus::None
            || self.build_body != BuildBody::Normal
            || self.watch != WatchMode::Normal
    }

    /// Checks the ranges; the message names the offending knob.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.fail_rate) {
            return Err(format!(
                "fail_rate must be between 0 and 1, got {}",
                self.fail_rate
            ));
        }
        if !(400..=599).contains(&self.fail_status) {
            return Err(format!(
                "fail_status must be an HTTP error status (400-599), got {}",
                self.fail_status
            ));
        }
        for (name, v) in [("latency_ms", self.latency_ms), ("slow_ms", self.slow_ms)] {
            if v > MAX_DELAY_MS {
                return Err(format!("{name} must be at most {MAX_DELAY_MS}, got {v}"));
            }
        }
        if !(1..=MAX_HUGE_BODY_BYTES).contains(&self.huge_body_bytes) {
            return Err(format!(
                "huge_body_bytes must be from 1 to {MAX_HUGE_BODY_BYTES}, got {}",
                self.huge_body_bytes
            ));
        }
        if self.retry_after_s > MAX_RETRY_AFTER_S {
            return Err(format!(
                "retry_after_s must be at most {MAX_RETRY_AFTER_S}, got {}",
                self.retry_after_s
            ));
        }
        if self.build_fault_count > MAX_BUILD_FAULT_COUNT {
            return Err(format!(
                "build_fault_count must be at most {MAX_BUILD_FAULT_COUNT}, got {}",
                self.build_fault_count
            ));
        }
        if self.slow_ms > 0 && self.body.streams() {
            return Err(format!(
                "slow_ms cannot be combined with body {}: that body already decides how it arrives",
                self.body
            ));
        }
        Ok(())
    }
}

/// A partial update posted to `/__demo/faults`; absent knobs keep their value.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsPatch {
    latency_ms: Option<u64>,
    fail_rate: Option<f64>,
    fail_status: Option<u16>,
    html_responses: Option<bool>,
    slow_ms: Option<u64>,
    body: Option<BodyMode>,
    huge_body_bytes: Option<u64>,
    retry_after_s: Option<u64>,
    // `null` means "none" here, not "keep".
    #[serde(default, deserialize_with = "present")]
    build_status: Option<BuildStatus>,
    build_body: Option<BuildBody>,
    build_fault_count: Option<u64>,
    watch: Option<WatchMode>,
}

/// A knob that is there, even as `null`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl FaultsPatch {
    /// Whether it sets a knob that only exists globally.
    pub(crate) fn sets_global_only(&self) -> bool {
        self.build_status.is_some()
            || self.build_body.is_some()
            || self.build_fault_count.is_some()
            || self.watch.is_some()
    }

    /// `to` with the knobs this patch sets changed.
    pub(crate) fn apply(self, to: &Faults) -> Faults {
        Faults {
            latency_ms: self.latency_ms.unwrap_or(to.latency_ms),
            fail_rate: self.fail_rate.unwrap_or(to.fail_rate),
            fail_status: self.fail_status.unwrap_or(to.fail_status),
            html_responses: self.html_responses.unwrap_or(to.html_responses),
            slow_ms: self.slow_ms.unwrap_or(to.slow_ms),
            body: self.body.unwrap_or(to.body),
            huge_body_bytes: self.huge_body_bytes.unwrap_or(to.huge_body_bytes),
            retry_after_s: self.retry_after_s.unwrap_or(to.retry_after_s),
            build_status: self.build_status.unwrap_or(to.build_status),
            build_body: self.build_body.unwrap_or(to.build_body),
            build_fault_count: self.build_fault_count.unwrap_or(to.build_fault_count),
            watch: self.watch.unwrap_or(to.watch),
        }
    }
}
