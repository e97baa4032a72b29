//! A Yew component mounted on its own, in an open shadow root with the
//! styles the elements give it, driven through the DOM as a user would.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot};
use yew::{AppHandle, BaseComponent};

use super::dom::{document, settle};
use super::page::Page;

/// A component mounted in a fresh [`Page`]: a host element whose open
/// shadow root holds a `<style>` and the Yew root. Dropping it destroys the
/// app and removes the host; [`Mounted::unmount`] also checks the page for
/// uncaught errors.
pub struct Mounted<C: BaseComponent> {
    app: Option<AppHandle<C>>,
    shadow: ShadowRoot,
    body: Element,
    /// `None` only while [`Mounted::unmount`] takes it over.
    page: Option<Page>,
}

impl<C: BaseComponent> Mounted<C> {
    /// Mounts `C` with `props` under a stylesheet of `css`. Yew renders
    /// asynchronously: [`settle`] before looking at the result.
    pub fn new(css: &str, props: C::Properties) -> Self {
        let page = Page::new("");
        let shadow = page
            .root()
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .unwrap();
        let style = document().create_element("style").unwrap();
        style.set_text_content(Some(css));
        shadow.append_child(&style).unwrap();
        let body = document().create_element("div").unwrap();
        shadow.append_child(&body).unwrap();
        let app = yew::Renderer::<C>::with_root_and_props(body.clone(), props).render();
        Self {
            app: Some(app),
            shadow,
            body,
            page: Some(page),
        }
    }

    /// The element holding the shadow root, in the document while mounted.
    pub fn host(&self) -> &Element {
        self.page.as_ref().unwrap().root()
    }

    /// Re-renders with new props, as a parent would.
    pub fn update(&mut self, props: C::Properties) {
        self.app.as_mut().unwrap().update(props);
    }

    /// The first element matching `selector`, or `None`.
    pub fn try_find(&self, selector: &str) -> Option<Element> {
        self.shadow.query_selector(selector).unwrap()
    }

    /// The first element matching `selector`; panics without one.
    pub fn find(&self, selector: &str) -> Element {
        self.try_find(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    /// Every element matching `selector`, in document order.
    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.shadow.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into())
            .collect()
    }

    /// Text of what the component rendered (not the stylesheet).
    pub fn text(&self) -> String {
        self.body.text_content().unwrap_or_default()
    }

    /// The focused element inside the shadow root.
    pub fn active(&self) -> Option<Element> {
        self.shadow.active_element()
    }

    /// The button whose text (its accessible name) is exactly `name`.
    pub fn button(&self, name: &str) -> Option<HtmlElement> {
        self.all("button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().trim() == name)
            .map(|b| b.unchecked_into())
    }

    /// Clicks the button named `name`; panics without one.
    pub fn click(&self, name: &str) {
        self.button(name)
            .unwrap_or_else(|| panic!("no button named {name:?}"))
            .click();
    }

    /// The element with id `id`; panics without one.
    pub fn by_id(&self, id: &str) -> Element {
        self.shadow
            .get_element_by_id(id)
            .unwrap_or_else(|| panic!("no element with id {id}"))
    }

    /// Text of the element(s) that `attr` (aria-labelledby/describedby) of
    /// `el` points to.
    pub fn referenced_text(&self, el: &Element, attr: &str) -> String {
        el.get_attribute(attr)
            .unwrap_or_else(|| panic!("no {attr}"))
            .split_whitespace()
            .map(|id| self.by_id(id).text_content().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Destroys the app and waits for its teardown to run, then removes the
    /// host and checks the page for errors.
    pub async fn unmount(mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        settle().await;
        let page = self.page.take().unwrap();
        drop(self);
        page.close().await;
    }
}

impl<C: BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}
