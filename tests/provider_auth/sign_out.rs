//! Unlink, reload and sign-out from the settings row.

use super::*;

#[wasm_bindgen_test]
async fn unlink_from_the_card_menu_signs_out_and_forgets_the_token() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    assert_eq!(stored_token().as_deref(), Some(GOOD_TOKEN));

    card_menu(&card, "Unlink Coder account").await;
    wait_card_form(&card).await;
    assert!(!shows_list(&card));
    wait_for(
        "coderAuthApi.signOut",
        1000,
        || fake_host::count("signOuts") >= 1,
        || shadow_text(&card),
    )
    .await;
    assert_eq!(stored_token(), None);
    assert!(
        fake_host::storage("session")
            .iter()
            .all(|(_, v)| !v.contains(GOOD_TOKEN)),
        "token left in sessionStorage"
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_manual_token_survives_a_reload_in_session_storage_only() {
    fresh();
    let page = ProviderPage::mount(&[], CARD);
    sign_in_from_card(&page.card()).await;
    assert_eq!(stored_token().as_deref(), Some(GOOD_TOKEN));
    page.close().await;
    settle().await;

    // "Reload": a new provider with new API objects and no OAuth session.
    fake_host::mock_set("calls", &js_sys::Array::new());
    let page = ProviderPage::mount(&[], CARD);
    let card = page.card();
    wait_card_list(&card).await;
    let calls = fake_host::calls();
    assert!(!calls.is_empty());
    for call in &calls {
        assert_eq!(call.header("coder-session-token"), Some(GOOD_TOKEN));
    }
    let local = fake_host::storage("local");
    assert!(
        local
            .iter()
            .all(|(k, v)| !v.contains(GOOD_TOKEN) && !k.contains(GOOD_TOKEN)),
        "token in localStorage: {local:?}"
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn signing_out_from_the_settings_row_signs_the_cards_out() {
    fresh();
    let page = ProviderPage::mount(&[], CARD_AND_SETTINGS);
    let card = page.card();
    sign_in_from_card(&card).await;
    let settings = page.settings();
    wait_for(
        "Sign out",
        1000,
        || button(&shadow(&settings), "Sign out").is_some(),
        || shadow_text(&settings),
    )
    .await;
    click(&shadow(&settings), "Sign out");
    wait_card_form(&card).await;
    assert!(!shows_list(&card));
    wait_for(
        "Sign in",
        1000,
        || button(&shadow(&settings), "Sign in").is_some(),
        || shadow_text(&settings),
    )
    .await;
    assert_eq!(stored_token(), None);
    page.close().await;
}
