//! One page, one session check. Every provider checks its token with
//! `users/me`, and a page often has several (a card's, the settings row's,
//! the Coder page's), all handed the same token by the same OAuth session
//! at the same moment. This page-wide table lets the first provider's
//! request answer them all: a check of a token whose request is under way
//! waits for that answer, and the first check of a token that passed a
//! moment ago takes that answer. Pure bookkeeping; the driver keeps one
//! table per page (per wasm module) and sends the requests.

use crate::coder::User;

/// How long a passed check answers the first check of the same token by
/// another provider: long enough for the providers one page render mounts
/// (or a route change remounts), short enough that a revoked token is
/// asked about again soon. A re-check never takes it.
pub const RECENT_MS: f64 = 5_000.0;

/// What makes two checks the same: the same Coder API (through the same
/// proxy), the same token, and the same Backstage credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckKey {
    /// `<proxy base>/coder`.
    pub api_base: String,
    /// The Coder session token.
    pub token: String,
    /// The Backstage token the proxy sees, if any.
    pub bearer: Option<String>,
}

/// Which request a check under way is waiting for: an answer settles only
/// its own check, not a later one of the same token.
pub type Ticket = u64;

/// What a provider asking for a check must do.
#[derive(Debug, PartialEq, Eq)]
pub enum Ask<W> {
    /// Send the request, then [`SessionChecks::settle`] it with this
    /// ticket: the answer goes to every waiter it returns (this one
    /// included).
    Send(Ticket),
    /// A request for this key is under way: the waiter gets its answer.
    Joined,
    /// The token passed a moment ago: here is the user (and the waiter back).
    Known(User, W),
}

enum Slot<W> {
    Pending(Ticket, Vec<W>),
    Passed { at_ms: f64, user: User },
}

/// The page's checks: those under way (with who waits for them) and those
/// that passed recently. `W` is whatever delivers an answer to a provider.
pub struct SessionChecks<W> {
    slots: Vec<(CheckKey, Slot<W>)>,
    /// The last ticket handed out; never reused, not even by
    /// [`Self::forget_all`].
    tickets: Ticket,
}

impl<W> Default for SessionChecks<W> {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            tickets: 0,
        }
    }
}

impl<W> SessionChecks<W> {
    /// A provider wants `key` checked at `now_ms`; `first`: the first check
    /// of a token it just took (see [`RECENT_MS`]).
    pub fn ask(&mut self, key: CheckKey, now_ms: f64, first: bool, waiter: W) -> Ask<W> {
        // Old answers go, so the table holds only what can still be used.
        self.slots.retain(|(_, slot)| match slot {
            Slot::Pending(..) => true,
            Slot::Passed { at_ms, .. } => now_ms - at_ms < RECENT_MS && now_ms >= *at_ms,
        });
        match self.slots.iter_mut().find(|(k, _)| *k == key) {
            Some((_, Slot::Pending(_, waiters))) => {
                waiters.push(waiter);
                Ask::Joined
            }
            Some((_, Slot::Passed { user, .. })) if first => Ask::Known(user.clone(), waiter),
            found => {
                self.tickets += 1;
                let pending = Slot::Pending(self.tickets, vec![waiter]);
                match found {
                    Some((_, slot)) => *slot = pending,
                    None => self.slots.push((key, pending)),
                }
                Ask::Send(self.tickets)
            }
        }
    }

    /// The request `ticket` for `key` answered at `now_ms`: `user` when
    /// the token passed. Returns everyone waiting for it. A failure is not
    /// kept: the next check asks Coder again.
    pub fn settle(
        &mut self,
        key: &CheckKey,
        ticket: Ticket,
        user: Option<&User>,
        now_ms: f64,
    ) -> Vec<W> {
        let Some(at) = self
            .slots
            .iter()
            .position(|(k, slot)| k == key && matches!(slot, Slot::Pending(t, _) if *t == ticket))
        else {
            return Vec::new();
        };
        let waiters = match user {
            Some(user) => std::mem::replace(
                &mut self.slots[at].1,
                Slot::Passed {
                    at_ms: now_ms,
                    user: user.clone(),
                },
            ),
            None => self.slots.swap_remove(at).1,
        };
        match waiters {
            Slot::Pending(_, waiters) => waiters,
            Slot::Passed { .. } => Vec::new(),
        }
    }

    /// Drops every passed check (a provider signed out, or learnt that a
    /// token died): no first check takes them any more. Checks under way
    /// still answer their waiters.
    pub fn forget_passed(&mut self) {
        self.slots
            .retain(|(_, slot)| matches!(slot, Slot::Pending(..)));
    }

