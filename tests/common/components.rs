//! Component types for the library's function-only parts, so a test can
//! mount one on its own. The elements call the functions directly (each
//! component type costs about 2 KB of wasm), so these live here, not in
//! the library.

use coder_backstage_wasm::components::auth::{
    auth_form, settings_row, unlink_account_button, AuthFormProps, SettingsRowProps,
    UnlinkAccountButtonProps,
};
use coder_backstage_wasm::components::card::{
    create_workspace_link, header_row, workspaces_list, workspaces_list_icon,
    CreateWorkspaceLinkProps, HeaderRowProps, WorkspacesListIconProps, WorkspacesListProps,
};
use yew::prelude::*;

/// [`auth_form`] as a component.
#[function_component]
pub fn AuthForm(props: &AuthFormProps) -> Html {
    auth_form(props)
}

/// [`unlink_account_button`] as a component.
#[function_component]
pub fn UnlinkAccountButton(props: &UnlinkAccountButtonProps) -> Html {
    unlink_account_button(props)
}

/// [`create_workspace_link`] as a component.
#[function_component]
pub fn CreateWorkspaceLink(props: &CreateWorkspaceLinkProps) -> Html {
    create_workspace_link(props)
}

/// [`settings_row`] as a component.
#[function_component]
pub fn SettingsRow(props: &SettingsRowProps) -> Html {
    settings_row(props)
}

/// [`header_row`] as a component.
#[function_component]
pub fn HeaderRow(props: &HeaderRowProps) -> Html {
    header_row(props)
}

/// [`workspaces_list`] as a component.
#[function_component]
pub fn WorkspacesList(props: &WorkspacesListProps) -> Html {
    workspaces_list(props)
}

/// [`workspaces_list_icon`] as a component keeping its own failed-load
/// state, as a list row does for its icon.
#[function_component]
pub fn WorkspacesListIcon(props: &WorkspacesListIconProps) -> Html {
    let failed = use_state_eq(|| None::<AttrValue>);
    workspaces_list_icon(props, &failed)
}
