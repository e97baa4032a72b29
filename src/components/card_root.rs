//! What `<coder-workspaces-card>` renders.

use std::rc::Rc;

use yew::prelude::*;

use super::{ErrorBox, ProviderView};
use crate::bridge::inputs::{CardInputs, EntityInput};
use crate::config::{compile, CompiledConfig};

/// Props of [`CardRoot`].
#[derive(Properties, PartialEq)]
pub struct CardRootProps {
    /// The card's own inputs.
    pub inputs: Rc<CardInputs>,
    /// Its provider.
    pub provider: ProviderView,
}

/// Root component of `<coder-workspaces-card>`.
#[function_component]
pub fn CardRoot(props: &CardRootProps) -> Html {
    let inputs = &props.inputs;
    let compiled = compile_for(inputs, &props.provider);
    let subheader = match &compiled {
        Ok(c) if c.reading_entity_data => c.repo_url.as_ref().map(|repo| {
            html! { <p class="subheader">{ "Results filtered by repo: " }{ repo.clone() }</p> }
        }),
        _ => None,
    };
    let create_link = match compiled.as_ref().ok().and_then(|c| c.creation_url.clone()) {
        Some(url) => html! {
            <a class="create" href={url} target="_blank" rel="noreferrer noopener">
                { "Add a new workspace" }
            </a>
        },
        None => html! {
            <a class="create" aria-disabled="true" role="link"
               title="Please add a template name value. More info available in the accordion at the bottom of this widget.">
                { "Add a new workspace" }
            </a>
        },
    };
    let body = match &compiled {
        Ok(c) => config_summary(c),
        Err((title, message)) => html! { <ErrorBox title={*title} message={message.clone()} /> },
    };
    html! {
        <article class="card" aria-labelledby="card-title">
            <header class="card-header">
                <div>
                    <h2 id="card-title" class="title">{ inputs.header_text.clone() }</h2>
                    { for subheader }
                </div>
                { create_link }
            </header>
            <div class="card-body">{ body }</div>
        </article>
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

fn config_summary(c: &CompiledConfig) -> Html {
    let row = |term: &'static str, value: String| {
        html! { <><dt>{ term }</dt><dd class="mono">{ value }</dd></> }
    };
    html! {
        <dl class="summary" aria-label="Workspace settings for this card">
            { row("Deployment", c.access_url.clone()) }
            { row("Template", c.template_name.clone().unwrap_or_else(|| "(none)".to_owned())) }
            { row("Mode", c.mode.as_str().to_owned()) }
            { for c.params.iter().map(|(k, v)| {
                let mut term = "param.".to_owned();
                term.push_str(k);
                html! { <><dt class="mono">{ term }</dt><dd class="mono">{ v.to_owned() }</dd></> }
            }) }
        </dl>
    }
}
