//! The open shadow root each element renders into.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::card::PartKind;
use crate::components::auth::AUTH_CSS;
use crate::components::styles::{BASE_CSS, CARD_CSS, PROVIDER_CSS, SETTINGS_CSS};
use crate::host::spec::ElementKind;

/// Attribute marking the element Yew mounts into. Yew registers its
/// delegated event listeners on that element and never frees them, so mount
/// elements and their apps are reused (see `pool.rs`) rather than dropped.
pub const MOUNT_ATTR: &str = "data-coder-mount";

/// The stylesheet parts of an element of `kind`, in order.
pub fn stylesheet(kind: ElementKind) -> [&'static str; 4] {
    let own = match kind {
        ElementKind::Provider => PROVIDER_CSS,
        // A part renders a piece of the card, styled as in the card.
        ElementKind::Card | ElementKind::CardRoot | ElementKind::Part(_) => CARD_CSS,
        ElementKind::Settings => SETTINGS_CSS,
    };
    // The header's rule and a list's rule right under it (a composed card
    // without a search box between) would read double: they overlap.
    let part = match kind {
        ElementKind::Part(PartKind::HeaderRow) => ":host { display: block; margin-bottom: -1px; }",
        _ => "",
    };
    // Every element can show sign-in UI (card form, fallback dialog,
    // settings buttons), so each gets the auth styles.
    [BASE_CSS, own, part, AUTH_CSS]
}

/// Prepares `host`'s open shadow root (attaching it on first use; a
/// re-connected element keeps the one it had): the stylesheet parts in
/// `css`, then `mount`, replacing whatever an earlier connection left.
pub fn prepare(host: &HtmlElement, css: &[&str], mount: &Element) -> Option<ShadowRoot> {
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .ok()?,
    };
    clear(&root);
    let style = host.owner_document()?.create_element("style").ok()?;
    let mut text = String::with_capacity(css.iter().map(|part| part.len()).sum());
    for part in css {
        text.push_str(part);
    }
    style.set_text_content(Some(&text));
    root.append_child(&style).ok()?;
    root.append_child(mount).ok()?;
    Some(root)
}

/// Removes everything from a shadow root.
pub fn clear(root: &ShadowRoot) {
    while let Some(child) = root.last_child() {
        let _ = root.remove_child(&child);
    }
}

/// The host element's shadow root, if it has one (helper for tests).
pub fn shadow_of(element: &Element) -> Option<ShadowRoot> {
    element.dyn_ref::<HtmlElement>()?.shadow_root()
}
