//! Upstream 0.4's popup sign-in (no `coderAuthApi`; `coder.oauth.clientId`
//! from the config API): when it is offered, and what the form says when it
//! can't start. The whole flow against upstream's real backend plugin is in
//! tests/e2e/real-stack.test.js.

use super::*;

#[wasm_bindgen(inline_js = r#"
export function blockPopups() {
  const real = window.open;
  window.__openCalls = [];
  window.open = function (url, target, features) {
    window.__openCalls.push({ url: String(url), target: String(target), features: String(features) });
    return null;
  };
  return () => { window.open = real; };
}
export function openCalls() { return JSON.stringify(window.__openCalls || []); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = blockPopups)]
    fn block_popups() -> js_sys::Function;
    #[wasm_bindgen(js_name = openCalls)]
    fn open_calls() -> String;
}

/// A provider whose host gives no Coder auth API, with `config` as the
/// app config the config API reads.
async fn card_without_auth_api(config: &str) -> (ProviderPage, Element) {
    let page = ProviderPage::mount(&[], CARD);
    set_prop(&page.provider, "coderAuthApi", &JsValue::UNDEFINED);
    set_prop(&page.provider, "configApi", &fake_host::config_api(config));
    let card = page.card();
    wait_card_form(&card).await;
    (page, card)
}

const OAUTH_BUTTON: &str = "Sign in with Coder OAuth";

/// An app config with the 0.4 client id and a sound backend URL.
const CONFIGURED: &str = r#"{"coder":{"oauth":{"clientId":"backstage"}},"backend":{"baseUrl":"https://backstage.example.com"}}"#;

#[wasm_bindgen_test]
async fn without_a_client_id_there_is_no_oauth_button() {
    fresh();
    let (page, card) =
        card_without_auth_api(r#"{"backend":{"baseUrl":"https://b.example"}}"#).await;
    sleep(50).await;
    assert!(
        button(&shadow(&card), OAUTH_BUTTON).is_none(),
        "{}",
        shadow_text(&card)
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_blocked_popup_is_said_and_the_token_field_stays() {
    fresh();
    let (page, card) = card_without_auth_api(CONFIGURED).await;
    wait_for(
        "the OAuth button",
        2000,
        || button(&shadow(&card), OAUTH_BUTTON).is_some(),
        || shadow_text(&card),
    )
    .await;
    let restore = block_popups();
    click(&shadow(&card), OAUTH_BUTTON);
    wait_card_text(&card, "blocked the Coder sign-in window", 2000).await;
    restore.call0(&JsValue::NULL).unwrap();
    // What it tried to open: Coder's consent page for the configured
    // client, returning to the 0.4 backend plugin's callback.
    let calls = open_calls();
    assert!(
        calls.contains(
            "https://coder.example.com/oauth2/authorize?response_type=code&client_id=backstage\
             &redirect_uri=https%3A%2F%2Fbackstage.example.com%2Fapi%2Fauth%2Fcoder%2Foauth%2Fcallback"
        ),
        "{calls}"
    );
    assert!(token_input(&shadow(&card)).is_some());
    // No Backstage OAuth API was there to ask for a popup.
    assert!(fake_host::token_calls().iter().all(|c| !c.instant_popup));
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_hostile_backend_url_is_refused_before_any_window_opens() {
    fresh();
    let (page, card) = card_without_auth_api(
        r#"{"coder":{"oauth":{"clientId":"backstage"}},"backend":{"baseUrl":"javascript:alert(1)"}}"#,
    )
    .await;
    let restore = block_popups();
    click(&shadow(&card), OAUTH_BUTTON);
    wait_card_text(&card, "backend.baseUrl in app-config.yaml", 2000).await;
    restore.call0(&JsValue::NULL).unwrap();
    assert_eq!(open_calls(), "[]", "no window opened");
    assert!(
        shadow_text(&card).contains("http"),
        "{}",
        shadow_text(&card)
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_message_of_the_backend_plugins_shape_from_elsewhere_is_ignored() {
    fresh();
    let (page, card) = card_without_auth_api(CONFIGURED).await;
    // No popup of ours is open: a page posting the 0.4 shape (here this
    // very window, with a working token) signs nobody in.
    let data = json(&format!(
        r#"{{"type":"coder-oauth-success","token":"{GOOD_TOKEN}"}}"#
    ));
    web_sys::window().unwrap().post_message(&data, "*").unwrap();
    sleep(200).await;
    assert!(shows_form(&shadow(&card)));
    assert!(
        fake_host::calls().iter().all(|c| !c.is_user()),
        "the token was never checked"
    );
    page.close().await;
}
