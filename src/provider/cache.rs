//! The workspace query cache one provider shares with all its cards, as
//! pure bookkeeping: who watches which query, which request is in flight,
//! what came back, and what to do next. The driver does the fetching and
//! the timers; this decides.
//!
//! One entry per distinct Coder query string, so ten cards with the same
//! filter make one request per poll, and an unchanged answer keeps the
//! same `Rc` (cards see no change and the DOM is not touched). The cached
//! answer's body fingerprint lets the client skip parsing an identical
//! body altogether.

use std::rc::Rc;

use crate::card::QueryResult;
use crate::client::policy::{is_outage, poll_interval_ms, recovery_poll_ms, retry_delay_ms};
use crate::client::{Answer, RequestError};
use crate::coder::{in_transition, needs_fast_poll, Workspace};

/// How `coderApi.getWorkspaces` for a query is answered (see
/// [`QueryCache::share`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Share {
    /// A card watches the query and Coder answered it a moment ago (before
    /// the card's next poll is due): that answer, as Coder sent it.
    Fresh(Rc<str>),
    /// A card watches the query: wait for its request, the one in flight or
    /// one started now, which answers both.
    Wait,
    /// No card watches the query: send a request of its own.
    Own,
}

/// What the driver does after a request finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextFetch {
    /// Fetch again after this many milliseconds (a poll or a retry).
    After(u32),
    /// Nothing: nobody watches the query, or it must not be retried.
    Stop,
}

/// Why the rows a card shows are not current: the latest request for them
/// failed (or one for another query did, in a way that fails them all).
#[derive(Clone, Debug, PartialEq)]
pub struct Staleness {
    /// What failed.
    pub error: RequestError,
    /// When it first failed, in ms since the epoch.
    pub since_ms: f64,
    /// When the rows shown were last confirmed, in ms since the epoch.
    pub as_of_ms: f64,
}

#[derive(Debug)]
struct Entry {
    key: String,
    watchers: usize,
    result: Option<QueryResult>,
    in_flight: Option<u32>,
    failures: u32,
    /// The fingerprint of the body behind `result`'s list.
    fingerprint: Option<u64>,
    /// When the last answer came, in ms since the epoch.
    ok_at_ms: f64,
    /// Set while rows are kept over a failure: the error and when the
    /// failures began.
    failing: Option<(RequestError, f64)>,
    /// A card asked to refresh this query and the request is in flight: its
    /// answer ends the card's "Refreshing…", changed or not.
    refresh_asked: bool,
    /// The body behind `result`, while bodies are kept (see
    /// [`QueryCache::keep_bodies`]).
    body: Option<Rc<str>>,
}

impl Entry {
    fn new(key: &str) -> Self {
        Self {
            key: key.to_owned(),
            watchers: 1,
            result: None,
            in_flight: None,
            failures: 0,
            fingerprint: None,
            ok_at_ms: 0.0,
            failing: None,
            refresh_asked: false,
            body: None,
        }
    }

    /// Marks the rows, if any, as not current because of `error`; returns
    /// whether that changed what the card shows.
    fn mark_failing(&mut self, error: &RequestError, now_ms: f64) -> bool {
        if !matches!(self.result, Some(Ok(_))) {
            return false;
        }
        match &mut self.failing {
            Some((old, _)) if old == error => false,
            Some((old, _)) => {
                *old = error.clone();
                true
            }
            None => {
                self.failing = Some((error.clone(), now_ms));
                true
            }
        }
    }
}

/// The cache.
#[derive(Debug, Default)]
pub struct QueryCache {
    entries: Vec<Entry>,
    next_request: u32,
    /// The page's own code watches queries of this provider or asked for
    /// a card's workspaces: every answer keeps its body, so that code can
    /// take the cards' requests (from the first one, for a watched query).
    keep_bodies: bool,
}

