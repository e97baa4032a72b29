//! Sign-in UI: the auth form, the fallback button and dialog, the settings row.
//!
//! These are presentational parts: they render the state they are given and
//! report what the user did through callbacks. The provider owns the state
//! machine and wires the callbacks to it.

mod auth_css;
mod fallback_dialog;
mod form;
mod logo;
mod settings_row;
mod unlink;

use super::ids::next_id;

pub use auth_css::AUTH_CSS;
pub use fallback_dialog::{FallbackAuthUi, FallbackAuthUiProps};
pub use form::{auth_form, AuthFormProps};
pub use logo::coder_logo;
pub use settings_row::{settings_row, SettingsRowProps};
pub use unlink::{unlink_account_button, UnlinkAccountButtonProps};

/// Accessible name of the sign-in form, the dialog title and the fallback
/// button.
pub const AUTH_HEADING: &str = "Authenticate with Coder";
