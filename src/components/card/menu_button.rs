//! A menu button and its `role="menu"`: the header's ⋮ and each row's
//! actions. Items are commands or links, and may change while it is open
//! (a permission answer adds the row's build actions).

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, Node};
use yew::prelude::*;

use super::next_id;
use crate::card::menu_target;

const INSTRUCTIONS: &str = "Press the up and down arrow keys to navigate between list items. \
     Press Escape to close the menu.";

/// One item of a [`MenuButton`].
#[derive(Clone, PartialEq)]
pub struct MenuItem {
    /// Its text.
    pub label: AttrValue,
    /// A link item's URL (vetted by the caller); `None` for a command.
    pub href: Option<AttrValue>,
    /// A link opens in a new tab (not for a desktop app's custom scheme).
    pub new_tab: bool,
    /// Called when it is chosen (for a link, besides following it).
    pub on_select: Callback<()>,
    /// A `data-kind` for styling and tests.
    pub kind: &'static str,
}

/// Props of [`MenuButton`].
#[derive(Properties, PartialEq)]
pub struct MenuButtonProps {
    /// The button's accessible name and tooltip.
    pub name: AttrValue,
    /// Its items; the menu says "Loading…" while there are none.
    pub items: Vec<MenuItem>,
    /// The button's content (an icon).
    pub children: Html,
    /// Told when the menu opens (`true`) and closes.
    #[prop_or_default]
    pub on_toggle: Callback<bool>,
    /// Extra classes on the anchor.
    #[prop_or_default]
    pub class: Classes,
    /// The menu floats above the page (the browser's top layer), placed
    /// by the button (and kept there while anything scrolls): a row's menu
    /// must not be clipped by the list's scroll area.
    #[prop_or_default]
    pub floating: bool,
}

struct Ids {
    button: AttrValue,
    menu: AttrValue,
    instructions: AttrValue,
}

