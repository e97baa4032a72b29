//! The state one `<coder-provider>` shares with every card and settings row
//! inside it, and the registry through which they find each other.

mod cache;
#[cfg(target_arch = "wasm32")]
mod driver;
mod registry;
mod shared;

pub use cache::{NextFetch, QueryCache};
#[cfg(target_arch = "wasm32")]
pub use driver::Driver;
pub use registry::{
    adopt_orphans, find_provider, next_provider_id, orphan_count, provider_count, register_orphan,
    register_provider, OrphanGuard,
};
pub use shared::{Command, ProviderShared, Subscription};
