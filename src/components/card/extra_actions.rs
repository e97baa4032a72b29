//! The header's "more actions" menu button: Refresh and Unlink.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, Node};
use yew::prelude::*;

use super::{next_id, svg_icons};
use crate::card::{menu_target, throttle_allows};
use crate::host::browser::now_ms;

/// The button's accessible name and tooltip.
pub const MENU_BUTTON_NAME: &str = "See additional workspace actions";
const INSTRUCTIONS: &str = "Press the up and down arrow keys to navigate between list items. \
     Press Escape to close the menu.";
const ITEMS: [&str; 2] = ["Refresh", "Unlink Coder account"];

/// Props of [`ExtraActionsButton`].
#[derive(Properties, PartialEq)]
pub struct ExtraActionsButtonProps {
    /// "Refresh": at most once a second; extra activations are ignored.
    pub on_refresh: Callback<()>,
    /// "Unlink Coder account".
    pub on_unlink: Callback<()>,
}

struct Ids {
    button: AttrValue,
    menu: AttrValue,
    instructions: AttrValue,
}

/// A menu button (`aria-haspopup="menu"`, `aria-expanded`, `aria-controls`
/// while open) and its `role="menu"`. Opening focuses the first item;
/// arrows (wrapping), Home and End move; Escape closes and refocuses the
/// button; Tab closes and lets focus move on; a click outside closes.
#[function_component]
pub fn ExtraActionsButton(props: &ExtraActionsButtonProps) -> Html {
    let ids = use_memo((), |_| Ids {
        button: next_id("coder-actions-button"),
        menu: next_id("coder-actions-menu"),
        instructions: next_id("coder-actions-help"),
    });
    let open = use_state_eq(|| false);
    let wrapper = use_node_ref();
    let button = use_node_ref();
    let items = use_memo((), |_| [NodeRef::default(), NodeRef::default()]);
    let last_refresh = use_mut_ref(|| None::<f64>);
    // The item to focus when the menu opens (0, or the last for ArrowUp).
    let first_focus = use_mut_ref(|| 0usize);

    // Opening focuses the first item; while open, a click outside closes.
    {
        let open = open.clone();
        let wrapper = wrapper.clone();
        let items = items.clone();
        let first_focus = first_focus.clone();
        use_effect_with(*open, move |is_open| {
            let mut listener = None;
            if *is_open {
                focus(&items[(*first_focus.borrow()).min(ITEMS.len() - 1)]);
                let target: Option<web_sys::EventTarget> = wrapper
                    .get()
                    .and_then(|w| w.owner_document())
                    .map(Into::into);
                if let Some(target) = target {
                    let options = EventListenerOptions::run_in_capture_phase();
                    listener = Some(EventListener::new_with_options(
                        &target,
                        "click",
                        options,
                        move |event| {
                            if !path_contains(event, wrapper.get()) {
                                open.set(false);
                            }
                        },
                    ));
                }
            }
            move || drop(listener)
        });
    }

    let close_to_button = {
        let open = open.clone();
        let button = button.clone();
        move || {
            open.set(false);
            focus(&button);
        }
    };

    let activate = {
        let close_to_button = close_to_button.clone();
        let on_refresh = props.on_refresh.clone();
        let on_unlink = props.on_unlink.clone();
        let last_refresh = last_refresh.clone();
        move |index: usize| {
            if index == 0 {
                let now = now_ms();
                let last = *last_refresh.borrow();
                if throttle_allows(last, now) {
                    *last_refresh.borrow_mut() = Some(now);
                    on_refresh.emit(());
                }
            } else {
                on_unlink.emit(());
            }
            close_to_button();
        }
    };

    let on_button_click = {
        let open = open.clone();
        let first_focus = first_focus.clone();
        Callback::from(move |_: MouseEvent| {
            *first_focus.borrow_mut() = 0;
            open.set(!*open);
        })
    };
    // Keys are handled here rather than left to the button's native click,
    // so Enter, Space and the arrows behave the same in every browser.
    let on_button_key = {
        let open = open.clone();
        let items = items.clone();
        let first_focus = first_focus.clone();
        Callback::from(move |e: KeyboardEvent| {
            let index = match e.key().as_str() {
                "Enter" | " " | "ArrowDown" => 0,
                "ArrowUp" => ITEMS.len() - 1,
                _ => return,
            };
            e.prevent_default();
            if *open {
                focus(&items[index]);
            } else {
                *first_focus.borrow_mut() = index;
                open.set(true);
            }
        })
    };
    // Space activates a button on key-up; the key-down above handled it.
    let on_button_keyup = Callback::from(|e: KeyboardEvent| {
        if e.key() == " " {
            e.prevent_default();
        }
    });

    let on_menu_key = {
        let open = open.clone();
        let items = items.clone();
        let activate = activate.clone();
        let close_to_button = close_to_button.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let current = items
                .iter()
                .position(|r| r.get().is_some_and(|n| is_active(&n)))
                .unwrap_or(0);
            match key.as_str() {
                "Escape" => {
                    e.prevent_default();
                    close_to_button();
                }
                "Tab" => open.set(false),
                "Enter" | " " => {
                    e.prevent_default();
                    activate(current);
                }
                _ => {
                    if let Some(next) = menu_target(current, items.len(), &key) {
                        e.prevent_default();
                        focus(&items[next]);
                    }
                }
            }
        })
    };

    let menu = (*open).then(|| {
        html! {
            <ul class="menu" role="menu" id={ids.menu.clone()} aria-labelledby={ids.button.clone()}
                aria-describedby={ids.instructions.clone()} onkeydown={on_menu_key}>
                { for ITEMS.iter().enumerate().map(|(i, label)| {
                    let activate = activate.clone();
                    let onclick = Callback::from(move |_: MouseEvent| activate(i));
                    html! {
                        <li class="menu-item" role="menuitem" tabindex="-1"
                            ref={items[i].clone()} {onclick}>{ *label }</li>
                    }
                }) }
            </ul>
        }
    });

    html! {
        <div class="menu-anchor has-tooltip" ref={wrapper}>
            <button type="button" class="icon-button" id={ids.button.clone()} ref={button}
                    aria-haspopup="menu" aria-expanded={if *open { "true" } else { "false" }}
                    aria-controls={(*open).then(|| ids.menu.clone())}
                    onclick={on_button_click} onkeydown={on_button_key}
                    onkeyup={on_button_keyup}>
                { svg_icons::more_vertical() }
                <span class="sr-only">{ MENU_BUTTON_NAME }</span>
            </button>
            // Every child stays in place (the menu changes inside its own
            // slot), so opening never re-creates the button.
            <span class={classes!("tooltip", open.then_some("tooltip-off"))} aria-hidden="true">
                { MENU_BUTTON_NAME }
            </span>
            <p id={ids.instructions.clone()} hidden=true>{ INSTRUCTIONS }</p>
            <div class="menu-slot">{ for menu }</div>
        </div>
    }
}

fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.focus();
    }
}

fn is_active(node: &Node) -> bool {
    node.get_root_node()
        .dyn_ref::<web_sys::ShadowRoot>()
        .map(|root| root.active_element())
        .unwrap_or_else(|| node.owner_document().and_then(|d| d.active_element()))
        .is_some_and(|active| active.is_same_node(Some(node)))
}

/// Whether `event` passed through `node` (across shadow boundaries).
fn path_contains(event: &Event, node: Option<Node>) -> bool {
    let Some(node) = node else { return false };
    let target: &wasm_bindgen::JsValue = node.as_ref();
    event.composed_path().includes(target, 0)
}