impl QueryCache {
    fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    fn entry_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.key == key)
    }

    /// Adds a watcher of `key`. Returns true when the query needs a fetch
    /// now (no answer yet and none in flight).
    pub fn watch(&mut self, key: &str) -> bool {
        match self.entry_mut(key) {
            Some(e) => {
                e.watchers += 1;
                e.result.is_none() && e.in_flight.is_none()
            }
            None => {
                self.entries.push(Entry::new(key));
                true
            }
        }
    }

    /// Removes a watcher. The entry (and its data) is dropped with its last
    /// watcher; returns true then, so the driver cancels its timer.
    pub fn unwatch(&mut self, key: &str) -> bool {
        let Some(e) = self.entry_mut(key) else {
            return false;
        };
        e.watchers = e.watchers.saturating_sub(1);
        if e.watchers == 0 {
            self.entries.retain(|e| e.key != key);
            true
        } else {
            false
        }
    }

    /// Marks a request for `key` as started and returns its id, or `None`
    /// when one is already in flight (or nobody watches the key).
    pub fn begin(&mut self, key: &str) -> Option<u32> {
        self.next_request = self.next_request.wrapping_add(1);
        let id = self.next_request;
        let e = self.entry_mut(key)?;
        if e.in_flight.is_some() {
            return None;
        }
        e.in_flight = Some(id);
        Some(id)
    }

    /// Records the answer to request `id`, made at `now_ms` (ms since the
    /// epoch), and says when to fetch again. Returns `(changed, next)`:
    /// `changed` is false when nothing a card shows changed. Answers to
    /// requests that were cancelled by [`clear`](Self::clear) or whose key
    /// lost its watchers are ignored.
    ///
    /// A failure never drops rows already shown: they stay, marked not
    /// current (see [`staleness`](Self::staleness)) from the first failed
    /// request on. A failure of the deployment or the way to it (not of
    /// this one query) marks every query's rows at once, so all cards of
    /// the provider say the same.
    pub fn finish(
        &mut self,
        key: &str,
        id: u32,
        result: Result<Answer, RequestError>,
        authenticated: bool,
        now_ms: f64,
    ) -> (bool, NextFetch) {
        let Some(e) = self.entry_mut(key) else {
            return (false, NextFetch::Stop);
        };
        if e.in_flight != Some(id) {
            return (false, NextFetch::Stop);
        }
        e.in_flight = None;
        // The card that asked stops saying "Refreshing…" either way.
        let asked = std::mem::take(&mut e.refresh_asked);
        match result {
            Ok(answer) => {
                e.failures = 0;
                e.ok_at_ms = now_ms;
                let mut changed = e.failing.take().is_some() || asked;
                match answer {
                    Answer::List(list, print, body) => {
                        e.body = body;
                        let same = matches!(&e.result, Some(Ok(old)) if **old == list);
                        if !same {
                            e.result = Some(Ok(Rc::new(list)));
                            changed = true;
                        }
                        e.fingerprint = Some(print);
                    }
                    // Only reported when the client had our fingerprint,
                    // that is, while a list is cached.
                    Answer::Unchanged(body) => {
                        if body.is_some() {
                            e.body = body;
                        }
                    }
                }
                let fast = matches!(&e.result, Some(Ok(list)) if needs_fast_poll(list));
                let next =
                    poll_interval_ms(authenticated, fast).map_or(NextFetch::Stop, NextFetch::After);
                (changed, next)
            }
            Err(error) => {
                e.failures += 1;
                // Not the answer the page is to take any more.
                e.body = None;
                let next = retry_delay_ms(&error, e.failures);
                let has_rows = matches!(e.result, Some(Ok(_)));
                let mut changed = asked;
                if has_rows {
                    // A 401 is settled by the token re-check, which clears
                    // the cache if the token is gone.
                    if error != RequestError::Unauthorized {
                        changed |= e.mark_failing(&error, now_ms);
                    }
                } else if next.is_none() {
                    // Without rows the loading state stays while retries
                    // remain; the error shows once they run out.
                    changed |= e.result.as_ref() != Some(&Err(error.clone()));
                    e.result = Some(Err(error.clone()));
                    e.fingerprint = None;
                }
                if is_outage(&error) {
                    for other in &mut self.entries {
                        changed |= other.mark_failing(&error, now_ms);
                    }
                }
                let next = match next {
                    Some(ms) if authenticated => NextFetch::After(ms),
                    // Retries are spent or not allowed: keep trying so the
                    // card recovers by itself soon after the fault clears.
                    _ => recovery_poll_ms(authenticated).map_or(NextFetch::Stop, NextFetch::After),
                };
                (changed, next)
            }
        }
    }

    /// Why the rows of `keys` are not current, if they are not: the
    /// earliest failure among them, and the oldest answer behind rows.
    pub fn staleness(&self, keys: &[String]) -> Option<Staleness> {
        let mut found: Option<Staleness> = None;
        for e in self.entries.iter().filter(|e| keys.contains(&e.key)) {
            let Some((error, since)) = &e.failing else {
                continue;
            };
            match &mut found {
                Some(s) => {
                    if *since < s.since_ms {
                        s.error = error.clone();
                        s.since_ms = *since;
                    }
                    s.as_of_ms = s.as_of_ms.min(e.ok_at_ms);
                }
                None => {
                    found = Some(Staleness {
                        error: error.clone(),
                        since_ms: *since,
                        as_of_ms: e.ok_at_ms,
                    })
                }
            }
        }
        found
    }

    /// Queries other than `key` whose last request failed and none is in
    /// flight: once one query is answered again, these are asked at once,
    /// so every card recovers together rather than on its own schedule.
    pub fn recovering(&self, key: &str) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.key != key && e.in_flight.is_none())
            .filter(|e| {
                e.failing.is_some() || matches!(&e.result, Some(Err(err)) if is_outage(err))
            })
            .map(|e| e.key.clone())
            .collect()
    }

    /// A card asked to refresh `key`: if a request for it is under way,
    /// the card says "Refreshing…" until it is answered (with none, there
    /// is nothing to wait for: signed out, or nobody watches the key).
    pub fn ask_refresh(&mut self, key: &str) {
        if let Some(e) = self.entry_mut(key).filter(|e| e.in_flight.is_some()) {
            e.refresh_asked = true;
        }
    }

    /// Whether a refresh a card asked for is waiting on one of `keys`.
    pub fn refreshing(&self, keys: &[String]) -> bool {
        self.entries
            .iter()
            .any(|e| e.refresh_asked && keys.contains(&e.key))
    }

    /// When the latest answer for one of `keys` came (ms since the epoch).
    pub fn answered_at(&self, keys: &[String]) -> Option<f64> {
        self.entries
            .iter()
            .filter(|e| keys.contains(&e.key) && e.ok_at_ms > 0.0)
            .map(|e| e.ok_at_ms)
            .reduce(f64::max)
    }

    /// The cached answer for `key`.
    pub fn result(&self, key: &str) -> Option<&QueryResult> {
        self.entry(key).and_then(|e| e.result.as_ref())
    }

    /// The fingerprint of the body behind `key`'s cached list, for the
    /// client to recognise an identical answer.
    pub fn fingerprint(&self, key: &str) -> Option<u64> {
        self.entry(key)
            .filter(|e| matches!(e.result, Some(Ok(_))))
            .and_then(|e| e.fingerprint)
    }

    /// How the page's own request for `key`'s workspaces (`coderApi`) is
    /// answered at `now_ms`: from a card's answer while it is current, else
    /// by a card's request; `fresh_only` (an explicit refetch) never takes
    /// an answer that came before it. From now on answers keep their body,
    /// which is what the page's code is handed.
    pub fn share(&mut self, key: &str, fresh_only: bool, now_ms: f64) -> Share {
        self.keep_bodies();
        let Some(e) = self.entry_mut(key) else {
            return Share::Own;
        };
        if let (false, None, Some(body), Some(Ok(list))) =
            (fresh_only, &e.failing, &e.body, &e.result)
        {
            let due = poll_interval_ms(true, needs_fast_poll(list)).unwrap_or(0);
            let age = now_ms - e.ok_at_ms;
            if (0.0..f64::from(due)).contains(&age) {
                return Share::Fresh(body.clone());
            }
        }
        Share::Wait
    }

    /// The request in flight for `key`, if any.
    pub fn in_flight(&self, key: &str) -> Option<u32> {
        self.entry(key).and_then(|e| e.in_flight)
    }

    /// The page's code changed something at Coder (a request other than a
    /// GET): no answer from before is current for it any more.
    pub fn forget_bodies(&mut self) {
        for e in &mut self.entries {
            e.body = None;
        }
    }

    /// The body behind `key`'s cached answer, if kept.
    pub fn body(&self, key: &str) -> Option<Rc<str>> {
        self.entry(key).and_then(|e| e.body.clone())
    }

    /// Whether answers are to keep their body (see [`Self::share`] and
    /// [`Self::keep_bodies`]).
    pub fn wants_body(&self) -> bool {
        self.keep_bodies
    }

    /// The page's own code started watching queries: keep every answer's
    /// body from now on.
    pub fn keep_bodies(&mut self) {
        self.keep_bodies = true;
    }

    /// Every watched key.
    pub fn watched(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.key.clone()).collect()
    }

    /// Puts a fresh snapshot of a workspace (a live update) in every
    /// answer that holds it; returns whether any did. Their fingerprints
    /// are dropped: the next poll's answer is read, never taken as
    /// "unchanged" from before the snapshot.
    pub fn patch(&mut self, workspace: &Workspace) -> bool {
        let mut changed = false;
        for e in &mut self.entries {
            let Some(Ok(list)) = &mut e.result else {
                continue;
            };
            let Some(i) = list.iter().position(|w| w.id == workspace.id) else {
                continue;
            };
            if list[i] != *workspace {
                Rc::make_mut(list)[i] = workspace.clone();
                e.fingerprint = None;
                // Older than what the card shows now.
                e.body = None;
                changed = true;
            }
        }
        changed
    }

    /// The workspace `id` as the cache holds it.
    pub fn workspace(&self, id: &str) -> Option<&Workspace> {
        self.entries.iter().find_map(|e| match &e.result {
            Some(Ok(list)) => list.iter().find(|w| w.id == id),
            _ => None,
        })
    }

    /// The workspaces in the answers that are between two states (see
    /// [`in_transition`]), at most `limit`, in answer order.
    pub fn in_transition(&self, limit: usize) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for e in &self.entries {
            let Some(Ok(list)) = &e.result else { continue };
            for w in list.iter().filter(|w| in_transition(w)) {
                if ids.len() == limit {
                    return ids;
                }
                if !ids.contains(&w.id) {
                    ids.push(w.id.clone());
                }
            }
        }
        ids
    }

    /// Forgets every answer and in-flight request (unlink, sign-out). The
    /// watchers stay: their cards fetch again once signed in.
    pub fn clear(&mut self) {
        for e in &mut self.entries {
            e.result = None;
            e.in_flight = None;
            e.failures = 0;
            e.fingerprint = None;
            e.failing = None;
            e.refresh_asked = false;
            e.body = None;
        }
    }

    /// Abandons request `id` of `key` (made early with a token that then
    /// failed its check), so the key may be fetched again.
    pub fn abandon(&mut self, key: &str, id: u32) {
        if let Some(e) = self.entry_mut(key).filter(|e| e.in_flight == Some(id)) {
            e.in_flight = None;
        }
    }

    /// Marks every in-flight request as abandoned (polling paused or the
    /// sign-in lost), so the next fetch of each key may start; their late
    /// answers are ignored.
    pub fn abandon_all(&mut self) {
        for e in &mut self.entries {
            e.in_flight = None;
            e.refresh_asked = false;
        }
    }
}

#[cfg(test)]
#[path = "cache_tests.rs"]
mod tests;
