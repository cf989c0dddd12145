//! FAQ search (seed 002's chatbot: 「お問い合わせ内容と近いものを選んでください」):
//! a typed question is matched against the questions and answers of the
//! FAQ by character bigrams, after folding what Japanese writers vary —
//! full and half width (NFKC), katakana and hiragana, upper and lower case,
//! a few kanji/kana spellings — and with no word boundaries needed.

use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// The most entries a search returns (the seed's chatbot showed five).
pub const BEST: usize = 5;

/// Spellings written either way; folded to the kana form.
const VARIANTS: &[(&str, &str)] = &[
    ("下さい", "ください"),
    ("出来", "でき"),
    ("頂", "いただ"),
    ("致し", "いたし"),
    ("御願い", "お願い"),
    ("何時", "いつ"),
    ("始まり", "はじまり"),
    ("始める", "はじめる"),
    ("三回目", "3回目"),
    ("二回目", "2回目"),
    ("一回目", "1回目"),
    ("追加接種", "3回目接種"),
    ("ｖ－ｓｙｓ", "vsys"),
    ("v-sys", "vsys"),
];

/// Folds a text for matching: NFKC (full/half width), lower case,
/// katakana to hiragana, the spelling variants, and punctuation and
/// spaces turned into breaks (`' '`).
pub fn fold(text: &str) -> String {
    let mut s: String = text
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            // Katakana ァ..ヶ → hiragana ぁ..ゖ (same offset in Unicode).
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            c if c.is_alphanumeric() || c == 'ー' || c == '々' => c,
            _ => ' ',
        })
        .collect();
    for (from, to) in VARIANTS {
        let from: String = from.nfkc().flat_map(char::to_lowercase).collect();
        if s.contains(&from) {
            s = s.replace(&from, to);
        }
    }
    s
}

/// The character bigrams of a folded text, never across a break; a word of
/// one character counts as itself.
pub fn grams(folded: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() == 1 {
            out.insert(word.to_string());
        }
        for pair in chars.windows(2) {
            out.insert(pair.iter().collect());
        }
    }
    out
}

/// Bigrams that say nothing about which entry is meant (particles and
/// polite endings); they do not count towards a match.
const NOISE: &[&str] = &["です", "ます", "しま", "すか", "ませ", "せん", "ので", "ては", "には", "のは", "ですか", "ください", "くだ", "ださ", "さい"];

/// How well an entry (its question and answer, already folded into
/// `question` and `answer` grams) matches the query grams: the share of
/// the query's meaningful bigrams found in the question, plus a quarter of
/// those found only in the answer. 0 when nothing matches.
pub fn score(query: &HashSet<String>, question: &HashSet<String>, answer: &HashSet<String>) -> f64 {
    let meaningful: Vec<&String> = query.iter().filter(|g| !NOISE.contains(&g.as_str())).collect();
    if meaningful.is_empty() {
        return 0.0;
    }
    let mut hits = 0.0;
    for g in &meaningful {
        if question.contains(*g) {
            hits += 1.0;
        } else if answer.contains(*g) {
            hits += 0.25;
        }
    }
    hits / meaningful.len() as f64
}

/// A match is shown only when at least this share of the query is found.
pub const THRESHOLD: f64 = 0.34;

