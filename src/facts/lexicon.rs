//! The extractor's closed word classes (months, role titles, organisation
//! words, number words, the world's countries, ...) and the one table that
//! answers "which classes is this word in?". The words live in
//! `lexicon/*.txt`, one lower-case word per line, so a list can be read and
//! edited without Rust around it. This module owns no rules: the extractors
//! decide what a class means.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// Month names and their abbreviations.
pub(super) const F_MONTHS: u32 = 1 << 0;
/// Monday to Sunday.
pub(super) const F_WEEKDAYS: u32 = 1 << 1;
/// "yesterday", "today", "tonight", "tomorrow".
pub(super) const F_RELATIVE_DAYS: u32 = 1 << 2;
/// Periods that "last", "next" or "this" make a date ("last week").
pub(super) const F_PERIOD_WORDS: u32 = 1 << 3;
/// Titles and offices that, written before a name, make it a person's.
pub(super) const F_ROLE_HEADS: u32 = 1 << 4;
/// Short titles: never the second word of a compound role ("Minister Gen
/// Nakatani" is a minister called Gen Nakatani).
pub(super) const F_SHORT_TITLES: u32 = 1 << 5;
/// Lower-case nouns that introduce a person's name after them ("his
/// counterpart, Andrii Sybiha").
pub(super) const F_PERSON_NOUNS: u32 = 1 << 6;
/// Verbs that, after a name, make it a speaker's ("Smith said").
pub(super) const F_SPEECH_VERBS: u32 = 1 << 7;
/// Words that make a capitalised sequence an organisation.
pub(super) const F_ORG_WORDS: u32 = 1 << 8;
/// Words that make a capitalised sequence a place.
pub(super) const F_PLACE_WORDS: u32 = 1 << 9;
/// Lower-case geographic nouns that extend a place ("Kursk border region").
pub(super) const F_GEO_NOUNS: u32 = 1 << 10;
/// Prepositions and verbs after which a name is a place ("in Kyiv").
pub(super) const F_LOCATIVE: u32 = 1 << 11;
/// Sovereign states and a few large regions: general world knowledge, not
/// any article's data; a multiword name is written with single spaces.
pub(super) const F_COUNTRIES: u32 = 1 << 12;
/// Words that may join the parts of one proper name ("Group of Seven").
pub(super) const F_NAME_JOINERS: u32 = 1 << 13;
/// Numbers written as words, up to "trillion", "dozens" and "twice".
pub(super) const F_NUMBER_WORDS: u32 = 1 << 14;
/// Words that continue a number ("12 million", "40 percent").
pub(super) const F_SCALE_WORDS: u32 = 1 << 15;
/// Common words that open sentences in capitals and are not names.
pub(super) const F_NON_NAME_CAPITALS: u32 = 1 << 16;
/// Currencies by name or code ("pesos", "dollars", "USD"): a number they
/// follow is an amount of money.
pub(super) const F_CURRENCIES: u32 = 1 << 17;
/// Units of length and distance ("kilometres", "feet").
pub(super) const F_LENGTH_UNITS: u32 = 1 << 18;
/// Units of time ("hours", "years").
pub(super) const F_TIME_UNITS: u32 = 1 << 19;
/// Other units of measure: mass, area, volume, temperature, power.
pub(super) const F_OTHER_UNITS: u32 = 1 << 20;

/// Nouns for a person that both sides know: after one, the extractor takes
/// a name as a person's, and a question whose focus is one ("which
/// minister") wants a person. The two sides each add a few of their own
/// ([`EXTRACTOR_PERSON_NOUNS`] here, the question's own list in
/// `answer::question`): the lists grew apart, and merging them changes
/// which facts are found and what kind of answer some questions want, a
/// change to make and measure on its own.
const PERSON_NOUNS: &str = include_str!("lexicon/person_nouns.txt");
/// Person nouns only the extractor uses (see [`PERSON_NOUNS`]).
const EXTRACTOR_PERSON_NOUNS: &str = include_str!("lexicon/person_nouns_extractor.txt");

