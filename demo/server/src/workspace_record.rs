//! A workspace as the fake deployment holds it: the object it serves, its
//! latest build's parameters and those of the builds before, the resources
//! a start brings up, and the build posted at run time that supersedes the
//! rest. Made from the seed (see [`crate::seed`]) or a `--workspaces` file
//! (see [`crate::workspace_file`]); [`WorkspaceRecord::render`] is how it
//! looks at a given moment.

use std::borrow::Cow;

use serde_json::Value;

use crate::builds::{LiveBuild, Moment};
use crate::params::Param;
use crate::seed_render::Progression;

/// A workspace as served, plus what the list response leaves out.
#[derive(Clone, Debug)]
pub struct WorkspaceRecord {
    /// The workspace object in Coder API shape (for a progressing seed
    /// workspace, its initial state).
    pub value: Value,
    /// The latest build's parameters.
    pub parameters: Vec<Param>,
    /// How a seed workspace moves through its phases, if it does.
    pub(crate) progression: Option<Progression>,
    /// The resources when it runs, which a start brings up.
    pub(crate) running: Value,
    /// The build posted at run time, if any; it supersedes the rest.
    pub(crate) live: Option<LiveBuild>,
    /// `(build id, parameters)` of the builds before the latest.
    pub(crate) history: Vec<(String, Vec<Param>)>,
    /// Index of its template in the deployment's catalog.
    pub(crate) template: usize,
}

impl WorkspaceRecord {
    /// A workspace from a `--workspaces` file, served as given (see
    /// [`crate::workspace_file`] for what it gets added).
    pub(crate) fn from_file(value: Value, parameters: Vec<Param>) -> Self {
        WorkspaceRecord {
            value,
            parameters,
            progression: None,
            running: Value::Null,
            live: None,
            history: Vec::new(),
            template: 0,
        }
    }

    /// The workspace as it looks at `now`. Borrowed when the workspace never
    /// changes: a 5,000-workspace list would otherwise deep-copy every
    /// object on every request.
    pub fn render(&self, now: &Moment) -> Cow<'_, Value> {
        if let Some(live) = &self.live {
            return Cow::Owned(live.workspace_json(now));
        }
        match &self.progression {
            None => Cow::Borrowed(&self.value),
            Some(p) => Cow::Owned(p.render(now)),
        }
    }

    /// The workspace's id, if the object has one.
    pub fn id(&self) -> Option<&str> {
        self.value.get("id").and_then(Value::as_str)
    }

    /// The latest build's id, if the object has one.
    pub fn build_id(&self) -> Option<&str> {
        match &self.live {
            Some(live) => Some(&live.id),
            None => self
                .value
                .pointer("/latest_build/id")
                .and_then(Value::as_str),
        }
    }

    /// The parameters of one of this workspace's builds.
    pub fn build_parameters(&self, build_id: &str) -> Option<&[Param]> {
        if self.build_id() == Some(build_id) {
            return Some(&self.parameters);
        }
        self.history
            .iter()
            .find(|(id, _)| id == build_id)
            .map(|(_, p)| p.as_slice())
    }

    /// Whether this workspace's state changes over time.
    pub fn progresses(&self) -> bool {
        self.progression.is_some() || self.live.is_some()
    }

    /// Makes `build` the latest, with `parameters`.
    pub(crate) fn begin(&mut self, build: LiveBuild, parameters: Vec<Param>) {
        if let Some(old) = self.build_id() {
            let old = old.to_string();
            let before = std::mem::replace(&mut self.parameters, parameters);
            self.history.push((old, before));
        } else {
            self.parameters = parameters;
        }
        self.live = Some(build);
    }
}
