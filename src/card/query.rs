//! From the search filter and the card's config to the Coder queries to run.

/// The requests a card makes for its current filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryPlan {
    /// One request with this `q` (may be empty: all visible workspaces).
    Plain(String),
    /// One request per repo-URL parameter key; results are merged.
    ByRepo(Vec<String>),
    /// Filtering by repo with an empty filter: no request, ask the user to
    /// search (as upstream does, to avoid listing every workspace).
    SearchPrompt,
    /// Reading entity data, but the entity has no usable repository URL:
    /// no request (there is nothing to filter by).
    NoRepoUrl,
    /// Reading entity data with a repo URL, but the app config names no
    /// `repoUrlParamKeys`: no request.
    NoRepoKeys,
}

/// Plans the requests for `filter`. `repo` is the repo URL and parameter
/// keys when the card reads entity data, `None` otherwise.
pub fn plan_queries(filter: &str, repo: Option<(Option<&str>, &[String])>) -> QueryPlan {
    let filter = filter.trim();
    match repo {
        None => QueryPlan::Plain(filter.to_owned()),
        Some((None, _)) => QueryPlan::NoRepoUrl,
        Some((Some(_), [])) => QueryPlan::NoRepoKeys,
        Some(_) if filter.is_empty() => QueryPlan::SearchPrompt,
        Some((Some(url), keys)) => QueryPlan::ByRepo(
            keys.iter()
                .map(|key| append_repo_param(filter, key, url))
                .collect(),
        ),
    }
}

/// `filter` with `param:"<key>=<url>"` appended (once). Keys and URLs were
/// validated by the config (no quotes, no whitespace), so the quoting is
/// sound.
pub fn append_repo_param(filter: &str, key: &str, url: &str) -> String {
    let mut term = String::with_capacity(key.len() + url.len() + 10);
    term.push_str("param:\"");
    term.push_str(key);
    term.push('=');
    term.push_str(url);
    term.push('"');
    let filter = filter.trim();
    if filter.is_empty() {
        term
    } else if filter.split_whitespace().any(|t| t == term) {
        filter.to_owned()
    } else {
        let mut q = filter.to_owned();
        q.push(' ');
        q.push_str(&term);
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://github.com/coder/backstage-plugins";

    fn keys() -> Vec<String> {
        vec!["custom_repo".into(), "repo_url".into()]
    }

    #[test]
    fn plain_cards_query_the_filter_as_typed() {
        assert_eq!(
            plan_queries(" owner:me ", None),
            QueryPlan::Plain("owner:me".into())
        );
        assert_eq!(plan_queries("", None), QueryPlan::Plain(String::new()));
    }

    #[test]
    fn repo_cards_make_one_query_per_key() {
        assert_eq!(
            plan_queries("owner:me", Some((Some(URL), &keys()))),
            QueryPlan::ByRepo(vec![
                format!("owner:me param:\"custom_repo={URL}\""),
                format!("owner:me param:\"repo_url={URL}\""),
            ])
        );
    }

    #[test]
    fn repo_cards_without_what_they_need_make_no_request() {
        assert_eq!(
            plan_queries("owner:me", Some((None, &keys()))),
            QueryPlan::NoRepoUrl
        );
        assert_eq!(
            plan_queries("owner:me", Some((Some(URL), &[]))),
            QueryPlan::NoRepoKeys
        );
        assert_eq!(
            plan_queries("  ", Some((Some(URL), &keys()))),
            QueryPlan::SearchPrompt
        );
    }

    #[test]
    fn the_param_term_is_not_added_twice() {
        let q = format!("owner:me param:\"repo_url={URL}\"");
        assert_eq!(append_repo_param(&q, "repo_url", URL), q);
        assert_eq!(append_repo_param("", "k", "u"), "param:\"k=u\"");
    }
}
