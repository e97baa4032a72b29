//! Yew apps are reused from element to element. Yew registers its delegated
//! event listeners on an app's mount element with closures it never frees,
//! and those closures hold the mount element and Yew's subtree state, so
//! every app ever created stays in memory (~0.9 KB each: 1,000 card
//! mount/unmount cycles grew the JS heap by ~0.9 MB). A disconnected
//! element parks its app here (rendering nothing, so every component and
//! effect is torn down) and the next element to connect takes it back: the
//! leak is bounded by the most elements ever connected at once.

use std::cell::RefCell;

use web_sys::{Document, Element};
use yew::prelude::*;
use yew::AppHandle;

use super::shadow::MOUNT_ATTR;
use crate::components::{
    part_root, provider_root, settings_root, CardRoot, CardRootProps, PartRootProps,
    ProviderRootProps, SettingsRootProps,
};

/// Parked apps kept at most; more are destroyed (and leak as before).
const MAX_PARKED: usize = 64;

/// What a pooled app shows.
#[derive(Clone, PartialEq)]
pub enum View {
    /// Nothing: the app waits in the pool.
    Parked,
    /// A `<coder-provider>`.
    Provider(ProviderRootProps),
    /// A `<coder-workspaces-card>` or `<coder-workspaces-card-root>`.
    Card(CardRootProps),
    /// A card part element.
    Part(PartRootProps),
    /// A `<coder-provider-settings>`.
    Settings(SettingsRootProps),
}

/// Props of [`ElementRoot`].
#[derive(Properties, PartialEq)]
pub struct ElementRootProps {
    /// What to render.
    pub view: View,
}

/// The root of every pooled app: renders the element kind it is given.
#[function_component]
pub fn ElementRoot(props: &ElementRootProps) -> Html {
    match &props.view {
        View::Parked => Html::default(),
        View::Provider(p) => provider_root(p),
        View::Card(p) => html! { <CardRoot ..p.clone() /> },
        View::Part(p) => part_root(p),
        View::Settings(p) => settings_root(p),
    }
}

thread_local! {
    static PARKED: RefCell<Vec<PooledApp>> = const { RefCell::new(Vec::new()) };
}

/// A Yew app and the element it renders into.
pub struct PooledApp {
    app: AppHandle<ElementRoot>,
    mount: Element,
}

impl PooledApp {
    /// A parked app, or a new one, showing nothing, with its mount element
    /// not attached anywhere yet.
    pub fn take(document: &Document) -> Option<Self> {
        if let Some(app) = PARKED.with(|p| p.borrow_mut().pop()) {
            return Some(app);
        }
        let mount = document.create_element("div").ok()?;
        let _ = mount.set_attribute(MOUNT_ATTR, "");
        let app = yew::Renderer::<ElementRoot>::with_root_and_props(
            mount.clone(),
            ElementRootProps { view: View::Parked },
        )
        .render();
        Some(PooledApp { app, mount })
    }

    /// The element the app renders into.
    pub fn mount(&self) -> &Element {
        &self.mount
    }

    /// Renders `view`.
    pub fn show(&mut self, view: View) {
        self.app.update(ElementRootProps { view });
    }

    /// Tears the view down, detaches the mount element and parks the app.
    pub fn park(mut self) {
        self.show(View::Parked);
        self.mount.remove();
        let full = PARKED.with(|p| p.borrow().len() >= MAX_PARKED);
        if full {
            self.app.destroy();
        } else {
            PARKED.with(|p| p.borrow_mut().push(self));
        }
    }
}
