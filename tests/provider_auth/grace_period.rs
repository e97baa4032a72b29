//! A token that can't be re-checked keeps working for a grace period
//! before it is distrusted.

use super::*;

/// Signs in, then makes Coder answer `/workspaces` with 401 and
/// `/users/me` with 500, and refreshes: the 401 re-checks the token, the
/// re-check can't be completed, so the token enters its grace period.
/// Returns when the re-check has been answered (`Date.now()` then).
async fn enter_grace_period(card: &Element) -> f64 {
    sign_in_from_card(card).await;
    fake_host::set_str("meMode", "500");
    fake_host::set_str("wsMode", "401");
    card_menu(card, "Refresh").await;
    wait_for(
        "the re-check",
        2000,
        || fake_host::calls().iter().filter(|c| c.is_user()).count() >= 2,
        || shadow_text(card),
    )
    .await;
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn an_unverifiable_token_gets_a_grace_period_then_is_distrusted() {
    fresh();
    let page = ProviderPage::mount(&[], CARD);
    let card = page.card();
    let rechecked_at = enter_grace_period(&card).await;
    sleep(300).await;
    let text = shadow_text(&card);
    assert!(
        !text.contains("Unable to verify token authenticity"),
        "{text}"
    );
    assert!(!shows_form(&shadow(&card)), "{text}");
    // Still the signed-in card (search box, menu), not a sign-in view.
    assert!(
        button(&shadow(&card), "See additional workspace actions").is_some(),
        "{text}"
    );

    wait_card_text(&card, "Unable to verify token authenticity", 7500).await;
    let elapsed = js_sys::Date::now() - rechecked_at;
    assert!(
        (5500.0..7500.0).contains(&elapsed),
        "distrusted after {elapsed} ms, expected ~6000"
    );
    assert!(!shows_list(&card));
    let root = shadow(&card);
    assert!(button(&root, "Unlink Coder account").is_some());
    assert!(button(&root, "Retry").is_some());
    page.close().await;
}

/// The workspaces 401 that starts the re-check must not replace the card's
/// rows while the token is in its grace period (it still counts as signed
/// in); upstream keeps the last data until the token is distrusted.
#[wasm_bindgen_test]
async fn the_list_stays_during_the_grace_period() {
    fresh();
    let page = ProviderPage::mount(&[], CARD);
    let card = page.card();
    enter_grace_period(&card).await;
    sleep(300).await;
    let text = shadow_text(&card);
    assert!(
        shows_list(&card),
        "the list is gone during the grace period: {text}"
    );
    assert!(!text.contains("Not signed in to Coder"), "{text}");
    page.close().await;
}
