//! The fallback button and its modal sign-in dialog.

use super::*;

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
    mount(FallbackHarnessProps { log: log.clone() })
}

fn trigger(m: &Mounted<FallbackHarness>) -> HtmlElement {
    m.button("Authenticate with Coder")
        .expect("a button named 'Authenticate with Coder'")
}

fn dialog(m: &Mounted<FallbackHarness>) -> Option<Element> {
    m.try_find("[role=dialog]")
}

#[wasm_bindgen_test]
async fn fallback_is_a_labelled_landmark_with_a_named_button() {
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    let section = m.find("section");
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
    assert!(m.try_find(".auth-dialog a[href='']").is_none());
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
    let handled = press(&active, "Escape");
    settle().await;
    assert!(handled, "Escape was handled");
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
    m.find(".auth-dialog-title")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert!(dialog(&m).is_some());
    let backdrop = m.find(".auth-backdrop");
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
    assert!(press_shift(&first, "Tab"));
    let last = m.active().unwrap();
    assert_eq!(last.text_content().unwrap().trim(), "Close");
    // Tab on the last wraps to the first.
    assert!(press(&last, "Tab"));
    assert_eq!(m.active().unwrap(), first);
    // Tab in the middle is left to the browser.
    let input = d.query_selector("input").unwrap().unwrap();
    input.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    assert!(!press(&input, "Tab"));
    assert!(dialog(&m).is_some());
}

#[wasm_bindgen_test]
async fn clicking_the_trigger_repeatedly_never_throws() {
    let errors = ErrorWatch::start();
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
    assert_eq!(errors.seen(), Vec::<String>::new());

    // Without an owner wiring the callbacks, clicks are harmless too.
    let bare = mount::<FallbackAuthUi>(yew::props!(FallbackAuthUiProps {}));
    settle().await;
    for _ in 0..10 {
        bare.button("Authenticate with Coder").unwrap().click();
    }
    settle().await;
    assert!(bare.try_find("[role=dialog]").is_none());
    assert_eq!(errors.seen(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn unmounting_an_open_dialog_is_clean() {
    let errors = ErrorWatch::start();
    let log = Log::default();
    let m = mount_fallback(&log);
    settle().await;
    trigger(&m).click();
    settle().await;
    assert!(dialog(&m).is_some());
    let host = m.host().clone();
    drop(m);
    settle().await;
    assert!(!host.is_connected());
    // Keys on the document do nothing now.
    press(&document().body().unwrap(), "Escape");
    settle().await;
    assert_eq!(log.entries(), ["open"]);
    assert_eq!(errors.seen(), Vec::<String>::new());
}
