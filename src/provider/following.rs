//! The following side of a provider's driver: keeps Coder's watch
//! streams and single-workspace polls for the workspaces [`Follows`]
//! chooses, and hands every snapshot to [`Driver::live_snapshot`].

use std::rc::Rc;

use gloo_timers::callback::Timeout;

use super::{Change, Driver, How, FIRST_EVENT_MS, FOLLOW_POLL_MS, IDLE_MS, MAX_STREAMS};
use wasm_bindgen_futures::spawn_local;

use crate::client::calls::{Call, Reply, WatchStream};
use crate::client::sse::SseReader;
use crate::client::RequestError;
use crate::coder::Workspace;

/// One open watch stream.
pub(super) struct Stream {
    id: String,
    serial: u32,
    stream: Option<Rc<WatchStream>>,
    /// Gives the stream up when it stays silent.
    watchdog: Option<Timeout>,
}

impl Stream {
    /// Closes the connection, once it is open.
    fn abort(&self) {
        if let Some(s) = &self.stream {
            s.abort();
        }
    }
}

impl Driver {
    /// Follows what should be followed now: the workspaces with an action
    /// running, then those between two states in the cards' answers.
    pub(super) fn refollow(self: &Rc<Self>) {
        let mut wanted: Vec<(String, bool)> = self
            .shared
            .activities()
            .iter()
            .filter(|(_, a)| a.run.is_some())
            .map(|(id, _)| (id.clone(), true))
            .collect();
        for id in self.shared.cache().in_transition(MAX_STREAMS) {
            if !wanted.iter().any(|(w, _)| *w == id) {
                wanted.push((id, false));
            }
        }
        let changes = self.state.borrow_mut().follows.plan(&wanted);
        self.apply(changes);
    }

    /// Stops following everything (signed out, page hidden).
    pub(super) fn unfollow_all(self: &Rc<Self>) {
        let changes = self.state.borrow_mut().follows.clear();
        self.apply(changes);
    }

    fn apply(self: &Rc<Self>, changes: Vec<Change>) {
        for change in changes {
            match change {
                Change::OpenStream(id) => self.open_stream(id),
                Change::StartPoll(id) => self.poll_one(id, FOLLOW_POLL_MS),
                Change::Stop(id) => {
                    let mut state = self.state.borrow_mut();
                    state.follow_polls.retain(|(i, _)| *i != id);
                    if let Some(stream) = state.streams.iter().find(|s| s.id == id) {
                        stream.abort();
                    }
                    state.streams.retain(|s| s.id != id);
                }
            }
        }
    }

    fn open_stream(self: &Rc<Self>, id: String) {
        let serial = {
            let mut state = self.state.borrow_mut();
            state.next_stream = state.next_stream.wrapping_add(1);
            let serial = state.next_stream;
            state.streams.push(Stream {
                id: id.clone(),
                serial,
                stream: None,
                watchdog: None,
            });
            serial
        };
        let session = self.user_session();
        let d = self.weak();
        spawn_local(async move {
            let opened = match session.await {
                Ok(s) => WatchStream::open(&s, &id).await.ok(),
                Err(_) => None,
            };
            let Some(stream) = opened.map(Rc::new) else {
                if let Some(d) = d.upgrade() {
                    d.stream_failed(&id, serial);
                }
                return;
            };
            {
                let Some(driver) = d.upgrade() else { return };
                let mut state = driver.state.borrow_mut();
                let Some(slot) = state.streams.iter_mut().find(|s| s.serial == serial) else {
                    // No longer followed: the drop closes it.
                    return;
                };
                slot.stream = Some(stream.clone());
                drop(state);
                driver.arm_watchdog(serial, FIRST_EVENT_MS);
            }
            let mut reader = SseReader::default();
            'read: while let Some(chunk) = stream.next().await {
                let Ok(events) = reader.push(&chunk) else {
                    break;
                };
                for event in events {
                    let Some(driver) = d.upgrade() else { return };
                    driver.arm_watchdog(serial, IDLE_MS);
                    match event.kind.as_str() {
                        "data" => match Workspace::from_json(&event.data) {
                            Some(w) if w.id == id => driver.live_snapshot(w),
                            // Not this workspace: not a stream to trust.
                            _ => break 'read,
                        },
                        "error" => break 'read,
                        _ => {}
                    }
                }
            }
            if let Some(driver) = d.upgrade() {
                driver.stream_failed(&id, serial);
            }
        });
    }

    /// (Re)starts stream `serial`'s watchdog: silent for `ms`, it closes.
    fn arm_watchdog(self: &Rc<Self>, serial: u32, ms: u32) {
        let weak = self.weak();
        let timer = Timeout::new(ms, move || {
            if let Some(d) = weak.upgrade() {
                let state = d.state.borrow();
                if let Some(stream) = state.streams.iter().find(|s| s.serial == serial) {
                    stream.abort();
                }
            }
        });
        if let Some(slot) = self
            .state
            .borrow_mut()
            .streams
            .iter_mut()
            .find(|s| s.serial == serial)
        {
            slot.watchdog = Some(timer);
        }
    }

    /// Stream `serial` of `id` could not open, ended or broke: poll the
    /// workspace instead, if it is still followed by that stream.
    fn stream_failed(self: &Rc<Self>, id: &str, serial: u32) {
        let change = {
            let mut state = self.state.borrow_mut();
            let before = state.streams.len();
            state.streams.retain(|s| s.serial != serial);
            if state.streams.len() == before {
                return;
            }
            state.follows.stream_failed(id)
        };
        self.apply(change.into_iter().collect());
    }

    /// Fetches workspace `id` alone after `ms` (the answer comes to
    /// [`polled`](Self::polled)).
    fn poll_one(self: &Rc<Self>, id: String, ms: u32) {
        let weak = self.weak();
        let key = id.clone();
        let timer = Timeout::new(ms, move || {
            if let Some(d) = weak.upgrade() {
                d.request(Call::Workspace(id));
            }
        });
        let mut state = self.state.borrow_mut();
        state.follow_polls.retain(|(i, _)| *i != key);
        state.follow_polls.push((key, timer));
    }

    /// A polled workspace's answer: shown, then polled again while it is
    /// followed so (a failed fetch waits three times as long).
    pub(super) fn polled(self: &Rc<Self>, id: String, result: Result<Reply, RequestError>) {
        if self.state.borrow().follows.how(&id) != Some(How::Poll) {
            return;
        }
        let next = match result {
            Ok(Reply::Workspace(workspace)) => {
                self.live_snapshot(workspace);
                FOLLOW_POLL_MS
            }
            _ => FOLLOW_POLL_MS * 3,
        };
        if self.state.borrow().follows.how(&id) == Some(How::Poll) {
            self.poll_one(id, next);
        }
    }
}