/// Every class's words with its flag. A word may be in several classes
/// ("one" is a number word and a sentence opener; "city" a place word and
/// a geographic noun).
const CLASSES: [(&str, u32); 22] = [
    (include_str!("lexicon/months.txt"), F_MONTHS),
    (include_str!("lexicon/weekdays.txt"), F_WEEKDAYS),
    (include_str!("lexicon/relative_days.txt"), F_RELATIVE_DAYS),
    (include_str!("lexicon/period_words.txt"), F_PERIOD_WORDS),
    (include_str!("lexicon/role_heads.txt"), F_ROLE_HEADS),
    (include_str!("lexicon/short_titles.txt"), F_SHORT_TITLES),
    (PERSON_NOUNS, F_PERSON_NOUNS),
    (EXTRACTOR_PERSON_NOUNS, F_PERSON_NOUNS),
    (include_str!("lexicon/speech_verbs.txt"), F_SPEECH_VERBS),
    (include_str!("lexicon/org_words.txt"), F_ORG_WORDS),
    (include_str!("lexicon/place_words.txt"), F_PLACE_WORDS),
    (include_str!("lexicon/geo_nouns.txt"), F_GEO_NOUNS),
    (include_str!("lexicon/locative.txt"), F_LOCATIVE),
    (include_str!("lexicon/countries.txt"), F_COUNTRIES),
    (include_str!("lexicon/name_joiners.txt"), F_NAME_JOINERS),
    (include_str!("lexicon/number_words.txt"), F_NUMBER_WORDS),
    (include_str!("lexicon/scale_words.txt"), F_SCALE_WORDS),
    (
        include_str!("lexicon/non_name_capitals.txt"),
        F_NON_NAME_CAPITALS,
    ),
    (include_str!("lexicon/currencies.txt"), F_CURRENCIES),
    (include_str!("lexicon/length_units.txt"), F_LENGTH_UNITS),
    (include_str!("lexicon/time_units.txt"), F_TIME_UNITS),
    (include_str!("lexicon/other_units.txt"), F_OTHER_UNITS),
];

// The extractor asks "is this word a month / a role / a country?" for every
// word of every sentence at load time, so the classes are one hash map from
// word to bit flags: one lookup replaces a scan per list.
static LEXICON: LazyLock<FxHashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (list, flag) in CLASSES {
        for word in words(list) {
            *map.entry(word).or_insert(0) |= flag;
        }
    }
    map
});

/// The words of one list file: one a line, blank lines ignored.
fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines().map(str::trim).filter(|w| !w.is_empty())
}

/// The classes `word` (lower case) is in, as flags; 0 for none.
pub(super) fn flags(word: &str) -> u32 {
    LEXICON.get(word).copied().unwrap_or(0)
}

/// Is `word` (lower case) in the class `flag`?
pub(super) fn is_in(flag: u32, word: &str) -> bool {
    flags(word) & flag != 0
}

/// Whether `word` (lower case) names a person by what they are or do: a
/// role title ("minister", "commissioner") or a person noun of either
/// side's list ("counterpart", "analyst").
pub(crate) fn is_person_word(word: &str) -> bool {
    flags(word) & (F_ROLE_HEADS | F_PERSON_NOUNS) != 0
}

/// Whether `word` (lower case) is a weekday.
#[cfg(feature = "bot")]
pub(crate) fn is_weekday(word: &str) -> bool {
    is_in(F_WEEKDAYS, word)
}

/// Whether `word` (lower case) is a day counted from today ("yesterday",
/// "tomorrow").
#[cfg(feature = "bot")]
pub(crate) fn is_relative_day(word: &str) -> bool {
    is_in(F_RELATIVE_DAYS, word)
}

/// Whether `word` (lower case) is one of the world's countries.
pub(crate) fn is_country_word(word: &str) -> bool {
    is_in(F_COUNTRIES, word)
}

/// The person nouns questions share with the extractor (see
/// [`PERSON_NOUNS`]).
pub(crate) fn person_nouns() -> impl Iterator<Item = &'static str> {
    words(PERSON_NOUNS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_files_hold_lower_case_words() {
        // Words are looked up lower-cased, so a capital would never match.
        for (list, flag) in CLASSES {
            for word in words(list) {
                assert_eq!(word, word.to_lowercase(), "in the list of flag {flag:#x}");
            }
        }
    }

    #[test]
    fn a_word_carries_every_class_it_is_in() {
        assert!(is_in(F_PLACE_WORDS, "city") && is_in(F_GEO_NOUNS, "city"));
        assert!(is_in(F_NUMBER_WORDS, "one") && is_in(F_NON_NAME_CAPITALS, "one"));
        assert!(is_in(F_PERSON_NOUNS, "counterpart") && is_in(F_PERSON_NOUNS, "analyst"));
        assert_eq!(flags("kyiv"), 0);
    }

    #[test]
    fn questions_share_only_the_common_person_nouns() {
        assert!(person_nouns().any(|w| w == "minister"));
        assert!(!person_nouns().any(|w| w == "analyst"));
    }
}
