//! Coder OAuth through Backstage's auth API: silent sign-in, the popup,
//! popup messages, session events.

use super::*;

#[wasm_bindgen_test]
async fn an_existing_oauth_session_signs_in_silently_on_mount() {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    let page = ProviderPage::mount(&[], CARD);
    let card = page.card();
    wait_card_list(&card).await;
    let token_calls = fake_host::token_calls();
    assert!(
        token_calls.iter().any(|c| c.optional && c.scope.is_empty()),
        "{token_calls:?}"
    );
    assert!(
        token_calls.iter().all(|c| !c.instant_popup),
        "{token_calls:?}"
    );
    assert_eq!(fake_host::count("popups"), 0);
    assert_eq!(stored_token(), None, "OAuth tokens are not stored by us");
    page.close().await;
}

/// A host that sets the provider's properties one by one after it
/// connects (the React wrapper's layout effect does) gets one silent token
/// request, not one per property: against a real Backstage backend each
/// request is a refresh, and each refresh rotates the token the one before
/// handed out.
#[wasm_bindgen_test]
async fn properties_set_after_connecting_ask_for_a_token_once() {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    let page = Page::new("");
    let provider = document().create_element("coder-provider").unwrap();
    provider.set_inner_html(CARD);
    page.root().append_child(&provider).unwrap();
    set_prop(
        &provider,
        "appConfig",
        &json(r#"{"deployment":{"accessUrl":"https://coder.example.com"}}"#),
    );
    fake_host::hand_apis(&provider);
    let card = find(&provider, "coder-workspaces-card");
    wait_card_list(&card).await;
    sleep(200).await;
    let calls = fake_host::token_calls();
    assert_eq!(calls.len(), 1, "one silent token request: {calls:?}");
    page.close().await;
}

#[wasm_bindgen_test]
async fn the_oauth_button_signs_in_through_the_popup() {
    fresh();
    let (page, card) = ProviderPage::card_at_sign_in().await;
    click(&shadow(&card), "Sign in with Coder OAuth");
    wait_card_list(&card).await;
    let token_calls = fake_host::token_calls();
    assert!(
        token_calls.iter().any(|c| c.instant_popup),
        "{token_calls:?}"
    );
    assert_eq!(fake_host::count("popups"), 1);
    page.close().await;
}

#[wasm_bindgen_test]
async fn popup_messages_from_another_origin_are_ignored() {
    fresh();
    fake_host::set_str("base", "https://backstage.example.com/api/proxy");
    let (page, card) = ProviderPage::card_at_sign_in().await;
    // One request first, so the provider surely knows its backend's origin.
    submit_token(&shadow(&card), "not-the-right-token");
    wait_card_text(&card, "Invalid token", 2000).await;
    let before = fake_host::calls().len();
    assert!(
        fake_host::calls()[0]
            .url
            .starts_with("https://backstage.example.com/api/proxy/coder/"),
        "{:?}",
        fake_host::calls()
    );

    fake_host::post_auth_message(GOOD_TOKEN);
    sleep(300).await;
    assert!(!shows_list(&card), "{}", shadow_text(&card));
    assert!(shows_form(&shadow(&card)));
    let calls = fake_host::calls();
    assert_eq!(
        calls.len(),
        before,
        "the message's token was used: {calls:?}"
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn popup_messages_from_the_backend_origin_sign_in_after_a_request() {
    fresh();
    // The discovery base is on this page's origin (the default); one
    // request first, so the provider has resolved it.
    let (page, card) = ProviderPage::card_at_sign_in().await;
    submit_token(&shadow(&card), "not-the-right-token");
    wait_card_text(&card, "Invalid token", 2000).await;
    fake_host::post_auth_message(GOOD_TOKEN);
    wait_card_list(&card).await;
    assert_eq!(fake_host::count("popups"), 0);
    page.close().await;
}

/// A popup result that arrives before any Coder request (the normal case
/// for a user who has not signed in yet) is accepted: the provider learns
/// the backend's origin from the discovery API at start.
#[wasm_bindgen_test]
async fn popup_messages_from_the_backend_origin_sign_in_before_any_request() {
    fresh();
    // The discovery base is on this page's origin (the default).
    let (page, card) = ProviderPage::card_at_sign_in().await;
    fake_host::post_auth_message(GOOD_TOKEN);
    wait_card_list(&card).await;
    page.close().await;
}

#[wasm_bindgen_test]
async fn session_signed_out_drops_an_oauth_sign_in() {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    let page = ProviderPage::mount(&[], CARD);
    let card = page.card();
    wait_card_list(&card).await;
    fake_host::emit_session("SignedOut");
    wait_card_form(&card).await;
    assert!(!shows_list(&card));
    page.close().await;
}

/// A `coderAuthApi` that is an object without `getAccessToken` (a wrong
/// API ref, a stub) counts as absent: the form offers the token only,
/// rather than an OAuth button that could only fail.
#[wasm_bindgen_test]
async fn an_auth_api_without_get_access_token_offers_no_oauth_button() {
    fresh();
    let page = ProviderPage::mount(&[], CARD);
    set_prop(&page.provider, "coderAuthApi", &js_sys::Object::new());
    let card = page.card();
    wait_card_form(&card).await;
    assert!(button(&shadow(&card), "Sign in with Coder OAuth").is_none());
    // The real API again: the button is back.
    let apis = fake_host::make_apis();
    let api = js_sys::Reflect::get(&apis, &"coderAuthApi".into()).unwrap();
    set_prop(&page.provider, "coderAuthApi", &api);
    wait_for(
        "the OAuth button",
        2000,
        || button(&shadow(&card), "Sign in with Coder OAuth").is_some(),
        || shadow_text(&card),
    )
    .await;
    page.close().await;
}
