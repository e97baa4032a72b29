//! Which workspaces a provider follows live, and how: pure bookkeeping
//! the driver carries out. A workspace with an action running, or between
//! two states in a card's list, is followed by Coder's watch stream (one
//! connection each, so at most [`MAX_STREAMS`] per provider: browsers
//! allow about six per host, and the lists and icons need theirs). A
//! followed action past that bound, or one whose stream broke, is polled
//! alone every [`FOLLOW_POLL_MS`]; any other workspace past the bound is
//! left to its list's fast poll.

/// Watch streams one provider keeps open at most.
pub const MAX_STREAMS: usize = 3;
/// How often a workspace followed without a stream is fetched.
pub const FOLLOW_POLL_MS: u32 = 1_000;
/// A stream that sends nothing (not even Coder's first event) this long
/// after it opened is given up for polling.
pub const FIRST_EVENT_MS: u32 = 5_000;
/// A stream silent this long (Coder pings every 15 s) is given up.
pub const IDLE_MS: u32 = 35_000;

/// How one workspace is followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// Coder's watch stream.
    Stream,
    /// Fetched alone every [`FOLLOW_POLL_MS`].
    Poll,
}

/// What the driver must start or stop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Open a watch stream for the workspace.
    OpenStream(String),
    /// Start polling it alone.
    StartPoll(String),
    /// Stop following it (close its stream, stop its poll).
    Stop(String),
}

/// The workspaces followed now.
#[derive(Debug, Default)]
pub struct Follows {
    following: Vec<(String, How)>,
    /// Workspaces whose stream broke while followed: polled from then on.
    broken: Vec<String>,
}

impl Follows {
    /// How `id` is followed, if it is.
    pub fn how(&self, id: &str) -> Option<How> {
        self.following
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, how)| *how)
    }

    fn streams(&self) -> usize {
        self.following
            .iter()
            .filter(|(_, how)| *how == How::Stream)
            .count()
    }

    /// Follows exactly `wanted` (`(id, an action runs on it)`, actions
    /// first): stops what is no longer wanted, then starts the rest.
    pub fn plan(&mut self, wanted: &[(String, bool)]) -> Vec<Change> {
        let mut changes = Vec::new();
        let is_wanted = |id: &str| wanted.iter().any(|(w, _)| w == id);
        self.following.retain(|(id, _)| {
            let keep = is_wanted(id);
            if !keep {
                changes.push(Change::Stop(id.clone()));
            }
            keep
        });
        self.broken.retain(|id| is_wanted(id));
        for (id, acting) in wanted {
            if self.how(id).is_some() {
                continue;
            }
            if !self.broken.contains(id) && self.streams() < MAX_STREAMS {
                self.following.push((id.clone(), How::Stream));
                changes.push(Change::OpenStream(id.clone()));
            } else if *acting || self.broken.contains(id) {
                self.following.push((id.clone(), How::Poll));
                changes.push(Change::StartPoll(id.clone()));
            }
        }
        changes
    }

    /// `id`'s stream failed to open, ended, went silent or sent what is
    /// not a workspace: poll it instead while it is followed.
    pub fn stream_failed(&mut self, id: &str) -> Option<Change> {
        let entry = self
            .following
            .iter_mut()
            .find(|(i, how)| i == id && *how == How::Stream)?;
        entry.1 = How::Poll;
        if !self.broken.iter().any(|b| b == id) {
            self.broken.push(id.to_owned());
        }
        Some(Change::StartPoll(id.to_owned()))
    }

    /// Stops following everything (sign-out, teardown).
    pub fn clear(&mut self) -> Vec<Change> {
        self.broken.clear();
        self.following
            .drain(..)
            .map(|(id, _)| Change::Stop(id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(ids: &[(&str, bool)]) -> Vec<(String, bool)> {
        ids.iter().map(|(i, a)| (i.to_string(), *a)).collect()
    }

    fn open(id: &str) -> Change {
        Change::OpenStream(id.into())
    }

    #[test]
    fn streams_up_to_the_bound_then_polls_actions_only() {
        let mut f = Follows::default();
        let changes = f.plan(&want(&[
            ("a", true),
            ("b", true),
            ("c", false),
            ("d", true),
            ("e", false),
        ]));
        assert_eq!(
            changes,
            [
                open("a"),
                open("b"),
                open("c"),
                Change::StartPoll("d".into())
            ]
        );
        assert_eq!(f.how("c"), Some(How::Stream));
        assert_eq!(f.how("d"), Some(How::Poll));
        assert_eq!(f.how("e"), None, "left to its list's fast poll");
        assert!(f
            .plan(&want(&[
                ("a", true),
                ("b", true),
                ("c", false),
                ("d", true)
            ]))
            .is_empty());
    }

    #[test]
    fn what_is_no_longer_wanted_stops_and_frees_its_slot() {
        let mut f = Follows::default();
        f.plan(&want(&[
            ("a", true),
            ("b", false),
            ("c", false),
            ("d", false),
        ]));
        let changes = f.plan(&want(&[("b", false), ("c", false), ("d", false)]));
        assert_eq!(changes, [Change::Stop("a".into()), open("d")]);
    }

    #[test]
    fn a_broken_stream_falls_back_to_polling_until_unfollowed() {
        let mut f = Follows::default();
        f.plan(&want(&[("a", false)]));
        assert_eq!(f.stream_failed("a"), Some(Change::StartPoll("a".into())));
        assert_eq!(f.how("a"), Some(How::Poll));
        assert_eq!(f.stream_failed("a"), None, "already polled");
        assert!(f.plan(&want(&[("a", false)])).is_empty());
        // Unfollowed, then followed again: a stream is tried anew.
        f.plan(&[]);
        assert_eq!(f.plan(&want(&[("a", false)])), [open("a")]);
        assert_eq!(f.stream_failed("zzz"), None);
    }

    #[test]
    fn clearing_stops_everything() {
        let mut f = Follows::default();
        f.plan(&want(&[("a", true), ("b", false)]));
        assert_eq!(
            f.clear(),
            [Change::Stop("a".into()), Change::Stop("b".into())]
        );
        assert_eq!(f.how("a"), None);
    }
}
