//! The modes of the fault knobs that pick one misbehaviour among several:
//! how the workspaces list body breaks ([`BodyMode`]), what build POSTs
//! answer instead ([`BuildBody`]) or refuse with ([`BuildStatus`]), and how
//! watch streams misbehave ([`WatchMode`]); each with the names flags and
//! `/__demo/faults` spell it by.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Declares a fault mode enum: its variants with the names flags and
/// `/__demo/faults` spell them, `ALL`, `name()`, `Display` and `FromStr`.
macro_rules! mode_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every mode with its name.
            pub const ALL: &'static [(&'static str, $name)] = &[$(($text, $name::$variant)),+];

            /// The mode's name.
            pub fn name(self) -> &'static str {
                Self::ALL.iter().find(|(_, m)| *m == self).map_or("normal", |(n, _)| n)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                Self::ALL
                    .iter()
                    .find(|(n, _)| *n == s.trim())
                    .map(|(_, m)| *m)
                    .ok_or_else(|| {
                        let names: Vec<&str> = Self::ALL.iter().map(|(n, _)| *n).collect();
                        format!(concat!("unknown ", $what, " {:?}; use one of {}"), s, names.join(", "))
                    })
            }
        }
    };
}

mode_enum!(
    /// What the workspaces list route answers instead of its normal body
    /// (only when it would answer 200; no other route is affected).
    BodyMode, "body mode" {
        /// The real answer.
        #[default]
        Normal = "normal",
        /// The real answer padded with an unknown `padding` field to exactly
        /// `huge_body_bytes` bytes (still valid JSON).
        Huge = "huge",
        /// The first half of the real answer with a matching Content-Length: a
        /// complete HTTP response whose JSON is cut off.
        Truncated = "truncated",
        /// `{"count": N, "data": [...]}`: an object without `workspaces`.
        NoWorkspacesKey = "no_workspaces_key",
        /// `{"workspaces": {"<id>": {...}}, "count": N}`: not an array.
        WorkspacesNotArray = "workspaces_not_array",
        /// `[...]`: the bare list without its envelope.
        TopLevelArray = "top_level_array",
        /// The real answer with `count` 1000 higher than the list is long.
        CountMismatch = "count_mismatch",
        /// Content-Length of the full answer, half of it sent, then the
        /// connection is closed.
        Reset = "reset",
        /// Headers and half the answer, then nothing more (the connection is
        /// closed after [`MAX_DELAY_MS`](crate::faults::MAX_DELAY_MS), so a
        /// forgotten client cannot keep the server from shutting down
        /// forever).
        NeverEnding = "never_ending",
    }
);

impl BodyMode {
    /// Whether the mode controls how the body arrives (so a stall on top
    /// of it makes no sense).
    pub(crate) fn streams(self) -> bool {
        matches!(self, BodyMode::Reset | BodyMode::NeverEnding)
    }
}

mode_enum!(
    /// What build POSTs answer instead of Coder's `WorkspaceBuild`.
    BuildBody, "build body" {
        /// The real answer.
        #[default]
        Normal = "normal",
        /// `201 {"unexpected":true}`; the build is made all the same.
        Unexpected = "unexpected",
        /// `200` with an HTML page; nothing is built.
        Html = "html",
    }
);

mode_enum!(
    /// How new workspace watch streams misbehave.
    WatchMode, "watch mode" {
        /// Coder's stream: a ping, the workspace, then every change and a
        /// ping every `--sse-ping-ms`.
        #[default]
        Normal = "normal",
        /// The ping and the first data event, then the stream ends.
        Drop = "drop",
        /// The ping, a data event whose JSON is cut off, a chunk that is no
        /// event stream at all, then only pings.
        Garbage = "garbage",
        /// The headers, then nothing, ever (until the client leaves).
        Silent = "silent",
    }
);

/// A refusal build POSTs answer instead of building.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BuildStatus {
    /// No refusal.
    #[default]
    None,
    /// 403, as to a user who may not act on the workspace.
    Forbidden,
    /// 406, as while the template version is still importing.
    NotAcceptable,
    /// 409, as while another build is active.
    Conflict,
}

impl BuildStatus {
    /// The status code, if any.
    pub fn code(self) -> Option<u16> {
        match self {
            BuildStatus::None => None,
            BuildStatus::Forbidden => Some(403),
            BuildStatus::NotAcceptable => Some(406),
            BuildStatus::Conflict => Some(409),
        }
    }
}

impl FromStr for BuildStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "none" => Ok(BuildStatus::None),
            "403" => Ok(BuildStatus::Forbidden),
            "406" => Ok(BuildStatus::NotAcceptable),
            "409" => Ok(BuildStatus::Conflict),
            _ => Err(format!(
                "unknown build status {s:?}; use one of 403, 406, 409, none"
            )),
        }
    }
}

impl fmt::Display for BuildStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code() {
            Some(code) => write!(f, "{code}"),
            None => f.write_str("none"),
        }
    }
}

impl Serialize for BuildStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.code() {
            Some(code) => s.serialize_u16(code),
            None => s.serialize_str("none"),
        }
    }
}

impl<'de> Deserialize<'de> for BuildStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A number, its text, "none", or null (also none).
        match Value::deserialize(d)? {
            Value::Null => Ok(BuildStatus::None),
            Value::Number(n) => n.to_string().parse().map_err(serde::de::Error::custom),
            Value::String(s) => s.parse().map_err(serde::de::Error::custom),
            other => Err(serde::de::Error::custom(format!(
                "build_status must be 403, 406, 409 or \"none\", got {other}"
            ))),
        }
    }
}
