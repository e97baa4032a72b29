//! One row of the workspace list.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, Node};
use yew::prelude::*;

use super::rows::event_within;
use super::{next_id, workspaces_list_icon, RowMenu, WorkspacesListIconProps};
use crate::card::ItemView;
use crate::coder::Availability;
use crate::provider::Command;
use crate::provider::RowActions;

/// Props of [`WorkspacesListItem`].
#[derive(Properties, PartialEq)]
pub struct WorkspacesListItemProps {
    /// The row.
    pub item: ItemView,
    /// `(index, count)` in the whole list: a windowed list holds only some
    /// rows in the DOM, so screen readers are told the position, and the
    /// keyboard finds a row by its index in any list.
    pub position: (usize, usize),
    /// The row's actions, if any (then it has an actions menu).
    #[prop_or_default]
    pub actions: Option<RowActions>,
}

/// `<li>`: the icon, the name over its status (a dot and a word), and an
/// outlined "Open" button: a new-tab link named "Open workspace for
/// `<name>` in Coder. (Link opens in new tab.)" and described by the status
/// ("Workspace is Online."). The link is the row's one tab stop, and a
/// click anywhere on the row follows it.
#[function_component]
pub fn WorkspacesListItem(props: &WorkspacesListItemProps) -> Html {
    let item = &props.item;
    let status_id = use_state(|| next_id("coder-ws-status"));
    let link = use_node_ref();
    let icon_failed = use_state_eq(|| None::<AttrValue>);
    let actions = props.actions.as_ref();

    // Widen the click target to the row; a click on the link itself is left
    // alone, and the re-dispatched click lands there, so nothing opens twice.
    let onclick = {
        let link = link.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(anchor) = link.cast::<HtmlElement>() else {
                return;
            };
            let inside = e
                .target()
                .and_then(|t| t.dyn_into::<Node>().ok())
                .is_some_and(|t| anchor.contains(Some(&t)));
            // The actions menu, its dialog and the row's error have their
            // own controls.
            let own_controls = event_within(&e, ".row-actions, .row-error").is_some();
            if !inside && !own_controls {
                anchor.click();
            }
        })
    };

    let availability = item.availability;
    let period = matches!(
        availability,
        Availability::Online | Availability::Offline | Availability::Failed
    );
    let (index, count) = props.position;
    let (index, posinset, setsize) = (
        index.to_string(),
        (index + 1).to_string(),
        count.to_string(),
    );
    html! {
        <li class={classes!("ws-item", item.error.is_some().then_some("has-error"))} {onclick} data-index={index} aria-posinset={posinset}
            aria-setsize={setsize}>
            { workspaces_list_icon(
                &WorkspacesListIconProps {
                    src: item.icon_src.clone().map(AttrValue::from),
                    emoji: item.emoji_icon,
                    initial: item.initial,
                },
                &icon_failed,
            ) }
            <div class="ws-text">
                <span class="ws-name">{ item.name.clone() }</span>
                // The mark sits on the status line: on the name's line it
                // would cut names short in a narrow card.
                <span class="status" id={(*status_id).clone()} data-status={availability.as_str()}>
                    <span class="status-dot" role="none"></span>
                    <span class="sr-only">{ "Workspace is " }</span>
                    { item.busy.unwrap_or(availability.label()) }
                    if period && item.busy.is_none() {
                        <span class="sr-only">{ "." }</span>
                    }
                    if item.outdated {
                        <span class="ws-badge" title="Its template has a newer version">
                            <span class="sr-only">{ " It is " }</span>{ "Outdated" }
                        </span>
                    }
                </span>
                { for item.error.as_ref().map(|error| row_error(error, &item.id, &item.href, actions)) }
            </div>
            <a ref={link} class="ws-open" href={item.href.clone()} target="_blank"
               rel="noreferrer noopener" aria-describedby={(*status_id).clone()}>
                { "Open" }
                <span class="sr-only">
                    { " workspace for " }{ item.name.clone() }{ " in Coder. (Link opens in new tab.)" }
                </span>
            </a>
            if let Some(actions) = actions {
                <RowMenu id={AttrValue::from(item.id.clone())} name={AttrValue::from(item.name.clone())}
                    actions={actions.clone()} />
            }
        </li>
    }
}

/// The failure of the row's last action: what failed and what to do, a
/// link to the workspace in Coder where that is where to go on, and a
/// button to dismiss it.
fn row_error(
    error: &crate::card::ActionError,
    id: &str,
    href: &str,
    actions: Option<&RowActions>,
) -> Html {
    let dismiss = actions.map(|actions| {
        let (actions, id) = (actions.clone(), id.to_owned());
        Callback::from(move |_: MouseEvent| actions.send(Command::DismissActionError(id.clone())))
    });
    html! {
        <p class="row-error" role="alert">
            { error.message() }
            if error.links_to_coder() {
                { " " }
                <a href={href.to_owned()} target="_blank" rel="noreferrer noopener">
                    { "Open in Coder" }<span class="sr-only">{ " (opens in new tab)" }</span>
                </a>
            }
            if let Some(onclick) = dismiss {
                { " " }
                <button type="button" class="text-button" {onclick}>{ "Dismiss" }</button>
            }
        </p>
    }
}
