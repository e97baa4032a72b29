//! Which template icons may become an `<img src>`.
//!
//! Icons come from Coder, so they are untrusted. Only two kinds are
//! rendered: a root-relative path served by the deployment (rewritten onto
//! the Backstage proxy, as Coder's own UI resolves it against its origin),
//! and an absolute http(s) URL on the deployment's own origin. Everything
//! else (`javascript:`, `data:`, protocol-relative `//host`, other hosts,
//! `http://` on an https deployment, `..` escapes) falls back to the
//! initial-letter avatar, and the browser never fetches it.

use super::parse_web_url;

/// Longest icon URL considered; anything longer falls back.
pub const MAX_ICON_LEN: usize = 2048;

/// The `src` to render for `icon`, or `None` for the initial-letter avatar.
/// `proxy_base` is the Coder proxy URL (`…/api/proxy/coder`), `access_url`
/// the deployment's URL from the app config.
pub fn icon_src(icon: &str, proxy_base: &str, access_url: &str) -> Option<String> {
    if icon.is_empty() || icon.len() > MAX_ICON_LEN {
        return None;
    }
    if icon.starts_with('/') && !icon.starts_with("//") {
        if !safe_path(icon) {
            return None;
        }
        let mut src = String::with_capacity(proxy_base.len() + icon.len());
        src.push_str(proxy_base.trim_end_matches('/'));
        src.push_str(icon);
        return Some(src);
    }
    let icon_url = parse_web_url(icon).ok()?;
    let deployment = parse_web_url(access_url).ok()?;
    (icon_url.scheme == deployment.scheme && icon_url.authority == deployment.authority)
        .then(|| icon.to_owned())
}

/// [`icon_src`] for many rows: thousands of workspaces share a handful of
/// templates, so each distinct icon is vetted once.
pub struct IconSources<'a> {
    proxy_base: &'a str,
    access_url: &'a str,
    seen: Vec<(&'a str, Option<String>)>,
}

/// Distinct icons remembered; past that (a list of hostile variety) each
/// is simply vetted again.
const MAX_REMEMBERED: usize = 32;

impl<'a> IconSources<'a> {
    /// Vets icons for the deployment at `access_url` behind `proxy_base`.
    pub fn new(proxy_base: &'a str, access_url: &'a str) -> Self {
        Self {
            proxy_base,
            access_url,
            seen: Vec::new(),
        }
    }

    /// What [`icon_src`] says for `icon`.
    pub fn get(&mut self, icon: &'a str) -> Option<String> {
        if let Some((_, src)) = self.seen.iter().find(|(seen, _)| *seen == icon) {
            return src.clone();
        }
        let src = icon_src(icon, self.proxy_base, self.access_url);
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
    if lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") {
        return false;
    }
    let path_only = lower.split(['?', '#']).next().unwrap_or("");
    !path_only.split('/').any(|seg| seg == "." || seg == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROXY: &str = "https://backstage.example.com/api/proxy/coder";
    const DEPLOY: &str = "https://coder.example.com";

    #[test]
    fn deployment_paths_go_through_the_proxy() {
        assert_eq!(
            icon_src("/icon/docker.svg", PROXY, DEPLOY).as_deref(),
            Some("https://backstage.example.com/api/proxy/coder/icon/docker.svg")
        );
        assert_eq!(
            icon_src("/emojis/1f4bb.png", &(PROXY.to_owned() + "/"), DEPLOY).as_deref(),
            Some("https://backstage.example.com/api/proxy/coder/emojis/1f4bb.png")
        );
    }

    #[test]
    fn deployment_urls_are_kept() {
        let icon = "https://coder.example.com/icon/go.svg";
        assert_eq!(icon_src(icon, PROXY, DEPLOY).as_deref(), Some(icon));
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
            assert_eq!(icon_src(icon, PROXY, DEPLOY), None, "{icon}");
        }
    }

    #[test]
    fn huge_icons_fall_back() {
        let icon = "/icon/".to_owned() + &"a".repeat(5 * 1024 * 1024);
        assert_eq!(icon_src(&icon, PROXY, DEPLOY), None);
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
        let mut sources = IconSources::new(PROXY, DEPLOY);
        for _ in 0..2 {
            for icon in &icons {
                assert_eq!(sources.get(icon), icon_src(icon, PROXY, DEPLOY), "{icon}");
            }
        }
    }
}
