//! What a `<coder-workspaces-card-root>` tells the page: its `cardState`
//! property (upstream's `useWorkspacesCardContext()` value, and the
//! workspaces an adopter's `renderListItem` renders), the
//! `coder-card-change` event when it changed, and its `setFilter(text)` and
//! `refresh()` methods. The JS objects are built by hand (no serde in the
//! wasm) and only when the page reads them after a change.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::card::CardSnapshot;
use crate::coder::Workspace;
use crate::components::{CardState, CardView};
use crate::config::CompiledConfig;
use crate::host::spec::{CARD_CHANGE_EVENT, REFRESH, SET_FILTER};
use crate::provider::Command;

/// The id of the heading a header row part shows (in its own shadow root).
const HEADER_ID: &str = "coder-card-title";

/// A card root's last snapshot and its JS object, built on first read.
#[derive(Default)]
pub struct RootState {
    snapshot: Option<CardSnapshot>,
    js: Option<JsValue>,
}

impl RootState {
    /// Takes a snapshot of `view`; true when it differs from the last one
    /// (the page is then told).
    pub fn update(&mut self, view: &CardView) -> bool {
        let provider = view.provider();
        let plan = view.plan();
        let next = CardSnapshot {
            results: provider.results(&plan.keys),
            plan,
            authenticated: provider.is_authenticated(),
        };
        if self.snapshot.as_ref().is_some_and(|s| s.same_as(&next)) {
            return false;
        }
        self.snapshot = Some(next);
        self.js = None;
        true
    }

    /// The `cardState` object; the same object until the state changes, as
    /// React's `useSyncExternalStore` requires.
    pub fn js(&mut self) -> JsValue {
        if let Some(js) = &self.js {
            return js.clone();
        }
        let js = self.snapshot.as_ref().map_or(JsValue::NULL, snapshot_js);
        self.js = Some(js.clone());
        js
    }
}

/// Fires `coder-card-change` on the root (not bubbling: it is the root's
/// own news, and roots may nest).
pub fn announce_change(host: &HtmlElement) {
    if let Ok(event) = web_sys::Event::new(CARD_CHANGE_EVENT) {
        let _ = host.dispatch_event(&event);
    }
}

/// `setFilter(text)`: as if typed in the search box (a non-string is
/// ignored); `refresh()`: as ⋮ → Refresh.
pub fn call(state: &Rc<CardState>, name: &str, args: &js_sys::Array) {
    if name == SET_FILTER {
        if let Some(text) = args.get(0).as_string() {
            state.report_filter(&text);
        }
    } else if name == REFRESH {
        let view = CardView::of(state);
        state.set_asked();
        view.provider().send(Command::Refresh(view.plan().keys));
    }
}

/// Sets `target[key]` (the element module's JS objects are built with this).
pub(super) fn set(target: &JsValue, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), &value.into());
}

/// A string, or null.
pub(super) fn opt(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

fn snapshot_js(snapshot: &CardSnapshot) -> JsValue {
    let object = js_sys::Object::new();
    let state: JsValue = object.clone().into();
    set(&state, "queryFilter", snapshot.plan.filter.as_str());
    let workspaces: js_sys::Array = snapshot
        .workspaces()
        .into_iter()
        .map(workspace_js)
        .collect();
    set(&state, "workspaces", workspaces);
    set(&state, "isLoading", snapshot.loading());
    set(&state, "isAuthenticated", snapshot.authenticated);
    set(&state, "error", opt(snapshot.error().as_deref()));
    let config = match &snapshot.plan.config {
        Ok(config) => config_js(config),
        Err(_) => JsValue::NULL,
    };
    set(&state, "workspacesConfig", config);
    set(&state, "headerId", HEADER_ID);
    js_sys::Object::freeze(&object);
    state
}

pub(super) fn config_js(config: &CompiledConfig) -> JsValue {
    let js: JsValue = js_sys::Object::new().into();
    set(&js, "accessUrl", config.access_url.as_str());
    set(&js, "mode", config.mode.as_str());
    set(&js, "templateName", opt(config.template_name.as_deref()));
    set(&js, "creationUrl", opt(config.creation_url.as_deref()));
    set(&js, "repoUrl", opt(config.repo_url.as_deref()));
    let keys: js_sys::Array = config
        .repo_url_param_keys
        .iter()
        .map(|k| JsValue::from_str(k))
        .collect();
    set(&js, "repoUrlParamKeys", keys);
    let params: JsValue = js_sys::Object::new().into();
    for (key, value) in config.params.iter() {
        set(&params, key, value);
    }
    set(&js, "params", params);
    set(&js, "isReadingEntityData", config.reading_entity_data);
    js
}

/// A workspace in Coder's JSON shape, with the fields we read (so it
/// reads back the same through the list item's `workspace` property).
pub fn workspace_js(ws: &Workspace) -> JsValue {
    let js: JsValue = js_sys::Object::new().into();
    set(&js, "id", ws.id.as_str());
    set(&js, "name", ws.name.as_str());
    set(&js, "owner_name", ws.owner_name.as_str());
    set(&js, "owner_id", ws.owner_id.as_str());
    set(&js, "template_id", ws.template_id.as_str());
    set(&js, "template_name", ws.template_name.as_str());
    set(
        &js,
        "template_display_name",
        ws.template_display_name.as_deref().unwrap_or(""),
    );
    set(
        &js,
        "template_icon",
        ws.template_icon.as_deref().unwrap_or(""),
    );
    set(&js, "outdated", ws.outdated);
    set(&js, "favorite", ws.favorite);
    let build: JsValue = js_sys::Object::new().into();
    let b = &ws.latest_build;
    set(&build, "id", b.id.as_str());
    set(&build, "transition", b.transition.as_str());
    set(
        &build,
        "template_version_id",
        b.template_version_id.as_str(),
    );
    set(&build, "status", b.status.as_str());
    let resources: js_sys::Array = b
        .resources
        .iter()
        .map(|r| {
            let resource: JsValue = js_sys::Object::new().into();
            let agents: js_sys::Array = r
                .agents
                .iter()
                .map(|a| {
                    let agent: JsValue = js_sys::Object::new().into();
                    set(&agent, "id", a.id.as_str());
                    set(&agent, "name", a.name.as_str());
                    set(&agent, "status", a.status.as_str());
                    agent
                })
                .collect();
            set(&resource, "agents", agents);
            resource
        })
        .collect();
    set(&build, "resources", resources);
    set(&js, "latest_build", build);
    js
}
