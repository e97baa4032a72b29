//! The workspaces list in each of its states.

use super::*;

#[wasm_bindgen_test]
async fn list_placeholders_say_what_is_going_on() {
    let (retry, _) = counter();
    let m = mount::<WorkspacesList>(list_props(ListState::Loading, None, &retry)).await;
    let status = m.find("[role=status]");
    assert_eq!(attr(&status, "aria-live").as_deref(), Some("polite"));
    assert_eq!(text(&status), "Loading\u{2026}");
    assert_eq!(attr(&m.find("svg"), "aria-hidden").as_deref(), Some("true"));
    m.unmount().await;

    for (state, expected) in [
        (
            ListState::SearchPrompt,
            "Use the search bar to find matching Coder workspaces",
        ),
        (ListState::NoRepoUrl, "backstage.io/source-location"),
        (ListState::NoRepoKeys, "workspaces.repoUrlParamKeys"),
        (
            ListState::NoResults,
            "No workspaces returned for your query",
        ),
    ] {
        let m = mount::<WorkspacesList>(list_props(state, Some(CREATE), &retry)).await;
        assert!(m.text().contains(expected), "{}", m.text());
        assert!(m.try_find("a").is_none(), "no CTA: {}", m.text());
        m.unmount().await;
    }
}

#[wasm_bindgen_test]
async fn list_no_results_for_repo_offers_a_create_link_only_with_a_url() {
    let (retry, _) = counter();
    let state = ListState::NoResultsForRepo(REPO.into());
    let m = mount::<WorkspacesList>(list_props(state.clone(), Some(CREATE), &retry)).await;
    assert!(m.text().contains("No workspaces found for repo"));
    assert_eq!(text(&m.find("code")), REPO);
    let a = m.find("a");
    assert!(text(&a).starts_with("Create workspace"), "{}", text(&a));
    assert_eq!(attr(&a, "href").as_deref(), Some(CREATE));
    assert_eq!(attr(&a, "target").as_deref(), Some("_blank"));
    assert_eq!(attr(&a, "rel").as_deref(), Some("noreferrer noopener"));
    m.unmount().await;

    let m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    assert!(m.text().contains("No workspaces found for repo"));
    assert!(m.try_find("a").is_none(), "no dead link");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn list_failure_is_an_alert_with_retry() {
    let (retry, retries) = counter();
    let err = RequestError::Timeout;
    let m = mount::<WorkspacesList>(list_props(ListState::Failed(err.clone()), None, &retry)).await;
    let alert = m.find("[role=alert]");
    assert!(text(&alert).contains(err.title()));
    assert!(text(&alert).contains(&err.to_string()));
    let button = m.find("button");
    assert_eq!(text(&button), "Retry");
    click(&button);
    assert_eq!(retries.get(), 1);
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn a_refused_search_says_how_to_write_one_without_a_useless_retry() {
    let (retry, _) = counter();
    let err = RequestError::Http {
        status: 400,
        message: Some("Invalid workspace search query.".into()),
    };
    let m = mount::<WorkspacesList>(list_props(ListState::Failed(err), None, &retry)).await;
    let alert = text(&m.find("[role=alert]"));
    assert!(alert.contains("Coder could not use this search"), "{alert}");
    assert!(alert.contains("owner:me"), "a hint at the syntax: {alert}");
    assert!(
        m.try_find("button").is_none(),
        "the same query fails the same way"
    );
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn list_renders_rows_in_order_with_a_partial_notice() {
    let (retry, _) = counter();
    let items: Rc<[ItemView]> = vec![
        item("1", "dog", Availability::Online),
        item("2", "cat", Availability::Offline),
        item("3", "bird", Availability::Pending),
    ]
    .into();
    let state = ListState::Items {
        items,
        partial: None,
    };
    let mut m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    let names: Vec<_> = m.all("ol.ws-list > li .ws-name").iter().map(text).collect();
    assert_eq!(names, ["dog", "cat", "bird"]);
    assert!(m.find(".list-scroll").contains(Some(&m.find("ol"))));
    assert!(m.try_find(".partial").is_none());

    let items: Rc<[ItemView]> = vec![item("3", "bird", Availability::Pending)].into();
    let err = RequestError::Http {
        status: 500,
        message: Some("boom".into()),
    };
    m.update(list_props(
        ListState::Items {
            items,
            partial: Some(err),
        },
        None,
        &retry,
    ));
    settle().await;
    assert_eq!(m.all("li").len(), 1);
    let notice = text(&m.find(".partial"));
    assert!(notice.contains("could not be loaded"), "{notice}");
    assert!(notice.contains("boom"), "{notice}");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn markup_in_data_renders_as_text() {
    let (retry, _) = counter();
    let evil = "<img src=x onerror=alert(1)>";
    let state = ListState::Items {
        items: vec![item("1", evil, Availability::Online)].into(),
        partial: Some(RequestError::InvalidResponse(evil.into())),
    };
    let m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    assert_eq!(text(&m.find(".ws-name")), evil);
    assert!(m.text().contains(evil));
    assert!(m.try_find("img").is_none(), "no element made from data");
    m.unmount().await;

    let m = mount::<WorkspacesList>(list_props(
        ListState::NoResultsForRepo(evil.into()),
        None,
        &retry,
    ))
    .await;
    assert_eq!(text(&m.find("code")), evil);
    assert!(m.try_find("img").is_none());
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn list_repo_url_breaks_after_its_slashes() {
    let (retry, _) = counter();
    let state = ListState::NoResultsForRepo(REPO.into());
    let m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    let parts: Vec<_> = m.all("code > span").iter().map(text).collect();
    assert_eq!(parts, ["https://", "github.com/", "zombocom/", "zombocom"]);
    assert_eq!(text(&m.find("code")), REPO, "the text is the URL");
    m.unmount().await;
}

/// A list longer than its box: the box ends halfway through a row, and its
/// frame marks which edges hide rows (the CSS draws a hint at each).
#[wasm_bindgen_test]
async fn list_longer_than_its_box_marks_the_hidden_edges() {
    let (retry, _) = counter();
    let items: Rc<[ItemView]> = (0..10)
        .map(|i| item(&format!("id-{i}"), &format!("ws-{i}"), Availability::Online))
        .collect();
    let state = ListState::Items {
        items,
        partial: None,
    };
    let m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    let (frame, scroller) = (m.find(".list-frame"), m.find(".list-scroll"));
    let row = m.find("li").get_bounding_client_rect().height();
    let rows = f64::from(scroller.client_height()) / row;
    assert!((rows - 4.5).abs() < 0.05, "{rows} rows in view");
    let marks = |above: bool, below: bool| {
        let frame = frame.clone();
        move || {
            frame.has_attribute("data-above") == above && frame.has_attribute("data-below") == below
        }
    };
    assert!(marks(false, true)(), "rows hidden below only");

    // The marks follow the scroll events.
    scroller.set_scroll_top(scroller.scroll_height());
    wait_for(
        "the end: rows hidden above only",
        2000,
        marks(true, false),
        String::new,
    )
    .await;
    scroller.set_scroll_top(row as i32);
    wait_for(
        "rows hidden at both edges",
        2000,
        marks(true, true),
        String::new,
    )
    .await;
    m.unmount().await;

    // Rows that fit mark nothing.
    let state = ListState::Items {
        items: vec![item("1", "dog", Availability::Online)].into(),
        partial: None,
    };
    let m = mount::<WorkspacesList>(list_props(state, None, &retry)).await;
    let frame = m.find(".list-frame");
    assert!(!frame.has_attribute("data-below") && !frame.has_attribute("data-above"));
    m.unmount().await;
}
