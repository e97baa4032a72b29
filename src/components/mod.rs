//! Yew components. They render state and send messages; decisions live in
//! the pure modules (`config`, `coder`, `provider`).

pub mod auth;
pub mod card;
mod card_root;
mod error_box;
mod fallback_button;
mod ids;
mod provider_root;
mod settings_root;
mod sign_in;
pub mod styles;

pub use card_root::{CardRoot, CardRootProps};
pub use error_box::error_box;
pub use provider_root::{provider_root, ProviderRootProps};
pub use settings_root::{settings_root, SettingsRootProps};
