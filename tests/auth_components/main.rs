//! The sign-in components in a real browser: the auth form in every status
//! (mirroring upstream's CoderAuthForm and CoderAuthFormCardWrapper tests),
//! the fallback button and dialog, the settings row, and text-only output.

#![cfg(target_arch = "wasm32")]

#[path = "../common/mod.rs"]
mod common;

mod fallback;
mod panels;
mod settings_row;
mod sign_in_form;

use std::cell::RefCell;
use std::rc::Rc;

use coder_backstage_wasm::auth::{AuthStatus, Notice, TokenError};
use coder_backstage_wasm::client::RequestError;
use coder_backstage_wasm::components::auth::{
    AuthFormProps, FallbackAuthUi, FallbackAuthUiProps, SettingsRowProps, UnlinkAccountButtonProps,
    AUTH_CSS,
};
use common::components::{AuthForm, SettingsRow, UnlinkAccountButton};
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

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

/// Mounts `C` under the auth stylesheet; [`settle`] before looking.
fn mount<C: BaseComponent>(props: C::Properties) -> Mounted<C> {
    Mounted::new(AUTH_CSS, props)
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
    mount(props)
}

/// The `<form>` whose accessible name (via aria-labelledby) is
/// "Authenticate with Coder".
fn named_form(m: &Mounted<AuthForm>) -> Option<Element> {
    let form = m.try_find("form")?;
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
