//! The queries adopters' components run through `coderApi.watchQuery`
//! (upstream's `useCoderQuery`), as pure bookkeeping: who watches which
//! key, which run is in flight, what came back, when to retry or poll.
//! The element's glue runs the adopter's functions and the one timer; this
//! decides. Data and errors are the glue's own values (`T`, `E`), so the
//! rules are tested natively.
//!
//! As upstream (react-query under the provider's auth), nothing runs while
//! signed out, a sign-out forgets every answer, and an answer from before a
//! sign-out or a refetch is dropped rather than shown.

use super::key_map::KeyMap;

use crate::client::policy::poll_interval_ms;

/// Retries after a failed run before the failure is shown (upstream's
/// react-query default of 3).
pub const MAX_QUERY_RETRIES: u32 = 3;

/// Where one query stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Signed out: nothing runs until sign-in.
    WaitingForSignIn,
    /// Signed in, no answer yet.
    Loading,
    /// The last run answered.
    Ready,
    /// The last run failed (after its retries).
    Failed,
}

/// The status adopters see (react-query v4's names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// No answer yet (also the whole time while signed out, as upstream).
    Loading,
    /// Data is there.
    Success,
    /// The last run failed.
    Error,
}

impl Status {
    /// The name adopters' code compares with.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Loading => "loading",
            Status::Success => "success",
            Status::Error => "error",
        }
    }
}

/// A run to start: call the key's function, then hand its outcome to
/// [`CustomQueries::settle`] with this generation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The query's key.
    pub key: String,
    /// Which run this is (answers of older ones are dropped).
    pub generation: u64,
}

/// What a settled run led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    /// The answer was stale (a sign-out, a refetch or an unwatch came
    /// first) and was dropped.
    Dropped,
    /// Stored; listeners should hear of it.
    Stored,
    /// Failed, to be retried after this many ms (see [`CustomQueries::due`]).
    RetryAfter(u32),
}

/// One key's state.
#[derive(Debug)]
struct Entry<T, E> {
    watchers: usize,
    phase: Phase,
    data: Option<T>,
    error: Option<E>,
    in_flight: Option<u64>,
    failures: u32,
    updated_at: f64,
    /// When the next run is due: a retry or a poll.
    due_at: Option<f64>,
    version: u64,
}

/// Every custom query of one provider element.
#[derive(Debug)]
pub struct CustomQueries<T, E> {
    entries: KeyMap<Entry<T, E>>,
    signed_in: bool,
    generation: u64,
    version: u64,
}

impl<T, E> Default for CustomQueries<T, E> {
    fn default() -> Self {
        Self {
            entries: KeyMap::default(),
            signed_in: false,
            generation: 0,
            version: 0,
        }
    }
}

/// How long to wait before retrying the `failures`-th failure whose HTTP
/// status is `status`: errors without a status (network, timeout, the
/// adopter's own) and 5xx or 429 are retried with 1 s, 2 s, 4 s backoff;
/// a 4xx would fail the same way again.
pub fn retry_delay(status: Option<u16>, failures: u32) -> Option<u32> {
    if failures == 0 || failures > MAX_QUERY_RETRIES {
        return None;
    }
    match status {
        None => {}
        Some(s) if s >= 500 || s == 429 => {}
        Some(_) => return None,
    }
    Some(1000 << (failures - 1))
}

/// The idle poll interval of a signed-in provider (a custom query has no
/// workspace whose transition would warrant the fast one).
fn poll_ms() -> f64 {
    f64::from(poll_interval_ms(true, false).unwrap_or(60_000))
}

impl<T, E> CustomQueries<T, E> {
    /// An empty registry, signed out.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether runs may start.
    pub fn is_signed_in(&self) -> bool {
        self.signed_in
    }

    /// Whether anything is watched (the glue keeps its timer and auth
    /// subscription only then).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a watcher of `key`; true when it is the key's first (whose
    /// function the glue keeps), with the run to start if signed in.
    pub fn watch(&mut self, key: &str) -> (bool, Option<Run>) {
        if let Some(entry) = self.entries.get_mut(key) {
            entry.watchers += 1;
            return (false, None);
        }
        let phase = if self.signed_in {
            Phase::Loading
        } else {
            Phase::WaitingForSignIn
        };
        let version = self.bump();
        self.entries.insert(
            key.to_owned(),
            Entry {
                watchers: 1,
                phase,
                data: None,
                error: None,
                in_flight: None,
                failures: 0,
                updated_at: 0.0,
                due_at: None,
                version,
            },
        );
        (true, self.start(key))
    }

    /// Removes a watcher of `key`; true when that was its last one (the
    /// entry, its data and any run in flight are forgotten).
    pub fn unwatch(&mut self, key: &str) -> bool {
        let Some(entry) = self.entries.get_mut(key) else {
            return false;
        };
        entry.watchers = entry.watchers.saturating_sub(1);
        if entry.watchers > 0 {
            return false;
        }
        self.entries.remove(key);
        true
    }

