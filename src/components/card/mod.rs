//! The workspaces card's parts. Each is a function component rendering
//! text only (never markup from data); decisions live in [`crate::card`].

mod create_link;
mod extra_actions;
mod header_row;
mod list;
mod list_icon;
mod list_item;
mod menu_button;
mod reminders;
mod row_menu;
mod rows;
mod search_box;
mod status_line;
mod svg_icons;
mod visually_hidden;

pub use super::ids::next_id;
pub use create_link::{create_workspace_link, CreateWorkspaceLinkProps};
pub use extra_actions::{ExtraActionsButton, ExtraActionsButtonProps};
pub use header_row::{header_row, HeaderRowProps};
pub use list::{workspaces_list, WorkspacesListProps};
pub use list_icon::{workspaces_list_icon, WorkspacesListIconProps};
pub use list_item::{WorkspacesListItem, WorkspacesListItemProps};
pub use menu_button::{MenuButton, MenuButtonProps, MenuItem};
pub use reminders::{ReminderAccordion, ReminderAccordionProps};
pub use row_menu::{RowMenu, RowMenuProps};
pub use rows::{ListRows, ListRowsProps};
pub use search_box::{SearchBox, SearchBoxProps};
pub use status_line::{status_line, ListFreshness};
pub use visually_hidden::{VisuallyHidden, VisuallyHiddenProps};
