//! The Backstage token refused by the proxy itself (expired, or signed by a
//! key the backend no longer has): Backstage's own 401, which must not be
//! mistaken for Coder rejecting the Coder token.

use super::*;

/// The identity API hands out `bearer`, which the proxy refuses.
fn expire_backstage_token(bearer: &str) {
    fake_host::set_str("bearer", bearer);
    fake_host::mock_set("refusedBearers", &json(&format!(r#"["{bearer}"]"#)));
}

/// The identity API hands out a fresh token the proxy accepts.
fn refresh_backstage_token() {
    fake_host::set_str("bearer", "backstage-bearer-refreshed");
}

const BACKSTAGE_REFUSED: &str = "Backstage sign-in expired";

#[wasm_bindgen_test]
async fn a_refused_backstage_token_keeps_the_coder_session_and_recovers() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    assert_eq!(stored_token().as_deref(), Some(GOOD_TOKEN));

    expire_backstage_token("backstage-bearer-expired");
    card_menu(&card, "Refresh").await;
    wait_card_text(&card, BACKSTAGE_REFUSED, 3000).await;
    let text = shadow_text(&card);
    assert!(
        text.contains("\"exp\" claim timestamp check failed") && text.contains("reload the page"),
        "Backstage's reason and what to do: {text}"
    );
    // Not Coder's 401: the Coder token is neither re-checked nor dropped.
    assert!(!shows_form(&shadow(&card)), "still signed in: {text}");
    assert_eq!(stored_token().as_deref(), Some(GOOD_TOKEN));
    let users = fake_host::calls().iter().filter(|c| c.is_user()).count();
    assert_eq!(users, 1, "no token re-check after Backstage's 401");

    // The identity API's next token is accepted: the recovery poll (10 s)
    // asks it again and lists again.
    refresh_backstage_token();
    wait_for(
        "the list after the Backstage token refreshed",
        15_000,
        || shows_list(&card) && !shadow_text(&card).contains(BACKSTAGE_REFUSED),
        || shadow_text(&card),
    )
    .await;
    let last = fake_host::calls().last().cloned().unwrap();
    assert_eq!(
        last.header("authorization"),
        Some("Bearer backstage-bearer-refreshed")
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_refused_backstage_token_at_sign_in_says_so_and_keeps_the_token() {
    fresh();
    expire_backstage_token("backstage-bearer-expired");
    let (page, card) = ProviderPage::card_at_sign_in().await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "Backstage refused the request", 3000).await;
    let text = shadow_text(&card);
    assert!(text.contains("reload the page"), "{text}");
    assert!(
        !text.contains("Coder rejected"),
        "not blamed on the Coder token: {text}"
    );
    assert!(!shows_list(&card));

    refresh_backstage_token();
    click(&shadow(&card), "Retry");
    wait_card_list(&card).await;
    assert_eq!(stored_token().as_deref(), Some(GOOD_TOKEN));
    page.close().await;
}
