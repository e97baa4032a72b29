//! The element runtime in a real browser: provider/card linking across
//! shadow boundaries, the no-provider error, input changes, and teardown.

#![cfg(target_arch = "wasm32")]

mod common;

use coder_backstage_wasm::provider::{orphan_count, provider_count};
use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn setup() {
    define_elements();
}

/// The card's token-page link, which carries its provider's access URL
/// (the card shows the sign-in form: these tests give no auth API).
fn cli_auth_href(card: &web_sys::Element) -> String {
    shadow(card)
        .query_selector("a[href$='/cli-auth']")
        .unwrap()
        .unwrap_or_else(|| panic!("no token-page link in: {}", shadow_text(card)))
        .get_attribute("href")
        .unwrap()
}

#[wasm_bindgen_test]
async fn shadow_roots_are_open_and_styled() {
    setup();
    let page = Page::new(
        "<coder-provider><coder-workspaces-card></coder-workspaces-card></coder-provider>",
    );
    let root = page.root().clone();
    settle().await;
    let card = find(&root, "coder-workspaces-card");
    let shadow = shadow(&card);
    assert_eq!(shadow.mode(), web_sys::ShadowRootMode::Open);
    let style = shadow
        .query_selector("style")
        .unwrap()
        .expect("styles in the shadow root");
    assert!(style.text_content().unwrap().contains("--coder-surface"));
    page.close().await;
}

