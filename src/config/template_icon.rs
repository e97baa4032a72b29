//! Which template icons (and user avatars) may be shown, and how each is
//! fetched.
//!
//! Icons come from Coder, so they are untrusted. Only two kinds are
//! shown: a root-relative path served by the deployment, fetched through
//! the Backstage proxy (as Coder's own UI resolves it against its origin),
//! and an absolute http(s) URL on the deployment's own origin. Everything
//! else (`javascript:`, `data:`, protocol-relative `//host`, other hosts,
//! `http://` on an https deployment, `..` escapes) falls back to the
//! initial-letter avatar, and the browser never fetches it.
//!
//! A proxied icon cannot be an `<img src>` pointing at the proxy: a real
//! Backstage proxy requires the user's Backstage token on every request,
//! and an image request carries none. So the provider fetches it with the
//! token and shows it as a `data:` URL (see [`image_data_url`](super::image_data_url)).

use super::parse_web_url;
use super::url::find_str;

/// Longest icon URL considered; anything longer falls back.
pub const MAX_ICON_LEN: usize = 2048;

/// Where a vetted template icon comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IconSource {
    /// A path on the deployment (`/icon/go.svg`), fetched through the
    /// Backstage proxy with the user's credentials.
    Proxied(String),
    /// An absolute URL on the deployment's own origin, shown as is.
    Direct(String),
}

/// Where `icon` comes from, or `None` for the initial-letter avatar.
/// `access_url` is the deployment's URL from the app config.
pub fn icon_source(icon: &str, access_url: &str) -> Option<IconSource> {
    if icon.is_empty() || icon.len() > MAX_ICON_LEN {
        return None;
    }
    if icon.starts_with('/') && !icon.starts_with("//") {
        return safe_path(icon).then(|| IconSource::Proxied(icon.to_owned()));
    }
    let icon_url = parse_web_url(icon).ok()?;
    let deployment = parse_web_url(access_url).ok()?;
    (icon_url.scheme == deployment.scheme && icon_url.authority == deployment.authority)
        .then(|| IconSource::Direct(icon.to_owned()))
}

/// The image URL to show for a Coder user's `avatar_url`, or `None` for
/// the initials. An avatar usually lives elsewhere (GitHub, Gravatar), so
/// any host will do, but only over http(s), and not plain http when the
/// deployment is https (mixed content); a root-relative path is the
/// deployment's, loaded from its origin (a plain image request carries no
/// credential, so it cannot go through the proxy; see the module doc).
pub fn avatar_source(avatar: &str, access_url: &str) -> Option<String> {
    if avatar.is_empty() || avatar.len() > MAX_ICON_LEN {
        return None;
    }
    let deployment = parse_web_url(access_url).ok()?;
    if avatar.starts_with('/') && !avatar.starts_with("//") {
        return safe_path(avatar).then(|| {
            let mut url = deployment.origin();
            url.push_str(avatar);
            url
        });
    }
    let url = parse_web_url(avatar).ok()?;
    (url.scheme == "https" || deployment.scheme == "http").then(|| avatar.to_owned())
}

/// [`icon_source`] for many rows: thousands of workspaces share a handful
/// of templates, so each distinct icon is vetted once.
pub struct IconSources<'a> {
    access_url: &'a str,
    seen: Vec<(&'a str, Option<IconSource>)>,
}

/// Distinct icons remembered; past that (a list of hostile variety) each
/// is simply vetted again.
const MAX_REMEMBERED: usize = 32;

impl<'a> IconSources<'a> {
    /// Vets icons for the deployment at `access_url`.
    pub fn new(access_url: &'a str) -> Self {
        Self {
            access_url,
            seen: Vec::new(),
        }
    }

    /// What [`icon_source`] says for `icon`.
    pub fn get(&mut self, icon: &'a str) -> Option<IconSource> {
        if let Some((_, src)) = self.seen.iter().find(|(seen, _)| *seen == icon) {
            return src.clone();
        }
        let src = icon_source(icon, self.access_url);
        if self.seen.len() < MAX_REMEMBERED {
            self.seen.push((icon, src.clone()));
        }
        src
    }
}

