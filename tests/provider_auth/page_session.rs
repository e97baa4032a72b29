//! One page, one session check: providers on a page handed the same token
//! share one `users/me`, and its answer, a 401 included, reaches them all.

use super::*;

fn user_calls() -> usize {
    fake_host::calls().iter().filter(|c| c.is_user()).count()
}

/// Two providers (each with a card) mounted together.
fn two_providers() -> (Page, Element, Element) {
    let page = Page::new("");
    let a = mount_provider(page.root(), &[], CARD);
    let b = mount_provider(page.root(), &[], CARD);
    (
        page,
        find(&a, "coder-workspaces-card"),
        find(&b, "coder-workspaces-card"),
    )
}

#[wasm_bindgen_test]
async fn providers_on_one_page_share_one_session_check() {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    let (page, a, b) = two_providers();
    wait_card_list(&a).await;
    wait_card_list(&b).await;
    sleep(200).await;
    assert_eq!(user_calls(), 1, "{:?}", fake_host::calls());

    // A provider mounted a moment later takes that answer too.
    let c = mount_provider(page.root(), &[], CARD);
    let c = find(&c, "coder-workspaces-card");
    wait_card_list(&c).await;
    sleep(200).await;
    assert_eq!(user_calls(), 1, "{:?}", fake_host::calls());
    page.assert_no_errors();
    page.remove();
    settle().await;
}

/// The shared check's 401 signs every provider out, as each one's own
/// did.
#[wasm_bindgen_test]
async fn a_shared_check_refused_signs_every_provider_out() {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    fake_host::set_str("meMode", "401");
    let (page, a, b) = two_providers();
    wait_card_form(&a).await;
    wait_card_form(&b).await;
    sleep(200).await;
    assert!(!shows_list(&a) && !shows_list(&b));
    assert_eq!(user_calls(), 1, "{:?}", fake_host::calls());
    page.assert_no_errors();
    page.remove();
    settle().await;
}

/// A 401 from the workspaces list makes a provider check its token again,
/// at Coder, even though another provider's check passed a moment ago;
/// that check's 401 reaches the other provider through the session, as
/// before.
#[wasm_bindgen_test]
async fn a_recheck_after_a_401_asks_coder_again() {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    let (page, a, b) = two_providers();
    wait_card_list(&a).await;
    wait_card_list(&b).await;
    assert_eq!(user_calls(), 1);
    fake_host::set_mode("401");
    card_menu(&a, "Refresh").await;
    wait_card_text(&a, "Invalid token", 2000).await;
    assert!(user_calls() >= 2, "{:?}", fake_host::calls());
    page.assert_no_errors();
    page.remove();
    settle().await;
}

/// The page's table of checks is reset between tests, but a request the
/// page before sent can still answer: its answer is for its own check, never
/// for a later check of the same token. (A test whose `users/me` hung until
/// the 20 s timeout once failed a sign-in two tests later this way.)
#[wasm_bindgen_test]
async fn an_answer_to_a_forgotten_check_does_not_answer_a_later_one() {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    fake_host::set_str("meMode", "hold");
    let page = ProviderPage::mount(&[], CARD);
    sleep(100).await;
    assert_eq!(user_calls(), 1, "the first page's check is under way");
    page.close().await;

    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    fake_host::set_str("meMode", "hold");
    let page = ProviderPage::mount(&[], CARD);
    let card = page.card();
    sleep(100).await;
    assert_eq!(user_calls(), 1, "the second page's check is under way");
    // The first page's request fails now, then the second's passes.
    assert!(fake_host::release_held(false));
    sleep(100).await;
    assert!(fake_host::release_held(true));
    wait_card_list(&card).await;
    page.close().await;
}
