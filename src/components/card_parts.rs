//! The card's parts as components reading one shared card state
//! ([`CardView`]): `<coder-workspaces-card>` renders them all in its own
//! app, and each `<coder-workspaces-card-*>` part element renders one in
//! its own shadow root, from the state of the card root it found.

use std::rc::Rc;

use yew::prelude::*;

use super::card::{
    create_workspace_link, header_row, status_line, workspaces_list, CreateWorkspaceLinkProps,
    ExtraActionsButton, HeaderRowProps, ListFreshness, ReminderAccordion, SearchBox,
    WorkspacesListProps,
};
use crate::auth::AuthEvent;
use crate::card::{list_state, plan_card, CardPlan, CardShared, QueryPlan, QueryResult};
use crate::card::{Activities, CardInputs, IconImages};
use crate::config::CompiledConfig;
use crate::provider::{Command, ProviderShared, ProviderView, RowActions};

/// The state a card shares with its parts, following a provider.
pub type CardState = CardShared<Rc<ProviderShared>>;

/// A part's view of its card: the shared state, the revision it was
/// rendered at, and the card's provider as it was then, so Yew re-renders
/// a part exactly when either changed.
#[derive(Clone)]
pub struct CardView {
    state: Rc<CardState>,
    revision: u64,
    provider: ProviderView,
}

impl PartialEq for CardView {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state)
            && self.revision == other.revision
            && self.provider == other.provider
    }
}

impl CardView {
    /// A view of `state` (and its provider) as they are now.
    pub fn of(state: &Rc<CardState>) -> Self {
        Self {
            revision: state.revision(),
            provider: ProviderView::of(state.provider().as_ref()),
            state: state.clone(),
        }
    }

    /// The card's provider.
    pub fn provider(&self) -> &ProviderView {
        &self.provider
    }

    /// The card's inputs.
    pub fn inputs(&self) -> Rc<CardInputs> {
        self.state.inputs()
    }

    /// The shared state itself (for callbacks).
    pub fn state(&self) -> &Rc<CardState> {
        &self.state
    }

    /// The card's plan now: its filter, config and queries.
    pub fn plan(&self) -> CardPlan {
        plan_card(
            &self.state.inputs(),
            self.provider.app_config().map_err(|p| p.message()),
            &self.state.typed(),
            self.provider.is_fetching(),
        )
    }

    /// Refreshes the plan's queries and remembers that the user asked.
    pub fn on_refresh(&self, keys: Vec<String>) -> Callback<()> {
        let state = self.state.clone();
        let provider = self.provider.clone();
        Callback::from(move |_| {
            state.set_asked();
            provider.send(Command::Refresh(keys.clone()))
        })
    }
}

/// The repo URL the header names: only for a card reading entity data.
fn shown_repo(inputs: &CardInputs, config: &CompiledConfig) -> Option<AttrValue> {
    (inputs.read_entity_data)
        .then(|| config.repo_url.clone().map(AttrValue::from))
        .flatten()
}

/// Props of [`HeaderRowPart`].
#[derive(Properties, PartialEq)]
pub struct HeaderRowPartProps {
    /// The card.
    pub card: CardView,
    /// Replaces the card's header text.
    #[prop_or_default]
    pub header_text: Option<AttrValue>,
    /// The heading level (1–6).
    #[prop_or(2)]
    pub level: u8,
    /// Replaces "Results filtered by repo: …".
    #[prop_or_default]
    pub repo_filter_text: Option<AttrValue>,
    /// Tell the card the heading's text (a part element: the card root
    /// names its landmark with it, as ids do not reach across shadow roots).
    #[prop_or_default]
    pub report_heading: bool,
    /// The actions.
    #[prop_or_default]
    pub children: Html,
}

