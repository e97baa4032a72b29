//! Parts without a root, parts that find one later, parts moved between
//! roots, and the root's state for the page.

use super::*;

#[wasm_bindgen_test]
async fn a_part_without_a_root_says_which_root_it_needs() {
    let (page, provider) = mount(
        "<coder-workspaces-card-search-box></coder-workspaces-card-search-box>\
         <coder-workspaces-card-workspaces-list></coder-workspaces-card-workspaces-list>",
        true,
    );
    settle().await;
    let search = part(&provider, "coder-workspaces-card-search-box");
    let text = alert(&search).expect("an alert");
    assert!(
        text.contains("CoderWorkspacesCardSearchBox must be placed inside CoderWorkspacesCardRoot"),
        "{text}"
    );
    let list = part(&provider, "coder-workspaces-card-workspaces-list");
    assert!(alert(&list)
        .unwrap()
        .contains("CoderWorkspacesCardWorkspacesList"));
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_part_without_a_provider_or_root_says_so_too() {
    define_elements();
    let page = Page::new("<coder-workspaces-card-header-row></coder-workspaces-card-header-row>");
    settle().await;
    let header = find(page.root(), "coder-workspaces-card-header-row");
    assert!(alert(&header).unwrap().contains("CoderWorkspacesCardRoot"));
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_part_moved_into_a_root_and_between_roots_follows_it() {
    let (page, provider) = mount(
        "<div id=outside></div>\
         <coder-workspaces-card-root id=a header-text=First></coder-workspaces-card-root>\
         <coder-workspaces-card-root id=b header-text=Second></coder-workspaces-card-root>",
        true,
    );
    let header = document()
        .create_element("coder-workspaces-card-header-row")
        .unwrap();
    header.set_attribute("slot", "header").unwrap();
    find(&provider, "#outside").append_child(&header).unwrap();
    settle().await;
    assert!(alert(&header).is_some(), "{}", shadow_text(&header));
    find(&provider, "#a").append_child(&header).unwrap();
    wait_for(
        "the first root's heading",
        3000,
        || shadow_text(&header).trim() == "First",
        || shadow_text(&header),
    )
    .await;
    find(&provider, "#b").append_child(&header).unwrap();
    wait_for(
        "the second root's heading",
        3000,
        || shadow_text(&header).trim() == "Second",
        || shadow_text(&header),
    )
    .await;
    // The first root forgot the heading when the part left.
    let first = find(&provider, "#a");
    let label = shadow(&first)
        .query_selector("[role=search]")
        .unwrap()
        .and_then(|l| l.get_attribute("aria-label"));
    assert_eq!(label.as_deref(), Some("First"));
    page.close().await;
}

#[wasm_bindgen_test]
async fn parts_of_a_removed_root_recover_when_it_comes_back() {
    let (page, provider) = mount(SCRAMBLED, true);
    let list = part(&provider, "coder-workspaces-card-workspaces-list");
    wait_rows(&list, 2).await;
    let root = part(&provider, "coder-workspaces-card-root");
    root.remove();
    settle().await;
    provider.append_child(&root).unwrap();
    wait_rows(&list, 2).await;
    assert!(alert(&list).is_none());
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_root_outside_a_provider_says_so_and_recovers_inside_one() {
    let (page, provider) = mount("", true);
    let root = document()
        .create_element("coder-workspaces-card-root")
        .unwrap();
    root.set_inner_html("<coder-workspaces-card-search-box></coder-workspaces-card-search-box>");
    page.root().append_child(&root).unwrap();
    settle().await;
    assert!(alert(&root).unwrap().contains("<coder-provider>"));
    let search = find(&root, "coder-workspaces-card-search-box");
    assert!(
        alert(&search).is_none(),
        "the root says it; the part stays quiet"
    );
    provider.append_child(&root).unwrap();
    wait_for(
        "the search box",
        3000,
        || shadow(&search).query_selector("input").unwrap().is_some(),
        || shadow_text(&root),
    )
    .await;
    page.close().await;
}

#[wasm_bindgen_test]
async fn the_roots_state_methods_and_change_events() {
    let (page, provider) = mount(SCRAMBLED, true);
    let root = part(&provider, "coder-workspaces-card-root");
    let changes = std::rc::Rc::new(std::cell::Cell::new(0));
    let seen = changes.clone();
    let listener = gloo_events::EventListener::new(&root, "coder-card-change", move |_| {
        seen.set(seen.get() + 1)
    });
    let list = part(&provider, "coder-workspaces-card-workspaces-list");
    wait_rows(&list, 2).await;
    let state = card_state(&root);
    assert!(changes.get() > 0);
    assert!(
        js_sys::Object::is(&state, &card_state(&root)),
        "the same object until a change"
    );
    let workspaces: js_sys::Array = field(&state, "workspaces").unchecked_into();
    assert_eq!(workspaces.length(), 2);
    let first = workspaces.get(0);
    assert_eq!(
        field(&first, "name").as_string().as_deref(),
        Some("alpha-ws")
    );
    assert_eq!(
        field(&field(&first, "latest_build"), "status")
            .as_string()
            .as_deref(),
        Some("running")
    );
    assert_eq!(field(&state, "isLoading"), JsValue::FALSE);
    assert!(field(&state, "error").is_null());
    let config = field(&state, "workspacesConfig");
    assert_eq!(
        field(&config, "accessUrl").as_string().as_deref(),
        Some("https://coder.example.com")
    );
    assert!(field(&config, "creationUrl").is_null());
    // setFilter acts as typing; refresh as ⋮ → Refresh.
    let call = |name: &str, args: &js_sys::Array| {
        let f: js_sys::Function = field(&root, name).unchecked_into();
        f.apply(&root, args).unwrap();
    };
    let seen_before = changes.get();
    call("setFilter", &js_sys::Array::of1(&"owner:alice".into()));
    assert_eq!(
        field(&card_state(&root), "queryFilter")
            .as_string()
            .as_deref(),
        Some("owner:alice")
    );
    assert!(changes.get() > seen_before);
    call("setFilter", &js_sys::Array::of1(&JsValue::from(42)));
    assert_eq!(
        field(&card_state(&root), "queryFilter")
            .as_string()
            .as_deref(),
        Some("owner:alice")
    );
    wait_rows(&list, 2).await;
    let before = workspace_queries().len();
    call("refresh", &js_sys::Array::new());
    wait_for(
        "a refresh",
        3000,
        || workspace_queries().len() > before,
        String::new,
    )
    .await;
    // Read-only: assigning does nothing.
    js_sys::Reflect::set(&root, &"cardState".into(), &JsValue::NULL).ok();
    assert!(!card_state(&root).is_null());
    drop(listener);
    page.close().await;
}
