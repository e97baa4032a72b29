//! The fixed ids of the fake deployment: its one organization, and how the
//! seed spells the ids of its workspaces, builds, jobs, agents, apps,
//! resources and templates.

/// The one organization.
pub(crate) const ORG_ID: &str = "0c0de000-0000-4000-8000-000000000001";

/// A seed id: `<prefix>-0000-4000-8000-<n as 12 hex digits>`.
pub(crate) fn id(prefix: &str, n: u32) -> String {
    format!("{prefix}-0000-4000-8000-{n:012x}")
}
