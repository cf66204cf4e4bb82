//! Finds facts in one sentence: people (with the role in front of them and
//! whose role it is), dates and times, numbers and quantities, places and
//! organisations, and other proper names. Heuristic by design: precision
//! matters more than recall, because a wrong "who" is worse than none. Each
//! rule is a pattern of English news prose, never a list of one article's
//! names; the only word lists are closed classes (months, role titles,
//! organisation words, number words, currencies and units of measure) and
//! the world's countries.
//!
//! This module owns the [`Fact`] type and the entry point, `extract`;
//! each kind of fact has its extractor beside it (`dates`, `numbers`,
//! `names` with `people`), all reading the sentence's words as `words`
//! splits them and the word classes of `lexicon`.

use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;

mod dates;
mod lexicon;
mod names;
mod numbers;
mod people;
mod titles;
mod words;

pub(crate) use lexicon::{is_country_word, is_person_word, person_nouns};
// For the bot's follow-ups only ("on Saturday", "yesterday").
#[cfg(feature = "bot")]
pub(crate) use lexicon::{is_relative_day, is_weekday};
pub(crate) use numbers::{Measure, measure as measure_of};
pub(crate) use people::is_demonym;

/// What a fact is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
// One byte, numbered from 0 in this order: a table snapshot stores facts
// as their bytes (`crate::column`).
#[repr(u8)]
pub enum FactKind {
    /// A person's name.
    Person,
    /// A date, weekday, year or time of day.
    Date,
    /// A number or quantity, with its modifier ("up to 12,000").
    Number,
    /// A place: country, city, region.
    Place,
    /// An organisation: ministry, party, company, summit.
    Organisation,
    /// Another proper name whose kind the rules cannot tell.
    Name,
}

impl FactKind {
    /// Every kind, in report order.
    pub const ALL: [FactKind; 6] = [
        FactKind::Person,
        FactKind::Date,
        FactKind::Number,
        FactKind::Place,
        FactKind::Organisation,
        FactKind::Name,
    ];

    /// The kind's name as reports print it.
    pub fn label(self) -> &'static str {
        match self {
            FactKind::Person => "person",
            FactKind::Date => "date",
            FactKind::Number => "number",
            FactKind::Place => "place",
            FactKind::Organisation => "organisation",
            FactKind::Name => "name",
        }
    }
}

/// One fact found in a sentence. Every text it refers to is a byte range
/// of the sentence's original text, always on character boundaries: the
/// table holds millions of facts, and 16-bit ranges cost 4 bytes where a
/// copied `String` costs 24 plus its allocation. (Facts are only looked for
/// in sentences shorter than `MAX_SENTENCE_BYTES`, so offsets fit.)
///
/// `repr(C)` in an order without padding: a table snapshot stores the
/// facts as their bytes and reads them in place (`crate::column`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C)]
pub struct Fact {
    /// Byte offset of the fact's first byte in the sentence.
    pub start: u16,
    /// Byte offset just past the fact.
    pub end: u16,
    /// A person's role and its owner, or a number's unit: no fact has
    /// both, so they share the room (16 bytes a fact instead of 20, and a
    /// large folder holds millions).
    parts: [Span; 2],
    /// Where the fact's terms are among its sentence's stored term ids, so
    /// answering, which asks of hundreds of facts per question whether the
    /// question names them, compares ids instead of analyzing the text
    /// again. Set by the loader; [`NO_TERMS`] (the length) when it did not
    /// (a fact read alone) or could not (the fact's words are not the
    /// sentence's, e.g. "US$5" starting inside "AUS$5").
    terms_start: u16,
    /// What the fact is.
    pub kind: FactKind,
    terms_len: u8,
}

const _: () = assert!(std::mem::size_of::<Fact>() == 16);

/// The `terms_len` of a fact whose terms are not a known run of its
/// sentence's.
const NO_TERMS: u8 = u8::MAX;

/// A byte range of the sentence; empty when the fact has no such part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(C)]
struct Span {
    start: u16,
    end: u16,
}

impl Span {
    fn of(range: std::ops::Range<usize>) -> Span {
        Span {
            start: range.start as u16,
            end: range.end as u16,
        }
    }

    fn get(self, sentence: &str) -> Option<&str> {
        (self.end > self.start)
            .then(|| sentence.get(self.start as usize..self.end as usize))
            .flatten()
    }
}

