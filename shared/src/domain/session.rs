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
/// Password attempts of one kind (from known browsers, from unknown ones)
/// that are compared at once; past them each attempt waits a growing delay.
pub const FREE_ATTEMPTS: u32 = 5;
/// The longest delay between two throttled attempts.
pub const MAX_HOLD: Duration = Duration::minutes(60);
/// While one throttled attempt is being compared no other one starts; if its
/// request dies midway, the next may start after this long.
pub const IN_FLIGHT_HOLD: Duration = Duration::seconds(60);
/// Verification codes mailed to one account per hour (sign-in and links).
pub const CODE_MAILS_PER_HOUR: u32 = 5;
/// Verification codes compared for one account per hour (sign-in and links).
pub const CODE_CHECKS_PER_HOUR: u32 = 10;
/// Wrong security answers an account tolerates before only the national
/// office (re-issue) can help; a right answer starts counting afresh.
pub const MAX_ANSWER_ATTEMPTS: u32 = 5;
/// A remembered browser is forgotten after this long.
pub const DEVICE_MEMORY: Duration = Duration::days(180);
/// A session's last use is written at most this often: most requests then
/// cost the authorizer one read, and a session may end up to this much early.
pub const TOUCH_INTERVAL: Duration = Duration::seconds(60);
/// Unactivated accounts are reminded at most this many times; after that the
/// national office re-issues the account.
pub const MAX_ACTIVATION_REMINDERS: u32 = 3;
/// Browsers remembered per account (oldest forgotten first).
pub const MAX_KNOWN_DEVICES: usize = 10;

/// How long the attempt after the `attempt`-th (counted) wrong password must
/// wait: nothing while within [`FREE_ATTEMPTS`], then 1, 2, 4 … minutes up to
/// [`MAX_HOLD`]. A flat lock would let anyone who guesses an ID lock its owner
/// out; growing delays slow a guesser down just as well.
pub fn hold_after(attempt: u32) -> Duration {
    if attempt < FREE_ATTEMPTS {
        return Duration::zero();
    }
    let minutes = 1i64 << (attempt - FREE_ATTEMPTS).min(10);
    Duration::minutes(minutes).min(MAX_HOLD)
}

/// Whether a session created at `created` and last used at `last_seen` may still be used at `now`.
pub fn session_alive(created: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < created + ABSOLUTE_TIMEOUT && now < last_seen + IDLE_TIMEOUT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_after_the_free_attempts() {
        assert_eq!(hold_after(1), Duration::zero());
        assert_eq!(hold_after(4), Duration::zero());
        assert_eq!(hold_after(5), Duration::minutes(1));
        assert_eq!(hold_after(6), Duration::minutes(2));
        assert_eq!(hold_after(8), Duration::minutes(8));
        assert_eq!(hold_after(11), Duration::minutes(60));
        assert_eq!(hold_after(400), Duration::minutes(60));
    }

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
