//! Authentication with Coder, as pure logic: the nine states, the
//! transition function, manual-token checks and the fallback-UI decision.
//! The provider element runs the effects (validating a token, timers,
//! storage, the OAuth API); nothing here touches the browser.

mod events;
mod fallback_mode;
mod machine;
mod status;
mod token;

pub use events::{
    oauth_failed_text, AuthEffect, AuthEvent, Notice, TokenSource, ValidationFailure,
};
pub use fallback_mode::{show_fallback, FallbackMode};
pub use machine::AuthMachine;
pub use machine::{GRACE_PERIOD_MS, RECHECK_MS};
pub use status::AuthStatus;
pub use token::{check_manual_token, storage_key, TokenError, MAX_TOKEN_LEN};