impl Fact {
    /// The fact's byte range inside its sentence.
    pub(crate) fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The fact's text inside `sentence`.
    pub fn text<'a>(&self, sentence: &'a str) -> &'a str {
        sentence
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    /// For a person: the role written before the name ("Defence Minister").
    pub fn role<'a>(&self, sentence: &'a str) -> Option<&'a str> {
        self.part(FactKind::Person, 0, sentence)
    }

    /// For a person: the byte range in `sentence` of their role, with its
    /// owner when the owner comes right before it ("Ukraine's Defence
    /// Minister", "Ukrainian counterpart").
    pub(crate) fn role_range(&self, sentence: &str) -> Option<std::ops::Range<usize>> {
        let [role, owner] = self.parts;
        if self.kind != FactKind::Person || role.end <= role.start {
            return None;
        }
        let role = role.start as usize..role.end as usize;
        // "Ukraine's " or "Ukrainian " between: nothing but a possessive.
        let adjacent = owner.end > owner.start
            && sentence
                .get(owner.end as usize..role.start)
                .is_some_and(|gap| {
                    gap.trim_start_matches(['\'', '\u{2019}'])
                        .trim_start_matches('s')
                        == " "
                });
        Some(if adjacent {
            owner.start as usize..role.end
        } else {
            role
        })
    }

    /// For a person's role: whose it is ("Ukraine" in "Ukraine's Defence Minister").
    pub fn of<'a>(&self, sentence: &'a str) -> Option<&'a str> {
        self.part(FactKind::Person, 1, sentence)
    }

    /// For a number: the thing counted, lower-cased ("troops" in "12,000
    /// North Korean troops").
    pub fn unit(&self, sentence: &str) -> Option<String> {
        self.part(FactKind::Number, 0, sentence)
            .map(|u| crate::text::unify_quotes(u).to_lowercase())
    }

    /// For a number: what it measures (money, a length, ...); `None` for
    /// a bare count.
    pub(crate) fn measure(&self, sentence: &str) -> Option<Measure> {
        (self.kind == FactKind::Number)
            .then(|| numbers::measure(self.text(sentence)))
            .flatten()
    }

    fn part<'a>(&self, kind: FactKind, i: usize, sentence: &'a str) -> Option<&'a str> {
        (self.kind == kind)
            .then(|| self.parts[i].get(sentence))
            .flatten()
    }

    /// The positions, among its sentence's stored term ids, of the terms
    /// the analyzer finds in the fact's text, when the loader recorded
    /// them.
    pub(crate) fn terms(&self) -> Option<std::ops::Range<usize>> {
        let start = usize::from(self.terms_start);
        (self.terms_len != NO_TERMS).then(|| start..start + usize::from(self.terms_len))
    }

    /// Records where the fact's terms are among its sentence's; a run
    /// too long to record leaves the fact to be analyzed from its text.
    pub(crate) fn set_terms(&mut self, run: std::ops::Range<usize>) {
        if let (Ok(start), Ok(len)) = (u16::try_from(run.start), u8::try_from(run.len()))
            && len != NO_TERMS
        {
            (self.terms_start, self.terms_len) = (start, len);
        }
    }

    fn new(kind: FactKind, start: usize, end: usize) -> Fact {
        Fact {
            kind,
            start: start as u16,
            end: end as u16,
            parts: [Span::default(); 2],
            terms_start: 0,
            terms_len: NO_TERMS,
        }
    }
}

/// Facts are looked for in sentences up to this long (their offsets are
/// 16-bit).
pub(crate) const MAX_SENTENCE_BYTES: usize = u16::MAX as usize;

/// Names an article has already shown to be people or places; facts found
/// in one sentence help classify the same name in another.
#[derive(Debug, Default, Clone)]
pub(crate) struct NameMemory {
    people: HashSet<String>,
    places: HashSet<String>,
    /// Names shown not to be people ("X, which owns the mine").
    things: HashSet<String>,
    capitalised: HashSet<String>,
}

/// Whether the name rules can read names in `lang`: they look for
/// capitalised words, which scripts without case do not have and German
/// writes for every noun.
pub(crate) fn finds_names(lang: crate::text::Lang) -> bool {
    lang.inner() != whatlang::Lang::Deu && crate::text::has_case(lang)
}

