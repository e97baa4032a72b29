use super::*;

type Queries = CustomQueries<&'static str, &'static str>;

fn run(key: &str, generation: u64) -> Run {
    Run {
        key: key.to_owned(),
        generation,
    }
}

/// Signed in, watching `key`, with its first run's generation.
fn watched(key: &str) -> (Queries, u64) {
    let mut queries = Queries::new();
    queries.signed_in();
    let (_, started) = queries.watch(key);
    (queries, started.unwrap().generation)
}

#[test]
fn nothing_runs_while_signed_out_and_the_status_is_loading() {
    let mut queries = Queries::new();
    assert_eq!(queries.watch("k"), (true, None));
    let view = queries.view("k").unwrap();
    assert_eq!(view.phase, Phase::WaitingForSignIn);
    assert_eq!(view.status, Status::Loading);
    assert!(!view.is_fetching);
    assert_eq!(queries.due(1e12), vec![]);
    assert_eq!(queries.next_due(), None);
}

#[test]
fn sign_in_runs_every_watched_key_and_the_answer_is_stored() {
    let mut queries = Queries::new();
    queries.watch("a");
    queries.watch("b");
    let runs = queries.signed_in();
    assert_eq!(runs, vec![run("a", 1), run("b", 2)]);
    let view = queries.view("a").unwrap();
    assert_eq!((view.phase, view.status), (Phase::Loading, Status::Loading));
    assert!(view.is_fetching);
    assert_eq!(queries.settle("a", 1, Ok("data"), 10.0), Settled::Stored);
    let view = queries.view("a").unwrap();
    assert_eq!(view.status, Status::Success);
    assert_eq!(view.data, Some(&"data"));
    assert_eq!(view.updated_at, 10.0);
    assert!(!view.is_fetching);
}

#[test]
fn watchers_of_one_key_share_one_run_and_the_last_unwatch_forgets_it() {
    let mut queries = Queries::new();
    queries.signed_in();
    assert_eq!(queries.watch("k"), (true, Some(run("k", 1))));
    assert_eq!(queries.watch("k"), (false, None));
    assert!(!queries.unwatch("k"));
    assert!(queries.view("k").is_some());
    assert!(queries.unwatch("k"));
    assert!(queries.view("k").is_none());
    assert!(queries.is_empty());
    // The forgotten run's answer has nowhere to go.
    assert_eq!(queries.settle("k", 1, Ok("late"), 1.0), Settled::Dropped);
}

#[test]
fn sign_out_resets_every_entry_to_waiting_with_no_data() {
    let (mut queries, generation) = watched("k");
    queries.settle("k", generation, Ok("data"), 1.0);
    let before = queries.view("k").unwrap().version;
    queries.signed_out();
    let view = queries.view("k").unwrap();
    assert_eq!(view.phase, Phase::WaitingForSignIn);
    assert_eq!(view.status, Status::Loading);
    assert_eq!(view.data, None);
    assert_ne!(view.version, before, "listeners must see the change");
    assert_eq!(queries.next_due(), None, "no polling while signed out");
}

#[test]
fn an_answer_after_sign_out_is_dropped_and_never_retried() {
    let (mut queries, generation) = watched("k");
    queries.signed_out();
    assert_eq!(
        queries.settle("k", generation, Err(("boom", Some(503))), 1.0),
        Settled::Dropped
    );
    assert_eq!(
        queries.settle("k", generation, Ok("late"), 1.0),
        Settled::Dropped
    );
    assert_eq!(queries.view("k").unwrap().data, None);
    assert_eq!(queries.due(1e12), vec![]);
}

#[test]
fn an_answer_after_sign_out_and_back_in_is_still_dropped() {
    let (mut queries, old) = watched("k");
    queries.signed_out();
    let runs = queries.signed_in();
    assert_eq!(runs.len(), 1);
    assert_eq!(queries.settle("k", old, Ok("old"), 1.0), Settled::Dropped);
    let fresh = runs[0].generation;
    assert_eq!(queries.settle("k", fresh, Ok("new"), 2.0), Settled::Stored);
    assert_eq!(queries.view("k").unwrap().data, Some(&"new"));
}

#[test]
fn a_refetch_supersedes_the_run_in_flight() {
    let (mut queries, first) = watched("k");
    let second = queries.refetch("k").unwrap().generation;
    assert_ne!(first, second);
    assert_eq!(queries.settle("k", first, Ok("old"), 1.0), Settled::Dropped);
    assert_eq!(queries.settle("k", second, Ok("new"), 2.0), Settled::Stored);
    assert_eq!(queries.view("k").unwrap().data, Some(&"new"));
    assert_eq!(queries.refetch("missing"), None);
}

