//! Builds posted at run time (`POST /api/v2/workspaces/{id}/builds`): the
//! request as Coder reads it, the parameters a build ends up with, and how
//! the build moves on. A start is `pending`, then `starting` (agents
//! connecting, lifecycle `created`), then `running` with its agents still
//! `starting`, then `running` with them connected and `ready`; a stop is
//! `pending`, `stopping`, then `stopped` without agents. Each phase lasts
//! `--build-step-ms` (default 500 ms); the state is rendered from the time,
//! like the seed's progressions, but on the monotonic clock, so a
//! `/__demo/reset` (which puts the seed back) doesn't replay it.

use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde_json::{json, Value};

use crate::ids::ORG_ID;
use crate::params::Param;
use crate::random;
use crate::resources::{self, CREATED, READY, STARTING};
use crate::templates::Version;

/// When a workspace is rendered: what its state depends on.
#[derive(Clone, Copy, Debug)]
pub struct Moment {
    /// Time since the seed's progression (re)started (`/__demo/reset`).
    pub elapsed: Duration,
    /// Wall-clock time of that start, for the seed builds' timestamps.
    pub started: SystemTime,
    /// Monotonic time, which a reset doesn't rewind: posted builds move by it.
    pub now: Duration,
    /// How long each phase of a posted build lasts.
    pub step: Duration,
}

/// The transitions the fake builds (Coder also has `delete`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// Bring the workspace up.
    Start,
    /// Take it down, keeping its volumes.
    Stop,
}

impl Transition {
    /// Coder's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Transition::Start => "start",
            Transition::Stop => "stop",
        }
    }
}

/// A build posted at run time, and what the workspace looked like then.
#[derive(Clone, Debug)]
pub struct LiveBuild {
    /// The workspace object when the build was posted; a render replaces
    /// its build and what follows from it.
    pub(crate) prev: Value,
    pub(crate) id: String,
    pub(crate) job_id: String,
    pub(crate) number: u64,
    pub(crate) transition: Transition,
    pub(crate) version_id: String,
    pub(crate) version_name: String,
    /// The template's active version, for `outdated`.
    pub(crate) active_version_id: String,
    /// Monotonic time of the POST.
    pub(crate) started: Duration,
    pub(crate) created_at: String,
    /// The resources of the workspace when it runs (agents, apps, volumes).
    pub(crate) running: Value,
    pub(crate) initiator_id: String,
    pub(crate) initiator_name: String,
}

/// Phases of a build: queued, then its job runs, then (a start) up with
/// its agents still connecting; past these it is done.
const PENDING: u32 = 0;
const BUSY: u32 = 1;
const UP_CONNECTING: u32 = 2;

impl LiveBuild {
    /// The phase the build is in at `now`: 0 pending, 1 starting or
    /// stopping, then done (a start has one more, agents still connecting).
    fn phase(&self, now: &Moment) -> u32 {
        if now.step.is_zero() {
            return u32::MAX;
        }
        let since = now.now.saturating_sub(self.started);
        u32::try_from(since.as_nanos() / now.step.as_nanos()).unwrap_or(u32::MAX)
    }

    /// Whether the build's job is still pending or running at `now`.
    pub fn active(&self, now: &Moment) -> bool {
        self.phase(now) <= BUSY
    }

    /// Coder's `WorkspaceBuild` JSON at `now`.
    pub fn build_json(&self, now: &Moment) -> Value {
        let phase = self.phase(now);
        let created = self.created_at.as_str();
        let (status, job_status, resources) = match (self.transition, phase) {
            (_, PENDING) => ("pending", "pending", json!([])),
            (Transition::Start, BUSY) => (
                "starting",
                "running",
                resources::at_state(
                    &self.running,
                    CREATED,
                    &self.job_id,
                    "start",
                    created,
                    false,
                ),
            ),
            (Transition::Start, UP_CONNECTING) => (
                "running",
                "succeeded",
                resources::at_state(
                    &self.running,
                    STARTING,
                    &self.job_id,
                    "start",
                    created,
                    true,
                ),
            ),
            (Transition::Start, _) => (
                "running",
                "succeeded",
                resources::at_state(&self.running, READY, &self.job_id, "start", created, true),
            ),
            (Transition::Stop, BUSY) => ("stopping", "running", json!([])),
            (Transition::Stop, _) => (
                "stopped",
                "succeeded",
                resources::stopped(&self.running, &self.job_id, created),
            ),
        };
        let w = &self.prev;
        let job_done = job_status == "succeeded";
        json!({
            "id": self.id,
            "created_at": created,
            "updated_at": created,
            "workspace_id": w["id"],
            "workspace_name": w["name"],
            "workspace_owner_id": w["owner_id"],
            "workspace_owner_name": w["owner_name"],
            "workspace_owner_avatar_url": "",
            "template_version_id": self.version_id,
            "template_version_name": self.version_name,
            "build_number": self.number,
            "transition": self.transition.name(),
            "initiator_id": self.initiator_id,
            "initiator_name": self.initiator_name,
            "job": {
                "id": self.job_id,
                "created_at": created,
                "started_at": if job_status == "pending" { Value::Null } else { json!(created) },
                "completed_at": if job_done { json!(created) } else { Value::Null },
                "canceled_at": Value::Null,
                "status": job_status,
                "error": Value::Null,
                "file_id": self.version_id,
                "tags": { "scope": "organization" },
                "queue_position": 0,
                "queue_size": 0,
                "organization_id": ORG_ID,
                "type": "workspace_build",
                "input": { "workspace_build_id": self.id },
            },
            "reason": "initiator",
            "resources": resources,
            "deadline": Value::Null,
            "max_deadline": Value::Null,
            "status": status,
            "daily_cost": 0,
            "matched_provisioners": { "count": 1, "available": 1 },
            "template_version_preset_id": Value::Null,
        })
    }

