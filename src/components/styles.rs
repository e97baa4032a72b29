//! Component styles, injected into each element's shadow root.
//!
//! Every colour, font, radius and spacing comes from a CSS custom property
//! with a light default, so a Backstage theme (light or dark) can set them
//! on any ancestor; `theme="dark"` on a card switches the defaults.

/// Custom properties and shared rules, as a macro so `concat!` can join it
/// with each element's own rules at compile time.
macro_rules! base_css {
    () => {
        r#"
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
.mono { font-family: var(--_mono); font-size: 0.8125rem; overflow-wrap: anywhere; }
.secondary { color: var(--_muted); margin: 0; font-size: 0.875rem; }
.error { background: var(--_error-bg); color: var(--_error-fg); border-radius: var(--_radius);
  padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2); margin: var(--_space) 0; }
.error-title { display: block; font-size: 0.875rem; }
.error-message { margin: calc(var(--_space) / 2) 0 0; font-size: 0.875rem; overflow-wrap: anywhere; }
a { color: var(--_accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
"#
    };
}

/// `<coder-provider>`: layout-transparent wrapper.
pub const PROVIDER_CSS: &str = concat!(base_css!(), ":host { display: contents; }");

/// `<coder-workspaces-card>`: looks like a Backstage InfoCard.
pub const CARD_CSS: &str = concat!(
    base_css!(),
    r#"
.card { background: var(--_bg); border-radius: var(--_radius); box-shadow: var(--_shadow);
  display: flex; flex-direction: column; }
.card-header { display: flex; align-items: flex-start; justify-content: space-between;
  gap: var(--_space); padding: calc(var(--_space) * 2); border-bottom: 1px solid var(--_border); }
.title { margin: 0; font-size: 1.5rem; font-weight: 700; line-height: 1.334; }
.subheader { margin: calc(var(--_space) / 2) 0 0; color: var(--_muted); font-size: 0.875rem; overflow-wrap: anywhere; }
.create { font-size: 0.875rem; font-weight: 500; white-space: nowrap; padding: calc(var(--_space) / 2) var(--_space); }
.create[aria-disabled="true"] { color: var(--_muted); cursor: not-allowed; }
.card-body { padding: calc(var(--_space) * 2); }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: calc(var(--_space) / 2) calc(var(--_space) * 2); margin: 0; }
.summary dt { color: var(--_muted); font-size: 0.875rem; }
.summary dd { margin: 0; }
"#,
);

/// `<coder-provider-settings>`: a settings-page row.
pub const SETTINGS_CSS: &str = concat!(
    base_css!(),
    r#"
.row { display: flex; align-items: center; justify-content: space-between; gap: calc(var(--_space) * 2);
  padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2); background: var(--_bg); }
.row-title { margin: 0 0 calc(var(--_space) / 2); font-size: 1rem; font-weight: 500; }
"#,
);
