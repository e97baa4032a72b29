//! The page fixture: each test mounts what it needs in a fresh container,
//! which is removed at the end, and the test fails if the page saw an
//! uncaught error or an unhandled rejection meanwhile (a panic in a Yew
//! callback, a rejected promise nobody awaited), which no DOM assertion
//! would notice.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::dom::{container, document, settle};

#[wasm_bindgen(module = "/tests/common/harness.js")]
extern "C" {
    #[wasm_bindgen(js_name = recordErrors)]
    fn record_errors();
    #[wasm_bindgen(js_name = recordedErrors)]
    fn recorded_errors() -> Vec<String>;
}

/// Marks the containers pages mount, so the next page can find leftovers.
const MARK: &str = "data-test-page";

/// The uncaught errors and unhandled rejections the page sees from the
/// moment this was started. The listeners are installed once per page and
/// never removed, so a watch can outlive what it watches.
pub struct ErrorWatch {
    start: usize,
}

impl ErrorWatch {
    /// Starts watching (installing the page's listeners the first time).
    pub fn start() -> Self {
        record_errors();
        Self {
            start: recorded_errors().len(),
        }
    }

    /// What the page reported since [`ErrorWatch::start`], oldest first.
    pub fn seen(&self) -> Vec<String> {
        recorded_errors().split_off(self.start)
    }

    /// Fails the test if anything was reported since the start.
    pub fn assert_none(&self) {
        let seen = self.seen();
        assert!(seen.is_empty(), "uncaught errors on the page: {seen:?}");
    }
}

/// One test's part of the page: a container in the body, removed when the
/// page is dropped. [`Page::close`] ends a test: it also checks that no
/// uncaught error or unhandled rejection happened since the page was
/// created.
///
/// A test has one page at a time: creating one removes every container an
/// earlier page left. A test that panicked never reached its teardown, and
/// its elements' timers and listeners must not touch the next test.
pub struct Page {
    root: Element,
    errors: ErrorWatch,
}

impl Page {
    /// Removes leftovers, then mounts a fresh container holding `markup`
    /// (test-authored, static).
    pub fn new(markup: &str) -> Self {
        let leftovers = document().query_selector_all(&format!("[{MARK}]")).unwrap();
        for i in 0..leftovers.length() {
            leftovers
                .item(i)
                .unwrap()
                .unchecked_into::<Element>()
                .remove();
        }
        let errors = ErrorWatch::start();
        let root = container(markup);
        root.set_attribute(MARK, "").unwrap();
        Self { root, errors }
    }

    /// The container.
    pub fn root(&self) -> &Element {
        &self.root
    }

    /// Fails the test if the page reported an uncaught error or an
    /// unhandled rejection since this page was created.
    pub fn assert_no_errors(&self) {
        self.errors.assert_none();
    }

    /// Takes the container out of the document (its elements disconnect
    /// and tear down) before the page is dropped.
    pub fn remove(&self) {
        self.root.remove();
    }

    /// The end of a test: checks for errors, removes the container, lets
    /// its teardown run and checks again.
    pub async fn close(self) {
        self.assert_no_errors();
        self.remove();
        settle().await;
        self.assert_no_errors();
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        // No error check here: an assertion failing inside a destructor
        // while a provider tears down left the test page hung (the runner
        // then reports a renderer timeout, not the failure). `close` checks.
        self.remove();
    }
}
