//! Languages: the language a text is written in, detected from its words
//! (`whatlang`) or declared by the article, and its ISO codes. The analyzer
//! reads the language to choose its segmenter, folding, stop words and
//! stemmer; answering reads it to keep a question with articles of its own
//! language.

use serde::{Serialize, Serializer};

/// A language of articles and questions: one of the 70 languages the
/// detector knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(whatlang::Lang);

/// ISO 639-1 codes of the detector's languages that have one.
const TWO_LETTER: &[(whatlang::Lang, &str)] = {
    use whatlang::Lang as W;
    &[
        (W::Afr, "af"),
        (W::Aka, "ak"),
        (W::Amh, "am"),
        (W::Ara, "ar"),
        (W::Aze, "az"),
        (W::Bel, "be"),
        (W::Ben, "bn"),
        (W::Bul, "bg"),
        (W::Cat, "ca"),
        (W::Ces, "cs"),
        (W::Cmn, "zh"),
        (W::Cym, "cy"),
        (W::Dan, "da"),
        (W::Deu, "de"),
        (W::Ell, "el"),
        (W::Eng, "en"),
        (W::Epo, "eo"),
        (W::Est, "et"),
        (W::Fin, "fi"),
        (W::Fra, "fr"),
        (W::Guj, "gu"),
        (W::Heb, "he"),
        (W::Hin, "hi"),
        (W::Hrv, "hr"),
        (W::Hun, "hu"),
        (W::Hye, "hy"),
        (W::Ind, "id"),
        (W::Ita, "it"),
        (W::Jav, "jv"),
        (W::Jpn, "ja"),
        (W::Kan, "kn"),
        (W::Kat, "ka"),
        (W::Khm, "km"),
        (W::Kor, "ko"),
        (W::Lat, "la"),
        (W::Lav, "lv"),
        (W::Lit, "lt"),
        (W::Mal, "ml"),
        (W::Mar, "mr"),
        (W::Mkd, "mk"),
        (W::Mya, "my"),
        (W::Nep, "ne"),
        (W::Nld, "nl"),
        (W::Nob, "nb"),
        (W::Ori, "or"),
        (W::Pan, "pa"),
        (W::Pes, "fa"),
        (W::Pol, "pl"),
        (W::Por, "pt"),
        (W::Ron, "ro"),
        (W::Rus, "ru"),
        (W::Sin, "si"),
        (W::Slk, "sk"),
        (W::Slv, "sl"),
        (W::Spa, "es"),
        (W::Sna, "sn"),
        (W::Srp, "sr"),
        (W::Swe, "sv"),
        (W::Tam, "ta"),
        (W::Tel, "te"),
        (W::Tgl, "tl"),
        (W::Tha, "th"),
        (W::Tuk, "tk"),
        (W::Tur, "tr"),
        (W::Ukr, "uk"),
        (W::Urd, "ur"),
        (W::Uzb, "uz"),
        (W::Vie, "vi"),
        (W::Yid, "yi"),
        (W::Zul, "zu"),
    ]
};

/// Codes people write that are not the detector's: Norwegian without its
/// written standard, Chinese and Persian by their macro-language.
const ALIASES: &[(&str, whatlang::Lang)] = &[
    ("no", whatlang::Lang::Nob),
    ("nor", whatlang::Lang::Nob),
    ("zho", whatlang::Lang::Cmn),
    ("chi", whatlang::Lang::Cmn),
    ("fas", whatlang::Lang::Pes),
    ("per", whatlang::Lang::Pes),
];

impl Lang {
    /// English, the language of a text nothing else is known of.
    pub const ENGLISH: Lang = Lang(whatlang::Lang::Eng);

    /// The detector's language.
    pub(crate) fn inner(self) -> whatlang::Lang {
        self.0
    }

