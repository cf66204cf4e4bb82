//! The one analyzer shared by the keyword table and by questions, per
//! language: words (`segment`: Unicode words, jieba for Chinese, character
//! pairs for Japanese, Korean and Thai), folding (`fold`: case, accents
//! where the language drops them, digits of every script, apostrophes),
//! stop words (`stop`), stems (`stem`: Snowball, light strippers for
//! Ukrainian and Hindi), numbers kept whole and English ordinals in
//! digits read as their words (`ordinal`: "5th" is "fifth"). Nothing else
//! in the crate turns text into terms, so a question and the sentence that
//! answers it can never disagree about what a word is, as long as both are
//! read in the same language (`lang`).

mod fold;
pub(crate) mod lang;
mod ordinal;
mod segment;
mod stem;
mod stop;
mod wordbreak;

use std::borrow::Cow;

pub(crate) use fold::strip_marks;
pub use lang::Lang;
pub(crate) use segment::{for_each_word, is_unspaced, splits_unicode_words, words};
pub(crate) use wordbreak::word_indices;

/// English stop words (the classic Snowball/NLTK list, with contractions
/// folded). Kept sorted so membership is a binary search.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// One analyzed word: its place in the original text and the term it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte offset of the word's first byte in the analyzed text.
    pub(crate) start: usize,
    /// Byte offset just past the word's last byte.
    pub(crate) end: usize,
    /// The index term: folded, possessive removed, stemmed (numbers kept whole).
    pub(crate) term: String,
}

