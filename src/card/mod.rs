//! The workspaces card's logic, pure: which requests a filter means, and
//! what the list shows for their results. Components only render this.

mod model;
mod query;

pub use model::{list_state, merge_results, ItemView, ListState, QueryResult};
pub use query::{append_repo_param, plan_queries, QueryPlan};
