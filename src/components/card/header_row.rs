//! The card's header: title, optional repo-filter subheader, actions.

use yew::prelude::*;

use crate::card::repo_filter_text;

/// Props of [`header_row`].
#[derive(Properties, PartialEq)]
pub struct HeaderRowProps {
    /// The heading text.
    #[prop_or(AttrValue::Static("Coder Workspaces"))]
    pub header_text: AttrValue,
    /// The heading's id (the card's `aria-labelledby` target).
    pub heading_id: AttrValue,
    /// The heading's level, 1 to 6 (`h2` by default, as upstream's).
    #[prop_or(2)]
    pub level: u8,
    /// The repository URL the card filters by, when it reads entity data.
    /// Shows the "Results filtered by repo…" subheader, with the full URL in
    /// its `title`.
    #[prop_or_default]
    pub repo_url: Option<AttrValue>,
    /// Replaces the computed subheader text (shown only with `repo_url`).
    #[prop_or_default]
    pub repo_filter_text: Option<AttrValue>,
    /// The actions (create link, menu button).
    #[prop_or_default]
    pub children: Html,
}

/// A heading (`h2` unless told) with the given id, the subheader, then the actions.
pub fn header_row(props: &HeaderRowProps) -> Html {
    let subheader = props.repo_url.as_ref().map(|url| {
        let text = match &props.repo_filter_text {
            Some(custom) => html! { custom.clone() },
            // The repo's name moves to the next line whole rather than
            // break at its hyphens ("backstage-" / "plugins").
            // (A char pattern: a string one brings in a substring searcher.)
            None => match repo_filter_text(url).split_once(':') {
                Some((label, name)) => html! {<>
                    { label.to_owned() }{ ": " }<span class="repo-name">{ name.trim_start().to_owned() }</span>
                </>},
                None => html! { repo_filter_text(url) },
            },
        };
        html! { <p class="subheader" title={url.clone()}>{ text }</p> }
    });
    let tag = match props.level {
        1 => "h1",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        6 => "h6",
        _ => "h2",
    };
    html! {
        <div class="header-row">
            <hgroup class="header-text">
                <@{tag} id={props.heading_id.clone()} class="title">{ props.header_text.clone() }</@>
                { for subheader }
            </hgroup>
            <div class="header-actions">{ props.children.clone() }</div>
        </div>
    }
}
