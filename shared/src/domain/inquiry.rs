//! The inquiry form (問い合わせフォーム, seed 002 「お問い合わせ作成」): e-mail,
//! phone, the category (お問い合わせ分類) and its detail (お問い合わせ詳細),
//! and the content. The national office's service desk answers and closes;
//! the call-centre account category of seed 003 also files the call-centre
//! account request.

use serde::{Deserialize, Serialize};

/// The call-centre account detail (seed 003: 問い合わせ分類「アカウント」,
/// 問い合わせ詳細「予約受付業者(コールセンター)のアカウントの発行・返納・削除」).
pub const CALL_CENTRE_DETAIL: &str = "予約受付業者（コールセンター）のアカウントの発行・返納・削除";
pub const ACCOUNT: &str = "アカウント";

const GENERAL: &[&str] = &["操作方法", "エラー・不具合", "その他"];

/// Every category with its details, in the form's order.
pub const CATEGORIES: &[(&str, &[&str])] = &[
    ("委任状受領", GENERAL),
    ("自治体コード", GENERAL),
    ("委任状作成", GENERAL),
    ("医療機関コード", GENERAL),
    ("ログイン/パスワードリセット", &["ログインできない", "パスワードリセット", "確認コードが届かない", "その他"]),
    ("メールアドレス変更", GENERAL),
    (ACCOUNT, &["アカウントの追加・変更・削除", CALL_CENTRE_DETAIL, "その他"]),
    ("所属組織や会場の設定", GENERAL),
    ("連携型会場への融通", GENERAL),
    ("V-SYSでの接種予約受付", GENERAL),
    ("ワクチン分配", GENERAL),
    ("希望量登録", GENERAL),
    ("接種実績入力について", GENERAL),
    ("画面操作", GENERAL),
    ("基本情報登録(医療機関・自治体)", GENERAL),
    ("納品先の確認", GENERAL),
    ("納入予定情報の登録", GENERAL),
    ("在庫情報の登録", GENERAL),
    ("職域接種に関するお問い合わせ", &["追加接種(3回目接種)", "接種計画の登録・実績等の登録・請求", "職域接種完了手続きに関して", "その他"]),
];

/// Whether `detail` belongs to `category`: `Err` names the wrong field.
pub fn check_category(category: &str, detail: &str) -> Result<(), (&'static str, &'static str)> {
    let Some((_, details)) = CATEGORIES.iter().find(|(c, _)| *c == category) else {
        return Err(("category", "お問い合わせ分類を一覧から選んでください。"));
    };
    if !details.contains(&detail) {
        return Err(("detail", "お問い合わせ詳細を一覧から選んでください。"));
    }
    Ok(())
}

/// Whether filing this category and detail also files a call-centre account request.
pub fn is_call_centre_request(category: &str, detail: &str) -> bool {
    category == ACCOUNT && detail == CALL_CENTRE_DETAIL
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InquiryStatus {
    /// 未対応: waiting for the desk.
    Open,
    /// 回答済: answered; the asker may still write back.
    Answered,
    /// 完了: closed by the desk.
    Closed,
}

impl InquiryStatus {
    pub fn label_ja(self) -> &'static str {
        match self {
            InquiryStatus::Open => "未対応",
            InquiryStatus::Answered => "回答済",
            InquiryStatus::Closed => "完了",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InquiryStatus::Open => "open",
            InquiryStatus::Answered => "answered",
            InquiryStatus::Closed => "closed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_must_belong_to_its_category() {
        assert!(check_category("ワクチン分配", "操作方法").is_ok());
        assert!(check_category(ACCOUNT, CALL_CENTRE_DETAIL).is_ok());
        assert_eq!(check_category("ワクチン分配", CALL_CENTRE_DETAIL).unwrap_err().0, "detail");
        assert_eq!(check_category("天気", "その他").unwrap_err().0, "category");
        assert!(is_call_centre_request(ACCOUNT, CALL_CENTRE_DETAIL));
        assert!(!is_call_centre_request(ACCOUNT, "その他"));
    }
}
