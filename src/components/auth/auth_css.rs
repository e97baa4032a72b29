//! Styles of the sign-in parts, appended after `base_css!` to the card,
//! provider and settings stylesheets. Every colour, radius, spacing and font
//! comes from the `--_…` properties `base_css!` defines, so themes apply.

/// Rules for [`auth_form`](super::auth_form),
/// [`FallbackAuthUi`](super::FallbackAuthUi), [`settings_row`](super::settings_row)
/// and their parts. All classes start with `auth-` (plus the shared
/// `sr-only`).
pub const AUTH_CSS: &str = r#"
:host { --_on-accent: var(--coder-on-primary, #ffffff); --_warn-bg: var(--coder-warning-surface, #fff4e5);
  --_warn-fg: var(--coder-warning-text, #663c00); --_info-bg: var(--coder-info-surface, #e8f4fd);
  --_info-fg: var(--coder-info-text, #0d3c61); }
:host([theme="dark"]) { --_on-accent: var(--coder-on-primary, #0b1c2e); --_warn-bg: var(--coder-warning-surface, #332512);
  --_warn-fg: var(--coder-warning-text, #ffd699); --_info-bg: var(--coder-info-surface, #0f2a3f);
  --_info-fg: var(--coder-info-text, #b6dcfb); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.auth-logo { flex: none; color: var(--_fg); }
.auth-view { display: flex; flex-direction: column; align-items: center; gap: calc(var(--_space) * 2);
  max-width: 30rem; margin: 0 auto; padding: var(--_space) 0; text-align: center; }
.auth-text, .auth-secondary { margin: 0; font-size: 0.875rem; line-height: 1.43; }
.auth-secondary { color: var(--_muted); }
.auth-heading { margin: 0; font-size: 1.25rem; font-weight: 500; line-height: 1.6; }
.auth-intro { display: flex; flex-direction: column; align-items: center; gap: var(--_space); }
.auth-form { align-items: stretch; }
.auth-form > .auth-btn[type="submit"] { align-self: flex-end; }
.auth-field { display: flex; flex-direction: column; gap: calc(var(--_space) / 2); text-align: left; }
.auth-field label { font-size: 0.75rem; color: var(--_muted); }
.auth-field input { font: inherit; color: var(--_fg); background: transparent; padding: 10px 12px;
  border: 1px solid var(--_border); border-radius: var(--_radius); }
.auth-field input:hover { border-color: var(--_fg); }
.auth-field input:focus-visible { outline: 2px solid var(--_accent); outline-offset: -1px; border-color: var(--_accent); }
.auth-field input[aria-invalid="true"] { border-color: var(--_error-fg); }
.auth-divider { display: flex; align-items: center; gap: var(--_space); color: var(--_muted);
  font-size: 0.75rem; text-transform: uppercase; }
.auth-divider::before, .auth-divider::after { content: ""; flex: 1; border-top: 1px solid var(--_border); }
.auth-btn { font: inherit; font-size: 0.875rem; font-weight: 500; line-height: 1.75; letter-spacing: 0.02857em;
  text-transform: uppercase; padding: 6px 16px; border-radius: var(--_radius); border: 1px solid transparent;
  cursor: pointer; display: inline-flex; align-items: center; justify-content: center; gap: var(--_space);
  transition: background-color 150ms, box-shadow 150ms; }
.auth-btn:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
.auth-btn:disabled { cursor: default; opacity: 0.5; }
.auth-btn-contained { background: var(--_accent); color: var(--_on-accent); box-shadow: var(--_shadow); }
.auth-btn-contained:hover:not(:disabled) { filter: brightness(0.9); }
.auth-btn-outlined { background: transparent; color: var(--_accent); border-color: var(--_accent); }
.auth-btn-outlined:hover:not(:disabled), .auth-btn-text:hover { background: var(--_border); }
.auth-btn-text { background: transparent; color: inherit; padding: 4px 8px; }
.auth-btn-block { width: 100%; }
.auth-actions { display: flex; flex-wrap: wrap; justify-content: center; gap: var(--_space); }
.auth-banner { display: flex; align-items: center; gap: var(--_space); text-align: left;
  padding: 6px calc(var(--_space) * 2); border-radius: var(--_radius); font-size: 0.875rem; }
.auth-banner-text { flex: 1; margin: 0; overflow-wrap: anywhere; }
.auth-banner-text p { margin: 0; }
.auth-banner-text p + p { margin-top: calc(var(--_space) / 2); }
.auth-banner-info, .auth-banner-note { background: var(--_info-bg); color: var(--_info-fg); }
.auth-banner-error { background: var(--_error-bg); color: var(--_error-fg); }
.auth-banner-warning { background: var(--_warn-bg); color: var(--_warn-fg); }
.auth-banner-icon { flex: none; box-sizing: border-box; width: 20px; height: 20px; border-radius: 50%;
  display: inline-flex; align-items: center; justify-content: center; font-weight: 700; font-size: 0.8125rem; }
.auth-banner-error .auth-banner-icon, .auth-banner-warning .auth-banner-icon { background: currentColor; }
.auth-banner-error .auth-banner-icon::before, .auth-banner-warning .auth-banner-icon::before { content: "!"; }
.auth-banner-error .auth-banner-icon::before { color: var(--_error-bg); }
.auth-banner-warning .auth-banner-icon::before { color: var(--_warn-bg); }
.auth-banner-note .auth-banner-icon { border: 2px solid currentColor; }
.auth-banner-note .auth-banner-icon::before { content: "i"; font-family: Georgia, serif; }
.auth-banner-info .auth-banner-icon { border: 2px solid currentColor; border-top-color: transparent;
  animation: auth-spin 1s linear infinite; }
@keyframes auth-spin { to { transform: rotate(360deg); } }
.auth-dots span { animation: auth-dot 1.2s steps(1, end) infinite; opacity: 0; }
.auth-dots span:nth-child(2) { animation-delay: 0.3s; }
.auth-dots span:nth-child(3) { animation-delay: 0.6s; }
@keyframes auth-dot { 0% { opacity: 0; } 25%, 100% { opacity: 1; } }
.auth-detail { font-size: 0.8125rem; }
.auth-fallback-trigger { position: fixed; left: 50%; bottom: calc(var(--_space) * 3); transform: translateX(-50%);
  z-index: 9999; border-radius: 999px; padding: var(--_space) calc(var(--_space) * 2.5); }
.auth-fallback-trigger .auth-logo { color: inherit; }
.auth-modal { position: fixed; inset: 0; z-index: 10000; display: flex; align-items: center; justify-content: center;
  padding: calc(var(--_space) * 2); }
.auth-backdrop { position: absolute; inset: 0; background: rgba(0, 0, 0, 0.5); }
.auth-dialog { position: relative; box-sizing: border-box; width: 100%; max-width: 37.5rem; max-height: 100%;
  overflow: auto; background: var(--_bg); color: var(--_fg); border-radius: var(--_radius);
  box-shadow: 0 11px 15px -7px rgba(0,0,0,.2), 0 24px 38px 3px rgba(0,0,0,.14), 0 9px 46px 8px rgba(0,0,0,.12);
  display: flex; flex-direction: column; font-family: var(--_font); }
.auth-dialog:focus { outline: none; }
.auth-dialog-title { margin: 0; padding: calc(var(--_space) * 2) calc(var(--_space) * 3) var(--_space);
  font-size: 1.25rem; font-weight: 500; line-height: 1.6; text-align: center; }
.auth-dialog-content { padding: var(--_space) calc(var(--_space) * 3); }
.auth-dialog-actions { display: flex; justify-content: flex-end; padding: var(--_space); }
.auth-settings-row { display: flex; align-items: center; gap: calc(var(--_space) * 2);
  padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2); background: var(--_bg); }
.auth-settings-icon { display: inline-flex; }
.auth-settings-text { flex: 1; display: flex; flex-direction: column; gap: calc(var(--_space) / 2); min-width: 0; }
.auth-settings-title { margin: 0; font-size: 1rem; font-weight: 500; }
.auth-settings-error { margin: 0; padding: 6px calc(var(--_space) * 2); border-radius: var(--_radius);
  background: var(--_error-bg); color: var(--_error-fg); font-size: 0.875rem; overflow-wrap: anywhere; }
.auth-settings-action { flex: none; }
/* With a profile the text needs room: below 16rem the button goes to a line of its own, on the right. */
.auth-settings-row-profile { flex-wrap: wrap; }
.auth-settings-row-profile .auth-settings-text { flex: 1 1 16rem; }
.auth-settings-row-profile .auth-settings-action { margin-left: auto; }
.auth-settings-profile { display: flex; align-items: center; gap: calc(var(--_space) * 2); min-width: 0; }
.auth-settings-who { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.auth-settings-name { margin: 0; font-size: 1rem; line-height: 1.5; overflow-wrap: anywhere; }
.auth-settings-email { overflow-wrap: anywhere; }
.auth-avatar { position: relative; flex: none; width: 48px; height: 48px; border-radius: 50%; overflow: hidden;
  display: inline-flex; align-items: center; justify-content: center; background: var(--_border); color: var(--_fg); }
.auth-avatar-initials { font-size: 1.125rem; font-weight: 500; letter-spacing: 0.02em; text-transform: uppercase; }
.auth-avatar-img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; background: var(--_bg); }
.auth-avatar-img[hidden] { display: none; }
@media (prefers-reduced-motion: reduce) {
  .auth-dots span { animation: none; opacity: 1; }
  .auth-banner-info .auth-banner-icon { animation: none; border-top-color: currentColor; border-style: dotted; }
  .auth-btn { transition: none; }
}
"#;
