//! The one place that talks to Coder. The decisions are pure (`policy`,
//! `icons`); the fetch glue (`http`) is browser-only.

mod error;
#[cfg(target_arch = "wasm32")]
pub mod http;
pub mod icons;
pub mod policy;

pub use error::{ProxyProblem, RequestError};