/// Replaces typographic apostrophes and quotes with their ASCII forms, so
/// "Japan’s" and "Japan's" are the same word everywhere (replies keep the
/// original text; only matching uses this).
pub(crate) fn unify_quotes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' | '`' => {
                '\''
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => '"',
            other => other,
        })
        .collect()
}

/// Is `word` (already lower-cased) an English stop word? The fact
/// extractors' English word lists read this; the analyzer reads
/// [`is_stop_word_in`].
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Is `folded` a stop word of `lang`?
pub(crate) fn is_stop_word_in(lang: Lang, folded: &str) -> bool {
    if lang == Lang::ENGLISH {
        is_stop_word(folded)
    } else {
        stop::list(lang).contains(folded)
    }
}

/// Whether `lang` is written in a script with capital letters (Latin,
/// Cyrillic, Greek, Armenian).
pub(crate) fn has_case(lang: Lang) -> bool {
    use fold::Folding;
    !matches!(
        Folding::of(lang),
        Folding::Arabic | Folding::Wide | Folding::Plain
    ) || lang.inner() == whatlang::Lang::Hye
}

/// Folds one word of `lang` as it appears in text: lower case, accents
/// dropped where the language's readers drop them ("Pérez" -> "perez" in
/// English), digits as ASCII, the English possessive dropped ("Japan's"
/// -> "japan", "troops'" -> "troops"); see `fold`.
pub(crate) fn fold_word(lang: Lang, word: &str) -> String {
    fold::fold(lang, word)
}

/// Turns one folded word of `lang` into its index term, or `None` for stop
/// words (of the languages whose terms leave them out, see
/// [`stop::drops_stop_words`]) and words with nothing left in them.
pub(crate) fn term_of_folded(lang: Lang, folded: &str) -> Option<String> {
    if !has_term(lang, folded) {
        return None;
    }
    if folded.chars().any(|c| c.is_ascii_digit()) {
        if lang == Lang::ENGLISH
            && let Some(word) = ordinal::as_word(folded)
        {
            return Some(stem::stem(lang, word));
        }
        return Some(normalize_number(folded));
    }
    if let Some(letters) = initialism(folded) {
        return Some(letters);
    }
    let stem = stem::stem(lang, folded);
    Some(match fold::Folding::of(lang) {
        // The stemmer read the accents; matching does without them.
        fold::Folding::LatinStemmed => fold::strip_marks(&stem),
        _ => stem,
    })
}

/// Whether the analyzer makes a term of `folded` (a word of `lang`,
/// folded): what [`term_of_folded`] tells without stemming the word, for
/// passes that only need to know which words the table numbered.
pub(crate) fn has_term(lang: Lang, folded: &str) -> bool {
    !(folded.is_empty() || stop::drops_stop_words(lang) && is_stop_word_in(lang, folded))
}

/// "u.s", "u.k", "e.u": single letters joined by dots are the initialism
/// a question writes "US", "UK", "EU" (news writes "U.S." and questions
/// rarely do); left to the stemmer "u.s" became "u.", matching nothing.
fn initialism(folded: &str) -> Option<String> {
    let parts: Vec<&str> = folded.trim_end_matches('.').split('.').collect();
    let single = |p: &&str| {
        let mut c = p.chars();
        c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
    };
    (parts.len() >= 2 && parts.iter().all(single)).then(|| parts.concat())
}

/// Keeps numbers whole and comparable: thousands separators are dropped
/// ("12,000" and "12000" are one term) while decimals stay ("3.5").
fn normalize_number(word: &str) -> String {
    word.chars().filter(|&c| c != ',').collect()
}

/// Splits `text` in `lang` into words (see `segment`) and returns the
/// non-stop-word ones with their terms.
pub(crate) fn analyze(lang: Lang, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_word(lang, text, |start, word| {
        let folded = fold_word(lang, word);
        if let Some(term) = term_of_folded(lang, &folded) {
            out.push(Token {
                start,
                end: start + word.len(),
                term,
            });
        }
    });
    out
}

/// What the analyzer makes of one word as written in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordForm<'a> {
    /// The folded word ([`fold_word`]).
    pub(crate) folded: &'a str,
    /// Its index term, or `None` for a stop word ([`term_of_folded`]).
    pub(crate) term: Option<&'a str>,
}

/// Remembers what the analyzer made of each distinct word of each
/// language it was given.
/// Loading a folder analyzes millions of words but only a few hundred
/// thousand distinct ones, and folding plus Snowball stemming was a quarter
/// of load time; a cached word costs one hash lookup and no allocation.
/// The answer is the same as [`analyze`]'s, word for word.
///
/// Every loading thread keeps one, so it is stored compactly: the words
/// and their forms end to end in one string, and a hash table of where
/// each entry's parts lie there. A map of boxed strings cost about 150
/// bytes a word, 14 MB per thread at 90,000 distinct words; and with the
/// entry, and a short word's bytes, in the table itself a lookup reads
/// the table only: the word's forms are read ([`WordCache::form`]) when
/// the caller needs them, which the loader does once per word and file.
#[derive(Debug, Default)]
pub(crate) struct WordCache {
    /// Each entry's word, folded form and term, end to end.
    bytes: String,
    table: hashbrown::HashTable<CachedWord>,
}

/// Where one cached word's parts lie in [`WordCache::bytes`]: the word at
/// `start`, then its folded form, then its term. The word's first bytes
/// are kept in the entry too: most words are compared there, without
/// reading the text, which for a rare word is a cache miss of its own.
#[derive(Debug, Clone, Copy)]
struct CachedWord {
    /// The word's first [`KEY`] bytes, zeros after a shorter word.
    key: [u8; KEY],
    /// The language the word was analyzed in.
    lang: Lang,
    start: u32,
    word: u32,
    folded: u32,
    /// The term's length, or `NO_TERM` for a stop word.
    term: u32,
}

const NO_TERM: u32 = u32::MAX;
/// Bytes of a word kept in its table entry: nearly every word's all.
const KEY: usize = 16;

fn key_of(word: &[u8]) -> [u8; KEY] {
    let mut key = [0; KEY];
    let n = word.len().min(KEY);
    key[..n].copy_from_slice(&word[..n]);
    key
}

impl CachedWord {
    fn word<'a>(&self, bytes: &'a str) -> &'a [u8] {
        &bytes.as_bytes()[self.start as usize..(self.start + self.word) as usize]
    }
}

/// A word found in (or added to) a [`WordCache`]: its id, and where its
/// forms lie, read with [`WordCache::form`] only when needed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cached(CachedWord);

impl Cached {
    /// The word's id, its own until the cache is trimmed (every word is
    /// at least one byte, so its start in the cache's text is its own).
    pub(crate) fn id(self) -> u32 {
        self.0.start
    }
}

impl WordCache {
    /// Most distinct words kept before the cache starts over, so a folder
    /// of odd tokens (ids, hashes) cannot grow it without bound.
    pub(crate) const MAX_WORDS: usize = 1 << 20;

    /// What the analyzer makes of `word` of `lang` (analyzing it on first
    /// sight), with an id that stays the word's until the cache is trimmed.
    pub(crate) fn lookup(&mut self, lang: Lang, word: &str) -> (u32, WordForm<'_>) {
        let found = self.get(lang, word);
        (found.id(), self.form(found))
    }

    /// `word` of `lang` in the cache (analyzed on first sight).
    pub(crate) fn get(&mut self, lang: Lang, word: &str) -> Cached {
        let hash = word_hash(lang, word.as_bytes());
        Cached(match self.find_hashed(hash, lang, word) {
            Some(entry) => entry,
            None => self.insert(hash, lang, word),
        })
    }

    /// `word`'s folded form and whether it has a term, without stemming:
    /// from the cache when it holds the word, else folded afresh and not
    /// kept. Answering reads every word of dozens of sentences no earlier
    /// question reached, where only the words' places and forms matter,
    /// not their stems.
    pub(crate) fn folded(&self, lang: Lang, word: &str) -> (Cow<'_, str>, bool) {
        match self.find_hashed(word_hash(lang, word.as_bytes()), lang, word) {
            Some(entry) => {
                let form = self.form(Cached(entry));
                (Cow::Borrowed(form.folded), form.term.is_some())
            }
            None => {
                let folded = fold_word(lang, word);
                let has = has_term(lang, &folded);
                (Cow::Owned(folded), has)
            }
        }
    }

    fn find_hashed(&self, hash: u64, lang: Lang, word: &str) -> Option<CachedWord> {
        let key = key_of(word.as_bytes());
        let len = word.len() as u32;
        self.table
            .find(hash, |e| {
                e.key == key
                    && e.word == len
                    && e.lang == lang
                    && (word.len() <= KEY || e.word(&self.bytes) == word.as_bytes())
            })
            .copied()
    }

    /// The folded form and term of a word this cache gave.
    pub(crate) fn form(&self, found: Cached) -> WordForm<'_> {
        let entry = found.0;
        let folded = (entry.start + entry.word) as usize;
        let term = folded + entry.folded as usize;
        WordForm {
            folded: &self.bytes[folded..term],
            term: (entry.term != NO_TERM).then(|| &self.bytes[term..term + entry.term as usize]),
        }
    }

    fn insert(&mut self, hash: u64, lang: Lang, word: &str) -> CachedWord {
        let folded = fold_word(lang, word);
        let term = term_of_folded(lang, &folded);
        // Past 4 GB of cached text, start over rather than overflow offsets.
        if self.bytes.len() + word.len() + folded.len() + term.as_ref().map_or(0, String::len)
            >= NO_TERM as usize
        {
            *self = WordCache::default();
        }
        let entry = CachedWord {
            key: key_of(word.as_bytes()),
            lang,
            start: self.bytes.len() as u32,
            word: word.len() as u32,
            folded: folded.len() as u32,
            term: term.as_ref().map_or(NO_TERM, |t| t.len() as u32),
        };
        self.bytes.push_str(word);
        self.bytes.push_str(&folded);
        if let Some(t) = &term {
            self.bytes.push_str(t);
        }
        let bytes = &self.bytes;
        self.table
            .insert_unique(hash, entry, |e| word_hash(e.lang, e.word(bytes)));
        entry
    }

    /// Starts over when the cache holds more than
    /// [`WordCache::MAX_WORDS`]; ids from before are then invalid.
    pub(crate) fn trim(&mut self) {
        if self.table.len() > Self::MAX_WORDS {
            *self = WordCache::default();
        }
    }
}

fn word_hash(lang: Lang, word: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one((lang, word))
}

thread_local! {
    /// Each thread's memory of analyzed words (see [`WordCache`]).
    static WORDS: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache::default());
}

/// Runs `f` with this thread's [`WordCache`]. `f` must not call back into
/// this function (the cache is borrowed for the duration).
pub(crate) fn with_word_cache<R>(f: impl FnOnce(&mut WordCache) -> R) -> R {
    WORDS.with_borrow_mut(|cache| {
        cache.trim();
        f(cache)
    })
}

/// Calls `f(start, end, term)` for every word of `text` in `lang` that has
/// a term, like [`analyze`] but through this thread's word cache:
/// answering checks the words of hundreds of candidate sentences' facts per
/// question, and a cached word needs no stemming and no allocation. `f`
/// must not analyze.
pub(crate) fn for_each_term(lang: Lang, text: &str, mut f: impl FnMut(usize, usize, &str)) {
    with_word_cache(|cache| {
        for_each_word(lang, text, |start, word| {
            if let Some(term) = cache.lookup(lang, word).1.term {
                f(start, start + word.len(), term);
            }
        })
    })
}

/// The analyzer's terms only, for callers that need no spans.
pub(crate) fn terms(lang: Lang, text: &str) -> Vec<String> {
    analyze(lang, text).into_iter().map(|t| t.term).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    const EN: Lang = Lang::ENGLISH;

    fn terms(text: &str) -> Vec<String> {
        super::terms(EN, text)
    }

    fn analyze(text: &str) -> Vec<Token> {
        super::analyze(EN, text)
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn dotted_initialisms_match_their_plain_form() {
        assert_eq!(terms("U.S. troops"), terms("US troops"));
        assert_eq!(terms("the U.K."), vec!["uk"]);
        assert_eq!(terms("E.U. rules"), vec!["eu", "rule"]);
    }

    #[test]
    fn possessives_and_curly_apostrophes_fold_together() {
        assert_eq!(terms("Japan’s"), vec!["japan"]);
        assert_eq!(terms("Japan's"), vec!["japan"]);
        assert_eq!(terms("JAPAN"), vec!["japan"]);
        assert_eq!(terms("the troops' commander"), vec!["troop", "command"]);
    }

    #[test]
    fn accents_fold_away() {
        assert_eq!(terms("Pérez"), terms("perez"));
        assert_eq!(terms("Kraków"), vec!["krakow"]);
    }

    #[test]
    fn numbers_stay_whole_and_separators_do_not_matter() {
        assert_eq!(terms("12,000 troops"), vec!["12000", "troop"]);
        assert_eq!(terms("12000"), vec!["12000"]);
        assert_eq!(terms("3.5 percent"), vec!["3.5", "percent"]);
    }

    #[test]
    fn english_ordinals_in_digits_are_their_words() {
        assert_eq!(terms("the 5th president"), terms("the fifth president"));
        assert_eq!(terms("19th-century"), terms("nineteenth-century"));
        assert_eq!(terms("the 850th anniversary"), vec!["850th", "anniversari"]);
    }

    #[test]
    fn stems_word_forms_to_one_term() {
        assert_eq!(terms("visits"), terms("visited"));
        assert_eq!(terms("deploying"), terms("deployed"));
        assert_eq!(terms("minister"), terms("ministers"));
    }

    #[test]
    fn drops_stop_words_and_punctuation() {
        assert_eq!(
            terms("Who is the minister of the year?"),
            vec!["minist", "year"]
        );
        assert!(terms("?!... — “”").is_empty());
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "Japan’s foreign minister";
        let tokens = analyze(text);
        assert_eq!(&text[tokens[0].start..tokens[0].end], "Japan’s");
        assert_eq!(&text[tokens[2].start..tokens[2].end], "minister");
    }

    #[test]
    fn word_cache_agrees_with_analyze() {
        let text = "Japan’s Foreign Minister visited KYIV; the ministers' visits, 12,000 troops.";
        let mut cache = WordCache::default();
        let cached: Vec<String> = text
            .unicode_word_indices()
            .filter_map(|(_, w)| cache.lookup(EN, w).1.term.map(str::to_string))
            .collect();
        assert_eq!(cached, terms(text));
        let (id, form) = cache.lookup(EN, "Japan’s");
        assert_eq!(form.folded, "japan");
        let id = (id, form.term.map(str::to_string));
        assert_eq!(
            (
                cache.lookup(EN, "Japan’s").0,
                cache.lookup(EN, "Japan’s").1.term.map(str::to_string)
            ),
            id,
            "a word keeps its id"
        );
        let mut spans = Vec::new();
        for_each_term(EN, text, |s, e, t| spans.push((s, e, t.to_string())));
        let plain: Vec<(usize, usize, String)> = analyze(text)
            .into_iter()
            .map(|t| (t.start, t.end, t.term))
            .collect();
        assert_eq!(spans, plain);
    }

    #[test]
    fn a_words_fold_without_stemming_is_the_caches() {
        let ru = Lang::parse("ru").expect("ru");
        let words = [
            (EN, "Japan’s"),
            (EN, "the"),
            (EN, "U.S."),
            (EN, "12,000"),
            (EN, "Troops'"),
            (EN, "Pérez"),
            (ru, "Министр"),
            (ru, "и"),
        ];
        let mut cache = WordCache::default();
        for (lang, word) in words {
            // Not yet in the cache: folded afresh, and not kept.
            let (folded, has) = cache.folded(lang, word);
            let (folded, has) = (folded.into_owned(), has);
            assert!(cache.table.is_empty());
            let form = cache.lookup(lang, word).1;
            assert_eq!((folded.as_str(), has), (form.folded, form.term.is_some()));
            // In the cache: read from it.
            let (again, has_again) = cache.folded(lang, word);
            assert_eq!((&*again, has_again), (folded.as_str(), has), "{word}");
            cache = WordCache::default();
        }
    }

    #[test]
    fn each_language_its_own_terms() {
        let lang = |c: &str| Lang::parse(c).expect("code");
        let ru = lang("ru");
        assert_eq!(
            super::terms(ru, "Президента Украины"),
            super::terms(ru, "президент украина")
        );
        assert!(super::terms(ru, "и в на").is_empty());
        let de = lang("de");
        assert_eq!(
            super::terms(de, "Präsidenten"),
            super::terms(de, "Präsident")
        );
        assert_eq!(super::terms(de, "Präsident"), super::terms(de, "Prasident"));
        let es = lang("es");
        assert_eq!(super::terms(es, "naciones"), super::terms(es, "nación"));
        let vi = lang("vi");
        assert_ne!(super::terms(vi, "ma"), super::terms(vi, "mà"));
        let ar = lang("ar");
        assert_eq!(super::terms(ar, "١٩٤٣"), ["1943"]);
        let zh = lang("zh");
        assert!(super::terms(zh, "特斯拉是哪一年去世的").contains(&"特斯拉".to_string()));
        // A word cached in one language is analyzed anew in another.
        let mut cache = WordCache::default();
        let en_form = cache.lookup(EN, "ministers").1.term.map(str::to_string);
        let ru_form = cache.lookup(ru, "ministers").1.term.map(str::to_string);
        assert_eq!(en_form.as_deref(), Some("minist"));
        assert_eq!(ru_form.as_deref(), Some("ministers"));
    }

    #[test]
    fn handles_non_latin_scripts_without_panicking() {
        assert_eq!(terms("Киев"), vec!["киев"]);
        assert!(!terms("東京 に 行く").is_empty());
        assert!(terms("🙂🙂").is_empty());
    }
}
