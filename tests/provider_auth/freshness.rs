//! How current the list is: a failed refresh marks the rows "not current"
//! at once (kept, dimmed, with what failed and since when) in every card
//! of the provider, and they recover together; a refresh the user asks
//! for says it is under way and when it came back.

use super::*;

const TWO_QUERIES: &str = "<coder-workspaces-card id=a></coder-workspaces-card>\
     <coder-workspaces-card id=b default-query=\"owner:me name:beta\"></coder-workspaces-card>";

/// The text of a card's status region (`role="status"` under the search).
fn status_of(card: &Element) -> String {
    shadow(card)
        .query_selector(".card-status[role=status]")
        .unwrap()
        .map(|n| text_of(&n))
        .unwrap_or_default()
}

pub(super) fn row_count(card: &Element) -> u32 {
    shadow(card)
        .query_selector_all("li.ws-item")
        .unwrap()
        .length()
}

async fn signed_in_pair() -> (ProviderPage, Element, Element) {
    let page = ProviderPage::mount(&[], TWO_QUERIES);
    let a = find(&page.provider, "#a");
    let b = find(&page.provider, "#b");
    sign_in_from_card(&a).await;
    wait_card_list(&b).await;
    (page, a, b)
}

#[wasm_bindgen_test]
async fn a_failed_refresh_marks_every_card_not_current_at_once_and_they_recover_together() {
    fresh();
    let (page, a, b) = signed_in_pair().await;
    let (rows_a, rows_b) = (row_count(&a), row_count(&b));
    assert!(rows_a > 0 && rows_b > 0);
    assert_eq!(status_of(&a), "");

    fake_host::set_str("wsMode", "500");
    let before = workspace_calls();
    card_menu(&a, "Refresh").await;
    wait_for(
        "card a to say its list is not current",
        2000,
        || status_of(&a).contains("Not current"),
        || shadow_text(&a),
    )
    .await;
    // One failed request was enough: the retries (1 s later) have not run.
    assert_eq!(
        workspace_calls(),
        before + 1,
        "{:?}",
        fake_host::calls().len()
    );
    let text = status_of(&a);
    assert!(
        text.contains("Coder request failed since ") && text.contains("as of "),
        "{text}"
    );
    assert!(text.contains("status 500"), "what failed: {text}");
    // The other card, whose own poll is a minute away, says the same now.
    settle().await;
    assert!(status_of(&b).contains("Not current"), "{}", shadow_text(&b));
    // Rows are kept, visibly not current.
    assert_eq!((row_count(&a), row_count(&b)), (rows_a, rows_b));
    for card in [&a, &b] {
        let results = shadow(card).query_selector(".results").unwrap().unwrap();
        assert!(
            results
                .get_attribute("class")
                .unwrap_or_default()
                .contains("stale"),
            "{}",
            shadow_text(card)
        );
    }

    // The deployment is back: one card's answer asks the other's again.
    fake_host::set_str("wsMode", "ok");
    click(&shadow(&a), "Retry now");
    wait_for(
        "both cards current again",
        2000,
        || !status_of(&a).contains("Not current") && !status_of(&b).contains("Not current"),
        || format!("{} | {}", status_of(&a), status_of(&b)),
    )
    .await;
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_refresh_says_it_is_under_way_then_when_it_came_back() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    fake_host::set_str("wsMode", "hang");
    card_menu(&card, "Refresh").await;
    wait_for(
        "the card to say it is refreshing",
        1000,
        || status_of(&card).contains("Refreshing workspaces"),
        || shadow_text(&card),
    )
    .await;
    assert!(shadow(&card).query_selector(".progress").unwrap().is_some());
    page.close().await;
}

#[wasm_bindgen_test]
async fn an_unchanged_refresh_answer_says_up_to_date() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    card_menu(&card, "Refresh").await;
    wait_for(
        "the card to say it is up to date",
        2000,
        || status_of(&card).starts_with("Up to date as of "),
        || status_of(&card),
    )
    .await;
    page.close().await;
}
