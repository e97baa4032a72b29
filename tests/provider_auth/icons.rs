//! Template icons behind a Backstage proxy that requires credentials on
//! every request (as the real one does): the provider fetches each with
//! the identity API's bearer and rows show them as `data:` URLs; a refused
//! or broken icon leaves the row's initial, and the card keeps working.

use super::*;

/// The `src` of each row's icon image (`None`: the initial letter), by
/// workspace name.
fn row_icons(card: &Element) -> Vec<(String, Option<String>)> {
    let root = shadow(card);
    let rows = root.query_selector_all("li.ws-item").unwrap();
    (0..rows.length())
        .map(|i| {
            let row: Element = rows.item(i).unwrap().unchecked_into();
            let name = row
                .query_selector(".ws-name")
                .unwrap()
                .and_then(|n| n.text_content())
                .unwrap_or_default();
            let src = row
                .query_selector(".ws-icon img")
                .unwrap()
                .and_then(|img| img.get_attribute("src"));
            (name, src)
        })
        .collect()
}

/// `(path, Authorization header)` of every icon request the fake proxy saw.
fn icon_calls() -> Vec<(String, Option<String>)> {
    let calls = fake_host::mock_get("iconCalls");
    js_sys::Array::from(&calls)
        .iter()
        .map(|call| {
            let get = |k: &str| js_sys::Reflect::get(&call, &k.into()).unwrap().as_string();
            (get("path").unwrap_or_default(), get("authorization"))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn icons_are_fetched_with_the_backstage_bearer_and_shown_as_data_urls() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    wait_card_list(&card).await;
    assert!(
        eventually(2000, || row_icons(&card)
            .iter()
            .any(|(_, src)| src.is_some()))
        .await,
        "the icon arrives: {:?}",
        row_icons(&card)
    );
    let icons = row_icons(&card);
    let alpha = icons.iter().find(|(n, _)| n == "alpha-ws").unwrap();
    let src = alpha.1.as_deref().unwrap();
    assert!(src.starts_with("data:image/svg+xml;base64,"), "{src}");
    let beta = icons.iter().find(|(n, _)| n == "beta-ws").unwrap();
    assert_eq!(beta.1, None, "no template icon: the initial");
    let bearer = format!("Bearer {BACKSTAGE_TOKEN}");
    assert_eq!(
        icon_calls(),
        [("/icon/go.svg".to_owned(), Some(bearer))],
        "one request, with the Backstage bearer"
    );
    // A poll with the same icon asks for it no more.
    card_menu(&card, "Refresh").await;
    sleep(300).await;
    assert_eq!(icon_calls().len(), 1);
    page.close().await;
}

#[wasm_bindgen_test]
async fn refused_or_broken_icons_leave_the_initial() {
    fresh();
    fake_host::mock_set(
        "workspaces",
        &json(
            r#"[{"id":"a","name":"alpha-ws","owner_name":"demo","template_icon":"/icon/missing.svg",
                 "latest_build":{"status":"running","resources":[]}},
                {"id":"b","name":"beta-ws","owner_name":"demo","template_icon":"/icon/page.svg",
                 "latest_build":{"status":"running","resources":[]}}]"#,
        ),
    );
    // A 200 that is not an image (a proxy's HTML page) must not become one.
    fake_host::mock_set(
        "icons",
        &json(r#"{"/icon/page.svg":["text/html","<html><script>x()</script></html>"]}"#),
    );
    let (page, card) = ProviderPage::signed_in_card().await;
    wait_card_list(&card).await;
    assert!(
        eventually(2000, || icon_calls().len() == 2).await,
        "{:?}",
        icon_calls()
    );
    sleep(200).await;
    for (name, src) in row_icons(&card) {
        assert_eq!(src, None, "{name}: the initial");
    }
    assert!(
        shadow_text(&card).contains("alpha-ws"),
        "the list still shows"
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn without_backstage_credentials_the_proxy_refuses_icons_and_rows_keep_their_initial() {
    fresh();
    let page = Page::new("");
    let provider = mount_provider(page.root(), &[], CARD);
    // A host without an identity API sends no Backstage bearer: the real
    // proxy answers 401 to every request, icons included.
    set_prop(&provider, "identityApi", &JsValue::UNDEFINED);
    let card = find(&provider, "coder-workspaces-card");
    sign_in_from_card(&card).await;
    wait_card_list(&card).await;
    assert!(eventually(2000, || !icon_calls().is_empty()).await);
    assert_eq!(icon_calls()[0].1, None, "no bearer to send");
    sleep(200).await;
    assert!(row_icons(&card).iter().all(|(_, src)| src.is_none()));
    page.assert_no_errors();
    page.remove();
    settle().await;
}