    /// Forgets every check, passed or under way: requests still out answer
    /// no one, whatever is asked after.
    pub fn forget_all(&mut self) {
        self.slots.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(token: &str) -> CheckKey {
        CheckKey {
            api_base: "https://backstage.example/api/proxy/coder".into(),
            token: token.into(),
            bearer: Some("backstage".into()),
        }
    }

    fn user() -> User {
        User {
            id: Some("u-1".into()),
            username: Some("demo".into()),
            ..User::default()
        }
    }

    #[test]
    fn providers_asking_together_share_one_request() {
        let mut checks = SessionChecks::default();
        assert_eq!(checks.ask(key("t"), 0.0, true, 1), Ask::Send(1));
        assert_eq!(checks.ask(key("t"), 5.0, true, 2), Ask::Joined);
        // A re-check joins a request under way too: it is as fresh as any.
        assert_eq!(checks.ask(key("t"), 6.0, false, 3), Ask::Joined);
        assert_eq!(
            checks.settle(&key("t"), 1, Some(&user()), 50.0),
            vec![1, 2, 3]
        );
        // Settled once: a late answer for it has no one to tell.
        assert!(checks.settle(&key("t"), 1, Some(&user()), 60.0).is_empty());
    }

    #[test]
    fn another_token_or_deployment_or_identity_is_another_check() {
        let mut checks = SessionChecks::default();
        assert_eq!(checks.ask(key("t"), 0.0, true, 1), Ask::Send(1));
        assert_eq!(checks.ask(key("u"), 0.0, true, 2), Ask::Send(2));
        let mut elsewhere = key("t");
        elsewhere.api_base = "https://other.example/api/proxy/coder".into();
        assert_eq!(checks.ask(elsewhere, 0.0, true, 3), Ask::Send(3));
        let mut other_identity = key("t");
        other_identity.bearer = None;
        assert_eq!(checks.ask(other_identity, 0.0, true, 4), Ask::Send(4));
        assert_eq!(checks.settle(&key("u"), 2, None, 1.0), vec![2]);
        assert_eq!(checks.settle(&key("t"), 1, None, 1.0), vec![1]);
    }

    #[test]
    fn a_recent_pass_answers_first_checks_only_for_a_while() {
        let mut checks = SessionChecks::default();
        checks.ask(key("t"), 0.0, true, 1);
        checks.settle(&key("t"), 1, Some(&user()), 100.0);
        assert_eq!(
            checks.ask(key("t"), 100.0 + RECENT_MS - 1.0, true, 2),
            Ask::Known(user(), 2)
        );
        assert_eq!(
            checks.ask(key("t"), 200.0, false, 3),
            Ask::Send(2),
            "a re-check asks Coder"
        );
        checks.settle(&key("t"), 2, Some(&user()), 300.0);
        assert_eq!(
            checks.ask(key("t"), 300.0 + RECENT_MS, true, 4),
            Ask::Send(3),
            "too old"
        );
    }

    /// A 401 (or any failure) reaches every provider waiting, and is not
    /// remembered as a pass.
    #[test]
    fn a_failure_answers_every_waiter_and_is_not_kept() {
        let mut checks = SessionChecks::default();
        checks.ask(key("t"), 0.0, true, 1);
        checks.settle(&key("t"), 1, Some(&user()), 10.0);
        assert_eq!(checks.ask(key("t"), 20.0, false, 2), Ask::Send(2));
        assert_eq!(checks.ask(key("t"), 21.0, true, 3), Ask::Joined);
        assert_eq!(checks.settle(&key("t"), 2, None, 30.0), vec![2, 3]);
        assert_eq!(checks.ask(key("t"), 31.0, true, 4), Ask::Send(3));
    }

    #[test]
    fn signing_out_forgets_passes_but_not_checks_under_way() {
        let mut checks = SessionChecks::default();
        checks.ask(key("t"), 0.0, true, 1);
        checks.settle(&key("t"), 1, Some(&user()), 10.0);
        checks.ask(key("u"), 10.0, true, 2);
        checks.forget_passed();
        assert_eq!(checks.ask(key("t"), 11.0, true, 3), Ask::Send(3));
        assert_eq!(checks.settle(&key("u"), 2, None, 12.0), vec![2]);
    }

    /// After everything is forgotten, a request sent before answers no one,
    /// not even a later check of the same token, which waits for its own.
    #[test]
    fn an_answer_to_a_forgotten_check_does_not_settle_a_later_one() {
        let mut checks = SessionChecks::default();
        assert_eq!(checks.ask(key("t"), 0.0, true, 1), Ask::Send(1));
        checks.forget_all();
        assert_eq!(checks.ask(key("t"), 1.0, true, 2), Ask::Send(2));
        assert!(checks.settle(&key("t"), 1, None, 2.0).is_empty());
        assert_eq!(checks.ask(key("t"), 3.0, true, 3), Ask::Joined);
        assert_eq!(checks.settle(&key("t"), 2, Some(&user()), 4.0), vec![2, 3]);
    }

    /// A clock that went back (a changed system time) never makes an old
    /// pass look recent.
    #[test]
    fn a_clock_going_back_drops_passes() {
        let mut checks = SessionChecks::default();
        checks.ask(key("t"), 1_000_000.0, true, 1);
        checks.settle(&key("t"), 1, Some(&user()), 1_000_000.0);
        assert_eq!(checks.ask(key("t"), 10.0, true, 2), Ask::Send(2));
    }
}
