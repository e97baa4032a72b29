//! The one place that talks to Coder. The decisions are pure (`policy`);
//! the fetch glue is browser-only.

mod error;
pub mod icons;
pub mod policy;

pub use error::{ProxyProblem, RequestError};
