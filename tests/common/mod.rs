//! The browser-test harness shared by every wasm-bindgen test crate (each
//! crate is its own page and its own wasm). A crate includes it with
//! `mod common;` (a file at `tests/NAME.rs`) or
//! `#[path = "../common/mod.rs"] mod common;` (a directory crate at
//! `tests/NAME/main.rs`), then `use common::*;`.
//!
//! One concept per file: DOM look-ups and waits ([`dom`]), test data
//! ([`fixtures`]), keyboard and typing ([`input`]), the page fixture with its
//! uncaught-error check ([`page`]), a Yew component mounted on its own
//! ([`mount`]), component types for the library's function-only parts
//! ([`components`]) and the fake Backstage host ([`fake_host`]).

// Each test crate uses only part of the harness.
#![allow(dead_code, unused_imports)]

pub mod components;
pub mod dom;
pub mod fake_host;
pub mod fixtures;
pub mod input;
pub mod mount;
pub mod page;

pub use dom::*;
pub use fixtures::*;
pub use input::*;
pub use mount::Mounted;
pub use page::{ErrorWatch, Page};

/// Defines the library's elements (safe twice), then lets a test's own
/// failure say what failed: the library's panic hook logs only where a
/// panic happened, never its message (which could hold data), and a test
/// run on CI keeps no more than the log.
pub fn define_elements() {
    coder_backstage_wasm::define_elements();
    thread_local!(static CHAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if CHAINED.with(|c| c.replace(true)) {
        return;
    }
    let library = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info
            .location()
            .is_some_and(|l| l.file().starts_with("tests/"))
        {
            web_sys::console::error_1(&format!("test failed: {info}").into());
        }
        library(info);
    }));
}