    /// The workspace at `now`: the object it had when the build was posted,
    /// with this build as its latest and what that changes.
    pub fn workspace_json(&self, now: &Moment) -> Value {
        let mut w = self.prev.clone();
        let build = self.build_json(now);
        if let Some(obj) = w.as_object_mut() {
            obj.insert("health".into(), resources::health(&build["resources"]));
            obj.insert("updated_at".into(), json!(self.created_at));
            obj.insert(
                "outdated".into(),
                json!(self.version_id != self.active_version_id),
            );
            obj.insert(
                "template_active_version_id".into(),
                json!(self.active_version_id),
            );
            obj.insert("latest_build".into(), build);
        }
        w
    }
}

/// Decodes a request body that must be a JSON object as Go decodes it
/// into a struct (serde would also take an array); `Err` is the detail.
pub(crate) fn decode_object<T: serde::de::DeserializeOwned>(
    body: &[u8],
    go_type: &str,
) -> Result<T, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let kind = match &value {
        Value::Object(_) => return serde_json::from_value(value).map_err(|e| e.to_string()),
        Value::Null => {
            return Err(format!(
                "json: cannot unmarshal null into Go value of type {go_type}"
            ))
        }
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
    };
    Err(format!(
        "json: cannot unmarshal {kind} into Go value of type {go_type}"
    ))
}

/// A fresh id for a build or job.
pub fn new_id() -> String {
    random::uuid()
}

/// Why a build's parameters don't resolve: `(parameter, detail)`, sorted
/// by parameter as Coder sorts its validations.
pub type ParameterErrors = Vec<(String, String)>;

/// The parameters a build on `version` ends up with: for each parameter of
/// the version, the value the request gives, else the previous build's,
/// else the default, as Coder resolves them. A required parameter with none
/// of these, or a new value for an immutable one, is an error. Values the
/// previous build had for names the version lacks are kept (a start on the
/// same version never loses a value), and the request's values for unknown
/// names are dropped.
pub fn resolve_parameters(
    version: &Version,
    previous: &[Param],
    given: &[Param],
) -> Result<Vec<Param>, ParameterErrors> {
    let find = |list: &[Param], name: &str| -> Option<String> {
        list.iter()
            .rev()
            .find(|p| p.name == name)
            .map(|p| p.value.clone())
    };
    let mut errors = ParameterErrors::new();
    let mut resolved = previous.to_vec();
    for p in &version.parameters {
        let (given, before) = (find(given, &p.name), find(previous, &p.name));
        if let (false, Some(g), Some(b)) = (p.mutable, &given, &before) {
            if g != b {
                errors.push((
                    p.name.clone(),
                    format!(
                        "Immutable parameter changed; Parameter \"{}\" is not mutable, so it can't be updated after creating a workspace.",
                        p.name
                    ),
                ));
                continue;
            }
        }
        let value = match given.or(before) {
            Some(v) => v,
            None if p.required => {
                errors.push((
                    p.name.clone(),
                    format!(
                        "Required parameter not provided; Parameter \"{}\" is required but not provided",
                        p.name
                    ),
                ));
                continue;
            }
            None => p.default_value.clone(),
        };
        match resolved.iter_mut().find(|r| r.name == p.name) {
            Some(r) => r.value = value,
            None => resolved.push(Param {
                name: p.name.clone(),
                value,
            }),
        }
    }
    if errors.is_empty() {
        Ok(resolved)
    } else {
        errors.sort();
        Err(errors)
    }
}

/// `POST /api/v2/workspaces/{id}/builds` as the fake takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildRequest {
    /// What to do.
    pub transition: Transition,
    /// The version to build; the previous build's when absent.
    pub template_version_id: Option<String>,
    /// Values for the version's parameters.
    pub rich_parameter_values: Vec<Param>,
}

/// Why a build request was refused before anything else was looked at:
/// `(message, detail, validations)`, a Coder 400.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError {
    /// Coder's `message`.
    pub message: String,
    /// Coder's `detail` (empty: none).
    pub detail: String,
    /// `(field, detail)` of Coder's `validations`.
    pub validations: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct RawRequest {
    #[serde(default)]
    transition: Option<String>,
    #[serde(default)]
    template_version_id: Option<String>,
    #[serde(default)]
    rich_parameter_values: Option<Vec<Param>>,
}

