//! The line under the search box that says how current the list is: not
//! current (a refresh failed; the rows stay, dimmed), refreshing (the user
//! asked), or up to date as of a time (once the user's refresh came back).
//! One live region (`role="status"`) that is always there, so screen
//! readers announce each change and tests find it.

use yew::prelude::*;

use crate::host::browser::clock_time;
use crate::provider::Staleness;

/// What the status line says.
#[derive(Clone, Debug, PartialEq)]
pub enum ListFreshness {
    /// Nothing to say: the list is as current as its polling keeps it.
    Live,
    /// A refresh the user asked for is under way.
    Refreshing,
    /// The user's refresh came back at this time (ms since the epoch).
    UpdatedAt(f64),
    /// The latest request failed; the rows shown are older.
    Stale(Staleness),
}

/// Renders the status line for `freshness`; `on_retry` asks again now.
pub fn status_line(freshness: &ListFreshness, on_retry: &Callback<()>) -> Html {
    let body = match freshness {
        ListFreshness::Live => Html::default(),
        ListFreshness::Refreshing => html! {<>
            <span class="progress" aria-hidden="true"><span></span></span>
            <span class="status-text">{ "Refreshing workspaces\u{2026}" }</span>
        </>},
        ListFreshness::UpdatedAt(ms) => html! {
            <span class="status-text">{ "Up to date as of " }{ clock_time(*ms) }</span>
        },
        ListFreshness::Stale(stale) => {
            let onclick = on_retry.reform(|_: MouseEvent| ());
            html! {
                <div class="stale-notice">
                    <span class="stale-icon" aria-hidden="true">{ "!" }</span>
                    <div class="stale-text">
                        <p class="stale-title">
                            <strong>{ "Not current" }</strong>
                            { ": " }{ stale.error.title() }{ " since " }{ clock_time(stale.since_ms) }
                            if stale.as_of_ms > 0.0 {
                                { ". Showing workspaces as of " }{ clock_time(stale.as_of_ms) }
                            }
                            { "." }
                        </p>
                        <p class="stale-detail">{ stale.error.to_string() }</p>
                    </div>
                    if stale.error.retry_helps() {
                        <button type="button" class="retry stale-retry" {onclick}>{ "Retry now" }</button>
                    }
                </div>
            }
        }
    };
    html! { <div class="card-status" role="status">{ body }</div> }
}
