//! The state one `<coder-provider>` shares with every card and settings row
//! inside it, and the registry through which they find each other.

mod registry;
mod shared;

pub use registry::{
    adopt_orphans, find_provider, next_provider_id, orphan_count, provider_count, register_orphan,
    register_provider, OrphanGuard,
};
pub use shared::{ConfigState, ProviderShared, Subscription};
