//! Elements written into the page before the wasm loaded (and properties
//! set on them before they upgraded) work once the elements are defined.
//! A file of its own: element definitions are per page.

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn elements_present_before_definition_upgrade() {
    let page = Page::new(
        "<coder-provider><coder-workspaces-card header-text='Early card'></coder-workspaces-card></coder-provider>",
    );
    let root = page.root().clone();
    // Set before the element is defined: an own property on a plain
    // HTMLElement, which the upgrade must pick up.
    set_prop(&find(&root, "coder-provider"), "appConfig", &app_config());
    settle().await;
    let card = find(&root, "coder-workspaces-card");
    assert!(
        card.dyn_ref_shadow().is_none(),
        "not upgraded yet, so no shadow root"
    );

    define_elements();
    define_elements(); // safe twice
    settle().await;

    let text = shadow_text(&card);
    assert!(text.contains("Early card"), "{text}");
    let link = shadow(&card)
        .query_selector("a[href$='/cli-auth']")
        .unwrap()
        .expect("the sign-in form's token link");
    assert_eq!(
        link.get_attribute("href").unwrap(),
        "https://dev.coder.com/cli-auth"
    );
    // The property went through to Rust: the getter returns it.
    let got = js_sys::Reflect::get(
        &find(&root, "coder-provider"),
        &JsValue::from_str("appConfig"),
    )
    .unwrap();
    assert!(got.is_object());
    // The own property was replaced by the accessor.
    let own = js_sys::Object::get_own_property_descriptor(
        &find(&root, "coder-provider").into(),
        &JsValue::from_str("appConfig"),
    );
    assert!(own.is_undefined(), "own property removed after upgrade");
    page.close().await;
}

trait ShadowExt {
    fn dyn_ref_shadow(&self) -> Option<web_sys::ShadowRoot>;
}

impl ShadowExt for web_sys::Element {
    fn dyn_ref_shadow(&self) -> Option<web_sys::ShadowRoot> {
        use wasm_bindgen::JsCast;
        self.dyn_ref::<web_sys::HtmlElement>()?.shadow_root()
    }
}
