//! One workspace row: its link and status pill.

use super::*;

#[wasm_bindgen(module = "/tests/card_components/browser.js")]
extern "C" {
    /// Counts (and cancels the navigation of) clicks on `el`.
    #[wasm_bindgen(js_name = countClicks)]
    fn count_clicks(el: &Element) -> js_sys::Function;
}

#[wasm_bindgen_test]
async fn item_link_opens_the_workspace_in_a_new_tab() {
    let m =
        mount::<WorkspacesListItem>(item_props(item("1", "9-lives", Availability::Online))).await;
    let a = m.find("li > a");
    assert_eq!(
        attr(&a, "href").as_deref(),
        Some("https://dev.coder.com/@lil%20brudder/1")
    );
    assert_eq!(attr(&a, "target").as_deref(), Some("_blank"));
    assert_eq!(attr(&a, "rel").as_deref(), Some("noreferrer noopener"));
    assert_eq!(
        text(&a),
        "Open workspace for 9-lives in Coder. (Link opens in new tab.)"
    );
    let status_id = attr(&a, "aria-describedby").expect("described by the pill");
    let status = m.find(&format!("#{status_id}"));
    assert_eq!(text(&status), "Workspace is Online.");
    assert_eq!(m.all(&format!("[id='{status_id}']")).len(), 1);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn item_status_ids_are_unique() {
    let (retry, _) = counter();
    let state = ListState::Items {
        items: vec![
            item("a", "same", Availability::Online),
            item("b", "same", Availability::Online),
        ]
        .into(),
        partial: None,
    };
    let m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    let ids: Vec<_> = m
        .all("li > a")
        .iter()
        .map(|a| attr(a, "aria-describedby").unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn item_pills_read_each_availability() {
    for (availability, visible, spoken) in [
        (Availability::Online, "Online", "Workspace is Online."),
        (Availability::Offline, "Offline", "Workspace is Offline."),
        (
            Availability::Pending,
            "Pending\u{2026}",
            "Workspace is Pending\u{2026}",
        ),
        (Availability::Failed, "Failed", "Workspace is Failed."),
        (
            Availability::Deleting,
            "Deleting\u{2026}",
            "Workspace is Deleting\u{2026}",
        ),
    ] {
        let m = mount::<WorkspacesListItem>(item_props(item("1", "w", availability))).await;
        let status = m.find(".status");
        assert_eq!(text(&status), spoken);
        assert_eq!(
            attr(&status, "data-status").as_deref(),
            Some(availability.as_str())
        );
        // Visible text: everything but the visually hidden parts.
        let mut shown = text(&status);
        for hidden in m.all(".status .sr-only") {
            shown = shown.replacen(&text(&hidden), "", 1);
        }
        assert_eq!(shown, visible);
        m.unmount().await;
    }
}

#[wasm_bindgen_test]
async fn item_row_click_follows_the_link_once() {
    let m = mount::<WorkspacesListItem>(item_props(item("1", "w", Availability::Online))).await;
    let a = m.find("a");
    let clicks = count_clicks(&a);
    let count = || clicks.call0(&JsValue::NULL).unwrap().as_f64().unwrap();
    click(&m.find(".status"));
    settle().await;
    assert_eq!(count(), 1.0, "row click reaches the link");
    click(&a);
    settle().await;
    assert_eq!(count(), 2.0, "a link click is not repeated");
    click(&m.find(".ws-name"));
    settle().await;
    assert_eq!(count(), 3.0);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn item_reads_icon_name_over_status_then_an_open_button() {
    let m =
        mount::<WorkspacesListItem>(item_props(item("1", "9-lives", Availability::Offline))).await;
    // One tab stop: the Open button, which shows only "Open".
    assert_eq!(m.all("a, button, [tabindex]").len(), 1);
    let open = m.find("li > a.ws-open");
    let mut shown = text(&open);
    for hidden in m.all(".ws-open .sr-only") {
        shown = shown.replacen(&text(&hidden), "", 1);
    }
    assert_eq!(shown, "Open");
    assert!(
        !open.contains(Some(&m.find(".ws-name"))),
        "the name is not in the button"
    );

    let rect = |selector: &str| m.find(selector).get_bounding_client_rect();
    let (icon, name, status, button) = (
        rect(".ws-icon"),
        rect(".ws-name"),
        rect(".status"),
        rect(".ws-open"),
    );
    assert!(icon.right() <= name.left(), "icon, then the name");
    assert!(
        status.top() >= name.bottom() - 1.0,
        "the status is under the name"
    );
    assert!((status.left() - name.left()).abs() < 1.0, "aligned with it");
    assert!(button.left() >= name.right(), "Open at the end");
    assert!(
        rect(".status-dot").left() - status.left() < 1.0,
        "the dot leads the status"
    );
    m.unmount().await;
}
