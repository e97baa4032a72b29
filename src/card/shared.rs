//! The state one workspaces card shares with its parts: what the user
//! typed, whether they asked for a refresh, the card's inputs and the
//! provider it follows. `<coder-workspaces-card>` renders its parts in one
//! Yew app, but `<coder-workspaces-card-root>`'s parts are elements of their
//! own (each its own Yew app), so Yew state cannot reach them: they hold an
//! `Rc` of this and subscribe, as cards do with their provider.
//!
//! Generic over the provider handle `P`, so this floor never names the
//! provider module above it and the logic is tested natively.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::listeners::{Listeners, Listening};
use super::CardInputs;

/// What tells the host page that the filter changed (with the new text).
pub type Announcer = Rc<dyn Fn(&str)>;

/// The shared state of one card (or card root) and its parts.
pub struct CardShared<P> {
    id: u32,
    inputs: RefCell<Rc<CardInputs>>,
    typed: RefCell<String>,
    asked: Cell<bool>,
    heading: RefCell<Option<String>>,
    provider: RefCell<Option<P>>,
    revision: Cell<u64>,
    closed: Cell<bool>,
    listeners: Listeners,
    announcer: RefCell<Option<Announcer>>,
}

impl<P: Clone> CardShared<P> {
    /// New state for the card with registry id `id`; the filter starts as
    /// the inputs' default query.
    pub fn new(id: u32, inputs: Rc<CardInputs>) -> Rc<Self> {
        Rc::new(Self {
            id,
            typed: RefCell::new(inputs.default_query.clone()),
            inputs: RefCell::new(inputs),
            asked: Cell::new(false),
            heading: RefCell::new(None),
            provider: RefCell::new(None),
            revision: Cell::new(0),
            closed: Cell::new(false),
            listeners: Listeners::default(),
            announcer: RefCell::new(None),
        })
    }

    /// Registry id, unique per card on the page.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Bumped on every change: a part compares the revision it rendered.
    pub fn revision(&self) -> u64 {
        self.revision.get()
    }

    /// The card's inputs.
    pub fn inputs(&self) -> Rc<CardInputs> {
        self.inputs.borrow().clone()
    }

    /// Replaces the inputs (an attribute or property changed) and notifies.
    pub fn set_inputs(&self, inputs: Rc<CardInputs>) {
        if *self.inputs.borrow() == inputs {
            return;
        }
        *self.inputs.borrow_mut() = inputs;
        self.notify();
    }

    /// What the user typed last (the host's `query-filter` may override it:
    /// see [`filter`](Self::filter)).
    pub fn typed(&self) -> String {
        self.typed.borrow().clone()
    }

    /// The filter in force: the host's `query-filter` when set, else what
    /// the user typed.
    pub fn filter(&self) -> String {
        match &self.inputs.borrow().query_filter {
            Some(filter) => filter.clone(),
            None => self.typed(),
        }
    }

    /// The search box reported `text`. A text that changes the filter in
    /// force is announced (the host follows typing even when it controls
    /// the filter) and forgets a pending "you asked for a refresh".
    pub fn report_filter(&self, text: &str) {
        let changes_filter = self.filter() != text;
        if changes_filter {
            self.asked.set(false);
            let announcer = self.announcer.borrow().clone();
            if let Some(announce) = announcer {
                announce(text);
            }
        }
        let typed_changes = *self.typed.borrow() != text;
        if typed_changes {
            *self.typed.borrow_mut() = text.to_owned();
        }
        if changes_filter || typed_changes {
            self.notify();
        }
    }

    /// Whether the user asked for a refresh since the filter last changed
    /// (the list then says when it came back).
    pub fn asked(&self) -> bool {
        self.asked.get()
    }

    /// Records that the user asked for a refresh.
    pub fn set_asked(&self) {
        if !self.asked.replace(true) {
            self.notify();
        }
    }

    /// The text of the heading a header row part shows, for the card's
    /// landmark name; `None` until one mounts.
    pub fn heading(&self) -> Option<String> {
        self.heading.borrow().clone()
    }

    /// A header row part shows `text` (or left: `None`).
    pub fn set_heading(&self, text: Option<String>) {
        if *self.heading.borrow() != text {
            *self.heading.borrow_mut() = text;
            self.notify();
        }
    }

    /// The provider the card follows, if it found one.
    pub fn provider(&self) -> Option<P> {
        self.provider.borrow().clone()
    }

    /// Follows `provider` (or none) and notifies.
    pub fn set_provider(&self, provider: Option<P>) {
        *self.provider.borrow_mut() = provider;
        self.notify();
    }

