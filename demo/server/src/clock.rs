//! The clock that drives the seeded builds' progression (pending → starting →
//! running). It is injectable so tests can jump forward instead of sleeping,
//! and resettable so end-to-end tests can replay the progression.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Time since the progression started. Cheap to clone; clones share state.
#[derive(Clone, Debug)]
pub struct Clock {
    inner: Arc<Mutex<ClockState>>,
}

#[derive(Debug)]
struct ClockState {
    base: Instant,
    /// `Some` for a manual clock: the current time relative to `base`.
    manual_now: Option<Duration>,
    /// When the progression (re)started, relative to `base`.
    start: Duration,
    /// Wall-clock time of the last (re)start, for the builds' `created_at`.
    started_wall: SystemTime,
    /// Wall-clock time at `base`, so [`Clock::wall`] moves with a manual clock.
    base_wall: SystemTime,
}

impl Clock {
    /// A clock that follows real time.
    pub fn system() -> Self {
        Self::with_manual(None)
    }

    /// A clock that only moves when [`Clock::advance`] is called.
    pub fn manual() -> Self {
        Self::with_manual(Some(Duration::ZERO))
    }

    fn with_manual(manual_now: Option<Duration>) -> Self {
        Clock {
            inner: Arc::new(Mutex::new(ClockState {
                base: Instant::now(),
                manual_now,
                start: Duration::ZERO,
                started_wall: SystemTime::now(),
                base_wall: SystemTime::now(),
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        // The state is always consistent, so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Time elapsed since the start (or the last reset).
    pub fn elapsed(&self) -> Duration {
        let s = self.lock();
        s.now().saturating_sub(s.start)
    }

    /// Restarts the progression from now.
    pub fn reset(&self) {
        let mut s = self.lock();
        s.start = s.now();
        s.started_wall = SystemTime::now();
    }

    /// Moves a manual clock forward; a system clock ignores this.
    pub fn advance(&self, by: Duration) {
        let mut s = self.lock();
        if let Some(now) = s.manual_now.as_mut() {
            *now += by;
        }
    }

    /// Wall-clock time of the start (or the last reset).
    pub fn started_wall(&self) -> SystemTime {
        self.lock().started_wall
    }

    /// Time since the clock was created. Unlike [`Clock::elapsed`] a reset
    /// doesn't rewind it, so OAuth codes and tokens can't be revived by
    /// `/__demo/reset`.
    pub fn monotonic(&self) -> Duration {
        self.lock().now()
    }

    /// The current wall-clock time as this clock sees it (a manual clock's
    /// advances included), for expiry timestamps shown to clients.
    pub fn wall(&self) -> SystemTime {
        let s = self.lock();
        s.base_wall + s.now()
    }
}

impl ClockState {
    fn now(&self) -> Duration {
        self.manual_now.unwrap_or_else(|| self.base.elapsed())
    }
}

/// Formats a time as RFC 3339 UTC with millisecond precision, the way
/// Coder's API prints timestamps.
pub fn rfc3339(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60,
        since.subsec_millis()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// well-known algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_709_294_400_123);
        assert_eq!(rfc3339(t), "2024-03-01T12:00:00.123Z");
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = Clock::manual();
        assert_eq!(c.elapsed(), Duration::ZERO);
        c.advance(Duration::from_secs(7));
        assert_eq!(c.elapsed(), Duration::from_secs(7));
        c.reset();
        assert_eq!(c.elapsed(), Duration::ZERO);
        c.advance(Duration::from_secs(2));
        assert_eq!(c.elapsed(), Duration::from_secs(2));
    }

    #[test]
    fn reset_does_not_rewind_the_monotonic_time() {
        let c = Clock::manual();
        let wall = c.wall();
        c.advance(Duration::from_secs(5));
        c.reset();
        assert_eq!(c.monotonic(), Duration::from_secs(5));
        assert_eq!(c.wall(), wall + Duration::from_secs(5));
    }
}
