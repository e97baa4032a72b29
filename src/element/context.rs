//! How an element finds the nearest ancestor that shares state with it,
//! across shadow boundaries: a card (or card root) its `<coder-provider>`,
//! a card part its `<coder-workspaces-card-root>`.
//!
//! The consumer dispatches a bubbling, composed request event from its host
//! element; the nearest answering ancestor's listener writes its registry
//! id into the event's detail and stops propagation, so an outer one never
//! answers for an inner one. Dispatch is synchronous, so the answer is
//! there when `dispatch_event` returns. This is the shape of the web
//! components community "context protocol", without a callback crossing into
//! JS. Each kind of state has its own event, so a provider never answers a
//! part and a card root never answers a card.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::components::CardState;
use crate::provider::{find_provider, ProviderShared};

/// Name of the provider request event.
pub const PROVIDER_REQUEST_EVENT: &str = "coder-provider-request";
/// Name of the card root request event.
pub const CARD_REQUEST_EVENT: &str = "coder-card-request";
const ID_KEY: &str = "id";

/// Asks the DOM ancestors of `host` for the id of their nearest answerer
/// of `event_name`.
fn request_id(host: &HtmlElement, event_name: &str) -> Option<u32> {
    let detail = js_sys::Object::new();
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    let event = CustomEvent::new_with_event_init_dict(event_name, &init).ok()?;
    host.dispatch_event(&event).ok()?;
    let id = js_sys::Reflect::get(&detail, &JsValue::from_str(ID_KEY))
        .ok()?
        .as_f64()?;
    Some(id as u32)
}

/// Answers `event_name` requests from descendants of `host` with `id`
/// until the returned listener drops.
fn answer_with_id(host: &HtmlElement, event_name: &'static str, id: u32) -> EventListener {
    EventListener::new(host, event_name, move |event| {
        // An element never requests from itself, and requests from sibling
        // subtrees never reach it, so anything arriving here is from a
        // descendant.
        if let Some(event) = event.dyn_ref::<CustomEvent>() {
            event.stop_propagation();
            let _ = js_sys::Reflect::set(
                &event.detail(),
                &JsValue::from_str(ID_KEY),
                &JsValue::from(id),
            );
        }
    })
}

/// Asks the DOM ancestors of `host` for their nearest provider.
pub fn request_provider(host: &HtmlElement) -> Option<Rc<ProviderShared>> {
    find_provider(request_id(host, PROVIDER_REQUEST_EVENT)?)
}

/// Answers provider requests from descendants of `host` with `provider`.
pub fn answer_requests(host: &HtmlElement, provider: &Rc<ProviderShared>) -> EventListener {
    answer_with_id(host, PROVIDER_REQUEST_EVENT, provider.id())
}

thread_local! {
    static CARDS: RefCell<Vec<Weak<CardState>>> = const { RefCell::new(Vec::new()) };
    static NEXT_CARD: Cell<u32> = const { Cell::new(0) };
}

/// New shared state for a card or card root, registered so its parts can
/// find it by id (dead entries are pruned on the way).
pub fn new_card(inputs: Rc<crate::card::CardInputs>) -> Rc<CardState> {
    let id = NEXT_CARD.with(|n| {
        let id = n.get().wrapping_add(1);
        n.set(id);
        id
    });
    let card = CardState::new(id, inputs);
    CARDS.with(|list| {
        let mut list = list.borrow_mut();
        list.retain(|c| c.strong_count() > 0);
        list.push(Rc::downgrade(&card));
    });
    card
}

/// Asks the DOM ancestors of `host` for their nearest open card root.
pub fn request_card(host: &HtmlElement) -> Option<Rc<CardState>> {
    let id = request_id(host, CARD_REQUEST_EVENT)?;
    CARDS.with(|list| {
        list.borrow()
            .iter()
            .filter_map(Weak::upgrade)
            .find(|c| c.id() == id && !c.is_closed())
    })
}

/// Answers card requests from descendants of `host` with `card`.
pub fn answer_card_requests(host: &HtmlElement, card: &Rc<CardState>) -> EventListener {
    answer_with_id(host, CARD_REQUEST_EVENT, card.id())
}
