//! The texts of every mail, in one place.

use super::Mail;
use chrono::{DateTime, Utc};

const FOOTER: &str = "\n\n――――――――――――――――\nワクチン接種円滑化システム（V-SYS）\nこのメールは送信専用です。お問い合わせはV-SYSの問い合わせフォームからお願いします。";

fn jst_time(t: DateTime<Utc>) -> String {
    crate::clock::to_jst_display(t)
}

fn training_mark(training: bool) -> &'static str {
    if training {
        "【トレーニング環境】"
    } else {
        ""
    }
}

/// Issuance (and its reminders): "complete your password reset".
pub fn activation(
    vsys_id: &str,
    link: &str,
    valid_until: DateTime<Utc>,
    reminder: bool,
    training: bool,
) -> Mail {
    let again = if reminder { "（再送）" } else { "" };
    Mail {
        subject: format!(
            "{}V-SYS パスワードのリセットを完了してください{again}",
            training_mark(training)
        ),
        body: format!(
            "V-SYSのアカウントが発行されました。\n\nユーザー名（V-SYS ID）: {vsys_id}\n\n\
             パスワードのリセットを完了するには、次のリンクにアクセスしてください。\n{link}\n\n\
             このリンクは {} まで（24時間）有効で、1回だけ使えます。\n\
             リンクを開くと、このアドレスに確認コードが届きます。\n\
             24時間以内に設定されなかった場合は、翌営業日の9時以降にあらためてお送りします。\n\n\
             注意: ユーザー名がV-SYSのIDです。このメールは保存してください。{FOOTER}",
            jst_time(valid_until)
        ),
    }
}

/// The verification code mailed when a link is opened or a new browser signs in.
pub fn verification_code(
    vsys_id: &str,
    code: &str,
    action: &str,
    valid_until: DateTime<Utc>,
    training: bool,
) -> Mail {
    Mail {
        subject: format!("{}V-SYS 確認コードのお知らせ", training_mark(training)),
        body: format!(
            "V-SYSで次の操作が行われました。\n操作: {action}\nユーザー名: {vsys_id}\n\n\
             アカウントの安全のため、本人確認をお願いします。画面の指示に従って次のコードを入力してください。\n\n\
             確認コード: {code}\n\n\
             このコードは {} まで（10分間）有効です。\n\
             この操作に心当たりがない場合は、コードを入力せず、問い合わせフォームからご連絡ください。{FOOTER}",
            jst_time(valid_until)
        ),
    }
}

/// Forgotten password.
pub fn password_reset(
    vsys_id: &str,
    link: &str,
    valid_until: DateTime<Utc>,
    training: bool,
) -> Mail {
    Mail {
        subject: format!("{}V-SYS パスワードの再設定", training_mark(training)),
        body: format!(
            "ユーザー名 {vsys_id} のパスワード再設定の依頼を受け付けました。\n\n\
             次のリンクから新しいパスワードを設定してください。\n{link}\n\n\
             このリンクは {} まで（24時間）有効で、1回だけ使えます。\n\
             依頼した覚えがない場合は、このメールを破棄してください。パスワードは変わりません。{FOOTER}",
            jst_time(valid_until)
        ),
    }
}

/// To the old address: confirm the change of e-mail.
pub fn email_change_confirm(
    vsys_id: &str,
    new_email_masked: &str,
    link: &str,
    valid_until: DateTime<Utc>,
    training: bool,
) -> Mail {
    Mail {
        subject: format!("{}V-SYS メールアドレス変更の確認", training_mark(training)),
        body: format!(
            "ユーザー名 {vsys_id} の登録メールアドレスを {new_email_masked} に変更する依頼を受け付けました。\n\n\
             変更してよろしければ、次のリンクを開いて確定してください。\n{link}\n\n\
             確定後、新しいメールアドレスにパスワード再設定のメールが届きます。\n\
             このリンクは {} まで（24時間）有効です。依頼した覚えがない場合は、このメールを破棄してください。{FOOTER}",
            jst_time(valid_until)
        ),
    }
}