    /// The ISO 639-1 code ("ru"), or ISO 639-3 where there is none.
    pub fn code(self) -> &'static str {
        TWO_LETTER
            .iter()
            .find(|(l, _)| *l == self.0)
            .map_or_else(|| self.0.code(), |(_, c)| c)
    }

    /// The language's English name ("Russian").
    pub fn name(self) -> &'static str {
        self.0.eng_name()
    }

    /// The language a tag names: an ISO 639-1 or 639-3 code, with or
    /// without a region or script ("uk", "ru-RU", "zh_Hans", "deu"), or an
    /// English name ("German").
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if let Some((l, _)) = TWO_LETTER.iter().find(|(_, c)| *c == primary) {
            return Some(Lang(*l));
        }
        if let Some((_, l)) = ALIASES.iter().find(|(c, _)| *c == primary) {
            return Some(Lang(*l));
        }
        if let Some(l) = whatlang::Lang::from_code(primary.as_str()) {
            return Some(Lang(l));
        }
        whatlang::Lang::all()
            .iter()
            .find(|l| l.eng_name().eq_ignore_ascii_case(tag))
            .map(|&l| Lang(l))
    }
}

impl Default for Lang {
    fn default() -> Lang {
        Lang::ENGLISH
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// How much of a text the detector reads: a paragraph says the language
/// as surely as a whole article, and the detector's time grows with the
/// text (at 3,000 characters it was a fifth of a large folder's load, at
/// 600 still a twelfth).
pub(crate) const DETECT_CHARS: usize = 300;

/// The language of an article's text. Where the detector is unsure (short
/// texts, names and numbers), the script decides: English for Latin
/// letters, the script's main language otherwise.
pub(crate) fn detect(text: &str) -> Lang {
    let end = text
        .char_indices()
        .nth(DETECT_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    // The trigram model weighs every Latin-script language; a sample full
    // of English function words needs none of that (a twentieth of a
    // large English folder's load).
    if plainly_english(sample) {
        return Lang::ENGLISH;
    }
    detect_sample(sample)
}

/// English function words that other languages written in ASCII letters
/// rarely use as words of their own.
const ENGLISH_MARKERS: &[&str] = &[
    "and", "from", "had", "has", "have", "his", "said", "that", "the", "their", "they", "this",
    "was", "were", "which", "with", "would",
];

/// Whether `sample` is English beyond doubt: no letters but ASCII ones,
/// at least one word in ten one of English's commonest function words,
/// and "the" among them twice. Over the bench's 25,000 articles and saved
/// pages in 13 languages, the detector said English for every sample this
/// accepts.
fn plainly_english(sample: &str) -> bool {
    if sample.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
        return false;
    }
    let (mut words, mut marked, mut the) = (0usize, 0usize, 0usize);
    for w in sample
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if ENGLISH_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(w)) {
            marked += 1;
            the += usize::from(w.eq_ignore_ascii_case("the"));
        }
    }
    the >= 2 && marked >= 5 && marked * 10 >= words
}

/// What the detector makes of a sample.
fn detect_sample(sample: &str) -> Lang {
    match whatlang::detect(sample) {
        Some(info) if info.is_reliable() => Lang(fix_script_lang(info.lang(), sample)),
        Some(info) => Lang(script_default(info.script()).unwrap_or(whatlang::Lang::Eng)),
        None => Lang::ENGLISH,
    }
}

