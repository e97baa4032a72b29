//! The search box: labelled, debounced, following the host's filter.

use super::*;

fn search_props(on_change: &Callback<String>, initial: &'static str) -> SearchBoxProps {
    yew::props!(SearchBoxProps {
        initial,
        on_change: on_change.clone(),
    })
}

fn input_of<C: BaseComponent>(m: &Mounted<C>) -> HtmlInputElement {
    m.find("input").unchecked_into()
}

#[wasm_bindgen_test]
async fn search_box_is_labelled() {
    let (on_change, _) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "owner:me")).await;
    let fieldset = m.find("fieldset");
    assert_eq!(text(&m.find("fieldset > legend")), "Search controls");
    let input = input_of(&m);
    assert_eq!(input.type_(), "search");
    assert_eq!(input.placeholder(), "Search your Coder workspaces");
    assert_eq!(input.value(), "owner:me");
    let label = input.closest("label").unwrap().expect("wrapped in a label");
    assert!(text(&label).contains("Search your Coder workspaces"));
    assert!(fieldset.contains(Some(&label)));
    let clear = m.find("button");
    assert_eq!(text(&clear), "Clear out search");
    assert_eq!(attr(&clear, "disabled"), None);
    m.unmount().await;

    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    assert!(
        attr(&m.find("button"), "disabled").is_some(),
        "disabled while empty"
    );
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_debounces_typing() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    for text in ["a", "ab", "abc"] {
        type_text(&input, text);
        sleep(50).await;
    }
    assert_eq!(input_of(&m).value(), "abc", "the input updates at once");
    assert!(calls.borrow().is_empty(), "not called at once");
    sleep(250).await;
    assert!(
        calls.borrow().is_empty(),
        "each keystroke restarts the wait"
    );
    sleep(250).await;
    assert_eq!(*calls.borrow(), ["abc"]);
    sleep(500).await;
    assert_eq!(*calls.borrow(), ["abc"], "exactly once");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_enter_reports_at_once() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    type_text(&input, "x");
    settle().await;
    press(&input, "Enter");
    assert_eq!(*calls.borrow(), ["x"]);
    sleep(500).await;
    assert_eq!(*calls.borrow(), ["x"], "the debounce was cancelled");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_clear_button_reports_empty_at_once() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    type_text(&input, "Hi");
    settle().await;
    let clear = m.find("button");
    assert_eq!(attr(&clear, "disabled"), None);
    click(&clear);
    settle().await;
    assert_eq!(input_of(&m).value(), "");
    assert_eq!(*calls.borrow(), [""]);
    assert_eq!(m.active().as_ref(), Some(&input), "focus back in the input");
    assert!(attr(&clear, "disabled").is_some());
    sleep(600).await;
    assert_eq!(*calls.borrow(), [""], "no late debounced call");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_typing_to_empty_reports_at_once() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    type_text(&input, "H");
    type_text(&input, "Hi");
    settle().await;
    type_text(&input, "H");
    type_text(&input, "");
    assert_eq!(*calls.borrow(), [""]);
    sleep(600).await;
    assert_eq!(*calls.borrow(), [""]);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_unmount_cancels_the_debounce() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    type_text(&m.find("input"), "late");
    settle().await;
    m.unmount().await;
    sleep(600).await;
    assert!(calls.borrow().is_empty(), "{:?}", calls.borrow());
}

#[wasm_bindgen_test]
async fn search_box_follows_a_filter_set_from_outside() {
    let (on_change, calls) = recorder();
    let mut m = mount::<SearchBox>(search_props(&on_change, "owner:me")).await;
    type_text(&m.find("input"), "owner:me wip");
    settle().await;
    // The host replaces the filter before the debounce fires: its value
    // shows, and the stale report is dropped.
    m.update(search_props(&on_change, "owner:me docs"));
    settle().await;
    assert_eq!(input_of(&m).value(), "owner:me docs");
    sleep(500).await;
    assert!(
        calls.borrow().is_empty(),
        "the pending report was cancelled: {:?}",
        calls.borrow()
    );
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_ignores_the_echo_of_its_own_report() {
    let (on_change, calls) = recorder();
    let mut m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    type_text(&input, "abc");
    press(&input, "Enter");
    assert_eq!(*calls.borrow(), ["abc"]);
    // The user goes on typing while the host echoes the reported value.
    type_text(&input, "abcd");
    settle().await;
    m.update(search_props(&on_change, "abc"));
    settle().await;
    assert_eq!(input_of(&m).value(), "abcd", "typing is not overwritten");
    sleep(500).await;
    assert_eq!(*calls.borrow(), ["abc", "abcd"]);
    m.unmount().await;
}
