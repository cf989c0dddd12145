//! Cools (クール), the plan calendar and maintenance windows: which writes the
//! clock allows. Everything here is data from the master plus pure functions of
//! "now", so every write handler and the cut-off job decide the same way.

use crate::clock::jst;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// Distribution channel of a cool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 一般 (medical institutions and venues), weekly demand.
    General,
    /// 職域 (workplace venues), weekly demand.
    Workplace,
    /// 追加接種 (boosters), vaccination plans.
    Booster,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::General => "general",
            Channel::Workplace => "workplace",
            Channel::Booster => "booster",
        }
    }
    pub fn label_ja(self) -> &'static str {
        match self {
            Channel::General => "一般",
            Channel::Workplace => "職域",
            Channel::Booster => "追加接種",
        }
    }
}

/// What the national office enters for one cool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoolDef {
    pub number: u32,
    pub channel: Channel,
    /// Product code of the vaccine master.
    pub product: String,
    /// Monday of the delivery week (配送週).
    pub delivery_week: NaiveDate,
    pub vaccination_from: NaiveDate,
    pub vaccination_until: NaiveDate,
    /// Registration opens (weekly demand: Friday; plans follow the calendar).
    pub registration_opens: DateTime<Utc>,
    /// Registration deadline: a Tuesday, 15:00 JST.
    pub registration_deadline: DateTime<Utc>,
}

impl CoolDef {
    /// `booster-02`: unique per channel and number.
    pub fn id(&self) -> String {
        cool_id(self.channel, self.number)
    }

    /// "武田/モデルナ社ワクチン（追加接種） 02クール（02/21週配送）"
    pub fn label(&self, product_name: &str) -> String {
        format!(
            "{product_name} {:02}クール（{}週配送）",
            self.number,
            self.delivery_week.format("%m/%d")
        )
    }

    /// The first field that breaks a rule, with its message.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if self.number == 0 || self.number > 999 {
            return Err(("number", "クール番号は1〜999で入力してください。".into()));
        }
        if !is_tuesday_1500_jst(self.registration_deadline) {
            return Err((
                "registration_deadline",
                "登録締切は火曜日15:00（日本時間）で入力してください。".into(),
            ));
        }
        if self.registration_opens >= self.registration_deadline {
            return Err((
                "registration_opens",
                "登録開始は登録締切より前の日時で入力してください。".into(),
            ));
        }
        if self.delivery_week.weekday() != Weekday::Mon {
            return Err((
                "delivery_week",
                "配送週はその週の月曜日の日付で入力してください。".into(),
            ));
        }
        let deadline_day = self
            .registration_deadline
            .with_timezone(&jst())
            .date_naive();
        if self.delivery_week <= deadline_day {
            return Err((
                "delivery_week",
                "配送週は登録締切より後の週を入力してください。".into(),
            ));
        }
        if self.vaccination_until < self.vaccination_from {
            return Err((
                "vaccination_until",
                "接種期間の終了日は開始日以降の日付で入力してください。".into(),
            ));
        }
        if self.vaccination_from < self.delivery_week {
            return Err((
                "vaccination_from",
                "接種期間は配送週以降の日付で入力してください。".into(),
            ));
        }
        Ok(())
    }
}

pub fn cool_id(channel: Channel, number: u32) -> String {
    format!("{}-{number:02}", channel.as_str())
}

/// Deadlines are Tuesdays at 15:00:00 JST exactly.
pub fn is_tuesday_1500_jst(t: DateTime<Utc>) -> bool {
    let j = t.with_timezone(&jst());
    j.weekday() == Weekday::Tue
        && j.hour() == 15
        && j.minute() == 0
        && j.second() == 0
        && j.nanosecond() == 0
}

/// The most recent Tuesday 15:00 JST at or before `now`: the deadline a
/// cut-off run at `now` (on time or late) is closing.
pub fn last_deadline(now: DateTime<Utc>) -> DateTime<Utc> {
    let j = now.with_timezone(&jst());
    let back = (j.weekday().num_days_from_monday() + 7 - Weekday::Tue.num_days_from_monday()) % 7;
    let tuesday = j.date_naive() - chrono::Days::new(u64::from(back));
    let at = crate::domain::calendar::jst_instant(tuesday, 15, 0);
    if at <= now {
        at
    } else {
        at - chrono::Duration::days(7)
    }
}

/// Kinds of period in the plan calendar (seed 002 「3つのステータス」).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// 登録期間: plans of open cools may change.
    Registration,
    /// 計画確認中: the national office reviews plans; nothing may change.
    PlanReview,
    /// 分配処理中: a cool's distribution is processed; nothing may change.
    Distribution,
}

impl PeriodKind {
    pub fn label_ja(self) -> &'static str {
        match self {
            PeriodKind::Registration => "登録期間",
            PeriodKind::PlanReview => "計画確認中",
            PeriodKind::Distribution => "分配処理中",
        }
    }
}

