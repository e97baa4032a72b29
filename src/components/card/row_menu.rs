//! A row's "Workspace actions for <name>" menu: build actions (the ones
//! that interrupt work confirmed in a dialog), the workspace's apps, its
//! terminal and VS Code Desktop, and "Open in Coder". The entries come
//! from [`crate::card::row_menu`] through the provider, read while the
//! menu is open.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDialogElement, HtmlElement};
use yew::prelude::*;

use super::{next_id, svg_icons, MenuButton, MenuItem};
use crate::card::{LinkKind, MenuEntry};
use crate::coder::BuildAction;
use crate::provider::{Command, RowActions};

/// Props of [`RowMenu`].
#[derive(Properties, PartialEq)]
pub struct RowMenuProps {
    /// The workspace id.
    pub id: AttrValue,
    /// The workspace name (for the button's and the dialog's names).
    pub name: AttrValue,
    /// Its provider's row actions.
    pub actions: RowActions,
}

/// The menu button of one row, and its confirmation dialog.
#[function_component]
pub fn RowMenu(props: &RowMenuProps) -> Html {
    let actions = props.actions.clone();
    let open = use_state_eq(|| false);
    let confirm = use_state_eq(|| None::<BuildAction>);
    let update = use_force_update();
    let anchor = use_node_ref();
    let dialog = use_node_ref();
    let title_id = use_memo((), |_| next_id("coder-confirm-title"));

    // While open, the entries follow the provider (a permission answer, a
    // build that finished).
    {
        let actions = actions.clone();
        use_effect_with(*open, move |open| {
            let sub = (*open).then(|| actions.subscribe(move || update.force_update()));
            move || drop(sub)
        });
    }
    // The dialog is modal while an action waits for confirmation.
    {
        let dialog = dialog.clone();
        use_effect_with(*confirm, move |confirm| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if confirm.is_some() && !d.open() {
                    let _ = d.show_modal();
                }
            }
        });
    }
    let on_toggle = {
        let (open, actions, id) = (open.clone(), actions.clone(), props.id.clone());
        Callback::from(move |now_open: bool| {
            if now_open {
                actions.send(Command::CheckPermission(id.to_string()));
            }
            open.set(now_open);
        })
    };
    let items = if *open {
        let entries = actions.menu(&props.id).unwrap_or_default();
        entries
            .into_iter()
            .map(|entry| menu_item(entry, &actions, &props.id, &confirm))
            .collect()
    } else {
        Vec::new()
    };

    // Back to the row's menu button, once the dialog closed.
    let refocus = {
        let anchor = anchor.clone();
        move || {
            let button = anchor
                .cast::<Element>()
                .and_then(|a| a.query_selector("button").ok().flatten())
                .and_then(|b| b.dyn_into::<HtmlElement>().ok());
            if let Some(button) = button {
                let _ = button.focus();
            }
        }
    };
    let close_dialog = {
        let (dialog, confirm) = (dialog.clone(), confirm.clone());
        let refocus = refocus.clone();
        move || {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                d.close();
            }
            confirm.set(None);
            refocus();
        }
    };
    // Escape closes a modal dialog by itself; the state follows.
    let oncancel = {
        let confirm = confirm.clone();
        Callback::from(move |_: Event| {
            confirm.set(None);
            refocus();
        })
    };
    let on_cancel_click = {
        let close_dialog = close_dialog.clone();
        Callback::from(move |_: MouseEvent| close_dialog())
    };
    let on_confirm = {
        let (actions, id, confirm) = (actions.clone(), props.id.clone(), confirm.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(action) = *confirm {
                actions.send(Command::Act(id.to_string(), action));
            }
            close_dialog();
        })
    };

    let mut name = String::from("Workspace actions for ");
    name.push_str(&props.name);
    let dialog_body = confirm.map(|action| {
        let button = action.confirm_button().unwrap_or_default();
        html! {<>
            <h2 class="confirm-title" id={(*title_id).clone()}>
                { button }{ " " }<span class="confirm-name">{ props.name.clone() }</span>{ "?" }
            </h2>
            <p class="confirm-text">{ action.consequence() }</p>
            <div class="confirm-buttons">
                <button type="button" class="text-button" onclick={on_cancel_click}>{ "Cancel" }</button>
                <button type="button" class="primary-button" onclick={on_confirm}>{ button }</button>
            </div>
        </>}
    });
    html! {
        <div class="row-actions" ref={anchor}>
            <MenuButton name={AttrValue::from(name)} {items} {on_toggle} floating=true>
                { svg_icons::more_vertical() }
            </MenuButton>
            <dialog class="confirm-dialog" ref={dialog} aria-labelledby={(*title_id).clone()}
                    {oncancel}>
                { for dialog_body }
            </dialog>
        </div>
    }
}

/// One menu entry as a [`MenuItem`]: a build action sends its command
/// (or asks for confirmation first); a link is followed.
fn menu_item(
    entry: MenuEntry,
    actions: &RowActions,
    id: &AttrValue,
    confirm: &UseStateHandle<Option<BuildAction>>,
) -> MenuItem {
    match entry {
        MenuEntry::Build(action) => {
            let (actions, id, confirm) = (actions.clone(), id.clone(), confirm.clone());
            MenuItem {
                label: AttrValue::Static(action.label()),
                href: None,
                new_tab: false,
                on_select: Callback::from(move |_| {
                    if action.confirm_button().is_some() {
                        confirm.set(Some(action));
                    } else {
                        actions.send(Command::Act(id.to_string(), action));
                    }
                }),
                kind: "build",
            }
        }
        MenuEntry::Link { label, href, kind } => MenuItem {
            label: label.into(),
            href: Some(href.into()),
            // The desktop app opens a custom-scheme link; a new tab would
            // stay blank.
            new_tab: kind != LinkKind::VsCode,
            on_select: Callback::noop(),
            kind: match kind {
                LinkKind::App => "app",
                LinkKind::Terminal => "terminal",
                LinkKind::VsCode => "vscode",
                LinkKind::Coder => "coder",
            },
        },
    }
}