#[test]
fn a_refetch_keeps_the_data_shown_while_it_runs() {
    let (mut queries, generation) = watched("k");
    queries.settle("k", generation, Ok("data"), 1.0);
    queries.refetch("k").unwrap();
    let view = queries.view("k").unwrap();
    assert_eq!(view.status, Status::Success);
    assert_eq!(view.data, Some(&"data"));
    assert!(view.is_fetching);
}

#[test]
fn retry_delays_back_off_for_outages_and_never_for_client_errors() {
    assert_eq!(retry_delay(None, 1), Some(1000));
    assert_eq!(retry_delay(Some(500), 2), Some(2000));
    assert_eq!(retry_delay(Some(503), 3), Some(4000));
    assert_eq!(retry_delay(Some(429), 1), Some(1000));
    assert_eq!(retry_delay(None, 4), None, "three retries at most");
    assert_eq!(retry_delay(None, 0), None);
    for status in [400, 401, 403, 404, 408, 422] {
        assert_eq!(retry_delay(Some(status), 1), None, "{status}");
    }
}

#[test]
fn a_server_error_is_retried_three_times_then_shown() {
    let (mut queries, mut generation) = watched("k");
    let mut now = 0.0;
    for delay in [1000, 2000, 4000] {
        let settled = queries.settle("k", generation, Err(("boom", Some(500))), now);
        assert_eq!(settled, Settled::RetryAfter(delay));
        let view = queries.view("k").unwrap();
        assert_eq!(view.status, Status::Loading, "not failed while retrying");
        assert!(view.is_fetching);
        assert_eq!(queries.next_due(), Some(now + f64::from(delay)));
        assert_eq!(queries.due(now + f64::from(delay) - 1.0), vec![]);
        now += f64::from(delay);
        let runs = queries.due(now);
        assert_eq!(runs.len(), 1);
        generation = runs[0].generation;
    }
    let settled = queries.settle("k", generation, Err(("boom", Some(500))), now);
    assert_eq!(settled, Settled::Stored);
    let view = queries.view("k").unwrap();
    assert_eq!(view.status, Status::Error);
    assert_eq!(view.error, Some(&"boom"));
    assert!(!view.is_fetching);
}

#[test]
fn a_not_found_is_shown_at_once() {
    let (mut queries, generation) = watched("k");
    let settled = queries.settle("k", generation, Err(("missing", Some(404))), 0.0);
    assert_eq!(settled, Settled::Stored);
    let view = queries.view("k").unwrap();
    assert_eq!((view.phase, view.status), (Phase::Failed, Status::Error));
    assert_eq!(view.error, Some(&"missing"));
}

#[test]
fn answers_are_polled_at_the_idle_interval() {
    let (mut queries, generation) = watched("k");
    queries.settle("k", generation, Ok("data"), 1000.0);
    let poll = f64::from(poll_interval_ms(true, false).unwrap());
    assert_eq!(queries.next_due(), Some(1000.0 + poll));
    assert_eq!(queries.due(999.0 + poll), vec![]);
    let runs = queries.due(1000.0 + poll);
    assert_eq!(runs.len(), 1);
    assert_eq!(queries.next_due(), None, "nothing due while it runs");
    // A failure keeps the data and is polled again too.
    queries.settle("k", runs[0].generation, Err(("no", Some(403))), 2.0 * poll);
    let view = queries.view("k").unwrap();
    assert_eq!((view.status, view.data), (Status::Error, Some(&"data")));
    assert_eq!(queries.next_due(), Some(3.0 * poll));
}

#[test]
fn a_success_after_a_failure_clears_the_error() {
    let (mut queries, generation) = watched("k");
    queries.settle("k", generation, Err(("missing", Some(404))), 0.0);
    let again = queries.refetch("k").unwrap().generation;
    queries.settle("k", again, Ok("data"), 1.0);
    let view = queries.view("k").unwrap();
    assert_eq!((view.status, view.error), (Status::Success, None));
}

#[test]
fn status_names_are_react_querys() {
    assert_eq!(Status::Loading.as_str(), "loading");
    assert_eq!(Status::Success.as_str(), "success");
    assert_eq!(Status::Error.as_str(), "error");
}
