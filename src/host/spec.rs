//! Which custom elements exist and which attributes and properties each one
//! takes. The JS shim receives these lists from Rust, so this file is the
//! single source of truth for the public element interface.

/// One of the three custom elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementKind {
    /// `<coder-provider>`: config, auth and the shared query cache.
    Provider,
    /// `<coder-workspaces-card>`: the workspace list.
    Card,
    /// `<coder-provider-settings>`: the row for Backstage's settings page.
    Settings,
}

impl ElementKind {
    /// Definition order matters: when elements that were parsed before the
    /// wasm loaded upgrade, providers must exist before the cards inside them
    /// look for one.
    pub const ALL: [ElementKind; 3] = [Self::Provider, Self::Card, Self::Settings];

    /// The element's tag name.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Provider => "coder-provider",
            Self::Card => "coder-workspaces-card",
            Self::Settings => "coder-provider-settings",
        }
    }

    /// Looks a kind up by tag name.
    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.tag() == tag)
    }

    /// Observed attributes: the simple, string-valued inputs.
    pub fn attributes(self) -> &'static [&'static str] {
        match self {
            Self::Provider => &["app-config", "fallback-auth-ui-mode"],
            // `theme="dark"` is styling only (a `:host([theme])` rule), so it
            // is not observed.
            Self::Card => &[
                "read-entity-data",
                "header-text",
                "default-query",
                "query-filter",
                "catalog-info",
            ],
            Self::Settings => &[],
        }
    }

    /// JS properties: the rich inputs (objects, Backstage API instances).
    pub fn properties(self) -> &'static [&'static str] {
        match self {
            Self::Provider => &[
                "appConfig",
                "coderAuthApi",
                "discoveryApi",
                "identityApi",
                "configApi",
            ],
            Self::Card => &["entity"],
            Self::Settings => &[],
        }
    }
}

impl ElementKind {
    /// Read-only JS properties: what the element offers the page's code
    /// (the provider's `coderApi`), never an input.
    pub fn read_only_properties(self) -> &'static [&'static str] {
        match self {
            Self::Provider => &[CODER_API],
            Self::Card | Self::Settings => &[],
        }
    }
}

/// The provider's API object for the page's own code.
pub const CODER_API: &str = "coderApi";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for kind in ElementKind::ALL {
            assert_eq!(ElementKind::from_tag(kind.tag()), Some(kind));
        }
        assert_eq!(ElementKind::from_tag("coder-nope"), None);
    }

    #[test]
    fn provider_is_defined_first() {
        assert_eq!(ElementKind::ALL[0], ElementKind::Provider);
    }

    #[test]
    fn attribute_names_are_lowercase_and_properties_camel_case() {
        for kind in ElementKind::ALL {
            for attr in kind.attributes() {
                assert_eq!(attr.to_ascii_lowercase(), *attr);
            }
            for prop in kind.properties() {
                assert!(!prop.contains('-'), "{prop}");
                assert!(
                    !kind.read_only_properties().contains(prop),
                    "{prop} is an input and read-only"
                );
            }
        }
    }
}
