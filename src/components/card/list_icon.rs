//! A workspace's avatar: its template icon, or its initial.

use yew::prelude::*;

/// Props of [`workspaces_list_icon`].
#[derive(Properties, PartialEq)]
pub struct WorkspacesListIconProps {
    /// A vetted icon URL (see `client::icons`), or `None` for the initial.
    #[prop_or_default]
    pub src: Option<AttrValue>,
    /// The letter shown without an icon or when it fails to load.
    pub initial: char,
}

/// A decorative (`aria-hidden`) circle holding a plain `<img>` (no
/// referrer, lazily loaded, never fetched with credentials by us) or the
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
            // Emoji icons are drawn edge to edge; shrink them to fit the circle.
            let emoji = src.contains("/emoji/");
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
