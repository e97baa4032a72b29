//! How cards share, debounce and follow the host's filter for their
//! workspaces requests.

use super::*;

/// Ten cards with the same query under one provider share one request; a
/// card with another filter gets its own; removing cards stops nothing the
/// others still need.
#[wasm_bindgen_test]
async fn cards_with_the_same_query_share_one_request() {
    fresh();
    let cards = "<coder-workspaces-card></coder-workspaces-card>".repeat(10);
    let page = ProviderPage::mount(&[], &cards);
    let first = page.card();
    sign_in_from_card(&first).await;
    sleep(300).await;
    assert_eq!(workspace_calls(), 1, "one request for ten cards");
    let all = page
        .provider
        .query_selector_all("coder-workspaces-card")
        .unwrap();
    for i in 0..all.length() {
        let card: Element = all.item(i).unwrap().unchecked_into();
        wait_card_list(&card).await;
    }

    // A card with another filter makes its own request.
    let other = document().create_element("coder-workspaces-card").unwrap();
    other.set_attribute("default-query", "owner:alice").unwrap();
    page.provider.append_child(&other).unwrap();
    sleep(300).await;
    assert_eq!(workspace_calls(), 2);

    // The card's Refresh asks again once, for everyone with that query.
    card_menu(&first, "Refresh").await;
    sleep(300).await;
    assert_eq!(workspace_calls(), 3);
    page.close().await;
}

/// Ten cards reading the same entity, with two repo-URL parameter keys in
/// the app config, make two requests (one per key) per poll interval, not
/// twenty.
#[wasm_bindgen_test]
async fn entity_cards_make_one_request_per_repo_key_per_interval() {
    fresh();
    // A starting build keeps the poll at 5 s, so an interval fits the test.
    fake_host::mock_set("workspaces", &starting_workspace());
    let cards = "<coder-workspaces-card read-entity-data></coder-workspaces-card>".repeat(10);
    let page = ProviderPage::mount(&[], &cards);
    set_prop(
        &page.provider,
        "appConfig",
        &json(
            r#"{"deployment":{"accessUrl":"https://coder.example.com"},
                "workspaces":{"repoUrlParamKeys":["custom_repo","repo_url"]}}"#,
        ),
    );
    let all = page
        .provider
        .query_selector_all("coder-workspaces-card")
        .unwrap();
    for i in 0..all.length() {
        set_prop(&all.item(i).unwrap().unchecked_into(), "entity", &entity());
    }
    sign_in_from_card(&page.card()).await;
    sleep(300).await;
    let mut queries = workspace_queries();
    queries.sort();
    let repo = "https://github.com/coder/python-project";
    assert_eq!(
        queries,
        [
            format!("owner:me param:\"custom_repo={repo}\""),
            format!("owner:me param:\"repo_url={repo}\""),
        ],
        "one request per repo key for ten cards"
    );
    sleep(5300).await;
    assert_eq!(workspace_queries().len(), 4, "and two per poll interval");
    page.close().await;
}

/// The card's search box.
fn search_box(card: &Element) -> HtmlInputElement {
    shadow(card)
        .query_selector("input[type=search]")
        .unwrap()
        .expect("the search box")
        .unchecked_into()
}

/// Sets the card's search box to `text` as typing would (an `input` event).
fn type_into_search(card: &Element, text: &str) {
    type_text(&search_box(card), text);
}

/// Ten characters typed into the card's search box 50 ms apart make
/// exactly one workspaces request, for the final text.
#[wasm_bindgen_test]
async fn ten_keystrokes_make_one_request() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    sleep(300).await;
    assert_eq!(workspace_queries(), ["owner:me"]);
    let mut text = search_box(&card).value();
    for c in " name:abcd".chars() {
        text.push(c);
        type_into_search(&card, &text);
        sleep(50).await;
    }
    sleep(800).await;
    let queries = workspace_queries();
    assert_eq!(
        queries.len(),
        2,
        "one request for ten keystrokes: {queries:?}"
    );
    assert_eq!(queries[1], "owner:me name:abcd");
    assert_eq!(text, "owner:me name:abcd");
    page.close().await;
}

/// The query string of the workspaces requests made so far, decoded.
fn workspace_queries() -> Vec<String> {
    fake_host::calls()
        .iter()
        .filter(|c| c.is_workspaces())
        .filter_map(|c| {
            let (_, query) = c.url.split_once("?q=")?;
            let raw = query.split('&').next()?.replace('+', " ");
            js_sys::decode_uri_component(&raw).ok().map(String::from)
        })
        .collect()
}

/// `query-filter` (the React wrapper's `queryFilter`): the host's filter
/// wins over typing, typing is still reported, and a new value from the
/// host fetches at once and shows in the search box.
#[wasm_bindgen_test]
async fn a_host_controlled_filter_drives_the_card() {
    fresh();
    let page = ProviderPage::mount(
        &[],
        r#"<coder-workspaces-card query-filter="owner:me docs"></coder-workspaces-card>"#,
    );
    let card = page.card();
    let reported = Rc::new(RefCell::new(Vec::<String>::new()));
    let listener = {
        let reported = reported.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            reported
                .borrow_mut()
                .push(e.detail().as_string().unwrap_or_default());
        })
    };
    card.add_event_listener_with_callback("coder-query-change", listener.as_ref().unchecked_ref())
        .unwrap();
    sign_in_from_card(&card).await;
    assert_eq!(workspace_queries(), ["owner:me docs"]);
    let search = || search_box(&card);
    assert_eq!(search().value(), "owner:me docs");

    // Typing is reported, but the host has not taken it: no new query.
    type_into_search(&card, "owner:me wip");
    sleep(600).await;
    assert_eq!(*reported.borrow(), ["owner:me wip"]);
    assert_eq!(workspace_queries(), ["owner:me docs"]);

    // The host changes its filter: fetched at once, shown in the box.
    card.set_attribute("query-filter", "owner:me api").unwrap();
    sleep(300).await;
    assert_eq!(workspace_queries(), ["owner:me docs", "owner:me api"]);
    assert_eq!(search().value(), "owner:me api");

    // Without query-filter, the card goes back to what was typed last.
    card.remove_attribute("query-filter").unwrap();
    sleep(300).await;
    assert_eq!(
        workspace_queries().last().map(String::as_str),
        Some("owner:me wip")
    );
    page.close().await;
}
