//! Registry of mounted providers and of cards still waiting for one.
//!
//! A card asks for its provider with a composed, bubbling DOM event (see
//! `element::context`); the provider answers with its registry id, which is
//! looked up here. Ids rather than JS objects keep Rust state out of the DOM.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use super::ProviderShared;

type Retry = Rc<dyn Fn()>;

thread_local! {
    static PROVIDERS: RefCell<Vec<Weak<ProviderShared>>> = const { RefCell::new(Vec::new()) };
    static ORPHANS: RefCell<Vec<(u32, Retry)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ORPHAN: RefCell<u32> = const { RefCell::new(0) };
    static NEXT_PROVIDER: RefCell<u32> = const { RefCell::new(0) };
}

/// A fresh provider id (ids are never reused within a page).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(super) fn next_provider_id() -> u32 {
    NEXT_PROVIDER.with(|n| {
        let mut n = n.borrow_mut();
        *n = n.wrapping_add(1);
        *n
    })
}

/// Adds a provider to the registry (dead entries are pruned on the way).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(super) fn register_provider(provider: &Rc<ProviderShared>) {
    PROVIDERS.with(|list| {
        let mut list = list.borrow_mut();
        list.retain(|p| p.strong_count() > 0);
        list.push(Rc::downgrade(provider));
    });
}

/// The live provider with registry id `id`.
pub fn find_provider(id: u32) -> Option<Rc<ProviderShared>> {
    PROVIDERS.with(|list| {
        list.borrow()
            .iter()
            .filter_map(Weak::upgrade)
            .find(|p| p.id() == id && !p.is_closed())
    })
}

/// Remembers a consumer that found no provider; `retry` runs when a provider
/// connects (it may be the missing ancestor that upgraded late or was added
/// afterwards). Dropping the guard forgets the consumer.
pub fn register_orphan(retry: impl Fn() + 'static) -> OrphanGuard {
    let id = NEXT_ORPHAN.with(|n| {
        let mut n = n.borrow_mut();
        *n = n.wrapping_add(1);
        *n
    });
    ORPHANS.with(|list| list.borrow_mut().push((id, Rc::new(retry))));
    OrphanGuard { id }
}

/// Lets every waiting consumer look for its provider again. The list is
/// copied because a retry that succeeds drops its guard.
pub fn adopt_orphans() {
    let waiting: Vec<Retry> =
        ORPHANS.with(|list| list.borrow().iter().map(|(_, f)| f.clone()).collect());
    for retry in waiting {
        retry();
    }
}

/// Number of consumers waiting for a provider.
pub fn orphan_count() -> usize {
    ORPHANS.with(|list| list.borrow().len())
}

/// Number of live providers.
pub fn provider_count() -> usize {
    PROVIDERS.with(|list| {
        list.borrow()
            .iter()
            .filter_map(Weak::upgrade)
            .filter(|p| !p.is_closed())
            .count()
    })
}

/// Keeps an orphan registered; dropping it removes the entry.
pub struct OrphanGuard {
    id: u32,
}

impl Drop for OrphanGuard {
    fn drop(&mut self) {
        ORPHANS.with(|list| list.borrow_mut().retain(|(id, _)| *id != self.id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigState;
    use std::cell::Cell;

    #[test]
    fn providers_are_found_by_id_while_alive() {
        let a = ProviderShared::new(101, ConfigState::Missing);
        register_provider(&a);
        assert!(find_provider(101).is_some());
        a.close();
        assert!(
            find_provider(101).is_none(),
            "a closed provider never answers"
        );
        drop(a);
        assert!(find_provider(101).is_none());
    }

    #[test]
    fn orphans_retry_until_their_guard_drops() {
        let tries = Rc::new(Cell::new(0));
        let seen = tries.clone();
        let guard = register_orphan(move || seen.set(seen.get() + 1));
        let before = orphan_count();
        adopt_orphans();
        assert_eq!(tries.get(), 1);
        drop(guard);
        assert_eq!(orphan_count(), before - 1);
        adopt_orphans();
        assert_eq!(tries.get(), 1);
    }
}
