//! The provider's own fallback sign-in button and dialog.

use super::*;

fn the_fallback_button(provider: &Element) -> Option<HtmlElement> {
    button(&shadow(provider), "Authenticate with Coder")
}

#[wasm_bindgen_test]
async fn restrained_fallback_shows_only_without_a_card() {
    fresh();
    let page = ProviderPage::mount(&[("fallback-auth-ui-mode", "restrained")], "");
    let provider = page.provider.clone();
    wait_for(
        "the fallback button",
        2000,
        || the_fallback_button(&provider).is_some(),
        || text_of(&shadow(&provider)),
    )
    .await;
    page.close().await;

    let page = ProviderPage::mount(&[("fallback-auth-ui-mode", "restrained")], CARD);
    wait_card_form(&page.card()).await;
    sleep(100).await;
    assert!(the_fallback_button(&page.provider).is_none());
    // The default mode is restrained.
    page.close().await;
    let page = ProviderPage::mount(&[], CARD);
    wait_card_form(&page.card()).await;
    sleep(100).await;
    assert!(the_fallback_button(&page.provider).is_none());
    page.close().await;
}

#[wasm_bindgen_test]
async fn assertive_fallback_shows_even_with_a_card_and_goes_once_signed_in() {
    fresh();
    let page = ProviderPage::mount(&[("fallback-auth-ui-mode", "assertive")], CARD);
    let provider = page.provider.clone();
    wait_for(
        "the fallback button",
        2000,
        || the_fallback_button(&provider).is_some(),
        || text_of(&shadow(&provider)),
    )
    .await;
    sign_in_from_card(&page.card()).await;
    wait_for(
        "the fallback button to go",
        1000,
        || the_fallback_button(&provider).is_none(),
        || text_of(&shadow(&provider)),
    )
    .await;
    page.close().await;
}

#[wasm_bindgen_test]
async fn hidden_fallback_never_shows() {
    fresh();
    let page = ProviderPage::mount(&[("fallback-auth-ui-mode", "hidden")], "");
    sleep(300).await;
    assert!(the_fallback_button(&page.provider).is_none());
    page.close().await;
}

#[wasm_bindgen_test]
async fn an_invalid_fallback_mode_is_an_alert_naming_the_attribute() {
    fresh();
    let page = ProviderPage::mount(&[("fallback-auth-ui-mode", "loud")], "");
    settle().await;
    let provider = page.provider.clone();
    wait_for(
        "the alert",
        1000,
        || {
            shadow(&provider)
                .query_selector("[role=alert]")
                .unwrap()
                .is_some()
        },
        || text_of(&shadow(&provider)),
    )
    .await;
    let alert = shadow(&provider)
        .query_selector("[role=alert]")
        .unwrap()
        .unwrap();
    let text = text_of(&alert);
    assert!(text.contains("fallback-auth-ui-mode"), "{text}");
    assert!(text.contains("loud"), "{text}");
    page.close().await;
}

#[wasm_bindgen_test]
async fn the_fallback_button_opens_a_dialog_survives_20_clicks_and_signs_in() {
    fresh();
    let page = ProviderPage::mount(&[], "");
    let provider = page.provider.clone();
    wait_for(
        "the fallback button",
        2000,
        || the_fallback_button(&provider).is_some(),
        || text_of(&shadow(&provider)),
    )
    .await;
    let trigger = the_fallback_button(&provider).unwrap();
    for i in 0..20 {
        trigger.click();
        if i % 5 == 0 {
            settle().await;
        }
    }
    settle().await;
    let root = shadow(&provider);
    let dialog = root
        .query_selector("[role=dialog]")
        .unwrap()
        .unwrap_or_else(|| panic!("no dialog: {}", text_of(&root)));
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    page.assert_no_errors();

    // Sign in from the dialog: the button goes, and the old button (as a
    // host page might still hold it) can be clicked without harm.
    submit_token(&root, GOOD_TOKEN);
    wait_for(
        "the fallback button to go",
        2000,
        || the_fallback_button(&provider).is_none(),
        || text_of(&shadow(&provider)),
    )
    .await;
    for _ in 0..20 {
        trigger.click();
    }
    settle().await;
    assert!(the_fallback_button(&provider).is_none());
    assert!(shadow(&provider)
        .query_selector("[role=dialog]")
        .unwrap()
        .is_none());
    page.close().await;
}
