//! What the workspace list shows, derived from query results.

use std::collections::HashSet;
use std::rc::Rc;

use super::QueryPlan;
use super::{ActionError, Activities, IconImages, RowActivity};
use crate::client::RequestError;
use crate::coder::{availability, coder_order, Availability, Workspace};
use crate::config::{find_str, workspace_url, IconSources};

/// The answer to one request: the workspaces (shared, so an unchanged
/// poll result costs no copy) or why it failed.
pub type QueryResult = Result<Rc<Vec<Workspace>>, RequestError>;

/// One row of the list, ready to render: every string is plain text or an
/// already-vetted URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemView {
    /// Workspace id (the list key).
    pub id: String,
    /// Workspace name.
    pub name: String,
    /// Owner's username.
    pub owner: String,
    /// `<accessUrl>/@<owner>/<name>`, path segments encoded.
    pub href: String,
    /// The icon to show (a fetched icon's `data:` URL or a vetted
    /// deployment URL), or `None` for the initial-letter avatar.
    pub icon_src: Option<String>,
    /// The template icon is one of the deployment's emoji (`/emoji/`),
    /// drawn edge to edge, so the avatar shrinks it to fit.
    pub emoji_icon: bool,
    /// The avatar letter: first ASCII letter of the name, upper-cased, else 'W'.
    pub initial: char,
    /// The status pill.
    pub availability: Availability,
    /// Its template has a newer active version.
    pub outdated: bool,
    /// What the action running on it says ("Starting…"), if one runs.
    pub busy: Option<&'static str>,
    /// The last action's failure, if any.
    pub error: Option<ActionError>,
}

impl ItemView {
    /// Builds the row for `workspace`; `sources` vets its template icon
    /// and `images` holds the icons fetched through the proxy.
    pub fn new<'a>(
        workspace: &'a Workspace,
        access_url: &str,
        sources: &mut IconSources<'a>,
        images: &IconImages,
        activity: Option<&RowActivity>,
    ) -> Self {
        let icon = workspace.template_icon.as_deref();
        let busy = activity
            .and_then(|a| a.run.as_ref())
            .map(|run| run.action().progress());
        Self {
            id: workspace.id.clone(),
            name: workspace.name.clone(),
            owner: workspace.owner_name.clone(),
            href: workspace_url(access_url, &workspace.owner_name, &workspace.name),
            emoji_icon: icon.is_some_and(is_emoji_icon),
            icon_src: icon
                .and_then(|icon| sources.get(icon))
                .and_then(|source| images.src(&source)),
            initial: super::initial_of(&workspace.name),
            // A running action shows as pending from the click on, before
            // Coder's first answer.
            availability: if busy.is_some() {
                Availability::Pending
            } else {
                availability(workspace)
            },
            outdated: workspace.outdated,
            busy,
            error: activity.and_then(|a| a.error.clone()),
        }
    }
}

/// What the list area shows.
#[derive(Clone, Debug, PartialEq)]
pub enum ListState {
    /// The first answer is on its way.
    Loading,
    /// "Use the search bar to find matching Coder workspaces".
    SearchPrompt,
    /// Reading entity data but the entity has no usable repository URL.
    NoRepoUrl,
    /// Reading entity data but the app config has no `repoUrlParamKeys`.
    NoRepoKeys,
    /// "No workspaces found for repo `<url>`" (with a create CTA when a
    /// creation URL exists).
    NoResultsForRepo(String),
    /// "No workspaces returned for your query".
    NoResults,
    /// Every request failed.
    Failed(RequestError),
    /// The rows, in Coder's order; `partial` is set when some of a repo
    /// card's requests failed.
    Items {
        /// The rows.
        items: Rc<[ItemView]>,
        /// An error from one of several merged requests.
        partial: Option<RequestError>,
    },
}

/// Merges the results of a plan's requests, de-duplicated by workspace id:
/// each list comes in Coder's order, and several are merged by Coder's own
/// rule ([`coder_order`]), so the rows come in the order one request would
/// have given (and in the same order as in any other card). Failed requests
/// are skipped; the first error is returned beside the rows.
pub fn merge_results<'a>(
    results: impl IntoIterator<Item = &'a QueryResult>,
) -> (Vec<&'a Workspace>, Option<&'a RequestError>, bool) {
    let mut lists: Vec<&'a [Workspace]> = Vec::new();
    let mut error = None;
    for result in results {
        match result {
            Ok(list) => lists.push(list),
            Err(e) => {
                error.get_or_insert(e);
            }
        }
    }
    let total = lists.iter().map(|l| l.len()).sum();
    let mut rows: Vec<&Workspace> = Vec::with_capacity(total);
    // Ids seen so far: a set, because lists run to thousands of rows.
    let mut seen: HashSet<&str> = HashSet::with_capacity(total);
    // A merge of sorted lists (a handful, one per parameter key): linear,
    // and no general sort in the wasm.
    let mut next = vec![0usize; lists.len()];
    loop {
        let mut pick: Option<(usize, &Workspace)> = None;
        for (i, list) in lists.iter().enumerate() {
            if let Some(w) = list.get(next[i]) {
                if pick.is_none_or(|(_, best)| coder_order(w, best).is_lt()) {
                    pick = Some((i, w));
                }
            }
        }
        let Some((i, w)) = pick else { break };
        next[i] += 1;
        if seen.insert(w.id.as_str()) {
            rows.push(w);
        }
    }
    (rows, error, !lists.is_empty())
}

