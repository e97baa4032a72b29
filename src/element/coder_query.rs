//! `coderApi.watchQuery`, `queryState` and `refetchQuery`: the browser side
//! of upstream's `useCoderQuery`. One registry per provider element, so
//! every component watching the same key shares one run and one answer.
//! The rules (who runs when, retries, polling, stale answers) are
//! [`CustomQueries`]'; this runs the adopter's functions, keeps the one
//! timer and follows the provider's sign-in state.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::card_state::set;
use crate::host::browser::now_ms;
use crate::provider::{CustomQueries, Driver, KeyMap, Run, Settled, Subscription};

/// Finds the driver running the provider now.
pub(super) type FindDriver = Rc<dyn Fn() -> Option<Rc<Driver>>>;
/// Finds the provider's `coderApi` object, handed to the adopter's functions.
pub(super) type FindApi = Rc<dyn Fn() -> JsValue>;

/// The custom queries of one provider element.
pub(super) struct QueryGlue {
    driver: FindDriver,
    api: FindApi,
    state: RefCell<CustomQueries<JsValue, JsValue>>,
    /// The function of each key's first watcher (later ones share it).
    fns: RefCell<KeyMap<js_sys::Function>>,
    listeners: RefCell<Vec<(u64, String, js_sys::Function)>>,
    next_listener: Cell<u64>,
    /// The frozen object last handed out per key, with the state version
    /// it shows: the same object until something changes, as
    /// useSyncExternalStore needs.
    snapshots: RefCell<KeyMap<(u64, JsValue)>>,
    /// The one timer for retries and polls (dropping it cancels it).
    timer: RefCell<Option<Timeout>>,
    /// The provider's state, followed while anything is watched.
    auth: RefCell<Option<Subscription>>,
}

impl QueryGlue {
    pub(super) fn new(driver: FindDriver, api: FindApi) -> Rc<Self> {
        Rc::new(Self {
            driver,
            api,
            state: RefCell::new(CustomQueries::new()),
            fns: RefCell::new(KeyMap::default()),
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            snapshots: RefCell::new(KeyMap::default()),
            timer: RefCell::new(None),
            auth: RefCell::new(None),
        })
    }

    /// Adds a watcher of `key`; the returned function removes it.
    pub(super) fn watch(
        self: &Rc<Self>,
        key: String,
        run: js_sys::Function,
        listener: js_sys::Function,
    ) -> js_sys::Function {
        self.follow_auth();
        let (first, started) = self.state.borrow_mut().watch(&key);
        if first {
            self.fns.borrow_mut().insert(key.clone(), run);
        }
        let id = self.next_listener.get();
        self.next_listener.set(id + 1);
        self.listeners.borrow_mut().push((id, key, listener));
        if let Some(started) = started {
            self.launch(started);
        }
        let weak = Rc::downgrade(self);
        // Freed when called; an unwatch never called keeps the watcher, as
        // an event listener never removed does.
        Closure::once_into_js(move || {
            if let Some(glue) = weak.upgrade() {
                glue.unwatch(id);
            }
        })
        .unchecked_into()
    }

    fn unwatch(self: &Rc<Self>, id: u64) {
        let key = {
            let mut listeners = self.listeners.borrow_mut();
            let Some(at) = listeners.iter().position(|(i, _, _)| *i == id) else {
                return;
            };
            listeners.remove(at).1
        };
        if self.state.borrow_mut().unwatch(&key) {
            self.fns.borrow_mut().remove(&key);
            self.snapshots.borrow_mut().remove(&key);
        }
        if self.state.borrow().is_empty() {
            // Nothing watched: no timer, no following the provider.
            self.timer.borrow_mut().take();
            self.auth.borrow_mut().take();
        } else {
            self.reschedule();
        }
    }

    /// The provider runs on a new driver: follow that one's state.
    pub(super) fn refollow(self: &Rc<Self>) {
        let followed = self.auth.borrow_mut().take().is_some();
        // Watched while disconnected, there was no driver to follow.
        if followed || !self.state.borrow().is_empty() {
            self.follow_auth();
        }
    }

    /// Starts following the provider's state (if not yet) and catches up
    /// with it.
    fn follow_auth(self: &Rc<Self>) {
        if self.auth.borrow().is_none() {
            if let Some(driver) = (self.driver)() {
                driver.page_watches_queries();
                let weak: Weak<Self> = Rc::downgrade(self);
                let subscription = driver.shared().subscribe(move || {
                    if let Some(glue) = weak.upgrade() {
                        glue.sync_auth();
                    }
                });
                *self.auth.borrow_mut() = Some(subscription);
            }
        }
        self.sync_auth();
    }

    /// Applies a sign-in or sign-out the provider went through.
    fn sync_auth(self: &Rc<Self>) {
        let signed_in = (self.driver)()
            .is_some_and(|driver| driver.shared().auth().status().is_authenticated());
        if signed_in == self.state.borrow().is_signed_in() {
            return;
        }
        if signed_in {
            let runs = self.state.borrow_mut().signed_in();
            for run in runs {
                self.launch(run);
            }
        } else {
            self.state.borrow_mut().signed_out();
            self.notify(None);
        }
        self.reschedule();
    }

