//! Polling: paced by the workspaces' state and the page's visibility, and
//! cheap on the DOM when nothing changed.

use super::*;

/// Polling follows the page: fast (5 s) while a build is starting, paused
/// while the page is hidden, and a fetch as soon as it is visible again.
#[wasm_bindgen_test]
async fn polling_pauses_while_hidden_and_resumes_when_visible() {
    fresh();
    fake_host::mock_set("workspaces", &starting_workspace());
    let (page, card) = ProviderPage::signed_in_card().await;
    assert_eq!(workspace_calls(), 1);
    wait_card_text(&card, "Pending", 2000).await;

    // Hidden: the 5 s poll does not happen.
    set_visibility("hidden");
    sleep(5600).await;
    assert_eq!(workspace_calls(), 1, "no polling while hidden");

    // Visible again: an immediate fetch.
    set_visibility("visible");
    sleep(300).await;
    assert_eq!(workspace_calls(), 2, "refreshed on becoming visible");
    page.close().await;
}

#[wasm_bindgen(module = "/tests/provider_auth/polling.js")]
extern "C" {
    #[wasm_bindgen(js_name = setVisibility)]
    fn set_visibility(state: &str);
}

/// A poll that returns the same data touches no DOM node of the list; a
/// changed status touches only that workspace's row.
#[wasm_bindgen_test]
async fn identical_polls_cause_no_dom_mutation() {
    fresh();
    let two = r#"[
        {"id":"ws-a","name":"booting","owner_name":"demo",
         "latest_build":{"status":"starting","resources":[{"agents":[{"status":"connecting"}]}]}},
        {"id":"ws-b","name":"steady","owner_name":"demo",
         "latest_build":{"status":"running","resources":[{"agents":[{"status":"connected"}]}]}}]"#;
    fake_host::mock_set("workspaces", &json(two));
    let (page, card) = ProviderPage::signed_in_card().await;
    let list = shadow(&card)
        .query_selector("ol")
        .unwrap()
        .expect("the list");
    observe_mutations(&list);
    sleep(5600).await;
    assert!(workspace_calls() >= 2, "a poll happened");
    assert_eq!(
        take_mutations(),
        Vec::<String>::new(),
        "identical data: no DOM change"
    );

    // ws-a comes online: only its row changes.
    fake_host::mock_set(
        "workspaces",
        &json(
            &two.replacen("starting", "running", 1)
                .replacen("connecting", "connected", 1),
        ),
    );
    sleep(5600).await;
    let touched = take_mutations();
    assert!(!touched.is_empty(), "the changed row updates");
    assert!(
        touched.iter().all(|row| row == "booting"),
        "only the changed row: {touched:?}"
    );
    page.close().await;
}

#[wasm_bindgen(module = "/tests/provider_auth/polling.js")]
extern "C" {
    #[wasm_bindgen(js_name = observeMutations)]
    fn observe_mutations(root: &Element);
    #[wasm_bindgen(js_name = takeMutations)]
    fn take_mutations() -> Vec<String>;
}
