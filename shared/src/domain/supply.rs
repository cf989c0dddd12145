//! Vaccine, needle and syringe master (ワクチン・針・シリンジマスタ) and the
//! quantities derived from it: doses per pack and the needle/syringe boxes a
//! number of doses needs.

use serde::{Deserialize, Serialize};

/// One product as the master describes it. Ratios are in thousandths
/// (1.05 = 1050) so that every quantity stays an exact integer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Stable code, e.g. `moderna-booster`.
    pub code: String,
    /// 製品名 as shown to users.
    pub name: String,
    pub manufacturer: String,
    pub doses_per_vial: u32,
    pub vials_per_pack: u32,
    /// Needles per box (接種用針 100本/箱).
    pub needles_per_box: u32,
    /// Syringes per box (接種用シリンジ 100本/箱).
    pub syringes_per_box: u32,
    /// Needles needed per dose, in thousandths.
    pub needle_ratio_milli: u32,
    /// Syringes needed per dose, in thousandths.
    pub syringe_ratio_milli: u32,
    /// Days at least between the previous dose and a dose of this product
    /// (接種間隔: 28 for Moderna's second dose); 0: no interval is checked.
    #[serde(default)]
    pub dose_interval_days: u32,
}

impl Product {
    pub fn doses_per_pack(&self) -> u64 {
        u64::from(self.doses_per_vial) * u64::from(self.vials_per_pack)
    }

    /// Needle boxes for `doses`, rounded up to whole boxes.
    pub fn needle_boxes(&self, doses: u64) -> u64 {
        boxes_for(doses, self.needle_ratio_milli, self.needles_per_box)
    }

    /// Syringe boxes for `doses`, rounded up to whole boxes.
    pub fn syringe_boxes(&self, doses: u64) -> u64 {
        boxes_for(doses, self.syringe_ratio_milli, self.syringes_per_box)
    }

    /// "100回接種分 × 30 = 3000 回接種分"
    pub fn packs_label(&self, packs: u64) -> String {
        let per = self.doses_per_pack();
        format!("{per}回接種分 × {packs} = {} 回接種分", per * packs)
    }

    /// The first field that makes no sense, with its message.
    pub fn check(&self) -> Result<(), (&'static str, &'static str)> {
        let code_ok = !self.code.is_empty()
            && self.code.len() <= 40
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !code_ok {
            return Err((
                "code",
                "製品コードは英小文字・数字・ハイフン40文字以内で入力してください。",
            ));
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 100 {
            return Err(("name", "製品名を100文字以内で入力してください。"));
        }
        if self.manufacturer.trim().is_empty() || self.manufacturer.chars().count() > 100 {
            return Err((
                "manufacturer",
                "製造販売業者を100文字以内で入力してください。",
            ));
        }
        let counts = [
            ("doses_per_vial", self.doses_per_vial, 100),
            ("vials_per_pack", self.vials_per_pack, 1000),
            ("needles_per_box", self.needles_per_box, 10_000),
            ("syringes_per_box", self.syringes_per_box, 10_000),
        ];
        for (field, v, max) in counts {
            if v == 0 || v > max {
                return Err((field, "1以上の妥当な数を入力してください。"));
            }
        }
        for (field, v) in [
            ("needle_ratio_milli", self.needle_ratio_milli),
            ("syringe_ratio_milli", self.syringe_ratio_milli),
        ] {
            // 1 needle per dose up to 3 (dilution and spare needles included).
            if !(1000..=3000).contains(&v) {
                return Err((
                    field,
                    "1回接種あたりの本数は1.000〜3.000（1000〜3000）で入力してください。",
                ));
            }
        }
        Ok(())
    }
}

/// ceil(doses × ratio / box): 3,000 doses at 1.05 in boxes of 100 → 32.
pub fn boxes_for(doses: u64, ratio_milli: u32, per_box: u32) -> u64 {
    let pieces_milli = doses * u64::from(ratio_milli);
    let box_milli = u64::from(per_box) * 1000;
    pieces_milli.div_ceil(box_milli)
}

/// The products the master starts with (real pack sizes of 2021–2022; the
/// national office edits them through the API).
pub fn initial_products() -> Vec<Product> {
    let p = |code: &str, name: &str, maker: &str, dpv, vpp, needle, syringe, interval| Product {
        code: code.into(),
        name: name.into(),
        manufacturer: maker.into(),
        doses_per_vial: dpv,
        vials_per_pack: vpp,
        needles_per_box: 100,
        syringes_per_box: 100,
        needle_ratio_milli: needle,
        syringe_ratio_milli: syringe,
        dose_interval_days: interval,
    };
    vec![
        // 1 pack = 10 vials × 10 doses; needles and syringes 1.05 per dose.
        p(
            "moderna-primary",
            "武田/モデルナ社ワクチン（1・2回目）",
            "武田薬品工業",
            10,
            10,
            1050,
            1050,
            28,
        ),
        // Booster half dose: 15 doses a vial, 150 a pack; 1.5 needles per dose.
        p(
            "moderna-booster",
            "武田/モデルナ社ワクチン（追加接種）",
            "武田薬品工業",
            15,
            10,
            1500,
            1500,
            // 追加接種: six months after the second dose (as first set in 2021).
            180,
        ),
        // One tray of 195 vials × 6 doses.
        p(
            "pfizer-12plus",
            "ファイザー社ワクチン（12歳以上）",
            "ファイザー",
            6,
            195,
            1050,
            1050,
            21,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(code: &str) -> Product {
        initial_products()
            .into_iter()
            .find(|p| p.code == code)
            .unwrap()
    }

    #[test]
    fn moderna_primary_worked_examples() {
        let m = product("moderna-primary");
        assert_eq!(m.doses_per_pack(), 100);
        assert_eq!(m.needle_boxes(3000), 32);
        assert_eq!(m.syringe_boxes(3000), 32);
        assert_eq!(m.needle_boxes(1000), 11);
        assert_eq!(m.packs_label(30), "100回接種分 × 30 = 3000 回接種分");
    }

    #[test]
    fn moderna_booster_worked_example() {
        let m = product("moderna-booster");
        assert_eq!(m.doses_per_pack(), 150);
        assert_eq!(m.needle_boxes(600), 9);
        assert_eq!(m.packs_label(4), "150回接種分 × 4 = 600 回接種分");
    }

    #[test]
    fn exact_multiples_do_not_round_up_and_zero_needs_nothing() {
        assert_eq!(boxes_for(2000, 1000, 100), 20);
        assert_eq!(boxes_for(2001, 1000, 100), 21);
        assert_eq!(boxes_for(0, 1500, 100), 0);
    }

    #[test]
    fn every_initial_product_passes_its_own_checks() {
        for p in initial_products() {
            assert_eq!(p.check(), Ok(()), "{}", p.code);
        }
        let mut bad = product("pfizer-12plus");
        bad.vials_per_pack = 0;
        assert_eq!(bad.check().unwrap_err().0, "vials_per_pack");
        bad = product("pfizer-12plus");
        bad.needle_ratio_milli = 900;
        assert_eq!(bad.check().unwrap_err().0, "needle_ratio_milli");
    }
}
