//! The settings row signed in shows who: the name (or username), e-mail
//! and avatar `users/me` gave, the avatar vetted and falling back to the
//! initials.

use super::*;

/// A provider at `access_url` with a settings row, signed in through the
/// OAuth session, once the row names the user.
async fn signed_in_row(access_url: &str, me: &str) -> (Page, Element) {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    fake_host::mock_set("me", &json(me));
    let page = Page::new("");
    let provider = mount_provider_at(
        page.root(),
        access_url,
        &[],
        "<coder-provider-settings></coder-provider-settings>",
    );
    let row = find(&provider, "coder-provider-settings");
    wait_for(
        "the row to name the user",
        3000,
        || shadow_text(&row).contains("Signed in as"),
        || shadow_text(&row),
    )
    .await;
    (page, row)
}

fn avatar_img(row: &Element) -> Option<Element> {
    shadow(row).query_selector(".auth-avatar img").unwrap()
}

fn initials(row: &Element) -> String {
    let initials = shadow(row).query_selector(".auth-avatar-initials").unwrap();
    initials.and_then(|e| e.text_content()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_row_shows_name_email_and_the_deployments_avatar() {
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let me =
        r#"{"name":"Ada Lovelace","email":"ada@example.com","avatar_url":"/no-such-avatar.png"}"#;
    let (page, row) = signed_in_row(&origin, me).await;
    let text = shadow_text(&row);
    assert!(text.contains("Signed in as Ada Lovelace"), "{text}");
    assert!(text.contains("ada@example.com"), "{text}");
    assert!(button(&shadow(&row), "Sign out").is_some());
    // A path is the deployment's, loaded from its origin.
    let img = avatar_img(&row).expect("an avatar image");
    assert_eq!(
        img.get_attribute("src"),
        Some(format!("{origin}/no-such-avatar.png"))
    );
    assert_eq!(img.get_attribute("alt").as_deref(), Some(""));
    // It does not exist: the image steps aside for the initials.
    wait_for(
        "the broken avatar to hide",
        3000,
        || img.has_attribute("hidden"),
        || shadow_text(&row),
    )
    .await;
    assert_eq!(initials(&row), "AL");
    page.assert_no_errors();
    page.remove();
    settle().await;
}

#[wasm_bindgen_test]
async fn an_avatar_elsewhere_over_https_is_shown_as_is() {
    let me = r#"{"avatar_url":"https://avatars.example/u/1.png?v=4"}"#;
    let (page, row) = signed_in_row(ACCESS_URL, me).await;
    let img = avatar_img(&row).expect("an avatar image");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("https://avatars.example/u/1.png?v=4")
    );
    assert_eq!(
        img.get_attribute("referrerpolicy").as_deref(),
        Some("no-referrer")
    );
    page.assert_no_errors();
    page.remove();
    settle().await;
}

/// Real Coder answers `name: ""` and `avatar_url: ""` for a user who set
/// neither; a hostile avatar is never put in the page.
#[wasm_bindgen_test]
async fn no_name_is_the_username_and_a_refused_avatar_is_the_initials() {
    for avatar in [
        "",
        "javascript:alert(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
    ] {
        let me = format!(
            r#"{{"name":"","avatar_url":{}}}"#,
            js_sys::JSON::stringify(&avatar.into()).unwrap()
        );
        let (page, row) = signed_in_row(ACCESS_URL, &me).await;
        let text = shadow_text(&row);
        assert!(text.contains("Signed in as demo"), "{avatar}: {text}");
        assert!(avatar_img(&row).is_none(), "{avatar}");
        assert_eq!(initials(&row), "D", "{avatar}");
        page.assert_no_errors();
        page.remove();
        settle().await;
    }
}
