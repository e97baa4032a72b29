//! The card's parts as elements of their own (`<coder-workspaces-card-*>`,
//! upstream's `CoderWorkspacesCard*` components): which parts exist and
//! what each is given. Pure; the host adapter fills [`PartInputs`] from
//! the element's attributes and properties.

use std::rc::Rc;

use crate::coder::Workspace;

/// One of the card's parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// The title, the repo subheader and an `actions` slot.
    HeaderRow,
    /// The debounced search field.
    SearchBox,
    /// The list with its states (or the adopter's own rows).
    WorkspacesList,
    /// One row, for the adopter's own list (needs no root).
    WorkspacesListItem,
    /// One avatar (needs no root).
    WorkspacesListIcon,
    /// The "Add a new workspace" link.
    CreateWorkspacesLink,
    /// The ⋮ menu: Refresh and Unlink.
    ExtraActionsButton,
    /// The help disclosures.
    ReminderAccordion,
}

impl PartKind {
    /// Every part, in the order they are defined.
    pub const ALL: [PartKind; 8] = [
        Self::HeaderRow,
        Self::SearchBox,
        Self::WorkspacesList,
        Self::WorkspacesListItem,
        Self::WorkspacesListIcon,
        Self::CreateWorkspacesLink,
        Self::ExtraActionsButton,
        Self::ReminderAccordion,
    ];

    /// Upstream's React name for the part (error messages say it, as the
    /// adopter wrote it).
    pub fn react_name(self) -> &'static str {
        match self {
            Self::HeaderRow => "CoderWorkspacesCardHeaderRow",
            Self::SearchBox => "CoderWorkspacesCardSearchBox",
            Self::WorkspacesList => "CoderWorkspacesCardWorkspacesList",
            Self::WorkspacesListItem => "CoderWorkspacesCardWorkspacesListItem",
            Self::WorkspacesListIcon => "CoderWorkspacesCardWorkspacesListIcon",
            Self::CreateWorkspacesLink => "CoderWorkspacesCardCreateWorkspacesLink",
            Self::ExtraActionsButton => "CoderWorkspacesCardExtraActionsButton",
            Self::ReminderAccordion => "CoderWorkspacesReminderAccordion",
        }
    }

    /// Whether the part needs a card root above it (the list item and
    /// icon need only a provider, as upstream's do).
    pub fn needs_root(self) -> bool {
        !matches!(self, Self::WorkspacesListItem | Self::WorkspacesListIcon)
    }
}

/// Why a part cannot render: it has no card root above it. Upstream throws
/// here; an element says it in place instead.
pub fn missing_root_message(kind: PartKind) -> String {
    let mut text = String::with_capacity(160);
    text.push_str(kind.react_name());
    text.push_str(
        " must be placed inside CoderWorkspacesCardRoot (the \
         <coder-workspaces-card-root> element), which owns the card's filter and query.",
    );
    text
}

/// What a part element is given. One struct for every part: each reads
/// only its own fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartInputs {
    /// Header row: `header-text`, replacing the root's.
    pub header_text: Option<String>,
    /// Header row: `header-level`, 1 to 6 (from `h1`…`h6` or `1`…`6`;
    /// anything else is the default 2).
    pub header_level: u8,
    /// Header row: `active-repo-filtering-text`, replacing "Results
    /// filtered by repo: …".
    pub repo_filter_text: Option<String>,
    /// List: `custom-items`, the adopter renders the rows (a slot).
    pub custom_items: bool,
    /// Reminders: `can-show-entity-reminder` (default true).
    pub entity_reminder: bool,
    /// Reminders: `can-show-template-name-reminder` (default true).
    pub template_reminder: bool,
    /// Create link: `tooltip-text`, replacing "Add a new workspace".
    pub tooltip_text: Option<String>,
    /// List icon: `src`.
    pub src: Option<String>,
    /// List icon: `workspace-name` (its initial is the fallback).
    pub workspace_name: Option<String>,
    /// List item: the `workspace` property, read as Coder's JSON shape;
    /// `Err` says why it could not be read.
    pub workspace: Option<Result<Rc<Workspace>, String>>,
}

impl Default for PartInputs {
    fn default() -> Self {
        Self {
            header_text: None,
            header_level: 2,
            repo_filter_text: None,
            custom_items: false,
            entity_reminder: true,
            template_reminder: true,
            tooltip_text: None,
            src: None,
            workspace_name: None,
            workspace: None,
        }
    }
}

/// `header-level`: `h1`…`h6` or `1`…`6`; anything else is 2.
pub fn header_level(value: Option<&str>) -> u8 {
    let text = value.unwrap_or("").trim();
    let digits = text
        .strip_prefix('h')
        .or_else(|| text.strip_prefix('H'))
        .unwrap_or(text);
    digits
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=6).contains(n))
        .unwrap_or(2)
}

/// The avatar letter for a workspace name: its first ASCII letter,
/// upper-cased, else 'W' (as the list's rows).
pub fn initial_of(name: &str) -> char {
    name.chars()
        .find(char::is_ascii_alphabetic)
        .map_or('W', |c| c.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_levels_accept_tags_and_digits_only_in_range() {
        assert_eq!(header_level(Some("h3")), 3);
        assert_eq!(header_level(Some("H1")), 1);
        assert_eq!(header_level(Some("6")), 6);
        for bad in [
            None,
            Some(""),
            Some("h7"),
            Some("h0"),
            Some("big"),
            Some("-1"),
        ] {
            assert_eq!(header_level(bad), 2, "{bad:?}");
        }
    }

    #[test]
    fn initials_skip_digits_and_fall_back() {
        assert_eq!(initial_of("dev-box"), 'D');
        assert_eq!(initial_of("42x"), 'X');
        assert_eq!(initial_of("123"), 'W');
        assert_eq!(initial_of(""), 'W');
    }

    #[test]
    fn only_item_and_icon_go_without_a_root_and_errors_name_the_root() {
        let free: Vec<PartKind> = PartKind::ALL
            .into_iter()
            .filter(|k| !k.needs_root())
            .collect();
        assert_eq!(
            free,
            [PartKind::WorkspacesListItem, PartKind::WorkspacesListIcon]
        );
        let message = missing_root_message(PartKind::SearchBox);
        assert!(message.starts_with("CoderWorkspacesCardSearchBox must be placed inside"));
        assert!(message.contains("CoderWorkspacesCardRoot"));
    }
}
