//! The timing rules of sign-in, sessions, links and codes.

use chrono::{DateTime, Duration, Utc};

/// A session ends after this long without a request…
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// …and in any case this long after sign-in.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// Mailed links (issuance, reset, e-mail change) are valid for 24 hours.
pub const LINK_VALIDITY: Duration = Duration::hours(24);
/// Verification codes are valid for 10 minutes…
pub const CODE_VALIDITY: Duration = Duration::minutes(10);
/// …and void after this many wrong tries.
pub const CODE_MAX_ATTEMPTS: u32 = 5;
/// Consecutive wrong passwords that lock an account…
pub const LOCK_AFTER_FAILURES: u32 = 5;
/// …for this long.
pub const LOCK_DURATION: Duration = Duration::minutes(30);
/// Unactivated accounts are reminded at most this many times; after that the
/// national office re-issues the account.
pub const MAX_ACTIVATION_REMINDERS: u32 = 3;
/// Browsers remembered per account (oldest forgotten first).
pub const MAX_KNOWN_DEVICES: usize = 10;

/// Whether a session created at `created` and last used at `last_seen` may still be used at `now`.
pub fn session_alive(created: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < created + ABSOLUTE_TIMEOUT && now < last_seen + IDLE_TIMEOUT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_and_absolute_timeouts() {
        let t0 = DateTime::parse_from_rfc3339("2021-04-21T09:00:00+09:00")
            .unwrap()
            .with_timezone(&Utc);
        assert!(session_alive(t0, t0, t0 + Duration::minutes(29)));
        assert!(!session_alive(t0, t0, t0 + Duration::minutes(30)));
        assert!(session_alive(
            t0,
            t0 + Duration::hours(11) + Duration::minutes(50),
            t0 + Duration::hours(11) + Duration::minutes(59)
        ));
        assert!(!session_alive(
            t0,
            t0 + Duration::hours(11) + Duration::minutes(59),
            t0 + Duration::hours(12)
        ));
    }
}
