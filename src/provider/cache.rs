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
use crate::client::policy::{poll_interval_ms, recovery_poll_ms, retry_delay_ms};
use crate::client::{Answer, RequestError};
use crate::coder::needs_fast_poll;

/// What the driver does after a request finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextFetch {
    /// Fetch again after this many milliseconds (a poll or a retry).
    After(u32),
    /// Nothing: nobody watches the query, or it must not be retried.
    Stop,
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
}

/// The cache.
#[derive(Debug, Default)]
pub struct QueryCache {
    entries: Vec<Entry>,
    next_request: u32,
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
                self.entries.push(Entry {
                    key: key.to_owned(),
                    watchers: 1,
                    result: None,
                    in_flight: None,
                    failures: 0,
                    fingerprint: None,
                });
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

    /// Records the answer to request `id` and says when to fetch again.
    /// Returns `(changed, next)`: `changed` is false when the answer equals
    /// what was cached (nothing to re-render). Answers to requests that were
    /// cancelled by [`clear`](Self::clear) or whose key lost its watchers are
    /// ignored.
    pub fn finish(
        &mut self,
        key: &str,
        id: u32,
        result: Result<Answer, RequestError>,
        authenticated: bool,
    ) -> (bool, NextFetch) {
        let Some(e) = self.entry_mut(key) else {
            return (false, NextFetch::Stop);
        };
        if e.in_flight != Some(id) {
            return (false, NextFetch::Stop);
        }
        e.in_flight = None;
        match result {
            Ok(answer) => {
                e.failures = 0;
                let changed = match answer {
                    Answer::List(list, print) => {
                        let same = matches!(&e.result, Some(Ok(old)) if **old == list);
                        if !same {
                            e.result = Some(Ok(Rc::new(list)));
                        }
                        e.fingerprint = Some(print);
                        !same
                    }
                    // Only reported when the client had our fingerprint,
                    // that is, while a list is cached.
                    Answer::Unchanged => false,
                };
                let fast = matches!(&e.result, Some(Ok(list)) if needs_fast_poll(list));
                let next =
                    poll_interval_ms(authenticated, fast).map_or(NextFetch::Stop, NextFetch::After);
                (changed, next)
            }
            Err(error) => {
                e.failures += 1;
                let next = retry_delay_ms(&error, e.failures);
                // While retries remain, keep showing what we had (or the
                // loading state); the error shows once they run out. A 401
                // over good data keeps the data too: the token is being
                // re-checked, and if it is invalid the cache is cleared.
                let keep = next.is_some()
                    || (error == RequestError::Unauthorized && matches!(e.result, Some(Ok(_))));
                let changed = !keep && e.result.as_ref() != Some(&Err(error.clone()));
                if !keep {
                    e.result = Some(Err(error));
                    e.fingerprint = None;
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

    /// Every watched key.
    pub fn watched(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.key.clone()).collect()
    }

    /// Forgets every answer and in-flight request (unlink, sign-out). The
    /// watchers stay: their cards fetch again once signed in.
    pub fn clear(&mut self) {
        for e in &mut self.entries {
            e.result = None;
            e.in_flight = None;
            e.failures = 0;
            e.fingerprint = None;
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::policy::{FAST_POLL_MS, RECOVERY_POLL_MS, SLOW_POLL_MS};
    use crate::coder::Workspace;

    /// A new body's answer; its fingerprint follows the content.
    fn list(workspaces: Vec<Workspace>) -> Answer {
        let print = crate::client::fingerprint(format!("{workspaces:?}").as_bytes());
        Answer::List(workspaces, print)
    }

    fn ws(id: &str, status: &str) -> Workspace {
        serde_json::from_str(&format!(
            r#"{{"id":"{id}","name":"w{id}","latest_build":{{"status":"{status}"}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn many_watchers_one_request() {
        let mut c = QueryCache::default();
        assert!(c.watch("owner:me"));
        let id = c.begin("owner:me").unwrap();
        for _ in 0..9 {
            assert!(!c.watch("owner:me"), "in flight: no new fetch");
        }
        assert_eq!(c.begin("owner:me"), None, "one request in flight per key");
        let (changed, next) = c.finish("owner:me", id, Ok(list(vec![ws("1", "running")])), true);
        assert!(changed);
        assert_eq!(next, NextFetch::After(SLOW_POLL_MS));
        assert!(!c.watch("owner:me"), "cached: no fetch for a new card");
    }

    #[test]
    fn polls_fast_while_something_changes() {
        let mut c = QueryCache::default();
        c.watch("q");
        let id = c.begin("q").unwrap();
        let (_, next) = c.finish("q", id, Ok(list(vec![ws("1", "starting")])), true);
        assert_eq!(next, NextFetch::After(FAST_POLL_MS));
    }

    #[test]
    fn identical_answers_change_nothing() {
        let mut c = QueryCache::default();
        c.watch("q");
        let id = c.begin("q").unwrap();
        c.finish("q", id, Ok(list(vec![ws("1", "running")])), true);
        let before = c.result("q").cloned().unwrap().unwrap();
        let id = c.begin("q").unwrap();
        let (changed, _) = c.finish("q", id, Ok(list(vec![ws("1", "running")])), true);
        assert!(!changed);
        let after = c.result("q").cloned().unwrap().unwrap();
        assert!(
            Rc::ptr_eq(&before, &after),
            "same Rc: cards skip re-rendering"
        );
        let id = c.begin("q").unwrap();
        let (changed, _) = c.finish("q", id, Ok(list(vec![ws("1", "stopped")])), true);
        assert!(changed);
    }

    #[test]
    fn an_unchanged_body_keeps_everything_and_polls_as_the_cached_list_says() {
        let mut c = QueryCache::default();
        c.watch("q");
        assert_eq!(c.fingerprint("q"), None, "nothing cached yet");
        let id = c.begin("q").unwrap();
        c.finish(
            "q",
            id,
            Ok(Answer::List(vec![ws("1", "starting")], 7)),
            true,
        );
        assert_eq!(c.fingerprint("q"), Some(7));
        let before = c.result("q").cloned().unwrap().unwrap();
        let id = c.begin("q").unwrap();
        let (changed, next) = c.finish("q", id, Ok(Answer::Unchanged), true);
        assert!(!changed);
        assert_eq!(next, NextFetch::After(FAST_POLL_MS), "still starting");
        let after = c.result("q").cloned().unwrap().unwrap();
        assert!(Rc::ptr_eq(&before, &after));
        assert_eq!(c.fingerprint("q"), Some(7));
    }

    #[test]
    fn the_fingerprint_goes_with_the_cached_list() {
        let mut c = QueryCache::default();
        c.watch("q");
        let id = c.begin("q").unwrap();
        c.finish("q", id, Ok(Answer::List(vec![], 7)), true);
        // A transient error keeps the list, and so its fingerprint.
        let id = c.begin("q").unwrap();
        c.finish("q", id, Err(RequestError::Timeout), true);
        assert_eq!(c.fingerprint("q"), Some(7));
        // An error that replaces the list drops it.
        let id = c.begin("q").unwrap();
        c.finish("q", id, Err(RequestError::Forbidden(None)), true);
        assert_eq!(c.result("q"), Some(&Err(RequestError::Forbidden(None))));
        assert_eq!(c.fingerprint("q"), None);
        let id = c.begin("q").unwrap();
        c.finish("q", id, Ok(Answer::List(vec![], 8)), true);
        c.clear();
        assert_eq!(c.fingerprint("q"), None, "cleared with the answers");
    }

    #[test]
    fn transient_errors_retry_then_show() {
        let mut c = QueryCache::default();
        c.watch("q");
        for (attempt, delay) in [(1, 1000), (2, 2000), (3, 4000)] {
            let id = c.begin("q").unwrap();
            let (changed, next) = c.finish("q", id, Err(RequestError::Timeout), true);
            assert!(!changed, "attempt {attempt}: still retrying");
            assert_eq!(next, NextFetch::After(delay));
        }
        let id = c.begin("q").unwrap();
        let (changed, next) = c.finish("q", id, Err(RequestError::Timeout), true);
        assert!(changed, "retries spent: the error shows");
        assert_eq!(
            next,
            NextFetch::After(RECOVERY_POLL_MS),
            "and it is tried again soon, to recover"
        );
        assert_eq!(c.result("q"), Some(&Err(RequestError::Timeout)));
        let id = c.begin("q").unwrap();
        let (changed, _) = c.finish("q", id, Ok(list(vec![])), true);
        assert!(changed, "recovered");
    }

    #[test]
    fn a_401_is_not_retried() {
        let mut c = QueryCache::default();
        c.watch("q");
        let id = c.begin("q").unwrap();
        let (changed, _) = c.finish("q", id, Err(RequestError::Unauthorized), true);
        assert!(changed);
        assert_eq!(c.result("q"), Some(&Err(RequestError::Unauthorized)));
    }

    #[test]
    fn a_401_over_good_data_keeps_the_data_while_the_token_is_rechecked() {
        let mut c = QueryCache::default();
        c.watch("q");
        let id = c.begin("q").unwrap();
        c.finish("q", id, Ok(list(vec![ws("1", "running")])), true);
        let id = c.begin("q").unwrap();
        let (changed, _) = c.finish("q", id, Err(RequestError::Unauthorized), true);
        assert!(!changed);
        assert!(matches!(c.result("q"), Some(Ok(list)) if list.len() == 1));
    }

    #[test]
    fn no_polling_when_signed_out() {
        let mut c = QueryCache::default();
        c.watch("q");
        let id = c.begin("q").unwrap();
        assert_eq!(
            c.finish("q", id, Ok(list(vec![])), false).1,
            NextFetch::Stop
        );
    }

    #[test]
    fn last_watcher_drops_the_entry_and_late_answers_are_ignored() {
        let mut c = QueryCache::default();
        c.watch("q");
        let id = c.begin("q").unwrap();
        assert!(c.unwatch("q"));
        assert_eq!(
            c.finish("q", id, Ok(list(vec![])), true),
            (false, NextFetch::Stop)
        );
        assert!(c.watched().is_empty());
    }

    #[test]
    fn abandoned_requests_free_their_key_and_their_answers_are_ignored() {
        let mut c = QueryCache::default();
        c.watch("q");
        let old = c.begin("q").unwrap();
        c.abandon_all();
        let new = c.begin("q").expect("a new request may start");
        assert_eq!(
            c.finish("q", old, Ok(list(vec![])), true),
            (false, NextFetch::Stop)
        );
        assert!(
            c.finish("q", new, Ok(list(vec![ws("1", "running")])), true)
                .0
        );
    }

    #[test]
    fn abandoning_one_request_frees_only_its_key() {
        let mut c = QueryCache::default();
        c.watch("a");
        c.watch("b");
        let a = c.begin("a").unwrap();
        let b = c.begin("b").unwrap();
        c.abandon("a", b);
        assert_eq!(c.begin("a"), None, "another request's id frees nothing");
        c.abandon("a", a);
        assert!(c.begin("a").is_some());
        assert_eq!(c.begin("b"), None);
    }

    #[test]
    fn clear_forgets_answers_and_in_flight_requests() {
        let mut c = QueryCache::default();
        c.watch("q");
        let id = c.begin("q").unwrap();
        c.clear();
        assert_eq!(
            c.finish("q", id, Ok(list(vec![ws("1", "running")])), true),
            (false, NextFetch::Stop)
        );
        assert!(c.result("q").is_none());
        assert_eq!(c.watched(), ["q"]);
        assert!(c.begin("q").is_some());
    }
}
