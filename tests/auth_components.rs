//! The sign-in components in a real browser: the auth form in every status
//! (mirroring upstream's CoderAuthForm and CoderAuthFormCardWrapper tests),
//! the fallback button and dialog, the settings row, and text-only output.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use coder_backstage_wasm::auth::{AuthStatus, Notice, TokenError};
use coder_backstage_wasm::client::RequestError;
use coder_backstage_wasm::components::auth::{
    AuthForm, AuthFormProps, FallbackAuthUi, FallbackAuthUiProps, SettingsRow, SettingsRowProps,
    UnlinkAccountButton, UnlinkAccountButtonProps, AUTH_CSS,
};
use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot};
use yew::prelude::*;
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

const CLI_AUTH: &str = "https://dev.coder.com/cli-auth";

/// What the callbacks saw, in order.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<String>>>);

impl PartialEq for Log {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Log {
    fn push(&self, entry: impl Into<String>) {
        self.0.borrow_mut().push(entry.into());
    }
    fn entries(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
    fn callback<T: 'static>(&self, name: &'static str) -> Callback<T> {
        let log = self.clone();
        Callback::from(move |_| log.push(name))
    }
}

/// A mounted component: a host in the body with an open shadow root holding
/// the auth styles and the Yew root.
struct Mounted<C: BaseComponent> {
    host: Element,
    shadow: ShadowRoot,
    handle: Option<AppHandle<C>>,
}

impl<C: BaseComponent> Mounted<C> {
    fn new(props: C::Properties) -> Self {
        let host = container("");
        let shadow = host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .unwrap();
        let style = document().create_element("style").unwrap();
        style.set_text_content(Some(AUTH_CSS));
        shadow.append_child(&style).unwrap();
        let root = document().create_element("div").unwrap();
        shadow.append_child(&root).unwrap();
        let handle = yew::Renderer::<C>::with_root_and_props(root, props).render();
        Self {
            host,
            shadow,
            handle: Some(handle),
        }
    }

    fn update(&mut self, props: C::Properties) {
        self.handle.as_mut().unwrap().update(props);
    }

    fn query(&self, selector: &str) -> Option<Element> {
        self.shadow.query_selector(selector).unwrap()
    }

    fn get(&self, selector: &str) -> Element {
        self.query(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.shadow.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap())
            .collect()
    }

    fn text(&self) -> String {
        self.all("div")
            .first()
            .and_then(|d| d.text_content())
            .unwrap_or_default()
    }

