//! `coderApi.watchQuery` / `queryState` / `refetchQuery`, what
//! `useCoderQuery` is thin over: nothing runs while signed out, one run per
//! key however many watch it, a sign-out forgets the answers (and drops
//! those still coming), outages are retried and client errors are not.
//! Named after upstream's `useCoderQuery.test.ts` cases.

use std::cell::Cell;

use super::coder_api::{api_of, call, field};
use super::*;

/// An adopter's query function, counting its calls.
pub(super) struct QueryFn {
    calls: Rc<Cell<u32>>,
    f: Closure<dyn FnMut(JsValue) -> JsValue>,
}

impl QueryFn {
    /// Answers each call with what `answer(coderApi)` gives.
    pub(super) fn new(answer: impl Fn(&JsValue) -> js_sys::Promise + 'static) -> Self {
        let calls = Rc::new(Cell::new(0));
        let count = calls.clone();
        let f = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |api: JsValue| {
            count.set(count.get() + 1);
            answer(&api).into()
        });
        Self { calls, f }
    }

    /// Resolves with `data` at once.
    pub(super) fn answering(data: &str) -> Self {
        let data = json(data);
        Self::new(move |_| js_sys::Promise::resolve(&data))
    }

    /// Rejects with an error carrying HTTP status `status`, as a
    /// `CoderApiError` does.
    fn failing(status: u16) -> Self {
        Self::new(move |_| {
            let error = js_sys::Error::new("it failed");
            js_sys::Reflect::set(&error, &"status".into(), &status.into()).unwrap();
            js_sys::Promise::reject(&error)
        })
    }

    fn calls(&self) -> u32 {
        self.calls.get()
    }
}

/// A promise the test settles later.
#[derive(Clone, Default)]
struct Deferred {
    settle: Rc<RefCell<Option<(js_sys::Function, js_sys::Function)>>>,
}

impl Deferred {
    fn promise(&self) -> js_sys::Promise {
        let settle = self.settle.clone();
        js_sys::Promise::new(&mut |resolve, reject| {
            *settle.borrow_mut() = Some((resolve, reject));
        })
    }

    fn resolve(&self, value: &JsValue) {
        let (resolve, _) = self.settle.borrow_mut().take().unwrap();
        resolve.call1(&JsValue::NULL, value).unwrap();
    }

    fn reject(&self, value: &JsValue) {
        let (_, reject) = self.settle.borrow_mut().take().unwrap();
        reject.call1(&JsValue::NULL, value).unwrap();
    }
}

/// One watcher of a key, with how often its listener was called.
pub(super) struct Watch {
    stop: js_sys::Function,
    heard: Rc<Cell<u32>>,
    _listener: Closure<dyn Fn()>,
}

impl Watch {
    pub(super) fn new(api: &JsValue, key: &str, f: &QueryFn) -> Self {
        let heard = Rc::new(Cell::new(0));
        let count = heard.clone();
        let listener = Closure::<dyn Fn()>::new(move || count.set(count.get() + 1));
        let stop = call(
            api,
            "watchQuery",
            &[key.into(), f.f.as_ref().clone(), listener.as_ref().clone()],
        )
        .unchecked_into();
        Self {
            stop,
            heard,
            _listener: listener,
        }
    }

    fn stop(&self) {
        self.stop.call0(&JsValue::NULL).unwrap();
    }
}

pub(super) fn state(api: &JsValue, key: &str) -> JsValue {
    call(api, "queryState", &[key.into()])
}

fn status(api: &JsValue, key: &str) -> String {
    field(&state(api, key), "status").as_string().unwrap()
}

pub(super) async fn wait_status(api: &JsValue, key: &str, want: &str) {
    let ok = eventually(3000, || status(api, key) == want).await;
    assert!(ok, "{key}: status {} instead of {want}", status(api, key));
}

#[wasm_bindgen_test]
async fn is_loading_and_runs_nothing_until_a_token_is_registered_then_succeeds() {
    fresh();
    let (page, card) = ProviderPage::card_at_sign_in().await;
    let api = api_of(&page.provider);
    let f = QueryFn::answering(r#"{"name":"demo"}"#);
    let watch = Watch::new(&api, "[\"who\"]", &f);
    sleep(100).await;
    assert_eq!(f.calls(), 0, "nothing runs while signed out");
    let waiting = state(&api, "[\"who\"]");
    assert_eq!(
        field(&waiting, "status").as_string().as_deref(),
        Some("loading")
    );
    assert!(field(&waiting, "data").is_undefined());
    assert_eq!(field(&waiting, "isFetching").as_bool(), Some(false));
    assert!(
        js_sys::Object::is(&waiting, &state(&api, "[\"who\"]")),
        "the same object while nothing changes"
    );

    call(&api, "registerNewToken", &[GOOD_TOKEN.into()]);
    wait_card_list(&card).await;
    wait_status(&api, "[\"who\"]", "success").await;
    assert_eq!(f.calls(), 1);
    let ready = state(&api, "[\"who\"]");
    assert_eq!(
        field(&field(&ready, "data"), "name").as_string().as_deref(),
        Some("demo")
    );
    assert!(field(&ready, "dataUpdatedAt").as_f64().unwrap() > 0.0);
    assert!(js_sys::Object::is_frozen(
        ready.unchecked_ref::<js_sys::Object>()
    ));
    assert!(watch.heard.get() > 0, "the watcher heard of it");
    watch.stop();
    page.close().await;
}

#[wasm_bindgen_test]
async fn unlinking_resets_to_loading_with_no_data() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let f = QueryFn::answering("[1, 2]");
    let watch = Watch::new(&api, "k", &f);
    wait_status(&api, "k", "success").await;
    let heard = watch.heard.get();

    call(&api, "unlinkToken", &[]);
    wait_card_form(&card).await;
    wait_status(&api, "k", "loading").await;
    assert!(field(&state(&api, "k"), "data").is_undefined());
    assert!(
        watch.heard.get() > heard,
        "the watcher heard of the sign-out"
    );

    // Back in: the query runs again by itself.
    call(&api, "registerNewToken", &[GOOD_TOKEN.into()]);
    wait_status(&api, "k", "success").await;
    assert_eq!(f.calls(), 2);
    watch.stop();
    page.close().await;
}

