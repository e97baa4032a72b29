//! Native tests of the action rules and the build run.

use super::actions::*;
use super::Workspace;
use serde_json::json;

fn ws(build: &str, status: &str, transition: &str, outdated: bool, agents: &[&str]) -> Workspace {
    let agents: Vec<_> = agents.iter().map(|s| json!({ "status": s })).collect();
    Workspace::from_json(
        &json!({
            "id": "w", "name": "w", "owner_name": "o", "outdated": outdated,
            "latest_build": {
                "id": build, "status": status, "transition": transition,
                "template_version_id": "v1", "resources": [{ "agents": agents }]
            }
        })
        .to_string(),
    )
    .ok_or(())
    .unwrap()
}

use BuildAction::*;

#[test]
fn the_state_decides_the_actions() {
    let running = ws("b", "running", "start", false, &["connected"]);
    assert_eq!(build_actions(&running), [Stop, Restart]);
    assert_eq!(
        build_actions(&ws("b", "stopped", "stop", false, &[])),
        [Start]
    );
    assert_eq!(
        build_actions(&ws("b", "canceled", "start", false, &[])),
        [Start]
    );
    assert_eq!(
        build_actions(&ws("b", "failed", "start", false, &[])),
        [Start, Stop]
    );
    assert_eq!(
        build_actions(&ws("b", "stopped", "stop", true, &[])),
        [Start, Update]
    );
    assert_eq!(
        build_actions(&ws("b", "running", "start", true, &[])),
        [Stop, Restart, Update]
    );
    for busy in [
        "pending",
        "starting",
        "stopping",
        "canceling",
        "deleting",
        "deleted",
        "",
        "odd",
    ] {
        assert!(
            build_actions(&ws("b", busy, "start", true, &[])).is_empty(),
            "{busy}"
        );
    }
}

#[test]
fn builds_in_progress_and_connecting_agents_are_in_transition() {
    for s in ["pending", "starting", "stopping", "canceling", "deleting"] {
        assert!(in_transition(&ws("b", s, "start", false, &[])), "{s}");
    }
    assert!(in_transition(&ws(
        "b",
        "running",
        "start",
        false,
        &["connecting"]
    )));
    assert!(!in_transition(&ws(
        "b",
        "running",
        "start",
        false,
        &["connected"]
    )));
    assert!(!in_transition(&ws("b", "stopped", "stop", false, &[])));
    assert!(!in_transition(&ws("b", "failed", "start", false, &[])));
}

#[test]
fn every_action_but_start_asks_for_confirmation() {
    assert_eq!(Start.confirm_button(), None);
    assert_eq!(Stop.confirm_button(), Some("Stop workspace"));
    assert_eq!(Restart.confirm_button(), Some("Restart workspace"));
    assert_eq!(Update.confirm_button(), Some("Update workspace"));
    for a in [Stop, Restart, Update] {
        assert!(!a.consequence().is_empty());
    }
}

fn start_step(version: Option<&str>) -> Step {
    Step::Build {
        transition: Transition::Start,
        version: version.map(str::to_owned),
    }
}

const STOP: Step = Step::Build {
    transition: Transition::Stop,
    version: None,
};

#[test]
fn start_follows_its_own_build_until_the_agents_connect() {
    let stopped = ws("b0", "stopped", "stop", false, &[]);
    let (mut run, step) = BuildRun::begin(Start, &stopped);
    assert_eq!(step, start_step(None));
    // Snapshots before Coder answered, or of the old build, change nothing.
    assert_eq!(run.observe(&stopped), Step::Wait);
    run.built("b1".into());
    assert_eq!(run.observe(&stopped), Step::Wait);
    assert_eq!(
        run.observe(&ws("b1", "pending", "start", false, &[])),
        Step::Wait
    );
    assert_eq!(
        run.observe(&ws("b1", "starting", "start", false, &[])),
        Step::Wait
    );
    let connecting = ws("b1", "running", "start", false, &["connecting"]);
    assert_eq!(run.observe(&connecting), Step::Wait);
    let online = ws("b1", "running", "start", false, &["connected"]);
    assert_eq!(run.observe(&online), Step::Done);
}

