//! What kind of thing an English word names ("chicago": a city, "soccer": a
//! sport, "violin": an instrument), for the answer phrase of "which city",
//! "what sport" questions. The table `kinds.txt` is derived from WordNet
//! 3.0's hypernyms by `scripts/related/kinds.js` (see
//! `scripts/related/README.md`); it is compiled in, sorted by word, and read
//! in place: the only thing built at run time, on first use, is a map from
//! each word to its kinds (about 1.5 MB), so the table costs no memory
//! until a question asks.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// The table as shipped: `word<TAB>kind kind ...` lines sorted by word,
/// after `#` comment lines.
const DATA: &str = include_str!("kinds.txt");

/// Each word of [`DATA`] with its kinds, read in place: the answer phrase
/// looks up every word of the sentences it weighs, and a binary search
/// over the lines was a tenth of a long question's time.
static KINDS: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    DATA.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.split_once('\t').unwrap_or((line, "")))
        .collect()
});

/// The kinds of `word` (lower case, as written: "chicago", "soccer"), as
/// one space-separated list; `None` when the table does not know it.
fn kinds_of(word: &str) -> Option<&'static str> {
    KINDS.get(word).copied()
}

/// The forms a plural or a singular word may have in the table, the word
/// itself first: "cities" → "city", "countries" → "country", "plastics"
/// → "plastic", "churches" → "church".
fn forms(word: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let strip = move |suffix: &str, add: &str| {
        word.strip_suffix(suffix)
            .filter(|stem| stem.len() > 2)
            .map(|stem| Cow::Owned(format!("{stem}{add}")))
    };
    std::iter::once(Cow::Borrowed(word))
        .chain(strip("ies", "y"))
        .chain(strip("es", ""))
        .chain(strip("s", ""))
}

/// A noun a question asks for a kind of ("city" in "which city"), with
/// its forms worked out once for all the words it is checked against.
#[derive(Debug)]
pub(crate) struct Kind {
    forms: Vec<String>,
}

impl Kind {
    /// The kind named by `noun` (lower case, either in the plural).
    pub(crate) fn new(noun: &str) -> Kind {
        Kind {
            forms: forms(noun).map(Cow::into_owned).collect(),
        }
    }

    /// Whether `word` (lower case, either in the plural) names a thing of
    /// this kind ("chicago" a city); false for words WordNet does not know.
    pub(crate) fn is_named_by(&self, word: &str) -> bool {
        forms(word).any(|w| {
            kinds_of(&w)
                .is_some_and(|list| list.split(' ').any(|k| self.forms.iter().any(|f| f == k)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_nouns_have_their_kinds() {
        assert!(Kind::new("city").is_named_by("chicago"));
        assert!(Kind::new("country").is_named_by("france"));
        assert!(Kind::new("sport").is_named_by("soccer"));
        assert!(Kind::new("instrument").is_named_by("violins"));
        assert!(Kind::new("illness").is_named_by("tuberculosis"));
        assert!(Kind::new("cities").is_named_by("paris"));
    }

    #[test]
    fn unrelated_and_unknown_words_are_not_kinds() {
        assert!(!Kind::new("sport").is_named_by("chicago"));
        assert!(!Kind::new("city").is_named_by("soccer"));
        assert!(!Kind::new("city").is_named_by("zzyzx"));
        assert!(!Kind::new("").is_named_by(""));
    }

    #[test]
    fn every_word_of_the_table_is_found_once_with_its_kinds() {
        let lines: Vec<(&str, &str)> = DATA
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(|line| line.split_once('\t').unwrap_or((line, "")))
            .collect();
        assert!(lines.len() > 10_000);
        // Sorted and without repeats, so no word's kinds hide another's.
        assert!(lines.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(lines.iter().all(|&(w, k)| kinds_of(w) == Some(k)));
    }
}