/// Account locked after repeated wrong passwords.
pub fn sign_in_throttled(vsys_id: &str, training: bool) -> Mail {
    Mail {
        subject: format!("{}V-SYS ログインの失敗が続いています", training_mark(training)),
        body: format!(
            "ユーザー名 {vsys_id} で、パスワードが続けて誤って入力されました。\n\
             このため、以後のログインは間隔をおいてのみ受け付けます（誤りが続くほど間隔が長くなります）。\n\
             以前にログインしたことのあるブラウザからは、これまでどおりログインできます。\n\
             パスワードを忘れた場合は、ログイン画面の「パスワードをお忘れですか？」から再設定できます。\n\
             心当たりがない場合は、問い合わせフォームからご連絡ください。{FOOTER}"
        ),
    }
}

/// The municipality's copy: its call-centre request was carried out.
pub fn call_centre_done(
    municipality: &str,
    kind_ja: &str,
    name: &str,
    result: &str,
    training: bool,
) -> Mail {
    Mail {
        subject: format!("{}V-SYS 予約受付業者アカウントの{kind_ja}が完了しました", training_mark(training)),
        body: format!(
            "{municipality} ご担当者様\n\n申請いただいた予約受付業者（コールセンター）アカウントの{kind_ja}を行いました。\n\n\
             氏名: {name}\n結果: {result}\n\n\
             新規発行の場合、ログイン用のメールを申請のメールアドレスへお送りしています。{FOOTER}"
        ),
    }
}

/// The national office's answer to a site's vaccination plan.
pub fn plan_review_result(
    site_name: &str,
    state_ja: &str,
    comment: Option<&str>,
    training: bool,
) -> Mail {
    let comment = comment
        .map(|c| format!("\n厚生労働省からのコメント:\n{c}\n"))
        .unwrap_or_default();
    Mail {
        subject: format!("{}V-SYS 接種計画の確認結果のお知らせ（{state_ja}）", training_mark(training)),
        body: format!(
            "{site_name} ご担当者様\n\n登録いただいたワクチン接種計画を厚生労働省で確認しました。\n\n\
             確認結果: {state_ja}\n{comment}\n\
             「要見直」の場合は、V-SYSの「接種計画の登録・変更」画面で計画を見直し、登録期間中に再度登録してください。\n\
             残余ワクチンの回収はありませんので、必要量を超えない計画をお願いします。{FOOTER}"
        ),
    }
}

/// One closed cool in the cut-off summary.
pub struct ClosedCool {
    pub label: String,
    pub sites: i64,
    pub packs: i64,
    pub doses: i64,
    pub needle_boxes: i64,
    pub syringe_boxes: i64,
}

/// To the national office after the Tuesday 15:00 cut-off.
pub fn cutoff_summary(
    deadline: DateTime<Utc>,
    closed: &[ClosedCool],
    next_phase: &str,
    training: bool,
) -> Mail {
    let mut lines = String::new();
    for c in closed {
        lines.push_str(&format!(
            "・{}\n  登録施設数 {} / {} 箱 / {} 回接種分 / 針 {} 箱 / シリンジ {} 箱\n",
            c.label, c.sites, c.packs, c.doses, c.needle_boxes, c.syringe_boxes
        ));
    }
    let when = jst_time(deadline);
    let intro = if closed.is_empty() {
        format!("{when}の登録締切を迎えました。この締切で分配の対象となるクールはありません。\n")
    } else {
        format!("{when}の登録締切により、次のクールの登録を締め切り、分配の入力として確定しました。\n\n{lines}")
    };
    Mail {
        subject: format!("{}V-SYS 登録締切（{when}）の集計", training_mark(training)),
        body: format!("厚生労働省 ご担当者様\n\n{intro}\n現在の期間: {next_phase}{FOOTER}"),
    }
}