#[test]
fn a_failed_start_ends_the_run() {
    let (mut run, _) = BuildRun::begin(Start, &ws("b0", "stopped", "stop", false, &[]));
    run.built("b1".into());
    assert_eq!(
        run.observe(&ws("b1", "failed", "start", false, &[])),
        Step::Failed(RunFailure::StartFailed)
    );
}

#[test]
fn stop_is_done_when_stopped() {
    let running = ws("b0", "running", "start", false, &["connected"]);
    let (mut run, step) = BuildRun::begin(Stop, &running);
    assert_eq!(step, STOP);
    run.built("b1".into());
    assert_eq!(run.observe(&running), Step::Wait);
    assert_eq!(
        run.observe(&ws("b1", "stopping", "stop", false, &[])),
        Step::Wait
    );
    assert_eq!(
        run.observe(&ws("b1", "stopped", "stop", false, &[])),
        Step::Done
    );
}

#[test]
fn restart_stops_then_starts_the_same_version() {
    let running = ws("b0", "running", "start", false, &["connected"]);
    let (mut run, step) = BuildRun::begin(Restart, &running);
    assert_eq!(step, STOP);
    run.built("b1".into());
    assert_eq!(
        run.observe(&ws("b1", "stopping", "stop", false, &[])),
        Step::Wait
    );
    let stopped = ws("b1", "stopped", "stop", false, &[]);
    assert_eq!(run.observe(&stopped), start_step(Some("v1")));
    // The stopped snapshot again, before the start was answered: wait.
    assert_eq!(run.observe(&stopped), Step::Wait);
    run.built("b2".into());
    assert_eq!(run.observe(&stopped), Step::Wait);
    assert_eq!(
        run.observe(&ws("b2", "running", "start", false, &["connected"])),
        Step::Done
    );
}

#[test]
fn a_restart_whose_stop_fails_starts_nothing() {
    let (mut run, _) = BuildRun::begin(Restart, &ws("b0", "running", "start", false, &[]));
    run.built("b1".into());
    assert_eq!(
        run.observe(&ws("b1", "failed", "stop", false, &[])),
        Step::Failed(RunFailure::StopFailed)
    );
    assert!(!RunFailure::StopFailed.message().is_empty());
}

#[test]
fn update_looks_up_the_version_then_stops_a_running_workspace_first() {
    let running = ws("b0", "running", "start", true, &["connected"]);
    let (mut run, step) = BuildRun::begin(Update, &running);
    assert_eq!(step, Step::LookUpVersion);
    assert_eq!(run.observe(&running), Step::Wait);
    assert_eq!(run.version_found("v2".into(), &running), STOP);
    run.built("b1".into());
    assert_eq!(
        run.observe(&ws("b1", "stopped", "stop", true, &[])),
        start_step(Some("v2"))
    );
}

#[test]
fn update_starts_a_stopped_workspace_on_the_active_version() {
    let stopped = ws("b0", "stopped", "stop", true, &[]);
    let (mut run, _) = BuildRun::begin(Update, &stopped);
    assert_eq!(
        run.version_found("v2".into(), &stopped),
        start_step(Some("v2"))
    );
    run.built("b1".into());
    assert_eq!(
        run.observe(&ws("b1", "running", "start", false, &[])),
        Step::Done
    );
    assert_eq!(run.action(), Update);
}

#[test]
fn a_build_someone_else_started_ends_the_run() {
    let (mut run, _) = BuildRun::begin(Stop, &ws("b0", "running", "start", false, &[]));
    run.built("b1".into());
    assert_eq!(
        run.observe(&ws("b9", "starting", "start", false, &[])),
        Step::Done
    );
}

#[test]
fn labels_say_what_runs() {
    assert_eq!(Update.label(), "Update");
    assert_eq!(Restart.progress(), "Restarting\u{2026}");
    assert_eq!(Transition::Stop.as_str(), "stop");
}
