//! Stop words per language: the `stop-words` crate's lists (NLTK's where
//! it has one, the ISO lists elsewhere; both compiled into the binary),
//! folded as the analyzer folds words, with a few of our own. English keeps
//! the analyzer's own list. Languages segmented into character pairs have
//! none: a pair is not a word.
//!
//! Only some languages' terms leave their stop words out (English,
//! Russian, Ukrainian, Arabic, Vietnamese): in the others, the XQuAD dev
//! parts answered better with them kept as terms, weighted by their low
//! idf as a plain BM25 does (German .660 against .642, Spanish .689
//! against .669, Chinese .683 against .665). Every list still marks the
//! function words of an answer phrase.

use std::sync::OnceLock;

use rustc_hash::FxHashSet as HashSet;

use super::Lang;
use super::segment::Segmenter;

/// Vietnamese function syllables. The ISO list is not used: it holds
/// "năm" (year), "ngày" (day), "người" (person), words questions ask with.
const VIETNAMESE: &[&str] = &[
    "ai", "bị", "các", "cho", "có", "của", "cũng", "do", "đã", "đang", "để", "đó", "được", "gì",
    "hay", "hoặc", "khi", "không", "là", "lại", "mà", "một", "này", "nào", "nên", "nhưng", "những",
    "như", "nó", "ra", "rằng", "rất", "sẽ", "tại", "theo", "thì", "trên", "trong", "từ", "và",
    "vào", "về", "vì", "với",
];

/// Ukrainian function words the short ISO list lacks.
const UKRAINIAN_MORE: &[&str] = &[
    "а",
    "в",
    "у",
    "і",
    "на",
    "не",
    "по",
    "за",
    "зі",
    "при",
    "через",
    "після",
    "його",
    "цього",
    "цієї",
    "ця",
    "ці",
    "цих",
    "того",
    "тому",
    "яка",
    "яке",
    "які",
    "якого",
    "яких",
    "також",
    "вже",
    "ще",
    "лише",
    "тільки",
    "було",
    "буде",
    "є",
    "о",
    "об",
    "або",
    "між",
    "над",
];

/// Words of the ISO lists that questions ask with (Hindi "घर", house).
const NOT_STOP: &[&str] = &["घर"];

/// Each language's folded stop words, made on first use, by the
/// detector's number of the language.
static LISTS: [OnceLock<HashSet<String>>; LANGUAGES] = [const { OnceLock::new() }; LANGUAGES];

/// How many languages the detector knows.
const LANGUAGES: usize = 70;

/// Whether the terms of `lang` leave its stop words out (see the module).
pub(crate) fn drops_stop_words(lang: Lang) -> bool {
    use whatlang::Lang as W;
    matches!(
        lang.inner(),
        W::Eng | W::Rus | W::Ukr | W::Bel | W::Ara | W::Vie
    )
}

/// The folded stop words of `lang` (empty for English, whose list is the
/// analyzer's own, and for languages without one).
pub(crate) fn list(lang: Lang) -> &'static HashSet<String> {
    LISTS[lang.inner() as usize % LANGUAGES].get_or_init(|| build(lang))
}

fn build(lang: Lang) -> HashSet<String> {
    use whatlang::Lang as W;
    if lang == Lang::ENGLISH || Segmenter::of(lang) == Segmenter::Pairs {
        return HashSet::default();
    }
    let words: Vec<&str> = match lang.inner() {
        W::Vie => VIETNAMESE.to_vec(),
        W::Ukr => stop_words::lookup("uk")
            .unwrap_or_default()
            .iter()
            .chain(UKRAINIAN_MORE)
            .copied()
            .collect(),
        _ => stop_words::lookup(lang.code()).unwrap_or_default().to_vec(),
    };
    words
        .into_iter()
        .filter(|w| !NOT_STOP.contains(w) && !w.contains(' '))
        .map(|w| super::fold::fold(lang, w))
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_slot() {
        assert_eq!(whatlang::Lang::all().len(), LANGUAGES);
        assert!(
            whatlang::Lang::all()
                .iter()
                .all(|&l| (l as usize) < LANGUAGES)
        );
    }

    #[test]
    fn lists_per_language() {
        let ru = Lang::parse("ru").expect("ru");
        assert!(list(ru).contains("и"));
        assert!(!list(ru).contains("президент"));
        let de = Lang::parse("de").expect("de");
        assert!(list(de).contains("für"));
        let vi = Lang::parse("vi").expect("vi");
        assert!(list(vi).contains("của") && !list(vi).contains("năm"));
        let uk = Lang::parse("uk").expect("uk");
        assert!(list(uk).contains("на"));
        assert!(list(Lang::parse("th").expect("th")).is_empty());
    }
}
