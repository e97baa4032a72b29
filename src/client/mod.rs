//! The one place that talks to Coder. The decisions are pure (`policy`,
//! `answer`, `header`); the fetch glue (`http`) is browser-only.

mod answer;
pub mod api_request;
pub mod bodies;
#[cfg(target_arch = "wasm32")]
pub mod calls;
mod error;
mod header;
#[cfg(target_arch = "wasm32")]
pub mod http;
pub mod policy;
pub mod sse;

pub use answer::{fingerprint, Answer};
pub use api_request::{ApiRequest, Method};
pub use error::{ProxyProblem, RequestError};
pub use header::header_safe;
