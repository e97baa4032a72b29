//! The query cache's bookkeeping, one path per test.

use super::*;
use crate::client::policy::{FAST_POLL_MS, RECOVERY_POLL_MS, SLOW_POLL_MS};
use crate::coder::Workspace;

/// A new body's answer; its fingerprint follows the content.
fn list(workspaces: Vec<Workspace>) -> Answer {
    let print = crate::client::fingerprint(format!("{workspaces:?}").as_bytes());
    Answer::List(workspaces, print, None)
}

/// `answer` with `body` kept, as for a page that shares the query.
fn kept(answer: Answer, body: &Rc<str>) -> Answer {
    match answer {
        Answer::List(list, print, _) => Answer::List(list, print, Some(body.clone())),
        Answer::Unchanged(_) => Answer::Unchanged(Some(body.clone())),
    }
}

fn ws(id: &str, status: &str) -> Workspace {
    Workspace::from_json(&format!(
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
    let (changed, next) = c.finish(
        "owner:me",
        id,
        Ok(list(vec![ws("1", "running")])),
        true,
        0.0,
    );
    assert!(changed);
    assert_eq!(next, NextFetch::After(SLOW_POLL_MS));
    assert!(!c.watch("owner:me"), "cached: no fetch for a new card");
}

#[test]
fn polls_fast_while_something_changes() {
    let mut c = QueryCache::default();
    c.watch("q");
    let id = c.begin("q").unwrap();
    let (_, next) = c.finish("q", id, Ok(list(vec![ws("1", "starting")])), true, 0.0);
    assert_eq!(next, NextFetch::After(FAST_POLL_MS));
}

#[test]
fn identical_answers_change_nothing() {
    let mut c = QueryCache::default();
    c.watch("q");
    let id = c.begin("q").unwrap();
    c.finish("q", id, Ok(list(vec![ws("1", "running")])), true, 0.0);
    let before = c.result("q").cloned().unwrap().unwrap();
    let id = c.begin("q").unwrap();
    let (changed, _) = c.finish("q", id, Ok(list(vec![ws("1", "running")])), true, 0.0);
    assert!(!changed);
    let after = c.result("q").cloned().unwrap().unwrap();
    assert!(
        Rc::ptr_eq(&before, &after),
        "same Rc: cards skip re-rendering"
    );
    let id = c.begin("q").unwrap();
    let (changed, _) = c.finish("q", id, Ok(list(vec![ws("1", "stopped")])), true, 0.0);
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
        Ok(Answer::List(vec![ws("1", "starting")], 7, None)),
        true,
        0.0,
    );
    assert_eq!(c.fingerprint("q"), Some(7));
    let before = c.result("q").cloned().unwrap().unwrap();
    let id = c.begin("q").unwrap();
    let (changed, next) = c.finish("q", id, Ok(Answer::Unchanged(None)), true, 0.0);
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
    c.finish("q", id, Ok(Answer::List(vec![], 7, None)), true, 0.0);
    // A transient error keeps the list, and so its fingerprint.
    let id = c.begin("q").unwrap();
    c.finish("q", id, Err(RequestError::Timeout), true, 0.0);
    assert_eq!(c.fingerprint("q"), Some(7));
    // So does any other: the rows stay, marked not current.
    let id = c.begin("q").unwrap();
    c.finish("q", id, Err(RequestError::Forbidden(None)), true, 0.0);
    assert_eq!(c.fingerprint("q"), Some(7));
    // Without rows, the error is the answer and there is no fingerprint.
    c.watch("other");
    let id = c.begin("other").unwrap();
    c.finish("other", id, Err(RequestError::Forbidden(None)), true, 0.0);
    assert_eq!(c.result("other"), Some(&Err(RequestError::Forbidden(None))));
    assert_eq!(c.fingerprint("other"), None);
    let id = c.begin("q").unwrap();
    c.finish("q", id, Ok(Answer::List(vec![], 8, None)), true, 0.0);
    c.clear();
    assert_eq!(c.fingerprint("q"), None, "cleared with the answers");
}

#[test]
fn transient_errors_retry_then_show() {
    let mut c = QueryCache::default();
    c.watch("q");
    for (attempt, delay) in [(1, 1000), (2, 2000), (3, 4000)] {
        let id = c.begin("q").unwrap();
        let (changed, next) = c.finish("q", id, Err(RequestError::Timeout), true, 0.0);
        assert!(!changed, "attempt {attempt}: still retrying");
        assert_eq!(next, NextFetch::After(delay));
    }
    let id = c.begin("q").unwrap();
    let (changed, next) = c.finish("q", id, Err(RequestError::Timeout), true, 0.0);
    assert!(changed, "retries spent: the error shows");
    assert_eq!(
        next,
        NextFetch::After(RECOVERY_POLL_MS),
        "and it is tried again soon, to recover"
    );
    assert_eq!(c.result("q"), Some(&Err(RequestError::Timeout)));
    let id = c.begin("q").unwrap();
    let (changed, _) = c.finish("q", id, Ok(list(vec![])), true, 0.0);
    assert!(changed, "recovered");
}

#[test]
fn a_401_is_not_retried() {
    let mut c = QueryCache::default();
    c.watch("q");
    let id = c.begin("q").unwrap();
    let (changed, _) = c.finish("q", id, Err(RequestError::Unauthorized), true, 0.0);
    assert!(changed);
    assert_eq!(c.result("q"), Some(&Err(RequestError::Unauthorized)));
}

#[test]
fn a_401_over_good_data_keeps_the_data_while_the_token_is_rechecked() {
    let mut c = QueryCache::default();
    c.watch("q");
    let id = c.begin("q").unwrap();
    c.finish("q", id, Ok(list(vec![ws("1", "running")])), true, 0.0);
    let id = c.begin("q").unwrap();
    let (changed, _) = c.finish("q", id, Err(RequestError::Unauthorized), true, 0.0);
    assert!(!changed);
    assert!(matches!(c.result("q"), Some(Ok(list)) if list.len() == 1));
}

#[test]
fn no_polling_when_signed_out() {
    let mut c = QueryCache::default();
    c.watch("q");
    let id = c.begin("q").unwrap();
    assert_eq!(
        c.finish("q", id, Ok(list(vec![])), false, 0.0).1,
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
        c.finish("q", id, Ok(list(vec![])), true, 0.0),
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
        c.finish("q", old, Ok(list(vec![])), true, 0.0),
        (false, NextFetch::Stop)
    );
    assert!(
        c.finish("q", new, Ok(list(vec![ws("1", "running")])), true, 0.0)
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
        c.finish("q", id, Ok(list(vec![ws("1", "running")])), true, 0.0),
        (false, NextFetch::Stop)
    );
    assert!(c.result("q").is_none());
    assert_eq!(c.watched(), ["q"]);
    assert!(c.begin("q").is_some());
}

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|k| (*k).to_owned()).collect()
}