/// Extracts the facts of one sentence in `lang`. `memory` carries what earlier
/// sentences of the same article showed (people's names, places) and is
/// updated with what this one shows. (The loader calls [`extract_into`].)
#[cfg(test)]
pub(crate) fn extract(
    sentence: &str,
    lang: crate::text::Lang,
    memory: &mut NameMemory,
) -> Vec<Fact> {
    let words: Vec<(usize, &str)> = crate::text::word_indices(sentence).collect();
    let mut facts = Vec::new();
    extract_into(
        sentence,
        &words,
        lang,
        memory,
        &mut Scratch::default(),
        &mut facts,
    );
    facts
}

/// The buffers fact extraction reuses from one sentence to the next: a
/// load extracts from millions of sentences, and allocating these for each
/// was a large share of its allocations.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Always empty between calls; only its allocation is kept.
    words: Vec<words::Word<'static>>,
    taken: Vec<bool>,
    facts: Vec<Fact>,
}

/// What `extract` finds, appended to `out`, for a caller that has the
/// sentence's Unicode words (`text::word_indices(sentence)`) already:
/// the loader segments each sentence once, for its terms and its facts.
pub(crate) fn extract_into(
    sentence: &str,
    unicode_words: &[(usize, &str)],
    lang: crate::text::Lang,
    memory: &mut NameMemory,
    scratch: &mut Scratch,
    out: &mut Vec<Fact>,
) {
    // 64 KB without a sentence break is a dump of text, not prose.
    if sentence.len() > MAX_SENTENCE_BYTES {
        return;
    }
    let mut words = words::recycle(std::mem::take(&mut scratch.words));
    words.extend(
        unicode_words
            .iter()
            .map(|&(start, text)| words::word(start, text)),
    );
    // Each extractor skips the words an earlier one took, so the order is
    // the order of trust: a quoted title is one name before its words can
    // be anything else, "May 6" is a date before "6" can be a number, and
    // "Up to 12,000" a number before "Up" can start a name.
    let taken = &mut scratch.taken;
    taken.clear();
    taken.resize(words.len(), false);
    let facts = &mut scratch.facts;
    facts.clear();
    let names = finds_names(lang);
    if names {
        titles::titles(sentence, &words, taken, facts);
    }
    dates::dates(sentence, &words, taken, facts);
    numbers::numbers(sentence, &words, taken, facts);
    if names {
        names::names(sentence, &words, taken, facts, memory);
    }
    facts.sort_by_key(|f| (f.start, f.end));
    out.extend_from_slice(facts);
    words.clear();
    scratch.words = words::recycle(words);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kind, text, role and owner of each fact of a sentence read alone.
    pub(super) fn facts_of(
        sentence: &str,
    ) -> Vec<(FactKind, String, Option<String>, Option<String>)> {
        let mut memory = NameMemory::default();
        extract(sentence, crate::text::Lang::ENGLISH, &mut memory)
            .into_iter()
            .map(|f| {
                (
                    f.kind,
                    f.text(sentence).to_string(),
                    f.role(sentence).map(str::to_string),
                    f.of(sentence).map(str::to_string),
                )
            })
            .collect()
    }

    /// Whether a sentence read alone has a fact of `kind` with `text`.
    pub(super) fn has(sentence: &str, kind: FactKind, text: &str) -> bool {
        facts_of(sentence)
            .iter()
            .any(|(k, t, _, _)| *k == kind && t == text)
    }

    #[test]
    fn a_sentence_beyond_16_bit_offsets_has_no_facts() {
        let mut memory = NameMemory::default();
        let long =
            "Foreign Minister Takeshi Iwaya arrived on Saturday with 12,000 troops. ".repeat(1000);
        assert!(long.len() > MAX_SENTENCE_BYTES);
        assert!(extract(&long, crate::text::Lang::ENGLISH, &mut memory).is_empty());
        let short = &long[..71];
        assert!(!extract(short, crate::text::Lang::ENGLISH, &mut memory).is_empty());
    }

    #[test]
    fn a_fact_is_sixteen_bytes() {
        // The table holds millions; the field comments count on this.
        assert_eq!(size_of::<Fact>(), 16);
    }

    #[test]
    fn spans_are_char_boundaries_in_unicode_text() {
        let s = "Zelenskyy’s envoy met Łukasz Nowak in Kraków on Monday.";
        let mut memory = NameMemory::default();
        for f in extract(s, crate::text::Lang::ENGLISH, &mut memory) {
            assert!(s.is_char_boundary(f.start as usize) && s.is_char_boundary(f.end as usize));
        }
    }
}