/// The list state for `plan`, given one entry per planned request: `None`
/// while that request has no answer yet.
pub fn list_state(
    plan: &QueryPlan,
    results: &[Option<QueryResult>],
    repo_url: Option<&str>,
    access_url: &str,
    images: &IconImages,
    activities: &Activities,
) -> ListState {
    match plan {
        QueryPlan::SearchPrompt => return ListState::SearchPrompt,
        QueryPlan::NoRepoUrl => return ListState::NoRepoUrl,
        QueryPlan::NoRepoKeys => return ListState::NoRepoKeys,
        QueryPlan::Plain(_) | QueryPlan::ByRepo(_) => {}
    }
    if results.is_empty() || results.iter().any(Option::is_none) {
        return ListState::Loading;
    }
    let (rows, error, any_ok) = merge_results(results.iter().flatten());
    if !any_ok {
        return ListState::Failed(error.cloned().unwrap_or(RequestError::Offline));
    }
    if rows.is_empty() {
        return match (plan, repo_url) {
            (QueryPlan::ByRepo(_), Some(url)) => ListState::NoResultsForRepo(url.to_owned()),
            _ => ListState::NoResults,
        };
    }
    let mut sources = IconSources::new(access_url);
    ListState::Items {
        items: rows
            .into_iter()
            .map(|ws| {
                let activity = activities.get(&ws.id);
                ItemView::new(ws, access_url, &mut sources, images, activity)
            })
            .collect(),
        partial: error.cloned(),
    }
}

