//! The catalogue of error codes: each code once, with its HTTP status and
//! the Japanese message a user reads. An error can only be made from an
//! entry of this list (a `Code` has no other constructor), so the codes a
//! client can meet are exactly these; `infra/openapi.yaml` lists the same
//! names (tests/tests/contract.rs compares them).
//!
//! Where a message needs the facts of the case (a deadline, a line of a CSV
//! file), the call site gives it with [`Code::with`]; the message here is
//! then what the code means in general.

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    name: &'static str,
    status: u16,
    message: &'static str,
}

impl Code {
    pub const fn name(self) -> &'static str {
        self.name
    }
    pub const fn status(self) -> u16 {
        self.status
    }
    pub const fn message(self) -> &'static str {
        self.message
    }
}

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $id:ident = $name:literal, $status:literal, $message:literal; )*) => {
        $( $(#[$doc])* pub const $id: Code = Code { name: $name, status: $status, message: $message }; )*
        /// Every code, in catalogue order.
        pub const ALL: &[Code] = &[$($id),*];
    };
}

catalogue! {
    // 400: the input is wrong (the field is named where there is one).
    INVALID_INPUT = "invalid_input", 400, "入力内容が正しくありません。";
    INVALID_JSON = "invalid_json", 400, "リクエスト本文（JSON）が正しくありません。";
    BODY_TOO_LARGE = "body_too_large", 400, "リクエスト本文が大きすぎます。";
    INVALID_CSV = "invalid_csv", 400, "CSVファイルが読めません。";
    INVALID_CSV_ROW = "invalid_csv_row", 400, "CSVの行に誤りがあります。";
    TOO_MANY_ROWS = "too_many_rows", 400, "1回にアップロードできる行数を超えています。ファイルを分けてください。";
    WRONG_LINK = "wrong_link", 400, "このリンクはこの操作には使えません。";
    WRONG_CODE = "wrong_code", 400, "確認コードが正しくありません。";
    INVALID_CODE = "invalid_code", 400, "コードは10桁の数字で入力してください。";
    UNKNOWN_CODE = "unknown_code", 400, "このコードはワクチン接種契約受付システムのマスタにありません。コードを確認し、既存のコードがない場合は都道府県を経由して新規コード付番を申請してください。";
    NOT_OWN_CODE = "not_own_code", 400, "このコードは貴施設のコードではありません（介護保険事業所番号の場合は施設情報に登録した番号を入力してください）。";

    // 401: no valid session, or wrong credentials.
    SESSION_INVALID = "session_invalid", 401, "ログインの有効期限が切れたか、ログアウトされています。再度ログインしてください。";
    INVALID_CREDENTIALS = "invalid_credentials", 401, "V-SYS IDまたはパスワードが正しくありません。誤りが続いた場合は、しばらく時間をおいてから再度お試しください（以前にログインしたブラウザからは引き続きログインできます）。";

    // 403: signed in, but not allowed.
    FORBIDDEN = "forbidden", 403, "この操作を行う権限がありません。";
    /// A write carried the browser's session cookie without the browser app's mark (CSRF).
    CLIENT_MARK_MISSING = "client_mark_missing", 403, "この画面からは操作できません。V-SYSの画面を開き直して操作してください。";
    CONSENT_REQUIRED = "consent_required", 403, "個人情報の取扱いへの同意が必要です。同意画面から同意してください。";
    SECURITY_ANSWER_BLOCKED = "security_answer_blocked", 403, "秘密の質問の答えを続けて誤ったため、パスワードの再設定を止めています。国の事務局（問い合わせ窓口）へご連絡ください。";

    // 404: absent, or outside the caller's scope (they look the same).
    NOT_FOUND = "not_found", 404, "対象が見つかりません。";

    // 409: the record's state does not allow this change.
    RETRY = "retry", 409, "同時に別の操作が行われました。もう一度お試しください。";
    STALE_VERSION = "stale_version", 409, "他の操作で内容が更新されています。画面を読み込み直してから、もう一度お試しください。";
    CHANGED_MEANWHILE = "changed_meanwhile", 409, "同時に別の操作でコードマスタが更新されました。もう一度保存（取り込み）してください。";
    EMAIL_TAKEN = "email_taken", 409, "このメールアドレスは同じ組織の別のアカウントで使われています。";
    ALREADY_DISABLED = "already_disabled", 409, "このアカウントはすでに無効です。";
    SELF_DISABLE = "self_disable", 409, "自分自身のアカウントは無効にできません。";
    NOT_PENDING = "not_pending", 409, "有効化済みまたは無効のアカウントです。パスワードを忘れた場合はパスワード再設定を案内してください。";
    CODE_NOT_SENT = "code_not_sent", 409, "先にリンクを開いて、メールで確認コードを受け取ってください。";
    NOT_OPEN = "not_open", 409, "この申請はすでに処理済みか取り下げ済みです。";
    PAST_CUTOFF = "past_cutoff", 409, "締切（水曜17:00）を過ぎた申請は取り下げできません。";
    COOL_EXISTS = "cool_exists", 409, "同じ区分・番号のクールが既に登録されています。";
    COOL_CLOSED = "cool_closed", 409, "締切を過ぎたクールは変更できません。";
    COOL_CONFIRMED = "cool_confirmed", 409, "分配量確定済のクールは変更できません。";
    PAST_PERIOD_CHANGED = "past_period_changed", 409, "終了した期間は変更できません。";
    REGISTRATION_NOT_OPEN = "registration_not_open", 409, "このクールの登録はまだ受け付けていません。";
    DEADLINE_PASSED = "deadline_passed", 409, "登録締切を過ぎたため、登録・変更できません。";
    PLAN_REVIEW_IN_PROGRESS = "plan_review_in_progress", 409, "現在登録量の確認中（計画確認中）につき、接種計画を変更できません。";
    DISTRIBUTION_IN_PROGRESS = "distribution_in_progress", 409, "現在分配処理中につき、接種計画を変更できません。";
    OUTSIDE_REGISTRATION_PERIOD = "outside_registration_period", 409, "現在は接種計画の登録期間ではありません。";
    SATELLITE_NO_DEMAND = "satellite_no_demand", 409, "サテライト型（連携型）接種施設は希望量・接種計画を登録しません。ワクチンは連携する基本型接種施設から融通を受けてください。";
    PLAN_CHANGED_SINCE = "plan_changed_since", 409, "確認中に施設が計画を変更しました。最新の計画を確認してください。";
    ALREADY_REVIEWED = "already_reviewed", 409, "この計画は確認済みです。";
    LAST_DOCTOR = "last_doctor", 409, "接種担当医師は会場ごとに1名以上の登録が必要です。別の医師を登録してから削除してください。";
    NOT_SATELLITE = "not_satellite", 409, "融通の登録はサテライト型（連携型）接種施設が行います。";
    BASIC_HAS_SATELLITES = "basic_has_satellites", 409, "この施設には連携しているサテライト型（連携型）接種施設があるため、サテライト型に変更できません。";
    BASIC_ALREADY_ALLOCATED = "basic_already_allocated", 409, "ワクチンの分配を受けたことがある基本型接種施設は、サテライト型に変更できません。";
    SATELLITE_ALREADY_RECEIVED_TRANSFER = "satellite_already_received_transfer", 409, "融通を受けたことがあるサテライト型接種施設は、基本型に変更できません。";
    TRANSFERRED_STOCK_REMAINS = "transferred_stock_remains", 409, "融通を受けたワクチンが残っているため、連携先を変更できません。";
    BASIC_SITE_REQUIRED = "basic_site_required", 409, "サテライト型接種施設は連携する基本型接種施設を指定してください。";
    BASIC_SITE_NOT_ALLOWED = "basic_site_not_allowed", 409, "基本型接種施設には連携先を指定しません。";
    ALREADY_DECIDED = "already_decided", 409, "この変更は処理済みです。";
    PROFILE_MISSING = "profile_missing", 409, "委任先を決めるため、先に医療機関・接種会場の基本情報（施設分類・設置主体など）を登録してください。";
    ALREADY_REGISTERED = "already_registered", 409, "このワクチンの委任状は登録済みです。委任状の一覧からダウンロードしてください。";
    DELEGATION_NOT_REQUIRED = "delegation_not_required", 409, "この施設の委任状は不要です。";
    DELEGATION_LOCKED = "delegation_locked", 409, "受領通知メールを送信済みの委任状は変更できません。";
    ALREADY_RECEIVED = "already_received", 409, "この委任状は受領済みです。";
    NOT_RECEIVED = "not_received", 409, "この委任状は未受領です。";
    NOT_FORWARDED = "not_forwarded", 409, "この申請は付番できる状態ではありません。";
    CODE_TAKEN = "code_taken", 409, "このコードは既に使われています。別のコードを指定してください。";
    ALLOCATION_NOT_PUBLISHED = "allocation_not_published", 409, "この分配量はまだ割り当てられていません。";
    ALLOCATION_NOT_CONFIRMED = "allocation_not_confirmed", 409, "割り当てられた分配量を確認し、状況を「確認済」にしてから分配量を登録してください。";
    ALLOCATION_ALREADY_CONFIRMED = "allocation_already_confirmed", 409, "割り当て先が確認済みのため、この分配量は変更できません。";
    ALLOCATION_COMPLETE = "allocation_complete", 409, "分配完了のため、分配量は変更できません。";
    ALLOCATION_LOCKED = "allocation_locked", 409, "データロック済みのため変更できません。";
    ALLOCATION_NOT_COMPLETE = "allocation_not_complete", 409, "分配完了になっていないため、データロックできません。";
    ALLOCATION_SPLIT_MISSING = "allocation_split_missing", 409, "分配量を登録してから「分配完了」にしてください。";
    ALREADY_REMINDED = "already_reminded", 409, "本日は督促済みです。督促は1日1回です。";
    NOTHING_TO_REMIND = "nothing_to_remind", 409, "分配作業が未完了の市町村はありません。";
    ALREADY_DELIVERED = "already_delivered", 409, "納入実績が登録済みのため、納入予定日は変更できません。";
    NOT_SCHEDULED = "not_scheduled", 409, "納入予定日を登録してから納入実績を登録してください。";
    INSUFFICIENT_STOCK = "insufficient_stock", 409, "在庫が足りません。";
    LOT_EXISTS = "lot_exists", 409, "このロット番号は登録済みです。";
    SLOT_FULL = "slot_full", 409, "満員です。別の日時の枠を選んでください。";
    SLOT_CLOSED = "slot_closed", 409, "この枠は予約の受付を停止しています。別の日時の枠を選んでください。";
    SLOT_EXISTS = "slot_exists", 409, "同じ日時の予約枠がすでにあります。";
    SLOT_HAS_BOOKINGS = "slot_has_bookings", 409, "予約がある枠は削除できません。";
    COUPON_BOOKED = "coupon_booked", 409, "このクーポン券番号の同じ接種回数の予約がすでにあります。予約の変更をご利用ください。";
    COUPON_VOID = "coupon_void", 409, "この券番号の接種券は再発行により無効になりました。新しい接種券の券番号で予約してください。";
    REQUEST_DECIDED = "request_decided", 409, "この申請はすでに処理されています。画面を読み込み直してください。";
    SAME_SLOT = "same_slot", 409, "変更先が現在と同じ枠です。";
    CLAIM_NOT_SUBMITTED = "claim_not_submitted", 409, "この月の請求はまだ登録されていません。先に請求内容を登録してください。";
    NOT_BOOKED = "not_booked", 409, "この予約は接種済・キャンセル済のため変更できません。";
    NOTICE_DECIDED = "notice_decided", 409, "このお知らせは承認・差戻し・取下げの済んだ状態のため、この操作はできません。画面を読み込み直してください。";
    INQUIRY_CLOSED = "inquiry_closed", 409, "この問い合わせは完了しています。新しい問い合わせを作成してください。";

    // 410: a link or code that has expired or was already used.
    LINK_INVALID = "link_invalid", 410, "このリンクは無効です。";
    LINK_EXPIRED = "link_expired", 410, "このリンクの有効期限（24時間）が切れています。";
    LINK_USED = "link_used", 410, "このリンクは使用済みです。リンクは1回だけ使えます。";
    LINK_SUPERSEDED = "link_superseded", 410, "新しいリンクが送信されたため、このリンクは無効になりました。最新のメールのリンクを開いてください。";
    CODE_EXPIRED = "code_expired", 410, "確認コードの有効期限が切れています。リンクを開き直して、新しい確認コードを受け取ってください。";
    CODE_VOID = "code_void", 410, "確認コードの入力回数の上限を超えました。リンクを開き直して、新しい確認コードを受け取ってください。";
    CHALLENGE_EXPIRED = "challenge_expired", 410, "確認コードの有効期限が切れたか、入力回数の上限を超えました。もう一度ログインしてください。";

    // 429: too many attempts.
    TOO_MANY_ATTEMPTS = "too_many_attempts", 429, "試行回数の上限に達しました。しばらく時間をおいてから再度お試しください。";
    TOO_MANY_REQUESTS = "too_many_requests", 429, "申請の受付回数が1時間の上限に達しました。しばらく時間をおいてから再度お試しください。";
    TOO_MANY_CODES = "too_many_codes", 429, "確認コードの送信回数の上限に達しました。ログイン画面から新しいリンクを受け取ってください。";

    // 503: a maintenance window (the message names its end).
    MAINTENANCE = "maintenance", 503, "メンテナンス中のため、登録・変更できません。";

    // 500: a fault of ours or of AWS; the cause goes to the log only.
    INTERNAL_ERROR = "internal_error", 500, "システムエラーが発生しました。しばらくしてから再度お試しください。";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_in_the_catalogue_once_with_a_status_and_a_japanese_message() {
        for (i, c) in ALL.iter().enumerate() {
            assert!(
                ALL[..i].iter().all(|o| o.name != c.name),
                "{} twice",
                c.name
            );
            assert!(matches!(c.status, 400..=599), "{}", c.name);
            assert!(!c.message.is_ascii(), "{}: a message in Japanese", c.name);
        }
    }
}
