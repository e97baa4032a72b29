//! The floating "Authenticate with Coder" button and its modal dialog, for
//! pages where no card shows the sign-in form.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot};
use yew::prelude::*;

use super::{coder_logo, next_id, AUTH_HEADING};

/// Elements Tab can reach inside the dialog.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

/// Props of [`FallbackAuthUi`].
#[derive(Properties, PartialEq)]
pub struct FallbackAuthUiProps {
    /// Whether the dialog is open (controlled by the owner).
    #[prop_or_default]
    pub open: bool,
    /// The floating button was clicked.
    #[prop_or_default]
    pub on_open: Callback<()>,
    /// Escape, a backdrop click or "Close".
    #[prop_or_default]
    pub on_close: Callback<()>,
    /// What the dialog shows (the [`auth_form`](super::auth_form)).
    #[prop_or_default]
    pub children: Html,
}

struct Ids {
    section: AttrValue,
    title: AttrValue,
    description: AttrValue,
}

/// A fixed button at the bottom centre of the viewport, in a labelled
/// `<section>` landmark, that opens a modal dialog with the children.
///
/// The dialog moves focus to its first focusable element when it opens,
/// keeps Tab inside itself, closes on Escape, a backdrop click or "Close",
/// and gives focus back to the button when it closes. It adds no listener
/// outside its own elements, so there is nothing to remove on unmount.
#[function_component]
pub fn FallbackAuthUi(props: &FallbackAuthUiProps) -> Html {
    let ids = use_memo((), |_| Ids {
        section: next_id("coder-auth-fallback-heading"),
        title: next_id("coder-auth-dialog-title"),
        description: next_id("coder-auth-dialog-description"),
    });
    let trigger = use_node_ref();
    let dialog = use_node_ref();
    let was_open: Rc<RefCell<bool>> = use_mut_ref(|| false);

    {
        let trigger = trigger.clone();
        let dialog = dialog.clone();
        use_effect_with(props.open, move |&open| {
            let before = was_open.replace(open);
            if open && !before {
                if let Some(dialog) = dialog.cast::<HtmlElement>() {
                    let first = focusables(&dialog).into_iter().next();
                    let _ = first.unwrap_or(dialog).focus();
                }
            } else if !open && before {
                if let Some(button) = trigger.cast::<HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }

    let onclick = props.on_open.reform(|_: MouseEvent| ());
    let close = props.on_close.reform(|_: MouseEvent| ());
    let onkeydown = {
        let on_close = props.on_close.clone();
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" | "Esc" => {
                e.prevent_default();
                e.stop_propagation();
                on_close.emit(());
            }
            "Tab" => {
                if let Some(dialog) = dialog.cast::<HtmlElement>() {
                    trap_tab(&dialog, &e);
                }
            }
            _ => {}
        })
    };

    html! {
        <section class="auth-fallback" aria-labelledby={ids.section.clone()}>
            <h2 id={ids.section.clone()} class="sr-only">
                { "Authenticate with Coder to enable Coder plugin features" }
            </h2>
            <button ref={trigger} type="button" class="auth-btn auth-btn-contained auth-fallback-trigger"
                aria-haspopup="dialog" {onclick}>
                { coder_logo() }
                <span>{ AUTH_HEADING }</span>
            </button>
            if props.open {
                <div class="auth-modal">
                    <div class="auth-backdrop" aria-hidden="true" onclick={close.clone()}></div>
                    <div ref={dialog} class="auth-dialog" role="dialog" aria-modal="true"
                        aria-labelledby={ids.title.clone()} aria-describedby={ids.description.clone()}
                        tabindex="-1" {onkeydown}>
                        <h2 id={ids.title.clone()} class="auth-dialog-title">{ AUTH_HEADING }</h2>
                        <p id={ids.description.clone()} class="sr-only">
                            { "Please authenticate with Coder to enable the Coder plugin for Backstage." }
                        </p>
                        <div class="auth-dialog-content">{ props.children.clone() }</div>
                        <div class="auth-dialog-actions">
                            <button type="button" class="auth-btn auth-btn-text" onclick={close}>
                                { "Close" }
                            </button>
                        </div>
                    </div>
                </div>
            }
        </section>
    }
}

/// The focusable elements inside `root`, in document order.
fn focusables(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The focused element in the tree (shadow root or document) holding `el`.
fn active_in_tree(el: &Element) -> Option<Element> {
    let root = el.get_root_node();
    match root.dyn_ref::<ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => web_sys::window()?.document()?.active_element(),
    }
}

/// Wraps Tab from the last focusable to the first (and Shift+Tab the other
/// way), and pulls focus back in if it is outside the dialog.
fn trap_tab(dialog: &HtmlElement, e: &KeyboardEvent) {
    let items = focusables(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        e.prevent_default();
        let _ = dialog.focus();
        return;
    };
    let active = active_in_tree(dialog);
    let is_active = |el: &HtmlElement| {
        let el: &Element = el.as_ref();
        active.as_ref() == Some(el)
    };
    let inside = active.as_ref().is_some_and(|a| {
        let node: &web_sys::Node = a.as_ref();
        dialog.contains(Some(node)) && !is_active(dialog)
    });
    let target = if e.shift_key() {
        (!inside || is_active(first)).then_some(last)
    } else {
        (!inside || is_active(last)).then_some(first)
    };
    if let Some(target) = target {
        e.prevent_default();
        let _ = target.focus();
    }
}