/// The header row of a signed-in card.
#[function_component]
pub fn HeaderRowPart(props: &HeaderRowPartProps) -> Html {
    let inputs = props.card.inputs();
    let header_text = props
        .header_text
        .clone()
        .unwrap_or_else(|| AttrValue::from(inputs.header_text.clone()));
    {
        let state = props.card.state().clone();
        let text = props.report_heading.then(|| header_text.to_string());
        use_effect_with(text, move |text| {
            if text.is_some() {
                state.set_heading(text.clone());
            }
            move || state.set_heading(None)
        });
    }
    let repo_url = props
        .card
        .plan()
        .config
        .ok()
        .and_then(|c| shown_repo(&inputs, &c));
    header_row(&HeaderRowProps {
        header_text,
        heading_id: AttrValue::Static("coder-card-title"),
        level: props.level,
        repo_url,
        repo_filter_text: props.repo_filter_text.clone(),
        children: props.children.clone(),
    })
}

/// The search box, reporting to the card. Functions, not components, for
/// the parts without state of their own: each component type costs about
/// 2 KB of wasm.
pub fn search_box_part(card: &CardView) -> Html {
    let state = card.state().clone();
    let on_change = Callback::from(move |text: String| state.report_filter(&text));
    html! {
        <div class="card-search">
            <SearchBox initial={AttrValue::from(card.plan().filter)} {on_change} />
        </div>
    }
}

/// The create-workspace link for the card's creation URL; `tooltip`
/// replaces the enabled link's tooltip.
pub fn create_link_part(card: &CardView, tooltip: Option<AttrValue>) -> Html {
    let creation_url = card
        .plan()
        .config
        .ok()
        .and_then(|c| c.creation_url.map(AttrValue::from));
    create_workspace_link(&CreateWorkspaceLinkProps {
        creation_url,
        tooltip,
    })
}

/// The ⋮ menu: Refresh the card's queries, Unlink its provider's account.
pub fn extra_actions_part(card: &CardView) -> Html {
    let on_refresh = card.on_refresh(card.plan().keys);
    let provider = card.provider().clone();
    let on_unlink = Callback::from(move |_| provider.send(Command::Auth(AuthEvent::Unlink)));
    html! { <ExtraActionsButton {on_refresh} {on_unlink} /> }
}

/// The help disclosures that apply to the card's config; `entity` and
/// `template` are upstream's `canShowEntityReminder` and
/// `canShowTemplateNameReminder`.
pub fn reminders_part(card: &CardView, entity: bool, template: bool) -> Html {
    let Ok(config) = card.plan().config else {
        return Html::default();
    };
    let inputs = card.inputs();
    let show_entity_reminder = entity && inputs.read_entity_data && config.repo_url.is_none();
    let show_template_reminder = template && config.creation_url.is_none();
    html! { <ReminderAccordion {show_entity_reminder} {show_template_reminder} /> }
}

/// The status line and the list of the card's results. `slots`: a part
/// element, whose empty states can be replaced (an `empty-state` slot);
/// `custom_items`: the adopter renders the rows (a default slot).
pub fn list_part(card: &CardView, slots: bool, custom_items: bool) -> Html {
    let provider = card.provider();
    let plan = card.plan();
    let Ok(compiled) = &plan.config else {
        return Html::default();
    };
    let on_refresh = card.on_refresh(plan.keys.clone());
    let freshness = match provider.staleness(&plan.keys) {
        Some(stale) => ListFreshness::Stale(stale),
        None if provider.refreshing(&plan.keys) => ListFreshness::Refreshing,
        None if card.state().asked() => provider
            .answered_at(&plan.keys)
            .map_or(ListFreshness::Live, ListFreshness::UpdatedAt),
        None => ListFreshness::Live,
    };
    let stale = matches!(freshness, ListFreshness::Stale(_));
    html! {<>
        { status_line(&freshness, &on_refresh) }
        <div class={classes!("results", stale.then_some("stale"))}>
            <ResultsList
                plan={plan.queries}
                results={provider.results(&plan.keys)}
                repo_url={compiled.repo_url.clone().map(AttrValue::from)}
                access_url={AttrValue::from(compiled.access_url.clone())}
                icons={provider.icons()}
                activities={provider.activities()}
                row_actions={provider.row_actions(&compiled.access_url)}
                creation_url={compiled.creation_url.clone().map(AttrValue::from)}
                {slots}
                {custom_items}
                on_retry={on_refresh}
            />
        </div>
    </>}
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
    slots: bool,
    custom_items: bool,
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
            && self.slots == other.slots
            && self.custom_items == other.custom_items
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
        slots: props.slots,
        custom_items: props.custom_items,
    })
}
