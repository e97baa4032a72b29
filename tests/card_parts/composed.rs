//! Parts composed under one root, in another order than the built-in
//! card's: what each shows, and what each does to the others.

use super::*;

#[wasm_bindgen_test]
async fn parts_in_another_order_make_a_whole_card() {
    let (page, provider) = mount(SCRAMBLED, true);
    let list = part(&provider, "coder-workspaces-card-workspaces-list");
    wait_rows(&list, 2).await;
    assert!(rows(&list)[0].contains("alpha-ws"), "{:?}", rows(&list));
    let header = part(&provider, "coder-workspaces-card-header-row");
    let heading = shadow(&header).query_selector("h2").unwrap().unwrap();
    assert_eq!(text_of(&heading), "Coder Workspaces");
    // The landmark is named by the header row's heading (a label: ids do
    // not reach across shadow roots).
    let root = part(&provider, "coder-workspaces-card-root");
    let landmark = shadow(&root)
        .query_selector("[role=search]")
        .unwrap()
        .unwrap();
    assert_eq!(
        landmark.get_attribute("aria-label").as_deref(),
        Some("Coder Workspaces")
    );
    let search = part(&provider, "coder-workspaces-card-search-box");
    assert!(shadow(&search)
        .query_selector("input[type=search]")
        .unwrap()
        .is_some());
    let link = part(&provider, "coder-workspaces-card-create-workspaces-link");
    let anchor = shadow(&link)
        .query_selector("a.create-link")
        .unwrap()
        .unwrap();
    assert_eq!(
        anchor.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    let reminders = part(&provider, "coder-workspaces-reminder-accordion");
    assert!(shadow_text(&reminders).contains("Why can't I make a new workspace?"));
    let menu = part(&provider, "coder-workspaces-card-extra-actions-button");
    button(&shadow(&menu), "See additional workspace actions");
    // No form anywhere: nothing can submit.
    assert!(shadow(&root).query_selector("form").unwrap().is_none());
    page.close().await;
}

#[wasm_bindgen_test]
async fn signed_out_the_root_shows_the_sign_in_form_instead_of_its_parts() {
    let (page, provider) = mount(SCRAMBLED, false);
    let root = part(&provider, "coder-workspaces-card-root");
    wait_for(
        "the sign-in form",
        3000,
        || shadow_text(&root).contains("Authenticate with Coder"),
        || shadow_text(&root),
    )
    .await;
    assert!(
        shadow(&root).query_selector("slot").unwrap().is_none(),
        "no slot, so no part shows"
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn header_row_attributes_change_its_heading() {
    let (page, provider) = mount(
        "<coder-workspaces-card-root header-text='Team boxes'>\
           <coder-workspaces-card-header-row slot=header header-level=h3>\
           </coder-workspaces-card-header-row></coder-workspaces-card-root>",
        true,
    );
    let header = part(&provider, "coder-workspaces-card-header-row");
    wait_for(
        "an h3",
        3000,
        || shadow(&header).query_selector("h3").unwrap().is_some(),
        || shadow_text(&header),
    )
    .await;
    assert_eq!(shadow_text(&header).trim(), "Team boxes");
    header.set_attribute("header-text", "Mine").unwrap();
    let root = part(&provider, "coder-workspaces-card-root");
    wait_for(
        "the landmark named after the new heading",
        3000,
        || {
            shadow(&root)
                .query_selector("[role=search]")
                .unwrap()
                .and_then(|l| l.get_attribute("aria-label"))
                .as_deref()
                == Some("Mine")
        },
        || shadow_text(&root),
    )
    .await;
    page.close().await;
}

#[wasm_bindgen_test]
async fn reminders_can_be_turned_off_by_attribute() {
    let (page, provider) = mount(
        "<coder-workspaces-card-root><coder-workspaces-reminder-accordion \
           can-show-template-name-reminder=false></coder-workspaces-reminder-accordion>\
           <coder-workspaces-card-workspaces-list></coder-workspaces-card-workspaces-list>\
         </coder-workspaces-card-root>",
        true,
    );
    let list = part(&provider, "coder-workspaces-card-workspaces-list");
    wait_rows(&list, 2).await;
    let reminders = part(&provider, "coder-workspaces-reminder-accordion");
    assert_eq!(shadow_text(&reminders).trim(), "");
    reminders
        .remove_attribute("can-show-template-name-reminder")
        .unwrap();
    settle().await;
    assert!(shadow_text(&reminders).contains("Why can't I make a new workspace?"));
    page.close().await;
}

#[wasm_bindgen_test]
async fn the_search_box_part_filters_the_list_part() {
    let (page, provider) = mount(SCRAMBLED, true);
    let list = part(&provider, "coder-workspaces-card-workspaces-list");
    wait_rows(&list, 2).await;
    let root = part(&provider, "coder-workspaces-card-root");
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let sink = heard.clone();
    let listener = gloo_events::EventListener::new(&root, "coder-query-change", move |e| {
        let detail = e.unchecked_ref::<web_sys::CustomEvent>().detail();
        sink.borrow_mut()
            .push(detail.as_string().unwrap_or_default());
    });
    let search = part(&provider, "coder-workspaces-card-search-box");
    let input = shadow(&search).query_selector("input").unwrap().unwrap();
    type_text(&input, "name:beta");
    press(&input, "Enter");
    wait_for(
        "a request for the new filter",
        3000,
        || {
            workspace_queries()
                .iter()
                .any(|u| u.contains("name%3Abeta"))
        },
        || format!("{:?}", workspace_queries()),
    )
    .await;
    assert_eq!(*heard.borrow(), ["name:beta"]);
    assert_eq!(
        field(&card_state(&root), "queryFilter")
            .as_string()
            .as_deref(),
        Some("name:beta")
    );
    drop(listener);
    page.close().await;
}

#[wasm_bindgen_test]
async fn refresh_and_unlink_from_the_actions_part() {
    let (page, provider) = mount(SCRAMBLED, true);
    let list = part(&provider, "coder-workspaces-card-workspaces-list");
    wait_rows(&list, 2).await;
    let before = workspace_queries().len();
    let menu = part(&provider, "coder-workspaces-card-extra-actions-button");
    button(&shadow(&menu), "See additional workspace actions").click();
    settle().await;
    button(&shadow(&menu), "Refresh").click();
    wait_for(
        "a refresh request",
        3000,
        || workspace_queries().len() > before,
        || shadow_text(&list),
    )
    .await;
    button(&shadow(&menu), "See additional workspace actions").click();
    settle().await;
    button(&shadow(&menu), "Unlink Coder account").click();
    let root = part(&provider, "coder-workspaces-card-root");
    wait_for(
        "the sign-in form after unlinking",
        3000,
        || shadow_text(&root).contains("Authenticate with Coder"),
        || shadow_text(&root),
    )
    .await;
    assert_eq!(
        field(&card_state(&root), "workspaces")
            .unchecked_into::<js_sys::Array>()
            .length(),
        0
    );
    page.close().await;
}
