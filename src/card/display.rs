//! Small display decisions for the card's components, kept pure so they can
//! be tested natively: the repo name in the subheader, where a URL breaks,
//! the refresh throttle, menu keyboard movement, when the search box
//! reports a change, and the initials standing in for a user's picture.

/// Minimum time between two refreshes from the actions menu.
pub const REFRESH_THROTTLE_MS: f64 = 1_000.0;

/// How long the search box waits after the last keystroke.
pub const SEARCH_DEBOUNCE_MS: u32 = 400;

/// Hosts whose URLs read `<host>/<owner>/<repo…>`.
const KNOWN_HOSTS: [&str; 4] = ["github.com", "gitlab.com", "bitbucket.org", "bitbucket.com"];

/// The repository name shown in the card's subheader: for a GitHub, GitLab
/// or Bitbucket URL, the path after the owner segment
/// (`https://github.com/coder/backstage-plugins` → `backstage-plugins`,
/// `https://github.com/org/repo/sub` → `repo/sub`). `None` for other hosts or
/// a URL without a path after the owner.
///
/// The scheme (`http`/`https`) and a `www.` prefix are optional, the host is
/// matched case-insensitively, and a query, fragment or trailing slash is
/// not part of the name. Upstream also accepts `bitbucket.com`; Bitbucket
/// Cloud lives at `bitbucket.org`, so both are accepted.
pub fn repo_display_name(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = strip_prefix_ci(url, "https://")
        .or_else(|| strip_prefix_ci(url, "http://"))
        .unwrap_or(url);
    let rest = strip_prefix_ci(rest, "www.").unwrap_or(rest);
    let (host, path) = rest.split_once('/')?;
    if !KNOWN_HOSTS.iter().any(|h| host.eq_ignore_ascii_case(h)) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let (owner, name) = path.split_once('/')?;
    let name = name.trim_end_matches('/');
    if owner.is_empty() || name.is_empty() {
        return None;
    }
    Some(name.to_owned())
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The subheader of a card filtering by `repo_url`: "Results filtered by
/// repo: `<name>`" for a known host, else "Results filtered by repo URL".
pub fn repo_filter_text(repo_url: &str) -> String {
    const PREFIX: &str = "Results filtered by repo";
    match repo_display_name(repo_url) {
        Some(name) => {
            let mut text = String::with_capacity(PREFIX.len() + 2 + name.len());
            text.push_str(PREFIX);
            text.push_str(": ");
            text.push_str(&name);
            text
        }
        None => {
            let mut text = String::with_capacity(PREFIX.len() + 4);
            text.push_str(PREFIX);
            text.push_str(" URL");
            text
        }
    }
}

/// `url` cut after each run of slashes, where a URL shown on several lines
/// reads best broken (`https://`, `github.com/`, `coder/`,
/// `backstage-plugins`). The parts join back to `url`.
pub fn url_line_parts(url: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = url.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'/' && bytes.get(i + 1) != Some(&b'/') {
            parts.push(&url[start..=i]);
            start = i + 1;
        }
    }
    if start < url.len() {
        parts.push(&url[start..]);
    }
    parts
}

/// Whether a refresh may run now, given when the last one ran (both in
/// milliseconds since the epoch). A clock that went backwards allows it.
pub fn throttle_allows(last_ms: Option<f64>, now_ms: f64) -> bool {
    match last_ms {
        None => true,
        Some(last) => now_ms < last || now_ms - last >= REFRESH_THROTTLE_MS,
    }
}