/// The receiver's receipt notification for a delegation (受領通知).
pub fn delegation_received(
    facility: &str,
    number: &str,
    receiver: &str,
    received_at: DateTime<Utc>,
    training: bool,
) -> Mail {
    Mail {
        subject: format!(
            "{}V-SYS 委任状受領のお知らせ（{number}）",
            training_mark(training)
        ),
        body: format!(
            "{facility} ご担当者様\n\n提出いただいた委任状を受領しました。\n\n\
             委任状番号: {number}\n委任先: {receiver}\n受領日時: {}\n\n\
             集合契約への参加の手続きは以上です。V-SYSのID・パスワードの設定のご案内は、\
             受領日から3営業日以内を目途にお送りします（既にお持ちの場合は不要です）。{FOOTER}",
            jst_time(received_at)
        ),
    }
}

/// The service desk's result of a new-code application (木曜 通知).
pub fn new_code_result(
    applicant: &str,
    facility: &str,
    application_id: &str,
    code: &str,
    training: bool,
) -> Mail {
    Mail {
        subject: format!("{}V-SYS 新規コード付番結果のお知らせ（{application_id}）", training_mark(training)),
        body: format!(
            "{applicant} 様\n\n都道府県を経由して申請いただいた新規コードを付番しました。\n\n\
             申請番号: {application_id}\n医療機関・接種会場名: {facility}\n新規コード（10桁）: {code}\n\n\
             このコードをワクチン接種契約受付システムに入力すると、委任状を作成できます。\n\
             集合契約に参加した月の翌月20日までに、国保連合会へ口座情報を提供してください。{FOOTER}"
        ),
    }
}

/// To the writing organisation when its notice is approved or sent back.
pub fn notice_decided(author: &str, title: &str, decision_ja: &str, approver: &str, comment: Option<&str>, link: &str, training: bool) -> Mail {
    let comment = comment.map(|c| format!("\n{approver}からのコメント:\n{c}\n")).unwrap_or_default();
    Mail {
        subject: format!("{}V-SYS お知らせの確認結果（{decision_ja}）", training_mark(training)),
        body: format!(
            "{author} ご担当者様\n\n申請いただいたお知らせを{approver}で確認しました。\n\n\
             タイトル: {title}\n確認結果: {decision_ja}\n{comment}\n\
             「差戻し」の場合は、内容を修正して再度申請してください。\n{link}{FOOTER}"
        ),
    }
}

/// To the asker when the service desk answers an inquiry.
pub fn inquiry_answered(org: &str, id: &str, category: &str, detail: &str, answer: &str, link: &str, training: bool) -> Mail {
    Mail {
        subject: format!("{}V-SYS お問い合わせへの回答（受付番号 {id}）", training_mark(training)),
        body: format!(
            "{org} ご担当者様\n\nお問い合わせいただいた件について、V-SYS事務局より回答いたします。\n\n\
             受付番号: {id}\nお問い合わせ分類: {category}\nお問い合わせ詳細: {detail}\n\n回答:\n{answer}\n\n\
             回答の内容はV-SYSの「問い合わせ」画面でも確認できます。\n{link}{FOOTER}"
        ),
    }
}

