//! The browser host adapter: everything that talks to the page around the
//! elements. The element interface the JS shim reads ([`spec`]), typed
//! inputs from attributes and properties (`inputs`), Backstage's API
//! objects (`apis`), and the browser itself: session storage, online and
//! visibility state, window events and Backstage's OAuth popup messages.
//! No other module reads `window`, `document` or `navigator` state.

pub mod spec;

#[cfg(target_arch = "wasm32")]
pub mod apis;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod inputs;
