//! What a card root tells the page about itself (its `cardState`
//! property, for React's `useWorkspacesCardContext` and the adopter's own
//! list items): the filter, the workspaces, loading and error, and the
//! compiled config. Pure; the element turns it into a JS object only when
//! it differs from the last one, so a poll with the same answers fires no
//! change event.

use std::rc::Rc;

use super::{merge_results, CardPlan, QueryResult};
use crate::coder::Workspace;

/// One moment of a card, as the page sees it.
#[derive(Clone, Debug)]
pub struct CardSnapshot {
    /// The plan it was taken from (filter, config, queries).
    pub plan: CardPlan,
    /// Whether the provider is signed in.
    pub authenticated: bool,
    /// One entry per planned request (`None`: no answer yet).
    pub results: Vec<Option<QueryResult>>,
}

impl CardSnapshot {
    /// Whether a planned request has no answer yet while signed in.
    pub fn loading(&self) -> bool {
        self.authenticated && self.results.iter().any(Option::is_none)
    }

    /// Why the card shows no workspaces: its config problem, or the first
    /// failure when every request failed.
    pub fn error(&self) -> Option<String> {
        if let Err(problem) = &self.plan.config {
            return Some(problem.message.clone());
        }
        if !self.authenticated || self.loading() {
            return None;
        }
        let answers: Vec<&QueryResult> = self.results.iter().flatten().collect();
        if answers.is_empty() || answers.iter().any(|r| r.is_ok()) {
            return None;
        }
        answers
            .iter()
            .find_map(|r| r.as_ref().err())
            .map(|e| e.to_string())
    }

    /// The workspaces, merged and de-duplicated as the list shows them;
    /// none while signed out.
    pub fn workspaces(&self) -> Vec<&Workspace> {
        if !self.authenticated {
            return Vec::new();
        }
        merge_results(self.results.iter().flatten()).0
    }

    /// Whether `other` shows the same: the same plan and sign-in state and
    /// the very same answers (compared by pointer: the cache keeps an
    /// unchanged answer's `Rc`, so this costs nothing on 5,000 rows).
    pub fn same_as(&self, other: &CardSnapshot) -> bool {
        self.authenticated == other.authenticated
            && self.plan == other.plan
            && self.results.len() == other.results.len()
            && self
                .results
                .iter()
                .zip(&other.results)
                .all(|(a, b)| match (a, b) {
                    (None, None) => true,
                    (Some(Ok(a)), Some(Ok(b))) => Rc::ptr_eq(a, b),
                    (Some(Err(a)), Some(Err(b))) => a == b,
                    _ => false,
                })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::{plan_card, CardInputs};
    use crate::client::RequestError;
    use crate::config::CoderAppConfig;

    fn plan() -> CardPlan {
        let json = r#"{"deployment":{"accessUrl":"https://dev.coder.com"}}"#;
        let app =
            CoderAppConfig::from_tree(serde_json::from_str::<serde_json::Value>(json).unwrap())
                .unwrap();
        plan_card(&CardInputs::default(), Ok(Rc::new(app)), "owner:me", true)
    }

    fn list(names: &[&str]) -> QueryResult {
        Ok(Rc::new(
            names
                .iter()
                .map(|n| Workspace {
                    id: format!("id-{n}"),
                    name: (*n).to_owned(),
                    ..Workspace::default()
                })
                .collect(),
        ))
    }

    fn snap(authenticated: bool, results: Vec<Option<QueryResult>>) -> CardSnapshot {
        CardSnapshot {
            plan: plan(),
            authenticated,
            results,
        }
    }

    #[test]
    fn signed_out_there_is_nothing_to_load_or_list() {
        let s = snap(false, vec![None]);
        assert!(!s.loading());
        assert!(s.workspaces().is_empty());
        assert_eq!(s.error(), None);
    }

    #[test]
    fn signed_in_it_loads_then_lists() {
        assert!(snap(true, vec![None]).loading());
        let s = snap(true, vec![Some(list(&["a", "b"]))]);
        assert!(!s.loading());
        let names: Vec<&str> = s.workspaces().iter().map(|w| w.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(s.error(), None);
    }

    #[test]
    fn an_error_shows_only_when_every_request_failed() {
        let failed = snap(true, vec![Some(Err(RequestError::Offline))]);
        assert!(failed.error().is_some());
        let partial = snap(
            true,
            vec![Some(Err(RequestError::Offline)), Some(list(&["a"]))],
        );
        assert_eq!(partial.error(), None);
        let mut bad = snap(true, vec![]);
        bad.plan = plan_card(&CardInputs::default(), Err("no config".into()), "", true);
        assert_eq!(bad.error().as_deref(), Some("no config"));
    }

    #[test]
    fn snapshots_compare_answers_by_pointer() {
        let answer = list(&["a"]);
        let a = snap(true, vec![Some(answer.clone())]);
        assert!(a.same_as(&snap(true, vec![Some(answer)])));
        assert!(
            !a.same_as(&snap(true, vec![Some(list(&["a"]))])),
            "a new answer is a change, even with equal rows"
        );
        assert!(!a.same_as(&snap(false, a.results.clone())));
        assert!(!a.same_as(&snap(true, vec![None])));
    }
}
