//! The links to a workspace's apps: built here from Coder's fields, each
//! one vetted, never taken as it comes. Every name is percent-encoded into
//! its segment; a slug, subdomain label or wildcard host outside Coder's own
//! rules gives no link at all; an external app must be an http(s) URL; the
//! one custom scheme is the `vscode://` link built here; and no link ever
//! carries a token (the VS Code extension asks the user to sign in).

use super::url::find_str;
use super::{encode_uri_component_into, parse_web_url};
use crate::coder::WorkspaceApp;

/// Longest URL taken from Coder (an external app's) or built; longer gives
/// no link.
pub const MAX_LINK_LEN: usize = 2048;

/// Where an agent's apps live: `<access_url>/@<owner>/<workspace>.<agent>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgentPlace<'a> {
    /// The deployment's URL (normalized, no trailing slash).
    pub access_url: &'a str,
    /// Owner's username.
    pub owner: &'a str,
    /// Workspace name.
    pub workspace: &'a str,
    /// Agent name.
    pub agent: &'a str,
}

impl AgentPlace<'_> {
    /// Every name is there (an empty one would make a link to elsewhere).
    fn named(&self) -> bool {
        !self.owner.is_empty() && !self.workspace.is_empty() && !self.agent.is_empty()
    }

    /// `<access_url>/@<owner>/<workspace>.<agent>`, each name encoded;
    /// `None` when a name is empty.
    fn base(&self) -> Option<String> {
        if !self.named() {
            return None;
        }
        let mut url = String::with_capacity(self.access_url.len() + 64);
        url.push_str(self.access_url);
        url.push_str("/@");
        encode_uri_component_into(self.owner, &mut url);
        url.push('/');
        encode_uri_component_into(self.workspace, &mut url);
        url.push('.');
        encode_uri_component_into(self.agent, &mut url);
        Some(url)
    }

    /// The web terminal: `<base>/terminal`.
    pub fn terminal_url(&self) -> Option<String> {
        let mut url = self.base()?;
        url.push_str("/terminal");
        short(url)
    }

    /// VS Code Desktop (`insiders`: VS Code Insiders) through Coder's
    /// extension: `vscode://coder.coder-remote/open?owner=…&workspace=…&
    /// url=<access_url>&agent=…[&folder=…]`, every value encoded, no token.
    pub fn vscode_url(&self, insiders: bool, folder: Option<&str>) -> Option<String> {
        if !self.named() {
            return None;
        }
        let mut url = String::from(if insiders {
            "vscode-insiders://coder.coder-remote/open?owner="
        } else {
            "vscode://coder.coder-remote/open?owner="
        });
        encode_uri_component_into(self.owner, &mut url);
        url.push_str("&workspace=");
        encode_uri_component_into(self.workspace, &mut url);
        url.push_str("&url=");
        encode_uri_component_into(self.access_url, &mut url);
        url.push_str("&agent=");
        encode_uri_component_into(self.agent, &mut url);
        if let Some(folder) = folder.filter(|f| !f.is_empty()) {
            url.push_str("&folder=");
            encode_uri_component_into(folder, &mut url);
        }
        short(url)
    }

    /// Where `app` opens, or `None` when it cannot be linked safely:
    /// - external: its own `url`, if an http(s) URL;
    /// - subdomain: `<scheme>://<subdomain_name><wildcard minus '*'>/`,
    ///   with the access URL's scheme, when the deployment has a wildcard
    ///   host (`wildcard`) and both parts are valid host parts;
    /// - otherwise a path app: `<base>/apps/<slug>/`.
    pub fn app_url(&self, app: &WorkspaceApp, wildcard: Option<&str>) -> Option<String> {
        if app.external {
            let url = app.url.as_deref()?;
            return (url.len() <= MAX_LINK_LEN && parse_web_url(url).is_ok())
                .then(|| url.to_owned());
        }
        if app.subdomain {
            let label = app.subdomain_name.as_deref().filter(|l| is_host_label(l))?;
            let suffix = wildcard.and_then(wildcard_suffix)?;
            let scheme = parse_web_url(self.access_url).ok()?.scheme;
            let mut url = String::with_capacity(scheme.len() + label.len() + suffix.len() + 4);
            url.push_str(scheme);
            url.push_str("://");
            url.push_str(label);
            url.push_str(suffix);
            url.push('/');
            return (parse_web_url(&url).is_ok()).then_some(url).and_then(short);
        }
        if !is_slug(&app.slug) {
            return None;
        }
        let mut url = self.base()?;
        url.push_str("/apps/");
        url.push_str(&app.slug);
        url.push('/');
        short(url)
    }
}