/// One period of the plan calendar: `[from, until)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    /// Shown to users, e.g. 「登録期間④」.
    pub label: String,
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// The booster cool whose distribution is processed (distribution only).
    #[serde(default)]
    pub cool_number: Option<u32>,
}

/// Checks a whole calendar: ordered, back to back, registration periods end
/// at a Tuesday 15:00 deadline, distribution periods name their cool.
pub fn check_calendar(periods: &[Period]) -> Result<(), (String, String)> {
    let field = |i: usize, f: &str| format!("periods[{i}].{f}");
    if periods.len() > 260 {
        return Err((
            "periods".into(),
            "期間は260件以内で登録してください。".into(),
        ));
    }
    for (i, p) in periods.iter().enumerate() {
        if p.label.trim().is_empty() || p.label.chars().count() > 50 {
            return Err((
                field(i, "label"),
                "表示名を50文字以内で入力してください。".into(),
            ));
        }
        if p.until <= p.from {
            return Err((
                field(i, "until"),
                "終了日時は開始日時より後にしてください。".into(),
            ));
        }
        if i > 0 && periods[i - 1].until != p.from {
            return Err((
                field(i, "from"),
                "期間は前の期間の終了日時から切れ目なく続けてください。".into(),
            ));
        }
        if p.kind == PeriodKind::Registration && !is_tuesday_1500_jst(p.until) {
            return Err((
                field(i, "until"),
                "登録期間は火曜日15:00（日本時間）で終了させてください。".into(),
            ));
        }
        match (p.kind, p.cool_number) {
            (PeriodKind::Distribution, None) => {
                return Err((
                    field(i, "cool_number"),
                    "分配処理の対象クールを入力してください。".into(),
                ))
            }
            (PeriodKind::Registration | PeriodKind::PlanReview, Some(_)) => {
                return Err((
                    field(i, "cool_number"),
                    "クールは分配処理期間にのみ指定できます。".into(),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// The period `now` falls in, if the calendar covers it.
pub fn period_at(periods: &[Period], now: DateTime<Utc>) -> Option<&Period> {
    periods.iter().find(|p| p.from <= now && now < p.until)
}

/// Why a write is refused by the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Before the cool's registration opens.
    NotOpen { opens: DateTime<Utc> },
    /// At or after the cool's deadline: its registrations are the allocation input.
    DeadlinePassed { deadline: DateTime<Utc> },
    /// The plan calendar is in review or distribution: no cool may change.
    Phase {
        kind: PeriodKind,
        until: DateTime<Utc>,
    },
    /// The plan calendar has no period for now.
    OutsideCalendar,
}

impl Refusal {
    pub fn code(&self) -> crate::error::Code {
        use crate::error::codes;
        match self {
            Refusal::NotOpen { .. } => codes::REGISTRATION_NOT_OPEN,
            Refusal::DeadlinePassed { .. } => codes::DEADLINE_PASSED,
            Refusal::Phase {
                kind: PeriodKind::PlanReview,
                ..
            } => codes::PLAN_REVIEW_IN_PROGRESS,
            Refusal::Phase { .. } => codes::DISTRIBUTION_IN_PROGRESS,
            Refusal::OutsideCalendar => codes::OUTSIDE_REGISTRATION_PERIOD,
        }
    }

    pub fn message(&self) -> String {
        let t = |t: &DateTime<Utc>| crate::clock::to_jst_display(*t);
        match self {
            Refusal::NotOpen { opens } => format!("このクールの登録は{}から受け付けます。", t(opens)),
            Refusal::DeadlinePassed { deadline } => {
                format!("登録締切（{}）を過ぎたため、登録・変更できません。", t(deadline))
            }
            Refusal::Phase { kind: PeriodKind::PlanReview, until } => format!(
                "現在登録量の確認中（計画確認中）につき、接種計画を変更できません。{}以降に変更してください。",
                t(until)
            ),
            Refusal::Phase { until, .. } => format!(
                "現在分配処理中につき、接種計画を変更できません。{}以降に変更してください。",
                t(until)
            ),
            Refusal::OutsideCalendar => "現在は接種計画の登録期間ではありません。".into(),
        }
    }
}

/// Weekly demand: writable from the cool's opening to its deadline.
pub fn demand_writable(cool: &CoolDef, now: DateTime<Utc>) -> Result<(), Refusal> {
    if now >= cool.registration_deadline {
        return Err(Refusal::DeadlinePassed {
            deadline: cool.registration_deadline,
        });
    }
    if now < cool.registration_opens {
        return Err(Refusal::NotOpen {
            opens: cool.registration_opens,
        });
    }
    Ok(())
}

/// Plans as a whole: only inside a registration period of the calendar.
pub fn plans_writable(calendar: &[Period], now: DateTime<Utc>) -> Result<(), Refusal> {
    match period_at(calendar, now) {
        Some(p) if p.kind == PeriodKind::Registration => Ok(()),
        Some(p) => Err(Refusal::Phase {
            kind: p.kind,
            until: p.until,
        }),
        None => Err(Refusal::OutsideCalendar),
    }
}

/// One cool's plan inside a registration period: its deadline must be ahead.
pub fn plan_cool_writable(cool: &CoolDef, now: DateTime<Utc>) -> Result<(), Refusal> {
    if now >= cool.registration_deadline {
        Err(Refusal::DeadlinePassed {
            deadline: cool.registration_deadline,
        })
    } else {
        Ok(())
    }
}

/// A maintenance window (e.g. Sunday 10:00–17:00): writes answer 503.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceWindow {
    pub id: String,
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    #[serde(default)]
    pub reason: Option<String>,
}

pub fn maintenance_at(
    windows: &[MaintenanceWindow],
    now: DateTime<Utc>,
) -> Option<&MaintenanceWindow> {
    windows.iter().find(|w| w.from <= now && now < w.until)
}

/// The delivery round of a site in a channel, counting every cool since its
/// first registration whether or not anything was delivered (seed 000 ※).
pub fn delivery_round(first_cool_number: u32, this_cool_number: u32) -> u32 {
    this_cool_number.saturating_sub(first_cool_number) + 1
}

/// From the third round on, delivery is capped by the weekly planned doses.
pub fn delivery_cap(round: u32, weekly_planned_doses: u64) -> Option<u64> {
    (round >= 3).then_some(weekly_planned_doses)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::jst_instant;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn at(m: u32, day: u32, h: u32) -> DateTime<Utc> {
        jst_instant(d(2022, m, day), h, 0)
    }
    fn period(
        kind: PeriodKind,
        label: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        cool: Option<u32>,
    ) -> Period {
        Period {
            kind,
            label: label.into(),
            from,
            until,
            cool_number: cool,
        }
    }

    /// Seed 002 「スケジュール」, February–March 2022.
    fn calendar_2022_02() -> Vec<Period> {
        use PeriodKind::*;
        vec![
            period(Registration, "登録期間③", at(2, 4, 0), at(2, 8, 15), None),
            period(PlanReview, "計画確認中", at(2, 8, 15), at(2, 11, 0), None),
            period(Registration, "登録期間④", at(2, 11, 0), at(2, 15, 15), None),
            period(
                Distribution,
                "第2クール分配処理中",
                at(2, 15, 15),
                at(2, 19, 0),
                Some(2),
            ),
            period(Registration, "登録期間⑤", at(2, 19, 0), at(2, 22, 15), None),
            period(PlanReview, "計画確認中", at(2, 22, 15), at(2, 26, 0), None),
            period(Registration, "登録期間⑥", at(2, 26, 0), at(3, 1, 15), None),
            period(
                Distribution,
                "第3クール分配処理中",
                at(3, 1, 15),
                at(3, 5, 0),
                Some(3),
            ),
            period(Registration, "登録期間⑦", at(3, 5, 0), at(3, 8, 15), None),
        ]
    }

    #[test]
    fn the_february_2022_calendar_is_valid_and_says_what_is_writable_each_day() {
        let cal = calendar_2022_02();
        assert_eq!(check_calendar(&cal), Ok(()));
        // Day by day at noon JST: W = writable, R = plan review, D = distribution.
        let expected = [
            (7, 'W'),
            (8, 'W'),
            (9, 'R'),
            (10, 'R'),
            (11, 'W'),
            (12, 'W'),
            (13, 'W'),
            (14, 'W'),
            (15, 'W'),
            (16, 'D'),
            (17, 'D'),
            (18, 'D'),
            (19, 'W'),
            (20, 'W'),
            (21, 'W'),
            (22, 'W'),
            (23, 'R'),
            (24, 'R'),
            (25, 'R'),
            (26, 'W'),
            (27, 'W'),
            (28, 'W'),
        ];
        for (day, want) in expected {
            let got = match plans_writable(&cal, at(2, day, 12)) {
                Ok(()) => 'W',
                Err(Refusal::Phase {
                    kind: PeriodKind::PlanReview,
                    ..
                }) => 'R',
                Err(Refusal::Phase {
                    kind: PeriodKind::Distribution,
                    ..
                }) => 'D',
                Err(other) => panic!("2/{day}: {other:?}"),
            };
            assert_eq!(got, want, "2022-02-{day} 12:00 JST");
        }
        // Tuesday deadlines close at 15:00 sharp.
        assert!(plans_writable(&cal, at(2, 15, 15) - chrono::Duration::seconds(1)).is_ok());
        let refused = plans_writable(&cal, at(2, 15, 15)).unwrap_err();
        assert_eq!(
            refused,
            Refusal::Phase {
                kind: PeriodKind::Distribution,
                until: at(2, 19, 0)
            }
        );
        assert!(refused.message().contains("分配処理中"));
        assert!(refused.message().contains("2022年02月19日 00:00"));
        assert_eq!(
            plans_writable(&cal, at(4, 1, 12)),
            Err(Refusal::OutsideCalendar)
        );
    }

    #[test]
    fn calendar_checks_name_the_period() {
        let mut cal = calendar_2022_02();
        cal[2].from = at(2, 11, 1);
        assert_eq!(check_calendar(&cal).unwrap_err().0, "periods[2].from");
        let mut cal = calendar_2022_02();
        cal[0].until = at(2, 8, 16);
        cal[1].from = at(2, 8, 16);
        assert_eq!(check_calendar(&cal).unwrap_err().0, "periods[0].until");
        let mut cal = calendar_2022_02();
        cal[3].cool_number = None;
        assert_eq!(
            check_calendar(&cal).unwrap_err().0,
            "periods[3].cool_number"
        );
    }

    fn cool2() -> CoolDef {
        CoolDef {
            number: 2,
            channel: Channel::Booster,
            product: "moderna-booster".into(),
            delivery_week: d(2022, 2, 21),
            vaccination_from: d(2022, 2, 28),
            vaccination_until: d(2022, 3, 13),
            registration_opens: at(1, 28, 0),
            registration_deadline: at(2, 15, 15),
        }
    }

    #[test]
    fn cool_rules() {
        assert_eq!(cool2().check(), Ok(()));
        assert_eq!(cool2().id(), "booster-02");
        let mut c = cool2();
        c.registration_deadline = at(2, 16, 15);
        assert_eq!(c.check().unwrap_err().0, "registration_deadline");
        let mut c = cool2();
        c.registration_deadline = jst_instant(d(2022, 2, 15), 15, 1);
        assert_eq!(c.check().unwrap_err().0, "registration_deadline");
        let mut c = cool2();
        c.delivery_week = d(2022, 2, 22);
        assert_eq!(c.check().unwrap_err().0, "delivery_week");
        let mut c = cool2();
        c.delivery_week = d(2022, 2, 14);
        assert_eq!(c.check().unwrap_err().0, "delivery_week");
        let mut c = cool2();
        c.vaccination_until = d(2022, 2, 27);
        assert_eq!(c.check().unwrap_err().0, "vaccination_until");
    }

    #[test]
    fn demand_deadline_boundary_in_jst_and_utc() {
        let c = cool2();
        let before: DateTime<Utc> = "2022-02-15T05:59:59Z".parse().unwrap();
        let sharp: DateTime<Utc> = "2022-02-15T06:00:00Z".parse().unwrap();
        assert_eq!(sharp, at(2, 15, 15));
        assert_eq!(demand_writable(&c, before), Ok(()));
        assert_eq!(
            demand_writable(&c, before + chrono::Duration::milliseconds(999)),
            Ok(())
        );
        assert_eq!(
            demand_writable(&c, sharp),
            Err(Refusal::DeadlinePassed { deadline: sharp })
        );
        assert!(matches!(
            demand_writable(&c, at(1, 27, 23)),
            Err(Refusal::NotOpen { .. })
        ));
    }

    #[test]
    fn last_deadline_of_a_run_on_time_late_or_early() {
        assert_eq!(last_deadline(at(2, 15, 15)), at(2, 15, 15));
        assert_eq!(
            last_deadline(at(2, 15, 15) + chrono::Duration::milliseconds(1)),
            at(2, 15, 15)
        );
        assert_eq!(last_deadline(at(2, 17, 9)), at(2, 15, 15));
        assert_eq!(last_deadline(at(2, 15, 14)), at(2, 8, 15));
        assert_eq!(last_deadline(at(2, 21, 23)), at(2, 15, 15));
    }

    #[test]
    fn cap_from_the_third_round() {
        assert_eq!(delivery_round(5, 5), 1);
        assert_eq!(delivery_round(5, 7), 3);
        assert_eq!(delivery_cap(2, 3000), None);
        assert_eq!(delivery_cap(3, 3000), Some(3000));
    }

    #[test]
    fn maintenance_window_is_half_open() {
        let w = vec![MaintenanceWindow {
            id: "m1".into(),
            from: at(6, 26, 10),
            until: at(6, 26, 17),
            reason: None,
        }];
        assert!(maintenance_at(&w, at(6, 26, 10)).is_some());
        assert!(maintenance_at(&w, at(6, 26, 17)).is_none());
        assert!(maintenance_at(&w, at(6, 26, 9)).is_none());
    }
}
