//! A workspace's avatar: its template icon, or its initial.

use yew::prelude::*;

/// Props of [`workspaces_list_icon`].
#[derive(Properties, PartialEq)]
pub struct WorkspacesListIconProps {
    /// The icon to show (see `card::ItemView::icon_src`), or `None` for
    /// the initial.
    #[prop_or_default]
    pub src: Option<AttrValue>,
    /// The icon is one of the deployment's emoji, drawn edge to edge:
    /// shrunk to fit the circle.
    #[prop_or_default]
    pub emoji: bool,
    /// The letter shown without an icon or when it fails to load.
    pub initial: char,
}

/// A decorative (`aria-hidden`) circle holding a plain `<img>` (no
/// referrer, lazily loaded; a proxied icon is already a `data:` URL) or the
/// initial. A load error switches to the initial for that `src` only, so a
/// new `src` gets a fresh try; `failed` holds the src that failed, if any.
pub fn workspaces_list_icon(
    props: &WorkspacesListIconProps,
    failed: &UseStateHandle<Option<AttrValue>>,
) -> Html {
    let src = props
        .src
        .as_ref()
        .filter(|src| failed.as_ref() != Some(*src));
    let content = match src {
        Some(src) => {
            let onerror = {
                let failed = failed.clone();
                let src = src.clone();
                Callback::from(move |_: Event| failed.set(Some(src.clone())))
            };
            let emoji = props.emoji;
            html! {
                <img class={classes!("ws-icon-img", emoji.then_some("ws-icon-emoji"))}
                     src={src.clone()} alt="" referrerpolicy="no-referrer" loading="lazy"
                     {onerror} />
            }
        }
        None => html! { <span class="ws-icon-initial">{ props.initial }</span> },
    };
    html! { <div class="ws-icon" aria-hidden="true">{ content }</div> }
}
