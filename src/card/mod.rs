//! The workspaces card's logic, pure: its inputs, its plan for a render
//! (config, queries, what to watch), which requests a filter means, and
//! what the list shows for their results. Components only render this.

mod display;
mod icon_images;
mod inputs;
mod listeners;
mod model;
mod parts;
mod plan;
mod query;
mod row_actions;
#[cfg(test)]
mod row_actions_tests;
mod shared;
mod snapshot;
mod window;

pub use display::{
    menu_target, name_initials, repo_display_name, repo_filter_text, search_update,
    throttle_allows, url_line_parts, SearchUpdate, REFRESH_THROTTLE_MS, SEARCH_DEBOUNCE_MS,
};
pub use icon_images::{IconImage, IconImages, MAX_ICONS};
pub use inputs::{CardInputs, EntityInput};
pub use listeners::{Listeners, Listening};
pub use model::{is_emoji_icon, list_state, merge_results, ItemView, ListState, QueryResult};
pub use parts::{header_level, initial_of, missing_root_message, PartInputs, PartKind};
pub use plan::{plan_card, CardPlan, CardProblem};
pub use query::{append_repo_param, plan_queries, QueryPlan};
pub use row_actions::{
    row_menu, ActionError, ActionProblem, Activities, LinkKind, MenuContext, MenuEntry, RowActivity,
};
pub use shared::{CardShared, CardSubscription};
pub use snapshot::CardSnapshot;
pub use window::{
    key_target, rows_per_page, scroll_edges, scroll_to_show, window, RowKey, ScrollEdges, Window,
    ESTIMATED_ROW_PX, OVERSCAN, VISIBLE_ROWS, WINDOW_THRESHOLD,
};
