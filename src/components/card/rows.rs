//! The list's rows in their scroll area. A long list is a window over its
//! rows: only the rows in (or near) the scroll viewport are in the DOM,
//! padding stands in for the others, and the keyboard reaches every row
//! (the arithmetic is [`crate::card::window`]'s). Any list that scrolls
//! says so: a shadow under its top edge while rows are hidden above, a fade
//! over its bottom while rows are hidden below.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::WorkspacesListItem;
use crate::card::{
    key_target, rows_per_page, scroll_edges, scroll_to_show, window, ItemView, RowKey, Window,
    ESTIMATED_ROW_PX, VISIBLE_ROWS, WINDOW_THRESHOLD,
};
use crate::provider::RowActions;

/// The scroll area's height before it is measured: its CSS max-height.
const VIEWPORT_PX: f64 = ESTIMATED_ROW_PX * VISIBLE_ROWS;

/// The bottom fade's height in the CSS (also its `scroll-padding-bottom`):
/// keyboard scrolling keeps the focused row above it.
const FADE_PX: f64 = 24.0;

/// Props of [`ListRows`].
#[derive(Properties, PartialEq)]
pub struct ListRowsProps {
    /// Every row of the list.
    pub items: Rc<[ItemView]>,
    /// The rows' actions, if any.
    #[prop_or_default]
    pub actions: Option<RowActions>,
}

/// Focuses the link of row `index` if it is rendered; false when it is not.
fn focus_row(scroller: &Element, index: usize) -> bool {
    let mut selector = String::from("li[data-index=\"");
    selector.push_str(&index.to_string());
    selector.push_str("\"] a");
    match scroller.query_selector(&selector).ok().flatten() {
        Some(link) => link.unchecked_into::<HtmlElement>().focus().is_ok(),
        None => false,
    }
}

/// The element matching `selector` that an event happened in (its
/// target or an ancestor), if any.
pub(super) fn event_within(event: &Event, selector: &str) -> Option<Element> {
    let target: Element = event.target()?.dyn_into().ok()?;
    target.closest(selector).ok().flatten()
}

/// The index of the row an event happened in.
fn row_index(event: &Event) -> Option<usize> {
    event_within(event, "li[data-index]")?
        .get_attribute("data-index")?
        .parse()
        .ok()
}

/// Whether an event happened in a row's actions menu or dialog.
fn in_row_controls(event: &Event) -> bool {
    event_within(event, ".row-actions").is_some()
}

/// `<div class="list-frame"><div class="list-scroll"><ol>`: every row of
/// `items`, or past [`WINDOW_THRESHOLD`] the rows in view.
#[function_component]
pub fn ListRows(props: &ListRowsProps) -> Html {
    let count = props.items.len();
    let windowed = count > WINDOW_THRESHOLD;
    let scroller = use_node_ref();
    let scroll_top = use_state_eq(|| 0.0f64);
    let viewport = use_state_eq(|| VIEWPORT_PX);
    let row_px = use_state_eq(|| ESTIMATED_ROW_PX);
    // A row keyboard navigation moved to before it was rendered.
    let pending_focus = use_mut_ref(|| None::<usize>);
    let shown = if windowed {
        window(count, *row_px, *scroll_top, *viewport)
    } else {
        Window {
            start: 0,
            end: count,
            pad_top: 0,
            pad_bottom: 0,
        }
    };

    {
        let (scroller, viewport, row_px, pending_focus) = (
            scroller.clone(),
            viewport.clone(),
            row_px.clone(),
            pending_focus.clone(),
        );
        // After every render: which edges hide rows (the rows changed), the
        // real sizes (fonts and themes vary), and the focus a key asked for
        // once its row exists.
        use_effect(move || {
            if let Some(el) = scroller.cast::<Element>() {
                mark_edges(&el);
                if !windowed {
                    return;
                }
                let height = el.get_bounding_client_rect().height();
                if height > 0.0 {
                    viewport.set(height);
                }
                if let Some(row) = el.query_selector("li").ok().flatten() {
                    let height = row.get_bounding_client_rect().height();
                    if height > 0.0 {
                        row_px.set(height);
                    }
                }
                let wanted = *pending_focus.borrow();
                if let Some(index) = wanted {
                    if focus_row(&el, index) {
                        pending_focus.borrow_mut().take();
                    }
                }
            }
        });
    }

    let onscroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<Element>() {
                mark_edges(&el);
                if windowed {
                    scroll_top.set(f64::from(el.scroll_top().max(0)));
                }
            }
        })
    };

    // Arrow keys, Page Up/Down, Home and End move between rows in every
    // list (Tab stays the browser's in a short one: every row is there).
    let onkeydown = {
        let (scroller, scroll_top, pending_focus) =
            (scroller.clone(), scroll_top.clone(), pending_focus.clone());
        let (row, view) = (*row_px, *viewport);
        Callback::from(move |e: KeyboardEvent| {
            // A row's menu and dialog handle their own keys.
            if e.alt_key()
                || e.ctrl_key()
                || e.meta_key()
                || e.default_prevented()
                || in_row_controls(&e)
            {
                return;
            }
            let Some(key) = RowKey::from_key(&e.key(), e.shift_key()) else {
                return;
            };
            let Some(index) = row_index(&e) else { return };
            let page = rows_per_page(row, view);
            let Some(target) = key_target(key, index, count, (shown.start, shown.end), page) else {
                return;
            };
            e.prevent_default();
            let Some(el) = scroller.cast::<Element>() else {
                return;
            };
            // Focusing a rendered row scrolls it into view by itself.
            if windowed {
                if let Some(top) = scroll_to_show(target, row, *scroll_top, view - FADE_PX) {
                    el.set_scroll_top(top as i32);
                    // What the browser made of it: the fade's margin can ask
                    // for more than the last row, and the end clamps.
                    scroll_top.set(f64::from(el.scroll_top().max(0)));
                }
            }
            if !focus_row(&el, target) {
                *pending_focus.borrow_mut() = Some(target);
            }
        })
    };

    let style = windowed.then(|| {
        let mut style = String::from("padding-top:");
        style.push_str(&shown.pad_top.to_string());
        style.push_str("px;padding-bottom:");
        style.push_str(&shown.pad_bottom.to_string());
        style.push_str("px");
        style
    });
    let scroll = if windowed {
        "list-scroll windowed"
    } else {
        "list-scroll"
    };
    html! {
        <div class="list-frame">
            <div class={scroll} ref={scroller} {onscroll}>
                <ol class="ws-list" {style} {onkeydown}>
                    { for props.items[shown.start..shown.end].iter().enumerate().map(|(i, item)| html! {
                        <WorkspacesListItem key={item.id.as_str()} item={item.clone()}
                            position={(shown.start + i, count)} actions={props.actions.clone()} />
                    }) }
                </ol>
            </div>
        </div>
    }
}

/// Marks on the scroll area's frame which of its edges hide rows
/// (`data-above`, `data-below`; the CSS draws the hints). Set on the DOM
/// rather than rendered: a scroll that reaches an end re-renders nothing,
/// and Yew leaves attributes it does not render alone.
fn mark_edges(scroller: &Element) {
    let Some(frame) = scroller.parent_element() else {
        return;
    };
    let edges = scroll_edges(
        f64::from(scroller.scroll_top()),
        f64::from(scroller.scroll_height()),
        f64::from(scroller.client_height()),
    );
    for (name, on) in [("data-above", edges.above), ("data-below", edges.below)] {
        let _ = if on {
            frame.set_attribute(name, "")
        } else {
            frame.remove_attribute(name)
        };
    }
}
