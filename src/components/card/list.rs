//! The list area: a placeholder for each empty state, the error, or rows.

use yew::prelude::*;

use super::ListRows;
use crate::card::{url_line_parts, ListState};
use crate::components::auth::coder_logo;
use crate::components::error_box;
use crate::provider::RowActions;

/// Props of [`workspaces_list`].
#[derive(Properties, PartialEq)]
pub struct WorkspacesListProps {
    /// What to show.
    pub state: ListState,
    /// Where a new workspace is made: enables the "Create workspace" call to
    /// action when nothing matches the repo. Without it there is no CTA
    /// (upstream showed a link going nowhere).
    #[prop_or_default]
    pub creation_url: Option<AttrValue>,
    /// "Retry" after a failure.
    pub on_retry: Callback<()>,
    /// The rows' actions; without them (a list rendered without a
    /// provider) rows have no actions menu.
    #[prop_or_default]
    pub actions: Option<RowActions>,
    /// A list part element: an `empty-state` slot replaces the "nothing
    /// found" placeholders when filled (they are its fallback content).
    #[prop_or_default]
    pub slots: bool,
    /// The rows are the adopter's own: the element's light-DOM children,
    /// in a default slot (`custom-items`).
    #[prop_or_default]
    pub custom_items: bool,
}

/// Renders one [`ListState`].
pub fn workspaces_list(props: &WorkspacesListProps) -> Html {
    let shown = state_html(props);
    if !props.slots {
        return shown;
    }
    match &props.state {
        // The adopter's empty state, if they gave one; ours otherwise.
        ListState::SearchPrompt | ListState::NoResultsForRepo(_) | ListState::NoResults => html! {
            <slot name="empty-state">{ shown }</slot>
        },
        _ => shown,
    }
}

fn state_html(props: &WorkspacesListProps) -> Html {
    match &props.state {
        ListState::Loading => placeholder(true, html! { "Loading\u{2026}" }, Html::default()),
        ListState::SearchPrompt => placeholder(
            false,
            html! { "Use the search bar to find matching Coder workspaces" },
            Html::default(),
        ),
        ListState::NoRepoUrl => placeholder(
            false,
            html! {<>
                { "This entity has no repository URL (its " }
                <code>{ "backstage.io/source-location" }</code>
                { " annotation), so there is nothing to filter workspaces by." }
            </>},
            Html::default(),
        ),
        ListState::NoRepoKeys => placeholder(
            false,
            html! {<>
                { "Workspaces cannot be matched to this repository: " }
                <code>{ "workspaces.repoUrlParamKeys" }</code>
                { " is empty in the app config." }
            </>},
            Html::default(),
        ),
        ListState::NoResultsForRepo(url) => {
            let cta = props.creation_url.clone().map(|href| {
                html! {
                    <a class="cta" {href} target="_blank" rel="noreferrer noopener">
                        { "Create workspace" }
                        <span class="sr-only">{ " (Link opens in new tab)" }</span>
                    </a>
                }
            });
            placeholder(
                false,
                html! {<>
                    { "No workspaces found for repo" }
                    <code class="repo-url">
                        // Each part is a box of its own, so lines break
                        // after slashes rather than at a hyphen in a name.
                        { for url_line_parts(url).into_iter().map(|part| html! {
                            <span>{ part.to_owned() }</span>
                        }) }
                    </code>
                </>},
                cta.unwrap_or_default(),
            )
        }
        ListState::NoResults => placeholder(
            false,
            html! { "No workspaces returned for your query" },
            Html::default(),
        ),
        ListState::Failed(err) => {
            let on_retry = props.on_retry.clone();
            html! {
                <div class="list-error">
                    { error_box(err.title().into(), err.to_string().into()) }
                    if err.retry_helps() {
                        <button type="button" class="retry"
                                onclick={move |_| on_retry.emit(())}>{ "Retry" }</button>
                    }
                </div>
            }
        }
        ListState::Items { items, partial } => {
            let notice = partial.as_ref().map(|err| {
                html! {
                    <p class="partial" role="status">
                        { "Some results could not be loaded. " }
                        { err.title() }{ ": " }{ err.to_string() }
                    </p>
                }
            });
            let rows = if props.custom_items {
                html! { <ol class="ws-list ws-list-custom"><slot></slot></ol> }
            } else {
                html! { <ListRows items={items.clone()} actions={props.actions.clone()} /> }
            };
            html! {
                <div class="list-area">
                    { rows }
                    { for notice }
                </div>
            }
        }
    }
}

/// The Coder mark above a centred message, with `extra` (the call to action)
/// under it; `live` announces changes (`role="status"`, `aria-live`).
fn placeholder(live: bool, text: Html, extra: Html) -> Html {
    let (role, live) = if live {
        (Some("status"), Some("polite"))
    } else {
        (None, None)
    };
    html! {
        <div class="placeholder" {role} aria-live={live}>
            <span class="placeholder-logo">{ coder_logo() }</span>
            <p class="placeholder-text">{ text }</p>
            { extra }
        </div>
    }
}
