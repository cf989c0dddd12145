//! Notices (お知らせ, SPEC §11, seed 001): a prefecture's notice is published
//! once the nation approves it, a municipality's once its prefecture does.
//! Each carries a Japanese and an English text (nothing is translated
//! automatically) and a publication period; residents read the published
//! ones of their area on the public finder.

use crate::domain::org::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const MAX_TITLE: usize = 100;
pub const MAX_BODY: usize = 4_000;
/// Longest publication period (a notice is news, not a standing page).
pub const MAX_DAYS: i64 = 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// 承認待ち: sent for approval.
    Pending,
    /// 差戻し: sent back with a comment, to be corrected.
    SentBack,
    /// 公開（承認済）: shown in its period.
    Approved,
    /// 取下げ: withdrawn, shown nowhere.
    Withdrawn,
}

impl NoticeStatus {
    pub fn label_ja(self) -> &'static str {
        match self {
            NoticeStatus::Pending => "承認待ち",
            NoticeStatus::SentBack => "差戻し",
            NoticeStatus::Approved => "承認済",
            NoticeStatus::Withdrawn => "取下げ",
        }
    }

    /// The author may still change the text.
    pub fn editable(self) -> bool {
        matches!(self, NoticeStatus::Pending | NoticeStatus::SentBack)
    }
}

/// Who approves a notice written by `role`: a municipality's its
/// prefecture, a prefecture's the nation; nobody else writes notices.
pub fn approver(role: Role, pref: Option<&str>) -> Option<Approver> {
    match role {
        Role::Municipality => pref.map(|p| Approver::Prefecture(p.to_string())),
        Role::Prefecture => Some(Approver::Nation),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approver {
    Nation,
    Prefecture(String),
}

impl Approver {
    /// The approver's queue key part: `national` or the prefecture's code.
    pub fn key(&self) -> String {
        match self {
            Approver::Nation => "national".into(),
            Approver::Prefecture(p) => p.clone(),
        }
    }
}

/// Checks a publication period against `today`: it ends on or after it
/// starts, is not over, and is at most [`MAX_DAYS`] long. The error is the
/// message for `publish_until`.
pub fn check_period(from: NaiveDate, until: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if until < from {
        return Err("掲載終了日は掲載開始日以降の日付にしてください。".into());
    }
    if until < today {
        return Err("掲載終了日が過ぎています。".into());
    }
    if (until - from).num_days() >= MAX_DAYS {
        return Err(format!("掲載期間は{MAX_DAYS}日以内にしてください。"));
    }
    Ok(())
}

/// A published notice is shown from its first to its last day (inclusive).
pub fn in_period(from: NaiveDate, until: NaiveDate, day: NaiveDate) -> bool {
    from <= day && day <= until
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_municipality_is_approved_by_its_prefecture_a_prefecture_by_the_nation() {
        assert_eq!(approver(Role::Municipality, Some("13")), Some(Approver::Prefecture("13".into())));
        assert_eq!(approver(Role::Prefecture, Some("13")), Some(Approver::Nation));
        assert_eq!(approver(Role::Site, Some("13")), None);
        assert_eq!(approver(Role::National, None), None);
    }

    #[test]
    fn a_period_ending_before_it_starts_is_refused() {
        let today = d(2021, 11, 1);
        assert!(check_period(d(2021, 11, 1), d(2021, 11, 30), today).is_ok());
        assert!(check_period(d(2021, 11, 1), d(2021, 11, 1), today).is_ok(), "one day");
        assert!(check_period(d(2021, 11, 30), d(2021, 11, 1), today).unwrap_err().contains("以降"));
        assert!(check_period(d(2021, 10, 1), d(2021, 10, 31), today).unwrap_err().contains("過ぎて"));
        assert!(check_period(d(2021, 11, 1), d(2022, 11, 2), today).unwrap_err().contains("366日"));
    }

    #[test]
    fn a_notice_is_shown_on_its_first_and_last_day_only_within() {
        let (from, until) = (d(2021, 11, 1), d(2021, 11, 30));
        assert!(in_period(from, until, d(2021, 11, 30)));
        assert!(in_period(from, until, d(2021, 11, 1)));
        assert!(!in_period(from, until, d(2021, 12, 1)));
        assert!(!in_period(from, until, d(2021, 10, 31)));
    }
}
