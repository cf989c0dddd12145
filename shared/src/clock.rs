//! Time is an input. Every rule takes "now" from a [`Clock`], so deadlines
//! (24-hour links, Wednesday 17:00 cut-offs, business days) are tested to the
//! second. Production uses [`SystemClock`]; the local gateway and the tests use
//! [`AdjustableClock`], which can be frozen at, or shifted to, any instant.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// Japan Standard Time: UTC+9, no daylight saving time.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("valid offset")
}

/// Formats an instant in JST for users and audit records: `2021-02-10T21:53:00+09:00`.
pub fn to_jst_string(t: DateTime<Utc>) -> String {
    t.with_timezone(&jst())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Formats an instant in JST for messages to users: `2022年02月19日 00:00`.
pub fn to_jst_display(t: DateTime<Utc>) -> String {
    t.with_timezone(&jst())
        .format("%Y年%m月%d日 %H:%M")
        .to_string()
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Real time shifted by an offset: time keeps running.
    Offset(Duration),
    /// Time stands still at this instant until changed.
    Frozen(DateTime<Utc>),
}

/// A clock that can be moved: used by the local gateway and the tests.
#[derive(Debug)]
pub struct AdjustableClock {
    mode: Mutex<Mode>,
}

impl Default for AdjustableClock {
    fn default() -> Self {
        Self {
            mode: Mutex::new(Mode::Offset(Duration::zero())),
        }
    }
}

impl AdjustableClock {
    pub fn frozen_at(t: DateTime<Utc>) -> Self {
        Self {
            mode: Mutex::new(Mode::Frozen(t)),
        }
    }

    /// Stops time at `t`.
    pub fn freeze(&self, t: DateTime<Utc>) {
        *self.mode.lock().expect("clock lock") = Mode::Frozen(t);
    }

    /// Lets time run again from `t` on.
    pub fn run_from(&self, t: DateTime<Utc>) {
        *self.mode.lock().expect("clock lock") = Mode::Offset(t - Utc::now());
    }

    /// Moves the clock by `d`, frozen or running.
    pub fn advance(&self, d: Duration) {
        let mut m = self.mode.lock().expect("clock lock");
        *m = match *m {
            Mode::Offset(o) => Mode::Offset(o + d),
            Mode::Frozen(t) => Mode::Frozen(t + d),
        };
    }

    /// Back to real time.
    pub fn reset(&self) {
        *self.mode.lock().expect("clock lock") = Mode::Offset(Duration::zero());
    }

    pub fn is_frozen(&self) -> bool {
        matches!(*self.mode.lock().expect("clock lock"), Mode::Frozen(_))
    }
}

impl Clock for AdjustableClock {
    fn now(&self) -> DateTime<Utc> {
        match *self.mode.lock().expect("clock lock") {
            Mode::Offset(o) => Utc::now() + o,
            Mode::Frozen(t) => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn frozen_clock_stands_still_and_advances_on_request() {
        let t = Utc.with_ymd_and_hms(2021, 4, 21, 7, 59, 59).unwrap();
        let c = AdjustableClock::frozen_at(t);
        assert_eq!(c.now(), t);
        c.advance(Duration::seconds(1));
        assert_eq!(to_jst_string(c.now()), "2021-04-21T17:00:00+09:00");
    }
}
