//! Component styles, injected into each element's shadow root.
//!
//! Every colour, font, radius and spacing comes from a CSS custom property
//! with a light default, so a Backstage theme (light or dark) can set them
//! on any ancestor; `theme="dark"` on a card switches the defaults.

/// Custom properties and shared rules every element starts with. Kept
/// apart from each element's own rules (not `concat!`ed into them) so the
/// wasm carries it once.
pub const BASE_CSS: &str = r#"
:host {
  display: block;
  --_bg: var(--coder-surface, #ffffff);
  --_fg: var(--coder-text, rgba(0, 0, 0, 0.87));
  --_muted: var(--coder-text-secondary, rgba(0, 0, 0, 0.6));
  --_border: var(--coder-divider, rgba(0, 0, 0, 0.12));
  --_accent: var(--coder-primary, #1f5493);
  --_error-bg: var(--coder-error-surface, #fdecea);
  --_error-fg: var(--coder-error-text, #611a15);
  --_radius: var(--coder-radius, 4px);
  --_space: var(--coder-spacing, 8px);
  --_font: var(--coder-font-family, "Helvetica Neue", Helvetica, Roboto, Arial, sans-serif);
  --_mono: var(--coder-font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
  --_shadow: var(--coder-shadow, 0 2px 1px -1px rgba(0,0,0,.2), 0 1px 1px 0 rgba(0,0,0,.14), 0 1px 3px 0 rgba(0,0,0,.12));
  font-family: var(--_font);
  color: var(--_fg);
}
:host([theme="dark"]) {
  --_bg: var(--coder-surface, #424242);
  --_fg: var(--coder-text, #ffffff);
  --_muted: var(--coder-text-secondary, rgba(255, 255, 255, 0.7));
  --_border: var(--coder-divider, rgba(255, 255, 255, 0.12));
  --_accent: var(--coder-primary, #9cc9ff);
  --_error-bg: var(--coder-error-surface, #3b1e1e);
  --_error-fg: var(--coder-error-text, #ffb4ab);
}
:host([hidden]) { display: none; }
.error { background: var(--_error-bg); color: var(--_error-fg); border-radius: var(--_radius);
  padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2); margin: var(--_space) 0; }
.error-title { display: block; font-size: 0.875rem; }
.error-message { margin: calc(var(--_space) / 2) 0 0; font-size: 0.875rem; overflow-wrap: anywhere; }
a { color: var(--_accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
"#;

/// `<coder-provider>`: layout-transparent wrapper.
/// It must not restyle the page content it wraps, so colour and font are
/// inherited rather than set.
pub const PROVIDER_CSS: &str = ":host { display: contents; color: inherit; font-family: inherit; }";

/// `<coder-workspaces-card>`: looks like a Backstage InfoCard.
pub const CARD_CSS: &str = r#"
.card { background: var(--_bg); border-radius: var(--_radius); box-shadow: var(--_shadow);
  display: flex; flex-direction: column; padding: calc(var(--_space) * 2); }
.card-body { padding-top: calc(var(--_space) * 2); }
.header-text { margin: 0; min-width: 0; }
.title { margin: 0; font-size: 1.5rem; font-weight: 700; line-height: 1.334; }
.subheader { margin: calc(var(--_space) / 2) 0 0; color: var(--_muted); font-size: 0.875rem;
  overflow-wrap: anywhere; }
.repo-name { display: inline-block; max-width: 100%; }
.card-search { margin: calc(var(--_space) * 1.5) 0; }
:host {
  --_online: var(--coder-status-online, #2e7d32);
  --_online-fill: var(--coder-status-online-fill, var(--_online));
  --_pending: var(--coder-status-pending, #ed6c02);
  --_offline: var(--coder-status-offline, #9e9e9e);
  --_failed: var(--coder-status-failed, #d32f2f);
  --_deleting: var(--coder-status-deleting, var(--_pending));
  --_hover: var(--coder-hover, rgba(0, 0, 0, 0.04));
  --_disabled: var(--coder-text-disabled, rgba(0, 0, 0, 0.38));
  --_tooltip-bg: var(--coder-tooltip-surface, rgba(97, 97, 97, 0.92));
  --_tooltip-fg: var(--coder-tooltip-text, #ffffff);
  /* Name and status lines, padding, rule: ESTIMATED_ROW_PX (card/window.rs). */
  --_row: calc(2.75rem + 17px);
}
:host([theme="dark"]) {
  --_online: var(--coder-status-online, #66bb6a);
  --_pending: var(--coder-status-pending, #ffa726);
  --_offline: var(--coder-status-offline, #757575);
  --_failed: var(--coder-status-failed, #f44336);
  --_hover: var(--coder-hover, rgba(255, 255, 255, 0.08));
  --_disabled: var(--coder-text-disabled, rgba(255, 255, 255, 0.5));
}
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.icon { width: 24px; height: 24px; display: block; }
code { font-family: var(--_mono); font-size: 0.8125rem; overflow-wrap: anywhere; }
.header-row { display: flex; align-items: flex-start; justify-content: space-between;
  gap: var(--_space); padding-bottom: calc(var(--_space) * 2); margin: 0 calc(var(--_space) * -2);
  padding-inline: calc(var(--_space) * 2); border-bottom: 1px solid var(--_border); }
.header-text { margin: 0; min-width: 0; }
.header-actions { display: flex; align-items: center; gap: calc(var(--_space) / 2); flex-shrink: 0; }
.icon-button { display: inline-flex; align-items: center; justify-content: center; box-sizing: border-box;
  width: 36px; height: 36px; padding: 6px; border: 0; border-radius: 50%; background: transparent;
  color: var(--_muted); cursor: pointer; font: inherit; transition: background-color 150ms; }
.icon-button:hover { background: var(--_hover); }
.create-link { color: var(--_accent); }
.create-link[aria-disabled="true"] { color: var(--_disabled); cursor: not-allowed; }
.create-link[aria-disabled="true"]:hover { background: transparent; }
.icon-button:disabled { opacity: 0.4; cursor: default; background: transparent; }
.has-tooltip { position: relative; display: inline-flex; }
.tooltip { position: absolute; top: calc(100% + 4px); right: 0; z-index: 2; width: max-content; max-width: 16em;
  padding: 4px 8px; border-radius: var(--_radius); background: var(--_tooltip-bg); color: var(--_tooltip-fg);
  font-size: 0.6875rem; font-weight: 500; line-height: 1.4; pointer-events: none;
  visibility: hidden; opacity: 0; transition: opacity 150ms; }
.tooltip-wide { max-width: 24em; }
.has-tooltip > .tooltip.tooltip-off { display: none; }
.has-tooltip:hover > .tooltip, .has-tooltip:has(> :focus-visible) > .tooltip { visibility: visible; opacity: 1; }
.menu-anchor { position: relative; }
.menu { position: absolute; top: calc(100% + 4px); right: 0; z-index: 3; min-width: 12em; margin: 0;
  padding: 4px 0; list-style: none; background: var(--_bg); color: var(--_fg); border-radius: var(--_radius);
  box-shadow: 0 5px 5px -3px rgba(0,0,0,.2), 0 8px 10px 1px rgba(0,0,0,.14), 0 3px 14px 2px rgba(0,0,0,.12); }
.menu-item { padding: 6px 16px; font-size: 0.875rem; line-height: 1.5; cursor: pointer; white-space: nowrap; }
.menu-item:hover, .menu-item:focus { background: var(--_hover); outline: none; }
.menu-item:focus-visible { outline: 2px solid var(--_accent); outline-offset: -2px; }
/* Filled, as MUI's: tinted with the text colour, underlined while focused. */
.search { display: flex; align-items: center; gap: 4px; margin: 0; padding: 0 6px 0 12px; min-width: 0;
  border: 0; border-radius: var(--_radius); background: color-mix(in srgb, var(--_fg) 8%, transparent);
  transition: background-color 150ms, box-shadow 150ms; }
.search:hover { background: color-mix(in srgb, var(--_fg) 12%, transparent); }
.search:focus-within { box-shadow: inset 0 -2px var(--_accent); }
/* The clear button has its own ring (ignored where :has is unsupported). */
.search:has(.search-clear:focus-visible) { box-shadow: none; }
.search-label { display: flex; align-items: center; gap: var(--_space); flex: 1; min-width: 0; color: var(--_muted); }
.search-label .icon { width: 20px; height: 20px; flex-shrink: 0; }
.search-input { flex: 1; min-width: 0; padding: 13px 0; border: 0; background: transparent; color: var(--_fg);
  font: inherit; font-size: 1rem; }
.search-input:focus, .search-input:focus-visible { outline: none; }
.search-input::-webkit-search-cancel-button { -webkit-appearance: none; appearance: none; }
.search-input::placeholder { color: var(--_muted); opacity: 1; }
.search-clear { width: 32px; height: 32px; }
/* The field is only 12 px taller: the ring stays inside it. */
.search-clear:focus-visible { outline-offset: 0; }
.search-clear .icon { width: 20px; height: 20px; }
.placeholder { display: flex; flex-direction: column; align-items: center; gap: var(--_space);
  margin: 0 calc(var(--_space) * -2); padding: calc(var(--_space) * 3) calc(var(--_space) * 2);
  border-top: 1px solid var(--_border); text-align: center; }
.placeholder-logo { display: flex; }
.placeholder-logo .auth-logo { width: 64px; height: 32px; color: var(--_muted); }
.placeholder-text { margin: 0; color: var(--_muted); font-size: 1.125rem; line-height: 1.5; overflow-wrap: anywhere; }
.repo-url { display: block; margin-top: var(--_space); font-size: 0.875rem; }
.repo-url > span { display: inline-block; }
.cta { display: inline-block; padding: 6px 16px; border-radius: var(--_radius); background: var(--_accent);
  color: var(--_bg); font-size: 0.875rem; font-weight: 500; text-decoration: none; text-transform: uppercase; }
.cta:hover { filter: brightness(1.1); }
.list-error { margin: 0 calc(var(--_space) * -2); padding: var(--_space) calc(var(--_space) * 2) 0;
  border-top: 1px solid var(--_border); }
.retry { font: inherit; font-size: 0.875rem; font-weight: 500; text-transform: uppercase; padding: 6px 16px;
  border: 1px solid var(--_accent); border-radius: var(--_radius); background: transparent; color: var(--_accent); cursor: pointer; }
.retry:hover { background: var(--_hover); }
.list-frame { position: relative; margin: 0 calc(var(--_space) * -2); border-top: 1px solid var(--_border); }
/* Scroll hints: rows hidden above swap the rule for a shadow (a rule just
   over a row's rule reads double); rows hidden below fade out. */
.list-frame::before, .list-frame::after { content: ""; position: absolute; left: 0; right: 0;
  pointer-events: none; opacity: 0; transition: opacity 150ms; }
.list-frame::before { top: 0; height: 8px; background: linear-gradient(rgba(0, 0, 0, 0.24), transparent); }
.list-frame::after { bottom: 0; height: 24px; background: linear-gradient(transparent, var(--_bg)); }
.list-frame[data-above] { border-top-color: transparent; }
.list-frame[data-above]::before, .list-frame[data-below]::after { opacity: 1; }
/* VISIBLE_ROWS: the half row shows there are more. */
.list-scroll { max-height: calc(var(--_row) * 4.5); overflow-y: auto; scroll-padding-bottom: 24px; }
.ws-list { margin: 0; padding: 0; list-style: none; }
.list-scroll.windowed { overflow-anchor: none; }
.ws-item { display: flex; align-items: center; gap: calc(var(--_space) * 1.5); box-sizing: border-box;
  height: var(--_row); padding: 0 16px; cursor: pointer; border-bottom: 1px solid var(--_border);
  transition: background-color 150ms; }
.ws-item:last-child { border-bottom: 0; }
.ws-item:hover { background: var(--_hover); }
.ws-icon { display: flex; align-items: center; justify-content: center; flex-shrink: 0; width: 28px; height: 28px;
  border-radius: 50%; overflow: hidden; background: var(--_border); }
.ws-icon-img { width: 100%; height: 100%; object-fit: contain; }
.ws-icon-emoji { width: 65%; height: 65%; }
.ws-icon-initial { font-size: 0.875rem; font-weight: 700; line-height: 1; color: var(--_fg); }
.ws-text { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.ws-name { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; font-size: 1rem; line-height: 1.5rem; }
.status { display: flex; align-items: center; gap: 6px; font-size: 0.875rem; line-height: 1.25rem;
  color: var(--_muted); white-space: nowrap; --_dot: var(--_offline); }
.status[data-status="online"] { --_dot: var(--_online); --_dot-fill: var(--_online-fill); }
.status[data-status="pending"] { --_dot: var(--_pending); }
.status[data-status="failed"] { --_dot: var(--_failed); }
.status[data-status="deleting"] { --_dot: var(--_deleting); }
.status-dot { flex: none; box-sizing: border-box; width: 8px; height: 8px; border-radius: 50%;
  border: 1px solid var(--_dot); background: var(--_dot-fill, var(--_dot)); }
/* MUI's outlined button, as a link. */
.ws-open { flex-shrink: 0; padding: 5px 15px; border: 1px solid var(--_accent); border-radius: var(--_radius);
  color: var(--_accent); font-size: 0.875rem; font-weight: 500; line-height: 1.75; letter-spacing: 0.02857em;
  text-transform: uppercase; text-decoration: none; transition: background-color 150ms; }
.ws-open:hover { background: color-mix(in srgb, var(--_accent) 10%, transparent); }
.ws-open .sr-only { text-transform: none; }
/* A row's actions: its menu floats in the top layer (a list's scroll
   area would clip it), placed by its button. */
.row-actions { flex-shrink: 0; margin-right: -8px; }
.menu[popover] { position: fixed; inset: auto; margin: 0; border: 0; padding: 4px 0; max-height: 60vh;
  overflow-y: auto; width: max-content; max-width: min(22em, 90vw); }
.menu a.menu-item { display: block; color: inherit; text-decoration: none; overflow: hidden; text-overflow: ellipsis; }
.menu li[role="none"] { display: block; }
.menu .menu-item[data-kind="build"] + li[role="none"],
.menu li[role="none"]:has(> [data-kind="coder"]) { border-top: 1px solid var(--_border); }
.menu-item[aria-disabled="true"] { color: var(--_disabled); cursor: default; }
.ws-badge { flex-shrink: 0; margin-left: 2px; padding: 0 6px; border: 1px solid var(--_pending); border-radius: 10px;
  color: var(--_fg); font-size: 0.75rem; line-height: 1.125rem; }
.ws-item.has-error { height: auto; min-height: var(--_row); padding-block: 6px; }
.row-error { margin: 4px 0 0; padding: 4px 8px; border-radius: var(--_radius); background: var(--_error-bg);
  color: var(--_error-fg); font-size: 0.8125rem; line-height: 1.4; white-space: normal; overflow-wrap: anywhere; cursor: default; }
.row-error a { color: inherit; font-weight: 500; }
.text-button, .primary-button { font: inherit; font-size: 0.875rem; font-weight: 500; text-transform: uppercase;
  padding: 6px 12px; border-radius: var(--_radius); cursor: pointer; }
.text-button { border: 0; background: transparent; color: var(--_accent); }
.row-error .text-button { padding: 0 4px; color: inherit; font-size: 0.75rem; }
.text-button:hover { background: var(--_hover); }
.primary-button { border: 0; background: var(--_accent); color: var(--_bg); }
.primary-button:hover { filter: brightness(1.1); }
.confirm-dialog { box-sizing: border-box; width: min(28rem, calc(100vw - 32px)); padding: 24px; border: 0;
  border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); font-family: var(--_font);
  box-shadow: 0 11px 15px -7px rgba(0,0,0,.2), 0 24px 38px 3px rgba(0,0,0,.14), 0 9px 46px 8px rgba(0,0,0,.12); }
.confirm-dialog::backdrop { background: rgba(0, 0, 0, 0.5); }
.confirm-title { margin: 0 0 var(--_space); font-size: 1.25rem; font-weight: 500; line-height: 1.6; overflow-wrap: anywhere; }
.confirm-text { margin: 0 0 calc(var(--_space) * 3); color: var(--_muted); font-size: 1rem; line-height: 1.5; }
.confirm-buttons { display: flex; justify-content: flex-end; gap: var(--_space); }
.partial { margin: var(--_space) 0 0; color: var(--_muted); font-size: 0.8125rem; overflow-wrap: anywhere; }
.reminders { max-height: 240px; overflow-y: auto; margin: 0 calc(var(--_space) * -2) calc(var(--_space) * -2);
  padding: var(--_space) calc(var(--_space) * 2); border-top: 1px solid var(--_border); }
.disclosure-button { display: block; width: 100%; padding: 6px 0; border: 0; background: transparent; color: var(--_fg);
  font: inherit; font-size: 0.875rem; text-align: start; cursor: pointer; }
.disclosure-button:hover { text-decoration: underline; }
.disclosure-arrow { display: inline-block; width: 1.25em; font-size: 0.75em; color: var(--_muted); }
.disclosure-panel { padding: 0 0 var(--_space) 1em; color: var(--_muted); font-size: 0.875rem; line-height: 1.5; }
.disclosure-panel p { margin: 0 0 var(--_space); }
.card-status:empty { display: none; }
.card-status { margin: 0 0 var(--_space); font-size: 0.8125rem; color: var(--_muted); }
.progress { display: block; position: relative; height: 4px; overflow: hidden; margin-bottom: calc(var(--_space) / 2);
  background: color-mix(in srgb, var(--_accent) 25%, transparent); }
/* Moved by transform, not `left`: the compositor animates it, so a slow
   refresh costs the page's main thread no layout per frame. */
.progress > span { position: absolute; inset: 0 auto 0 0; width: 40%; background: var(--_accent);
  animation: coder-progress 1.2s ease-in-out infinite; will-change: transform; }
@keyframes coder-progress { from { transform: translateX(-100%); } to { transform: translateX(250%); } }
.stale-notice { display: flex; align-items: flex-start; gap: var(--_space); padding: var(--_space) calc(var(--_space) * 1.5);
  border-radius: var(--_radius); background: var(--_warn-bg); color: var(--_warn-fg); }
.stale-icon { flex-shrink: 0; width: 20px; height: 20px; border-radius: 50%; background: var(--_warn-fg); color: var(--_warn-bg);
  font-weight: 700; text-align: center; line-height: 20px; }
.stale-text { flex: 1; min-width: 0; }
.stale-title, .stale-detail { margin: 0; overflow-wrap: anywhere; }
.stale-title { font-size: 0.875rem; }
.stale-detail { margin-top: calc(var(--_space) / 2); }
.stale-retry { flex-shrink: 0; padding: 2px 8px; font-size: 0.8125rem; border-color: currentColor; color: inherit; }
.results.stale .ws-list, .results.stale .placeholder { opacity: 0.55; filter: grayscale(1); }
@media (prefers-reduced-motion: reduce) { .icon-button, .tooltip, .ws-item { transition: none; }
  .progress > span { animation: none; width: 100%; opacity: 0.6; } }
"#;

/// `<coder-provider-settings>`: a settings-page row (its own rules are in
/// the auth styles every element gets).
pub const SETTINGS_CSS: &str = "";
