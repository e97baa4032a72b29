//! The "See additional workspace actions" menu button.

use super::*;

#[wasm_bindgen(module = "/tests/card_components/browser.js")]
extern "C" {
    #[wasm_bindgen(js_name = installClickCounter)]
    fn install_click_counter();
    #[wasm_bindgen(js_name = documentClickListeners)]
    fn document_click_listeners() -> i32;
}

fn actions(refresh: &Callback<()>, unlink: &Callback<()>) -> ExtraActionsButtonProps {
    yew::props!(ExtraActionsButtonProps {
        on_refresh: refresh.clone(),
        on_unlink: unlink.clone(),
    })
}

fn menu_items<C: BaseComponent>(m: &Mounted<C>) -> Vec<String> {
    m.all("[role=menuitem]").iter().map(text).collect()
}

#[wasm_bindgen_test]
async fn actions_button_is_named_and_opens_a_menu_on_click() {
    let (refresh, _) = counter();
    let (unlink, _) = counter();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    let button = m.find("button");
    assert_eq!(text(&button), "See additional workspace actions");
    assert_eq!(attr(&button, "aria-haspopup").as_deref(), Some("menu"));
    assert_eq!(attr(&button, "aria-expanded").as_deref(), Some("false"));
    assert_eq!(attr(&button, "aria-controls"), None);
    assert!(m.try_find("[role=menu]").is_none());

    click(&button);
    settle().await;
    let menu = m.find("[role=menu]");
    assert_eq!(attr(&button, "aria-expanded").as_deref(), Some("true"));
    assert_eq!(attr(&button, "aria-controls"), attr(&menu, "id"));
    assert_eq!(attr(&menu, "aria-labelledby"), attr(&button, "id"));
    assert_eq!(menu_items(&m), ["Refresh", "Unlink Coder account"]);
    assert_eq!(m.active(), m.all("[role=menuitem]").first().cloned());

    // Clicking the button again closes it.
    click(&button);
    settle().await;
    assert!(m.try_find("[role=menu]").is_none());
    assert_eq!(attr(&button, "aria-controls"), None);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn actions_menu_keyboard_flow() {
    let (refresh, refreshes) = counter();
    let (unlink, unlinks) = counter();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    let button = m.find("button");
    button.unchecked_ref::<HtmlElement>().focus().unwrap();
    assert!(press(&button, "Enter"), "Enter handled");
    settle().await;
    let items = m.all("[role=menuitem]");
    assert_eq!(items.len(), 2);
    assert_eq!(m.active().as_ref(), Some(&items[0]), "first item focused");

    let menu = m.find("[role=menu]");
    let step = |k: &str| {
        press(&m.active().unwrap(), k);
        m.active().unwrap()
    };
    assert_eq!(step("ArrowDown"), items[1]);
    assert_eq!(step("ArrowDown"), items[0], "wraps forward");
    assert_eq!(step("ArrowUp"), items[1], "wraps back");
    assert_eq!(step("Home"), items[0]);
    assert_eq!(step("End"), items[1]);
    assert!(menu.contains(m.active().as_ref().map(|e| e.as_ref())));

    press(&items[1], "Enter");
    settle().await;
    assert_eq!(unlinks.get(), 1);
    assert_eq!(refreshes.get(), 0);
    assert!(m.try_find("[role=menu]").is_none(), "activating closes");
    assert_eq!(
        m.active().as_ref(),
        Some(&button),
        "focus back on the button"
    );

    // ArrowDown opens too; Space on an item activates it.
    press(&button, "ArrowDown");
    settle().await;
    press(&m.active().unwrap(), " ");
    settle().await;
    assert_eq!(refreshes.get(), 1);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn actions_menu_escape_returns_focus_and_tab_closes() {
    let (refresh, refreshes) = counter();
    let (unlink, unlinks) = counter();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    let button = m.find("button");
    press(&button, "Enter");
    settle().await;
    assert!(press(&m.active().unwrap(), "Escape"));
    settle().await;
    assert!(m.try_find("[role=menu]").is_none());
    assert_eq!(m.active().as_ref(), Some(&button));

    press(&button, " ");
    settle().await;
    assert!(m.try_find("[role=menu]").is_some(), "Space opens");
    assert!(
        !press(&m.active().unwrap(), "Tab"),
        "Tab moves focus as usual"
    );
    settle().await;
    assert!(m.try_find("[role=menu]").is_none(), "Tab closes");

    press(&button, "ArrowUp");
    settle().await;
    assert_eq!(
        m.active(),
        m.all("[role=menuitem]").last().cloned(),
        "ArrowUp opens on the last item"
    );
    assert_eq!((refreshes.get(), unlinks.get()), (0, 0));
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn actions_menu_closes_on_outside_click_and_drops_its_listener() {
    install_click_counter();
    let (refresh, _) = counter();
    let (unlink, _) = counter();
    let outside = container("<p id=outside>elsewhere</p>");
    let before = document_click_listeners();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    assert_eq!(
        document_click_listeners(),
        before,
        "no listener while closed"
    );
    click(&m.find("button"));
    settle().await;
    assert_eq!(document_click_listeners(), before + 1);
    // A click inside the menu's own area does not close it.
    click(&m.find("[role=menu]"));
    settle().await;
    assert!(m.try_find("[role=menu]").is_some());
    click(&find(&outside, "#outside"));
    settle().await;
    assert!(m.try_find("[role=menu]").is_none());
    assert_eq!(document_click_listeners(), before, "removed when closed");

    // Unmounting while open removes it too.
    click(&m.find("button"));
    settle().await;
    assert_eq!(document_click_listeners(), before + 1);
    m.unmount().await;
    assert_eq!(document_click_listeners(), before, "removed on unmount");
    outside.remove();
}

#[wasm_bindgen_test]
async fn refresh_is_throttled_to_once_a_second() {
    let (refresh, refreshes) = counter();
    let (unlink, _) = counter();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    for _ in 0..10 {
        click(&m.find("button"));
        settle().await;
        click(&m.all("[role=menuitem]")[0]);
        settle().await;
        assert!(m.try_find("[role=menu]").is_none());
    }
    assert_eq!(refreshes.get(), 1);
    sleep(1_050).await;
    click(&m.find("button"));
    settle().await;
    click(&m.all("[role=menuitem]")[0]);
    settle().await;
    assert_eq!(refreshes.get(), 2, "allowed again after a second");
    m.unmount().await;
}