/// A menu button (`aria-haspopup="menu"`, `aria-expanded`, `aria-controls`
/// while open) and its menu. Opening focuses the first item (ArrowUp: the
/// last); arrows (wrapping), Home and End move; Enter and Space choose;
/// Escape closes and refocuses the button; Tab closes and lets focus move
/// on; a click outside closes.
#[function_component]
pub fn MenuButton(props: &MenuButtonProps) -> Html {
    let ids = use_memo((), |_| Ids {
        button: next_id("coder-menu-button"),
        menu: next_id("coder-menu"),
        instructions: next_id("coder-menu-help"),
    });
    let open = use_state_eq(|| false);
    let wrapper = use_node_ref();
    let button = use_node_ref();
    let menu = use_node_ref();
    // The item to focus when the menu opens: the first, or the last.
    let focus_last = use_mut_ref(|| false);

    // Set when the menu opens, cleared once an item took the focus: the
    // items may come a render later (a row's menu asks for them then).
    let focus_pending = use_mut_ref(|| false);

    // After every render while open: a floating menu is shown in the top
    // layer and placed under its button (over it, where the viewport ends
    // below), as its items may change; then, once there are items, the
    // first (or last) takes the focus (one in a popover not shown yet
    // could not).
    {
        let (menu, button, focus_last) = (menu.clone(), button.clone(), focus_last.clone());
        let focus_pending = focus_pending.clone();
        let (open, floating, has_items) = (*open, props.floating, !props.items.is_empty());
        use_effect(move || {
            if !open {
                return;
            }
            if floating {
                if let (Some(list), Some(button)) =
                    (menu.cast::<HtmlElement>(), button.cast::<Element>())
                {
                    place_floating(&list, &button);
                }
            }
            if has_items && *focus_pending.borrow() {
                let items = menu_items(&menu);
                let pick = if *focus_last.borrow() {
                    items.last()
                } else {
                    items.first()
                };
                if let Some(item) = pick {
                    let _ = item.focus();
                }
                *focus_pending.borrow_mut() = false;
            }
        });
    }

    {
        let (open, wrapper) = (open.clone(), wrapper.clone());
        let (menu, button) = (menu.clone(), button.clone());
        let on_toggle = props.on_toggle.clone();
        let floating = props.floating;
        use_effect_with(*open, move |is_open| {
            on_toggle.emit(*is_open);
            let mut listener = None;
            let mut scroll_listener = None;
            if *is_open {
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
                    // A floating menu follows its button when anything
                    // scrolls (the page, the list).
                    if floating {
                        scroll_listener = Some(EventListener::new_with_options(
                            &target,
                            "scroll",
                            EventListenerOptions::run_in_capture_phase(),
                            move |_| {
                                if let (Some(list), Some(button)) =
                                    (menu.cast::<HtmlElement>(), button.cast::<Element>())
                                {
                                    place_floating(&list, &button);
                                }
                            },
                        ));
                    }
                }
            }
            move || {
                drop(listener);
                drop(scroll_listener);
            }
        });
    }

    let close_to_button = {
        let (open, button) = (open.clone(), button.clone());
        move || {
            open.set(false);
            if let Some(el) = button.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        }
    };

    let on_button_click = {
        let (open, focus_last, focus_pending) =
            (open.clone(), focus_last.clone(), focus_pending.clone());
        Callback::from(move |_: MouseEvent| {
            *focus_last.borrow_mut() = false;
            *focus_pending.borrow_mut() = !*open;
            open.set(!*open);
        })
    };
    // Keys are handled here rather than left to the button's native click,
    // so Enter, Space and the arrows behave the same in every browser.
    let on_button_key = {
        let (open, menu, focus_last) = (open.clone(), menu.clone(), focus_last.clone());
        let focus_pending = focus_pending.clone();
        Callback::from(move |e: KeyboardEvent| {
            let last = match e.key().as_str() {
                "Enter" | " " | "ArrowDown" => false,
                "ArrowUp" => true,
                _ => return,
            };
            e.prevent_default();
            if *open {
                let items = menu_items(&menu);
                let pick = if last { items.last() } else { items.first() };
                if let Some(item) = pick {
                    let _ = item.focus();
                }
            } else {
                *focus_last.borrow_mut() = last;
                *focus_pending.borrow_mut() = true;
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
        let (open, menu) = (open.clone(), menu.clone());
        let close_to_button = close_to_button.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let items = menu_items(&menu);
            let current = items.iter().position(is_active).unwrap_or(0);
            match key.as_str() {
                "Escape" => {
                    e.prevent_default();
                    close_to_button();
                }
                "Tab" => open.set(false),
                "Enter" | " " => {
                    e.prevent_default();
                    // A link follows itself on click; a command's click
                    // handler runs it.
                    if let Some(item) = items.get(current) {
                        item.click();
                    }
                }
                _ => {
                    if let Some(next) = menu_target(current, items.len(), &key) {
                        e.prevent_default();
                        let _ = items[next].focus();
                    }
                }
            }
        })
    };

    let list = (*open).then(|| {
        // Keyed by label: items that stay keep their nodes (and focus)
        // when others come, such as the build actions a permission answer
        // adds while the menu is open.
        let mut seen: Vec<&str> = Vec::new();
        let entries = props.items.iter().map(|item| {
            let repeats = seen.iter().filter(|l| **l == item.label.as_str()).count();
            seen.push(item.label.as_str());
            let mut key = item.label.to_string();
            if repeats > 0 {
                key.push('#');
                key.push_str(&repeats.to_string());
            }
            let on_select = item.on_select.clone();
            let close = close_to_button.clone();
            let link = item.href.is_some();
            let onclick = Callback::from(move |_: MouseEvent| {
                on_select.emit(());
                if link {
                    // A link removed from the page before the click's
                    // default action would not be followed.
                    let close = close.clone();
                    gloo_timers::callback::Timeout::new(0, close).forget();
                } else {
                    close();
                }
            });
            match &item.href {
                Some(href) => html! {
                    <li role="none" {key}>
                        <a class="menu-item" role="menuitem" tabindex="-1" href={href.clone()}
                           target={item.new_tab.then_some("_blank")}
                           rel="noreferrer noopener" data-kind={item.kind} {onclick}>
                            { item.label.clone() }
                            if item.new_tab {
                                <span class="sr-only">{ " (opens in new tab)" }</span>
                            }
                        </a>
                    </li>
                },
                None => html! {
                    <li class="menu-item" role="menuitem" tabindex="-1" data-kind={item.kind}
                        {key} {onclick}>{ item.label.clone() }</li>
                },
            }
        });
        html! {
            <ul class="menu" role="menu" id={ids.menu.clone()} ref={menu.clone()}
                popover={props.floating.then_some("manual")}
                aria-labelledby={ids.button.clone()}
                aria-describedby={ids.instructions.clone()} onkeydown={on_menu_key}>
                { for entries }
                if props.items.is_empty() {
                    <li class="menu-item" role="menuitem" tabindex="-1" aria-disabled="true" key="">
                        { "Loading\u{2026}" }
                    </li>
                }
            </ul>
        }
    });

    html! {
        <div class={classes!("menu-anchor", "has-tooltip", props.class.clone())} ref={wrapper}>
            <button type="button" class="icon-button" id={ids.button.clone()} ref={button}
                    aria-haspopup="menu" aria-expanded={if *open { "true" } else { "false" }}
                    aria-controls={(*open).then(|| ids.menu.clone())}
                    onclick={on_button_click} onkeydown={on_button_key}
                    onkeyup={on_button_keyup}>
                { props.children.clone() }
                <span class="sr-only">{ props.name.clone() }</span>
            </button>
            // Every child stays in place (the menu changes inside its own
            // slot), so opening never re-creates the button.
            <span class={classes!("tooltip", open.then_some("tooltip-off"))} aria-hidden="true">
                { props.name.clone() }
            </span>
            <p id={ids.instructions.clone()} hidden=true>{ INSTRUCTIONS }</p>
            <div class="menu-slot">{ for list }</div>
        </div>
    }
}

/// Shows `list` in the top layer (once) and places it by `button`.
fn place_floating(list: &HtmlElement, button: &Element) {
    let shown = list.matches(":popover-open").unwrap_or(false);
    if !shown {
        let show = js_sys::Reflect::get(list, &"showPopover".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(show) = show {
            let _ = show.call0(list);
        }
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let number =
        |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let (width, height) = (number(window.inner_width()), number(window.inner_height()));
    let at = button.get_bounding_client_rect();
    let own = f64::from(list.offset_height());
    let below = at.bottom() + 4.0;
    let top = if below + own > height && at.top() - 4.0 - own >= 0.0 {
        at.top() - 4.0 - own
    } else {
        below
    };
    let style = list.style();
    let px = |v: f64| {
        let mut s = (v.max(0.0) as i32).to_string();
        s.push_str("px");
        s
    };
    let _ = style.set_property("top", &px(top));
    let _ = style.set_property("right", &px(width - at.right()));
}

/// The menu's items, in order.
fn menu_items(menu: &NodeRef) -> Vec<HtmlElement> {
    let Some(menu) = menu.cast::<Element>() else {
        return Vec::new();
    };
    let Ok(list) = menu.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn is_active(node: &HtmlElement) -> bool {
    let node: &Node = node.as_ref();
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
