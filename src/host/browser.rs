//! The browser's own state and events: session storage, whether the page
//! is visible and the browser online, and the window events a provider
//! follows. Each read is caught: a page without `window` or with storage
//! blocked reads as "nothing there", never as a JS exception.

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Whether the page is hidden (a background tab): polling pauses then.
pub fn page_hidden() -> bool {
    window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Whether the browser says it has no network.
pub fn offline() -> bool {
    window().is_some_and(|w| !w.navigator().on_line())
}

fn session_storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.session_storage().ok().flatten())
}

/// The value stored in `sessionStorage` under `key`, if any.
pub fn stored(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

/// Stores `value` in `sessionStorage` (never `localStorage`: a token must
/// not outlive the browser session). A full or blocked storage is ignored:
/// the token then lasts until reload, as if it had not been stored.
pub fn store(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Removes `key` from `sessionStorage`.
pub fn forget(key: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Fires `name` (detail: `detail`) on the custom element whose shadow
/// tree holds `node`, bubbling and composed, so the page around the element
/// hears it (a card's `coder-query-change`).
pub fn announce_to_host(node: &web_sys::Node, name: &str, detail: &str) {
    let Some(host) = node
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .map(|r| r.host())
    else {
        return;
    };
    announce(&host, name, detail);
}

/// The event a `<coder-provider>` fires (detail: the message, as the card
/// shows it) for a failure the host page should hear of: a failed OAuth
/// sign-in, or the plugin stopping on an internal error.
pub const ERROR_EVENT: &str = "coder-error";

/// Fires `name` (detail: `detail`) on `host`, bubbling and composed.
pub fn announce(host: &web_sys::Element, name: &str, detail: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&JsValue::from_str(detail));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// A window event a provider acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WindowEvent {
    /// The browser came back online.
    Online,
    /// The page became hidden (`true`) or visible again (`false`).
    Hidden(bool),
    /// A message posted to this window in Backstage's OAuth popup shape.
    Popup(PopupMessage),
}

/// An OAuth popup result: as Backstage's auth backend posts it
/// (`{ type: 'authorization_response', response: { providerInfo: { accessToken } } }`),
/// or as upstream 0.4's backend plugin does (`{ type: 'coder-oauth-success', token }`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PopupMessage {
    /// The origin that posted it (to be checked against the backend's).
    pub origin: String,
    /// The access token it carries.
    pub access_token: String,
    /// Whether it is the 0.4 backend plugin's shape.
    pub from_coder_backend: bool,
    /// The window that posted it, when it is one.
    pub source: Option<web_sys::Window>,
}

/// The listeners of one provider; dropping this removes them all.
pub struct WindowEvents {
    _listeners: Vec<EventListener>,
}

/// Calls `on_event` for every [`WindowEvent`] until the result drops.
pub fn watch_window(on_event: impl Fn(WindowEvent) + 'static) -> WindowEvents {
    let on_event = std::rc::Rc::new(on_event);
    let mut listeners = Vec::new();
    if let Some(win) = window() {
        let on = on_event.clone();
        listeners.push(EventListener::new(&win, "online", move |_| {
            on(WindowEvent::Online)
        }));
        if let Some(doc) = win.document() {
            let on = on_event.clone();
            listeners.push(EventListener::new(&doc, "visibilitychange", move |_| {
                on(WindowEvent::Hidden(page_hidden()))
            }));
        }
        let on = on_event;
        listeners.push(EventListener::new(&win, "message", move |event| {
            if let Some(message) = event
                .dyn_ref::<web_sys::MessageEvent>()
                .and_then(popup_message)
            {
                on(WindowEvent::Popup(message));
            }
        }));
    }
    WindowEvents {
        _listeners: listeners,
    }
}

/// Reads Backstage's popup message shape; anything else is not ours.
/// Through `Reflect` (whose bindings catch): the data is whatever any
/// window posted, getters and Proxies included.
fn popup_message(event: &web_sys::MessageEvent) -> Option<PopupMessage> {
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).ok();
    let data = event.data();
    let kind = get(&data, "type")?.as_string()?;
    let (access_token, from_coder_backend) = match kind.as_str() {
        "authorization_response" => (
            get(&data, "response")
                .and_then(|r| get(&r, "providerInfo"))
                .and_then(|p| get(&p, "accessToken"))?
                .as_string()?,
            false,
        ),
        "coder-oauth-success" => (get(&data, "token")?.as_string()?, true),
        _ => return None,
    };
    Some(PopupMessage {
        origin: event.origin(),
        access_token,
        from_coder_backend,
        // Unchecked: a window of another realm is no `instanceof Window`
        // here. It is only ever compared (`===`) with the popup we opened.
        source: event.source().map(JsCast::unchecked_into),
    })
}

/// Opens `url` (a URL we built and vetted) in a centred popup named
/// `coder-oauth` (a second click reuses it); `None` when the browser
/// blocked it. Not `noopener`: the page it ends on posts back to us.
pub fn open_popup(url: &str) -> Option<web_sys::Window> {
    let win = window()?;
    let (w, h) = (600, 720);
    // Whole pixels: formatting an f64 would pull Rust's float printing
    // into the wasm.
    let px = |v: Result<JsValue, JsValue>, or: i32| {
        v.ok().and_then(|v| v.as_f64()).map_or(or, |n| n as i32)
    };
    let left = px(win.screen_x(), 0) + ((px(win.outer_width(), 1200) - w) / 2).max(0);
    let top = px(win.screen_y(), 0) + ((px(win.outer_height(), 900) - h) / 2).max(0);
    let features = format!("popup=yes,width={w},height={h},left={left},top={top}");
    win.open_with_url_and_target_and_features(url, "coder-oauth", &features)
        .ok()
        .flatten()
}

/// Whether a popup we opened has been closed (by the user or itself).
pub fn popup_closed(popup: &web_sys::Window) -> bool {
    popup.closed().unwrap_or(true)
}

/// The time now, in ms since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `ms` (since the epoch) as the local wall-clock time, `HH:MM:SS`.
pub fn clock_time(ms: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms));
    let mut text = String::with_capacity(8);
    for (i, part) in [date.get_hours(), date.get_minutes(), date.get_seconds()]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            text.push(':');
        }
        if part < 10 {
            text.push('0');
        }
        text.push_str(&part.to_string());
    }
    text
}