/// Japanese written mostly in kanji can read as Chinese to the trigram
/// model; any kana makes it Japanese.
fn fix_script_lang(lang: whatlang::Lang, text: &str) -> whatlang::Lang {
    if lang == whatlang::Lang::Cmn && text.chars().any(is_kana) {
        whatlang::Lang::Jpn
    } else {
        lang
    }
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

/// The language most texts of a script are in, where one stands out.
fn script_default(script: whatlang::Script) -> Option<whatlang::Lang> {
    use whatlang::{Lang as W, Script as S};
    Some(match script {
        S::Latin => W::Eng,
        S::Cyrillic => W::Rus,
        S::Arabic => W::Ara,
        S::Devanagari => W::Hin,
        S::Greek => W::Ell,
        S::Hebrew => W::Heb,
        S::Mandarin => W::Cmn,
        S::Hiragana | S::Katakana => W::Jpn,
        S::Hangul => W::Kor,
        S::Thai => W::Tha,
        S::Georgian => W::Kat,
        S::Armenian => W::Hye,
        _ => return None,
    })
}

/// The language of a question, among the languages of the table's
/// articles where one of them is written in the question's script: a
/// question is a few words, which fool a detector choosing among seventy
/// languages, but rarely one choosing among the two or three a folder
/// holds. A question in a script no article uses keeps the detector's own
/// guess (then no article is in its language).
pub(crate) fn detect_question(text: &str, present: &[Lang]) -> Lang {
    // Names in Latin letters are common in questions of other scripts
    // ("Sky Digital是什么时候推出的？"), the other way round they are rare:
    // any letter of another script says the script.
    let other: String = text
        .chars()
        .filter(|&c| c.is_alphabetic() && !is_latin(c))
        .collect();
    let script = if other.is_empty() {
        whatlang::detect_script(text)
    } else {
        whatlang::detect_script(&other)
    };
    let Some(script) = script else {
        return present.first().copied().unwrap_or_default();
    };
    let same_script: Vec<whatlang::Lang> = present
        .iter()
        .map(|l| l.0)
        .filter(|l| script_of(*l) == Some(script) || kana_han(*l, script))
        .collect();
    match same_script.as_slice() {
        [] => match whatlang::detect(text) {
            Some(info) => Lang(fix_script_lang(info.lang(), text)),
            None => Lang(script_default(script).unwrap_or(whatlang::Lang::Eng)),
        },
        [one] => Lang(*one),
        several => {
            let detector = whatlang::Detector::with_allowlist(several.to_vec());
            let lang = detector
                .detect_lang(text)
                .map_or(several[0], |l| fix_script_lang(l, text));
            // The detector may name Chinese for kanji-only Japanese.
            Lang(if several.contains(&lang) {
                lang
            } else {
                several[0]
            })
        }
    }
}

/// Whether `c` is a Latin letter (ASCII, the Latin supplements and
/// extensions, Vietnamese's extended additional block).
fn is_latin(c: char) -> bool {
    c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c) || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Chinese and Japanese share the Han characters: a question in either
/// may be in the other's script by the detector's reading.
fn kana_han(lang: whatlang::Lang, script: whatlang::Script) -> bool {
    use whatlang::{Lang as W, Script as S};
    matches!(
        (lang, script),
        (W::Jpn, S::Mandarin) | (W::Cmn, S::Hiragana | S::Katakana)
    )
}

/// The script a language is written in.
fn script_of(lang: whatlang::Lang) -> Option<whatlang::Script> {
    use whatlang::{Lang as W, Script as S};
    Some(match lang {
        W::Rus | W::Ukr | W::Bul | W::Bel | W::Mkd | W::Srp => S::Cyrillic,
        W::Ara | W::Pes | W::Urd => S::Arabic,
        W::Hin | W::Mar | W::Nep => S::Devanagari,
        W::Ell => S::Greek,
        W::Heb | W::Yid => S::Hebrew,
        W::Cmn => S::Mandarin,
        W::Jpn => S::Hiragana,
        W::Kor => S::Hangul,
        W::Tha => S::Thai,
        W::Kat => S::Georgian,
        W::Hye => S::Armenian,
        W::Ben => S::Bengali,
        W::Tam => S::Tamil,
        W::Tel => S::Telugu,
        W::Kan => S::Kannada,
        W::Mal => S::Malayalam,
        W::Guj => S::Gujarati,
        W::Pan => S::Gurmukhi,
        W::Ori => S::Oriya,
        W::Mya => S::Myanmar,
        W::Sin => S::Sinhala,
        W::Khm => S::Khmer,
        W::Amh => S::Ethiopic,
        _ => S::Latin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_english_is_what_the_detector_says() {
        let english = [
            "The minister arrived in the capital on Monday, where he said that the talks \
             with his counterpart had been useful and that they would meet again.",
            "Takeshi Iwaya, the Japanese foreign minister, arrived in Kyiv on Saturday. He \
             said that Japan was with Ukraine and that the aid would continue.",
        ];
        for text in english {
            assert!(plainly_english(text), "{text}");
            assert_eq!(detect_sample(text), Lang::ENGLISH, "{text}");
        }
        // Latin-script languages written without accents, and English
        // words quoted in them, are left to the detector.
        let others = [
            "De minister zei dat het overleg met zijn collega nuttig was en dat ze \
             elkaar volgende week weer zouden zien in de hoofdstad van het land.",
            "Menteri itu tiba di ibu kota pada hari Senin dan mengatakan bahwa \
             pembicaraan dengan rekannya sangat berguna bagi kedua negara.",
            "Der Minister sagte, the talks were useful, und dass sie sich in der \
             naechsten Woche wieder treffen wollen, um the rest zu besprechen.",
            "Waziri alisema kwamba mazungumzo na mwenzake yalikuwa na manufaa na \
             kwamba watakutana tena wiki ijayo katika mji mkuu.",
            "El ministro dijo que las conversaciones con su homologo fueron utiles \
             y que volverian a reunirse la proxima semana en la capital.",
        ];
        for text in others {
            assert!(!plainly_english(text), "{text}");
            assert_eq!(detect(text), detect_sample(text), "{text}");
        }
    }

    #[test]
    fn codes_parse_and_print() {
        assert_eq!(Lang::parse("uk").map(Lang::code), Some("uk"));
        assert_eq!(Lang::parse("ru-RU").map(Lang::code), Some("ru"));
        assert_eq!(Lang::parse("zh_Hans").map(Lang::code), Some("zh"));
        assert_eq!(Lang::parse("deu").map(Lang::code), Some("de"));
        assert_eq!(Lang::parse("German").map(Lang::code), Some("de"));
        assert_eq!(Lang::parse("no").map(Lang::code), Some("nb"));
        assert_eq!(Lang::parse("xx"), None);
        assert_eq!(Lang::parse("es").map(Lang::code), Some("es"));
    }

    #[test]
    fn detects_article_languages() {
        let cases = [
            (
                "en",
                "The minister arrived in Kyiv on Saturday and met the president of Ukraine.",
            ),
            (
                "ru",
                "Министр прибыл в Киев в субботу и встретился с президентом Украины.",
            ),
            (
                "uk",
                "Міністр прибув до Києва в суботу і зустрівся з президентом України.",
            ),
            (
                "de",
                "Der Minister kam am Samstag in Kiew an und traf den Präsidenten der Ukraine.",
            ),
            ("zh", "部长周六抵达基辅，会见了乌克兰总统。"),
            (
                "ja",
                "大臣は土曜日にキーウに到着し、ウクライナの大統領と会談した。",
            ),
            ("ar", "وصل الوزير إلى كييف يوم السبت والتقى برئيس أوكرانيا."),
        ];
        for (code, text) in cases {
            assert_eq!(detect(text).code(), code, "{text}");
        }
        assert_eq!(detect("12345 ..."), Lang::ENGLISH);
    }

    #[test]
    fn questions_prefer_the_tables_languages() {
        let en = Lang::ENGLISH;
        let de = Lang::parse("de").expect("de");
        let ru = Lang::parse("ru").expect("ru");
        let uk = Lang::parse("uk").expect("uk");
        assert_eq!(detect_question("Wer ist der Chef der GDL?", &[en, de]), de);
        assert_eq!(detect_question("Who leads the GDL?", &[en, de]), en);
        assert_eq!(detect_question("Хто очолює уряд?", &[en, uk]), uk);
        assert_eq!(detect_question("Кто возглавляет правительство?", &[en]), ru);
        let zh = Lang::parse("zh").expect("zh");
        assert_eq!(detect_question("Sky Digital是什么时候推出的？", &[zh]), zh);
        assert_eq!(
            detect_question("Sky Digital是什么时候推出的？", &[en, zh]),
            zh
        );
    }
}