    /// Calls the key's function with the provider's `coderApi` and settles
    /// the run with what its promise gives.
    fn launch(self: &Rc<Self>, run: Run) {
        self.launch_as(run, false);
    }

    /// [`launch`](Self::launch); `refetch`: for an explicit refetch (see
    /// [`refetching`]).
    fn launch_as(self: &Rc<Self>, run: Run, refetch: bool) {
        let Some(f) = self.fns.borrow().get(&run.key).cloned() else {
            return;
        };
        let was = REFETCHING.with(|r| r.replace(refetch));
        let called = f.call1(&JsValue::NULL, &(self.api)());
        REFETCHING.with(|r| r.set(was));
        let promise = match called {
            Ok(value) => js_sys::Promise::resolve(&value),
            Err(error) => js_sys::Promise::reject(&error),
        };
        self.notify(Some(&run.key));
        let weak = Rc::downgrade(self);
        spawn_local(async move {
            let outcome = JsFuture::from(promise).await;
            if let Some(glue) = weak.upgrade() {
                glue.settle(run, outcome);
            }
        });
    }

    fn settle(self: &Rc<Self>, run: Run, outcome: Result<JsValue, JsValue>) {
        let outcome = outcome.map_err(|error| {
            let status = js_sys::Reflect::get(&error, &JsValue::from_str("status"))
                .ok()
                .and_then(|s| s.as_f64())
                .filter(|s| (100.0..600.0).contains(s))
                .map(|s| s as u16);
            (error, status)
        });
        let settled = self
            .state
            .borrow_mut()
            .settle(&run.key, run.generation, outcome, now_ms());
        if settled != Settled::Dropped {
            self.notify(Some(&run.key));
            self.reschedule();
        }
    }

    /// Sets the one timer for the next retry or poll (or none).
    fn reschedule(self: &Rc<Self>) {
        let next = self.state.borrow().next_due();
        let timer = next.map(|at| {
            let weak = Rc::downgrade(self);
            let wait = (at - now_ms()).max(0.0).min(f64::from(i32::MAX as u32));
            Timeout::new(wait as u32, move || {
                if let Some(glue) = weak.upgrade() {
                    glue.tick();
                }
            })
        });
        *self.timer.borrow_mut() = timer;
    }

    fn tick(self: &Rc<Self>) {
        let runs = self.state.borrow_mut().due(now_ms());
        for run in runs {
            self.launch(run);
        }
        self.reschedule();
    }

    /// Runs `key` again now (a run in flight is superseded). While its
    /// function is called, `coderApi` calls want answers from now on (see
    /// [`refetching`]).
    pub(super) fn refetch(self: &Rc<Self>, key: &str) {
        let run = self.state.borrow_mut().refetch(key);
        if let Some(run) = run {
            self.launch_as(run, true);
        }
        self.reschedule();
    }

    /// Calls the listeners of `key` (of every key with `None`); none of
    /// our borrows is held, since they read the state back.
    fn notify(&self, key: Option<&str>) {
        let listeners: Vec<js_sys::Function> = self
            .listeners
            .borrow()
            .iter()
            .filter(|(_, k, _)| key.is_none_or(|key| k == key))
            .map(|(_, _, f)| f.clone())
            .collect();
        for listener in listeners {
            let _ = listener.call0(&JsValue::NULL);
        }
    }

    /// `{ status, data, error, isFetching, dataUpdatedAt }` of `key`: the
    /// same frozen object until something changes.
    pub(super) fn snapshot(&self, key: &str) -> JsValue {
        let state = self.state.borrow();
        let Some(view) = state.view(key) else {
            return unwatched();
        };
        if let Some((version, object)) = self.snapshots.borrow().get(key) {
            if *version == view.version {
                return object.clone();
            }
        }
        let object = js_sys::Object::new();
        let fields: &JsValue = &object;
        set(fields, "status", view.status.as_str());
        set(fields, "data", view.data.unwrap_or(&JsValue::UNDEFINED));
        set(fields, "error", view.error.unwrap_or(&JsValue::NULL));
        set(fields, "isFetching", view.is_fetching);
        set(fields, "dataUpdatedAt", view.updated_at);
        let object: JsValue = js_sys::Object::freeze(&object).into();
        self.snapshots
            .borrow_mut()
            .insert(key.to_owned(), (view.version, object.clone()));
        object
    }
}

/// Whether a query function is being called for an explicit refetch
/// (read synchronously by the `coderApi` call it makes first).
pub(super) fn refetching() -> bool {
    REFETCHING.with(Cell::get)
}

thread_local! {
    static REFETCHING: Cell<bool> = const { Cell::new(false) };
    /// What a key nobody watches shows (one object, so reading it twice
    /// gives the same snapshot).
    static UNWATCHED: JsValue = {
        let object = js_sys::Object::new();
        let fields: &JsValue = &object;
        set(fields, "status", "loading");
        set(fields, "data", JsValue::UNDEFINED);
        set(fields, "error", JsValue::NULL);
        set(fields, "isFetching", false);
        set(fields, "dataUpdatedAt", 0.0);
        js_sys::Object::freeze(&object).into()
    };
}

fn unwatched() -> JsValue {
    UNWATCHED.with(Clone::clone)
}
