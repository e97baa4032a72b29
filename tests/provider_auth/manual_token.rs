//! Manual tokens: typed or pasted into the card's form, checked against
//! Coder, kept in sessionStorage, re-checked on a 401.

use super::*;

#[wasm_bindgen_test]
async fn valid_manual_token_signs_in_and_every_request_carries_both_tokens() {
    fresh();
    let page = ProviderPage::mount(&[], CARD_AND_SETTINGS);
    let card = page.card();
    sign_in_from_card(&card).await;

    let text = shadow_text(&card);
    assert!(
        text.contains("alpha-ws") && text.contains("beta-ws"),
        "{text}"
    );
    let settings = page.settings();
    wait_for(
        "the settings row to say signed in",
        1000,
        || shadow_text(&settings).contains("Signed in as demo"),
        || shadow_text(&settings),
    )
    .await;
    assert!(button(&shadow(&settings), "Sign out").is_some());

    let calls = fake_host::calls();
    assert!(calls.iter().any(|c| c.is_user()), "{calls:?}");
    assert!(calls.iter().any(|c| c.is_workspaces()), "{calls:?}");
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let base = format!("{origin}/api/proxy/coder/api/v2/");
    for call in &calls {
        // Reads, and the permission check of the row actions.
        let post_ok = call.url.ends_with("/api/v2/authcheck");
        assert!(
            call.method == "GET" || (post_ok && call.method == "POST"),
            "{call:?}"
        );
        assert!(
            call.url.starts_with(&base),
            "not through the proxy: {call:?}"
        );
        assert_eq!(
            call.header("coder-session-token"),
            Some(GOOD_TOKEN),
            "{call:?}"
        );
        let bearer = format!("Bearer {BACKSTAGE_TOKEN}");
        assert_eq!(
            call.header("authorization"),
            Some(bearer.as_str()),
            "{call:?}"
        );
        assert!(
            !call.url.contains(GOOD_TOKEN),
            "token in a URL: {}",
            call.url
        );
    }
    let ws = calls.iter().find(|c| c.is_workspaces()).unwrap();
    assert!(
        ws.url.ends_with("/api/v2/workspaces?q=owner%3Ame&limit=0"),
        "{}",
        ws.url
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn invalid_token_shows_the_invalid_banner_and_no_list() {
    fresh();
    let (page, card) = ProviderPage::card_at_sign_in().await;
    submit_token(&shadow(&card), "not-the-right-token");
    wait_card_text(&card, "Invalid token", 2000).await;
    let root = shadow(&card);
    assert!(shows_form(&root), "{}", shadow_text(&card));
    assert!(!shows_list(&card));
    assert_eq!(
        token_input(&root)
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(stored_token(), None, "an invalid token is not kept");
    // The banner is dismissible.
    click(&root, "Dismiss");
    settle().await;
    assert!(!shadow_text(&card).contains("Invalid token"));
    page.close().await;
}

#[wasm_bindgen_test]
async fn pasted_tokens_are_trimmed_and_multi_line_pastes_refused() {
    fresh();
    let (page, card) = ProviderPage::card_at_sign_in().await;
    let root = shadow(&card);

    // A paste of more than the token (two lines) is refused before any
    // request, with a message.
    let input = token_input(&root).unwrap();
    let pasted = format!("{GOOD_TOKEN}\r\n{GOOD_TOKEN}");
    let value = fake_host::paste_into(&input, &pasted);
    click(&root, "Use token");
    sleep(200).await;
    let alert_text = root
        .query_selector("form [role=alert]")
        .unwrap()
        .map(|a| text_of(&a))
        .unwrap_or_default();
    assert!(
        !alert_text.is_empty(),
        "no refusal message for a multi-line paste (field value {value:?}); card: {}",
        shadow_text(&card)
    );
    let calls = fake_host::calls();
    assert!(
        calls.is_empty(),
        "a multi-line paste was sent to Coder (field value {value:?}): {calls:?}"
    );

    // Surrounding whitespace is trimmed: the good token signs in and is
    // sent without it.
    submit_token(&root, &format!("  {GOOD_TOKEN}\t "));
    wait_card_list(&card).await;
    for call in fake_host::calls() {
        assert_eq!(call.header("coder-session-token"), Some(GOOD_TOKEN));
    }
    assert_eq!(stored_token().as_deref(), Some(GOOD_TOKEN));
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_401_mid_session_rechecks_the_token_and_returns_to_the_form() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    let users_before = fake_host::calls().iter().filter(|c| c.is_user()).count();

    fake_host::set_mode("401");
    card_menu(&card, "Refresh").await;
    wait_card_text(&card, "Invalid token", 2000).await;
    assert!(shows_form(&shadow(&card)), "{}", shadow_text(&card));
    assert!(!shows_list(&card));
    let users_after = fake_host::calls().iter().filter(|c| c.is_user()).count();
    assert!(users_after > users_before, "the token was not re-checked");
    assert_eq!(stored_token(), None, "a rejected token is forgotten");
    page.close().await;
}

/// The workspaces are fetched while a new token is being checked, not
/// after: the list does not wait for the check's round trip. Until the
/// check passes, the early answer is held, not shown; and it is the only
/// workspaces request.
#[wasm_bindgen_test]
async fn workspaces_are_fetched_while_the_token_is_checked_but_shown_only_after() {
    fresh();
    // users/me never answers: the check stays in flight.
    fake_host::set_str("meMode", "hang");
    let (page, card) = ProviderPage::card_at_sign_in().await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    sleep(500).await;
    let calls = fake_host::calls();
    let me = calls.iter().position(|c| c.url.contains("/users/me"));
    let ws = calls.iter().position(|c| c.is_workspaces());
    assert!(
        me.is_some() && ws.is_some(),
        "both requests made: {calls:?}"
    );
    assert_eq!(
        calls.iter().filter(|c| c.is_workspaces()).count(),
        1,
        "one workspaces request"
    );
    assert!(!shows_list(&card), "not shown before the check passes");
    assert!(
        shadow_text(&card).contains("Authenticating"),
        "{}",
        shadow_text(&card)
    );
    page.close().await;
}

/// An early answer fetched with a token that fails its check is dropped:
/// the card shows the invalid-token form, never the rows.
#[wasm_bindgen_test]
async fn early_answers_for_a_rejected_token_are_dropped() {
    fresh();
    // The fake Coder rejects users/me for this token but would list
    // workspaces for anyone.
    fake_host::set_str("meMode", "401");
    fake_host::set_str("wsMode", "ok");
    let (page, card) = ProviderPage::card_at_sign_in().await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "Invalid token", 2000).await;
    sleep(300).await;
    assert!(
        fake_host::calls().iter().any(|c| c.is_workspaces()),
        "the early request was made"
    );
    assert!(!shows_list(&card), "and its answer never shown");
    page.close().await;
}
