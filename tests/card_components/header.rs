//! The card's header row and its create-workspace link.

use super::*;

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
async fn a_narrow_header_moves_the_repo_name_down_whole() {
    let m = mount::<HeaderRow>(header_props(Some(
        "https://github.com/coder/backstage-plugins",
    )))
    .await;
    m.host()
        .set_attribute("style", "display:block;width:230px")
        .unwrap();
    let name = m.find(".subheader .repo-name");
    assert_eq!(text(&name), "backstage-plugins");
    let sub = m.find(".subheader");
    assert_eq!(text(&sub), "Results filtered by repo: backstage-plugins");
    // Two lines: the label, then the whole name on one line of its own
    // (not "backstage-" / "plugins").
    let (name_h, sub_h) = (
        name.get_bounding_client_rect().height(),
        sub.get_bounding_client_rect().height(),
    );
    assert!(
        sub_h > name_h * 1.5 && sub_h < name_h * 2.5,
        "name {name_h} px, subheader {sub_h} px"
    );
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
