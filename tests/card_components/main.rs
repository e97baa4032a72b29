//! The workspaces card's parts, one group per upstream test file
//! (HeaderRow, CreateWorkspaceLink, ExtraActionsButton, SearchBox,
//! WorkspacesList, WorkspacesListItem, WorkspacesListIcon,
//! ReminderAccordion), each mounted alone in an open shadow root and driven
//! with real DOM events.

#![cfg(target_arch = "wasm32")]

#[path = "../common/mod.rs"]
mod common;

mod actions_menu;
mod header;
mod list;
mod list_icon;
mod list_item;
mod reminders;
mod search_box;
mod windowed_list;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use coder_backstage_wasm::card::{ItemView, ListState};
use coder_backstage_wasm::client::RequestError;
use coder_backstage_wasm::coder::Availability;
use coder_backstage_wasm::components::card::*;
use common::components::{CreateWorkspaceLink, HeaderRow, WorkspacesList, WorkspacesListIcon};
use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `C` under the card's stylesheet and waits for it to render.
async fn mount<C: BaseComponent>(props: C::Properties) -> Mounted<C> {
    let css = coder_backstage_wasm::element::shadow::stylesheet(
        coder_backstage_wasm::host::spec::ElementKind::Card,
    )
    .concat();
    let m = Mounted::new(&css, props);
    settle().await;
    m
}

fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

fn attr(el: &Element, name: &str) -> Option<String> {
    el.get_attribute(name)
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// A counter callback and its count.
fn counter() -> (Callback<()>, Rc<Cell<u32>>) {
    let n = Rc::new(Cell::new(0));
    let m = n.clone();
    (Callback::from(move |()| m.set(m.get() + 1)), n)
}

/// A recording callback and its calls.
fn recorder() -> (Callback<String>, Rc<RefCell<Vec<String>>>) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let c = calls.clone();
    (
        Callback::from(move |s: String| c.borrow_mut().push(s)),
        calls,
    )
}

const REPO: &str = "https://github.com/zombocom/zombocom";
const CREATE: &str = "https://dev.coder.com/templates/devcontainers/workspace?mode=manual";

fn item(id: &str, name: &str, availability: Availability) -> ItemView {
    ItemView {
        id: id.into(),
        name: name.into(),
        owner: "lil brudder".into(),
        href: format!("https://dev.coder.com/@lil%20brudder/{id}"),
        icon_src: None,
        emoji_icon: false,
        initial: 'W',
        availability,
        outdated: false,
        busy: None,
        error: None,
    }
}

fn list_props(
    state: ListState,
    creation_url: Option<&'static str>,
    on_retry: &Callback<()>,
) -> WorkspacesListProps {
    yew::props!(WorkspacesListProps {
        state,
        creation_url: creation_url.map(AttrValue::from),
        on_retry: on_retry.clone(),
    })
}

fn item_props(item: ItemView) -> WorkspacesListItemProps {
    yew::props!(WorkspacesListItemProps {
        item,
        position: (0, 1)
    })
}
