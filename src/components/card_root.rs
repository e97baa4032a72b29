//! The card frame: `<coder-workspaces-card>` (the frame with every default
//! part inside) and `<coder-workspaces-card-root>` (the frame with slots
//! for the adopter's parts). The frame watches the card's queries and
//! shows the header and either the sign-in form or the parts. State lives
//! in the shared [`CardState`](super::CardState); user actions go out as
//! provider commands.

use yew::prelude::*;

use super::card::{header_row, HeaderRowProps};
use super::card_parts::{
    create_link_part, extra_actions_part, list_part, reminders_part, search_box_part, CardView,
    HeaderRowPart,
};
use super::error_box;
use super::ids::next_number;
use super::sign_in::sign_in;
use crate::provider::Command;

/// Props of [`CardRoot`].
#[derive(Properties, PartialEq, Clone)]
pub struct CardRootProps {
    /// The card's shared state and provider.
    pub card: CardView,
    /// A card root element: signed in, it shows its `header` slot and its
    /// default slot (the adopter's parts) instead of the default parts.
    #[prop_or_default]
    pub slots: bool,
}

/// Name of the event a card fires when its search filter changes.
pub const QUERY_CHANGE_EVENT: &str = "coder-query-change";

/// Root component of `<coder-workspaces-card>` and
/// `<coder-workspaces-card-root>`.
#[function_component]
pub fn CardRoot(props: &CardRootProps) -> Html {
    let card = &props.card;
    let provider = card.provider();
    let inputs = card.inputs();
    let form = *use_memo((), |_| next_number());
    let plan = card.plan();

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
    let plain_header = |header_text: AttrValue, heading_id: AttrValue| {
        header_row(&HeaderRowProps {
            header_text,
            heading_id,
            level: 2,
            repo_url: None,
            repo_filter_text: None,
            children: Html::default(),
        })
    };
    if let Err(problem) = &plan.config {
        return html! {
            <article class="card" aria-labelledby="coder-card-title">
                { plain_header(header_text, heading_id) }
                <div class="card-body">{ error_box(problem.title.into(), problem.message.clone().into()) }</div>
            </article>
        };
    }
    if provider.id().is_none() {
        return Html::default();
    }

    if !provider.is_authenticated() {
        // No "Results filtered by repo" over a sign-in form: there are no
        // results yet.
        return html! {
            <article class="card" aria-labelledby="coder-card-title">
                { plain_header(header_text, heading_id) }
                <div class="card-body">
                    { sign_in(provider, 3, form) }
                </div>
            </article>
        };
    }

    if props.slots {
        // The heading is in another shadow root (a header row part), which
        // `aria-labelledby` cannot reach: the landmark is named by its text.
        let label = card.state().heading().unwrap_or(inputs.header_text.clone());
        return html! {
            <article class="card" role="search" aria-label={label}>
                <slot name="header"></slot>
                <slot></slot>
            </article>
        };
    }

    html! {
        <article class="card" role="search" aria-labelledby="coder-card-title">
            <HeaderRowPart card={card.clone()}>
                { create_link_part(card, None) }
                { extra_actions_part(card) }
            </HeaderRowPart>
            { search_box_part(card) }
            { list_part(card, false, false) }
            { reminders_part(card, true, true) }
        </article>
    }
}
