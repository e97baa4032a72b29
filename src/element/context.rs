//! How a card finds its provider: the nearest ancestor `<coder-provider>`,
//! across shadow boundaries.
//!
//! The card dispatches a bubbling, composed `coder-provider-request` event
//! from its host element; the nearest provider's listener writes its registry
//! id into the event's detail and stops propagation, so an outer provider
//! never answers for an inner one. Dispatch is synchronous, so the answer is
//! there when `dispatch_event` returns. This is the shape of the web
//! components community "context protocol", without a callback crossing into
//! JS.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::provider::{find_provider, ProviderShared};

/// Name of the request event.
pub const PROVIDER_REQUEST_EVENT: &str = "coder-provider-request";
const ID_KEY: &str = "providerId";

/// Asks the DOM ancestors of `host` for their nearest provider.
pub fn request_provider(host: &HtmlElement) -> Option<Rc<ProviderShared>> {
    let detail = js_sys::Object::new();
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    let event = CustomEvent::new_with_event_init_dict(PROVIDER_REQUEST_EVENT, &init).ok()?;
    host.dispatch_event(&event).ok()?;
    let id = js_sys::Reflect::get(&detail, &JsValue::from_str(ID_KEY))
        .ok()?
        .as_f64()?;
    find_provider(id as u32)
}

/// Answers requests from descendants of `host` with `provider`'s id until
/// the returned listener drops.
pub fn answer_requests(host: &HtmlElement, provider: &Rc<ProviderShared>) -> EventListener {
    let id = provider.id();
    EventListener::new(host, PROVIDER_REQUEST_EVENT, move |event| {
        // The provider's own element also receives requests it dispatches
        // itself (it never does), and requests from sibling subtrees never
        // reach it, so anything arriving here is from a descendant.
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
