//! The auth form's other views: the panels for a token that can't be
//! checked, the signed-in message, unlink, and text-only output.

use super::*;

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
    let alert = m.find("[role=alert]");
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
    assert!(m.try_find("form").is_none());
    m.update(form_props(AuthStatus::TokenMissing, &log));
    settle().await;
    assert!(named_form(&m).is_some());
    m.update(form_props(AuthStatus::Authenticating, &log));
    settle().await;
    assert!(m.text().contains("Authenticating…"));
    m.update(form_props(AuthStatus::Authenticated, &log));
    settle().await;
    assert!(m.try_find("form").is_none());
    assert!(m.text().contains("You are fully authenticated"));
}

#[wasm_bindgen_test]
async fn unlink_button_alone() {
    let log = Log::default();
    let m = mount::<UnlinkAccountButton>(yew::props!(UnlinkAccountButtonProps {
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
    assert!(m
        .find("[role=alert]")
        .text_content()
        .unwrap()
        .contains(EVIL));
    assert!(m.try_find("script, img").is_none());
    drop(m);

    let mut props = form_props(AuthStatus::DeploymentUnavailable, &log);
    props.error = Some(RequestError::Http {
        status: 500,
        message: Some(EVIL.into()),
    });
    let m = mount_form(props);
    settle().await;
    assert!(m.text().contains(EVIL));
    assert!(m.try_find("script, img").is_none());
    drop(m);

    let m = mount::<SettingsRow>(yew::props!(SettingsRowProps {
        signed_in: true,
        oauth_available: true,
        name: Some(AttrValue::from(EVIL)),
        email: Some(AttrValue::from(EVIL)),
        error: Some(AttrValue::from(EVIL)),
    }));
    settle().await;
    let name = m.find(".auth-settings-name").text_content().unwrap();
    assert_eq!(name.strip_prefix("Signed in as "), Some(EVIL));
    assert!(m.find(".auth-settings-email").text_content().unwrap() == EVIL);
    assert!(m.find("[role=alert]").text_content().unwrap() == EVIL);
    assert!(m.try_find("script, img").is_none());
    sleep(20).await;
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__authPwned".into()).unwrap();
    assert!(pwned.is_undefined());
}
