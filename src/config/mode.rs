//! The workspace creation mode passed to Coder's "create workspace" page.

use crate::de::strict::validated;
use serde::de::{Deserialize, Deserializer};

/// How Coder's create-workspace page behaves when opened from the card:
/// `manual` shows the form, `auto` creates the workspace right away.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CreationMode {
    /// Show the form and let the user confirm (the default).
    #[default]
    Manual,
    /// Create the workspace without asking.
    Auto,
}

impl CreationMode {
    /// The value Coder expects in `?mode=`.
    pub fn as_str(self) -> &'static str {
        match self {
            CreationMode::Manual => "manual",
            CreationMode::Auto => "auto",
        }
    }

    /// What is wrong with `value`, which [`parse`](Self::parse) refused.
    pub(crate) fn unknown(value: &str) -> String {
        let mut msg = String::from("unknown mode ");
        push_quoted(&mut msg, value);
        msg.push_str("; use \"manual\" or \"auto\"");
        msg
    }

    /// Parses `manual` or `auto` (exactly, as Coder does).
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "manual" => Some(CreationMode::Manual),
            "auto" => Some(CreationMode::Auto),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for CreationMode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        validated(d, |value| {
            CreationMode::parse(value).ok_or_else(|| CreationMode::unknown(value))
        })
    }
}

/// Appends `value` in double quotes, escaping quotes, backslashes and control
/// characters so a hostile value cannot forge a misleading message.
pub(crate) fn push_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars().take(200) {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    if value.chars().nth(200).is_some() {
        out.push('…');
    }
    out.push('"');
}