    /// The button whose text (its accessible name) is exactly `name`.
    fn button(&self, name: &str) -> Option<HtmlElement> {
        self.all("button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().trim() == name)
            .map(|b| b.dyn_into().unwrap())
    }

    fn click(&self, name: &str) {
        self.button(name)
            .unwrap_or_else(|| panic!("no button named {name:?}"))
            .click();
    }

    fn by_id(&self, id: &str) -> Element {
        self.shadow
            .get_element_by_id(id)
            .unwrap_or_else(|| panic!("no element with id {id}"))
    }

    /// Text of the element(s) that `attr` (aria-labelledby/describedby) of
    /// `el` points to.
    fn referenced_text(&self, el: &Element, attr: &str) -> String {
        el.get_attribute(attr)
            .unwrap_or_else(|| panic!("no {attr}"))
            .split_whitespace()
            .map(|id| self.by_id(id).text_content().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn active(&self) -> Option<Element> {
        self.shadow.active_element()
    }
}

impl<C: BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.host.remove();
    }
}

fn form_props(status: AuthStatus, log: &Log) -> AuthFormProps {
    let token_log = log.clone();
    yew::props!(AuthFormProps {
        status,
        oauth_available: true,
        cli_auth_url: CLI_AUTH,
        on_oauth: log.callback("oauth"),
        on_token: Callback::from(move |t: String| token_log.push(format!("token:{t}"))),
        on_dismiss: log.callback("dismiss"),
        on_unlink: log.callback("unlink"),
        on_retry: log.callback("retry"),
    })
}

fn mount_form(props: AuthFormProps) -> Mounted<AuthForm> {
    Mounted::new(props)
}

/// The `<form>` whose accessible name (via aria-labelledby) is
/// "Authenticate with Coder".
fn named_form(m: &Mounted<AuthForm>) -> Option<Element> {
    let form = m.query("form")?;
    (m.referenced_text(&form, "aria-labelledby") == "Authenticate with Coder").then_some(form)
}

fn token_input(m: &Mounted<AuthForm>) -> HtmlInputElement {
    // Find the input through its label, as a user of assistive tech would.
    let label = m
        .all("label")
        .into_iter()
        .find(|l| l.text_content().unwrap_or_default() == "Auth token")
        .expect("a label 'Auth token'");
    m.by_id(&label.get_attribute("for").unwrap())
        .dyn_into()
        .unwrap()
}

fn has_class(el: &Element, class: &str) -> bool {
    el.class_name().split_whitespace().any(|c| c == class)
}

/// A computed style property (through JS: `getComputedStyle` is not an
/// enabled web-sys feature).
fn computed(el: &Element, property: &str) -> String {
    let window = web_sys::window().unwrap();
    let f: js_sys::Function = js_sys::Reflect::get(&window, &"getComputedStyle".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let style = f.call1(&window, el).unwrap();
    js_sys::Reflect::get(&style, &property.into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

const SIGN_IN_STATES: [AuthStatus; 3] = [
    AuthStatus::TokenMissing,
    AuthStatus::Authenticating,
    AuthStatus::Invalid,
];

const UNCHECKED_STATES: [AuthStatus; 3] = [
    AuthStatus::Distrusted,
    AuthStatus::NoInternetConnection,
    AuthStatus::DeploymentUnavailable,
];

// ---------------------------------------------------------------- AuthForm

#[wasm_bindgen_test]
async fn initializing_shows_loading_status() {
    let log = Log::default();
    let m = mount_form(form_props(AuthStatus::Initializing, &log));
    settle().await;
    let status = m.get("[role=status]");
    assert!(status.text_content().unwrap().contains("Loading"));
    let dots = m.get(".auth-dots");
    assert_eq!(dots.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert!(m.query("form").is_none());
}

#[wasm_bindgen_test]
async fn sign_in_states_show_the_named_form() {
    for status in SIGN_IN_STATES {
        let log = Log::default();
        let m = mount_form(form_props(status, &log));
        settle().await;
        assert!(named_form(&m).is_some(), "{status:?}");
        let text = m.text();
        assert!(
            text.contains("Link your Coder account to create remote workspaces."),
            "{text}"
        );
        assert!(
            text.contains(
                "Enter a token from your Coder deployment's token page (link opens in new tab)."
            ),
            "{text}"
        );
        assert!(m.button("Use token").is_some());
        assert!(m.button("Sign in with Coder OAuth").is_some());
    }
}

#[wasm_bindgen_test]
async fn other_states_show_no_form() {
    for status in [
        AuthStatus::Initializing,
        AuthStatus::Authenticated,
        AuthStatus::DistrustedWithGracePeriod,
        AuthStatus::Distrusted,
        AuthStatus::NoInternetConnection,
        AuthStatus::DeploymentUnavailable,
    ] {
        let m = mount_form(form_props(status, &Log::default()));
        settle().await;
        assert!(m.query("form").is_none(), "{status:?}");
        assert!(m.query("input").is_none(), "{status:?}");
    }
}

#[wasm_bindgen_test]
async fn token_input_is_a_labelled_password_field() {
    let m = mount_form(form_props(AuthStatus::TokenMissing, &Log::default()));
    settle().await;
    let input = token_input(&m);
    assert_eq!(input.type_(), "password");
    assert!(input.required());
    assert_eq!(input.get_attribute("autocomplete").as_deref(), Some("off"));
    assert_eq!(input.get_attribute("spellcheck").as_deref(), Some("false"));
    assert!(input.get_attribute("aria-invalid").is_none());
    let submit = m.button("Use token").unwrap();
    assert_eq!(submit.get_attribute("type").as_deref(), Some("submit"));
    let oauth = m.button("Sign in with Coder OAuth").unwrap();
    assert_eq!(oauth.get_attribute("type").as_deref(), Some("button"));
}

#[wasm_bindgen_test]
async fn token_page_link_opens_in_a_new_tab() {
    let m = mount_form(form_props(AuthStatus::TokenMissing, &Log::default()));
    settle().await;
    let link = m.get("a");
    assert_eq!(link.get_attribute("href").as_deref(), Some(CLI_AUTH));
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noreferrer noopener")
    );
    let hint = link.query_selector(".sr-only").unwrap().unwrap();
    assert_eq!(hint.text_content().unwrap(), " (link opens in new tab)");
}

#[wasm_bindgen_test]
async fn a_non_http_token_page_url_is_not_linked() {
    let log = Log::default();
    let mut props = form_props(AuthStatus::TokenMissing, &log);
    props.cli_auth_url = "javascript:alert(1)".into();
    let m = mount_form(props);
    settle().await;
    assert!(m.query("a").is_none());
    assert!(m.text().contains("Coder deployment's token page"));
}

#[wasm_bindgen_test]
async fn typing_a_token_and_using_it_registers_it() {
    for status in [AuthStatus::TokenMissing, AuthStatus::Invalid] {
        let log = Log::default();
        let m = mount_form(form_props(status, &log));
        settle().await;
        let input = token_input(&m);
        input.set_value("MyToken-123");
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        m.click("Use token");
        settle().await;
        assert_eq!(log.entries(), ["token:MyToken-123"], "{status:?}");
        // The page did not navigate (the submit was handled).
        assert!(m.host.is_connected());
    }
}

#[wasm_bindgen_test]
async fn an_empty_field_is_not_submitted() {
    let log = Log::default();
    let m = mount_form(form_props(AuthStatus::TokenMissing, &log));
    settle().await;
    m.click("Use token");
    settle().await;
    assert!(log.entries().is_empty(), "{:?}", log.entries());
}

#[wasm_bindgen_test]
async fn oauth_button_calls_on_oauth() {
    let log = Log::default();
    let m = mount_form(form_props(AuthStatus::TokenMissing, &log));
    settle().await;
    m.click("Sign in with Coder OAuth");
    settle().await;
    assert_eq!(log.entries(), ["oauth"]);
    assert!(m.get(".auth-divider").text_content().unwrap() == "or");
}

#[wasm_bindgen_test]
async fn without_oauth_there_is_no_oauth_button_or_divider() {
    let log = Log::default();
    let mut props = form_props(AuthStatus::TokenMissing, &log);
    props.oauth_available = false;
    let m = mount_form(props);
    settle().await;
    assert!(m.button("Sign in with Coder OAuth").is_none());
    assert!(m.query(".auth-divider").is_none());
    assert!(named_form(&m).is_some());
    assert!(m.button("Use token").is_some());
}

#[wasm_bindgen_test]
async fn authenticating_banner_is_a_status_and_dismissible() {
    let log = Log::default();
    let mut m = mount_form(form_props(AuthStatus::Authenticating, &log));
    settle().await;
    let status = m.get("[role=status]");
    assert_eq!(status.text_content().unwrap(), "Authenticating…");
    assert!(m.query("[role=alert]").is_none());
    // Nothing is invalid while checking.
    assert!(token_input(&m).get_attribute("aria-invalid").is_none());
    m.click("Dismiss");
    settle().await;
    assert_eq!(log.entries(), ["dismiss"]);
    // The provider answers with banner_dismissed: the banner goes.
    let mut props = form_props(AuthStatus::Authenticating, &log);
    props.banner_dismissed = true;
    m.update(props);
    settle().await;
    assert!(m.button("Dismiss").is_none());
    assert!(!m.text().contains("Authenticating…"));
    assert!(named_form(&m).is_some());
}

#[wasm_bindgen_test]
async fn invalid_banner_is_an_alert_described_on_the_input() {
    let log = Log::default();
    let mut m = mount_form(form_props(AuthStatus::Invalid, &log));
    settle().await;
    let alert = m.get("[role=alert]");
    assert_eq!(alert.text_content().unwrap(), "Invalid token");
    let input = token_input(&m);
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        m.referenced_text(&input, "aria-describedby"),
        "Invalid token"
    );
    m.click("Dismiss");
    settle().await;
    assert_eq!(log.entries(), ["dismiss"]);
    let mut props = form_props(AuthStatus::Invalid, &log);
    props.banner_dismissed = true;
    m.update(props);
    settle().await;
    assert!(m.button("Dismiss").is_none());
    assert!(m.query("[role=alert]").is_none());
    // No dangling reference once the banner is gone.
    let input = token_input(&m);
    assert!(input.get_attribute("aria-describedby").is_none());
}

#[wasm_bindgen_test]
async fn token_missing_has_no_banner() {
    let m = mount_form(form_props(AuthStatus::TokenMissing, &Log::default()));
    settle().await;
    assert!(m.button("Dismiss").is_none());
    assert!(m.query("[role=alert]").is_none());
    assert!(m.query("[role=status]").is_none());
}

#[wasm_bindgen_test]
async fn bad_token_notice_is_an_alert_on_the_input() {
    let log = Log::default();
    let mut props = form_props(AuthStatus::TokenMissing, &log);
    props.notice = Some(Notice::BadToken(TokenError::MultiLine));
    let m = mount_form(props);
    settle().await;
    let alert = m.get("[role=alert]");
    assert_eq!(
        alert.text_content().unwrap(),
        TokenError::MultiLine.to_string()
    );
    let input = token_input(&m);
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        m.referenced_text(&input, "aria-describedby"),
        TokenError::MultiLine.to_string()
    );
    m.click("Dismiss");
    settle().await;
    assert_eq!(log.entries(), ["dismiss"]);
}

#[wasm_bindgen_test]
async fn oauth_failure_notice_names_the_failure() {
    let log = Log::default();
    let mut props = form_props(AuthStatus::TokenMissing, &log);
    props.notice = Some(Notice::OAuthFailed("popup closed".into()));
    let m = mount_form(props);
    settle().await;
    assert_eq!(
        m.get("[role=alert]").text_content().unwrap(),
        "Coder OAuth sign-in failed: popup closed"
    );
    // Not a problem with the typed token.
    assert!(token_input(&m).get_attribute("aria-invalid").is_none());
}

#[wasm_bindgen_test]
async fn heading_level_and_visibility_follow_props() {
    let log = Log::default();
    let mut props = form_props(AuthStatus::TokenMissing, &log);
    props.heading_level = 2;
    props.show_heading = true;
    let m = mount_form(props);
    settle().await;
    let h = m.get("h2");
    assert_eq!(h.text_content().unwrap(), "Authenticate with Coder");
    assert!(!has_class(&h, "sr-only"));
    drop(m);
    let m = mount_form(form_props(AuthStatus::TokenMissing, &log));
    settle().await;
    let h = m.get("h3");
    assert!(has_class(&h, "sr-only"));
    assert!(m.query("h2").is_none());
}

#[wasm_bindgen_test]
async fn unchecked_states_have_specific_messages_retry_and_unlink() {
    let expected = [
        (
            AuthStatus::Distrusted,
            "Unable to verify token authenticity. Please check your internet connection, \
             or try unlinking the token.",
        ),
        (AuthStatus::NoInternetConnection, "offline"),
        (
            AuthStatus::DeploymentUnavailable,
            "The Coder deployment or the Backstage proxy did not answer",
        ),
    ];
    for (status, message) in expected {
        let log = Log::default();
        let m = mount_form(form_props(status, &log));
        settle().await;
        let text = m.text();
        assert!(text.contains(message), "{status:?}: {text}");
        m.click("Retry");
        m.click("Unlink Coder account");
        settle().await;
        assert_eq!(log.entries(), ["retry", "unlink"], "{status:?}");
    }
    // Each message is its own.
    let mut texts = Vec::new();
    for status in UNCHECKED_STATES {
        let m = mount_form(form_props(status, &Log::default()));
        settle().await;
        texts.push(m.text());
    }
    assert!(texts[1].contains("when the connection returns"));
    assert!(!texts[1].contains("Unable to verify"));
    assert!(!texts[2].contains("Unable to verify"));
    assert_ne!(texts[1], texts[2]);
}

#[wasm_bindgen_test]
async fn deployment_unavailable_explains_the_error() {
    let log = Log::default();
    let mut props = form_props(AuthStatus::DeploymentUnavailable, &log);
    let error =
        RequestError::ProxyMisconfigured(coder_backstage_wasm::client::ProxyProblem::NotJson);
    props.error = Some(error.clone());
    let m = mount_form(props);
    settle().await;
    let alert = m.get("[role=alert]");
    assert!(
        alert.text_content().unwrap().contains(&error.to_string()),
        "{}",
        alert.text_content().unwrap()
    );
}

#[wasm_bindgen_test]
async fn authenticated_states_show_success_and_unlink() {
    for status in [
        AuthStatus::Authenticated,
        AuthStatus::DistrustedWithGracePeriod,
    ] {
        let log = Log::default();
        let m = mount_form(form_props(status, &log));
        settle().await;
        assert!(m.text().contains("You are fully authenticated with Coder!"));
        m.click("Unlink Coder account");
        settle().await;
        assert_eq!(log.entries(), ["unlink"]);
    }
}

#[wasm_bindgen_test]
async fn switching_status_swaps_the_view() {
    let log = Log::default();
    let mut m = mount_form(form_props(AuthStatus::Initializing, &log));
    settle().await;
    assert!(m.query("form").is_none());
    m.update(form_props(AuthStatus::TokenMissing, &log));
    settle().await;
    assert!(named_form(&m).is_some());
    m.update(form_props(AuthStatus::Authenticating, &log));
    settle().await;
    assert!(m.text().contains("Authenticating…"));
    m.update(form_props(AuthStatus::Authenticated, &log));
    settle().await;
    assert!(m.query("form").is_none());
    assert!(m.text().contains("You are fully authenticated"));
}

#[wasm_bindgen_test]
async fn unlink_button_alone() {
    let log = Log::default();
    let m = Mounted::<UnlinkAccountButton>::new(yew::props!(UnlinkAccountButtonProps {
        on_unlink: log.callback("unlink"),
    }));
    settle().await;
    let b = m.button("Unlink Coder account").unwrap();
    assert_eq!(b.get_attribute("type").as_deref(), Some("button"));
    b.click();
    settle().await;
    assert_eq!(log.entries(), ["unlink"]);
}

#[wasm_bindgen_test]
async fn messages_with_markup_render_as_text() {
    const EVIL: &str =
        "<script>window.__authPwned=1</script><img src=x onerror=\"window.__authPwned=2\">";
    let log = Log::default();
    let mut props = form_props(AuthStatus::TokenMissing, &log);
    props.notice = Some(Notice::OAuthFailed(EVIL.into()));
    let m = mount_form(props);
    settle().await;
    assert!(m.get("[role=alert]").text_content().unwrap().contains(EVIL));
    assert!(m.query("script, img").is_none());
    drop(m);

    let mut props = form_props(AuthStatus::DeploymentUnavailable, &log);
    props.error = Some(RequestError::Http {
        status: 500,
        message: Some(EVIL.into()),
    });
    let m = mount_form(props);
    settle().await;
    assert!(m.text().contains(EVIL));
    assert!(m.query("script, img").is_none());
    drop(m);

    let m = Mounted::<SettingsRow>::new(yew::props!(SettingsRowProps {
        signed_in: true,
        oauth_available: true,
        username: Some(AttrValue::from(EVIL)),
        error: Some(AttrValue::from(EVIL)),
    }));
    settle().await;
    assert!(m.get("strong").text_content().unwrap() == EVIL);
    assert!(m.get("[role=alert]").text_content().unwrap() == EVIL);
    assert!(m.query("script, img").is_none());
    sleep(20).await;
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__authPwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

// ------------------------------------------------------------ FallbackAuthUi

#[derive(Properties, PartialEq)]
struct FallbackHarnessProps {
    log: Log,
}

/// Owns the open state, as the provider will, and puts a form inside.
#[function_component]
fn FallbackHarness(props: &FallbackHarnessProps) -> Html {
    let open = use_state(|| false);
    let on_open = {
        let open = open.clone();
        let log = props.log.clone();
        Callback::from(move |()| {
            log.push("open");
            open.set(true);
        })
    };
    let on_close = {
        let open = open.clone();
        let log = props.log.clone();
        Callback::from(move |()| {
            log.push("close");
            open.set(false);
        })
    };
    html! {
        <FallbackAuthUi open={*open} {on_open} {on_close}>
            <AuthForm status={AuthStatus::TokenMissing} oauth_available=true cli_auth_url={CLI_AUTH} />
        </FallbackAuthUi>
    }
}

fn mount_fallback(log: &Log) -> Mounted<FallbackHarness> {
    Mounted::new(FallbackHarnessProps { log: log.clone() })
}

fn trigger(m: &Mounted<FallbackHarness>) -> HtmlElement {
    m.button("Authenticate with Coder")
        .expect("a button named 'Authenticate with Coder'")
}

fn key(target: &Element, key: &str, shift: bool) -> bool {
    // KeyboardEvent through its JS constructor (the web-sys init dict is not
    // an enabled feature of this crate).
    let init = js_sys::Object::new();
    for (k, v) in [
        ("key", JsValue::from_str(key)),
        ("shiftKey", JsValue::from_bool(shift)),
        ("bubbles", JsValue::TRUE),
        ("cancelable", JsValue::TRUE),
        ("composed", JsValue::TRUE),
    ] {
        js_sys::Reflect::set(&init, &k.into(), &v).unwrap();
    }
    let ctor: js_sys::Function =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"KeyboardEvent".into())
            .unwrap()
            .dyn_into()
            .unwrap();
    let event: web_sys::Event =
        js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"keydown".into(), &init))
            .unwrap()
            .dyn_into()
            .unwrap();
    target.dispatch_event(&event).unwrap()
}

fn dialog(m: &Mounted<FallbackHarness>) -> Option<Element> {
    m.query("[role=dialog]")
}

/// Counts uncaught errors on the window while alive.
struct ErrorCounter {
    count: Rc<RefCell<u32>>,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl ErrorCounter {
    fn new() -> Self {
        let count = Rc::new(RefCell::new(0));
        let c = count.clone();
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| *c.borrow_mut() += 1);
        web_sys::window()
            .unwrap()
            .add_event_listener_with_callback("error", closure.as_ref().unchecked_ref())
            .unwrap();
        Self { count, closure }
    }
    fn count(&self) -> u32 {
        *self.count.borrow()
    }
}

impl Drop for ErrorCounter {
    fn drop(&mut self) {
        web_sys::window()
            .unwrap()
            .remove_event_listener_with_callback("error", self.closure.as_ref().unchecked_ref())
            .unwrap();
    }
}

#[wasm_bindgen_test]
async fn fallback_is_a_labelled_landmark_with_a_named_button() {
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    let section = m.get("section");
    assert_eq!(
        m.referenced_text(&section, "aria-labelledby").trim(),
        "Authenticate with Coder to enable Coder plugin features"
    );
    let button = trigger(&m);
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
    let svg = button.query_selector("svg").unwrap().unwrap();
    assert_eq!(svg.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert_eq!(svg.get_attribute("fill").as_deref(), Some("currentColor"));
    assert_eq!(computed(&button, "position"), "fixed");
    assert!(dialog(&m).is_none());
}

#[wasm_bindgen_test]
async fn fallback_opens_a_modal_dialog_with_the_form() {
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    trigger(&m).click();
    settle().await;
    assert_eq!(log.entries(), ["open"]);
    let d = dialog(&m).expect("a dialog");
    assert_eq!(d.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        m.referenced_text(&d, "aria-labelledby"),
        "Authenticate with Coder"
    );
    let title = m.by_id(&d.get_attribute("aria-labelledby").unwrap());
    assert_eq!(title.tag_name(), "H2");
    assert_eq!(
        m.referenced_text(&d, "aria-describedby"),
        "Please authenticate with Coder to enable the Coder plugin for Backstage."
    );
    assert!(d.query_selector("form").unwrap().is_some());
    let close = m.button("Close").expect("a Close button");
    assert_eq!(close.tag_name(), "BUTTON");
    assert!(m.query(".auth-dialog a[href='']").is_none());
}

#[wasm_bindgen_test]
async fn focus_moves_into_the_dialog_and_back() {
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    let button = trigger(&m);
    button.focus().unwrap();
    button.click();
    settle().await;
    let d = dialog(&m).unwrap();
    let active = m.active().expect("focus in the shadow root");
    assert!(
        d.contains(Some(&active)),
        "focus on {}",
        active.outer_html()
    );
    // The first focusable: the OAuth button.
    assert_eq!(
        active.text_content().unwrap().trim(),
        "Sign in with Coder OAuth"
    );
    m.click("Close");
    settle().await;
    assert!(dialog(&m).is_none());
    let active = m.active().expect("focus back in the shadow root");
    assert_eq!(&active, trigger(&m).unchecked_ref::<Element>());
}

#[wasm_bindgen_test]
async fn escape_closes_the_dialog() {
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    trigger(&m).click();
    settle().await;
    let active = m.active().unwrap();
    let not_cancelled = key(&active, "Escape", false);
    settle().await;
    assert!(!not_cancelled, "Escape was handled");
    assert!(dialog(&m).is_none());
    assert_eq!(log.entries(), ["open", "close"]);
    assert_eq!(&m.active().unwrap(), trigger(&m).unchecked_ref::<Element>());
}

#[wasm_bindgen_test]
async fn backdrop_click_closes_and_dialog_click_does_not() {
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    trigger(&m).click();
    settle().await;
    m.get(".auth-dialog-title")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert!(dialog(&m).is_some());
    let backdrop = m.get(".auth-backdrop");
    assert_eq!(
        backdrop.get_attribute("aria-hidden").as_deref(),
        Some("true")
    );
    backdrop.dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert!(dialog(&m).is_none());
    assert_eq!(log.entries(), ["open", "close"]);
}

#[wasm_bindgen_test]
async fn tab_stays_inside_the_dialog() {
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    trigger(&m).click();
    settle().await;
    let d = dialog(&m).unwrap();
    let first = m.active().unwrap();
    // Shift+Tab on the first wraps to the last ("Close").
    assert!(!key(&first, "Tab", true));
    let last = m.active().unwrap();
    assert_eq!(last.text_content().unwrap().trim(), "Close");
    // Tab on the last wraps to the first.
    assert!(!key(&last, "Tab", false));
    assert_eq!(m.active().unwrap(), first);
    // Tab in the middle is left to the browser.
    let input = d.query_selector("input").unwrap().unwrap();
    input.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    assert!(key(&input, "Tab", false));
    assert!(dialog(&m).is_some());
}

#[wasm_bindgen_test]
async fn clicking_the_trigger_repeatedly_never_throws() {
    let errors = ErrorCounter::new();
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    for i in 0..25 {
        trigger(&m).click();
        if i % 3 == 0 {
            settle().await;
        }
        if i % 5 == 0 {
            if let Some(close) = m.button("Close") {
                close.click();
            }
        }
    }
    settle().await;
    // Still alive and consistent.
    if dialog(&m).is_some() {
        m.click("Close");
        settle().await;
    }
    assert!(dialog(&m).is_none());
    trigger(&m).click();
    settle().await;
    assert!(dialog(&m).is_some());
    assert_eq!(errors.count(), 0);

    // Without an owner wiring the callbacks, clicks are harmless too.
    let bare = Mounted::<FallbackAuthUi>::new(yew::props!(FallbackAuthUiProps {}));
    settle().await;
    for _ in 0..10 {
        bare.button("Authenticate with Coder").unwrap().click();
    }
    settle().await;
    assert!(bare.query("[role=dialog]").is_none());
    assert_eq!(errors.count(), 0);
}

#[wasm_bindgen_test]
async fn unmounting_an_open_dialog_is_clean() {
    let errors = ErrorCounter::new();
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    trigger(&m).click();
    settle().await;
    assert!(dialog(&m).is_some());
    let host = m.host.clone();
    drop(m);
    settle().await;
    assert!(!host.is_connected());
    // Keys on the document do nothing now.
    key(&document().body().unwrap(), "Escape", false);
    settle().await;
    assert_eq!(log.entries(), ["open"]);
    assert_eq!(errors.count(), 0);
}

// --------------------------------------------------------------- SettingsRow

fn settings(m: &Mounted<SettingsRow>) -> String {
    m.text()
}

#[wasm_bindgen_test]
async fn settings_row_signed_out() {
    let log = Log::default();
    let m = Mounted::<SettingsRow>::new(yew::props!(SettingsRowProps {
        oauth_available: true,
        on_sign_in: log.callback("sign-in"),
        on_sign_out: log.callback("sign-out"),
    }));
    settle().await;
    let text = settings(&m);
    assert!(text.contains("Coder"));
    assert!(text.contains("Sign in to Coder to access your development workspaces"));
    assert!(!text.contains("Signed in as"));
    let b = m.button("Sign in").unwrap();
    assert_eq!(
        b.get_attribute("title").as_deref(),
        Some("Sign in to Coder")
    );
    assert!(has_class(&b, "auth-btn-outlined"));
    b.click();
    settle().await;
    assert_eq!(log.entries(), ["sign-in"]);
}

#[wasm_bindgen_test]
async fn settings_row_signed_in() {
    let log = Log::default();
    let m = Mounted::<SettingsRow>::new(yew::props!(SettingsRowProps {
        signed_in: true,
        username: Some(AttrValue::from("jdoe")),
        oauth_available: true,
        on_sign_in: log.callback("sign-in"),
        on_sign_out: log.callback("sign-out"),
    }));
    settle().await;
    assert!(settings(&m).contains("Signed in as jdoe"));
    assert!(m.button("Sign in").is_none());
    let b = m.button("Sign out").unwrap();
    assert_eq!(
        b.get_attribute("title").as_deref(),
        Some("Sign out from Coder")
    );
    b.click();
    settle().await;
    assert_eq!(log.entries(), ["sign-out"]);
}

#[wasm_bindgen_test]
async fn settings_row_without_oauth_explains_and_has_no_button() {
    let m = Mounted::<SettingsRow>::new(yew::props!(SettingsRowProps {
        oauth_available: false,
    }));
    settle().await;
    assert!(m.query("button").is_none());
    assert!(settings(&m).contains("coderAuthApi"), "{}", settings(&m));
}

#[wasm_bindgen_test]
async fn settings_row_busy_disables_the_button() {
    let log = Log::default();
    let m = Mounted::<SettingsRow>::new(yew::props!(SettingsRowProps {
        oauth_available: true,
        busy: true,
        on_sign_in: log.callback("sign-in"),
    }));
    settle().await;
    let b = m.button("Sign in").unwrap();
    assert!(b.has_attribute("disabled"));
    b.click();
    settle().await;
    assert!(log.entries().is_empty());
}

#[wasm_bindgen_test]
async fn settings_row_error_is_an_alert() {
    let m = Mounted::<SettingsRow>::new(yew::props!(SettingsRowProps {
        oauth_available: true,
        error: Some(AttrValue::from("Sign-in failed: popup closed")),
    }));
    settle().await;
    assert_eq!(
        m.get("[role=alert]").text_content().unwrap(),
        "Sign-in failed: popup closed"
    );
    assert!(m.button("Sign in").is_some());
}
