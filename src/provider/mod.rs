//! The state one `<coder-provider>` shares with every card and settings row
//! inside it, the registry through which they find each other, and the
//! driver that runs it (browser-only: auth effects, fetching, host events).

#[cfg(target_arch = "wasm32")]
mod acting;
#[cfg(target_arch = "wasm32")]
mod api_requests;
#[cfg(target_arch = "wasm32")]
mod auth_effects;
#[cfg(target_arch = "wasm32")]
mod backend_popup;
mod cache;
mod custom_queries;
#[cfg(target_arch = "wasm32")]
mod driver;
#[cfg(target_arch = "wasm32")]
mod fetching;
mod follow;
#[cfg(target_arch = "wasm32")]
mod following;
mod key_map;
#[cfg(target_arch = "wasm32")]
mod page_checks;
mod registry;
mod session_checks;
mod shared;
mod view;

pub use cache::{NextFetch, QueryCache, Staleness};
pub use custom_queries::{
    retry_delay, CustomQueries, Phase, Run, Settled, Status, View, MAX_QUERY_RETRIES,
};
#[cfg(target_arch = "wasm32")]
pub use driver::Driver;
pub use follow::{Change, Follows, How, FIRST_EVENT_MS, FOLLOW_POLL_MS, IDLE_MS, MAX_STREAMS};
pub use key_map::KeyMap;
#[cfg(target_arch = "wasm32")]
pub use page_checks::forget_page_checks;
pub use registry::{
    adopt_orphans, find_provider, orphan_count, provider_count, register_orphan, OrphanGuard,
};
pub use session_checks::{Ask, CheckKey, SessionChecks, RECENT_MS};
pub use shared::{Command, ProviderShared, Subscription};
pub use view::{ProviderProblem, ProviderView, RowActions};
