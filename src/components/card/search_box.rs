//! The card's search field: debounced reports, instant clear.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use gloo_timers::callback::Timeout;

use super::svg_icons;
use crate::card::{search_update, SearchUpdate, SEARCH_DEBOUNCE_MS};

/// The search field's label and placeholder.
pub const SEARCH_LABEL: &str = "Search your Coder workspaces";

/// Props of [`SearchBox`].
#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    /// The filter the card applies. The field starts with it, and follows it
    /// when it changes to a value the field did not report itself (a filter
    /// the host page controls), so typing is never overwritten by an echo.
    #[prop_or_default]
    pub initial: AttrValue,
    /// Called with the new filter: 400 ms after the last keystroke, at once
    /// on Enter, when typing empties the field, or on clear.
    pub on_change: Callback<String>,
}

/// A fieldset holding a labelled `type="search"` input and a clear button.
/// The input shows each keystroke at once; `on_change` is debounced. The
/// pending report is cancelled by Enter, clear, emptying, and unmount.
#[function_component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let value = use_state(|| props.initial.to_string());
    let input = use_node_ref();
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    // The field's text as of the last event (`value` may lag a render).
    let latest = use_mut_ref(|| props.initial.to_string());
    // The last text handed to `on_change`.
    let reported = use_mut_ref(|| props.initial.to_string());

    // No timer outlives the component.
    {
        let pending = pending.clone();
        use_effect_with((), move |_| move || drop(pending.borrow_mut().take()));
    }

    // Follow a filter set from outside.
    {
        let (value, latest, reported, pending) = (
            value.clone(),
            latest.clone(),
            reported.clone(),
            pending.clone(),
        );
        use_effect_with(props.initial.clone(), move |initial| {
            if **initial != *reported.borrow() {
                drop(pending.borrow_mut().take());
                initial.as_str().clone_into(&mut reported.borrow_mut());
                initial.as_str().clone_into(&mut latest.borrow_mut());
                value.set(initial.to_string());
            }
        });
    }

    // Every report goes through here, so `reported` stays true.
    let emit = {
        let reported = reported.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |text: String| {
            reported.borrow_mut().clone_from(&text);
            on_change.emit(text);
        })
    };

    let report_now = {
        let pending = pending.clone();
        let emit = emit.clone();
        move |text: String| {
            drop(pending.borrow_mut().take());
            emit.emit(text);
        }
    };

    let oninput = {
        let value = value.clone();
        let latest = latest.clone();
        let pending = pending.clone();
        let report_now = report_now.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let update = search_update(&latest.borrow(), &text);
            match update {
                SearchUpdate::Nothing => return,
                SearchUpdate::Now => report_now(text.clone()),
                SearchUpdate::Debounce => {
                    let emit = emit.clone();
                    let later = text.clone();
                    // Replacing the slot drops (cancels) the previous timer.
                    *pending.borrow_mut() =
                        Some(Timeout::new(SEARCH_DEBOUNCE_MS, move || emit.emit(later)));
                }
            }
            latest.borrow_mut().clone_from(&text);
            value.set(text);
        })
    };

    let onkeydown = {
        let report_now = report_now.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                report_now(text);
            }
        })
    };

    let onclick = {
        let value = value.clone();
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            latest.borrow_mut().clear();
            value.set(String::new());
            if let Some(el) = input.cast::<HtmlInputElement>() {
                el.set_value("");
                let _ = el.focus();
            }
            report_now(String::new());
        })
    };

    html! {
        <fieldset class="search">
            <legend class="sr-only">{ "Search controls" }</legend>
            <label class="search-label">
                { svg_icons::search() }
                <span class="sr-only">{ SEARCH_LABEL }</span>
                <input ref={input} class="search-input" type="search" spellcheck="false"
                       placeholder={SEARCH_LABEL} value={(*value).clone()}
                       {oninput} {onkeydown} />
            </label>
            <button type="button" class="icon-button search-clear"
                    disabled={value.is_empty()} {onclick}>
                { svg_icons::close() }
                <span class="sr-only">{ "Clear out search" }</span>
            </button>
        </fieldset>
    }
}
