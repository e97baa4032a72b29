//! The limits every reader in [`crate::de`] shares, so JSON text, JS
//! values and YAML refuse the same inputs.

/// Nesting deeper than this is refused rather than risking the stack (a
/// cyclic JS object, a hostile answer or document). serde_yaml stops at
/// the same depth on its own.
pub const MAX_DEPTH: usize = 128;

/// The largest integer an `f64` (a JS number) holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `n` as an integer when it is one exactly, so a message quotes a JS `5`
/// as `5`, as YAML's reader does.
pub fn exact_integer(n: f64) -> Option<i64> {
    (n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER).then_some(n as i64)
}
