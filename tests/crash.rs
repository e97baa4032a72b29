//! After an internal error every element shows a clear message in place
//! (never a frozen half-render), and the host page's own DOM is untouched.
//! A file of its own: the crash state is per page.

#![cfg(target_arch = "wasm32")]

mod common;

use coder_backstage_wasm::element::crash::{live_count, show_crash, CRASH_MESSAGE};
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_crash_replaces_every_element_with_a_message() {
    define_elements();
    let page = Page::new(
        "<p id=host-content>Host page</p><coder-provider><coder-workspaces-card></coder-workspaces-card>\
         <coder-provider-settings></coder-provider-settings></coder-provider>",
    );
    let root = page.root().clone();
    let provider = find(&root, "coder-provider");
    set_prop(&provider, "appConfig", &app_config());
    settle().await;
    assert_eq!(live_count(), 3);
    // The host page hears of it once, from the provider (the React
    // wrapper posts it to Backstage's error API).
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let _listener = {
        let heard = heard.clone();
        gloo_events::EventListener::new(&provider, "coder-error", move |event| {
            let detail = event
                .dyn_ref::<web_sys::CustomEvent>()
                .and_then(|e| e.detail().as_string());
            heard.borrow_mut().push(detail.unwrap_or_default());
        })
    };

    show_crash();
    assert_eq!(*heard.borrow(), [CRASH_MESSAGE]);
    for tag in ["coder-workspaces-card", "coder-provider-settings"] {
        let el = find(&root, tag);
        let alert = shadow(&el)
            .query_selector("[role=alert]")
            .unwrap()
            .expect("a crash alert");
        assert_eq!(alert.text_content().unwrap(), CRASH_MESSAGE);
    }
    assert_eq!(
        find(&root, "#host-content").text_content().unwrap(),
        "Host page"
    );
    // Removing the elements afterwards still works and unregisters them.
    page.remove();
    assert_eq!(live_count(), 0);
    page.close().await;
}