#[wasm_bindgen_test]
async fn watchers_of_one_key_share_one_run() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let first = QueryFn::answering(r#""first""#);
    let second = QueryFn::answering(r#""second""#);
    let one = Watch::new(&api, "shared", &first);
    let two = Watch::new(&api, "shared", &second);
    wait_status(&api, "shared", "success").await;
    assert_eq!((first.calls(), second.calls()), (1, 0));
    assert_eq!(
        field(&state(&api, "shared"), "data").as_string().as_deref(),
        Some("first"),
        "the later watcher shares the first one's answer"
    );

    // A refetch runs the key again, once.
    call(&api, "refetchQuery", &["shared".into()]);
    assert!(eventually(2000, || first.calls() == 2).await);
    one.stop();
    two.stop();
    assert_eq!(
        status(&api, "shared"),
        "loading",
        "forgotten once unwatched"
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_request_that_fails_after_unlink_is_not_retried() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let failing = Deferred::default();
    let answering = Deferred::default();
    let (a, b) = (failing.clone(), answering.clone());
    let fails = QueryFn::new(move |_| a.promise());
    let answers = QueryFn::new(move |_| b.promise());
    let _one = Watch::new(&api, "fails", &fails);
    let _two = Watch::new(&api, "answers", &answers);
    assert!(eventually(2000, || fails.calls() == 1 && answers.calls() == 1).await);

    call(&api, "unlinkToken", &[]);
    wait_card_form(&card).await;
    let error = js_sys::Error::new("unavailable");
    js_sys::Reflect::set(&error, &"status".into(), &503.into()).unwrap();
    failing.reject(&error);
    answering.resolve(&"late".into());
    // Past the first retry's 1 s backoff.
    sleep(1400).await;
    assert_eq!(fails.calls(), 1, "not retried after unlink");
    assert_eq!(answers.calls(), 1);
    for key in ["fails", "answers"] {
        let now = state(&api, key);
        assert_eq!(
            field(&now, "status").as_string().as_deref(),
            Some("loading")
        );
        assert!(
            field(&now, "data").is_undefined(),
            "{key}: the late answer is dropped"
        );
        assert!(field(&now, "error").is_null());
    }
    page.close().await;
}

#[wasm_bindgen_test]
async fn outages_are_retried_and_client_errors_are_not() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let outage = QueryFn::failing(500);
    let missing = QueryFn::failing(404);
    let _one = Watch::new(&api, "outage", &outage);
    let _two = Watch::new(&api, "missing", &missing);

    wait_status(&api, "missing", "error").await;
    let error = field(&state(&api, "missing"), "error");
    assert_eq!(field(&error, "status").as_f64(), Some(404.0));
    assert_eq!(
        field(&state(&api, "outage"), "status")
            .as_string()
            .as_deref(),
        Some("loading"),
        "a failure shows only once its retries are spent"
    );
    assert_eq!(
        field(&state(&api, "outage"), "isFetching").as_bool(),
        Some(true)
    );
    assert!(
        eventually(2000, || outage.calls() == 2).await,
        "the 500 is retried after 1 s"
    );
    sleep(300).await;
    assert_eq!(missing.calls(), 1, "the 404 is not retried");
    page.close().await;
}

/// A provider element moved in the page runs on a new driver: its
/// queries follow that one's sign-in, so an unlink through it reaches them.
#[wasm_bindgen_test]
async fn a_moved_provider_keeps_its_queries_following_its_sign_in() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let f = QueryFn::answering(r#"{"name":"demo"}"#);
    let _watch = Watch::new(&api, "who", &f);
    wait_status(&api, "who", "success").await;

    page.provider.remove();
    page.page.root().append_child(&page.provider).unwrap();
    let card = page.card();
    wait_card_list(&card).await;
    wait_status(&api, "who", "success").await;
    call(&api, "unlinkToken", &[]);
    wait_card_form(&card).await;
    wait_status(&api, "who", "loading").await;
    page.close().await;
}