/// Where focus goes in a menu of `len` items when `key` is pressed on item
/// `current`: arrows move and wrap, Home/End jump. `None` for other keys.
pub fn menu_target(current: usize, len: usize, key: &str) -> Option<usize> {
    if len == 0 {
        return None;
    }
    match key {
        "ArrowDown" => Some(if current + 1 >= len { 0 } else { current + 1 }),
        "ArrowUp" => Some(if current == 0 || current >= len {
            len - 1
        } else {
            current - 1
        }),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

/// What the search box does after its text changed from `before` to `after`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchUpdate {
    /// Report the new text now (and cancel a pending report).
    Now,
    /// Report it after the debounce delay (restarting it).
    Debounce,
    /// Nothing changed.
    Nothing,
}

/// Typing down to empty reports at once; any other change is debounced.
pub fn search_update(before: &str, after: &str) -> SearchUpdate {
    if before == after {
        SearchUpdate::Nothing
    } else if after.is_empty() {
        SearchUpdate::Now
    } else {
        SearchUpdate::Debounce
    }
}

/// Up to two letters for a name: the first of its first and last words
/// ("Ada Lovelace" → "AL", "demo" → "D"). Only ASCII is upper-cased here:
/// `char::to_uppercase` brings Unicode's case tables into the wasm, and
/// the stylesheet's `text-transform` upper-cases the rest for free.
pub fn name_initials(name: &str) -> String {
    let mut words = name.split_whitespace().filter_map(|w| w.chars().next());
    let first = words.next();
    let last = words.next_back();
    first
        .into_iter()
        .chain(last)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_and_last_words() {
        assert_eq!(name_initials("Ada Lovelace"), "AL");
        assert_eq!(name_initials("Grace Brewster Murray Hopper"), "GH");
        assert_eq!(name_initials("demo"), "D");
        assert_eq!(name_initials("  émile   zola "), "éZ", "CSS upper-cases é");
        assert_eq!(name_initials(""), "");
    }

    #[test]
    fn repo_names_for_known_hosts() {
        let name = |url| repo_display_name(url);
        assert_eq!(
            name("https://github.com/coder/backstage-plugins").as_deref(),
            Some("backstage-plugins")
        );
        assert_eq!(
            name("https://www.github.com/zombocom/zombocom").as_deref(),
            Some("zombocom")
        );
        assert_eq!(name("github.com/org/repo/sub").as_deref(), Some("repo/sub"));
        assert_eq!(
            name("http://GitLab.com/group/project/").as_deref(),
            Some("project")
        );
        assert_eq!(
            name("https://bitbucket.org/team/repo?at=main#x").as_deref(),
            Some("repo")
        );
        assert_eq!(
            name("https://bitbucket.com/team/repo").as_deref(),
            Some("repo")
        );
    }

    #[test]
    fn other_urls_have_no_name() {
        for url in [
            "https://www.blah.com/unknown/repo/format",
            "https://github.com/coder",
            "https://github.com/coder/",
            "https://github.com//repo",
            "https://github.company.com/org/repo",
            "https://notgithub.com/org/repo",
            "ssh://git@github.com/org/repo",
            "",
        ] {
            assert_eq!(repo_display_name(url), None, "{url}");
        }
    }

    #[test]
    fn subheader_text_matches_upstream() {
        assert_eq!(
            repo_filter_text("https://github.com/zombocom/zombocom"),
            "Results filtered by repo: zombocom"
        );
        assert_eq!(
            repo_filter_text("https://www.blah.com/unknown/repo/format"),
            "Results filtered by repo URL"
        );
    }

    #[test]
    fn urls_break_after_their_slashes() {
        assert_eq!(
            url_line_parts("https://github.com/coder/backstage-plugins"),
            ["https://", "github.com/", "coder/", "backstage-plugins"]
        );
        assert_eq!(url_line_parts("a/b/"), ["a/", "b/"]);
        assert_eq!(url_line_parts("no-slash"), ["no-slash"]);
        assert_eq!(url_line_parts("//x///y"), ["//", "x///", "y"]);
        assert!(url_line_parts("").is_empty());
        let odd = "https://例え.jp/ü/ß?q=/x";
        assert_eq!(url_line_parts(odd).concat(), odd);
    }

    #[test]
    fn refresh_is_throttled_to_once_a_second() {
        assert!(throttle_allows(None, 5.0));
        assert!(!throttle_allows(Some(1_000.0), 1_000.0));
        assert!(!throttle_allows(Some(1_000.0), 1_999.0));
        assert!(throttle_allows(Some(1_000.0), 2_000.0));
        assert!(throttle_allows(Some(5_000.0), 1_000.0), "clock went back");
    }

    #[test]
    fn menu_keys_move_and_wrap() {
        assert_eq!(menu_target(0, 2, "ArrowDown"), Some(1));
        assert_eq!(menu_target(1, 2, "ArrowDown"), Some(0));
        assert_eq!(menu_target(0, 2, "ArrowUp"), Some(1));
        assert_eq!(menu_target(1, 2, "ArrowUp"), Some(0));
        assert_eq!(menu_target(1, 3, "Home"), Some(0));
        assert_eq!(menu_target(0, 3, "End"), Some(2));
        assert_eq!(menu_target(0, 3, "a"), None);
        assert_eq!(menu_target(0, 0, "ArrowDown"), None);
    }

    #[test]
    fn search_reports_empty_at_once_and_debounces_the_rest() {
        assert_eq!(search_update("H", "Hi"), SearchUpdate::Debounce);
        assert_eq!(search_update("H", ""), SearchUpdate::Now);
        assert_eq!(search_update("", ""), SearchUpdate::Nothing);
        assert_eq!(search_update("Hi", "H"), SearchUpdate::Debounce);
    }
}
