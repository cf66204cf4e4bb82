//! Stemming per language: the Snowball stemmers of `rust-stemmers` where
//! it has one, and light suffix strippers for Ukrainian and Hindi, which it
//! lacks. A light stemmer strips one inflectional ending, the longest that
//! leaves a stem of a few letters: it merges fewer forms than a full
//! morphological analysis but never two unrelated words of some length,
//! and a question and its answer sentence go through the same one.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::Lang;

/// Snowball stemmers, made on first use.
static STEMMERS: LazyLock<Vec<(whatlang::Lang, Stemmer)>> = LazyLock::new(|| {
    use whatlang::Lang as W;
    [
        (W::Ara, Algorithm::Arabic),
        (W::Dan, Algorithm::Danish),
        (W::Nld, Algorithm::Dutch),
        (W::Eng, Algorithm::English),
        (W::Fin, Algorithm::Finnish),
        (W::Fra, Algorithm::French),
        (W::Deu, Algorithm::German),
        (W::Ell, Algorithm::Greek),
        (W::Hun, Algorithm::Hungarian),
        (W::Ita, Algorithm::Italian),
        (W::Nob, Algorithm::Norwegian),
        (W::Por, Algorithm::Portuguese),
        (W::Ron, Algorithm::Romanian),
        (W::Rus, Algorithm::Russian),
        (W::Spa, Algorithm::Spanish),
        (W::Swe, Algorithm::Swedish),
        (W::Tam, Algorithm::Tamil),
        (W::Tur, Algorithm::Turkish),
    ]
    .into_iter()
    .map(|(l, a)| (l, Stemmer::create(a)))
    .collect()
});

/// The English stemmer, apart: English words are most of what is stemmed.
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// The stem of a folded word of `lang` (the word itself where the language
/// has no stemmer).
pub(crate) fn stem(lang: Lang, word: &str) -> String {
    use whatlang::Lang as W;
    match lang.inner() {
        W::Eng => ENGLISH.stem(word).into_owned(),
        W::Ukr => strip_suffix(word, UKRAINIAN, 3).to_string(),
        W::Hin => strip_suffix(word, HINDI, 2).to_string(),
        W::Ron => {
            // Snowball's Romanian is written with the cedilla letters.
            let w: String = word
                .chars()
                .map(|c| match c {
                    'ș' => 'ş',
                    'ț' => 'ţ',
                    other => other,
                })
                .collect();
            snowball(lang, &w).unwrap_or(w)
        }
        _ => snowball(lang, word).unwrap_or_else(|| word.to_string()),
    }
}

fn snowball(lang: Lang, word: &str) -> Option<String> {
    STEMMERS
        .iter()
        .find(|(l, _)| *l == lang.inner())
        .map(|(_, s)| s.stem(word).into_owned())
}

/// `word` without the longest of `suffixes` that leaves at least
/// `min_stem` characters.
fn strip_suffix<'w>(word: &'w str, suffixes: &[&str], min_stem: usize) -> &'w str {
    let len = word.chars().count();
    suffixes
        .iter()
        .filter(|s| word.ends_with(**s) && len >= s.chars().count() + min_stem)
        .max_by_key(|s| s.len())
        .map_or(word, |s| &word[..word.len() - s.len()])
}

/// Ukrainian inflectional endings of nouns, adjectives, verbs and
/// participles (case, number, gender, person, tense, the reflexive -ся).
const UKRAINIAN: &[&str] = &[
    "а",
    "ам",
    "ами",
    "ах",
    "ає",
    "ав",
    "ала",
    "али",
    "ало",
    "ати",
    "ає",
    "ають",
    "аємо",
    "аєте",
    "аєш",
    "е",
    "ем",
    "ею",
    "еві",
    "ей",
    "ення",
    "енню",
    "енні",
    "ень",
    "ете",
    "еш",
    "и",
    "им",
    "ими",
    "их",
    "ий",
    "ила",
    "или",
    "ило",
    "ити",
    "ить",
    "иться",
    "ив",
    "ими",
    "имо",
    "ите",
    "ися",
    "ій",
    "ім",
    "ів",
    "ій",
    "ія",
    "ії",
    "ією",
    "ію",
    "і",
    "ість",
    "істю",
    "ості",
    "о",
    "ові",
    "ого",
    "ому",
    "ом",
    "ою",
    "ої",
    "у",
    "ує",
    "ують",
    "ував",
    "увала",
    "ували",
    "ться",
    "ся",
    "сь",
    "ти",
    "ть",
    "ють",
    "ю",
    "я",
    "ям",
    "ями",
    "ях",
    "ього",
    "ьому",
    "ь",
    "є",
    "єм",
    "єю",
    "ї",
    "їв",
    "ла",
    "ли",
    "ло",
    "в",
    "вся",
    "лася",
    "лися",
    "лось",
    "ться",
    "уть",
    "ять",
    "ючи",
    "ачи",
    "ячи",
];

/// Hindi endings (Ramanathan and Rao's light stemmer for Hindi).
const HINDI: &[&str] = &[
    "ो",
    "े",
    "ू",
    "ु",
    "ी",
    "ि",
    "ा",
    "कर",
    "ाओ",
    "िए",
    "ाई",
    "ाए",
    "ने",
    "नी",
    "ना",
    "ते",
    "ीं",
    "ती",
    "ता",
    "ाँ",
    "ां",
    "ों",
    "ें",
    "ाकर",
    "ाइए",
    "ाईं",
    "ाया",
    "ेगी",
    "ेगा",
    "ोगी",
    "ोगे",
    "ाने",
    "ाना",
    "ाते",
    "ाती",
    "ाता",
    "तीं",
    "ाओं",
    "ाएं",
    "ुओं",
    "ुएं",
    "ुआं",
    "ाएगी",
    "ाएगा",
    "ाओगी",
    "ाओगे",
    "एंगी",
    "ेंगी",
    "एंगे",
    "ेंगे",
    "ूंगी",
    "ूंगा",
    "ातीं",
    "नाओं",
    "नाएं",
    "ताओं",
    "ताएं",
    "ियाँ",
    "ियों",
    "ियां",
    "ाएंगी",
    "ाएंगे",
    "ाऊंगी",
    "ाऊंगा",
    "ाइयाँ",
    "ाइयों",
    "ाइयां",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn s(code: &str, w: &str) -> String {
        stem(Lang::parse(code).expect("code"), w)
    }

    #[test]
    fn snowball_where_there_is_one() {
        assert_eq!(s("ru", "президента"), s("ru", "президент"));
        assert_eq!(s("de", "kinder"), s("de", "kindern"));
        assert_eq!(s("es", "naciones"), s("es", "nación"));
        assert_eq!(s("ro", "președintele"), s("ro", "președinte"));
    }

    #[test]
    fn ukrainian_forms_share_a_stem() {
        for group in [
            ["президент", "президента", "президентом"],
            ["україна", "україни", "україною"],
            ["війна", "війни", "війною"],
            ["міністр", "міністра", "міністрові"],
            ["оголосив", "оголосила", "оголосили"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| s("uk", w)).collect();
            assert!(
                stems.windows(2).all(|p| p[0] == p[1]),
                "{group:?}: {stems:?}"
            );
        }
        // Short words keep what makes them differ.
        assert_ne!(s("uk", "мир"), s("uk", "мис"));
    }

    #[test]
    fn hindi_endings_strip() {
        assert_eq!(s("hi", "लड़कों"), s("hi", "लड़का"));
        assert_eq!(s("hi", "किताबें"), "किताब");
    }
}
