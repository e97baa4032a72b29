//! Offline, a proxy that answers badly or not at all.

use super::*;

#[wasm_bindgen_test]
async fn offline_sign_in_says_so_and_recovers_when_back_online() {
    fresh();
    fake_host::set_mode("network");
    fake_host::set_online(false);
    let (page, card) = ProviderPage::card_at_sign_in().await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "offline", 2000).await;
    assert!(!shows_list(&card));

    fake_host::set_online(true);
    fake_host::set_mode("ok");
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("online").unwrap())
        .unwrap();
    wait_card_list(&card).await;
    page.close().await;
}

async fn deployment_unavailable_case(mode: &str, detail: &[&str]) {
    fresh();
    fake_host::set_mode(mode);
    let (page, card) = ProviderPage::card_at_sign_in().await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "Backstage proxy did not answer", 2000).await;
    let text = shadow_text(&card);
    for needle in detail {
        assert!(text.contains(needle), "{mode}: no {needle:?} in {text}");
    }
    assert!(!shows_list(&card));
    // Not retried in a loop: one check, then the panel.
    let users = fake_host::calls().iter().filter(|c| c.is_user()).count();
    sleep(300).await;
    assert_eq!(
        fake_host::calls().iter().filter(|c| c.is_user()).count(),
        users
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn gateway_timeout_shows_the_deployment_unavailable_panel() {
    deployment_unavailable_case("504", &["proxy", "504", "'/coder'"]).await;
}

#[wasm_bindgen_test]
async fn html_instead_of_json_shows_the_deployment_unavailable_panel() {
    deployment_unavailable_case("html", &["proxy", "app-config.yaml"]).await;
}

#[wasm_bindgen_test]
async fn a_hanging_request_shows_authenticating_and_unmounts_cleanly() {
    fresh();
    fake_host::set_mode("hang");
    let (page, card) = ProviderPage::card_at_sign_in().await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "Authenticating…", 1000).await;
    assert!(!shows_list(&card));
    page.detach();
    sleep(50).await;
    page.close().await;
}
