//! The workspaces card's parts, one group per upstream test file
//! (HeaderRow, CreateWorkspaceLink, ExtraActionsButton, SearchBox,
//! WorkspacesList, WorkspacesListItem, WorkspacesListIcon,
//! ReminderAccordion), each mounted alone in an open shadow root and driven
//! with real DOM events.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use coder_backstage_wasm::card::{ItemView, ListState};
use coder_backstage_wasm::client::RequestError;
use coder_backstage_wasm::coder::Availability;
use coder_backstage_wasm::components::card::*;
use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot};
use yew::prelude::*;
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function key(el, type, key) {
  const e = new KeyboardEvent(type, { key, bubbles: true, composed: true, cancelable: true });
  el.dispatchEvent(e);
  return e.defaultPrevented;
}
export function shiftKey(el, type, key) {
  const e = new KeyboardEvent(type, { key, shiftKey: true, bubbles: true, composed: true, cancelable: true });
  el.dispatchEvent(e);
  return e.defaultPrevented;
}
export function scrollAndWait(el, top) {
  el.scrollTop = top;
  return new Promise((resolve) => el.addEventListener('scroll', () => resolve(), { once: true }));
}
export function typeText(el, value) {
  el.value = value;
  el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
}
export function installClickCounter() {
  if (globalThis.__cardClicks) return;
  // Counts click listeners added to a document since installation.
  const t = { n: 0, fns: new Set() };
  const add = Document.prototype.addEventListener;
  const remove = Document.prototype.removeEventListener;
  Document.prototype.addEventListener = function (type, fn, opts) {
    if (type === 'click' && !t.fns.has(fn)) { t.fns.add(fn); t.n += 1; }
    return add.call(this, type, fn, opts);
  };
  Document.prototype.removeEventListener = function (type, fn, opts) {
    if (type === 'click' && t.fns.delete(fn)) t.n -= 1;
    return remove.call(this, type, fn, opts);
  };
  globalThis.__cardClicks = t;
}
export function documentClickListeners() { return globalThis.__cardClicks.n; }
export function countClicks(el) {
  const box = { n: 0 };
  el.addEventListener('click', (e) => { box.n += 1; e.preventDefault(); });
  return () => box.n;
}
"#)]
extern "C" {
    /// Dispatches a keyboard event; returns whether it was default-prevented.
    fn key(el: &Element, kind: &str, key: &str) -> bool;
    /// `key` with Shift held.
    #[wasm_bindgen(js_name = shiftKey)]
    fn shift_key(el: &Element, kind: &str, key: &str) -> bool;
    /// Scrolls `el` to `top` and resolves after its scroll event.
    #[wasm_bindgen(js_name = scrollAndWait)]
    fn scroll_and_wait(el: &Element, top: i32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = typeText)]
    fn type_text(el: &Element, value: &str);
    #[wasm_bindgen(js_name = installClickCounter)]
    fn install_click_counter();
    #[wasm_bindgen(js_name = documentClickListeners)]
    fn document_click_listeners() -> i32;
    /// Counts (and cancels the navigation of) clicks on `el`.
    #[wasm_bindgen(js_name = countClicks)]
    fn count_clicks(el: &Element) -> js_sys::Function;
}

/// A component mounted in a fresh open shadow root.
struct Mounted<C: BaseComponent> {
    host: Element,
    root: ShadowRoot,
    app: Option<AppHandle<C>>,
}

