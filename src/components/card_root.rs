//! What `<coder-workspaces-card>` renders: the header, and either the
//! sign-in form or the search box, list and reminders. State flows in from
//! the provider; user actions go out as provider commands.

use std::rc::Rc;

use yew::prelude::*;

use super::card::{
    create_workspace_link, header_row, status_line, workspaces_list, CreateWorkspaceLinkProps,
    ExtraActionsButton, HeaderRowProps, ListFreshness, ReminderAccordion, SearchBox,
    WorkspacesListProps,
};
use super::error_box;
use super::ids::next_number;
use super::sign_in::sign_in;
use crate::auth::AuthEvent;
use crate::card::{
    list_state, plan_card, Activities, CardInputs, IconImages, QueryPlan, QueryResult,
};
use crate::host::browser::announce_to_host;
use crate::provider::Command;
use crate::provider::{ProviderView, RowActions};

/// Props of [`CardRoot`].
#[derive(Properties, PartialEq, Clone)]
pub struct CardRootProps {
    /// The card's own inputs.
    pub inputs: Rc<CardInputs>,
    /// Its provider.
    pub provider: ProviderView,
}

/// Name of the event a card fires when its search filter changes.
pub const QUERY_CHANGE_EVENT: &str = "coder-query-change";

/// Root component of `<coder-workspaces-card>`.
#[function_component]
pub fn CardRoot(props: &CardRootProps) -> Html {
    let inputs = &props.inputs;
    let provider = &props.provider;
    let typed = use_state(|| inputs.default_query.clone());
    let root = use_node_ref();
    let form = *use_memo((), |_| next_number());
    // The user asked for a refresh (⋮ → Refresh, Retry) since the filter
    // last changed: the card then says when it came back.
    let asked = use_state(|| false);
    let plan = plan_card(
        inputs,
        provider.app_config().map_err(|p| p.message()),
        &typed,
        provider.is_fetching(),
    );

    // Counts this card in while it is mounted, so a restrained provider
    // hides its fallback button.
    {
        let provider = provider.clone();
        use_effect_with(provider.id(), move |_| {
            provider.send(Command::CardMounted);
            move || provider.send(Command::CardUnmounted)
        });
    }

    // Watch the card's queries while it shows them; the cleanup unwatches,
    // so a removed card stops polling at once.
    {
        let provider = provider.clone();
        use_effect_with(
            (provider.id(), plan.watched.clone()),
            move |(_, watched)| {
                let watched = watched.clone();
                for key in &watched {
                    provider.send(Command::Watch(key.clone()));
                }
                move || {
                    for key in watched {
                        provider.send(Command::Unwatch(key));
                    }
                }
            },
        );
    }

    let header_text = AttrValue::from(inputs.header_text.clone());
    let heading_id = AttrValue::from("coder-card-title");
    let compiled = match &plan.config {
        Ok(c) => c,
        Err(problem) => {
            return html! {
                <article class="card" aria-labelledby="coder-card-title">
                    { header_row(&HeaderRowProps { header_text, heading_id, repo_url: None, repo_filter_text: None, children: Html::default() }) }
                    <div class="card-body">{ error_box(problem.title.into(), problem.message.clone().into()) }</div>
                </article>
            }
        }
    };
    if provider.id().is_none() {
        return Html::default();
    }
    let repo_url = (inputs.read_entity_data)
        .then(|| compiled.repo_url.clone().map(AttrValue::from))
        .flatten();
    let creation_url = compiled.creation_url.clone().map(AttrValue::from);

    if !provider.is_authenticated() {
        // No "Results filtered by repo" over a sign-in form: there are no
        // results yet.
        return html! {
            <article class="card" aria-labelledby="coder-card-title" ref={root}>
                { header_row(&HeaderRowProps { header_text, heading_id, repo_url: None, repo_filter_text: None, children: Html::default() }) }
                <div class="card-body">
                    { sign_in(&props.provider, 3, form) }
                </div>
            </article>
        };
    }

    let results = provider.results(&plan.keys);
    let icons = provider.icons();
    let activities = provider.activities();
    let row_actions = provider.row_actions(&compiled.access_url);

    let on_refresh = {
        let provider = provider.clone();
        let keys = plan.keys.clone();
        let asked = asked.clone();
        Callback::from(move |_| {
            asked.set(true);
            provider.send(Command::Refresh(keys.clone()))
        })
    };
    let freshness = match provider.staleness(&plan.keys) {
        Some(stale) => ListFreshness::Stale(stale),
        None if provider.refreshing(&plan.keys) => ListFreshness::Refreshing,
        None if *asked => provider
            .answered_at(&plan.keys)
            .map_or(ListFreshness::Live, ListFreshness::UpdatedAt),
        None => ListFreshness::Live,
    };
    let stale = matches!(freshness, ListFreshness::Stale(_));
    let on_unlink = {
        let provider = provider.clone();
        Callback::from(move |_| provider.send(Command::Auth(AuthEvent::Unlink)))
    };
    let on_change = {
        let typed = typed.clone();
        let filter = plan.filter.clone();
        let root = root.clone();
        let asked = asked.clone();
        Callback::from(move |text: String| {
            if filter != text {
                asked.set(false);
                if let Some(node) = root.get() {
                    announce_to_host(&node, QUERY_CHANGE_EVENT, &text);
                }
            }
            if *typed != text {
                typed.set(text);
            }
        })
    };
    let show_entity_reminder = inputs.read_entity_data && compiled.repo_url.is_none();
    let show_template_reminder = compiled.creation_url.is_none();

    html! {
        <article class="card" role="search" aria-labelledby="coder-card-title" ref={root}>
            { header_row(&HeaderRowProps {
                header_text,
                heading_id,
                repo_url,
                repo_filter_text: None,
                children: html! {<>
                    { create_workspace_link(&CreateWorkspaceLinkProps {
                        creation_url: creation_url.clone(),
                    }) }
                    <ExtraActionsButton on_refresh={on_refresh.clone()} {on_unlink} />
                </>},
            }) }
            <div class="card-search">
                <SearchBox initial={AttrValue::from(plan.filter.clone())} {on_change} />
            </div>
            { status_line(&freshness, &on_refresh) }
            <div class={classes!("results", stale.then_some("stale"))}>
                <ResultsList
                    plan={plan.queries}
                    {results}
                    repo_url={compiled.repo_url.clone().map(AttrValue::from)}
                    access_url={AttrValue::from(compiled.access_url.clone())}
                    {icons}
                    {activities}
                    {row_actions}
                    {creation_url}
                    on_retry={on_refresh}
                />
            </div>
            <ReminderAccordion {show_entity_reminder} {show_template_reminder} />
        </article>
    }
}

