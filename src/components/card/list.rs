//! The list area: a placeholder for each empty state, the error, or rows.

use yew::prelude::*;

use super::{icons, WindowedRows, WorkspacesListItem};
use crate::card::{ListState, WINDOW_THRESHOLD};
use crate::components::ErrorBox;

/// Props of [`WorkspacesList`].
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
}

/// Renders one [`ListState`].
#[function_component]
pub fn WorkspacesList(props: &WorkspacesListProps) -> Html {
    match &props.state {
        ListState::Loading => html! {
            <Placeholder live=true>{ "Loading\u{2026}" }</Placeholder>
        },
        ListState::SearchPrompt => html! {
            <Placeholder>{ "Use the search bar to find matching Coder workspaces" }</Placeholder>
        },
        ListState::NoRepoUrl => html! {
            <Placeholder>
                { "This entity has no repository URL (its " }
                <code>{ "backstage.io/source-location" }</code>
                { " annotation), so there is nothing to filter workspaces by." }
            </Placeholder>
        },
        ListState::NoRepoKeys => html! {
            <Placeholder>
                { "Workspaces cannot be matched to this repository: " }
                <code>{ "workspaces.repoUrlParamKeys" }</code>
                { " is empty in the app config." }
            </Placeholder>
        },
        ListState::NoResultsForRepo(url) => {
            let cta = props.creation_url.clone().map(|href| {
                html! {
                    <a class="cta" {href} target="_blank" rel="noreferrer noopener">
                        { "Create workspace" }
                        <span class="sr-only">{ " (Link opens in new tab)" }</span>
                    </a>
                }
            });
            html! {
                <Placeholder extra={cta.unwrap_or_default()}>
                    { "No workspaces found for repo" }
                    <code class="repo-url">{ url.clone() }</code>
                </Placeholder>
            }
        }
        ListState::NoResults => html! {
            <Placeholder>{ "No workspaces returned for your query" }</Placeholder>
        },
        ListState::Failed(err) => {
            let on_retry = props.on_retry.clone();
            html! {
                <div class="list-error">
                    <ErrorBox title={err.title()} message={err.to_string()} />
                    <button type="button" class="retry"
                            onclick={move |_| on_retry.emit(())}>{ "Retry" }</button>
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
            let rows = if items.len() > WINDOW_THRESHOLD {
                html! { <WindowedRows items={items.clone()} /> }
            } else {
                html! {
                    <div class="list-scroll">
                        <ol class="ws-list">
                            { for items.iter().map(|item| html! {
                                <WorkspacesListItem key={item.id.as_str()} item={item.clone()} />
                            }) }
                        </ol>
                    </div>
                }
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

#[derive(Properties, PartialEq)]
struct PlaceholderProps {
    /// Announce changes (`role="status"`, `aria-live="polite"`).
    #[prop_or_default]
    live: bool,
    /// Shown under the text (the call to action).
    #[prop_or_default]
    extra: Html,
    children: Html,
}

/// Our logo above a centred message.
#[function_component]
fn Placeholder(props: &PlaceholderProps) -> Html {
    let (role, live) = if props.live {
        (Some("status"), Some("polite"))
    } else {
        (None, None)
    };
    html! {
        <div class="placeholder" {role} aria-live={live}>
            { icons::logo() }
            <p class="placeholder-text">{ props.children.clone() }</p>
            { props.extra.clone() }
        </div>
    }
}
