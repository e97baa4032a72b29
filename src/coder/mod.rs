//! Coder REST API data the card uses, read tolerantly, and the rules derived
//! from it (availability pill, polling speed).

mod actions;
#[cfg(test)]
mod actions_tests;
mod answers;
mod availability;
mod order;
mod types;

#[cfg(test)]
mod tests;

pub use actions::{
    build_actions, in_transition, BuildAction, BuildRun, RunFailure, Step, Transition,
};
pub use answers::{
    active_version_id, allowed, missing_parameters, new_build_id, wildcard_hostname,
};
pub use availability::{availability, needs_fast_poll, Availability};
pub use order::coder_order;
pub use types::{
    is_coder_id, AgentStatus, BuildStatus, User, Workspace, WorkspaceAgent, WorkspaceApp,
    WorkspaceBuild, WorkspaceResource, WorkspacesResponse,
};
