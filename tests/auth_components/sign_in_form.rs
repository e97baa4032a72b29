//! The auth form's sign-in view: the named form, the token field, OAuth,
//! and the banners and notices over it.

use super::*;

#[wasm_bindgen_test]
async fn initializing_shows_loading_status() {
    let log = Log::default();
    let m = mount_form(form_props(AuthStatus::Initializing, &log));
    settle().await;
    let status = m.find("[role=status]");
    assert!(status.text_content().unwrap().contains("Loading"));
    let dots = m.find(".auth-dots");
    assert_eq!(dots.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert!(m.try_find("form").is_none());
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
        assert!(m.try_find("form").is_none(), "{status:?}");
        assert!(m.try_find("input").is_none(), "{status:?}");
    }
}

#[wasm_bindgen_test]
async fn token_input_is_a_labelled_password_field() {
    let m = mount_form(form_props(AuthStatus::TokenMissing, &Log::default()));
    settle().await;
    let input = token_input(&m);
    assert_eq!(input.type_(), "password");
    // Required for assistive technology, checked by the provider (which
    // says what is wrong in the card, not in a browser bubble).
    assert!(!input.required());
    assert_eq!(
        input.get_attribute("aria-required").as_deref(),
        Some("true")
    );
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
    let link = m.find("a");
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
    assert!(m.try_find("a").is_none());
    assert!(m.text().contains("Coder deployment's token page"));
}

#[wasm_bindgen_test]
async fn typing_a_token_and_using_it_registers_it() {
    for status in [AuthStatus::TokenMissing, AuthStatus::Invalid] {
        let log = Log::default();
        let m = mount_form(form_props(status, &log));
        settle().await;
        let input = token_input(&m);
        type_text(&input, "MyToken-123");
        m.click("Use token");
        settle().await;
        assert_eq!(log.entries(), ["token:MyToken-123"], "{status:?}");
        // The page did not navigate (the submit was handled).
        assert!(m.host().is_connected());
    }
}

#[wasm_bindgen_test]
async fn an_empty_field_goes_to_the_provider_which_says_what_is_wrong() {
    let log = Log::default();
    let m = mount_form(form_props(AuthStatus::TokenMissing, &log));
    settle().await;
    m.click("Use token");
    settle().await;
    assert_eq!(log.entries(), ["token:"]);
}

#[wasm_bindgen_test]
async fn oauth_button_calls_on_oauth() {
    let log = Log::default();
    let m = mount_form(form_props(AuthStatus::TokenMissing, &log));
    settle().await;
    m.click("Sign in with Coder OAuth");
    settle().await;
    assert_eq!(log.entries(), ["oauth"]);
    assert!(m.find(".auth-divider").text_content().unwrap() == "or");
}

#[wasm_bindgen_test]
async fn without_oauth_there_is_no_oauth_button_or_divider() {
    let log = Log::default();
    let mut props = form_props(AuthStatus::TokenMissing, &log);
    props.oauth_available = false;
    let m = mount_form(props);
    settle().await;
    assert!(m.button("Sign in with Coder OAuth").is_none());
    assert!(m.try_find(".auth-divider").is_none());
    assert!(named_form(&m).is_some());
    assert!(m.button("Use token").is_some());
}

#[wasm_bindgen_test]
async fn authenticating_banner_is_a_status_and_dismissible() {
    let log = Log::default();
    let mut m = mount_form(form_props(AuthStatus::Authenticating, &log));
    settle().await;
    let status = m.find("[role=status]");
    assert_eq!(status.text_content().unwrap(), "Authenticating…");
    assert!(m.try_find("[role=alert]").is_none());
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
    let alert = m.find("[role=alert]");
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
    assert!(m.try_find("[role=alert]").is_none());
    // No dangling reference once the banner is gone.
    let input = token_input(&m);
    assert!(input.get_attribute("aria-describedby").is_none());
}

#[wasm_bindgen_test]
async fn token_missing_has_no_banner() {
    let m = mount_form(form_props(AuthStatus::TokenMissing, &Log::default()));
    settle().await;
    assert!(m.button("Dismiss").is_none());
    assert!(m.try_find("[role=alert]").is_none());
    assert!(m.try_find("[role=status]").is_none());
}

#[wasm_bindgen_test]
async fn bad_token_notice_is_an_alert_on_the_input() {
    let log = Log::default();
    let mut props = form_props(AuthStatus::TokenMissing, &log);
    props.notice = Some(Notice::BadToken(TokenError::MultiLine));
    let m = mount_form(props);
    settle().await;
    let alert = m.find("[role=alert]");
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
        m.find("[role=alert]").text_content().unwrap(),
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
    let h = m.find("h2");
    assert_eq!(h.text_content().unwrap(), "Authenticate with Coder");
    assert!(!has_class(&h, "sr-only"));
    drop(m);
    let m = mount_form(form_props(AuthStatus::TokenMissing, &log));
    settle().await;
    let h = m.find("h3");
    assert!(has_class(&h, "sr-only"));
    assert!(m.try_find("h2").is_none());
}
