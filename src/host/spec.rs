//! Which custom elements exist and which attributes and properties each one
//! takes (and, for the card root, which read-only properties and methods
//! it offers). The JS shim receives these lists from Rust, so this file is the
//! single source of truth for the public element interface.

use crate::card::PartKind;

/// One of the custom elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementKind {
    /// `<coder-provider>`: config, auth and the shared query cache.
    Provider,
    /// `<coder-workspaces-card>`: the workspace list.
    Card,
    /// `<coder-provider-settings>`: the row for Backstage's settings page.
    Settings,
    /// `<coder-workspaces-card-root>`: a card's state and frame, with slots
    /// for its parts (upstream's `CoderWorkspacesCardRoot`).
    CardRoot,
    /// `<coder-workspaces-card-…>`: one part of a card.
    Part(PartKind),
}

impl ElementKind {
    /// Definition order matters: when elements that were parsed before the
    /// wasm loaded upgrade, providers must exist before the cards inside them
    /// look for one.
    /// Card roots come before their parts for the same reason.
    pub const ALL: [ElementKind; 12] = [
        Self::Provider,
        Self::Card,
        Self::Settings,
        Self::CardRoot,
        Self::Part(PartKind::HeaderRow),
        Self::Part(PartKind::SearchBox),
        Self::Part(PartKind::WorkspacesList),
        Self::Part(PartKind::WorkspacesListItem),
        Self::Part(PartKind::WorkspacesListIcon),
        Self::Part(PartKind::CreateWorkspacesLink),
        Self::Part(PartKind::ExtraActionsButton),
        Self::Part(PartKind::ReminderAccordion),
    ];

    /// The element's tag name.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Provider => "coder-provider",
            Self::Card => "coder-workspaces-card",
            Self::Settings => "coder-provider-settings",
            Self::CardRoot => "coder-workspaces-card-root",
            Self::Part(part) => match part {
                PartKind::HeaderRow => "coder-workspaces-card-header-row",
                PartKind::SearchBox => "coder-workspaces-card-search-box",
                PartKind::WorkspacesList => "coder-workspaces-card-workspaces-list",
                PartKind::WorkspacesListItem => "coder-workspaces-card-workspaces-list-item",
                PartKind::WorkspacesListIcon => "coder-workspaces-card-workspaces-list-icon",
                PartKind::CreateWorkspacesLink => "coder-workspaces-card-create-workspaces-link",
                PartKind::ExtraActionsButton => "coder-workspaces-card-extra-actions-button",
                PartKind::ReminderAccordion => "coder-workspaces-reminder-accordion",
            },
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
            Self::Card | Self::CardRoot => &[
                "read-entity-data",
                "header-text",
                "default-query",
                "query-filter",
                "catalog-info",
            ],
            Self::Settings => &[],
            Self::Part(part) => match part {
                PartKind::HeaderRow => {
                    &["header-text", "header-level", "active-repo-filtering-text"]
                }
                PartKind::WorkspacesList => &["custom-items"],
                PartKind::WorkspacesListIcon => &["src", "workspace-name"],
                PartKind::CreateWorkspacesLink => &["tooltip-text"],
                PartKind::ReminderAccordion => &[
                    "can-show-entity-reminder",
                    "can-show-template-name-reminder",
                ],
                _ => &[],
            },
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
            Self::Card | Self::CardRoot => &["entity"],
            Self::Part(PartKind::WorkspacesListItem) => &["workspace"],
            Self::Settings | Self::Part(_) => &[],
        }
    }

    /// Read-only JS properties, computed by Rust on each read.
    pub fn read_only(self) -> &'static [&'static str] {
        match self {
            // The card's state for the page: see `element::card_state`.
            Self::CardRoot => &[CARD_STATE],
            // Coder calls and the sign-in state: see `element::coder_api`.
            Self::Provider => &[CODER_API],
            _ => &[],
        }
    }

    /// JS methods, each forwarded to Rust with its arguments.
    pub fn methods(self) -> &'static [&'static str] {
        match self {
            Self::CardRoot => &[SET_FILTER, REFRESH],
            _ => &[],
        }
    }
}

/// The card root's read-only state property.
pub const CARD_STATE: &str = "cardState";
/// The card root's method that sets the filter as the search box does.
pub const SET_FILTER: &str = "setFilter";
/// The card root's method that refreshes its queries as ⋮ → Refresh does.
pub const REFRESH: &str = "refresh";
/// The event a card root fires when its `cardState` changed.
pub const CARD_CHANGE_EVENT: &str = "coder-card-change";

impl ElementKind {
    /// Whether elements of this kind follow a provider themselves (parts
    /// needing a root follow their root's).
    pub fn follows_provider(self) -> bool {
        match self {
            Self::Part(part) => !part.needs_root(),
            _ => !matches!(self, Self::Provider),
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
    fn provider_is_defined_first_and_roots_before_parts() {
        assert_eq!(ElementKind::ALL[0], ElementKind::Provider);
        let root = ElementKind::ALL
            .iter()
            .position(|k| *k == ElementKind::CardRoot);
        let first_part = ElementKind::ALL
            .iter()
            .position(|k| matches!(k, ElementKind::Part(_)));
        assert!(root < first_part);
    }

    #[test]
    fn every_part_has_its_own_tag_and_only_roots_answer_to_methods() {
        let mut tags: Vec<&str> = ElementKind::ALL.iter().map(|k| k.tag()).collect();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), ElementKind::ALL.len());
        for kind in ElementKind::ALL {
            assert_eq!(kind.methods().is_empty(), kind != ElementKind::CardRoot);
            assert!(kind.tag().starts_with("coder-"));
        }
        assert!(!ElementKind::Part(PartKind::SearchBox).follows_provider());
        assert!(ElementKind::Part(PartKind::WorkspacesListIcon).follows_provider());
        assert!(ElementKind::CardRoot.follows_provider());
    }

    #[test]
    fn attribute_names_are_lowercase_and_properties_camel_case() {
        for kind in ElementKind::ALL {
            for attr in kind.attributes() {
                assert_eq!(attr.to_ascii_lowercase(), *attr);
            }
            for prop in kind
                .properties()
                .iter()
                .chain(kind.read_only())
                .chain(kind.methods())
            {
                assert!(!prop.contains('-'), "{prop}");
            }
            for prop in kind.properties() {
                assert!(
                    !kind.read_only().contains(prop),
                    "{prop} is an input and read-only"
                );
            }
        }
    }
}