/// A path that stays under the proxy: printable ASCII URL characters only,
/// and no `.`/`..` segment, raw or percent-encoded, that could climb out of
/// it once the browser normalises the URL.
fn safe_path(path: &str) -> bool {
    const MARKS: &[u8] = b"-._~/%+=&?:@!$'(),;*";
    if !path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || MARKS.contains(&b))
    {
        return false;
    }
    let lower = path.to_ascii_lowercase();
    if ["%2e", "%2f", "%5c"]
        .iter()
        .any(|escape| find_str(&lower, escape).is_some())
    {
        return false;
    }
    let path_only = lower.split(['?', '#']).next().unwrap_or("");
    !path_only.split('/').any(|seg| seg == "." || seg == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avatars_are_http_urls_or_deployment_paths() {
        let gh = "https://avatars.githubusercontent.com/u/95932066?v=4";
        assert_eq!(avatar_source(gh, DEPLOY), Some(gh.to_owned()));
        assert_eq!(
            avatar_source("/api/v2/files/a1b2", "https://coder.example.com/sub/"),
            Some("https://coder.example.com/api/v2/files/a1b2".to_owned()),
            "a path is the deployment's, from its origin"
        );
        assert_eq!(
            avatar_source("http://gravatar.example/a.png", "http://localhost:3000"),
            Some("http://gravatar.example/a.png".to_owned()),
            "plain http only for a plain http deployment"
        );
        for hostile in [
            "",
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Lz48L3N2Zz4=",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//evil.example/a.png",
            "http://avatars.example/a.png",
            "https://user:pw@avatars.example/a.png",
            "https://avatars.example/a\".png",
            "/../../etc/passwd",
            "/%2e%2e/secret",
            "avatar.png",
            "./avatar.png",
            "file:///etc/passwd",
        ] {
            assert_eq!(avatar_source(hostile, DEPLOY), None, "{hostile}");
        }
        let long = format!("https://a.example/{}", "x".repeat(MAX_ICON_LEN));
        assert_eq!(avatar_source(&long, DEPLOY), None);
        assert_eq!(avatar_source(gh, "not a url"), None);
    }

    const DEPLOY: &str = "https://coder.example.com";

    fn proxied(path: &str) -> Option<IconSource> {
        Some(IconSource::Proxied(path.to_owned()))
    }

    #[test]
    fn deployment_paths_are_fetched_through_the_proxy() {
        assert_eq!(
            icon_source("/icon/docker.svg", DEPLOY),
            proxied("/icon/docker.svg")
        );
        assert_eq!(
            icon_source("/emojis/1f4bb.png", DEPLOY),
            proxied("/emojis/1f4bb.png")
        );
    }

    #[test]
    fn deployment_urls_are_kept() {
        let icon = "https://coder.example.com/icon/go.svg";
        assert_eq!(
            icon_source(icon, DEPLOY),
            Some(IconSource::Direct(icon.to_owned()))
        );
    }

    #[test]
    fn everything_else_falls_back() {
        for icon in [
            "",
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "//evil.example/x.svg",
            "http://coder.example.com/icon/go.svg",
            "https://evil.example/x.svg",
            "https://coder.example.com.evil.example/x.svg",
            "/../../api/auth/x",
            "/icon/../../secret",
            "/icon/%2e%2e/%2E%2E/secret",
            "/icon/..%2f..%2fsecret",
            "/icon\\..\\x",
            "/icon/a b.svg",
            "/icon/\"onerror=\"x.svg",
            "icon/relative.svg",
            "vbscript:x",
        ] {
            assert_eq!(icon_source(icon, DEPLOY), None, "{icon}");
        }
    }

    #[test]
    fn huge_icons_fall_back() {
        let icon = "/icon/".to_owned() + &"a".repeat(5 * 1024 * 1024);
        assert_eq!(icon_source(&icon, DEPLOY), None);
    }

    #[test]
    fn many_rows_get_the_same_answers_as_one() {
        let icons: Vec<String> = (0..40)
            .flat_map(|i| {
                [
                    format!("/icon/t{i}.svg"),
                    format!("javascript:alert({i})"),
                    "/icon/../../etc".to_owned(),
                    "https://coder.example.com/icon/go.svg".to_owned(),
                ]
            })
            .collect();
        let mut sources = IconSources::new(DEPLOY);
        for _ in 0..2 {
            for icon in &icons {
                assert_eq!(sources.get(icon), icon_source(icon, DEPLOY), "{icon}");
            }
        }
    }
}
