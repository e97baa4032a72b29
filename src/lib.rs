//! Coder workspaces for Backstage, as Rust/WebAssembly custom elements.
//!
//! The pure modules (`config`, `coder`, `provider`, `element::spec`) compile
//! and test natively; the browser-facing ones (`bridge`, `components`, the
//! element runtime) only for `wasm32`.

pub mod auth;
pub mod card;
pub mod client;
pub mod coder;
pub mod config;
pub mod de;
pub mod element;
pub mod provider;

#[cfg(target_arch = "wasm32")]
pub mod bridge;
#[cfg(target_arch = "wasm32")]
pub mod components;

#[cfg(target_arch = "wasm32")]
pub use element::define_elements;