/// A cache watching `key`s, each answered with one row at `at` ms.
fn answered(key_list: &[&str], at: f64) -> QueryCache {
    let mut c = QueryCache::default();
    for key in key_list {
        c.watch(key);
        let id = c.begin(key).unwrap();
        c.finish(key, id, Ok(list(vec![ws("1", "running")])), true, at);
    }
    c
}

#[test]
fn rows_are_marked_not_current_from_the_first_failure_and_kept() {
    let mut c = answered(&["q"], 1_000.0);
    assert_eq!(c.staleness(&keys(&["q"])), None);
    let id = c.begin("q").unwrap();
    let (changed, next) = c.finish("q", id, Err(RequestError::Timeout), true, 2_000.0);
    assert!(changed, "the card must say so now, not after the retries");
    assert_eq!(next, NextFetch::After(1000), "and still retries");
    let stale = Staleness {
        error: RequestError::Timeout,
        since_ms: 2_000.0,
        as_of_ms: 1_000.0,
    };
    assert_eq!(c.staleness(&keys(&["q"])), Some(stale.clone()));
    // Retries spent: the rows stay (they are what the user last saw),
    // still marked since the first failure.
    for at in [3_000.0, 4_000.0, 5_000.0, 6_000.0] {
        let id = c.begin("q").unwrap();
        let (changed, _) = c.finish("q", id, Err(RequestError::Timeout), true, at);
        assert!(!changed, "same failure, same notice");
    }
    assert!(matches!(c.result("q"), Some(Ok(rows)) if rows.len() == 1));
    assert_eq!(c.staleness(&keys(&["q"])), Some(stale));
    // Another kind of failure changes the notice, not its start.
    let id = c.begin("q").unwrap();
    let (changed, _) = c.finish(
        "q",
        id,
        Err(RequestError::DeploymentUnavailable(503)),
        true,
        7_000.0,
    );
    assert!(changed);
    let now = c.staleness(&keys(&["q"])).unwrap();
    assert_eq!(
        (now.error, now.since_ms),
        (RequestError::DeploymentUnavailable(503), 2_000.0)
    );
    // An answer, even an unchanged one, makes the rows current again.
    let id = c.begin("q").unwrap();
    let (changed, _) = c.finish("q", id, Ok(Answer::Unchanged(None)), true, 8_000.0);
    assert!(changed);
    assert_eq!(c.staleness(&keys(&["q"])), None);
    assert_eq!(c.answered_at(&keys(&["q"])), Some(8_000.0));
}

