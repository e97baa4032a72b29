//! Each sign-in form owns what goes wrong in it: a refused token, an empty
//! submit, a cancelled OAuth window show in the card that asked, not in
//! every card of the provider. Signed out, a card's header names no filter.

use super::*;

const TWO_CARDS: &str = "<coder-workspaces-card id=a></coder-workspaces-card>\
                         <coder-workspaces-card id=b></coder-workspaces-card>";

/// Two cards at their sign-in forms.
async fn two_cards() -> (ProviderPage, Element, Element) {
    let page = ProviderPage::mount(&[], TWO_CARDS);
    let a = find(&page.provider, "#a");
    let b = find(&page.provider, "#b");
    wait_card_form(&a).await;
    wait_card_form(&b).await;
    (page, a, b)
}

/// Whether `card`'s form shows an error: an alert, or a field marked invalid.
fn shows_error(card: &Element) -> bool {
    let root = shadow(card);
    root.query_selector("[role=alert]").unwrap().is_some()
        || token_input(&root).is_some_and(|i| i.get_attribute("aria-invalid").is_some())
}

#[wasm_bindgen_test]
async fn a_refused_token_shows_in_the_card_that_sent_it_only() {
    fresh();
    let (page, a, b) = two_cards().await;
    submit_token(&shadow(&a), "not-the-right-token");
    wait_card_text(&a, "Invalid token", 2000).await;
    settle().await;
    assert!(shows_error(&a));
    assert!(!shows_error(&b), "{}", shadow_text(&b));
    assert!(
        !shadow_text(&b).contains("Invalid token"),
        "{}",
        shadow_text(&b)
    );

    // The other card's own attempt makes the error its own.
    submit_token(&shadow(&b), "another-wrong-token");
    wait_card_text(&b, "Invalid token", 2000).await;
    settle().await;
    assert!(!shows_error(&a), "{}", shadow_text(&a));
    page.close().await;
}

#[wasm_bindgen_test]
async fn an_empty_or_blank_submit_says_so_in_the_card_without_a_browser_bubble() {
    fresh();
    let (page, a, b) = two_cards().await;
    let input = token_input(&shadow(&a)).unwrap();
    // A native `required` check would stop the submit with the browser's
    // own bubble (and no in-card message).
    assert!(!input.required(), "the form validates in the card");
    assert_eq!(
        input.get_attribute("aria-required").as_deref(),
        Some("true")
    );
    for typed in ["", "   "] {
        submit_token(&shadow(&a), typed);
        settle().await;
        let text = shadow_text(&a);
        assert!(text.contains("token"), "{typed:?}: {text}");
        assert!(shows_error(&a), "{typed:?}: {text}");
        assert!(!shows_error(&b), "{typed:?}: {}", shadow_text(&b));
    }
    assert!(fake_host::calls().is_empty(), "nothing sent");
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_cancelled_oauth_window_says_so_in_the_card_that_opened_it() {
    fresh();
    fake_host::set_str("popup", "cancel");
    let (page, a, b) = two_cards().await;
    click(&shadow(&a), "Sign in with Coder OAuth");
    wait_card_text(&a, "cancelled", 2000).await;
    assert_eq!(fake_host::count("popups"), 1);
    let text = shadow_text(&a);
    assert!(text.contains("sign-in window was closed"), "{text}");
    assert!(shows_form(&shadow(&a)), "{text}");
    assert!(
        !shadow_text(&b).contains("cancelled"),
        "{}",
        shadow_text(&b)
    );
    assert!(fake_host::calls().is_empty());

    // Trying again clears it.
    fake_host::set_str("popup", "ok");
    click(&shadow(&a), "Sign in with Coder OAuth");
    wait_card_list(&a).await;
    assert!(
        !shadow_text(&a).contains("cancelled"),
        "{}",
        shadow_text(&a)
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn the_form_waits_for_an_open_oauth_window_and_opens_no_second_one() {
    fresh();
    fake_host::set_str("popup", "hold");
    let (page, card) = ProviderPage::card_at_sign_in().await;
    click(&shadow(&card), "Sign in with Coder OAuth");
    wait_card_text(&card, "Waiting for the Coder sign-in window", 2000).await;
    let root = shadow(&card);
    let waiting = button(&root, "Waiting for the Coder sign-in window\u{2026}").unwrap();
    assert_eq!(
        waiting.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    let status = root.query_selector(".auth-waiting[role=status]").unwrap();
    assert!(status.is_some(), "{}", shadow_text(&card));
    waiting.click();
    settle().await;
    assert_eq!(fake_host::count("popups"), 1, "no second window");
    page.close().await;
}

#[wasm_bindgen_test]
async fn signed_out_the_entity_card_names_no_filter_until_there_are_results() {
    fresh();
    let page = ProviderPage::mount(
        &[],
        "<coder-workspaces-card read-entity-data></coder-workspaces-card>",
    );
    let card = page.card();
    set_prop(&card, "entity", &entity());
    wait_card_form(&card).await;
    settle().await;
    assert!(
        !shadow_text(&card).contains("Results filtered by"),
        "{}",
        shadow_text(&card)
    );
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "Results filtered by repo: python-project", 2000).await;
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_cancelled_sign_in_from_the_settings_row_is_said_there_not_in_the_card() {
    fresh();
    fake_host::set_str("popup", "cancel");
    let page = ProviderPage::mount(&[], CARD_AND_SETTINGS);
    let card = page.card();
    let settings = page.settings();
    wait_card_form(&card).await;
    click(&shadow(&settings), "Sign in");
    wait_for(
        "the settings row to say the sign-in was cancelled",
        2000,
        || shadow_text(&settings).contains("cancelled"),
        || shadow_text(&settings),
    )
    .await;
    assert!(
        !shadow_text(&card).contains("cancelled"),
        "{}",
        shadow_text(&card)
    );
    assert!(!shows_error(&card), "{}", shadow_text(&card));
    page.close().await;
}