    /// Installs what announces a filter change to the host page.
    pub fn set_announcer(&self, announcer: Option<Announcer>) {
        *self.announcer.borrow_mut() = announcer;
    }

    /// True once the card's element disconnected: its parts look for
    /// another.
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    /// Marks the card gone, drops its provider and announcer, and tells
    /// every part.
    pub fn close(&self) {
        self.closed.set(true);
        *self.provider.borrow_mut() = None;
        *self.announcer.borrow_mut() = None;
        self.notify();
    }

    /// Calls `listener` after every change until the guard drops.
    pub fn subscribe(&self, listener: impl Fn() + 'static) -> CardSubscription {
        self.listeners.add(listener)
    }

    /// Number of live subscriptions.
    pub fn subscriber_count(&self) -> usize {
        self.listeners.count()
    }

    /// Bumps the revision and calls every subscriber.
    pub fn notify(&self) {
        self.revision.set(self.revision.get() + 1);
        self.listeners.call_all();
    }
}

/// Keeps a subscription to a card alive; dropping it unsubscribes.
pub type CardSubscription = Listening;

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Rc<CardShared<u8>> {
        CardShared::new(1, Rc::new(CardInputs::default()))
    }

    fn counter(card: &Rc<CardShared<u8>>) -> (Rc<Cell<u32>>, CardSubscription) {
        let calls = Rc::new(Cell::new(0));
        let seen = calls.clone();
        let sub = card.subscribe(move || seen.set(seen.get() + 1));
        (calls, sub)
    }

    #[test]
    fn the_filter_starts_as_the_default_query_and_follows_typing() {
        let card = card();
        assert_eq!(card.filter(), "owner:me");
        let (calls, _sub) = counter(&card);
        card.report_filter("name:dev");
        assert_eq!(card.filter(), "name:dev");
        assert_eq!(calls.get(), 1);
        card.report_filter("name:dev");
        assert_eq!(calls.get(), 1, "the same text changes nothing");
    }

    #[test]
    fn a_filter_change_is_announced_and_forgets_an_asked_refresh() {
        let card = card();
        let heard = Rc::new(RefCell::new(Vec::<String>::new()));
        let sink = heard.clone();
        card.set_announcer(Some(Rc::new(move |t: &str| {
            sink.borrow_mut().push(t.to_owned())
        })));
        card.set_asked();
        assert!(card.asked());
        card.report_filter("");
        assert!(!card.asked());
        assert_eq!(*heard.borrow(), vec![String::new()]);
        card.report_filter("");
        assert_eq!(heard.borrow().len(), 1, "no change, no announcement");
    }

    #[test]
    fn a_host_controlled_filter_wins_but_typing_is_still_announced() {
        let card = card();
        card.set_inputs(Rc::new(CardInputs {
            query_filter: Some("owner:alice".into()),
            ..CardInputs::default()
        }));
        let heard = Rc::new(Cell::new(0));
        let sink = heard.clone();
        card.set_announcer(Some(Rc::new(move |_: &str| sink.set(sink.get() + 1))));
        card.report_filter("owner:bob");
        assert_eq!(card.filter(), "owner:alice");
        assert_eq!(card.typed(), "owner:bob");
        assert_eq!(heard.get(), 1);
    }

    #[test]
    fn unchanged_inputs_and_headings_notify_nobody() {
        let card = card();
        let (calls, _sub) = counter(&card);
        card.set_inputs(Rc::new(CardInputs::default()));
        card.set_heading(None);
        assert_eq!(calls.get(), 0);
        card.set_heading(Some("Mine".into()));
        card.set_heading(Some("Mine".into()));
        assert_eq!(card.heading().as_deref(), Some("Mine"));
        assert_eq!(calls.get(), 1);
        card.set_asked();
        card.set_asked();
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn closing_drops_the_provider_and_tells_the_parts() {
        let card = card();
        card.set_provider(Some(7));
        assert_eq!(card.provider(), Some(7));
        let (calls, sub) = counter(&card);
        card.close();
        assert!(card.is_closed());
        assert_eq!(card.provider(), None);
        assert_eq!(calls.get(), 1);
        drop(sub);
        assert_eq!(card.subscriber_count(), 0);
        card.notify();
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn a_part_may_unsubscribe_itself_while_notified() {
        let card = card();
        let slot: Rc<RefCell<Option<CardSubscription>>> = Rc::new(RefCell::new(None));
        let inner = slot.clone();
        *slot.borrow_mut() = Some(card.subscribe(move || {
            inner.borrow_mut().take();
        }));
        card.notify();
        assert_eq!(card.subscriber_count(), 0);
    }
}
