//! `provider.coderApi`, the provider's API for the page's own code: Coder
//! calls as the signed-in user through the provider's client, vetted paths,
//! errors that say what to do, a 401 signing the provider out, and the
//! sign-in state with its subscription.

use wasm_bindgen_futures::JsFuture;

use super::*;

pub(super) fn api_of(provider: &Element) -> JsValue {
    js_sys::Reflect::get(provider, &"coderApi".into()).unwrap()
}

/// Calls `api.method(...args)`.
pub(super) fn call(api: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let f: js_sys::Function = js_sys::Reflect::get(api, &method.into())
        .unwrap()
        .unchecked_into();
    let args: js_sys::Array = args.iter().collect();
    f.apply(api, &args).unwrap()
}

/// Awaits the promise `api.method(...args)` returns.
async fn settled(api: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let promise: js_sys::Promise = call(api, method, args).unchecked_into();
    JsFuture::from(promise).await
}

pub(super) fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &name.into()).unwrap()
}

fn message(error: &JsValue) -> String {
    assert_eq!(
        field(error, "name").as_string().as_deref(),
        Some("CoderApiError")
    );
    field(error, "message").as_string().unwrap()
}

#[wasm_bindgen_test]
async fn coder_api_calls_coder_as_the_signed_in_user() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    assert!(
        js_sys::Object::is(&api, &api_of(&page.provider)),
        "one object per element"
    );
    let before = fake_host::calls().len();

    let user = settled(&api, "getAuthenticatedUser", &[]).await.unwrap();
    assert_eq!(
        field(&user, "username").as_string().as_deref(),
        Some("demo")
    );
    let answer = settled(
        &api,
        "getWorkspaces",
        &[json(r#"{"q":"owner:me","limit":2}"#)],
    )
    .await
    .unwrap();
    assert!(js_sys::Array::is_array(&field(&answer, "workspaces")));

    let calls = fake_host::calls();
    let made = &calls[before..];
    assert_eq!(made.len(), 2, "{made:?}");
    for call in made {
        assert_eq!(call.header("coder-session-token"), Some(GOOD_TOKEN));
        let bearer = format!("Bearer {BACKSTAGE_TOKEN}");
        assert_eq!(call.header("authorization"), Some(bearer.as_str()));
    }
    assert!(
        made[0].url.ends_with("/api/proxy/coder/api/v2/users/me"),
        "{}",
        made[0].url
    );
    assert!(
        made[1]
            .url
            .contains("/api/v2/workspaces?q=owner%3Ame&limit=2"),
        "{}",
        made[1].url
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn a_request_sends_its_method_query_and_json_body() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let before = fake_host::calls().len();
    let init =
        json(r#"{"method":"put","query":{"dry":true},"body":{"deadline":"2026-12-02T18:00:00Z"}}"#);
    let path = "/api/v2/workspaces/0b6f9a2c-1c9f-4d6b-9b7b-2b8a1c2d3e4f/extend";
    // The fake Coder has no such route: its 404 comes back with Coder's message.
    let error = settled(&api, "request", &[path.into(), init])
        .await
        .unwrap_err();
    assert_eq!(field(&error, "status").as_f64(), Some(404.0));
    assert!(
        message(&error).contains("Route not found."),
        "{}",
        message(&error)
    );
    sleep(50).await;
    let calls = fake_host::calls();
    let sent = &calls[before];
    assert_eq!(sent.method, "PUT");
    assert!(sent.url.ends_with("/extend?dry=true"), "{}", sent.url);
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        sent.body.as_deref(),
        Some(r#"{"deadline":"2026-12-02T18:00:00Z"}"#)
    );
    page.close().await;
}

/// `createWorkspaceBuild` posts the transition (once: a POST is never
/// repeated) and the provider's cards ask for their lists at once, to show
/// what it changed; a transition Coder has no such name for is refused
/// before anything is sent.
#[wasm_bindgen_test]
async fn create_workspace_build_posts_the_transition_and_the_cards_follow() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let id = "0b6f9a2c-1c9f-4d6b-9b7b-2b8a1c2d3e4f";
    let lists = workspace_calls();
    let before = fake_host::calls().len();
    let build = settled(
        &api,
        "createWorkspaceBuild",
        &[id.into(), json(r#"{"transition":"stop"}"#)],
    )
    .await
    .unwrap();
    assert_eq!(
        field(&build, "status").as_string().as_deref(),
        Some("pending")
    );
    sleep(50).await;
    let calls = fake_host::calls();
    let sent = &calls[before];
    assert_eq!(sent.method, "POST");
    assert!(
        sent.url
            .ends_with(&format!("/api/v2/workspaces/{id}/builds")),
        "{}",
        sent.url
    );
    assert_eq!(sent.body.as_deref(), Some(r#"{"transition":"stop"}"#));
    assert!(
        eventually(1000, || workspace_calls() == lists + 1).await,
        "the card asks for its list again"
    );

    let before = fake_host::calls().len();
    for (id, transition, why) in [
        (id, "reboot", "'start', 'stop' or 'delete'"),
        ("../x", "stop", "not a Coder id"),
    ] {
        let build = json(&format!(r#"{{"transition":"{transition}"}}"#));
        let error = settled(&api, "createWorkspaceBuild", &[id.into(), build])
            .await
            .unwrap_err();
        assert!(message(&error).contains(why), "{}", message(&error));
    }
    sleep(50).await;
    assert_eq!(fake_host::calls().len(), before, "nothing sent");
    page.close().await;
}

#[wasm_bindgen_test]
async fn bad_requests_are_refused_with_what_to_do_and_never_sent() {
    fresh();
    let (page, _card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let before = fake_host::calls().len();
    let cases: [(&str, JsValue, &str); 6] = [
        (
            "https://evil.example/api/v2/users/me",
            JsValue::UNDEFINED,
            "must start with /api/v2/",
        ),
        ("/api/v2/../../admin", JsValue::UNDEFINED, ". or .."),
        ("/api/v2/users/me?x=1", JsValue::UNDEFINED, "init.query"),
        (
            "/api/v2/users/me",
            json(r#"{"body":{}}"#),
            "a GET has no body",
        ),
        (
            "/api/v2/users/me",
            json(r#"{"method":"TRACE"}"#),
            "unknown method",
        ),
        (
            "/api/v2/users/me",
            json(r#"{"query":{"q":{}}}"#),
            "must be a string, a number or a boolean",
        ),
    ];
    for (path, init, why) in cases {
        let error = settled(&api, "request", &[path.into(), init])
            .await
            .unwrap_err();
        assert!(message(&error).contains(why), "{path}: {}", message(&error));
    }
    let error = settled(&api, "getWorkspace", &["../users".into()])
        .await
        .unwrap_err();
    assert!(
        message(&error).contains("is not a Coder id"),
        "{}",
        message(&error)
    );
    assert_eq!(fake_host::calls().len(), before, "nothing was sent");
    page.close().await;
}

#[wasm_bindgen_test]
async fn signed_out_calls_reject_without_a_request() {
    fresh();
    let (page, _card) = ProviderPage::card_at_sign_in().await;
    let api = api_of(&page.provider);
    let before = fake_host::calls().len();
    let error = settled(&api, "getAuthenticatedUser", &[])
        .await
        .unwrap_err();
    assert!(
        message(&error).contains("not signed in to Coder"),
        "{}",
        message(&error)
    );
    assert_eq!(fake_host::calls().len(), before);
    let state = call(&api, "authState", &[]);
    assert_eq!(
        field(&state, "status").as_string().as_deref(),
        Some("tokenMissing")
    );
    assert_eq!(field(&state, "isAuthenticated").as_bool(), Some(false));
    assert!(field(&state, "user").is_null());
    page.close().await;
}

/// A 401 to the page's own call is Coder refusing the token: the provider
/// re-checks it and signs out, as it does for the card's requests.
#[wasm_bindgen_test]
async fn a_401_signs_the_provider_out() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    fake_host::set_str("mode", "401");
    let error = settled(&api, "request", &["/api/v2/users/me".into()])
        .await
        .unwrap_err();
    assert_eq!(field(&error, "status").as_f64(), Some(401.0));
    assert!(
        !message(&error).contains(GOOD_TOKEN),
        "no token in the message"
    );
    wait_card_form(&card).await;
    page.close().await;
}

#[wasm_bindgen_test]
async fn the_auth_state_follows_sign_in_and_unlink_through_subscribe() {
    fresh();
    let (page, card) = ProviderPage::signed_in_card().await;
    let api = api_of(&page.provider);
    let state = call(&api, "authState", &[]);
    assert_eq!(
        field(&state, "status").as_string().as_deref(),
        Some("authenticated")
    );
    let user = field(&state, "user");
    assert_eq!(
        field(&user, "username").as_string().as_deref(),
        Some("demo")
    );
    assert_eq!(
        field(&user, "email").as_string().as_deref(),
        Some("demo@example.com")
    );
    assert!(js_sys::JSON::stringify(&state)
        .unwrap()
        .as_string()
        .unwrap()
        .find(GOOD_TOKEN)
        .is_none());

    let seen = Rc::new(RefCell::new(0));
    let count = seen.clone();
    let listener = Closure::<dyn Fn()>::new(move || *count.borrow_mut() += 1);
    let unsubscribe: js_sys::Function =
        call(&api, "subscribe", &[listener.as_ref().clone()]).unchecked_into();
    call(&api, "unlinkToken", &[]);
    wait_card_form(&card).await;
    assert!(*seen.borrow() > 0, "the listener heard the sign-out");
    let state = call(&api, "authState", &[]);
    assert_eq!(field(&state, "isAuthenticated").as_bool(), Some(false));

    unsubscribe.call0(&JsValue::NULL).unwrap();
    let heard = *seen.borrow();
    call(&api, "registerNewToken", &[GOOD_TOKEN.into()]);
    wait_card_list(&card).await;
    assert_eq!(*seen.borrow(), heard, "nothing after unsubscribe");
    assert_eq!(
        field(&call(&api, "authState", &[]), "isAuthenticated").as_bool(),
        Some(true)
    );
    page.close().await;
}

#[wasm_bindgen_test]
async fn workspaces_config_compiles_the_app_config_with_an_entity() {
    fresh();
    let (page, _card) = ProviderPage::card_at_sign_in().await;
    let api = api_of(&page.provider);
    let plain = call(&api, "workspacesConfig", &[]);
    assert_eq!(
        field(&plain, "accessUrl").as_string().as_deref(),
        Some(ACCESS_URL)
    );
    assert_eq!(field(&plain, "isReadingEntityData").as_bool(), Some(false));
    assert!(field(&plain, "repoUrl").is_null());

    let entity = json(
        r#"{"metadata":{"name":"x","annotations":{"backstage.io/source-location":"url:https://github.com/coder/backstage-plugins/tree/main/"}},
            "spec":{"coder":{"templateName":"devcontainers","mode":"auto"}}}"#,
    );
    let config = call(&api, "workspacesConfig", &[entity]);
    assert_eq!(
        field(&config, "repoUrl").as_string().as_deref(),
        Some("https://github.com/coder/backstage-plugins")
    );
    assert_eq!(
        field(&config, "templateName").as_string().as_deref(),
        Some("devcontainers")
    );
    assert_eq!(field(&config, "mode").as_string().as_deref(), Some("auto"));
    let creation = field(&config, "creationUrl").as_string().unwrap();
    assert!(
        creation.starts_with(&format!(
            "{ACCESS_URL}/templates/devcontainers/workspace?mode=auto"
        )),
        "{creation}"
    );
    let params = field(&config, "params");
    assert_eq!(
        field(&params, "repo_url").as_string().as_deref(),
        Some("https://github.com/coder/backstage-plugins")
    );

    // A bad entity throws what is wrong with it, and where.
    let f: js_sys::Function = field(&api, "workspacesConfig").unchecked_into();
    let bad = json(r#"{"metadata":{"name":"x"},"spec":{"coder":{"mode":"later"}}}"#);
    let error = f.call1(&api, &bad).unwrap_err();
    let text = message(&error);
    assert!(text.contains("entity") && text.contains("mode"), "{text}");
    page.close().await;
}
