//! Turning an entity's `backstage.io/source-location` annotation into the
//! repository URL that Coder templates clone.
//!
//! Backstage writes the annotation as a location reference,
//! `url:https://github.com/org/repo/tree/main/`. The `/tree/<branch>/` tail
//! (and its relatives) makes `git clone` fail, so it is cut off; what is left
//! is also the exact string workspaces are searched by (`param:"k=<url>"`),
//! so the cleanup must be deterministic.
//!
//! Differences from upstream, on purpose:
//! - upstream only strips a final `/tree/<branch>[/]`; we also cut deeper
//!   paths (`/tree/main/packages/app`), `/blob/...` and GitLab's `/-/tree/...`
//!   and `/-/blob/...`, which point into the same repository;
//! - query and fragment are dropped (Azure DevOps puts the branch there);
//! - trailing slashes are trimmed;
//! - only `http(s)` URLs without credentials are kept (upstream keeps any
//!   string). `http` stays allowed because self-hosted forges on internal
//!   networks use it and it is not dangerous to display or pass on; script
//!   schemes, `ssh`/`git@` remotes and anything with a user name or token in
//!   it are refused, so the card then behaves as if there were no repo URL.

use super::url::parse_web_url;

/// The entity annotation holding the source location.
pub const SOURCE_LOCATION_ANNOTATION: &str = "backstage.io/source-location";

/// Path segments that start a "view inside the repository" tail.
const TREE_SEGMENTS: [&str; 2] = ["tree", "blob"];

/// Cleans a `backstage.io/source-location` value into a repository URL, or
/// `None` when it is not an acceptable http(s) URL.
pub fn clean_repo_url(annotation: &str) -> Option<String> {
    let raw = strip_location_type(annotation.trim());
    let url = parse_web_url(raw).ok()?;

    let segments: Vec<&str> = url.path.split('/').filter(|s| !s.is_empty()).collect();
    let mut keep = segments.len();
    // GitLab: `/group/sub/project/-/tree/main`: the `-` marker is unambiguous.
    if let Some(i) = segments
        .windows(2)
        .position(|w| w[0] == "-" && TREE_SEGMENTS.contains(&w[1]))
    {
        keep = i;
    } else if let Some(i) = segments
        .iter()
        .enumerate()
        // GitHub/Gitea/Forgejo: `/owner/repo/tree/main/...`. Start looking
        // after owner and repo so a repository named `tree` survives.
        .skip(2)
        .find(|(_, s)| TREE_SEGMENTS.contains(s))
        .map(|(i, _)| i)
    {
        keep = i;
    }

    let mut out = String::with_capacity(raw.len());
    out.push_str(url.scheme);
    out.push_str("://");
    out.push_str(&url.authority);
    for segment in &segments[..keep] {
        out.push('/');
        out.push_str(segment);
    }
    Some(out)
}

/// Removes the location-reference type: `url:` (the normal case) or a legacy
/// type such as `github:` when a URL follows it.
fn strip_location_type(value: &str) -> &str {
    if let Some(rest) = value.strip_prefix("url:") {
        return rest;
    }
    if let Some(i) = value.find(':') {
        let rest = &value[i + 1..];
        let is_type = value[..i]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let lower = rest
            .get(..8)
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if is_type && (lower.starts_with("https://") || lower.starts_with("http://")) {
            return rest;
        }
    }
    value
}
