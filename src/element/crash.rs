//! The last line of defence: if Rust ever panics, every Coder element on
//! the page replaces its content with a clear message instead of freezing
//! half-rendered, and the host page keeps working (the JS shim catches the
//! errors later calls into the stopped module throw).
//!
//! A panic in wasm (panic = "abort") stops the whole module, so a per-card
//! recovery is not possible; everything that can fail for a reason (config,
//! network, host APIs) is a typed error shown in the card that has it, and
//! this path is only for bugs.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::host::browser::{announce, ERROR_EVENT};

thread_local! {
    static LIVE: RefCell<Vec<HtmlElement>> = const { RefCell::new(Vec::new()) };
}

/// The message shown in place of every element after a crash.
pub const CRASH_MESSAGE: &str = "The Coder plugin stopped because of an internal error. \
     Reload the page to try again; if it happens again, please report it with the browser console output.";

/// Remembers a connected element (so a crash can reach it).
pub fn register(host: &HtmlElement) {
    LIVE.with(|live| live.borrow_mut().push(host.clone()));
}

/// Forgets a disconnected element.
pub fn unregister(host: &HtmlElement) {
    LIVE.with(|live| {
        live.borrow_mut()
            .retain(|h| !js_sys::Object::is(h.as_ref(), host.as_ref()))
    });
}

/// Number of connected elements (for tests).
pub fn live_count() -> usize {
    LIVE.with(|live| live.borrow().len())
}

/// Replaces the content of every connected element with the crash message.
/// Uses only plain DOM calls and never a held borrow, since it runs inside
/// the panic hook, where any state may be mid-update.
pub fn show_crash() {
    let hosts = LIVE.with(|live| live.try_borrow().map(|l| l.clone()).unwrap_or_default());
    for host in hosts {
        let Some(root) = host.shadow_root() else {
            continue;
        };
        let Some(document) = host.owner_document() else {
            continue;
        };
        super::shadow::clear(&root);
        // The provider wraps page content: it keeps showing it (its cards
        // show the message themselves), and tells the host page once.
        if host.tag_name().eq_ignore_ascii_case("coder-provider") {
            if let Ok(slot) = document.create_element("slot") {
                let _ = root.append_child(&slot);
            }
            announce(&host, ERROR_EVENT, CRASH_MESSAGE);
            continue;
        }
        if let Ok(style) = document.create_element("style") {
            style.set_text_content(Some(
                ".crash{font:0.875rem/1.4 var(--coder-font-family,sans-serif);padding:16px;\
                 border-radius:4px;background:var(--coder-error-surface,#fdecea);\
                 color:var(--coder-error-text,#611a15)}",
            ));
            let _ = root.append_child(&style);
        }
        if let Ok(div) = document.create_element("div") {
            div.set_class_name("crash");
            let _ = div.set_attribute("role", "alert");
            div.set_text_content(Some(CRASH_MESSAGE));
            let _ = root.append_child(&div);
        }
    }
}

/// Installs the panic hook (once, from `define_elements`). It logs where
/// the panic happened (never its payload, which could hold data) and shows
/// the crash message.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let mut text = "coder-backstage-wasm: internal error".to_owned();
        if let Some(location) = info.location() {
            text.push_str(" at ");
            text.push_str(location.file());
            text.push(':');
            text.push_str(&location.line().to_string());
        }
        web_sys::console::error_1(&JsValue::from_str(&text));
        show_crash();
    }));
}
