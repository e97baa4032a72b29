//! The Rust side of one custom element instance: its inputs, its shadow
//! root and Yew app while connected, and its link to a provider (or, for a
//! card part, to its card root).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use super::card_state::{self, RootState};
use super::coder_api::CoderApi;
use super::coder_query::QueryGlue;
use super::context::{
    answer_card_requests, answer_requests, new_card, request_card, request_provider,
};
use super::pool::{PooledApp, View};
use super::shadow;
use crate::card::CardSubscription;
use crate::components::{
    CardRootProps, CardState, CardView, PartRootProps, ProviderRootProps, SettingsRootProps,
    QUERY_CHANGE_EVENT,
};
use crate::host::browser::{self, ERROR_EVENT};
use crate::host::inputs::ElementInputs;
use crate::host::spec::{ElementKind, CODER_API};
use crate::provider::{
    adopt_orphans, register_orphan, Driver, OrphanGuard, ProviderShared, ProviderView, Subscription,
};

/// Longest attribute value taken in, in UTF-16 units: one more than the
/// YAML limit (1 MiB), so an over-long YAML attribute still fails the
/// size check with its own message.
const MAX_ATTRIBUTE_UNITS: u32 = 1024 * 1024 + 1;

/// Handle the JS shim keeps for one element. All methods take `&self` and
/// borrow the state briefly, so a call that re-enters (an event dispatched
/// while linking, a Yew render) never meets a held borrow.
#[wasm_bindgen]
pub struct ElementHandle {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    kind: ElementKind,
    attributes: Vec<(&'static str, String)>,
    properties: Vec<(&'static str, JsValue)>,
    inputs: ElementInputs,
    /// A provider's subscription to its own state (re-renders the fallback
    /// UI).
    own_subscription: Option<Subscription>,
    /// Only while connected: holding the host longer would keep the element
    /// alive from the wasm side and leak it.
    live: Option<Live>,
    /// A provider's `coderApi` object, once asked for, and its queries.
    coder_api: Option<(JsValue, Rc<QueryGlue>)>,
}

struct Live {
    host: HtmlElement,
    shadow: ShadowRoot,
    app: PooledApp,
    link: Link,
    /// A card or card root: the state it shares with its parts, its own
    /// subscription to it, and (a root) the listener answering its parts'
    /// requests and what it last told the page.
    card: Option<OwnCard>,
}

struct OwnCard {
    state: Rc<CardState>,
    #[allow(dead_code)]
    subscription: CardSubscription,
    #[allow(dead_code)]
    answers: Option<EventListener>,
    root: RootState,
}

/// How a live element relates to providers.
enum Link {
    /// A provider element: the driver running it (whose `Drop` closes it)
    /// and the listener answering consumers' requests (held for its `Drop`).
    Owns(Rc<Driver>, #[allow(dead_code)] EventListener),
    /// A consumer linked to its nearest provider (the subscription is held
    /// for its `Drop`).
    Linked(Rc<ProviderShared>, #[allow(dead_code)] Subscription),
    /// A card part linked to its card root (the subscription is held for
    /// its `Drop`).
    Card(Rc<CardState>, #[allow(dead_code)] CardSubscription),
    /// A consumer with no provider (or part with no root) yet, waiting for
    /// one to connect (the guard is held for its `Drop`).
    Orphan(#[allow(dead_code)] OrphanGuard),
    /// Not linked yet (only during connection).
    None,
}

impl ElementHandle {
    /// A handle for a new element of `kind`.
    pub fn new(kind: ElementKind) -> Self {
        Self {
            inner: Rc::new(RefCell::new(Inner {
                kind,
                attributes: Vec::new(),
                properties: Vec::new(),
                inputs: ElementInputs::derive(kind, &[], &[]),
                own_subscription: None,
                live: None,
                coder_api: None,
            })),
        }
    }
}

#[wasm_bindgen]
impl ElementHandle {
    /// `connectedCallback`: render into the shadow root and link up.
    pub fn connected(&self, host: HtmlElement) {
        if self.inner.borrow().live.is_some() {
            return;
        }
        let kind = self.inner.borrow().kind;
        let Some(mut app) = host.owner_document().and_then(|d| PooledApp::take(&d)) else {
            return;
        };
        let Some(shadow) = shadow::prepare(&host, &shadow::stylesheet(kind), app.mount()) else {
            app.park();
            return;
        };
        let link = match kind {
            ElementKind::Provider => {
                let inputs = self.inner.borrow().inputs.provider().cloned();
                let Some(inputs) = inputs else {
                    app.park();
                    return;
                };
                let driver = Driver::start(
                    inputs.config.clone(),
                    inputs.fallback.clone().unwrap_or_default(),
                    inputs.apis.clone(),
                );
                let element = host.clone();
                driver.report_errors_to(move |message| {
                    browser::announce(&element, ERROR_EVENT, message);
                });
                let shared = driver.shared().clone();
                let listener = answer_requests(&host, &shared);
                app.show(View::Provider(ProviderRootProps::of(
                    &shared,
                    &inputs.fallback,
                )));
                // The provider re-renders on its own changes too (the
                // fallback UI follows the auth state).
                let weak = Rc::downgrade(&self.inner);
                let subscription = shared.subscribe(move || {
                    if let Some(inner) = weak.upgrade() {
                        refresh(&inner);
                    }
                });
                self.inner.borrow_mut().own_subscription = Some(subscription);
                Link::Owns(driver, listener)
            }
            // Shown once linked (see `refresh`).
            ElementKind::Card
            | ElementKind::CardRoot
            | ElementKind::Settings
            | ElementKind::Part(_) => Link::None,
        };
        let card = matches!(kind, ElementKind::Card | ElementKind::CardRoot)
            .then(|| self.own_card(&host, kind));
        super::crash::register(&host);
        self.inner.borrow_mut().live = Some(Live {
            host,
            shadow,
            app,
            link,
            card,
        });
        match kind {
            // Cards that connected before this provider (late upgrades,
            // providers added later) can now find it.
            ElementKind::Provider => {
                adopt_orphans();
                // Its queries follow this connection's driver.
                let queries = self.inner.borrow().coder_api.as_ref().map(|a| a.1.clone());
                queries.inspect(QueryGlue::refollow);
            }
            ElementKind::CardRoot => {
                relink(&self.inner);
                // Parts that connected before this root can now find it.
                adopt_orphans();
            }
            _ => relink(&self.inner),
        }
    }

    /// `disconnectedCallback`: tear everything down; nothing of this
    /// connection survives (listeners, subscriptions, the Yew app, the DOM).
    pub fn disconnected(&self) {
        let Some(live) = self.inner.borrow_mut().live.take() else {
            return;
        };
        super::crash::unregister(&live.host);
        live.app.park();
        shadow::clear(&live.shadow);
        self.inner.borrow_mut().own_subscription = None;
        if let Some(card) = live.card {
            // Its parts look for their new nearest root.
            drop(card.answers);
            card.state.close();
        }
        if let Link::Owns(driver, listener) = live.link {
            drop(listener);
            // Closes the provider: consumers still linked look for their
            // new nearest one.
            drop(driver);
        }
    }

    /// `attributeChangedCallback` (`value` is `null` when removed). The
    /// value comes as a JS string so that a huge one is cut before it is
    /// copied into wasm memory, which never shrinks again: no attribute
    /// means anything past the YAML size limit, which reports the excess.
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&self, name: &str, value: JsValue) {
        let value = value.dyn_into::<js_sys::JsString>().ok().map(|text| {
            // UTF-16 units, each at least one UTF-8 byte: past the limit in
            // units is past it in bytes.
            if text.length() > MAX_ATTRIBUTE_UNITS {
                String::from(text.slice(0, MAX_ATTRIBUTE_UNITS))
            } else {
                String::from(text)
            }
        });
        {
            let mut inner = self.inner.borrow_mut();
            let Some(name) = inner
                .kind
                .attributes()
                .iter()
                .find(|a| **a == name)
                .copied()
            else {
                return;
            };
            inner.attributes.retain(|(n, _)| *n != name);
            if let Some(value) = value {
                inner.attributes.push((name, value));
            }
        }
        self.inputs_changed();
    }

    /// Property setter.
    #[wasm_bindgen(js_name = setProperty)]
    pub fn set_property(&self, name: &str, value: JsValue) {
        {
            let mut inner = self.inner.borrow_mut();
            let Some(name) = inner
                .kind
                .properties()
                .iter()
                .find(|p| **p == name)
                .copied()
            else {
                return;
            };
            inner.properties.retain(|(n, _)| *n != name);
            if !value.is_undefined() {
                inner.properties.push((name, value));
            }
        }
        self.inputs_changed();
    }

    /// Property getter: the value as it was set, or what the element
    /// offers (the provider's `coderApi`, one object per element).
    #[wasm_bindgen(js_name = getProperty)]
    pub fn get_property(&self, name: &str) -> JsValue {
        if self.inner.borrow().kind.read_only().contains(&name) {
            return self.read_only(name);
        }
        self.inner
            .borrow()
            .properties
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or(JsValue::UNDEFINED)
    }
}

#[wasm_bindgen]
impl ElementHandle {
    /// A method call from the page (`setFilter(text)`, `refresh()` on a
    /// card root). Unknown names and calls on an unconnected element do
    /// nothing; a non-string filter is ignored.
    pub fn call(&self, name: &str, args: js_sys::Array) {
        let state = {
            let inner = self.inner.borrow();
            if !inner.kind.methods().contains(&name) {
                return;
            }
            inner
                .live
                .as_ref()
                .and_then(|l| l.card.as_ref())
                .map(|c| c.state.clone())
        };
        if let Some(state) = state {
            card_state::call(&state, name, &args);
        }
    }
}

impl ElementHandle {
    /// The value of read-only property `name` now.
    fn read_only(&self, name: &str) -> JsValue {
        if name == CODER_API {
            return self.coder_api();
        }
        let mut inner = self.inner.borrow_mut();
        match inner.live.as_mut().and_then(|l| l.card.as_mut()) {
            Some(card) if name == crate::host::spec::CARD_STATE => card.root.js(),
            _ => JsValue::UNDEFINED,
        }
    }

    /// The provider's `coderApi`, made on first use: its calls find the
    /// driver that runs the element then (none while it is disconnected).
    fn coder_api(&self) -> JsValue {
        if let Some((api, _)) = &self.inner.borrow().coder_api {
            return api.clone();
        }
        let inner = Rc::downgrade(&self.inner);
        let again = inner.clone();
        let api = CoderApi::new(
            move || match &inner.upgrade()?.borrow().live.as_ref()?.link {
                Link::Owns(driver, _) => Some(driver.clone()),
                _ => None,
            },
            // Weak: the handle holds the object, the object must not hold
            // the handle.
            move || {
                again
                    .upgrade()
                    .and_then(|inner| inner.borrow().coder_api.as_ref().map(|a| a.0.clone()))
                    .unwrap_or(JsValue::UNDEFINED)
            },
        );
        let queries = api.queries();
        let api = JsValue::from(api);
        self.inner.borrow_mut().coder_api = Some((api.clone(), queries));
        api
    }

    /// The state a card (or card root) element shares with its parts, set
    /// up to re-render the element on every change and to announce filter
    /// changes from it.
    fn own_card(&self, host: &HtmlElement, kind: ElementKind) -> OwnCard {
        let state = new_card(self.inner.borrow().inputs.card());
        let element = host.clone();
        state.set_announcer(Some(Rc::new(move |text: &str| {
            browser::announce(&element, QUERY_CHANGE_EVENT, text);
        })));
        let weak = Rc::downgrade(&self.inner);
        let subscription = state.subscribe(move || {
            if let Some(inner) = weak.upgrade() {
                refresh(&inner);
            }
        });
        let answers = (kind == ElementKind::CardRoot).then(|| answer_card_requests(host, &state));
        OwnCard {
            state,
            subscription,
            answers,
            root: RootState::default(),
        }
    }

    fn inputs_changed(&self) {
        let (before, running) = {
            let mut inner = self.inner.borrow_mut();
            let kind = inner.kind;
            let before = inner.inputs.provider().cloned();
            inner.inputs = ElementInputs::derive(kind, &inner.attributes, &inner.properties);
            let running = match &inner.live {
                Some(Live {
                    link: Link::Owns(driver, _),
                    ..
                }) => Some(driver.clone()),
                _ => None,
            };
            (before, running)
        };
        let card = {
            let inner = self.inner.borrow();
            let state = inner
                .live
                .as_ref()
                .and_then(|l| l.card.as_ref())
                .map(|c| c.state.clone());
            state.map(|state| (state, inner.inputs.card()))
        };
        if let Some((state, inputs)) = card {
            // Notifies the card's own element and its parts.
            state.set_inputs(inputs);
        }
        let after = self.inner.borrow().inputs.provider().cloned();
        if let (Some(driver), Some(after)) = (running, after) {
            driver.set_fallback_mode(after.fallback.clone().unwrap_or_default());
            let apis_changed = before.as_ref().is_none_or(|b| !b.apis.same_as(&after.apis));
            if apis_changed {
                driver.set_apis(after.apis.clone());
            }
            if before.as_ref().is_none_or(|b| b.config != after.config) {
                // Every consumer re-renders through the subscription.
                driver.set_config(after.config.clone());
            }
        }
        refresh(&self.inner);
    }
}

/// Finds the nearest provider (or, for a card part, card root) again and
/// re-renders.
fn relink(inner_rc: &Rc<RefCell<Inner>>) {
    let (host, kind) = {
        let Ok(mut inner) = inner_rc.try_borrow_mut() else {
            return later(inner_rc, relink);
        };
        let kind = inner.kind;
        let Some(live) = inner.live.as_mut() else {
            return;
        };
        // Drop the old link first so its guard/subscription goes away.
        live.link = Link::None;
        (live.host.clone(), kind)
    };
    let weak: Weak<RefCell<Inner>> = Rc::downgrade(inner_rc);
    let orphan = |weak: Weak<RefCell<Inner>>| {
        Link::Orphan(register_orphan(move || {
            if let Some(inner) = weak.upgrade() {
                relink(&inner);
            }
        }))
    };
    let (link, provider) = if kind.follows_provider() {
        let found = host
            .is_connected()
            .then(|| request_provider(&host))
            .flatten();
        match found {
            Some(provider) => {
                let subscription = provider.subscribe(move || {
                    if let Some(inner) = weak.upgrade() {
                        on_provider_change(&inner);
                    }
                });
                (Link::Linked(provider.clone(), subscription), Some(provider))
            }
            None => (orphan(weak), None),
        }
    } else {
        let found = host.is_connected().then(|| request_card(&host)).flatten();
        match found {
            Some(card) => {
                let subscription = card.subscribe(move || {
                    if let Some(inner) = weak.upgrade() {
                        on_card_change(&inner);
                    }
                });
                (Link::Card(card, subscription), None)
            }
            None => (orphan(weak), None),
        }
    };
    let own_card = {
        let mut inner = inner_rc.borrow_mut();
        let Some(live) = inner.live.as_mut() else {
            return;
        };
        live.link = link;
        live.card.as_ref().map(|c| c.state.clone())
    };
    match own_card {
        // The card's own subscription re-renders it, and its parts hear too.
        Some(card) => card.set_provider(provider),
        None => refresh(inner_rc),
    }
}

/// Runs `f` on a later microtask. Provider notifications can arrive while
/// this element's state is borrowed (a Yew render triggered by our own
/// update sends a command, whose notification comes back here); deferring
/// then keeps every update without a re-entrant borrow.
fn later(inner_rc: &Rc<RefCell<Inner>>, f: fn(&Rc<RefCell<Inner>>)) {
    let weak = Rc::downgrade(inner_rc);
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(inner) = weak.upgrade() {
            f(&inner);
        }
    });
}

fn on_provider_change(inner_rc: &Rc<RefCell<Inner>>) {
    let Ok(inner) = inner_rc.try_borrow() else {
        return later(inner_rc, on_provider_change);
    };
    let live = inner.live.as_ref();
    let closed = matches!(
        live.map(|l| &l.link),
        Some(Link::Linked(p, _)) if p.is_closed()
    );
    let own_card = live.and_then(|l| l.card.as_ref()).map(|c| c.state.clone());
    drop(inner);
    if closed {
        relink(inner_rc);
    } else if let Some(card) = own_card {
        // Through the card, so its parts follow the provider too.
        card.notify();
    } else {
        refresh(inner_rc);
    }
}

fn on_card_change(inner_rc: &Rc<RefCell<Inner>>) {
    let Ok(inner) = inner_rc.try_borrow() else {
        return later(inner_rc, on_card_change);
    };
    let closed = matches!(
        inner.live.as_ref().map(|l| &l.link),
        Some(Link::Card(c, _)) if c.is_closed()
    );
    drop(inner);
    if closed {
        relink(inner_rc);
    } else {
        refresh(inner_rc);
    }
}

/// Hands the current inputs and provider (or card) state to the Yew app;
/// a card root also tells the page when its state changed.
fn refresh(inner_rc: &Rc<RefCell<Inner>>) {
    let Ok(mut guard) = inner_rc.try_borrow_mut() else {
        return later(inner_rc, refresh);
    };
    let inner = &mut *guard;
    let Some(live) = inner.live.as_mut() else {
        return;
    };
    let provider = match &live.link {
        Link::Linked(p, _) => Some(p.clone()),
        Link::Owns(driver, _) => Some(driver.shared().clone()),
        _ => None,
    };
    let mut changed = None;
    let view = match inner.kind {
        ElementKind::Provider => {
            let (Some(shared), Some(inputs)) = (provider.as_ref(), inner.inputs.provider()) else {
                return;
            };
            View::Provider(ProviderRootProps::of(shared, &inputs.fallback))
        }
        ElementKind::Card | ElementKind::CardRoot => {
            let Some(card) = live.card.as_mut() else {
                return;
            };
            let view = CardView::of(&card.state);
            if inner.kind == ElementKind::CardRoot && card.root.update(&view) {
                changed = Some(live.host.clone());
            }
            View::Card(CardRootProps {
                card: view,
                slots: inner.kind == ElementKind::CardRoot,
            })
        }
        ElementKind::Settings => View::Settings(SettingsRootProps {
            provider: ProviderView::of(provider.as_ref()),
        }),
        ElementKind::Part(kind) => View::Part(PartRootProps {
            kind,
            inputs: inner.inputs.part(),
            card: match &live.link {
                Link::Card(card, _) => Some(CardView::of(card)),
                _ => None,
            },
            provider: ProviderView::of(provider.as_ref()),
        }),
    };
    live.app.show(view);
    // After every borrow is released: the page's listener may read
    // `cardState` at once.
    drop(guard);
    if let Some(host) = changed {
        card_state::announce_change(&host);
    }
}
