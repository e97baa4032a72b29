//! Coder workspaces for Backstage, as Rust/WebAssembly custom elements.
//!
//! The modules stand on floors; each imports only from the floors below
//! it, never up (a change that needs an upward import is a design
//! question, not a detail):
//!
//! | floor | module | what it is |
//! | --- | --- | --- |
//! | 8 | [`element`] | The custom element runtime: one handle per element instance, its shadow root and pooled Yew app, provider discovery, the crash screen. |
//! | 7 | `components` | Yew components. They render the state they are given and send [`provider::Command`]s; they touch only their own DOM (focus, a menu's outside click). |
//! | 6 | [`provider`] | The state a `<coder-provider>` shares with its cards (mutated only inside this module), the registry, the consumers' read-only view, and the driver: auth effects and fetching. |
//! | 5 | [`host`] | The browser host adapter, the only module that reads the page around the elements: the element interface the JS shim gets, typed inputs from attributes and properties, Backstage's API objects, session storage, online and visibility state, window events and popup messages. |
//! | 4 | [`auth`], [`card`] | Pure logic: the auth state machine and token rules; the card's inputs, plan, queries, list states and display rules. |
//! | 3 | [`client`] | Coder over HTTP: request policy (what an answer means, retries, polling), errors, fingerprints, and the fetch glue. |
//! | 2 | [`config`] | The app and entity config, compiled for a card, and every URL the product builds or accepts (links, icon vetting). |
//! | 1 | [`coder`] | Coder API types and the rules read off them (availability, polling speed). |
//! | 0 | [`de`] | Reading untrusted input: JSON text, JS values and YAML-shaped trees into typed values, with one set of limits and field-path errors. |
//!
//! Everything but `element`, `components`, the driver and the browser-facing
//! parts of `host`, `client` and `de` compiles and is tested natively.

// Talc instead of the default dlmalloc: smaller wasm, no slower. Its wasm
// allocator is for single-threaded modules (no atomics), as ours is.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod auth;
pub mod card;
pub mod client;
pub mod coder;
pub mod config;
pub mod de;
pub mod element;
pub mod host;
pub mod provider;

#[cfg(target_arch = "wasm32")]
pub mod components;

#[cfg(target_arch = "wasm32")]
pub use element::define_elements;
