//! Pure rules and types, no I/O. Every deadline rule takes "now" as a value.

pub mod account;
pub mod allocation;
pub mod availability;
pub mod billing;
pub mod calendar;
pub mod cool;
pub mod cron;
pub mod delivery;
pub mod facility;
pub mod faq;
pub mod inquiry;
pub mod manual;
pub mod notice;
pub mod org;
pub mod password;
pub mod reservation;
pub mod resident;
pub mod results;
pub mod session;
pub mod supply;

/// A count as the forms print it, grouped by thousands: 「1,000回接種分」, 「11,385円」.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(11_385), "11,385");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