    /// Starts a run of `key` unless one is in flight (or signed out).
    fn start(&mut self, key: &str) -> Option<Run> {
        if !self.signed_in {
            return None;
        }
        let generation = self.generation + 1;
        let version = self.version + 1;
        let entry = self.entries.get_mut(key)?;
        if entry.in_flight.is_some() {
            return None;
        }
        self.generation = generation;
        self.version = version;
        entry.in_flight = Some(generation);
        entry.due_at = None;
        entry.version = version;
        if entry.phase == Phase::WaitingForSignIn {
            entry.phase = Phase::Loading;
        }
        Some(Run {
            key: key.to_owned(),
            generation,
        })
    }

    /// Runs `key` again now (the adopter's `refetch`): a run in flight is
    /// superseded and its answer will be dropped.
    pub fn refetch(&mut self, key: &str) -> Option<Run> {
        let entry = self.entries.get_mut(key)?;
        entry.in_flight = None;
        entry.failures = 0;
        self.start(key)
    }

    /// Hands in the outcome of run `generation` of `key`: `Err` carries the
    /// failure's HTTP status when it had one.
    pub fn settle(
        &mut self,
        key: &str,
        generation: u64,
        outcome: Result<T, (E, Option<u16>)>,
        now: f64,
    ) -> Settled {
        let signed_in = self.signed_in;
        let version = self.version + 1;
        let Some(entry) = self.entries.get_mut(key) else {
            return Settled::Dropped;
        };
        if !signed_in || entry.in_flight != Some(generation) {
            return Settled::Dropped;
        }
        self.version = version;
        entry.in_flight = None;
        entry.version = version;
        match outcome {
            Ok(data) => {
                entry.phase = Phase::Ready;
                entry.data = Some(data);
                entry.error = None;
                entry.failures = 0;
                entry.updated_at = now;
                entry.due_at = Some(now + poll_ms());
                Settled::Stored
            }
            Err((error, status)) => {
                entry.failures += 1;
                if let Some(ms) = retry_delay(status, entry.failures) {
                    // Still fetching as far as adopters see: the failure
                    // shows only once the retries are spent.
                    entry.due_at = Some(now + f64::from(ms));
                    return Settled::RetryAfter(ms);
                }
                entry.phase = Phase::Failed;
                entry.error = Some(error);
                entry.failures = 0;
                entry.due_at = Some(now + poll_ms());
                Settled::Stored
            }
        }
    }

    /// The runs due at `now` (retries and polls), started.
    pub fn due(&mut self, now: f64) -> Vec<Run> {
        let keys: Vec<String> = self
            .entries
            .iter()
            .filter(|(_, e)| e.in_flight.is_none() && e.due_at.is_some_and(|at| at <= now))
            .map(|(key, _)| key.clone())
            .collect();
        keys.iter().filter_map(|key| self.start(key)).collect()
    }

    /// When the next run falls due (the glue's one timer), if any.
    pub fn next_due(&self) -> Option<f64> {
        self.entries
            .values()
            .filter(|e| e.in_flight.is_none())
            .filter_map(|e| e.due_at)
            .reduce(f64::min)
    }

    /// Signed in: every watched key runs.
    pub fn signed_in(&mut self) -> Vec<Run> {
        self.signed_in = true;
        let keys: Vec<String> = self.entries.keys().cloned().collect();
        keys.iter().filter_map(|key| self.start(key)).collect()
    }

    /// Signed out: every entry waits again with no data, and runs in
    /// flight are forgotten (their answers dropped, never retried).
    pub fn signed_out(&mut self) {
        self.signed_in = false;
        let version = self.bump();
        for entry in self.entries.values_mut() {
            entry.phase = Phase::WaitingForSignIn;
            entry.data = None;
            entry.error = None;
            entry.in_flight = None;
            entry.failures = 0;
            entry.updated_at = 0.0;
            entry.due_at = None;
            entry.version = version;
        }
    }

    fn bump(&mut self) -> u64 {
        self.version += 1;
        self.version
    }

    /// What `key` shows now, or `None` when it is not watched.
    pub fn view(&self, key: &str) -> Option<View<'_, T, E>> {
        let entry = self.entries.get(key)?;
        let status = match entry.phase {
            Phase::WaitingForSignIn | Phase::Loading => Status::Loading,
            Phase::Ready => Status::Success,
            Phase::Failed => Status::Error,
        };
        Some(View {
            phase: entry.phase,
            status,
            data: entry.data.as_ref(),
            error: entry.error.as_ref(),
            is_fetching: entry.in_flight.is_some()
                || (entry.failures > 0 && entry.due_at.is_some()),
            updated_at: entry.updated_at,
            version: entry.version,
        })
    }
}

/// One key's state as adopters see it.
#[derive(Debug, PartialEq)]
pub struct View<'a, T, E> {
    /// Where the query stands.
    pub phase: Phase,
    /// What adopters' code switches on.
    pub status: Status,
    /// The last answer (kept through a failed refetch, as react-query).
    pub data: Option<&'a T>,
    /// The last failure, once its retries are spent.
    pub error: Option<&'a E>,
    /// A run (or a retry of one) is under way.
    pub is_fetching: bool,
    /// When the data came, in ms since the epoch (0 without data).
    pub updated_at: f64,
    /// Changes whenever anything here does (the glue's cache key for the
    /// frozen object it hands out).
    pub version: u64,
}

#[cfg(test)]
#[path = "custom_queries_tests.rs"]
mod tests;
