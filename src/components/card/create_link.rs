//! The header's "Add a new workspace" link, disabled with an explanation
//! when there is no creation URL.

use yew::prelude::*;

use super::svg_icons;

/// The tooltip (and name) of the enabled link.
pub const CREATE_TOOLTIP: &str = "Add a new workspace";
/// The tooltip of the disabled link.
pub const NO_TEMPLATE_TOOLTIP: &str = "Please add a template name value. More info available in \
     the accordion at the bottom of this widget.";
/// The accessible name of the disabled link.
pub const NO_TEMPLATE_NAME: &str = "This component does not have a usable template name. Please \
     see the disclosure section in this widget for steps on adding this information.";

/// Props of [`create_workspace_link`].
#[derive(Properties, PartialEq)]
pub struct CreateWorkspaceLinkProps {
    /// Where a new workspace is made; `None` disables the link.
    #[prop_or_default]
    pub creation_url: Option<AttrValue>,
    /// Replaces the enabled link's tooltip and name ("Add a new
    /// workspace"), upstream's `tooltipText`.
    #[prop_or_default]
    pub tooltip: Option<AttrValue>,
}

/// The tooltip's element id: one link per card, whose shadow root is the
/// scope `aria-describedby` resolves in.
const TOOLTIP_ID: &str = "coder-create-tip";

/// A round icon link opening the creation page in a new tab. Its tooltip
/// shows on hover and on keyboard focus (CSS). Without a URL it has no
/// `href`, is `aria-disabled`, and stays focusable so keyboard users reach
/// the explanation, which is also its accessible description. A function,
/// not a component: it has no state (each component type costs about 2 KB
/// of wasm).
pub fn create_workspace_link(props: &CreateWorkspaceLinkProps) -> Html {
    let enabled_tip = props
        .tooltip
        .clone()
        .unwrap_or(AttrValue::Static(CREATE_TOOLTIP));
    let link = match &props.creation_url {
        Some(url) => html! {
            <a class="icon-button create-link" role="link" href={url.clone()}
               target="_blank" rel="noreferrer noopener">
                { svg_icons::plus_circle() }
                <span class="sr-only">{ enabled_tip.clone() }{ " (Link opens in new tab)" }</span>
            </a>
        },
        None => html! {
            <a class="icon-button create-link" role="link" aria-disabled="true" tabindex="0"
               aria-describedby={TOOLTIP_ID}>
                { svg_icons::plus_circle() }
                <span class="sr-only">{ NO_TEMPLATE_NAME }</span>
            </a>
        },
    };
    let (tooltip, wide) = match props.creation_url {
        Some(_) => (enabled_tip, false),
        None => (AttrValue::Static(NO_TEMPLATE_TOOLTIP), true),
    };
    html! {
        <span class="has-tooltip">
            { link }
            <span role="tooltip" id={TOOLTIP_ID}
                  class={classes!("tooltip", wide.then_some("tooltip-wide"))}>
                { tooltip }
            </span>
        </span>
    }
}