#[test]
fn an_outage_marks_every_query_at_once_and_an_answer_asks_the_others_again() {
    let mut c = answered(&["a", "b"], 1_000.0);
    let id = c.begin("a").unwrap();
    let (changed, _) = c.finish(
        "a",
        id,
        Err(RequestError::DeploymentUnavailable(503)),
        true,
        2_000.0,
    );
    assert!(changed);
    for key in ["a", "b"] {
        let stale = c
            .staleness(&keys(&[key]))
            .unwrap_or_else(|| panic!("{key} not marked"));
        assert_eq!(stale.since_ms, 2_000.0, "{key}");
    }
    assert_eq!(c.recovering("a"), keys(&["b"]));
    // "a" answers: "b" is the one to ask at once; "a" is current.
    let id = c.begin("a").unwrap();
    c.finish("a", id, Ok(Answer::Unchanged(None)), true, 3_000.0);
    assert_eq!(c.staleness(&keys(&["a"])), None);
    assert_eq!(c.recovering("a"), keys(&["b"]));
    // One in flight is not asked twice.
    c.begin("b").unwrap();
    assert!(c.recovering("a").is_empty());
}

#[test]
fn a_failure_of_one_query_marks_only_that_query() {
    let mut c = answered(&["a", "b"], 1_000.0);
    let bad_query = RequestError::Http {
        status: 400,
        message: Some("bad filter".into()),
    };
    let id = c.begin("a").unwrap();
    c.finish("a", id, Err(bad_query.clone()), true, 2_000.0);
    assert_eq!(c.staleness(&keys(&["a"])).map(|s| s.error), Some(bad_query));
    assert_eq!(c.staleness(&keys(&["b"])), None);
    // A card over both says the earliest failure, with its oldest rows.
    let id = c.begin("b").unwrap();
    c.finish("b", id, Err(RequestError::Forbidden(None)), true, 3_000.0);
    let both = c.staleness(&keys(&["a", "b"])).unwrap();
    assert_eq!(both.since_ms, 2_000.0);
    assert_eq!(both.as_of_ms, 1_000.0);
    // A query that failed for itself is not asked again on others' answers.
    c.watch("c");
    let id = c.begin("c").unwrap();
    c.finish(
        "c",
        id,
        Err(RequestError::Http {
            status: 400,
            message: None,
        }),
        true,
        3_000.0,
    );
    assert!(!c.recovering("a").contains(&"c".to_owned()));
}

