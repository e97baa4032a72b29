//! What a `<coder-workspaces-card-*>` part element renders: its one part,
//! from the card root it found; the list item and icon from their provider
//! alone. Without what it needs, a part says so in place (upstream throws).

use std::rc::Rc;

use yew::prelude::*;

use super::card::{workspaces_list_icon, WorkspacesListIconProps, WorkspacesListItem};
use super::card_parts::{
    create_link_part, extra_actions_part, list_part, reminders_part, search_box_part, CardView,
    HeaderRowPart,
};
use super::error_box;
use crate::card::{
    initial_of, is_emoji_icon, missing_root_message, ItemView, PartInputs, PartKind,
};
use crate::config::IconSources;
use crate::provider::ProviderView;

/// Props of [`PartRoot`].
#[derive(Properties, PartialEq, Clone)]
pub struct PartRootProps {
    /// Which part.
    pub kind: PartKind,
    /// Its attributes and properties.
    pub inputs: Rc<PartInputs>,
    /// The card root it found (parts that need one).
    #[prop_or_default]
    pub card: Option<CardView>,
    /// The provider it found (the list item and icon).
    #[prop_or_else(ProviderView::none)]
    pub provider: ProviderView,
}

/// What a part element renders (a function: the pooled app's root is
/// the component).
pub fn part_root(props: &PartRootProps) -> Html {
    let inputs = &props.inputs;
    if !props.kind.needs_root() {
        return match props.kind {
            PartKind::WorkspacesListItem => list_item_part(&props.provider, inputs),
            _ => html! {
                <ListIconPart provider={props.provider.clone()} inputs={inputs.clone()} />
            },
        };
    }
    let Some(card) = props.card.clone() else {
        return error_box(
            "No CoderWorkspacesCardRoot".into(),
            missing_root_message(props.kind).into(),
        );
    };
    // The root shows why its card cannot show anything (no provider, a
    // config error) and hides its parts while signed out: a part adds
    // nothing to that.
    if card.provider().id().is_none() || card.plan().config.is_err() {
        return Html::default();
    }
    let text = |t: &Option<String>| t.clone().map(AttrValue::from);
    match props.kind {
        PartKind::HeaderRow => html! {
            <HeaderRowPart {card} header_text={text(&inputs.header_text)}
                level={inputs.header_level} repo_filter_text={text(&inputs.repo_filter_text)}
                report_heading={true}>
                <slot name="actions"></slot>
            </HeaderRowPart>
        },
        PartKind::SearchBox => search_box_part(&card),
        PartKind::WorkspacesList => list_part(&card, true, inputs.custom_items),
        PartKind::CreateWorkspacesLink => create_link_part(&card, text(&inputs.tooltip_text)),
        PartKind::ExtraActionsButton => extra_actions_part(&card),
        _ => reminders_part(&card, inputs.entity_reminder, inputs.template_reminder),
    }
}

/// Props of the parts that need only a provider.
#[derive(Properties, PartialEq)]
struct FreePartProps {
    provider: ProviderView,
    inputs: Rc<PartInputs>,
}

/// One row for the workspace in the `workspace` property, with its
/// provider's links, icons and actions.
fn list_item_part(provider: &ProviderView, inputs: &PartInputs) -> Html {
    let workspace = match &inputs.workspace {
        Some(Ok(workspace)) => workspace,
        Some(Err(message)) => return error_box("Not a workspace".into(), message.clone().into()),
        None => {
            return error_box(
                "No workspace".into(),
                "CoderWorkspacesCardWorkspacesListItem needs a workspace: set its workspace \
                 property to a Coder workspace object."
                    .into(),
            )
        }
    };
    let config = match provider.app_config() {
        Ok(config) => config,
        Err(problem) => {
            return error_box("Coder is not set up here".into(), problem.message().into())
        }
    };
    let access_url = config.access_url.as_str();
    let activities = provider.activities();
    let item = ItemView::new(
        workspace,
        access_url,
        &mut IconSources::new(access_url),
        &provider.icons(),
        activities.get(&workspace.id),
    );
    html! {
        <WorkspacesListItem {item} position={(0, 1)}
            actions={provider.row_actions(access_url)} />
    }
}

/// An avatar for `src` and `workspace-name`: the icon once signed in (a
/// deployment icon as the provider fetched it), the initial otherwise.
#[function_component]
fn ListIconPart(props: &FreePartProps) -> Html {
    let failed = use_state_eq(|| None::<AttrValue>);
    let inputs = &props.inputs;
    let initial = initial_of(inputs.workspace_name.as_deref().unwrap_or(""));
    let src = match (props.provider.app_config(), &inputs.src) {
        (Ok(config), Some(src)) if props.provider.is_authenticated() => {
            let access_url = config.access_url.as_str();
            IconSources::new(access_url)
                .get(src)
                .and_then(|source| props.provider.icons().src(&source))
        }
        _ => None,
    };
    let emoji = inputs.src.as_deref().is_some_and(is_emoji_icon);
    workspaces_list_icon(
        &WorkspacesListIconProps {
            src: src.map(AttrValue::from),
            emoji,
            initial,
        },
        &failed,
    )
}
