//! EventBridge Scheduler cron expressions, `cron(min hour dom month dow year)`,
//! read in a time zone. The emulator neither validates nor fires schedules, so
//! this is what checks the template's expressions and what the local gateway
//! uses to fire jobs on their Japan-time schedule.
//!
//! Supported: numbers, `*`, `?`, lists (`1,3`), ranges (`MON-FRI`, `9-17`) and
//! steps (`0/15`). Days of week are 1 = SUN … 7 = SAT, as in AWS.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    minutes: BTreeSet<u32>,
    hours: BTreeSet<u32>,
    days_of_month: Option<BTreeSet<u32>>,
    months: BTreeSet<u32>,
    days_of_week: Option<BTreeSet<u32>>,
    years: Option<BTreeSet<u32>>,
}

fn field(s: &str, lo: u32, hi: u32, names: &[&str]) -> Result<BTreeSet<u32>, String> {
    let mut out = BTreeSet::new();
    let value = |t: &str| -> Result<u32, String> {
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(t)) {
            return Ok(lo + i as u32);
        }
        let v: u32 = t.parse().map_err(|_| format!("bad value `{t}`"))?;
        if v < lo || v > hi {
            return Err(format!("`{v}` outside {lo}-{hi}"));
        }
        Ok(v)
    };
    for part in s.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, st)) => (
                r,
                st.parse::<u32>().map_err(|_| format!("bad step `{st}`"))?,
            ),
            None => (part, 1),
        };
        if step == 0 {
            return Err("step 0".into());
        }
        let (a, b) = if range == "*" {
            (lo, hi)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a)?, value(b)?)
        } else {
            let v = value(range)?;
            (v, if part.contains('/') { hi } else { v })
        };
        if a > b {
            return Err(format!("empty range `{range}`"));
        }
        out.extend((a..=b).step_by(step as usize));
    }
    Ok(out)
}

impl Cron {
    /// Parses `cron(...)` as written in the SAM template.
    pub fn parse(expr: &str) -> Result<Cron, String> {
        let inner = expr
            .trim()
            .strip_prefix("cron(")
            .and_then(|s| s.strip_suffix(')'))
            .ok_or_else(|| format!("`{expr}` is not cron(...)"))?;
        let f: Vec<&str> = inner.split_whitespace().collect();
        if f.len() != 6 {
            return Err(format!("`{expr}` needs 6 fields, has {}", f.len()));
        }
        let dom_q = f[2] == "?";
        let dow_q = f[4] == "?";
        if dom_q == dow_q {
            return Err("exactly one of day-of-month and day-of-week must be `?`".into());
        }
        const MONTHS: [&str; 12] = [
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ];
        const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
        Ok(Cron {
            minutes: field(f[0], 0, 59, &[])?,
            hours: field(f[1], 0, 23, &[])?,
            days_of_month: if dom_q {
                None
            } else {
                Some(field(f[2], 1, 31, &[])?)
            },
            months: field(f[3], 1, 12, &MONTHS)?,
            days_of_week: if dow_q {
                None
            } else {
                Some(field(f[4], 1, 7, &DAYS)?)
            },
            years: if f[5] == "*" {
                None
            } else {
                Some(field(f[5], 1970, 2199, &[])?)
            },
        })
    }

    /// Whether the schedule fires at this minute (seconds are ignored).
    pub fn matches(&self, t: DateTime<FixedOffset>) -> bool {
        let dow = t.weekday().num_days_from_sunday() + 1;
        self.minutes.contains(&t.minute())
            && self.hours.contains(&t.hour())
            && self.months.contains(&t.month())
            && self
                .days_of_month
                .as_ref()
                .is_none_or(|d| d.contains(&t.day()))
            && self.days_of_week.as_ref().is_none_or(|d| d.contains(&dow))
            && self
                .years
                .as_ref()
                .is_none_or(|y| y.contains(&(t.year() as u32)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jst(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn weekday_nine_am() {
        let c = Cron::parse("cron(0 9 ? * MON-FRI *)").unwrap();
        assert!(c.matches(jst("2021-04-21T09:00:30+09:00")));
        assert!(!c.matches(jst("2021-04-21T09:01:00+09:00")));
        assert!(!c.matches(jst("2021-04-24T09:00:00+09:00"))); // Saturday
    }

    #[test]
    fn tuesday_three_pm_and_steps() {
        let c = Cron::parse("cron(0 15 ? * TUE *)").unwrap();
        assert!(c.matches(jst("2022-02-15T15:00:00+09:00")));
        let c = Cron::parse("cron(0/15 * * * ? *)").unwrap();
        assert!(c.matches(jst("2022-02-15T15:45:00+09:00")));
        assert!(!c.matches(jst("2022-02-15T15:44:00+09:00")));
    }

    #[test]
    fn rejects_what_aws_rejects() {
        assert!(Cron::parse("cron(0 9 * * MON *)").is_err());
        assert!(Cron::parse("cron(0 25 ? * MON *)").is_err());
        assert!(Cron::parse("cron(0 9 ? * MON)").is_err());
        assert!(Cron::parse("rate(5 minutes)").is_err());
    }
}