#[wasm_bindgen_test]
async fn card_without_provider_says_so() {
    setup();
    let page = Page::new("<coder-workspaces-card></coder-workspaces-card>");
    let root = page.root().clone();
    settle().await;
    let card = find(&root, "coder-workspaces-card");
    let alert = shadow(&card)
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert!(
        alert
            .text_content()
            .unwrap()
            .contains("must be placed inside <coder-provider>"),
        "{}",
        alert.text_content().unwrap()
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn card_reads_config_from_its_provider() {
    setup();
    let page = Page::new(
        "<coder-provider><coder-workspaces-card></coder-workspaces-card></coder-provider>",
    );
    let root = page.root().clone();
    set_prop(&find(&root, "coder-provider"), "appConfig", &app_config());
    settle().await;
    let card = find(&root, "coder-workspaces-card");
    let text = shadow_text(&card);
    assert!(text.contains("Coder Workspaces"), "{text}");
    let form = shadow(&card)
        .query_selector("form")
        .unwrap()
        .expect("the sign-in form");
    assert!(form
        .text_content()
        .unwrap()
        .contains("Authenticate with Coder"));
    assert_eq!(cli_auth_href(&card), "https://dev.coder.com/cli-auth");
    page.close().await;
}

#[wasm_bindgen_test]
async fn provider_is_found_across_shadow_boundaries() {
    setup();
    // The card lives inside another component's shadow root, which is
    // inside the provider's light DOM.
    let page = Page::new("<coder-provider><div id=host></div></coder-provider>");
    let root = page.root().clone();
    set_prop(&find(&root, "coder-provider"), "appConfig", &app_config());
    let host = find(&root, "#host");
    let inner = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let card = document().create_element("coder-workspaces-card").unwrap();
    inner.append_child(&card).unwrap();
    settle().await;
    assert_eq!(cli_auth_href(&card), "https://dev.coder.com/cli-auth");
    page.close().await;
}

#[wasm_bindgen_test]
async fn nearest_provider_wins() {
    setup();
    let page = Page::new(
        "<coder-provider id=outer><coder-provider id=inner>\
         <coder-workspaces-card></coder-workspaces-card></coder-provider></coder-provider>",
    );
    let root = page.root().clone();
    set_prop(&find(&root, "#outer"), "appConfig", &app_config());
    set_prop(
        &find(&root, "#inner"),
        "appConfig",
        &json(r#"{"deployment":{"accessUrl":"https://inner.example.com"}}"#),
    );
    settle().await;
    let card = find(&root, "coder-workspaces-card");
    assert_eq!(cli_auth_href(&card), "https://inner.example.com/cli-auth");
    page.close().await;
}

#[wasm_bindgen_test]
async fn invalid_config_is_a_specific_error_in_the_card() {
    setup();
    let page = Page::new(
        "<coder-provider><coder-workspaces-card></coder-workspaces-card></coder-provider>",
    );
    let root = page.root().clone();
    set_prop(
        &find(&root, "coder-provider"),
        "appConfig",
        &json(r#"{"deployment":{"accessUrl":"javascript:alert(1)"}}"#),
    );
    settle().await;
    let card = find(&root, "coder-workspaces-card");
    let alert = shadow(&card)
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    let text = alert.text_content().unwrap();
    assert!(text.contains("accessUrl"), "{text}");
    // No link with a javascript: URL anywhere.
    let links = shadow(&card).query_selector_all("a[href]").unwrap();
    for i in 0..links.length() {
        let href = links
            .item(i)
            .unwrap()
            .unchecked_into::<web_sys::Element>()
            .get_attribute("href")
            .unwrap();
        assert!(
            !href.to_ascii_lowercase().starts_with("javascript:"),
            "{href}"
        );
    }
    page.close().await;
}

#[wasm_bindgen(module = "/tests/elements.js")]
extern "C" {
    /// Sets `name` to `prefix` and `n` more characters, built in JS so the
    /// test copies nothing into the wasm itself.
    #[wasm_bindgen(js_name = setHugeAttribute)]
    fn set_huge_attribute(el: &web_sys::Element, name: &str, prefix: &str, n: u32);
}

/// A 16 MB `app-config` attribute is refused with the size error, and the
/// element takes in only the first MiB of it: the wasm memory, which
/// never shrinks, does not grow by the whole text.
#[wasm_bindgen_test]
async fn a_huge_attribute_is_cut_before_it_reaches_the_wasm() {
    setup();
    let page = Page::new(
        "<coder-provider><coder-workspaces-card></coder-workspaces-card></coder-provider>",
    );
    let root = page.root().clone();
    settle().await;
    let memory = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    let before = memory();
    set_huge_attribute(
        &find(&root, "coder-provider"),
        "app-config",
        "deployment: { accessUrl: https://c.example.com }\n#",
        16 << 20,
    );
    settle().await;
    let text = shadow_text(&find(&root, "coder-workspaces-card"));
    assert!(text.contains("over the limit of 1 MiB"), "{text}");
    let grown = memory() - before;
    // A copy of the whole text alone would be 16 MiB.
    assert!(grown < 4 << 20, "wasm memory grew by {grown} bytes");
    page.close().await;
}

#[wasm_bindgen_test]
async fn missing_config_is_explained() {
    setup();
    let page = Page::new(
        "<coder-provider><coder-workspaces-card></coder-workspaces-card></coder-provider>",
    );
    let root = page.root().clone();
    settle().await;
    let text = shadow_text(&find(&root, "coder-workspaces-card"));
    assert!(text.contains("has no app config"), "{text}");
    page.close().await;
}

#[wasm_bindgen_test]
async fn without_an_app_config_the_backstage_app_configs_coder_block_is_read() {
    setup();
    let page = Page::new(
        "<coder-provider><coder-workspaces-card></coder-workspaces-card></coder-provider>",
    );
    let root = page.root().clone();
    let provider = find(&root, "coder-provider");
    let card = find(&root, "coder-workspaces-card");

    // No `coder:` block (only the backend OAuth client id would do): the
    // card says where the config goes.
    set_prop(
        &provider,
        "configApi",
        &fake_host::config_api(r#"{"app":{"title":"x"}}"#),
    );
    settle().await;
    let text = shadow_text(&card);
    assert!(
        text.contains("coder.deployment.accessUrl in the Backstage app-config"),
        "{text}"
    );

    // A bad block is named where it is in app-config.
    let bad = r#"{"coder":{"deployment":{"accessUrl":"https://c.example.com"},"workspaces":{"defaultMode":"later"}}}"#;
    set_prop(&provider, "configApi", &fake_host::config_api(bad));
    settle().await;
    let text = shadow_text(&card);
    assert!(text.contains("app-config"), "{text}");
    assert!(text.contains("coder.workspaces.defaultMode"), "{text}");
    assert!(text.contains("unknown mode"), "{text}");
    let missing = r#"{"coder":{"oauth":{"clientId":"x"}}}"#;
    set_prop(&provider, "configApi", &fake_host::config_api(missing));
    settle().await;
    let text = shadow_text(&card);
    assert!(text.contains("coder.deployment.accessUrl"), "{text}");
    assert!(text.contains("is required"), "{text}");

    // A good one configures the card: it offers to sign in.
    let good = r#"{"coder":{"deployment":{"accessUrl":"https://c.example.com"}}}"#;
    set_prop(&provider, "configApi", &fake_host::config_api(good));
    settle().await;
    let text = shadow_text(&card);
    assert!(text.contains("Auth token"), "{text}");

    // The appConfig property still wins.
    set_prop(&provider, "configApi", &fake_host::config_api(bad));
    set_prop(&provider, "appConfig", &app_config());
    settle().await;
    let text = shadow_text(&card);
    assert!(!text.contains("unknown mode"), "{text}");
    assert!(text.contains("Auth token"), "{text}");
    page.close().await;
}

#[wasm_bindgen_test]
async fn attribute_and_entity_changes_rerender() {
    setup();
    let page = Page::new("<coder-provider><coder-workspaces-card read-entity-data></coder-workspaces-card></coder-provider>");
    let root = page.root().clone();
    set_prop(&find(&root, "coder-provider"), "appConfig", &app_config());
    let card = find(&root, "coder-workspaces-card");
    settle().await;
    assert!(
        shadow_text(&card).contains("has no entity"),
        "{}",
        shadow_text(&card)
    );

    set_prop(&card, "entity", &entity());
    card.set_attribute("header-text", "My workspaces").unwrap();
    settle().await;
    let text = shadow_text(&card);
    assert!(text.contains("My workspaces"), "{text}");
    // The entity now configures the card (signed out, its header names no
    // filter yet: there are no results to filter).
    assert!(!text.contains("has no entity"), "{text}");
    assert!(text.contains("Auth token"), "{text}");
    // The getter returns what was set.
    let got = js_sys::Reflect::get(&card, &JsValue::from_str("entity")).unwrap();
    assert!(got.is_object());
    page.close().await;
}

#[wasm_bindgen_test]
async fn removing_the_provider_unlinks_and_moving_a_card_relinks() {
    setup();
    let page = Page::new(
        "<coder-provider id=a><coder-workspaces-card></coder-workspaces-card></coder-provider>\
         <coder-provider id=b></coder-provider>",
    );
    let root = page.root().clone();
    set_prop(
        &find(&root, "#a"),
        "appConfig",
        &json(r#"{"deployment":{"accessUrl":"https://a.example.com"}}"#),
    );
    set_prop(
        &find(&root, "#b"),
        "appConfig",
        &json(r#"{"deployment":{"accessUrl":"https://b.example.com"}}"#),
    );
    settle().await;
    let card = find(&root, "coder-workspaces-card");
    assert_eq!(cli_auth_href(&card), "https://a.example.com/cli-auth");

    // Move the card to provider b.
    find(&root, "#b").append_child(&card).unwrap();
    settle().await;
    assert_eq!(cli_auth_href(&card), "https://b.example.com/cli-auth");

    // Move it out of every provider.
    root.append_child(&card).unwrap();
    settle().await;
    assert!(shadow_text(&card).contains("must be placed inside <coder-provider>"));

    // A provider wrapping it later adopts it.
    let late = document().create_element("coder-provider").unwrap();
    set_prop(
        &late,
        "appConfig",
        &json(r#"{"deployment":{"accessUrl":"https://late.example.com"}}"#),
    );
    root.append_child(&late).unwrap();
    late.append_child(&card).unwrap();
    settle().await;
    assert_eq!(cli_auth_href(&card), "https://late.example.com/cli-auth");
    page.close().await;
}

#[wasm_bindgen_test]
async fn config_changes_reach_linked_cards() {
    setup();
    let page = Page::new(
        "<coder-provider><coder-workspaces-card></coder-workspaces-card>\
         <coder-provider-settings></coder-provider-settings></coder-provider>",
    );
    let root = page.root().clone();
    let provider = find(&root, "coder-provider");
    set_prop(
        &provider,
        "appConfig",
        &json(r#"{"deployment":{"accessUrl":"https://one.example.com"}}"#),
    );
    settle().await;
    set_prop(
        &provider,
        "appConfig",
        &json(r#"{"deployment":{"accessUrl":"https://two.example.com/"}}"#),
    );
    settle().await;
    assert_eq!(
        cli_auth_href(&find(&root, "coder-workspaces-card")),
        "https://two.example.com/cli-auth"
    );
    let settings = shadow_text(&find(&root, "coder-provider-settings"));
    assert!(settings.contains("Coder"), "{settings}");
    assert!(
        settings.contains("Sign in to Coder to access your development workspaces"),
        "{settings}"
    );
    page.close().await;
}

#[wasm_bindgen(module = "/tests/elements.js")]
extern "C" {
    #[wasm_bindgen(js_name = installTracker)]
    fn install_tracker();
    #[wasm_bindgen(js_name = resetTracker)]
    fn reset_tracker();
    #[wasm_bindgen(js_name = liveListeners)]
    fn live_listeners() -> Vec<String>;
    #[wasm_bindgen(js_name = pendingTimers)]
    fn pending_timers() -> u32;
}

#[wasm_bindgen_test]
async fn two_hundred_mounts_leave_no_listener_timer_or_registration() {
    setup();
    install_tracker();
    settle().await;
    reset_tracker();
    let providers_before = provider_count();
    let orphans_before = orphan_count();
    let body = document().body().unwrap();
    for i in 0..200 {
        let provider = document().create_element("coder-provider").unwrap();
        set_prop(&provider, "appConfig", &app_config());
        let card = document().create_element("coder-workspaces-card").unwrap();
        card.set_attribute("read-entity-data", "").unwrap();
        set_prop(&card, "entity", &entity());
        let settings = document()
            .create_element("coder-provider-settings")
            .unwrap();
        provider.append_child(&card).unwrap();
        provider.append_child(&settings).unwrap();
        // Alternate: remove the provider subtree, or the card first.
        body.append_child(&provider).unwrap();
        if i % 10 == 0 {
            settle().await;
        }
        if i % 2 == 0 {
            card.remove();
        }
        provider.remove();
        if i % 10 == 0 {
            assert!(
                shadow(&provider).child_element_count() == 0,
                "shadow root emptied"
            );
            assert!(
                shadow(&card).child_element_count() == 0,
                "shadow root emptied"
            );
        }
    }
    // Let Yew's scheduled work (zero-delay timeouts) run out.
    sleep(20).await;
    assert_eq!(
        live_listeners(),
        Vec::<String>::new(),
        "listeners that survived teardown"
    );
    assert_eq!(pending_timers(), 0, "timers that survived teardown");
    assert_eq!(
        provider_count(),
        providers_before,
        "providers still registered"
    );
    assert_eq!(
        orphan_count(),
        orphans_before,
        "cards still waiting for a provider"
    );
}

#[wasm_bindgen(module = "/tests/elements.js")]
extern "C" {
    #[wasm_bindgen(js_name = throwLater)]
    fn throw_later();
    #[wasm_bindgen(js_name = rejectUnhandled)]
    fn reject_unhandled();
}

/// The page fixture's error check sees what no DOM assertion would: an
/// exception thrown outside any test code and a rejection nobody handled.
#[wasm_bindgen_test]
async fn the_page_fixture_sees_uncaught_errors_and_unhandled_rejections() {
    let errors = ErrorWatch::start();
    throw_later();
    reject_unhandled();
    sleep(20).await;
    let seen = errors.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen.iter().any(|e| e.contains("thrown in a timer")),
        "{seen:?}"
    );
    assert!(
        seen.iter().any(|e| e.contains("rejected, never awaited")),
        "{seen:?}"
    );
}
