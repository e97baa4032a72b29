//! The `--workspaces` file: a JSON array of workspace objects in Coder's
//! API shape, each optionally carrying `parameters: [{name, value}]`, that
//! replaces the seed. Objects are served as given; [`link`] only adds what
//! they leave out and actions need (`owner_id`, `template_id`,
//! `template_active_version_id`, `outdated`; the build's
//! `template_version_id`, `template_version_name`, `transition` and
//! `job.status`; agents' `name`, `lifecycle_state`, `display_apps` and
//! `apps`; apps' flags, health, sharing level and `subdomain_name`), kept
//! short so that a list of thousands stays about the size the file makes
//! it. It also ties each workspace to a template (a seed one by
//! `template_id` or `template_name`, else one made up for it) and works out
//! the resources a start brings up.

use std::fmt;
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::params::Param;
use crate::resources;
use crate::templates::Catalog;
use crate::users::user_id;
use crate::workspace_record::WorkspaceRecord;

/// Why a `--workspaces` file was rejected; the binary exits 2 with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError(pub String);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// Reads a `--workspaces` file.
pub fn load_workspaces_file(path: &Path) -> Result<Vec<WorkspaceRecord>, LoadError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| LoadError(format!("{}: cannot read the file: {e}", path.display())))?;
    parse_workspaces(&text, &path.display().to_string())
}

/// Parses the `--workspaces` format: a JSON array of workspace objects in
/// Coder API shape, each optionally carrying `parameters: [{name, value}]`.
/// `source` names the file in error messages.
pub fn parse_workspaces(text: &str, source: &str) -> Result<Vec<WorkspaceRecord>, LoadError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json appends " at line L column C" itself; lead with the
        // position instead so the message reads like a compiler's.
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let msg = full.strip_suffix(&suffix).unwrap_or(&full);
        LoadError(format!(
            "{source}: invalid JSON at line {}, column {}: {msg}",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Array(items) = doc else {
        return Err(LoadError(format!(
            "{source}: expected a JSON array of workspace objects, found {}",
            kind(&doc)
        )));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| record_from_file(i, item, source))
        .collect()
}

fn record_from_file(i: usize, item: Value, source: &str) -> Result<WorkspaceRecord, LoadError> {
    let Value::Object(mut obj) = item else {
        return Err(LoadError(format!(
            "{source}: item {i} must be a workspace object, found {}",
            kind(&item)
        )));
    };
    let parameters = match obj.remove("parameters") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => serde_json::from_value::<Vec<Param>>(v).map_err(|e| {
            LoadError(format!(
                "{source}: item {i}: \"parameters\" must be an array of {{\"name\": string, \"value\": string}} objects ({e})"
            ))
        })?,
    };
    // Every workspace needs a build id so its parameters can be served.
    let generated = format!("b1d00000-0000-4000-8000-{:012x}", i + 1);
    match obj.get_mut("latest_build") {
        Some(Value::Object(build)) => {
            if !build.get("id").is_some_and(Value::is_string) {
                build.insert("id".into(), Value::String(generated));
            }
        }
        None | Some(Value::Null) => {
            let mut build = Map::new();
            build.insert("id".into(), Value::String(generated));
            obj.insert("latest_build".into(), Value::Object(build));
        }
        Some(other) => {
            return Err(LoadError(format!(
                "{source}: item {i}: \"latest_build\" must be an object, found {}",
                kind(other)
            )))
        }
    }
    Ok(WorkspaceRecord::from_file(Value::Object(obj), parameters))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The transition a build with this status most likely had.
fn transition_for(status: Option<&str>) -> &'static str {
    match status {
        Some("stopping" | "stopped") => "stop",
        Some("deleting" | "deleted") => "delete",
        _ => "start",
    }
}

/// The job status behind a build status (Coder derives it the other way).
fn job_status_for(status: Option<&str>) -> &'static str {
    match status {
        Some("pending") => "pending",
        Some("starting" | "stopping" | "deleting") => "running",
        Some("canceling") => "canceling",
        Some("failed") => "failed",
        Some("canceled") => "canceled",
        _ => "succeeded",
    }
}

fn insert_missing(object: &mut Map<String, Value>, key: &str, value: impl FnOnce() -> Value) {
    if !object.contains_key(key) {
        object.insert(key.to_string(), value());
    }
}

/// Ties every workspace to a template of `catalog` (adding the ones a file
/// names that it lacks) and fills in what the objects leave out, without
/// changing anything they have. A no-op on the seed's complete objects but
/// for the tie.
pub(crate) fn link(records: &mut [WorkspaceRecord], catalog: &mut Catalog) {
    let mut counter = 0u64;
    let mut ids = move || {
        counter += 1;
        format!("f11e1000-0000-4000-8000-{counter:012x}")
    };
    for record in records.iter_mut() {
        let t = catalog.resolve(&record.value);
        record.template = t;
        let Some(obj) = record.value.as_object_mut() else {
            continue;
        };
        let text = |o: &Map<String, Value>, key: &str| {
            o.get(key).and_then(Value::as_str).map(str::to_string)
        };
        let owner = text(obj, "owner_name").unwrap_or_default();
        let name = text(obj, "name").unwrap_or_default();
        let template_id = catalog.templates[t].id.clone();
        let active = catalog.templates[t].active_version_id.clone();
        insert_missing(obj, "owner_id", || json!(user_id(&owner)));
        insert_missing(obj, "template_id", || json!(template_id));
        insert_missing(obj, "template_active_version_id", || json!(active));
        let said_outdated = obj.get("outdated") == Some(&Value::Bool(true));
        let served_active = text(obj, "template_active_version_id").unwrap_or(active);
        let Some(build) = obj.get_mut("latest_build").and_then(Value::as_object_mut) else {
            continue;
        };
        let (version_id, version_name) = match text(build, "template_version_id") {
            Some(v) => {
                let name = catalog.ensure_version(
                    t,
                    &v,
                    build.get("template_version_name").and_then(Value::as_str),
                );
                (v, name)
            }
            None if said_outdated => catalog.older_version(t),
            None => {
                let tpl = &catalog.templates[t];
                let name = tpl
                    .active()
                    .map_or_else(|| "v1".to_string(), |v| v.name.clone());
                (tpl.active_version_id.clone(), name)
            }
        };
        let status = text(build, "status");
        insert_missing(build, "template_version_id", || json!(version_id));
        insert_missing(build, "template_version_name", || json!(version_name));
        insert_missing(build, "transition", || {
            json!(transition_for(status.as_deref()))
        });
        insert_missing(
            build,
            "job",
            || json!({ "status": job_status_for(status.as_deref()) }),
        );
        if let Some(resources) = build.get_mut("resources") {
            resources::fill_agents(resources, &name, &owner, &mut ids);
        }
        let running = match build.get("resources") {
            Some(r) if resources::any_agents(r) => r.clone(),
            _ => resources::default_running(&ids(), &ids()),
        };
        let build_version = build
            .get("template_version_id")
            .and_then(Value::as_str)
            .map(str::to_string);
        insert_missing(obj, "outdated", || {
            json!(build_version.is_some_and(|v| v != served_active))
        });
        if record.running.is_null() {
            record.running = running;
        }
    }
}