/// Reads a build request the way Coder's `httpapi.Read` does: JSON that
/// doesn't decode (an empty body included) is "Request body must be valid
/// JSON.", a `template_version_id` that isn't a UUID too (Go fails to
/// decode it), and a `transition` that isn't `start`, `stop` or `delete` is
/// "Validation failed." for tag `oneof`. The fake builds no `delete`.
pub fn parse_request(body: &[u8]) -> Result<BuildRequest, RequestError> {
    let invalid_json = |detail: String| RequestError {
        message: "Request body must be valid JSON.".into(),
        detail,
        validations: Vec::new(),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid_json("EOF".into()));
    }
    let raw: RawRequest =
        decode_object(body, "codersdk.CreateWorkspaceBuildRequest").map_err(invalid_json)?;
    if let Some(v) = &raw.template_version_id {
        random::check_uuid(v).map_err(invalid_json)?;
    }
    let transition = raw.transition.unwrap_or_default();
    let transition = match transition.as_str() {
        "start" => Transition::Start,
        "stop" => Transition::Stop,
        "delete" => {
            return Err(RequestError {
                message: "Deleting workspaces is not supported by the demo server.".into(),
                detail: "Transition \"delete\" not supported.".into(),
                validations: Vec::new(),
            })
        }
        other => {
            return Err(RequestError {
                message: "Validation failed.".into(),
                detail: String::new(),
                validations: vec![(
                    "transition".into(),
                    format!("Validation failed for tag \"oneof\" with value: \"{other}\""),
                )],
            })
        }
    };
    Ok(BuildRequest {
        transition,
        template_version_id: raw.template_version_id,
        rich_parameter_values: raw.rich_parameter_values.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::RichParam;

    fn param(name: &str, value: &str) -> Param {
        Param {
            name: name.into(),
            value: value.into(),
        }
    }

    fn rich(name: &str, required: bool, mutable: bool, default: &str) -> RichParam {
        RichParam {
            name: name.into(),
            display_name: name.into(),
            description: String::new(),
            required,
            default_value: default.into(),
            mutable,
            options: Vec::new(),
        }
    }

    #[test]
    fn parameters_come_from_the_request_then_the_last_build_then_defaults() {
        let v = Version {
            id: "v".into(),
            name: "v2".into(),
            parameters: vec![
                rich("region", false, false, "eu"),
                rich("repo", false, true, ""),
                rich("toolchain", true, true, ""),
                rich("size", false, true, "m"),
            ],
        };
        let prev = [param("repo", "a"), param("region", "us"), param("old", "x")];
        let got = resolve_parameters(
            &v,
            &prev,
            &[param("toolchain", "stable"), param("junk", "1")],
        )
        .unwrap();
        assert_eq!(
            got,
            [
                param("repo", "a"),
                param("region", "us"),
                param("old", "x"),
                param("toolchain", "stable"),
                param("size", "m")
            ]
        );
        let errors = resolve_parameters(&v, &prev, &[param("region", "eu")]).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].0, "region");
        assert!(errors[0].1.contains("is not mutable"), "{errors:?}");
        assert_eq!(errors[1].0, "toolchain");
        assert!(errors[1]
            .1
            .contains("\"toolchain\" is required but not provided"));
        // The same value for an immutable parameter is no change.
        assert!(
            resolve_parameters(&v, &prev, &[param("region", "us"), param("toolchain", "1")])
                .is_ok()
        );
    }

    #[test]
    fn requests_are_read_like_coder_reads_them() {
        let ok = parse_request(br#"{"transition":"stop","extra":1}"#).unwrap();
        assert_eq!(ok.transition, Transition::Stop);
        assert_eq!(ok.template_version_id, None);
        let ok = parse_request(
            br#"{"transition":"start","template_version_id":"7e3f1000-0000-4000-8000-000000000005","rich_parameter_values":[{"name":"a","value":"b"}]}"#,
        )
        .unwrap();
        assert_eq!(ok.rich_parameter_values, [param("a", "b")]);
        for (body, message) in [
            ("", "Request body must be valid JSON."),
            ("{", "Request body must be valid JSON."),
            ("[]", "Request body must be valid JSON."),
            (r#"{"transition":3}"#, "Request body must be valid JSON."),
            (
                r#"{"transition":"start","template_version_id":"x"}"#,
                "Request body must be valid JSON.",
            ),
            (
                r#"{"transition":"start","rich_parameter_values":[{"name":"a"}]}"#,
                "Request body must be valid JSON.",
            ),
            ("{}", "Validation failed."),
            (r#"{"transition":"restart"}"#, "Validation failed."),
        ] {
            let e = parse_request(body.as_bytes()).unwrap_err();
            assert_eq!(e.message, message, "{body}");
        }
        let e = parse_request(br#"{"transition":"restart"}"#).unwrap_err();
        assert_eq!(
            e.validations,
            [(
                "transition".to_string(),
                "Validation failed for tag \"oneof\" with value: \"restart\"".to_string()
            )]
        );
        assert_eq!(
            parse_request(br#"{"transition":"start","template_version_id":"x"}"#)
                .unwrap_err()
                .detail,
            "invalid UUID length: 1"
        );
    }
}
