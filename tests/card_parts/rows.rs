//! The adopter's own rows and empty state in a list part, and the list
//! item and icon parts on their own.

use super::*;

#[wasm_bindgen_test]
async fn custom_items_slot_the_adopters_rows() {
    let (page, provider) = mount(
        "<coder-workspaces-card-root><coder-workspaces-card-workspaces-list custom-items>\
         </coder-workspaces-card-workspaces-list></coder-workspaces-card-root>",
        true,
    );
    let root = part(&provider, "coder-workspaces-card-root");
    let list = part(&provider, "coder-workspaces-card-workspaces-list");
    wait_for(
        "the list's slot for rows",
        3000,
        || shadow(&list).query_selector("ol slot").unwrap().is_some(),
        || shadow_text(&list),
    )
    .await;
    assert!(rows(&list).is_empty(), "no rows of its own");
    // What React's renderListItem does: one item part per workspace.
    let workspaces: js_sys::Array = field(&card_state(&root), "workspaces").unchecked_into();
    let item = document()
        .create_element("coder-workspaces-card-workspaces-list-item")
        .unwrap();
    set_prop(&item, "workspace", &workspaces.get(0));
    list.append_child(&item).unwrap();
    wait_for(
        "the adopter's row",
        3000,
        || shadow_text(&item).contains("alpha-ws"),
        || shadow_text(&item),
    )
    .await;
    let link = shadow(&item).query_selector("a[href]").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://coder.example.com/@demo/alpha-ws")
    );
    assert!(shadow_text(&item).contains("Online"));
    page.close().await;
}

#[wasm_bindgen_test]
async fn an_empty_state_slot_replaces_ours_when_filled() {
    let (page, provider) = mount("", true);
    fake_host::mock_set("workspaces", &js_sys::Array::new());
    provider.set_inner_html(
        "<coder-workspaces-card-root><coder-workspaces-card-workspaces-list>\
         </coder-workspaces-card-workspaces-list></coder-workspaces-card-root>",
    );
    let list = part(&provider, "coder-workspaces-card-workspaces-list");
    wait_for(
        "our empty state as the slot's fallback",
        3000,
        || {
            shadow(&list)
                .query_selector("slot[name=empty-state] .placeholder")
                .unwrap()
                .is_some()
        },
        || shadow_text(&list),
    )
    .await;
    assert!(shadow_text(&list).contains("No workspaces returned for your query"));
    let mine = document().create_element("p").unwrap();
    mine.set_attribute("slot", "empty-state").unwrap();
    mine.set_text_content(Some("Nothing yet"));
    list.append_child(&mine).unwrap();
    settle().await;
    let slot = shadow(&list)
        .query_selector("slot[name=empty-state]")
        .unwrap()
        .unwrap();
    let assigned: js_sys::Function = field(&slot, "assignedElements").unchecked_into();
    let assigned: js_sys::Array = assigned.call0(&slot).unwrap().unchecked_into();
    assert_eq!(assigned.length(), 1);
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_list_item_without_a_usable_workspace_says_so() {
    let (page, provider) = mount(
        "<coder-workspaces-card-workspaces-list-item></coder-workspaces-card-workspaces-list-item>",
        true,
    );
    settle().await;
    let item = part(&provider, "coder-workspaces-card-workspaces-list-item");
    assert!(alert(&item).unwrap().contains("needs a workspace"));
    set_prop(&item, "workspace", &JsValue::from(42));
    settle().await;
    assert!(alert(&item)
        .unwrap()
        .contains("not a Coder workspace object"));
    set_prop(&item, "workspace", &json(r#"{"name":"no-id"}"#));
    settle().await;
    assert!(alert(&item)
        .unwrap()
        .contains("not a Coder workspace object"));
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_list_icon_shows_the_initial_until_signed_in() {
    let (page, provider) = mount(
        "<coder-workspaces-card-workspaces-list-icon src='/icon/go.svg' workspace-name='go-box'>\
         </coder-workspaces-card-workspaces-list-icon>\
         <coder-workspaces-card-root><coder-workspaces-card-workspaces-list>\
         </coder-workspaces-card-workspaces-list></coder-workspaces-card-root>",
        false,
    );
    let icon = part(&provider, "coder-workspaces-card-workspaces-list-icon");
    wait_for(
        "the initial",
        3000,
        || shadow_text(&icon).trim() == "G",
        || shadow_text(&icon),
    )
    .await;
    assert!(shadow(&icon).query_selector("img").unwrap().is_none());
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_list_icon_shows_the_deployment_icon_once_signed_in() {
    let (page, provider) = mount(
        "<coder-workspaces-card-workspaces-list-icon src='/icon/go.svg' workspace-name='go-box'>\
         </coder-workspaces-card-workspaces-list-icon>\
         <coder-workspaces-card-root><coder-workspaces-card-workspaces-list>\
         </coder-workspaces-card-workspaces-list></coder-workspaces-card-root>",
        true,
    );
    let icon = part(&provider, "coder-workspaces-card-workspaces-list-icon");
    // The provider fetches the icon for the list's rows; the icon part
    // shows it from there.
    wait_for(
        "the fetched icon",
        3000,
        || shadow(&icon).query_selector("img").unwrap().is_some(),
        || shadow_text(&icon),
    )
    .await;
    page.close().await;
}
