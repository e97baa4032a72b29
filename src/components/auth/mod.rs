//! Sign-in UI: the auth form, the fallback button and dialog, the settings row.
