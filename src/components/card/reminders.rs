//! Help disclosures at the bottom of the card.

use yew::prelude::*;

use super::next_id;

/// Props of [`ReminderAccordion`].
#[derive(Properties, PartialEq)]
pub struct ReminderAccordionProps {
    /// Show "Why am I not seeing any workspaces?" (the card reads entity
    /// data but has no repository URL to filter by).
    #[prop_or_default]
    pub show_entity_reminder: bool,
    /// Show "Why can't I make a new workspace?" (no creation URL).
    #[prop_or_default]
    pub show_template_reminder: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    Entity,
    Template,
}

/// A group named "Help" of up to two disclosures, at most one open.
/// Each panel always exists (`hidden` while collapsed), so the button's
/// `aria-controls` always points at something. Renders nothing when
/// neither disclosure applies.
#[function_component]
pub fn ReminderAccordion(props: &ReminderAccordionProps) -> Html {
    let open = use_state_eq(|| None::<Item>);
    let ids = use_memo((), |_| {
        [next_id("coder-help-entity"), next_id("coder-help-template")]
    });
    if !props.show_entity_reminder && !props.show_template_reminder {
        return Html::default();
    }
    let disclosure = |item: Item, id: &AttrValue, header: &'static str, body: Html| {
        let expanded = *open == Some(item);
        let onclick = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| open.set((!expanded).then_some(item)))
        };
        html! {
            <div class="disclosure">
                <button type="button" class="disclosure-button"
                        aria-expanded={if expanded { "true" } else { "false" }}
                        aria-controls={id.clone()} {onclick}>
                    <span class="disclosure-arrow" aria-hidden="true">
                        { if expanded { "\u{25BC}" } else { "\u{25BA}" } }
                    </span>
                    { " " }{ header }
                </button>
                <div class="disclosure-panel" id={id.clone()} hidden={!expanded}>{ body }</div>
            </div>
        }
    };
    html! {
        <div class="reminders" role="group" aria-label="Help">
            if props.show_entity_reminder {
                { disclosure(Item::Entity, &ids[0], "Why am I not seeing any workspaces?", entity_help()) }
            }
            if props.show_template_reminder {
                { disclosure(Item::Template, &ids[1], "Why can't I make a new workspace?", template_help()) }
            }
        </div>
    }
}

fn entity_help() -> Html {
    html! {
        <>
            <p>
                { "This card lists the workspaces whose build parameter (one of the names in " }
                <code>{ "workspaces.repoUrlParamKeys" }</code>
                { " in the app config) equals this entity's repository URL, which comes from its " }
                <code>{ "backstage.io/source-location" }</code>
                { " annotation." }
            </p>
            <p>
                { "Check that the entity has that annotation, that your templates have a \
                   parameter with one of those names, and that your workspaces were created \
                   with it set to this repository's URL. To list all of your workspaces \
                   instead, turn off reading entity data for this card." }
            </p>
        </>
    }
}

fn template_help() -> Html {
    html! {
        <p>
            { "A new workspace needs a template name. Set a default with " }
            <code>{ "workspaces.defaultTemplateName" }</code>
            { " in the app config, or set one for this component with " }
            <code>{ "spec.coder.templateName" }</code>
            { " in its " }
            <code>{ "catalog-info.yaml" }</code>
            { "." }
        </p>
    }
}
