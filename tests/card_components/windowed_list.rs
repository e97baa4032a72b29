//! Long lists render only the rows in view, yet every row stays
//! reachable.

use super::*;

#[wasm_bindgen(module = "/tests/card_components/browser.js")]
extern "C" {
    /// Scrolls `el` to `top` and resolves after its scroll event.
    #[wasm_bindgen(js_name = scrollAndWait)]
    fn scroll_and_wait(el: &Element, top: i32) -> js_sys::Promise;
}

/// A list of `n` online workspaces named `ws-<i>`.
async fn mount_rows(n: usize) -> Mounted<WorkspacesList> {
    let (retry, _) = counter();
    let items: Rc<[ItemView]> = (0..n)
        .map(|i| item(&format!("id-{i}"), &format!("ws-{i}"), Availability::Online))
        .collect();
    let state = ListState::Items {
        items,
        partial: None,
    };
    mount::<WorkspacesList>(list_props(state, None, &retry)).await
}

/// Rows of a windowed list: their indexes, from `data-index`.
fn rendered_rows(m: &Mounted<WorkspacesList>) -> Vec<usize> {
    m.all("li")
        .iter()
        .map(|li| attr(li, "data-index").unwrap().parse().unwrap())
        .collect()
}

/// Waits for Yew to render what a scroll or key started (two frames: the
/// scroll event, then the render it schedules).
async fn frames() {
    for _ in 0..3 {
        sleep(20).await;
    }
}

/// 5,000 rows: only the rows around the viewport are in the DOM, each with
/// its position in the whole list; scrolling moves the window, and the
/// scroll height stays that of the whole list.
#[wasm_bindgen_test]
async fn a_long_list_renders_only_the_rows_in_view() {
    let m = mount_rows(5000).await;
    frames().await;
    let rows = rendered_rows(&m);
    assert!(rows.len() < 40, "{} rows rendered", rows.len());
    assert_eq!(rows.first(), Some(&0));
    assert_eq!(rows, (0..rows.len()).collect::<Vec<_>>(), "contiguous");
    let first = m.find("li");
    assert_eq!(attr(&first, "aria-setsize").as_deref(), Some("5000"));
    assert_eq!(attr(&first, "aria-posinset").as_deref(), Some("1"));
    let scroller = m.find(".list-scroll");
    let row_px = first.get_bounding_client_rect().height();
    let full = scroller.scroll_height() as f64;
    assert!(
        (full - 5000.0 * row_px).abs() < 5000.0 * 0.02 + 2.0,
        "scroll height {full} for rows of {row_px} px"
    );

    // Scrolled to row 2,500: the window follows.
    let top = (2500.0 * row_px) as i32;
    wasm_bindgen_futures::JsFuture::from(scroll_and_wait(&scroller, top))
        .await
        .unwrap();
    frames().await;
    let rows = rendered_rows(&m);
    assert!(rows.contains(&2500) && rows.len() < 40, "{rows:?}");
    let visible = m.find("li[data-index=\"2500\"]");
    let (row_top, box_top) = (
        visible.get_bounding_client_rect().top(),
        scroller.get_bounding_client_rect().top(),
    );
    assert!(
        (row_top - box_top).abs() < row_px,
        "row 2,500 is at the top of the viewport"
    );
    m.unmount().await;
}

/// Tab, Shift+Tab, the arrows, Home and End reach every row of a windowed
/// list, rendering rows as focus moves past the rendered ones.
#[wasm_bindgen_test]
async fn the_keyboard_reaches_every_row_of_a_long_list() {
    let m = mount_rows(5000).await;
    frames().await;
    let focused_row = || -> usize {
        let active = m.active().expect("something has focus");
        assert_eq!(active.tag_name(), "A", "a row's link has focus");
        attr(&active.closest("li").unwrap().unwrap(), "data-index")
            .unwrap()
            .parse()
            .unwrap()
    };
    let link = |i: usize| m.find(&format!("li[data-index=\"{i}\"] a"));

    // Tab from the last rendered row: the next row is rendered and focused.
    let last = *rendered_rows(&m).last().unwrap();
    link(last).unchecked_ref::<HtmlElement>().focus().unwrap();
    assert!(press(&link(last), "Tab"), "Tab at the edge is handled");
    frames().await;
    assert_eq!(focused_row(), last + 1);
    // Inside the rendered rows, Tab is the browser's.
    assert!(!press(&link(last - 2), "Tab"));

    // End, then Shift+Tab back across the edge, Home, arrows, pages.
    assert!(press(&link(focused_row()), "End"));
    frames().await;
    assert_eq!(focused_row(), 4999);
    assert!(rendered_rows(&m).contains(&4999));
    let first = rendered_rows(&m)[0];
    link(first).unchecked_ref::<HtmlElement>().focus().unwrap();
    assert!(press_shift(&link(first), "Tab"));
    frames().await;
    assert_eq!(focused_row(), first - 1);
    assert!(press(&link(focused_row()), "Home"));
    frames().await;
    assert_eq!(focused_row(), 0);
    assert!(press(&link(0), "ArrowDown"));
    frames().await;
    assert_eq!(focused_row(), 1);
    assert!(press(&link(1), "PageDown"));
    frames().await;
    let paged = focused_row();
    assert!(paged > 3, "a page down moves by a viewport: {paged}");
    assert!(press(&link(paged), "ArrowUp"));
    frames().await;
    assert_eq!(focused_row(), paged - 1);
    // Keys with modifiers and other keys are left alone.
    assert!(!press(&link(paged - 1), "Enter"));
    m.unmount().await;
}

/// Lists up to the threshold render every row (each with its position,
/// which the keyboard moves by).
#[wasm_bindgen_test]
async fn a_short_list_renders_every_row() {
    let m = mount_rows(100).await;
    assert_eq!(m.all("li").len(), 100);
    assert_eq!(rendered_rows(&m), (0..100).collect::<Vec<_>>());
    assert!(m.try_find(".list-scroll.windowed").is_none());
    m.unmount().await;
}

/// A short list (every row rendered) moves between rows with the same keys
/// as a long one; Tab stays the browser's.
#[wasm_bindgen_test]
async fn arrow_keys_move_between_the_rows_of_a_short_list_too() {
    let m = mount_rows(5).await;
    frames().await;
    assert_eq!(rendered_rows(&m), [0, 1, 2, 3, 4]);
    let link = |i: usize| m.find(&format!("li[data-index=\"{i}\"] a"));
    let focused_row = || -> usize {
        let active = m.active().expect("something has focus");
        attr(&active.closest("li").unwrap().unwrap(), "data-index")
            .unwrap()
            .parse()
            .unwrap()
    };
    link(0).unchecked_ref::<HtmlElement>().focus().unwrap();
    assert!(press(&link(0), "ArrowDown"));
    assert_eq!(focused_row(), 1);
    assert!(press(&link(1), "End"));
    assert_eq!(focused_row(), 4);
    assert!(press(&link(4), "ArrowDown"), "the last row stays");
    assert_eq!(focused_row(), 4);
    assert!(press(&link(4), "ArrowUp"));
    assert_eq!(focused_row(), 3);
    assert!(press(&link(3), "Home"));
    assert_eq!(focused_row(), 0);
    assert!(!press(&link(0), "Tab"), "Tab is the browser's");
    m.unmount().await;
}
