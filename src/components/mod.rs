//! Yew components. They render the state they are given and send
//! [`Command`]s to their provider; decisions live in the pure modules
//! (`auth`, `card`, `config`, `coder`) and state in `provider`.

use yew::Callback;

use crate::provider::{Command, ProviderView};

pub mod auth;
pub mod card;
mod card_parts;
mod card_root;
mod error_box;
mod fallback_button;
mod ids;
mod part_root;
mod provider_root;
mod settings_root;
mod sign_in;
pub mod styles;

pub use card_parts::{CardState, CardView};
pub use card_root::{CardRoot, CardRootProps, QUERY_CHANGE_EVENT};
pub use error_box::error_box;
pub use part_root::{part_root, PartRootProps};
pub use provider_root::{provider_root, ProviderRootProps};
pub use settings_root::{settings_root, SettingsRootProps};

/// A callback that sends the command `make` builds to `provider`. A
/// builder rather than a command to clone: one closure type serves every
/// button, without a clone of the whole `Command` enum in the wasm.
fn sends(provider: &ProviderView, make: fn() -> Command) -> Callback<()> {
    let provider = provider.clone();
    Callback::from(move |()| provider.send(make()))
}

/// [`sends`] for a sign-in attempt from form `form`: the provider first
/// learns which form asks, so what goes wrong is said there.
fn attempts(provider: &ProviderView, form: u32, make: fn() -> Command) -> Callback<()> {
    let provider = provider.clone();
    Callback::from(move |()| {
        provider.send(Command::Attempt(form));
        provider.send(make())
    })
}
