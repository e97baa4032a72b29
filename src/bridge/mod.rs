//! The one place that talks to the browser host: turning the JS values the
//! shim forwards (attributes, properties) into typed Rust inputs.

pub mod apis;
pub mod inputs;