/// Masks an address for display: `t***@city.example.lg.jp`.
pub fn mask_email(e: &str) -> String {
    match e.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// The nation data-locked a prefecture's split: its municipalities may split
/// theirs over their sites.
pub fn allocation_passed_down(muni_name: &str, cool_label: &str, boxes: &str, link: &str, training: bool) -> Mail {
    Mail {
        subject: format!("{}V-SYS ワクチン分配量の割り当てのお知らせ（{cool_label}）", training_mark(training)),
        body: format!(
            "{muni_name} ご担当者様\n\n都道府県が決定した貴市区町村へのワクチン分配量が、国によるデータロックで確定しました。\n\n\
             対象: {cool_label}\n割当量: {boxes}\n\n\
             「ワクチン分配作業完了用」画面で割り当てられた分配量を確認し、状況を「確認済」に変更してから、\
             医療機関・接種会場別の分配量を登録して「分配完了」にしてください。\n{link}{FOOTER}"
        ),
    }
}

/// A prefecture's reminder (督促) to a municipality not yet complete.
pub fn allocation_reminder(muni_name: &str, pref_name: &str, cool_label: &str, link: &str, training: bool) -> Mail {
    Mail {
        subject: format!("{}V-SYS 【督促】医療機関・接種会場別のワクチン分配量の登録（{cool_label}）", training_mark(training)),
        body: format!(
            "{muni_name} ご担当者様\n\n{pref_name}から、ワクチン分配作業の督促がありました。\n\n\
             対象: {cool_label}\n\n\
             医療機関・接種会場別の分配量の登録が完了していません。\
             「ワクチン分配作業完了用」画面で分配量を登録し、「分配完了」にしてください。\n{link}{FOOTER}"
        ),
    }
}

/// A site's allocation is final (the prefecture locked its municipalities).
pub fn allocation_final(site_name: &str, cool_label: &str, boxes: &str, link: &str, training: bool) -> Mail {
    Mail {
        subject: format!("{}V-SYS ワクチン分配量確定のお知らせ（{cool_label}）", training_mark(training)),
        body: format!(
            "{site_name} ご担当者様\n\n貴施設へのワクチン分配量が確定しました。\n\n\
             対象: {cool_label}\n分配量: {boxes}\n\n\
             納入予定日は卸業者の登録後にV-SYSでご確認いただけます。\n{link}{FOOTER}"
        ),
    }
}

pub fn delivery_scheduled(site_name: &str, cool_label: &str, boxes: &str, date: &str, link: &str, training: bool) -> Mail {
    Mail {
        subject: format!("{}V-SYS 納入予定日のお知らせ（{cool_label}）", training_mark(training)),
        body: format!(
            "{site_name} ご担当者様\n\n卸業者が貴施設への納入予定日を登録しました。\n\n\
             対象: {cool_label}\n分配量: {boxes}\n納入予定日: {date}\n\n\
             次のリンクからV-SYSにログインすると、納入予定を確認できます。\n{link}{FOOTER}"
        ),
    }
}

pub fn results_reminder(site_name: &str, since: &str, link: &str, training: bool) -> Mail {
    Mail {
        subject: format!("{}V-SYS 接種実績の登録のお願い", training_mark(training)),
        body: format!(
            "{site_name} ご担当者様\n\n{since}にワクチンを受け取られてから、接種実績（廃棄数を含む）が登録されていません。\n\
             次回のワクチン分配量は登録された接種実績をもとに決まります。登録がなければ接種実績がないものと見なされます。\n\n\
             次のリンクからV-SYSにログインして、接種実績を登録してください。\n{link}{FOOTER}"
        ),
    }
}

/// A resident's request waits for the address to be confirmed.
pub fn resident_confirm(kind: &str, muni_name: &str, id: &str, link: &str, valid_until: DateTime<Utc>, training: bool) -> Mail {
    Mail {
        subject: format!("{}【要確認】{kind}のメールアドレス確認", training_mark(training)),
        body: format!(
            "{muni_name}への{kind}を受け付けるには、メールアドレスの確認が必要です。\n\n\
             受付番号: {id}\n\n\
             次のリンクを開き、「申請を確定する」を押してください。押すまで申請は{muni_name}に届きません。\n{link}\n\n\
             このリンクは {} まで（24時間）有効です。お心当たりのない場合は、このメールを破棄してください。\n\
             このリンクは申請の状況の確認にも使えます。他の人に知らせないでください。{FOOTER}",
            jst_time(valid_until)
        ),
    }
}

/// The municipality decided a resident's request.
pub fn resident_decided(kind: &str, muni_name: &str, id: &str, outcome: &str, link: &str, training: bool) -> Mail {
    Mail {
        subject: format!("{}{kind}の処理結果のお知らせ（{muni_name}）", training_mark(training)),
        body: format!(
            "{muni_name}が{kind}を処理しました。\n\n受付番号: {id}\n{outcome}\n\n\
             次のリンクから、申請の状況を確認できます。\n{link}\n\
             このリンクは他の人に知らせないでください。{FOOTER}"
        ),
    }
}
