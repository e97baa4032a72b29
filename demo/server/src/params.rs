//! A build parameter as the API serves it: what the seed and a
//! `--workspaces` file give a workspace, what a build request names, and
//! what the search syntax matches against.

use serde::{Deserialize, Serialize};

/// One build parameter, as `/api/v2/workspacebuilds/{id}/parameters` serves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    /// Parameter name, e.g. `custom_repo`.
    pub name: String,
    /// Parameter value.
    pub value: String,
}
