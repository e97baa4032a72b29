//! The one place that talks to Coder. The decisions are pure (`policy`,
//! `icons`, `answer`); the fetch glue (`http`) is browser-only.

mod answer;
mod error;
#[cfg(target_arch = "wasm32")]
pub mod http;
pub mod icons;
pub mod policy;

pub use answer::{fingerprint, Answer};
pub use error::{ProxyProblem, RequestError};
