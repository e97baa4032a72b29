//! Coder REST API data the card uses, read tolerantly, and the rules derived
//! from it (availability pill, polling speed).

mod availability;
mod order;
mod types;

#[cfg(test)]
mod tests;

pub use availability::{availability, needs_fast_poll, Availability};
pub use order::coder_order;
pub use types::{
    AgentStatus, BuildStatus, User, Workspace, WorkspaceAgent, WorkspaceBuild, WorkspaceResource,
    WorkspacesResponse,
};