#[test]
fn a_401_over_rows_is_left_to_the_token_check() {
    let mut c = answered(&["q"], 1_000.0);
    let id = c.begin("q").unwrap();
    c.finish("q", id, Err(RequestError::Unauthorized), true, 2_000.0);
    assert_eq!(c.staleness(&keys(&["q"])), None);
    c.clear();
    assert_eq!(c.staleness(&keys(&["q"])), None);
}

#[test]
fn a_refresh_a_card_asked_for_ends_with_its_answer_changed_or_not() {
    let mut c = answered(&["q"], 1_000.0);
    c.ask_refresh("q");
    assert!(
        !c.refreshing(&keys(&["q"])),
        "nothing in flight: nothing to wait for"
    );
    let id = c.begin("q").unwrap();
    c.ask_refresh("q");
    assert!(c.refreshing(&keys(&["q"])));
    assert!(!c.refreshing(&keys(&["other"])));
    let (changed, _) = c.finish("q", id, Ok(Answer::Unchanged(None)), true, 2_000.0);
    assert!(changed, "the card stops saying Refreshing…");
    assert!(!c.refreshing(&keys(&["q"])));
    // A failed answer ends it too; an abandoned request leaves nothing to wait for.
    let id = c.begin("q").unwrap();
    c.ask_refresh("q");
    c.finish("q", id, Err(RequestError::Timeout), true, 3_000.0);
    assert!(!c.refreshing(&keys(&["q"])));
    c.begin("q").unwrap();
    c.ask_refresh("q");
    c.abandon_all();
    assert!(!c.refreshing(&keys(&["q"])));
}

#[test]
fn a_live_snapshot_patches_every_answer_that_holds_the_workspace() {
    let mut c = QueryCache::default();
    for key in ["owner:me", "repo"] {
        c.watch(key);
        let id = c.begin(key).unwrap();
        let rows = vec![ws("1", "stopped"), ws("2", "running")];
        c.finish(key, id, Ok(list(rows)), true, 0.0);
    }
    assert!(c.fingerprint("repo").is_some());
    assert!(
        !c.patch(&ws("1", "stopped")),
        "the same snapshot changes nothing"
    );
    assert!(c.patch(&ws("1", "starting")));
    for key in ["owner:me", "repo"] {
        let Some(Ok(rows)) = c.result(key) else {
            panic!()
        };
        assert_eq!(rows[0].latest_build.status.as_str(), "starting");
        assert_eq!(c.fingerprint(key), None, "the next poll is read");
    }
    assert_eq!(
        c.workspace("1").unwrap().latest_build.status.as_str(),
        "starting"
    );
    assert!(c.workspace("9").is_none());
    assert!(!c.patch(&ws("9", "running")), "a workspace no answer holds");
}

#[test]
fn workspaces_in_transition_are_listed_once_up_to_a_limit() {
    let mut c = QueryCache::default();
    for key in ["a", "b"] {
        c.watch(key);
        let id = c.begin(key).unwrap();
        let rows = vec![
            ws("1", "starting"),
            ws("2", "running"),
            ws("3", "stopping"),
            ws("4", "pending"),
        ];
        c.finish(key, id, Ok(list(rows)), true, 0.0);
    }
    assert_eq!(c.in_transition(10), ["1", "3", "4"]);
    assert_eq!(c.in_transition(2), ["1", "3"]);
}