/// Props of [`ResultsList`].
#[derive(Properties)]
struct ResultsListProps {
    plan: QueryPlan,
    /// One entry per planned request. Unchanged answers keep their `Rc`, so
    /// comparing these props is cheap and a poll with identical data
    /// re-renders nothing.
    results: Vec<Option<QueryResult>>,
    repo_url: Option<AttrValue>,
    access_url: AttrValue,
    /// The provider's fetched icons (replaced on every change, so equal
    /// `Rc`s mean nothing new).
    icons: Rc<IconImages>,
    /// The rows' actions (replaced on every change, like `icons`).
    activities: Rc<Activities>,
    row_actions: Option<RowActions>,
    creation_url: Option<AttrValue>,
    on_retry: Callback<()>,
}

/// `on_retry` is left out of the comparison: the parent makes a new
/// callback every render, but what it does (refresh the plan's queries)
/// follows from `plan`, which is compared.
impl PartialEq for ResultsListProps {
    fn eq(&self, other: &Self) -> bool {
        self.plan == other.plan
            && self.results == other.results
            && self.repo_url == other.repo_url
            && self.access_url == other.access_url
            && Rc::ptr_eq(&self.icons, &other.icons)
            && Rc::ptr_eq(&self.activities, &other.activities)
            && self.row_actions == other.row_actions
            && self.creation_url == other.creation_url
    }
}

/// The list for a card's query results. A component of its own so Yew skips
/// it (and the rows) whenever the results did not change.
#[function_component]
fn ResultsList(props: &ResultsListProps) -> Html {
    let state = list_state(
        &props.plan,
        &props.results,
        props.repo_url.as_deref(),
        &props.access_url,
        &props.icons,
        &props.activities,
    );
    workspaces_list(&WorkspacesListProps {
        state,
        creation_url: props.creation_url.clone(),
        on_retry: props.on_retry.clone(),
        actions: props.row_actions.clone(),
    })
}
