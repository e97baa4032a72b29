//! The workspaces card's parts.