impl<C: BaseComponent> Mounted<C> {
    fn find(&self, selector: &str) -> Element {
        self.try_find(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn try_find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into())
            .collect()
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    fn active(&self) -> Option<Element> {
        self.root.active_element()
    }

    fn update(&mut self, props: C::Properties) {
        self.app.as_mut().unwrap().update(props);
    }

    /// Destroys the app and waits for its teardown to run.
    async fn unmount(mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        settle().await;
        self.host.remove();
    }
}

async fn mount<C: BaseComponent>(props: C::Properties) -> Mounted<C> {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(
        &coder_backstage_wasm::element::shadow::stylesheet(
            coder_backstage_wasm::host::spec::ElementKind::Card,
        )
        .concat(),
    ));
    root.append_child(&style).unwrap();
    let div = document().create_element("div").unwrap();
    root.append_child(&div).unwrap();
    let app = yew::Renderer::<C>::with_root_and_props(div, props).render();
    settle().await;
    Mounted {
        host,
        root,
        app: Some(app),
    }
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

// ---------------------------------------------------------------- HeaderRow

fn header_props(repo: Option<&'static str>) -> HeaderRowProps {
    yew::props!(HeaderRowProps {
        heading_id: "card-heading",
        repo_url: repo.map(AttrValue::from),
        children: html! { <button type="button" id="action">{ "act" }</button> },
    })
}

#[wasm_bindgen_test]
async fn header_row_heading_has_the_given_id_and_no_filter_text_without_a_repo() {
    let m = mount::<HeaderRow>(header_props(None)).await;
    let h2 = m.find("h2");
    assert_eq!(attr(&h2, "id").as_deref(), Some("card-heading"));
    assert_eq!(text(&h2), "Coder Workspaces");
    assert!(!m.text().contains("Results filtered by"), "{}", m.text());
    assert!(m.try_find("#action").is_some(), "actions rendered");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn header_row_names_the_repo_being_filtered() {
    let m = mount::<HeaderRow>(header_props(Some(REPO))).await;
    let sub = m.find(".subheader");
    assert_eq!(text(&sub), "Results filtered by repo: zombocom");
    assert_eq!(attr(&sub, "title").as_deref(), Some(REPO));
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn header_row_unknown_hosts_read_repo_url() {
    let m = mount::<HeaderRow>(header_props(Some(
        "https://www.blah.com/unknown/repo/format",
    )))
    .await;
    assert_eq!(text(&m.find(".subheader")), "Results filtered by repo URL");
    m.unmount().await;
}

// ------------------------------------------------------ CreateWorkspaceLink

#[wasm_bindgen_test]
async fn create_link_opens_a_new_tab_when_there_is_a_url() {
    let m = mount::<CreateWorkspaceLink>(yew::props!(CreateWorkspaceLinkProps {
        creation_url: Some(AttrValue::from(CREATE)),
    }))
    .await;
    let a = m.find("a");
    assert_eq!(attr(&a, "role").as_deref(), Some("link"));
    assert_eq!(attr(&a, "href").as_deref(), Some(CREATE));
    assert_eq!(attr(&a, "target").as_deref(), Some("_blank"));
    assert_eq!(attr(&a, "rel").as_deref(), Some("noreferrer noopener"));
    assert_eq!(attr(&a, "aria-disabled"), None);
    assert_eq!(text(&a), "Add a new workspace (Link opens in new tab)");
    let svg = m.find("a svg");
    assert_eq!(attr(&svg, "aria-hidden").as_deref(), Some("true"));
    let tip = m.find("[role=tooltip]");
    assert_eq!(text(&tip), "Add a new workspace");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn create_link_without_a_url_is_disabled_and_explains_why() {
    let m =
        mount::<CreateWorkspaceLink>(yew::props!(CreateWorkspaceLinkProps { creation_url: None }))
            .await;
    let a = m.find("a");
    assert_eq!(attr(&a, "href"), None);
    let href = js_sys::Reflect::get(&a, &JsValue::from_str("href")).unwrap();
    assert_eq!(href.as_string().as_deref(), Some(""), "href property");
    assert_eq!(attr(&a, "role").as_deref(), Some("link"));
    assert_eq!(attr(&a, "aria-disabled").as_deref(), Some("true"));
    assert_eq!(attr(&a, "tabindex").as_deref(), Some("0"));
    assert!(
        text(&a).contains("does not have a usable template name"),
        "{}",
        text(&a)
    );
    let tip_id = attr(&a, "aria-describedby").expect("described by its tooltip");
    let tip = m.find(&format!("#{tip_id}"));
    assert_eq!(attr(&tip, "role").as_deref(), Some("tooltip"));
    assert!(text(&tip).starts_with("Please add a template name value."));
    // Keyboard users can reach it.
    a.unchecked_ref::<HtmlElement>().focus().unwrap();
    assert_eq!(m.active().as_ref(), Some(&a));
    m.unmount().await;
}

// ------------------------------------------------------- ExtraActionsButton

fn actions(refresh: &Callback<()>, unlink: &Callback<()>) -> ExtraActionsButtonProps {
    yew::props!(ExtraActionsButtonProps {
        on_refresh: refresh.clone(),
        on_unlink: unlink.clone(),
    })
}

fn menu_items<C: BaseComponent>(m: &Mounted<C>) -> Vec<String> {
    m.all("[role=menuitem]").iter().map(text).collect()
}

#[wasm_bindgen_test]
async fn actions_button_is_named_and_opens_a_menu_on_click() {
    let (refresh, _) = counter();
    let (unlink, _) = counter();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    let button = m.find("button");
    assert_eq!(text(&button), "See additional workspace actions");
    assert_eq!(attr(&button, "aria-haspopup").as_deref(), Some("menu"));
    assert_eq!(attr(&button, "aria-expanded").as_deref(), Some("false"));
    assert_eq!(attr(&button, "aria-controls"), None);
    assert!(m.try_find("[role=menu]").is_none());

    click(&button);
    settle().await;
    let menu = m.find("[role=menu]");
    assert_eq!(attr(&button, "aria-expanded").as_deref(), Some("true"));
    assert_eq!(attr(&button, "aria-controls"), attr(&menu, "id"));
    assert_eq!(attr(&menu, "aria-labelledby"), attr(&button, "id"));
    assert_eq!(menu_items(&m), ["Refresh", "Unlink Coder account"]);
    assert_eq!(m.active(), m.all("[role=menuitem]").first().cloned());

    // Clicking the button again closes it.
    click(&button);
    settle().await;
    assert!(m.try_find("[role=menu]").is_none());
    assert_eq!(attr(&button, "aria-controls"), None);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn actions_menu_keyboard_flow() {
    let (refresh, refreshes) = counter();
    let (unlink, unlinks) = counter();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    let button = m.find("button");
    button.unchecked_ref::<HtmlElement>().focus().unwrap();
    assert!(key(&button, "keydown", "Enter"), "Enter handled");
    settle().await;
    let items = m.all("[role=menuitem]");
    assert_eq!(items.len(), 2);
    assert_eq!(m.active().as_ref(), Some(&items[0]), "first item focused");

    let menu = m.find("[role=menu]");
    let step = |k: &str| {
        key(&m.active().unwrap(), "keydown", k);
        m.active().unwrap()
    };
    assert_eq!(step("ArrowDown"), items[1]);
    assert_eq!(step("ArrowDown"), items[0], "wraps forward");
    assert_eq!(step("ArrowUp"), items[1], "wraps back");
    assert_eq!(step("Home"), items[0]);
    assert_eq!(step("End"), items[1]);
    assert!(menu.contains(m.active().as_ref().map(|e| e.as_ref())));

    key(&items[1], "keydown", "Enter");
    settle().await;
    assert_eq!(unlinks.get(), 1);
    assert_eq!(refreshes.get(), 0);
    assert!(m.try_find("[role=menu]").is_none(), "activating closes");
    assert_eq!(
        m.active().as_ref(),
        Some(&button),
        "focus back on the button"
    );

    // ArrowDown opens too; Space on an item activates it.
    key(&button, "keydown", "ArrowDown");
    settle().await;
    key(&m.active().unwrap(), "keydown", " ");
    settle().await;
    assert_eq!(refreshes.get(), 1);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn actions_menu_escape_returns_focus_and_tab_closes() {
    let (refresh, refreshes) = counter();
    let (unlink, unlinks) = counter();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    let button = m.find("button");
    key(&button, "keydown", "Enter");
    settle().await;
    assert!(key(&m.active().unwrap(), "keydown", "Escape"));
    settle().await;
    assert!(m.try_find("[role=menu]").is_none());
    assert_eq!(m.active().as_ref(), Some(&button));

    key(&button, "keydown", " ");
    settle().await;
    assert!(m.try_find("[role=menu]").is_some(), "Space opens");
    assert!(
        !key(&m.active().unwrap(), "keydown", "Tab"),
        "Tab moves focus as usual"
    );
    settle().await;
    assert!(m.try_find("[role=menu]").is_none(), "Tab closes");

    key(&button, "keydown", "ArrowUp");
    settle().await;
    assert_eq!(
        m.active(),
        m.all("[role=menuitem]").last().cloned(),
        "ArrowUp opens on the last item"
    );
    assert_eq!((refreshes.get(), unlinks.get()), (0, 0));
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn actions_menu_closes_on_outside_click_and_drops_its_listener() {
    install_click_counter();
    let (refresh, _) = counter();
    let (unlink, _) = counter();
    let outside = container("<p id=outside>elsewhere</p>");
    let before = document_click_listeners();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    assert_eq!(
        document_click_listeners(),
        before,
        "no listener while closed"
    );
    click(&m.find("button"));
    settle().await;
    assert_eq!(document_click_listeners(), before + 1);
    // A click inside the menu's own area does not close it.
    click(&m.find("[role=menu]"));
    settle().await;
    assert!(m.try_find("[role=menu]").is_some());
    click(&find(&outside, "#outside"));
    settle().await;
    assert!(m.try_find("[role=menu]").is_none());
    assert_eq!(document_click_listeners(), before, "removed when closed");

    // Unmounting while open removes it too.
    click(&m.find("button"));
    settle().await;
    assert_eq!(document_click_listeners(), before + 1);
    m.unmount().await;
    assert_eq!(document_click_listeners(), before, "removed on unmount");
    outside.remove();
}

#[wasm_bindgen_test]
async fn refresh_is_throttled_to_once_a_second() {
    let (refresh, refreshes) = counter();
    let (unlink, _) = counter();
    let m = mount::<ExtraActionsButton>(actions(&refresh, &unlink)).await;
    for _ in 0..10 {
        click(&m.find("button"));
        settle().await;
        click(&m.all("[role=menuitem]")[0]);
        settle().await;
        assert!(m.try_find("[role=menu]").is_none());
    }
    assert_eq!(refreshes.get(), 1);
    sleep(1_050).await;
    click(&m.find("button"));
    settle().await;
    click(&m.all("[role=menuitem]")[0]);
    settle().await;
    assert_eq!(refreshes.get(), 2, "allowed again after a second");
    m.unmount().await;
}

// ---------------------------------------------------------------- SearchBox

fn search_props(on_change: &Callback<String>, initial: &'static str) -> SearchBoxProps {
    yew::props!(SearchBoxProps {
        initial,
        on_change: on_change.clone(),
    })
}

fn input_of<C: BaseComponent>(m: &Mounted<C>) -> HtmlInputElement {
    m.find("input").unchecked_into()
}

#[wasm_bindgen_test]
async fn search_box_is_labelled() {
    let (on_change, _) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "owner:me")).await;
    let fieldset = m.find("fieldset");
    assert_eq!(text(&m.find("fieldset > legend")), "Search controls");
    let input = input_of(&m);
    assert_eq!(input.type_(), "search");
    assert_eq!(input.placeholder(), "Search your Coder workspaces");
    assert_eq!(input.value(), "owner:me");
    let label = input.closest("label").unwrap().expect("wrapped in a label");
    assert!(text(&label).contains("Search your Coder workspaces"));
    assert!(fieldset.contains(Some(&label)));
    let clear = m.find("button");
    assert_eq!(text(&clear), "Clear out search");
    assert_eq!(attr(&clear, "disabled"), None);
    m.unmount().await;

    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    assert!(
        attr(&m.find("button"), "disabled").is_some(),
        "disabled while empty"
    );
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_debounces_typing() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    for text in ["a", "ab", "abc"] {
        type_text(&input, text);
        sleep(50).await;
    }
    assert_eq!(input_of(&m).value(), "abc", "the input updates at once");
    assert!(calls.borrow().is_empty(), "not called at once");
    sleep(250).await;
    assert!(
        calls.borrow().is_empty(),
        "each keystroke restarts the wait"
    );
    sleep(250).await;
    assert_eq!(*calls.borrow(), ["abc"]);
    sleep(500).await;
    assert_eq!(*calls.borrow(), ["abc"], "exactly once");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_enter_reports_at_once() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    type_text(&input, "x");
    settle().await;
    key(&input, "keydown", "Enter");
    assert_eq!(*calls.borrow(), ["x"]);
    sleep(500).await;
    assert_eq!(*calls.borrow(), ["x"], "the debounce was cancelled");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_clear_button_reports_empty_at_once() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    type_text(&input, "Hi");
    settle().await;
    let clear = m.find("button");
    assert_eq!(attr(&clear, "disabled"), None);
    click(&clear);
    settle().await;
    assert_eq!(input_of(&m).value(), "");
    assert_eq!(*calls.borrow(), [""]);
    assert_eq!(m.active().as_ref(), Some(&input), "focus back in the input");
    assert!(attr(&clear, "disabled").is_some());
    sleep(600).await;
    assert_eq!(*calls.borrow(), [""], "no late debounced call");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_typing_to_empty_reports_at_once() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    type_text(&input, "H");
    type_text(&input, "Hi");
    settle().await;
    type_text(&input, "H");
    type_text(&input, "");
    assert_eq!(*calls.borrow(), [""]);
    sleep(600).await;
    assert_eq!(*calls.borrow(), [""]);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_unmount_cancels_the_debounce() {
    let (on_change, calls) = recorder();
    let m = mount::<SearchBox>(search_props(&on_change, "")).await;
    type_text(&m.find("input"), "late");
    settle().await;
    m.unmount().await;
    sleep(600).await;
    assert!(calls.borrow().is_empty(), "{:?}", calls.borrow());
}

#[wasm_bindgen_test]
async fn search_box_follows_a_filter_set_from_outside() {
    let (on_change, calls) = recorder();
    let mut m = mount::<SearchBox>(search_props(&on_change, "owner:me")).await;
    type_text(&m.find("input"), "owner:me wip");
    settle().await;
    // The host replaces the filter before the debounce fires: its value
    // shows, and the stale report is dropped.
    m.update(search_props(&on_change, "owner:me docs"));
    settle().await;
    assert_eq!(input_of(&m).value(), "owner:me docs");
    sleep(500).await;
    assert!(
        calls.borrow().is_empty(),
        "the pending report was cancelled: {:?}",
        calls.borrow()
    );
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn search_box_ignores_the_echo_of_its_own_report() {
    let (on_change, calls) = recorder();
    let mut m = mount::<SearchBox>(search_props(&on_change, "")).await;
    let input = m.find("input");
    type_text(&input, "abc");
    key(&input, "keydown", "Enter");
    assert_eq!(*calls.borrow(), ["abc"]);
    // The user goes on typing while the host echoes the reported value.
    type_text(&input, "abcd");
    settle().await;
    m.update(search_props(&on_change, "abc"));
    settle().await;
    assert_eq!(input_of(&m).value(), "abcd", "typing is not overwritten");
    sleep(500).await;
    assert_eq!(*calls.borrow(), ["abc", "abcd"]);
    m.unmount().await;
}

// ----------------------------------------------------------- WorkspacesList

fn item(id: &str, name: &str, availability: Availability) -> ItemView {
    ItemView {
        id: id.into(),
        name: name.into(),
        owner: "lil brudder".into(),
        href: format!("https://dev.coder.com/@lil%20brudder/{id}"),
        icon_src: None,
        initial: 'W',
        availability,
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

#[wasm_bindgen_test]
async fn list_placeholders_say_what_is_going_on() {
    let (retry, _) = counter();
    let m = mount::<WorkspacesList>(list_props(ListState::Loading, None, &retry)).await;
    let status = m.find("[role=status]");
    assert_eq!(attr(&status, "aria-live").as_deref(), Some("polite"));
    assert_eq!(text(&status), "Loading\u{2026}");
    assert_eq!(attr(&m.find("svg"), "aria-hidden").as_deref(), Some("true"));
    m.unmount().await;

    for (state, expected) in [
        (
            ListState::SearchPrompt,
            "Use the search bar to find matching Coder workspaces",
        ),
        (ListState::NoRepoUrl, "backstage.io/source-location"),
        (ListState::NoRepoKeys, "workspaces.repoUrlParamKeys"),
        (
            ListState::NoResults,
            "No workspaces returned for your query",
        ),
    ] {
        let m = mount::<WorkspacesList>(list_props(state, Some(CREATE), &retry)).await;
        assert!(m.text().contains(expected), "{}", m.text());
        assert!(m.try_find("a").is_none(), "no CTA: {}", m.text());
        m.unmount().await;
    }
}

#[wasm_bindgen_test]
async fn list_no_results_for_repo_offers_a_create_link_only_with_a_url() {
    let (retry, _) = counter();
    let state = ListState::NoResultsForRepo(REPO.into());
    let m = mount::<WorkspacesList>(list_props(state.clone(), Some(CREATE), &retry)).await;
    assert!(m.text().contains("No workspaces found for repo"));
    assert_eq!(text(&m.find("code")), REPO);
    let a = m.find("a");
    assert!(text(&a).starts_with("Create workspace"), "{}", text(&a));
    assert_eq!(attr(&a, "href").as_deref(), Some(CREATE));
    assert_eq!(attr(&a, "target").as_deref(), Some("_blank"));
    assert_eq!(attr(&a, "rel").as_deref(), Some("noreferrer noopener"));
    m.unmount().await;

    let m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    assert!(m.text().contains("No workspaces found for repo"));
    assert!(m.try_find("a").is_none(), "no dead link");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn list_failure_is_an_alert_with_retry() {
    let (retry, retries) = counter();
    let err = RequestError::Timeout;
    let m = mount::<WorkspacesList>(list_props(ListState::Failed(err.clone()), None, &retry)).await;
    let alert = m.find("[role=alert]");
    assert!(text(&alert).contains(err.title()));
    assert!(text(&alert).contains(&err.to_string()));
    let button = m.find("button");
    assert_eq!(text(&button), "Retry");
    click(&button);
    assert_eq!(retries.get(), 1);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn list_renders_rows_in_order_with_a_partial_notice() {
    let (retry, _) = counter();
    let items: Rc<[ItemView]> = vec![
        item("1", "dog", Availability::Online),
        item("2", "cat", Availability::Offline),
        item("3", "bird", Availability::Pending),
    ]
    .into();
    let state = ListState::Items {
        items,
        partial: None,
    };
    let mut m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    let names: Vec<_> = m.all("ol.ws-list > li .ws-name").iter().map(text).collect();
    assert_eq!(names, ["dog", "cat", "bird"]);
    assert!(m.find(".list-scroll").contains(Some(&m.find("ol"))));
    assert!(m.try_find(".partial").is_none());

    let items: Rc<[ItemView]> = vec![item("3", "bird", Availability::Pending)].into();
    let err = RequestError::Http {
        status: 500,
        message: Some("boom".into()),
    };
    m.update(list_props(
        ListState::Items {
            items,
            partial: Some(err),
        },
        None,
        &retry,
    ));
    settle().await;
    assert_eq!(m.all("li").len(), 1);
    let notice = text(&m.find(".partial"));
    assert!(notice.contains("could not be loaded"), "{notice}");
    assert!(notice.contains("boom"), "{notice}");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn markup_in_data_renders_as_text() {
    let (retry, _) = counter();
    let evil = "<img src=x onerror=alert(1)>";
    let state = ListState::Items {
        items: vec![item("1", evil, Availability::Online)].into(),
        partial: Some(RequestError::InvalidResponse(evil.into())),
    };
    let m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    assert_eq!(text(&m.find(".ws-name")), evil);
    assert!(m.text().contains(evil));
    assert!(m.try_find("img").is_none(), "no element made from data");
    m.unmount().await;

    let m = mount::<WorkspacesList>(list_props(
        ListState::NoResultsForRepo(evil.into()),
        None,
        &retry,
    ))
    .await;
    assert_eq!(text(&m.find("code")), evil);
    assert!(m.try_find("img").is_none());
    m.unmount().await;
}

// ------------------------------------------------------- WorkspacesListItem

fn item_props(item: ItemView) -> WorkspacesListItemProps {
    yew::props!(WorkspacesListItemProps { item })
}

#[wasm_bindgen_test]
async fn item_link_opens_the_workspace_in_a_new_tab() {
    let m =
        mount::<WorkspacesListItem>(item_props(item("1", "9-lives", Availability::Online))).await;
    let a = m.find("li > a");
    assert_eq!(
        attr(&a, "href").as_deref(),
        Some("https://dev.coder.com/@lil%20brudder/1")
    );
    assert_eq!(attr(&a, "target").as_deref(), Some("_blank"));
    assert_eq!(attr(&a, "rel").as_deref(), Some("noreferrer noopener"));
    assert_eq!(
        text(&a),
        "Open workspace for 9-lives in Coder. (Link opens in new tab.)"
    );
    let status_id = attr(&a, "aria-describedby").expect("described by the pill");
    let status = m.find(&format!("#{status_id}"));
    assert_eq!(text(&status), "Workspace is Online.");
    assert_eq!(m.all(&format!("[id='{status_id}']")).len(), 1);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn item_status_ids_are_unique() {
    let (retry, _) = counter();
    let state = ListState::Items {
        items: vec![
            item("a", "same", Availability::Online),
            item("b", "same", Availability::Online),
        ]
        .into(),
        partial: None,
    };
    let m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    let ids: Vec<_> = m
        .all("li > a")
        .iter()
        .map(|a| attr(a, "aria-describedby").unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn item_pills_read_each_availability() {
    for (availability, visible, spoken) in [
        (Availability::Online, "Online", "Workspace is Online."),
        (Availability::Offline, "Offline", "Workspace is Offline."),
        (
            Availability::Pending,
            "Pending\u{2026}",
            "Workspace is Pending\u{2026}",
        ),
        (Availability::Failed, "Failed", "Workspace is Failed."),
        (
            Availability::Deleting,
            "Deleting\u{2026}",
            "Workspace is Deleting\u{2026}",
        ),
    ] {
        let m = mount::<WorkspacesListItem>(item_props(item("1", "w", availability))).await;
        let status = m.find(".status");
        assert_eq!(text(&status), spoken);
        assert_eq!(
            attr(&status, "data-status").as_deref(),
            Some(availability.as_str())
        );
        // Visible text: everything but the visually hidden parts.
        let mut shown = text(&status);
        for hidden in m.all(".status .sr-only") {
            shown = shown.replacen(&text(&hidden), "", 1);
        }
        assert_eq!(shown, visible);
        m.unmount().await;
    }
}

#[wasm_bindgen_test]
async fn item_row_click_follows_the_link_once() {
    let m = mount::<WorkspacesListItem>(item_props(item("1", "w", Availability::Online))).await;
    let a = m.find("a");
    let clicks = count_clicks(&a);
    let count = || clicks.call0(&JsValue::NULL).unwrap().as_f64().unwrap();
    click(&m.find(".status"));
    settle().await;
    assert_eq!(count(), 1.0, "row click reaches the link");
    click(&a);
    settle().await;
    assert_eq!(count(), 2.0, "a link click is not repeated");
    click(&m.find(".ws-name"));
    settle().await;
    assert_eq!(count(), 3.0);
    m.unmount().await;
}

// ------------------------------------------------------- WorkspacesListIcon

fn icon_props(src: Option<&'static str>, initial: char) -> WorkspacesListIconProps {
    yew::props!(WorkspacesListIconProps {
        src: src.map(AttrValue::from),
        initial,
    })
}

#[wasm_bindgen_test]
async fn icon_without_src_shows_the_initial() {
    let m = mount::<WorkspacesListIcon>(icon_props(None, 'B')).await;
    let icon = m.find(".ws-icon");
    assert_eq!(attr(&icon, "aria-hidden").as_deref(), Some("true"));
    assert_eq!(text(&icon), "B");
    assert!(m.try_find("img").is_none());
    m.unmount().await;
}

async fn wait_for<C: BaseComponent>(m: &Mounted<C>, selector: &str) -> bool {
    for _ in 0..100 {
        if m.try_find(selector).is_some() {
            return true;
        }
        sleep(20).await;
    }
    false
}

/// A 1×1 transparent GIF (loads without a server).
const PIXEL: &str = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

#[wasm_bindgen_test]
async fn icon_image_is_decorative_and_sends_no_referrer() {
    let m = mount::<WorkspacesListIcon>(icon_props(Some(PIXEL), 'B')).await;
    let icon = m.find(".ws-icon");
    assert_eq!(attr(&icon, "aria-hidden").as_deref(), Some("true"));
    let img = m.find("img");
    assert_eq!(attr(&img, "src").as_deref(), Some(PIXEL));
    assert_eq!(attr(&img, "alt").as_deref(), Some(""));
    assert_eq!(attr(&img, "referrerpolicy").as_deref(), Some("no-referrer"));
    assert_eq!(attr(&img, "loading").as_deref(), Some("lazy"));
    sleep(100).await;
    assert!(m.try_find("img").is_some(), "a loading image stays");
    assert!(m.try_find(".ws-icon-initial").is_none());
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn icon_falls_back_to_the_initial_when_the_image_fails() {
    let mut m = mount::<WorkspacesListIcon>(icon_props(Some("/does-not-exist.png"), 'B')).await;
    assert!(wait_for(&m, ".ws-icon-initial").await, "fallback shown");
    assert!(m.try_find("img").is_none());
    assert_eq!(text(&m.find(".ws-icon")), "B");

    // A new src gets a fresh try.
    m.update(icon_props(Some(PIXEL), 'B'));
    settle().await;
    assert!(m.try_find("img").is_some(), "reset for a new src");
    m.update(icon_props(Some("/also-missing.png"), 'B'));
    assert!(wait_for(&m, ".ws-icon-initial").await);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn a_row_falls_back_to_the_initial_when_its_icon_fails() {
    // Rows draw their icon themselves (not through WorkspacesListIcon).
    let broken = ItemView {
        icon_src: Some("/does-not-exist.png".into()),
        initial: 'N',
        ..item("1", "nine", Availability::Online)
    };
    let mut m = mount::<WorkspacesListItem>(item_props(broken.clone())).await;
    assert!(wait_for(&m, ".ws-icon-initial").await, "fallback shown");
    assert!(m.try_find("img").is_none());
    assert_eq!(text(&m.find(".ws-icon")), "N");

    m.update(item_props(ItemView {
        icon_src: Some(PIXEL.into()),
        ..broken
    }));
    settle().await;
    assert!(m.try_find("img").is_some(), "a new icon gets a fresh try");
    m.unmount().await;
}

// -------------------------------------------------------- ReminderAccordion

fn reminder_props(entity: bool, template: bool) -> ReminderAccordionProps {
    yew::props!(ReminderAccordionProps {
        show_entity_reminder: entity,
        show_template_reminder: template,
    })
}

const ENTITY_Q: &str = "Why am I not seeing any workspaces?";
const TEMPLATE_Q: &str = "Why can't I make a new workspace?";

#[wasm_bindgen_test]
async fn reminders_show_only_what_applies() {
    for (entity, template, expected) in [
        (false, false, vec![]),
        (false, true, vec![TEMPLATE_Q]),
        (true, false, vec![ENTITY_Q]),
        (true, true, vec![ENTITY_Q, TEMPLATE_Q]),
    ] {
        let m = mount::<ReminderAccordion>(reminder_props(entity, template)).await;
        let buttons: Vec<_> = m
            .all("button")
            .iter()
            .map(|b| text(b).trim_start_matches(['\u{25BA}', ' ']).to_owned())
            .collect();
        assert_eq!(buttons, expected);
        if expected.is_empty() {
            assert!(m.try_find("[role=group]").is_none(), "renders nothing");
        } else {
            let group = m.find("[role=group]");
            assert_eq!(attr(&group, "aria-label").as_deref(), Some("Help"));
        }
        m.unmount().await;
    }
}

#[wasm_bindgen_test]
async fn reminders_open_one_at_a_time() {
    let m = mount::<ReminderAccordion>(reminder_props(true, true)).await;
    let buttons = m.all("button");
    let panel = |b: &Element| m.find(&format!("#{}", attr(b, "aria-controls").unwrap()));
    let expanded = |b: &Element| attr(b, "aria-expanded").unwrap();
    let hidden = |b: &Element| panel(b).has_attribute("hidden");
    for b in &buttons {
        assert_eq!(expanded(b), "false");
        assert!(hidden(b), "collapsed panels exist but are hidden");
        assert_eq!(
            attr(&b.first_element_child().unwrap(), "aria-hidden").as_deref(),
            Some("true")
        );
    }

    click(&buttons[0]);
    settle().await;
    assert_eq!(expanded(&buttons[0]), "true");
    assert!(!hidden(&buttons[0]));
    assert!(text(&panel(&buttons[0])).starts_with("This card lists the workspaces"));
    assert!(text(&panel(&buttons[0])).contains("backstage.io/source-location"));

    click(&buttons[1]);
    settle().await;
    assert_eq!(expanded(&buttons[0]), "false");
    assert!(hidden(&buttons[0]), "opening one closes the other");
    assert_eq!(expanded(&buttons[1]), "true");
    let body = text(&panel(&buttons[1]));
    assert!(body.contains("workspaces.defaultTemplateName"), "{body}");
    assert!(body.contains("spec.coder.templateName"), "{body}");

    click(&buttons[1]);
    settle().await;
    assert_eq!(expanded(&buttons[1]), "false");
    assert!(hidden(&buttons[1]), "clicking the open one closes it");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn visually_hidden_text_is_in_the_tree() {
    let m = mount::<VisuallyHidden>(yew::props!(VisuallyHiddenProps {
        children: html! { "for screen readers" },
    }))
    .await;
    let span = m.find("span.sr-only");
    assert_eq!(text(&span), "for screen readers");
    let span: &HtmlElement = span.unchecked_ref();
    assert!(span.offset_width() <= 1 && span.offset_height() <= 1);
    m.unmount().await;
}

/// A list of `n` online workspaces named `ws-<i>`.
async fn mount_rows(n: usize) -> Mounted<WorkspacesList> {
    let (retry, _) = counter();
    let items: Rc<[ItemView]> = (0..n)
        .map(|i| item(&format!("id-{i}"), &format!("ws-{i}"), Availability::Online))
        .collect();
    let state = ListState::Items {
        items,
        partial: None,
    };
    mount::<WorkspacesList>(list_props(state, None, &retry)).await
}

/// Rows of a windowed list: their indexes, from `data-index`.
fn rendered_rows(m: &Mounted<WorkspacesList>) -> Vec<usize> {
    m.all("li")
        .iter()
        .map(|li| attr(li, "data-index").unwrap().parse().unwrap())
        .collect()
}

/// Waits for Yew to render what a scroll or key started (two frames: the
/// scroll event, then the render it schedules).
async fn frames() {
    for _ in 0..3 {
        sleep(20).await;
    }
}

/// 5,000 rows: only the rows around the viewport are in the DOM, each with
/// its position in the whole list; scrolling moves the window, and the
/// scroll height stays that of the whole list.
#[wasm_bindgen_test]
async fn a_long_list_renders_only_the_rows_in_view() {
    let m = mount_rows(5000).await;
    frames().await;
    let rows = rendered_rows(&m);
    assert!(rows.len() < 40, "{} rows rendered", rows.len());
    assert_eq!(rows.first(), Some(&0));
    assert_eq!(rows, (0..rows.len()).collect::<Vec<_>>(), "contiguous");
    let first = m.find("li");
    assert_eq!(attr(&first, "aria-setsize").as_deref(), Some("5000"));
    assert_eq!(attr(&first, "aria-posinset").as_deref(), Some("1"));
    let scroller = m.find(".list-scroll");
    let row_px = first.get_bounding_client_rect().height();
    let full = scroller.scroll_height() as f64;
    assert!(
        (full - 5000.0 * row_px).abs() < 5000.0 * 0.02 + 2.0,
        "scroll height {full} for rows of {row_px} px"
    );

    // Scrolled to row 2,500: the window follows.
    let top = (2500.0 * row_px) as i32;
    wasm_bindgen_futures::JsFuture::from(scroll_and_wait(&scroller, top))
        .await
        .unwrap();
    frames().await;
    let rows = rendered_rows(&m);
    assert!(rows.contains(&2500) && rows.len() < 40, "{rows:?}");
    let visible = m.find("li[data-index=\"2500\"]");
    let (row_top, box_top) = (
        visible.get_bounding_client_rect().top(),
        scroller.get_bounding_client_rect().top(),
    );
    assert!(
        (row_top - box_top).abs() < row_px,
        "row 2,500 is at the top of the viewport"
    );
    m.unmount().await;
}

/// Tab, Shift+Tab, the arrows, Home and End reach every row of a windowed
/// list, rendering rows as focus moves past the rendered ones.
#[wasm_bindgen_test]
async fn the_keyboard_reaches_every_row_of_a_long_list() {
    let m = mount_rows(5000).await;
    frames().await;
    let focused_row = || -> usize {
        let active = m.active().expect("something has focus");
        assert_eq!(active.tag_name(), "A", "a row's link has focus");
        attr(&active.closest("li").unwrap().unwrap(), "data-index")
            .unwrap()
            .parse()
            .unwrap()
    };
    let link = |i: usize| m.find(&format!("li[data-index=\"{i}\"] a"));

    // Tab from the last rendered row: the next row is rendered and focused.
    let last = *rendered_rows(&m).last().unwrap();
    link(last).unchecked_ref::<HtmlElement>().focus().unwrap();
    assert!(
        key(&link(last), "keydown", "Tab"),
        "Tab at the edge is handled"
    );
    frames().await;
    assert_eq!(focused_row(), last + 1);
    // Inside the rendered rows, Tab is the browser's.
    assert!(!key(&link(last - 2), "keydown", "Tab"));

    // End, then Shift+Tab back across the edge, Home, arrows, pages.
    assert!(key(&link(focused_row()), "keydown", "End"));
    frames().await;
    assert_eq!(focused_row(), 4999);
    assert!(rendered_rows(&m).contains(&4999));
    let first = rendered_rows(&m)[0];
    link(first).unchecked_ref::<HtmlElement>().focus().unwrap();
    assert!(shift_key(&link(first), "keydown", "Tab"));
    frames().await;
    assert_eq!(focused_row(), first - 1);
    assert!(key(&link(focused_row()), "keydown", "Home"));
    frames().await;
    assert_eq!(focused_row(), 0);
    assert!(key(&link(0), "keydown", "ArrowDown"));
    frames().await;
    assert_eq!(focused_row(), 1);
    assert!(key(&link(1), "keydown", "PageDown"));
    frames().await;
    let paged = focused_row();
    assert!(paged > 3, "a page down moves by a viewport: {paged}");
    assert!(key(&link(paged), "keydown", "ArrowUp"));
    frames().await;
    assert_eq!(focused_row(), paged - 1);
    // Keys with modifiers and other keys are left alone.
    assert!(!key(&link(paged - 1), "keydown", "Enter"));
    m.unmount().await;
}

/// Lists up to the threshold render every row, without window markers.
#[wasm_bindgen_test]
async fn a_short_list_renders_every_row() {
    let m = mount_rows(100).await;
    assert_eq!(m.all("li").len(), 100);
    assert!(m.try_find("li[aria-setsize]").is_none());
    m.unmount().await;
}
