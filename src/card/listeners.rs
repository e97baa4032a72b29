//! Who to tell after a change: the subscriber list that a provider's and a
//! card's shared state both keep (their consumers live in separate Yew apps,
//! so they subscribe instead of sharing a Yew context).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

type Listener = Rc<dyn Fn()>;
type List = Rc<RefCell<Vec<(u32, Listener)>>>;

/// A list of listeners, each called after every change until its guard drops.
#[derive(Default)]
pub struct Listeners {
    next: Cell<u32>,
    list: List,
}

impl Listeners {
    /// Adds `listener`; dropping the returned guard removes it.
    pub fn add(&self, listener: impl Fn() + 'static) -> Listening {
        let id = self.next.get();
        self.next.set(id.wrapping_add(1));
        self.list.borrow_mut().push((id, Rc::new(listener)));
        Listening {
            list: Rc::downgrade(&self.list),
            id,
        }
    }

    /// How many listen.
    pub fn count(&self) -> usize {
        self.list.borrow().len()
    }

    /// Calls every listener, from a copy of the list: one may add or remove
    /// listeners while it runs.
    pub fn call_all(&self) {
        let listeners: Vec<Listener> = self.list.borrow().iter().map(|(_, l)| l.clone()).collect();
        for listener in listeners {
            listener();
        }
    }
}

/// Keeps a listener in its list; dropping it removes the listener.
pub struct Listening {
    list: Weak<RefCell<Vec<(u32, Listener)>>>,
    id: u32,
}

impl Drop for Listening {
    fn drop(&mut self) {
        if let Some(list) = self.list.upgrade() {
            list.borrow_mut().retain(|(id, _)| *id != self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listeners_are_called_until_their_guard_drops() {
        let listeners = Listeners::default();
        let calls = Rc::new(Cell::new(0));
        let seen = calls.clone();
        let guard = listeners.add(move || seen.set(seen.get() + 1));
        listeners.call_all();
        assert_eq!((calls.get(), listeners.count()), (1, 1));
        drop(guard);
        listeners.call_all();
        assert_eq!((calls.get(), listeners.count()), (1, 0));
    }

    #[test]
    fn a_listener_may_remove_itself_while_called() {
        let listeners = Rc::new(Listeners::default());
        let slot: Rc<RefCell<Option<Listening>>> = Rc::new(RefCell::new(None));
        let own = slot.clone();
        *slot.borrow_mut() = Some(listeners.add(move || drop(own.borrow_mut().take())));
        listeners.call_all();
        assert_eq!(listeners.count(), 0);
    }

    #[test]
    fn a_guard_outliving_its_list_drops_quietly() {
        let listeners = Listeners::default();
        let guard = listeners.add(|| {});
        drop(listeners);
        drop(guard);
    }
}
