//! The open shadow root each element renders into.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// Attribute marking the element Yew mounts into. Yew registers its
/// delegated event listeners on that element and never frees them, so mount
/// elements and their apps are reused (see `pool.rs`) rather than dropped.
pub const MOUNT_ATTR: &str = "data-coder-mount";

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
    style.set_text_content(Some(&css.concat()));
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
