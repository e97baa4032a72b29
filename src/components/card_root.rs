//! What `<coder-workspaces-card>` renders: the header, and either the
//! sign-in form or the search box, list and reminders. State flows in from
//! the provider; user actions go out as provider commands.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::card::{
    header_row, workspaces_list, CreateWorkspaceLink, ExtraActionsButton, HeaderRowProps,
    ReminderAccordion, SearchBox, WorkspacesListProps,
};
use super::sign_in::sign_in;
use super::{error_box, ProviderView};
use crate::auth::AuthEvent;
use crate::card::{list_state, plan_queries, CardInputs, EntityInput, QueryPlan, QueryResult};
use crate::config::{compile, CompiledConfig};
use crate::provider::Command;

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
    let typed = use_state(|| inputs.default_query.clone());
    // A host-controlled filter wins over what was typed.
    let filter = inputs.query_filter.as_ref().unwrap_or(&*typed).clone();
    let root = use_node_ref();
    let compiled = compile_for(inputs, &props.provider);
    let shared = props.provider.shared().cloned();

    // Count this card as one that can show the sign-in form, so a
    // restrained provider hides its fallback button while it is mounted.
    {
        let shared = shared.clone();
        let id = shared.as_ref().map(|s| s.id());
        use_effect_with(id, move |_| {
            if let Some(s) = &shared {
                s.count_form_consumer(1);
                s.notify();
            }
            move || {
                if let Some(s) = shared {
                    s.count_form_consumer(-1);
                    s.notify();
                }
            }
        });
    }

    let authed = shared
        .as_ref()
        .is_some_and(|s| s.auth().status().is_authenticated());
    // A token being checked already fetches the card's queries (the
    // answers wait for the check), so the card watches them then too.
    let fetching = authed
        || shared
            .as_ref()
            .is_some_and(|s| s.auth().token_on_trial().is_some());
    let plan = match &compiled {
        Ok(c) => plan_queries(
            &filter,
            inputs
                .read_entity_data
                .then_some((c.repo_url.as_deref(), c.repo_url_param_keys.as_slice())),
        ),
        Err(_) => QueryPlan::NoRepoUrl,
    };
    let keys: Vec<String> = match &plan {
        QueryPlan::Plain(q) => vec![q.clone()],
        QueryPlan::ByRepo(qs) => qs.clone(),
        _ => Vec::new(),
    };

    // Watch the card's queries while it shows them; the cleanup unwatches,
    // so a removed card stops polling at once.
    {
        let shared = shared.clone();
        let id = shared.as_ref().map(|s| s.id());
        use_effect_with(
            (id, keys.clone(), fetching, compiled.is_ok()),
            move |(_, keys, fetching, ok)| {
                let watched = if *fetching && *ok {
                    keys.clone()
                } else {
                    Vec::new()
                };
                if let Some(s) = &shared {
                    for key in &watched {
                        s.send(Command::Watch(key.clone()));
                    }
                }
                move || {
                    if let Some(s) = shared {
                        for key in watched {
                            s.send(Command::Unwatch(key));
                        }
                    }
                }
            },
        );
    }

    let header_text = AttrValue::from(inputs.header_text.clone());
    let heading_id = AttrValue::from("coder-card-title");
    let compiled = match compiled {
        Ok(c) => c,
        Err((title, message)) => {
            return html! {
                <article class="card" aria-labelledby="coder-card-title">
                    { header_row(&HeaderRowProps { header_text, heading_id, repo_url: None, repo_filter_text: None, children: Html::default() }) }
                    <div class="card-body">{ error_box(title.into(), message.into()) }</div>
                </article>
            }
        }
    };
    let Some(shared) = shared else {
        return Html::default();
    };
    let repo_url = (inputs.read_entity_data)
        .then(|| compiled.repo_url.clone().map(AttrValue::from))
        .flatten();
    let creation_url = compiled.creation_url.clone().map(AttrValue::from);

    if !authed {
        return html! {
            <article class="card" aria-labelledby="coder-card-title" ref={root}>
                { header_row(&HeaderRowProps { header_text, heading_id, repo_url, repo_filter_text: None, children: Html::default() }) }
                <div class="card-body">
                    { sign_in(&props.provider, 3) }
                </div>
            </article>
        };
    }

    let results: Vec<_> = {
        let cache = shared.cache();
        keys.iter().map(|k| cache.result(k).cloned()).collect()
    };
    let proxy_base = AttrValue::from(shared.proxy_base().unwrap_or_default());

    let on_refresh = {
        let shared = shared.clone();
        let keys = keys.clone();
        Callback::from(move |_| shared.send(Command::Refresh(keys.clone())))
    };
    let on_unlink = {
        let shared = shared.clone();
        Callback::from(move |_| shared.send(Command::Auth(AuthEvent::Unlink)))
    };
    let on_change = {
        let typed = typed.clone();
        let filter = filter.clone();
        let root = root.clone();
        Callback::from(move |text: String| {
            if filter != text {
                announce_query(&root, &text);
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
                    <CreateWorkspaceLink creation_url={creation_url.clone()} />
                    <ExtraActionsButton on_refresh={on_refresh.clone()} {on_unlink} />
                </>},
            }) }
            <div class="card-search">
                <SearchBox initial={AttrValue::from(filter)} {on_change} />
            </div>
            <ResultsList
                {plan}
                {results}
                repo_url={compiled.repo_url.clone().map(AttrValue::from)}
                access_url={AttrValue::from(compiled.access_url.clone())}
                {proxy_base}
                {creation_url}
                on_retry={on_refresh}
            />
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
    proxy_base: AttrValue,
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
            && self.proxy_base == other.proxy_base
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
        &props.proxy_base,
    );
    workspaces_list(&WorkspacesListProps {
        state,
        creation_url: props.creation_url.clone(),
        on_retry: props.on_retry.clone(),
    })
}

/// Fires `coder-query-change` (detail: the new filter) on the host element,
/// so a host page can persist the query.
fn announce_query(root: &NodeRef, text: &str) {
    let Some(node) = root.get() else { return };
    let Some(host) = node
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .map(|r| r.host())
    else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&wasm_bindgen::JsValue::from_str(text));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(QUERY_CHANGE_EVENT, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// The compiled config, or a titled error for the card to show.
fn compile_for(
    inputs: &CardInputs,
    provider: &ProviderView,
) -> Result<CompiledConfig, (&'static str, String)> {
    let app = provider
        .app_config()
        .map_err(|p| ("Coder is not set up here", p.message()))?;
    let entity = match (&inputs.entity, inputs.read_entity_data) {
        (_, false) => None,
        (EntityInput::Ready(entity), true) => Some(entity.clone()),
        (EntityInput::Invalid(err), true) => return Err(("Entity data error", err.to_string())),
        (EntityInput::None, true) => {
            return Err((
                "No entity to read",
                "read-entity-data is set but the card has no entity. Set its entity \
                 property (or its catalog-info attribute), or remove read-entity-data."
                    .to_owned(),
            ))
        }
    };
    Ok(compile(&app, entity.as_deref()))
}
