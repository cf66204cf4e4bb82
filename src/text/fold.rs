//! Folding of one word as each language needs it: lower case (Turkish
//! dotted and dotless i apart), digits of every script as ASCII digits,
//! accents dropped where readers type words without them (English and
//! other Latin-script languages, Greek; for Latin-script languages with a
//! stemmer only after stemming, which reads the accents), Arabic vowel
//! marks and the tatweel dropped, and nothing dropped where the marks are
//! letters (Vietnamese tones, Devanagari and Thai vowel signs, the
//! Cyrillic й and ї).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Lang;

/// Which folding a language gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Folding {
    /// English: accents and possessives dropped, contractions cut.
    English,
    /// Latin-script languages with a stemmer: accents kept for the
    /// stemmer, dropped from the term after it.
    LatinStemmed,
    /// Other Latin-script languages, Greek: accents dropped.
    Unaccented,
    /// Vietnamese: lower case only, tones are meaning.
    Vietnamese,
    /// Cyrillic: lower case, ё as е, stress marks dropped.
    Cyrillic,
    /// Arabic script: vowel marks, the tatweel and hamza forms of alef
    /// folded away.
    Arabic,
    /// Chinese, Japanese, Korean: full- and half-width forms unified.
    Wide,
    /// Everything else (Devanagari, Thai, ...): lower case only.
    Plain,
}

impl Folding {
    /// The folding of `lang`.
    pub(crate) fn of(lang: Lang) -> Folding {
        use whatlang::Lang as W;
        match lang.inner() {
            W::Eng => Folding::English,
            W::Deu
            | W::Spa
            | W::Fra
            | W::Ita
            | W::Por
            | W::Nld
            | W::Swe
            | W::Dan
            | W::Nob
            | W::Fin
            | W::Hun
            | W::Ron
            | W::Tur => Folding::LatinStemmed,
            W::Vie => Folding::Vietnamese,
            W::Rus | W::Ukr | W::Bel | W::Bul | W::Mkd | W::Srp => Folding::Cyrillic,
            W::Ara | W::Pes | W::Urd => Folding::Arabic,
            W::Cmn | W::Jpn | W::Kor => Folding::Wide,
            W::Hin
            | W::Mar
            | W::Nep
            | W::Tha
            | W::Ben
            | W::Tam
            | W::Tel
            | W::Kan
            | W::Mal
            | W::Guj
            | W::Pan
            | W::Ori
            | W::Sin
            | W::Khm
            | W::Mya
            | W::Heb
            | W::Yid
            | W::Kat
            | W::Hye
            | W::Amh => Folding::Plain,
            _ => Folding::Unaccented,
        }
    }
}

/// Folds one word of `lang` as written (see the module).
pub(crate) fn fold(lang: Lang, word: &str) -> String {
    // Most words of most texts are letters and digits of ASCII, which
    // every folding but the Turkish i leaves as their lower case: such a
    // word is folded in one pass (answering folds every word of dozens of
    // sentences).
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) && !has_dotless_i(lang) {
        return word.to_ascii_lowercase();
    }
    fold_any(lang, word)
}

fn has_dotless_i(lang: Lang) -> bool {
    matches!(lang.inner(), whatlang::Lang::Tur | whatlang::Lang::Aze)
}

/// [`fold`] for any word.
fn fold_any(lang: Lang, word: &str) -> String {
    let folding = Folding::of(lang);
    let unified = super::unify_quotes(word);
    let lower = if has_dotless_i(lang) {
        turkish_lower(&unified)
    } else {
        unified.to_lowercase()
    };
    let lower = ascii_digits(lower);
    let mut w = match folding {
        Folding::English | Folding::Unaccented if !lower.is_ascii() => strip_marks(&lower),
        Folding::English | Folding::Unaccented => lower,
        Folding::LatinStemmed | Folding::Vietnamese | Folding::Plain => lower.nfc().collect(),
        Folding::Cyrillic => lower
            .nfd()
            .filter(|&c| c != '\u{0301}' && c != '\u{0300}')
            .nfc()
            .map(|c| if c == 'ё' { 'е' } else { c })
            .collect(),
        Folding::Arabic => lower
            .chars()
            .filter(|&c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}'))
            .map(|c| match c {
                'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
                other => other,
            })
            .collect(),
        Folding::Wide => lower.nfkc().collect(),
    };
    if lang.inner() == whatlang::Lang::Ell {
        w = w.replace('ς', "σ");
    }
    match folding {
        Folding::English => english_apostrophes(&mut w),
        _ => other_apostrophes(lang, &mut w),
    }
    w
}