/// Whether a template icon is one of the deployment's emoji (`/emoji/`),
/// drawn edge to edge, which the avatar shrinks to fit.
pub fn is_emoji_icon(icon: &str) -> bool {
    find_str(icon, "/emoji/").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::IconImage;
    use crate::coder::WorkspacesResponse;

    const ACCESS: &str = "https://coder.example.com";
    const NO_IMAGES: &IconImages = &IconImages::new();

    fn ws(id: &str, name: &str) -> Workspace {
        let json = format!(
            r#"{{"id":"{id}","name":"{name}","owner_name":"lil brudder","template_icon":"/icon/go.svg",
                "latest_build":{{"status":"running","resources":[{{"agents":[{{"status":"connected"}}]}}]}}}}"#
        );
        Workspace::from_json(&json).unwrap()
    }

    fn ok(list: Vec<Workspace>) -> Option<QueryResult> {
        Some(Ok(Rc::new(list)))
    }

    #[test]
    fn rows_are_ready_to_render() {
        let mut images = IconImages::default();
        let item = ItemView::new(
            &ws("1", "9-lives"),
            ACCESS,
            &mut IconSources::new(ACCESS),
            &images,
            None,
        );
        assert_eq!(
            item.href,
            "https://coder.example.com/@lil%20brudder/9-lives"
        );
        assert_eq!(item.icon_src, None, "the proxied icon is not fetched yet");
        images.set(
            "/icon/go.svg",
            IconImage::Ready("data:image/svg+xml;base64,PHN2Zy8+".into()),
        );
        let item = ItemView::new(
            &ws("1", "9-lives"),
            ACCESS,
            &mut IconSources::new(ACCESS),
            &images,
            None,
        );
        assert_eq!(
            item.icon_src.as_deref(),
            Some("data:image/svg+xml;base64,PHN2Zy8+")
        );
        assert_eq!(item.initial, 'L');
        assert_eq!(item.availability, Availability::Online);
        assert_eq!((item.busy, item.outdated), (None, false));
        assert_eq!(
            ItemView::new(
                &ws("2", "123"),
                ACCESS,
                &mut IconSources::new(ACCESS),
                NO_IMAGES,
                None,
            )
            .initial,
            'W'
        );
    }

    #[test]
    fn merged_results_come_in_coders_order_without_duplicates() {
        let names = |results: &[Option<QueryResult>]| -> Vec<String> {
            let plan = QueryPlan::ByRepo(vec!["a".into(); results.len()]);
            match list_state(
                &plan,
                results,
                Some("https://r"),
                ACCESS,
                NO_IMAGES,
                &Activities::default(),
            ) {
                ListState::Items { items, partial } => {
                    assert_eq!(partial, None);
                    items.iter().map(|i| i.name.clone()).collect()
                }
                other => panic!("{other:?}"),
            }
        };
        // Two requests, each in Coder's order (all running, one owner: by
        // name): merged as Coder orders one list, whichever request found a
        // workspace first.
        let merged = [
            ok(vec![ws("1", "one"), ws("2", "two")]),
            ok(vec![ws("3", "three"), ws("2", "two")]),
        ];
        assert_eq!(names(&merged), ["one", "three", "two"]);
        // One request: Coder's order as it came, untouched.
        let single = [ok(vec![ws("2", "two"), ws("1", "one")])];
        assert_eq!(names(&single), ["two", "one"]);
    }

    #[test]
    fn one_failed_request_does_not_hide_the_others() {
        let plan = QueryPlan::ByRepo(vec!["a".into(), "b".into()]);
        let results = [Some(Err(RequestError::Timeout)), ok(vec![ws("1", "one")])];
        match list_state(
            &plan,
            &results,
            Some("https://r"),
            ACCESS,
            NO_IMAGES,
            &Activities::default(),
        ) {
            ListState::Items { items, partial } => {
                assert_eq!(items.len(), 1);
                assert_eq!(partial, Some(RequestError::Timeout));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn all_failed_is_an_error_not_an_empty_list() {
        let plan = QueryPlan::ByRepo(vec!["a".into(), "b".into()]);
        let results = [
            Some(Err(RequestError::Timeout)),
            Some(Err(RequestError::Offline)),
        ];
        assert_eq!(
            list_state(
                &plan,
                &results,
                Some("https://r"),
                ACCESS,
                NO_IMAGES,
                &Activities::default()
            ),
            ListState::Failed(RequestError::Timeout)
        );
    }

    #[test]
    fn loading_until_every_request_answered() {
        let plan = QueryPlan::ByRepo(vec!["a".into(), "b".into()]);
        let results = [ok(vec![]), None];
        assert_eq!(
            list_state(
                &plan,
                &results,
                None,
                ACCESS,
                NO_IMAGES,
                &Activities::default()
            ),
            ListState::Loading
        );
    }

    #[test]
    fn empty_results_say_which_kind_of_empty() {
        let repo = QueryPlan::ByRepo(vec!["a".into()]);
        assert_eq!(
            list_state(
                &repo,
                &[ok(vec![])],
                Some("https://r"),
                ACCESS,
                NO_IMAGES,
                &Activities::default()
            ),
            ListState::NoResultsForRepo("https://r".into())
        );
        let plain = QueryPlan::Plain("owner:me".into());
        assert_eq!(
            list_state(
                &plain,
                &[ok(vec![])],
                None,
                ACCESS,
                NO_IMAGES,
                &Activities::default()
            ),
            ListState::NoResults
        );
        assert_eq!(
            list_state(
                &QueryPlan::SearchPrompt,
                &[],
                None,
                ACCESS,
                NO_IMAGES,
                &Activities::default()
            ),
            ListState::SearchPrompt
        );
        assert_eq!(
            list_state(
                &QueryPlan::NoRepoUrl,
                &[],
                None,
                ACCESS,
                NO_IMAGES,
                &Activities::default()
            ),
            ListState::NoRepoUrl
        );
    }

    #[test]
    fn a_realistic_response_renders() {
        let body = include_str!("../../tests/fixtures/coder/workspaces.json");
        let response = WorkspacesResponse::from_json(body).unwrap().unwrap();
        let plan = QueryPlan::Plain("owner:me".into());
        let state = list_state(
            &plan,
            &[ok(response.workspaces)],
            None,
            ACCESS,
            NO_IMAGES,
            &Activities::default(),
        );
        assert!(matches!(state, ListState::Items { .. }), "{state:?}");
    }

    #[test]
    fn a_running_action_shows_as_pending_with_its_progress() {
        use crate::coder::{BuildAction, BuildRun};
        let w = ws("1", "dev");
        let (run, _) = BuildRun::begin(BuildAction::Stop, &w);
        let activity = RowActivity {
            run: Some(run),
            error: None,
        };
        let item = ItemView::new(
            &w,
            ACCESS,
            &mut IconSources::new(ACCESS),
            NO_IMAGES,
            Some(&activity),
        );
        assert_eq!(item.availability, Availability::Pending);
        assert_eq!(item.busy, Some("Stopping\u{2026}"));
    }
}
