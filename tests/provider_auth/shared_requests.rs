//! One request between a card and the page's own code: `coderApi.getWorkspaces`
//! for a query a card shows takes the card's request or its current answer;
//! what it is answered when that request is abandoned, when the user signs
//! out, and after the page changed something at Coder.

use std::cell::RefCell;

use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::coder_api::{api_of, call, field};
use super::coder_query::{state, wait_status, QueryFn, Watch};
use super::*;

/// A query function asking for `q`'s workspaces, as an adopter's
/// `useCoderQuery(key, api => api.getWorkspaces({ q }))` does.
fn workspaces_of(q: &'static str) -> QueryFn {
    QueryFn::new(move |api| {
        let request = js_sys::Object::new();
        js_sys::Reflect::set(&request, &"q".into(), &q.into()).unwrap();
        call(api, "getWorkspaces", &[request.into()]).unchecked_into()
    })
}

/// The key of the page's query for the card's workspaces.
const OWNER_ME: &str = "[\"workspaces\",\"owner:me\"]";

/// A card at sign-in and the page's query for its workspaces ([`OWNER_ME`]),
/// then a token registered through `coderApi`.
async fn card_and_owner_me_query() -> (ProviderPage, Element, JsValue, QueryFn, Watch) {
    let (page, card) = ProviderPage::card_at_sign_in().await;
    let api = api_of(&page.provider);
    let mine = workspaces_of("owner:me");
    let watch = Watch::new(&api, OWNER_ME, &mine);
    call(&api, "registerNewToken", &[GOOD_TOKEN.into()]);
    (page, card, api, mine, watch)
}

fn fetching(api: &JsValue, key: &str) -> bool {
    field(&state(api, key), "isFetching").as_bool() == Some(true)
}

fn listed(api: &JsValue, key: &str) -> u32 {
    let data = field(&state(api, key), "data");
    js_sys::Array::from(&field(&data, "workspaces")).length()
}

/// The card and the page's own code asking for the same workspaces make
/// one request between them: the page's call joins the card's request, a
/// later one takes the card's current answer, and a refetch asks again for
/// both (the card shows what it brought). A query no card shows is the
/// page's own.
#[wasm_bindgen_test]
async fn a_card_and_a_query_for_the_same_workspaces_share_one_request() {
    fresh();
    let (page, card, api, _mine, _watch) = card_and_owner_me_query().await;
    let key = OWNER_ME;
    wait_card_list(&card).await;
    wait_status(&api, key, "success").await;
    sleep(100).await;
    assert_eq!(workspace_calls(), 1, "{:?}", fake_host::calls());
    assert_eq!(listed(&api, key), 2, "Coder's whole answer");
    assert_eq!(super::freshness::row_count(&card), 2);

    let again = workspaces_of("owner:me");
    let _again = Watch::new(&api, "[\"again\"]", &again);
    wait_status(&api, "[\"again\"]", "success").await;
    assert_eq!(workspace_calls(), 1, "the card's answer is current");

    // A refetch whose answer is unchanged: the card's request still
    // answers both (from the text the cache holds).
    call(&api, "refetchQuery", &[key.into()]);
    assert!(eventually(2000, || workspace_calls() == 2).await);
    wait_status(&api, key, "success").await;
    assert!(eventually(2000, || !fetching(&api, key)).await);
    assert_eq!(workspace_calls(), 2, "one request for the refetch");
    assert_eq!(listed(&api, key), 2);

    fake_host::mock_set("workspaces", &js_sys::Array::new().into());
    call(&api, "refetchQuery", &[key.into()]);
    assert!(eventually(2000, || listed(&api, key) == 0).await);
    assert_eq!(workspace_calls(), 3, "a refetch asks Coder, once");
    assert!(
        eventually(2000, || super::freshness::row_count(&card) == 0).await,
        "the card shows the same answer: {}",
        shadow_text(&card)
    );

    let other = workspaces_of("owner:someone");
    let _other = Watch::new(&api, "[\"other\"]", &other);
    wait_status(&api, "[\"other\"]", "success").await;
    assert_eq!(workspace_calls(), 4, "no card shows that query");
    page.close().await;
}

