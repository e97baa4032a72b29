//! Where a provider's app config stands: not given, valid, or invalid with
//! the error to show.

use std::rc::Rc;

use super::{CoderAppConfig, ConfigError};

/// What the provider knows about its app config.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigState {
    /// Neither the `appConfig` property nor the `app-config` attribute is set.
    Missing,
    /// A valid config.
    Ready(Rc<CoderAppConfig>),
    /// The config was given but is invalid.
    Invalid(ConfigError),
}
