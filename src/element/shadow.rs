//! The open shadow root each element renders into.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// Attribute marking the element Yew mounts into. Yew registers its
/// delegated event listeners on that element and never removes them; they
/// go away with the detached node, which teardown tests account for.
pub const MOUNT_ATTR: &str = "data-coder-mount";

/// The pieces of a prepared shadow root.
pub struct ShadowMount {
    /// The shadow root of the host element.
    pub root: ShadowRoot,
    /// The element the Yew app renders into.
    pub mount: Element,
}

/// Prepares `host`'s open shadow root (attaching it on first use; a
/// re-connected element keeps the one it had) with the stylesheet parts in
/// `css` and an empty mount point, replacing whatever an earlier connection
/// left.
pub fn prepare(host: &HtmlElement, css: &[&str]) -> Option<ShadowMount> {
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .ok()?,
    };
    clear(&root);
    let document = host.owner_document()?;
    let style = document.create_element("style").ok()?;
    style.set_text_content(Some(&css.concat()));
    let mount = document.create_element("div").ok()?;
    let _ = mount.set_attribute(MOUNT_ATTR, "");
    root.append_child(&style).ok()?;
    root.append_child(&mount).ok()?;
    Some(ShadowMount { root, mount })
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
