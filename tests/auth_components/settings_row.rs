//! The settings row: signed in or out, busy, failed.

use super::*;

fn settings(m: &Mounted<SettingsRow>) -> String {
    m.text()
}

#[wasm_bindgen_test]
async fn settings_row_signed_out() {
    let log = Log::default();
    let m = mount::<SettingsRow>(yew::props!(SettingsRowProps {
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
    let m = mount::<SettingsRow>(yew::props!(SettingsRowProps {
        signed_in: true,
        name: Some(AttrValue::from("Jane Doe")),
        email: Some(AttrValue::from("jdoe@example.com")),
        oauth_available: true,
        on_sign_in: log.callback("sign-in"),
        on_sign_out: log.callback("sign-out"),
    }));
    settle().await;
    assert!(settings(&m).contains("Signed in as Jane Doe"));
    assert!(settings(&m).contains("jdoe@example.com"));
    // No picture: the initials, hidden from screen readers (the name is
    // right beside them).
    assert_eq!(m.find(".auth-avatar").text_content().unwrap(), "JD");
    assert_eq!(
        m.find(".auth-avatar")
            .get_attribute("aria-hidden")
            .as_deref(),
        Some("true")
    );
    assert!(m.try_find("img").is_none());
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
    let m = mount::<SettingsRow>(yew::props!(SettingsRowProps {
        oauth_available: false,
    }));
    settle().await;
    assert!(m.try_find("button").is_none());
    assert!(settings(&m).contains("coderAuthApi"), "{}", settings(&m));
}

#[wasm_bindgen_test]
async fn settings_row_busy_disables_the_button() {
    let log = Log::default();
    let m = mount::<SettingsRow>(yew::props!(SettingsRowProps {
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
    let m = mount::<SettingsRow>(yew::props!(SettingsRowProps {
        oauth_available: true,
        error: Some(AttrValue::from("Sign-in failed: popup closed")),
    }));
    settle().await;
    assert_eq!(
        m.find("[role=alert]").text_content().unwrap(),
        "Sign-in failed: popup closed"
    );
    assert!(m.button("Sign in").is_some());
}