/// The best entries for `query` among `(id, question, answer)`, best first,
/// at most [`BEST`], each with its score.
pub fn search<'a, I>(query: &str, entries: I) -> Vec<(&'a str, f64)>
where
    I: IntoIterator<Item = (&'a str, &'a str, &'a str)>,
{
    let q = grams(&fold(query));
    let mut scored: Vec<(&str, f64)> = entries
        .into_iter()
        .map(|(id, question, answer)| (id, score(&q, &grams(&fold(question)), &grams(&fold(answer)))))
        .filter(|(_, s)| *s >= THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    scored.truncate(BEST);
    scored
}

/// The FAQ the national office starts from (the questions seed 002's
/// chatbot offered, and the ones the seeds answer); it edits them after.
pub const INITIAL: &[(&str, &str)] = &[
    ("3回目接種はいつ開始しますか？", "追加接種（3回目接種）は、2回目接種を完了した日から原則8か月以上経過した方を対象に、令和3年12月1日から開始します。接種券は市町村から順次送付されます。"),
    ("追加接種の接種券はいつ配布されるでしょうか？", "接種券は、お住まいの市町村から、2回目接種の時期に応じて順次送付されます。送付時期は市町村のお知らせをご確認ください。"),
    ("医療機関は、V-SYS入力作業をいつ開始できますか？", "ワクチン接種契約受付システムでの集合契約と委任状の登録が済み、V-SYSのログイン用メールが届いた後に開始できます。"),
    ("V-SYS上で追加接種の実績登録が可能になるのはいつ頃でしょうか。", "追加接種の開始日から、接種実績の画面で3回目の回数を選んで登録できます。"),
    ("接種開始日から接種を開始しなければならないのか。", "接種開始日は接種を始められる最初の日です。各接種施設の準備が整ってから開始してください。"),
    ("パスワードを忘れた場合はどうすればよいですか？", "ログイン画面の「パスワードをお忘れの場合」からV-SYS IDを入力し、届いたメールのリンクから秘密の質問に答えて再設定してください。"),
    ("確認コードのメールが届きません。", "迷惑メールフォルダを確認し、届かない場合はログイン画面からもう一度ログインしてください。新しい確認コードが送られます（最後に届いたコードだけが使えます）。"),
    ("希望量の登録締切はいつですか？", "各クールの登録締切は火曜15:00です。締切後は登録・変更できません。"),
    ("予約受付業者（コールセンター）のアカウントはどう申請しますか？", "市町村が問い合わせフォームで、問い合わせ分類「アカウント」、問い合わせ詳細「予約受付業者（コールセンター）のアカウントの発行・返納・削除」を選んで申請します。毎週水曜17時締切、同週金曜にログイン用メールが送付されます。"),
    ("接種実績はいつまでに入力すればよいですか？", "接種した日の翌日までに、接種回数・対象者区分ごとの回数と廃棄数を入力してください。"),
    ("請求総括書はどこで作成できますか？", "「請求」画面で月を選び、市区町村ごとの件数を入力して登録すると、請求総括書と市区町村別請求書をPDF・CSV・Excelで出力できます。請求締切は翌月10日です。"),
    ("ワクチンの納入予定日はどこで確認できますか？", "ホーム画面の「配送予定日の確認」、または「入庫在庫」画面で確認できます。"),
];

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRIES: &[(&str, &str, &str)] = &[
        ("1", "3回目接種はいつ開始しますか？", "追加接種は2回目接種の完了から原則8か月以上経過した方に、12月1日から開始します。"),
        ("2", "追加接種の接種券はいつ配布されるでしょうか？", "市町村から順次発送されます。"),
        ("3", "医療機関は、V-SYS入力作業をいつ開始できますか？", "契約と委任状の登録が済んだ後、ログイン用メールが届いてから入力できます。"),
        ("4", "パスワードを忘れた場合はどうすればよいですか？", "ログイン画面の「パスワードをお忘れの場合」から再設定してください。"),
    ];

    fn top(q: &str) -> Vec<&'static str> {
        search(q, ENTRIES.iter().copied()).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn full_width_half_width_and_spacing_find_the_same_entry() {
        assert_eq!(top("3回目接種はいつ開始しますか")[0], "1");
        assert_eq!(top("３回目 開始")[0], "1");
        assert_eq!(top("三回目　開始")[0], "1");
    }

    #[test]
    fn katakana_hiragana_and_latin_case_are_folded() {
        assert_eq!(top("ぱすわーど 忘れた")[0], "4");
        assert_eq!(top("ｖ－ｓｙｓ 入力 いつ")[0], "3");
        assert_eq!(fold("ワクチン"), fold("わくちん"));
        assert_eq!(fold("ＡＢＣ１２３"), "abc123");
    }

    #[test]
    fn the_initial_faq_answers_the_seeds_chatbot_question() {
        let entries: Vec<(String, &str, &str)> = INITIAL.iter().enumerate().map(|(i, (q, a))| (i.to_string(), *q, *a)).collect();
        let found = search("3回目接種は、いつ開始しますか？", entries.iter().map(|(i, q, a)| (i.as_str(), *q, *a)));
        assert_eq!(found[0].0, "0");
        assert!(found.len() >= 2, "the seed's chatbot offered several: {found:?}");
    }

    #[test]
    fn nothing_close_returns_nothing() {
        assert!(top("駐車場の台数").is_empty());
        assert!(top("ですか").is_empty(), "only polite endings");
        assert!(top("").is_empty());
    }
}