/// English possessives dropped ("Japan's" -> "japan", "troops'" ->
/// "troops"); a contraction keeps its head word ("don't" -> "don").
fn english_apostrophes(w: &mut String) {
    if let Some(stripped) = w.strip_suffix("'s") {
        w.truncate(stripped.len());
    } else if let Some(stripped) = w.strip_suffix('\'') {
        w.truncate(stripped.len());
    }
    if let Some(pos) = w.find('\'') {
        w.truncate(pos);
    }
}

/// An elided article or pronoun goes ("l'homme" -> "homme" in French or
/// Italian); otherwise the word before the apostrophe stays ("Ankara'nın"
/// -> "ankara" in Turkish, "O'Brien" stays whole in spirit: "o").
fn other_apostrophes(lang: Lang, w: &mut String) {
    let Some(pos) = w.find('\'') else {
        return;
    };
    let elides = matches!(
        lang.inner(),
        whatlang::Lang::Fra | whatlang::Lang::Ita | whatlang::Lang::Cat
    );
    if elides && w[..pos].chars().count() <= 2 {
        w.drain(..=pos);
    } else {
        w.truncate(pos);
    }
}

/// Lower case with the Turkish i: "I" is "ı", "İ" is "i".
fn turkish_lower(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'I' => 'ı',
            'İ' => 'i',
            other => other,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Drops combining marks (accents) from a word.
pub(crate) fn strip_marks(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .nfc()
        .collect()
}

/// The first digit of each block of ten decimal digits outside ASCII.
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10,
];

/// Digits of every script as ASCII digits, and the Arabic decimal and
/// thousands separators as "." and ",", so "١٩٤٣" and "1943" are one term.
fn ascii_digits(word: String) -> String {
    if word.is_ascii() {
        return word;
    }
    word.chars()
        .map(|c| {
            let u = c as u32;
            match DIGIT_ZEROS.iter().find(|&&z| (z..z + 10).contains(&u)) {
                Some(&z) => char::from(b'0' + (u - z) as u8),
                None => match c {
                    '\u{066B}' => '.',
                    '\u{066C}' => ',',
                    other => other,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ascii_words_fold_as_any_word_does() {
        let words = ["Kyiv", "KYIV", "troops", "12000", "G7", "x", "Iwaya", "IBM"];
        for code in ["en", "de", "fr", "ru", "ar", "zh", "th", "vi", "el", "hi"] {
            let lang = Lang::parse(code).expect("code");
            for w in words {
                assert_eq!(fold(lang, w), fold_any(lang, w), "{code} {w}");
            }
        }
        // The Turkish capital I is a dotless ı: no shortcut there.
        let tr = Lang::parse("tr").expect("tr");
        assert_eq!(fold(tr, "ISTANBUL"), fold_any(tr, "ISTANBUL"));
        assert_eq!(fold(tr, "ISTANBUL"), "ıstanbul");
    }

    fn f(code: &str, w: &str) -> String {
        fold(Lang::parse(code).expect("code"), w)
    }

    #[test]
    fn folds_as_each_language_needs() {
        assert_eq!(f("en", "Japan’s"), "japan");
        assert_eq!(f("de", "Größe"), "größe");
        assert_eq!(f("vi", "Hà Nội"), "hà nội");
        assert_eq!(f("ru", "Ёлка"), "елка");
        assert_eq!(f("ru", "новый"), "новый");
        assert_eq!(f("uk", "Їжак"), "їжак");
        assert_eq!(f("el", "Αθήνας"), "αθηνασ");
        assert_eq!(f("tr", "IRAK"), "ırak");
        assert_eq!(f("tr", "İstanbul'da"), "istanbul");
        assert_eq!(f("fr", "l'homme"), "homme");
        assert_eq!(f("ar", "أَحْمَد"), "احمد");
        assert_eq!(f("hi", "किया"), "किया");
        assert_eq!(f("ja", "ＡＢＣ"), "abc");
    }

    #[test]
    fn digits_of_every_script_are_ascii() {
        assert_eq!(f("ar", "١٩٤٣"), "1943");
        assert_eq!(f("hi", "१९४३"), "1943");
        assert_eq!(f("th", "๑๙๔๓"), "1943");
        assert_eq!(f("ar", "٣٫٥"), "3.5");
    }
}