fn short(url: String) -> Option<String> {
    (url.len() <= MAX_LINK_LEN).then_some(url)
}

/// Coder's app slug rule: lower-case letters and digits, single hyphens
/// between them, at most 32 characters.
pub fn is_slug(slug: &str) -> bool {
    let b = slug.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// One DNS label as Coder makes them for apps: letters, digits and
/// hyphens (its `--` separators included), not at either end, at most 63
/// bytes. A dot, slash, colon or anything else is refused.
fn is_host_label(label: &str) -> bool {
    let b = label.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// `*.apps.example.com[:port]` → `.apps.example.com[:port]`, when what
/// follows `*` is a host whose labels are all valid and whose port, if
/// any, is a number; `None` for anything else.
fn wildcard_suffix(wildcard: &str) -> Option<&str> {
    let suffix = wildcard.strip_prefix("*.")?;
    let (host, port) = match suffix.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (suffix, None),
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|c| c.is_ascii_digit()));
    let labels_ok = !host.is_empty() && host.split('.').all(is_host_label);
    // A second `*` or `:` is not a host.
    (port_ok && labels_ok && find_str(suffix, "*").is_none()).then(|| &wildcard[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACE: AgentPlace<'static> = AgentPlace {
        access_url: "https://coder.example.com",
        owner: "ana",
        workspace: "dev",
        agent: "main",
    };

    fn app(slug: &str) -> WorkspaceApp {
        WorkspaceApp {
            slug: slug.into(),
            ..Default::default()
        }
    }

    #[test]
    fn path_apps_live_under_the_agent() {
        assert_eq!(
            PLACE.app_url(&app("jupyter"), None).as_deref(),
            Some("https://coder.example.com/@ana/dev.main/apps/jupyter/")
        );
    }

    #[test]
    fn names_are_encoded_into_their_segments() {
        let place = AgentPlace {
            owner: "a/b",
            workspace: "w?x",
            agent: "ag#1",
            ..PLACE
        };
        assert_eq!(
            place.terminal_url().as_deref(),
            Some("https://coder.example.com/@a%2Fb/w%3Fx.ag%231/terminal")
        );
        let empty = AgentPlace { agent: "", ..PLACE };
        assert_eq!(empty.terminal_url(), None);
        assert_eq!(empty.vscode_url(false, None), None);
        assert_eq!(empty.app_url(&app("code"), None), None);
    }

    #[test]
    fn slugs_outside_coders_rule_give_no_link() {
        for slug in [
            "../admin", "a?b=1", "a/b", "", "-a", "a-", "A", "a b", "a.b", "%2e%2e",
        ] {
            assert_eq!(PLACE.app_url(&app(slug), None), None, "{slug}");
        }
        assert_eq!(PLACE.app_url(&app(&"a".repeat(33)), None), None);
        assert!(is_slug("code-server"));
    }

    #[test]
    fn external_apps_must_be_web_urls() {
        let ext = |url: &str| WorkspaceApp {
            slug: "x".into(),
            external: true,
            url: Some(url.into()),
            ..Default::default()
        };
        assert_eq!(
            PLACE
                .app_url(&ext("https://coder.com/docs?a=1"), None)
                .as_deref(),
            Some("https://coder.com/docs?a=1")
        );
        for bad in [
            "javascript:alert(1)",
            "data:text/html,<script>",
            "vscode://x",
            "//evil.example",
            "https://user:pw@evil.example/",
            "https://evil.example/\"><img>",
        ] {
            assert_eq!(PLACE.app_url(&ext(bad), None), None, "{bad}");
        }
        let long = format!("https://e.com/{}", "a".repeat(MAX_LINK_LEN));
        assert_eq!(PLACE.app_url(&ext(&long), None), None);
        let missing = WorkspaceApp {
            external: true,
            ..Default::default()
        };
        assert_eq!(PLACE.app_url(&missing, None), None);
    }

    fn sub(name: &str) -> WorkspaceApp {
        WorkspaceApp {
            slug: "code".into(),
            subdomain: true,
            subdomain_name: Some(name.into()),
            ..Default::default()
        }
    }

    #[test]
    fn subdomain_apps_use_the_wildcard_host_and_the_access_scheme() {
        let app = sub("code--main--dev--ana");
        assert_eq!(
            PLACE.app_url(&app, Some("*.apps.example.com")).as_deref(),
            Some("https://code--main--dev--ana.apps.example.com/")
        );
        let http = AgentPlace {
            access_url: "http://127.0.0.1:7007",
            ..PLACE
        };
        assert_eq!(
            http.app_url(&app, Some("*.localhost:7007")).as_deref(),
            Some("http://code--main--dev--ana.localhost:7007/")
        );
        // No wildcard host: the deployment cannot serve it.
        assert_eq!(PLACE.app_url(&app, None), None);
    }

    #[test]
    fn hostile_subdomain_parts_give_no_link() {
        for name in [
            "a.evil.com",
            "a/b",
            "a:1",
            "",
            "-a",
            "a b",
            "<x>",
            &"a".repeat(64),
        ] {
            assert_eq!(
                PLACE.app_url(&sub(name), Some("*.apps.example.com")),
                None,
                "{name}"
            );
        }
        for wildcard in [
            "apps.example.com",
            "*.",
            "*.apps..com",
            "*.apps.example.com/x",
            "*.apps.example.com:port",
            "*.apps.example.com:123456",
            "*.*.example.com",
            "*.exa mple.com",
            "*.evil.com@x",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                PLACE.app_url(&sub("ok"), Some(wildcard)),
                None,
                "{wildcard}"
            );
        }
    }

    #[test]
    fn vscode_links_carry_the_place_and_never_a_token() {
        let url = PLACE.vscode_url(false, Some("/home/ana/my repo")).unwrap();
        assert_eq!(
            url,
            "vscode://coder.coder-remote/open?owner=ana&workspace=dev\
             &url=https%3A%2F%2Fcoder.example.com&agent=main&folder=%2Fhome%2Fana%2Fmy%20repo"
        );
        assert!(find_str(&url, "token").is_none());
        let insiders = PLACE.vscode_url(true, None).unwrap();
        assert!(insiders.starts_with("vscode-insiders://coder.coder-remote/open?owner=ana&"));
        assert!(find_str(&insiders, "folder").is_none());
        let hostile = AgentPlace {
            owner: "x&token=1",
            ..PLACE
        };
        let url = hostile.vscode_url(false, Some("a&b")).unwrap();
        assert!(url.contains("owner=x%26token%3D1&"));
        assert!(url.ends_with("folder=a%26b"));
    }

    #[test]
    fn names_of_any_length_give_no_overlong_link() {
        let long = "w".repeat(10_000);
        let place = AgentPlace {
            workspace: &long,
            ..PLACE
        };
        assert_eq!(place.terminal_url(), None);
        assert_eq!(place.vscode_url(false, None), None);
        assert_eq!(place.app_url(&app("code"), None), None);
    }
}
