//! What kind of thing an English word names ("chicago": a city, "soccer": a
//! sport, "violin": an instrument), for the answer phrase of "which city",
//! "what sport" questions. The table `kinds.txt` is derived from WordNet
//! 3.0's hypernyms by `scripts/related/kinds.js` (see
//! `scripts/related/README.md`); it is compiled in, sorted by word, and read
//! in place: the only thing built at run time, on first use, is where each
//! line lies and a hash table of line numbers by word (about 0.6 MB), so
//! the table costs no memory until a question asks.

use std::borrow::Cow;
use std::sync::LazyLock;

/// The table as shipped: `word<TAB>kind kind ...` lines sorted by word,
/// after `#` comment lines.
const DATA: &str = include_str!("kinds.txt");

/// Where each word of [`DATA`] and its kinds lie, found by hashing the
/// word: the answer phrase looks up every word of the sentences it weighs,
/// and a binary search over the lines was a twentieth of a long question's
/// time. The table holds line numbers only (about 0.6 MB in all), where a
/// map of string slices took 3.5 MB.
struct Lines {
    /// Each data line's start and the end of its word (its tab).
    spans: Vec<(u32, u32)>,
    /// Indices into `spans`, by the hash of the word.
    by_word: hashbrown::HashTable<u32>,
}

static LINES: LazyLock<Lines> = LazyLock::new(|| {
    let mut spans = Vec::new();
    let mut at = 0;
    for line in DATA.split_inclusive('\n') {
        if !line.starts_with('#') {
            let word = line.find('\t').unwrap_or(line.trim_end().len());
            spans.push((at as u32, (at + word) as u32));
        }
        at += line.len();
    }
    let mut by_word = hashbrown::HashTable::with_capacity(spans.len());
    for i in 0..spans.len() {
        let hash = word_hash(word_at(&spans, i as u32));
        by_word.insert_unique(hash, i as u32, |&j| word_hash(word_at(&spans, j)));
    }
    Lines { spans, by_word }
});

/// Indexes the table now rather than on first use.
pub(super) fn prepare() {
    LazyLock::force(&LINES);
}

fn word_at(spans: &[(u32, u32)], i: u32) -> &'static str {
    let (start, tab) = spans[i as usize];
    &DATA[start as usize..tab as usize]
}

fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// The kinds of `word` (lower case, as written: "chicago", "soccer"), as
/// one space-separated list; `None` when the table does not know it.
fn kinds_of(word: &str) -> Option<&'static str> {
    let lines = &*LINES;
    let &i = lines
        .by_word
        .find(word_hash(word), |&i| word_at(&lines.spans, i) == word)?;
    let rest = &DATA[lines.spans[i as usize].1 as usize..];
    let line = rest.split('\n').next().unwrap_or(rest);
    Some(line.strip_prefix('\t').unwrap_or(line))
}

/// The forms a plural or a singular word may have in the table, the word
/// itself first: "cities" → "city", "countries" → "country", "plastics"
/// → "plastic", "churches" → "church".
fn forms(word: &str) -> impl Iterator<Item = Cow<'_, str>> {
    // Every word of dozens of sentences is looked up: a form that only
    // drops letters borrows them.
    let strip = move |suffix: &str, add: &str| {
        word.strip_suffix(suffix)
            .filter(|stem| stem.len() > 2)
            .map(|stem| match add {
                "" => Cow::Borrowed(stem),
                _ => Cow::Owned(format!("{stem}{add}")),
            })
    };
    std::iter::once(Cow::Borrowed(word))
        .chain(strip("ies", "y"))
        .chain(strip("es", ""))
        .chain(strip("s", ""))
}

/// Kinds of ground, water and buildings: a thing of these kinds may be
/// named by a place.
const PLACE_KINDS: &[&str] = &[
    "area",
    "body",
    "building",
    "district",
    "facility",
    "field",
    "ground",
    "installation",
    "land",
    "location",
    "place",
    "region",
    "structure",
    "tract",
    "transmission",
    "water",
];

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

    /// Whether the table tells what `name`'s words (lower case: "kursk
    /// border region") are, and none is of this kind or this kind's own
    /// noun: a city is no "weapon", whereas a name the table does not know
    /// may be anything.
    pub(crate) fn is_ruled_out_by(&self, name: &str) -> bool {
        // A kind the table does not know ("territory", "language"), or one
        // of ground or buildings ("park", "airport"), may be named by a
        // place.
        let no_place = self.forms.iter().any(|f| {
            kinds_of(f).is_some_and(|kinds| !kinds.split(' ').any(|k| PLACE_KINDS.contains(&k)))
        });
        let words = || {
            name.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
        };
        let known = words().any(|w| forms(w).any(|f| kinds_of(&f).is_some()));
        no_place
            && known
            && !words().any(|w| {
                self.is_named_by(w) || forms(w).any(|f| self.forms.iter().any(|k| *k == f))
            })
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
        assert!(Kind::new("weapons").is_ruled_out_by("kursk border region"));
        assert!(!Kind::new("lake").is_ruled_out_by("lake placid"));
        assert!(!Kind::new("weapon").is_ruled_out_by("zorblax"));
        assert!(!Kind::new("territory").is_ruled_out_by("northern mariana islands"));
        assert!(!Kind::new("park").is_ruled_out_by("hyde park"));
        // A name counts in all its senses: Japan is first the islands.
        assert!(Kind::new("country").is_named_by("japan"));
        assert!(Kind::new("country").is_named_by("georgia"));
        assert!(Kind::new("state").is_named_by("georgia"));
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