/// The shared request's 401 signs the provider out as a card's own does,
/// and the page's query waits again for a sign-in.
#[wasm_bindgen_test]
async fn a_401_on_a_shared_request_signs_the_card_and_the_query_out() {
    fresh();
    let (page, card, api, _mine, _watch) = card_and_owner_me_query().await;
    let key = OWNER_ME;
    wait_status(&api, key, "success").await;
    fake_host::set_mode("401");
    call(&api, "refetchQuery", &[key.into()]);
    wait_card_form(&card).await;
    wait_status(&api, key, "loading").await;
    assert!(field(&state(&api, key), "data").is_undefined());
    page.close().await;
}

/// A promise followed to its end.
struct Followed(Rc<RefCell<Option<Result<JsValue, JsValue>>>>);

impl Followed {
    fn new(promise: JsValue) -> Self {
        let outcome = Rc::new(RefCell::new(None));
        let slot = outcome.clone();
        spawn_local(async move {
            let result = JsFuture::from(js_sys::Promise::from(promise)).await;
            *slot.borrow_mut() = Some(result);
        });
        Self(outcome)
    }

    fn settled(&self) -> bool {
        self.0.borrow().is_some()
    }

    fn outcome(&self) -> Result<JsValue, JsValue> {
        self.0.borrow().clone().expect("settled")
    }
}

fn get_owner_me(api: &JsValue) -> Followed {
    Followed::new(call(api, "getWorkspaces", &[json(r#"{"q":"owner:me"}"#)]))
}

/// A sign-out answers the page's calls waiting for a card's request (they
/// reject, signed out), and the answer of a request the sign-out abandoned
/// never reaches a call waiting for the next one.
#[wasm_bindgen_test]
async fn a_sign_out_answers_waiting_calls_and_an_abandoned_answer_reaches_none() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    fake_host::set_str("wsMode", "hold");
    let first = get_owner_me(&api);
    sleep(100).await;
    call(&api, "unlinkToken", &[]);
    assert!(
        eventually(2000, || first.settled()).await,
        "the call is not left waiting"
    );
    let error = first.outcome().unwrap_err();
    assert_eq!(field(&error, "status").as_f64(), Some(401.0));

    call(&api, "registerNewToken", &[GOOD_TOKEN.into()]);
    sleep(200).await;
    let second = get_owner_me(&api);
    sleep(100).await;
    // The request the sign-out abandoned answers now, with two workspaces.
    assert!(fake_host::release_held(true));
    sleep(200).await;
    assert!(!second.settled(), "an abandoned request's answer");
    fake_host::mock_set("workspaces", &js_sys::Array::new().into());
    assert!(fake_host::release_held(true));
    assert!(eventually(2000, || second.settled()).await);
    let answer = second.outcome().unwrap();
    assert_eq!(
        js_sys::Array::from(&field(&answer, "workspaces")).length(),
        0
    );
    page.close().await;
}

/// After the page's code changed something at Coder (any request but a
/// GET), the card's answer from before is not the page's: it asks again.
#[wasm_bindgen_test]
async fn after_the_page_changes_something_a_cards_earlier_answer_is_not_shared() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let first = get_owner_me(&api);
    assert!(eventually(2000, || first.settled()).await);
    let before = workspace_calls();
    let again = get_owner_me(&api);
    assert!(eventually(2000, || again.settled()).await);
    assert_eq!(workspace_calls(), before, "the card's answer is current");

    let init = json(r#"{"method":"POST","body":{"transition":"stop"}}"#);
    let post = Followed::new(call(
        &api,
        "request",
        &["/api/v2/workspaces/ws-1/builds".into(), init],
    ));
    assert!(eventually(2000, || post.settled()).await);
    let after = get_owner_me(&api);
    assert!(eventually(2000, || after.settled()).await);
    assert_eq!(workspace_calls(), before + 1, "asked again");
    page.close().await;
}

/// A query watched while its provider is off the page runs once the
/// provider is back and signed in.
#[wasm_bindgen_test]
async fn a_query_watched_while_the_provider_is_away_runs_when_it_is_back() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    page.provider.remove();
    let f = QueryFn::answering(r#"{"name":"demo"}"#);
    let _watch = Watch::new(&api, "late", &f);
    page.page.root().append_child(&page.provider).unwrap();
    wait_card_list(&page.card()).await;
    wait_status(&api, "late", "success").await;
    page.close().await;
}
