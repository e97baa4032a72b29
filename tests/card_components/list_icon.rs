//! Workspace avatars: the template icon, or the initial when it fails.

use super::*;

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

/// Whether an element matching `selector` shows within 2 s.
async fn appears<C: BaseComponent>(m: &Mounted<C>, selector: &str) -> bool {
    eventually(2000, || m.try_find(selector).is_some()).await
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
    assert!(appears(&m, ".ws-icon-initial").await, "fallback shown");
    assert!(m.try_find("img").is_none());
    assert_eq!(text(&m.find(".ws-icon")), "B");

    // A new src gets a fresh try.
    m.update(icon_props(Some(PIXEL), 'B'));
    settle().await;
    assert!(m.try_find("img").is_some(), "reset for a new src");
    m.update(icon_props(Some("/also-missing.png"), 'B'));
    assert!(appears(&m, ".ws-icon-initial").await);
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
    assert!(appears(&m, ".ws-icon-initial").await, "fallback shown");
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

#[wasm_bindgen_test]
async fn emoji_icons_shrink_to_fit_the_circle() {
    // The icon is a data: URL once fetched, so the row says it is an emoji
    // (from its path), not the src.
    let emoji = ItemView {
        icon_src: Some(PIXEL.into()),
        emoji_icon: true,
        ..item("1", "nine", Availability::Online)
    };
    let m = mount::<WorkspacesListItem>(item_props(emoji.clone())).await;
    let class = attr(&m.find("img"), "class").unwrap_or_default();
    assert!(class.contains("ws-icon-emoji"), "{class}");
    m.unmount().await;
    let plain = ItemView {
        emoji_icon: false,
        ..emoji
    };
    let m = mount::<WorkspacesListItem>(item_props(plain)).await;
    let class = attr(&m.find("img"), "class").unwrap_or_default();
    assert!(!class.contains("ws-icon-emoji"), "{class}");
    m.unmount().await;
}