/// The page's own request for a card's query (`coderApi.getWorkspaces`)
/// takes the card's answer while it is current, else waits for the card's
/// request; a query no card watches is the page's own.
#[test]
fn the_page_shares_a_cards_query_and_its_current_answer() {
    let body: Rc<str> = Rc::from(r#"{"workspaces":[],"count":0}"#);
    let with_body = |workspaces| kept(list(workspaces), &body);
    let mut c = QueryCache::default();
    assert!(!c.wants_body());
    assert_eq!(c.share("owner:me", false, 0.0), Share::Own, "no card");
    assert!(c.wants_body(), "from now on bodies are kept");
    c.watch("owner:me");
    assert_eq!(
        c.share("owner:me", false, 0.0),
        Share::Wait,
        "no answer yet"
    );

    let id = c.begin("owner:me").unwrap();
    c.finish(
        "owner:me",
        id,
        Ok(with_body(vec![ws("1", "running")])),
        true,
        1_000.0,
    );
    let fresh = Share::Fresh(body.clone());
    assert_eq!(c.share("owner:me", false, 1_000.0), fresh);
    assert_eq!(
        c.share("owner:me", false, 1_000.0 + f64::from(SLOW_POLL_MS) - 1.0),
        fresh
    );
    assert_eq!(
        c.share("owner:me", false, 1_000.0 + f64::from(SLOW_POLL_MS)),
        Share::Wait,
        "the card's next poll is due"
    );
    assert_eq!(c.share("owner:me", true, 1_000.0), Share::Wait, "a refetch");

    // A poll whose body was not kept leaves nothing to hand out.
    let id = c.begin("owner:me").unwrap();
    c.finish(
        "owner:me",
        id,
        Ok(list(vec![ws("1", "stopped")])),
        true,
        2_000.0,
    );
    assert_eq!(c.share("owner:me", false, 2_000.0), Share::Wait);
    // An unchanged answer with its body is current again.
    let id = c.begin("owner:me").unwrap();
    c.finish(
        "owner:me",
        id,
        Ok(Answer::Unchanged(Some(body.clone()))),
        true,
        3_000.0,
    );
    assert_eq!(c.share("owner:me", false, 3_000.0), fresh);
}

/// A card's answer stops being the page's once it is not current: a live
/// update changed the rows, a request failed (a 401 too), the page changed
/// something at Coder, or the user signed out.
#[test]
fn an_answer_the_card_no_longer_shows_as_current_is_not_shared() {
    let body: Rc<str> = Rc::from("{}");
    let answer = |status| kept(list(vec![ws("1", status)]), &body);
    let mut c = QueryCache::default();
    c.watch("q");
    c.share("q", false, 0.0);
    let id = c.begin("q").unwrap();
    c.finish("q", id, Ok(answer("running")), true, 0.0);
    assert!(c.patch(&ws("1", "stopping")));
    assert_eq!(c.share("q", false, 1.0), Share::Wait, "patched");

    let id = c.begin("q").unwrap();
    c.finish("q", id, Ok(answer("stopped")), true, 10.0);
    let id = c.begin("q").unwrap();
    c.finish(
        "q",
        id,
        Err(RequestError::DeploymentUnavailable(502)),
        true,
        20.0,
    );
    assert_eq!(c.share("q", false, 21.0), Share::Wait, "failing");

    let id = c.begin("q").unwrap();
    c.finish("q", id, Ok(answer("stopped")), true, 30.0);
    let id = c.begin("q").unwrap();
    c.finish("q", id, Err(RequestError::Unauthorized), true, 40.0);
    assert_eq!(
        c.share("q", false, 41.0),
        Share::Wait,
        "a 401 being re-checked"
    );

    let id = c.begin("q").unwrap();
    c.finish("q", id, Ok(answer("stopped")), true, 50.0);
    c.forget_bodies();
    assert_eq!(
        c.share("q", false, 51.0),
        Share::Wait,
        "the page changed something"
    );

    let id = c.begin("q").unwrap();
    c.finish("q", id, Ok(answer("stopped")), true, 60.0);
    c.clear();
    assert_eq!(c.share("q", false, 61.0), Share::Wait, "signed out");
}

#[test]
fn once_the_page_watches_queries_every_answer_keeps_its_body() {
    let mut c = QueryCache::default();
    c.watch("a");
    assert!(!c.wants_body());
    c.keep_bodies();
    assert!(c.wants_body());
}
