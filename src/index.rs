//! The keyword half of the keyword-and-fact table: an inverted index from
//! terms to the sentences (and articles, and titles) that hold them, with
//! the statistics a BM25 ranker needs. Built once per load and never
//! changed, so readers share it without locks.
//!
//! Every list is stored flat: one array of entries for all terms and one
//! array of offsets saying where each term's run starts (the layout search
//! engines call CSR). A folder of tens of thousands of articles has hundreds
//! of thousands of terms, and a `Vec` per term would cost a header and an
//! allocation each on top of its entries.

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use crate::varint;

/// The sentences holding one term, in sentence order, with how often.
///
/// Stored compressed: postings are the largest part of the index and are
/// only ever read front to back, so each is a LEB128 varint of the gap from
/// the previous sentence shifted left by one, its low bit saying whether an
/// occurrence count follows (as another varint; most terms occur once in a
/// sentence). A posting takes about 1.5 bytes instead of 5.
#[derive(Debug, Clone, Copy)]
pub struct Postings<'a> {
    bytes: &'a [u8],
    len: u32,
}

impl<'a> Postings<'a> {
    /// Number of sentences holding the term.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether no sentence holds the term.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `(sentence, occurrences)` pairs, in sentence order.
    pub fn iter(&self) -> PostingIter<'a> {
        PostingIter {
            bytes: self.bytes,
            sentence: 0,
        }
    }
}

/// The `(sentence, occurrences)` pairs of [`Postings`], decoded as they go.
#[derive(Debug, Clone)]
pub struct PostingIter<'a> {
    bytes: &'a [u8],
    sentence: u32,
}

impl Iterator for PostingIter<'_> {
    type Item = (u32, u32);

    fn next(&mut self) -> Option<(u32, u32)> {
        if self.bytes.is_empty() {
            return None;
        }
        let code = varint::read(&mut self.bytes);
        self.sentence += (code >> 1) as u32;
        let tf = if code & 1 == 1 {
            varint::read(&mut self.bytes) as u32
        } else {
            1
        };
        Some((self.sentence, tf))
    }
}

/// One posting as stored: the gap code and, if above one, the occurrences.
#[derive(Debug, Clone, Copy, Default)]
struct Posting {
    code: u64,
    tf: u32,
}

impl Posting {
    fn new(gap: u32, tf: u32) -> Posting {
        Posting {
            code: (u64::from(gap) << 1) | u64::from(tf > 1),
            tf,
        }
    }

    fn encoded_len(&self) -> usize {
        varint::len(self.code)
            + if self.tf > 1 {
                varint::len(u64::from(self.tf))
            } else {
                0
            }
    }

    fn write(&self, out: &mut [u8]) {
        let at = varint::write(out, self.code);
        if self.tf > 1 {
            varint::write(&mut out[at..], u64::from(self.tf));
        }
    }
}

/// Per-term runs of `T`, stored flat.
#[derive(Debug, Clone, Default)]
struct Lists<T> {
    /// `starts[t]..starts[t + 1]` is term `t`'s run in `items`.
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default> Lists<T> {
    /// Builds the lists from a producer that emits `(term, item)` pairs in
    /// the order each run should have. The producer is called twice, once
    /// to count and once to fill, so nothing is held per term in between
    /// and the items are allocated once at their final size.
    fn build(terms: usize, produce: impl Fn(&mut dyn FnMut(u32, T))) -> Lists<T> {
        let mut starts = vec![0u32; terms + 1];
        produce(&mut |t, _| starts[t as usize + 1] += 1);
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut items = vec![T::default(); starts[terms] as usize];
        let mut next = starts.clone();
        produce(&mut |t, item| {
            let at = &mut next[t as usize];
            items[*at as usize] = item;
            *at += 1;
        });
        Lists { starts, items }
    }

    fn range(&self, term: u32) -> Range<usize> {
        match (
            self.starts.get(term as usize),
            self.starts.get(term as usize + 1),
        ) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        }
    }

    fn get(&self, term: u32) -> &[T] {
        &self.items[self.range(term)]
    }
}

/// Encodes the sentence postings of every term ([`Postings`]) on two
/// threads, each taking the sentences holding half of the terms' tokens:
/// both halves are counted, then both written, side by side. The bytes
/// are those a single pass would write: the second half's first posting of
/// a term is measured, then written, as a gap from the first half's last.
/// Returns the lists and each term's number of sentences.
fn sentence_postings<I: Iterator<Item = u32>>(
    terms: usize,
    sentence_starts: &[u32],
    terms_of: &(dyn Fn(usize) -> I + Sync),
) -> (Lists<u8>, Vec<u32>) {
    let sentences = sentence_starts.len().saturating_sub(1);
    let middle = sentence_starts.last().map_or(0, |&n| n / 2);
    let split = sentence_starts
        .partition_point(|&t| t < middle)
        .min(sentences);
    let halves = [0..split, split..sentences];
    // Calls `emit(term, posting)` for each posting of the sentences in
    // `range`, gaps counted from `last` (each term's previous sentence).
    let scan = |range: Range<usize>, last: &mut [u32], emit: &mut dyn FnMut(u32, Posting)| {
        let mut distinct = Distinct::new(terms);
        for s in range {
            let id = s as u32;
            distinct.count(terms_of(s), &mut |t, n| {
                let gap = id - std::mem::replace(&mut last[t as usize], id);
                emit(t, Posting::new(gap, n));
            });
        }
    };
    /// One half's counts: bytes and postings per term, each term's last
    /// sentence, and its first posting (gap counted from sentence 0).
    struct Count {
        bytes: Vec<usize>,
        postings: Vec<u32>,
        last: Vec<u32>,
        first: Vec<Posting>,
    }
    let count = |range: Range<usize>| {
        let mut c = Count {
            bytes: vec![0; terms],
            postings: vec![0; terms],
            last: vec![0; terms],
            first: vec![Posting::default(); terms],
        };
        let Count {
            bytes,
            postings,
            first,
            last,
        } = &mut c;
        scan(range, last, &mut |t, p| {
            let t = t as usize;
            if postings[t] == 0 {
                first[t] = p;
            }
            bytes[t] += p.encoded_len();
            postings[t] += 1;
        });
        c
    };
    let (a, mut b) = rayon::join(|| count(halves[0].clone()), || count(halves[1].clone()));
    for t in 0..terms {
        if a.postings[t] > 0 && b.postings[t] > 0 {
            let first = b.first[t];
            let from_a = Posting {
                code: first.code - (u64::from(a.last[t]) << 1),
                ..first
            };
            b.bytes[t] = b.bytes[t] - first.encoded_len() + from_a.encoded_len();
        }
    }
    let mut starts = Vec::with_capacity(terms + 1);
    let mut total = 0usize;
    starts.push(0u32);
    for t in 0..terms {
        total += a.bytes[t] + b.bytes[t];
        starts.push(u32::try_from(total).expect("the postings fit in 32-bit offsets"));
    }
    let mut out = vec![0u8; total];
    // Each term's run split into the two halves' parts, so each thread
    // writes into its own slices.
    let mut parts_a: Vec<&mut [u8]> = Vec::with_capacity(terms);
    let mut parts_b: Vec<&mut [u8]> = Vec::with_capacity(terms);
    let mut rest = &mut out[..];
    for t in 0..terms {
        let (run, tail) = rest.split_at_mut(a.bytes[t] + b.bytes[t]);
        let (in_a, in_b) = run.split_at_mut(a.bytes[t]);
        parts_a.push(in_a);
        parts_b.push(in_b);
        rest = tail;
    }
    let write = |range: Range<usize>, mut last: Vec<u32>, mut parts: Vec<&mut [u8]>| {
        scan(range, &mut last, &mut |t, p| {
            let part = std::mem::take(&mut parts[t as usize]);
            let (here, after) = part.split_at_mut(p.encoded_len());
            p.write(here);
            parts[t as usize] = after;
        });
    };
    rayon::join(
        || write(halves[0].clone(), vec![0; terms], parts_a),
        || write(halves[1].clone(), a.last.clone(), parts_b),
    );
    let df = a
        .postings
        .iter()
        .zip(&b.postings)
        .map(|(x, y)| x + y)
        .collect();
    (Lists { starts, items: out }, df)
}

/// Counts the distinct terms of runs of tokens without sorting them: one
/// counter per term, and the list of terms the current run touched.
struct Distinct {
    counts: Vec<u32>,
    seen: Vec<u32>,
}

impl Distinct {
    fn new(terms: usize) -> Distinct {
        Distinct {
            counts: vec![0; terms],
            seen: Vec::new(),
        }
    }

    /// Calls `out(term, occurrences)` once per distinct term of `tokens`,
    /// in order of first occurrence.
    fn count(&mut self, tokens: impl IntoIterator<Item = u32>, out: &mut dyn FnMut(u32, u32)) {
        for t in tokens {
            let c = &mut self.counts[t as usize];
            if *c == 0 {
                self.seen.push(t);
            }
            *c += 1;
        }
        for &t in &self.seen {
            out(t, std::mem::take(&mut self.counts[t as usize]));
        }
        self.seen.clear();
    }
}

/// What the index is built from: the table's analyzed text, by reference.
pub(crate) struct Source<'a> {
    /// Every sentence's term ids as varints, sentence after sentence.
    pub tokens: &'a [u8],
    /// Where each sentence's terms start in `tokens`, plus `tokens.len()`.
    pub sentence_starts: &'a [u32],
    /// Each article's sentences, in article order.
    pub article_sentences: &'a [Range<u32>],
    /// Each article's distinct title terms.
    pub titles: &'a [&'a [u32]],
}

/// The inverted index with its BM25 statistics.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Term text to term id.
    pub(crate) vocab: HashMap<Box<str>, u32>,
    /// Folded surface words ("visited", "kyiv") to their term id: what typo
    /// correction compares a question's unknown word against.
    pub(crate) surface: HashMap<Box<str>, Surface>,
    /// Sentences holding each term, encoded (see [`Postings`]).
    postings: Lists<u8>,
    /// Number of sentences holding each term.
    df: Vec<u32>,
    /// Number of articles whose body holds each term. Which articles, and
    /// how often, follows from the sentence postings (an article's
    /// sentences are consecutive), so no per-article lists are kept.
    article_df: Vec<u32>,
    /// Articles whose title holds each term.
    titles: Lists<u32>,
    /// Each sentence's length in terms, dense, because scoring reads it for
    /// every posting and a sentence row would cost a cache miss each. One
    /// byte, so four times as many fit a cache line; `LONG` says the length
    /// is in `long_sentences` (a few run-on "sentences" only).
    sentence_lens: Vec<u8>,
    long_sentences: HashMap<u32, u32>,
    /// Each article's length in terms, dense for the same reason.
    article_lens: Vec<u32>,
    /// Each article's first sentence, then the sentence count: scoring
    /// walks a term's postings in sentence order and finds their articles
    /// here (a few kilobytes, cached) instead of in the sentence rows.
    article_starts: Vec<u32>,
    /// Terms that occur somewhere; a table reloaded in place keeps the ids
    /// of terms whose articles are gone.
    live_terms: usize,
    /// Mean sentence length in terms (BM25's avgdl at sentence level).
    pub avg_sentence_len: f32,
    /// Mean article length in terms.
    pub avg_article_len: f32,
    /// Number of sentences indexed.
    pub sentence_count: u32,
    /// Number of articles indexed.
    pub article_count: u32,
}

impl Index {
    /// Builds the lists for `vocab`'s terms from the table's text. Every
    /// term id in `source` must come from `vocab`.
    pub(crate) fn build(
        vocab: HashMap<Box<str>, u32>,
        mut surface: HashMap<Box<str>, u32>,
        source: &Source,
    ) -> Index {
        let terms = vocab.len();
        let sentences = source.sentence_starts.len().saturating_sub(1);
        let sentence_bytes = |s: usize| {
            &source.tokens
                [source.sentence_starts[s] as usize..source.sentence_starts[s + 1] as usize]
        };
        let terms_of = |bytes| varint::values(bytes).map(|t| t as u32);
        // Sentence lists on one core, article and title lists on the other.
        let sentence_lists = || {
            sentence_postings(terms, source.sentence_starts, &|s| {
                terms_of(sentence_bytes(s))
            })
        };
        let article_lists = || {
            let mut article_df = vec![0u32; terms];
            let mut distinct = Distinct::new(terms);
            for range in source.article_sentences {
                let tokens = if range.is_empty() {
                    &[][..]
                } else {
                    &source.tokens[source.sentence_starts[range.start as usize] as usize
                        ..source.sentence_starts[range.end as usize] as usize]
                };
                distinct.count(terms_of(tokens), &mut |t, _| article_df[t as usize] += 1);
            }
            let titles = Lists::<u32>::build(terms, |emit| {
                for (a, title) in source.titles.iter().enumerate() {
                    for &t in title.iter() {
                        emit(t, a as u32);
                    }
                }
            });
            let article_lens: Vec<u32> = source
                .article_sentences
                .iter()
                .map(|r| {
                    r.clone()
                        .map(|s| varint::count(sentence_bytes(s as usize)) as u32)
                        .sum()
                })
                .collect();
            let mut long_sentences = HashMap::default();
            let sentence_lens: Vec<u8> = (0..sentences)
                .map(|s| {
                    let n = varint::count(sentence_bytes(s));
                    u8::try_from(n)
                        .ok()
                        .filter(|&n| n != LONG)
                        .unwrap_or_else(|| {
                            long_sentences.insert(s as u32, n as u32);
                            LONG
                        })
                })
                .collect();
            (
                article_df,
                titles,
                (sentence_lens, long_sentences, article_lens),
            )
        };
        let ((postings, df), (article_df, titles, (sentence_lens, long_sentences, article_lens))) =
            rayon::join(sentence_lists, article_lists);
        let mut index = Index {
            vocab,
            surface: HashMap::default(),
            postings,
            df,
            article_df,
            titles,
            sentence_lens,
            long_sentences,
            article_lens,
            article_starts: source
                .article_sentences
                .iter()
                .map(|r| r.start)
                .chain([sentences as u32])
                .collect(),
            live_terms: 0,
            avg_sentence_len: 0.0,
            avg_article_len: 0.0,
            sentence_count: sentences as u32,
            article_count: source.article_sentences.len() as u32,
        };
        let live = |index: &Index, id: u32| {
            !index.postings(id).is_empty() || !index.title_articles(id).is_empty()
        };
        index.live_terms = (0..terms as u32).filter(|&id| live(&index, id)).count();
        // Words gone with a reloaded article's file leave no trace for typo
        // correction to land on.
        surface.retain(|_, id| live(&index, *id));
        // Terms are their own surface form for words that stem to themselves.
        for (w, &id) in &index.vocab {
            if w.chars().any(char::is_alphabetic)
                && !index.postings(id).is_empty()
                && !surface.contains_key(w)
            {
                surface.insert(w.clone(), id);
            }
        }
        index.surface = surface
            .into_iter()
            .map(|(w, term)| {
                let s = Surface::new(&w, term);
                (w, s)
            })
            .collect();
        let total_terms = (0..sentences as u32)
            .map(|s| u64::from(index.sentence_len(s)))
            .sum::<u64>() as f32;
        if sentences > 0 {
            index.avg_sentence_len = total_terms / sentences as f32;
        }
        if !source.article_sentences.is_empty() {
            index.avg_article_len = total_terms / source.article_sentences.len() as f32;
        }
        index
    }

    /// Bytes held by the index's lists (capacity; the hash maps not counted).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        (self.postings.starts.capacity()
            + self.df.capacity()
            + self.article_df.capacity()
            + self.titles.starts.capacity()
            + self.titles.items.capacity()
            + self.article_lens.capacity()
            + self.article_starts.capacity())
            * size_of::<u32>()
            + self.sentence_lens.capacity()
            + self.postings.items.capacity()
    }

    /// The id of a term, if the table has it.
    pub fn term_id(&self, term: &str) -> Option<u32> {
        self.vocab.get(term).copied()
    }

    /// The sentences holding a term.
    pub fn postings(&self, id: u32) -> Postings<'_> {
        Postings {
            bytes: self.postings.get(id),
            len: self.df.get(id as usize).copied().unwrap_or(0),
        }
    }

    /// Number of articles whose body holds a term.
    pub fn article_df(&self, id: u32) -> usize {
        self.article_df.get(id as usize).map_or(0, |&n| n as usize)
    }

    /// Articles whose title holds a term, in order.
    pub fn title_articles(&self, id: u32) -> &[u32] {
        self.titles.get(id)
    }

    /// A sentence's length in terms.
    pub fn sentence_len(&self, sentence: u32) -> u32 {
        match self.sentence_lens[sentence as usize] {
            LONG => self.long_sentences[&sentence],
            n => u32::from(n),
        }
    }

    /// An article's first sentence.
    pub fn article_start(&self, article: u32) -> u32 {
        self.article_starts[article as usize]
    }

    /// An article's length in terms (its sentences', the title's not).
    pub fn article_len(&self, article: u32) -> u32 {
        self.article_lens[article as usize]
    }

    /// A cursor finding the articles of sentences visited in increasing
    /// order.
    pub fn article_cursor(&self) -> ArticleCursor<'_> {
        ArticleCursor {
            starts: &self.article_starts,
            current: 0,
        }
    }

    /// Number of term ids (including, after an in-place reload, terms that
    /// no longer occur).
    pub fn term_count(&self) -> usize {
        self.vocab.len()
    }

    /// Number of terms that occur in some sentence or title.
    pub fn live_term_count(&self) -> usize {
        self.live_terms
    }

    /// The term id of a folded surface word seen in the articles.
    pub fn surface_term(&self, folded: &str) -> Option<u32> {
        self.surface.get(folded).map(|s| s.term)
    }

    /// Every folded surface word with its term id.
    pub fn surface_words(&self) -> impl Iterator<Item = (&str, u32)> {
        self.surface.iter().map(|(w, s)| (&**w, s.term))
    }

    /// The surface words that may lie within `tolerance` edits of `word`:
    /// a superset of those that do, screened by length and letters with no
    /// per-word work beyond two integer tests, so typo correction computes
    /// the real distance for a few words instead of the whole vocabulary.
    pub fn typo_candidates(
        &self,
        word: &str,
        tolerance: usize,
    ) -> impl Iterator<Item = (&str, u32)> {
        let probe = Surface::new(word, 0);
        self.surface
            .iter()
            .filter(move |(_, s)| {
                (s.chars as usize).abs_diff(probe.chars as usize) <= tolerance
                    && letters_distance(s.letters, probe.letters) <= tolerance
            })
            .map(|(w, s)| (&**w, s.term))
    }

    /// The surface map as the builder keeps it (word to term id).
    pub(crate) fn surface_terms(&self) -> HashMap<Box<str>, u32> {
        self.surface
            .iter()
            .map(|(w, s)| (w.clone(), s.term))
            .collect()
    }

    /// BM25 inverse document frequency of a term over sentences (Lucene's
    /// form, never negative).
    pub fn idf(&self, id: u32) -> f32 {
        let df = self.postings(id).len() as f32;
        let n = self.sentence_count as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The same over articles.
    pub fn article_idf(&self, id: u32) -> f32 {
        let df = self.article_df(id) as f32;
        let n = self.article_count as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }
}

/// A sentence length byte saying the length is stored elsewhere.
const LONG: u8 = u8::MAX;

/// Finds the article of each sentence of an increasing run (a term's
/// postings) from the articles' first sentences: mostly the current
/// article, otherwise a galloping search ahead of it.
#[derive(Debug, Clone)]
pub struct ArticleCursor<'a> {
    starts: &'a [u32],
    current: usize,
}

impl ArticleCursor<'_> {
    /// The article holding `sentence`. Sentences must come in increasing
    /// order (a smaller one than the last restarts the search).
    pub fn article(&mut self, sentence: u32) -> u32 {
        let starts = self.starts;
        let within = |a: usize| {
            starts.get(a).is_some_and(|&s| s <= sentence)
                && starts.get(a + 1).is_some_and(|&e| sentence < e)
        };
        if within(self.current) {
            return self.current as u32;
        }
        // The last article starting at or before the sentence (articles
        // are never empty, but an empty one would be skipped), searched
        // ahead of the current one in growing steps: the next sentence of
        // a posting list is usually a few articles on.
        let from = if starts.get(self.current).is_some_and(|&s| s <= sentence) {
            self.current
        } else {
            0
        };
        let ahead = &starts[from.min(starts.len())..];
        let mut step = 1;
        while step < ahead.len() && ahead[step] <= sentence {
            step *= 2;
        }
        let window = &ahead[step / 2..step.min(ahead.len())];
        self.current =
            from + step / 2 + window.partition_point(|&s| s <= sentence).saturating_sub(1);
        self.current as u32
    }
}

/// A surface word's term, with what typo correction screens it by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Surface {
    term: u32,
    /// Length in characters (saturating).
    chars: u16,
    /// The word's letters counted in 32 buckets of 2 bits each (a count
    /// saturates at 3).
    letters: u64,
}

impl Surface {
    fn new(word: &str, term: u32) -> Surface {
        let mut letters = 0u64;
        let mut chars = 0u16;
        for c in word.chars() {
            chars = chars.saturating_add(1);
            let shift = (c as u32 % 32) * 2;
            if (letters >> shift) & 3 < 3 {
                letters += 1 << shift;
            }
        }
        Surface {
            term,
            chars,
            letters,
        }
    }
}

/// A lower bound of the Damerau–Levenshtein distance of two words from
/// their letter buckets: max(letters only in one, letters only in the
/// other). An insertion, deletion or substitution moves it by at most one,
/// a transposition not at all, and sharing buckets or saturating counts
/// only lowers it.
fn letters_distance(a: u64, b: u64) -> usize {
    let (mut more, mut fewer) = (0usize, 0usize);
    for i in 0..32 {
        let x = (a >> (2 * i)) & 3;
        let y = (b >> (2 * i)) & 3;
        if x > y {
            more += (x - y) as usize;
        } else {
            fewer += (y - x) as usize;
        }
    }
    more.max(fewer)
}

/// Interns `term` into `vocab`, returning its id (ids are dense, in order
/// of first sight).
pub(crate) fn intern(vocab: &mut HashMap<Box<str>, u32>, term: &str) -> u32 {
    if let Some(&id) = vocab.get(term) {
        return id;
    }
    let id = vocab.len() as u32;
    vocab.insert(term.into(), id);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_each_terms_items_in_emit_order() {
        let lists = Lists::<u32>::build(3, |emit| {
            for (t, v) in [(2, 10), (0, 11), (2, 12), (0, 13)] {
                emit(t, v);
            }
        });
        assert_eq!(lists.get(0), &[11, 13]);
        assert!(lists.get(1).is_empty());
        assert_eq!(lists.get(2), &[10, 12]);
        assert!(lists.get(7).is_empty(), "an unknown id has no entries");
    }

    #[test]
    fn postings_written_in_two_halves_equal_one_pass() {
        // Pseudo-random sentences over 60 terms: common, rare (long gaps
        // across the halves change a first gap's varint length) and
        // repeated within a sentence.
        let mut seed = 12345u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let terms = 60;
        let sentences: Vec<Vec<u32>> = (0..900)
            .map(|_| {
                (0..next(12))
                    .map(|_| match next(10) {
                        0..=5 => next(8) as u32,
                        6..=8 => 8 + next(20) as u32,
                        _ => 28 + next(32) as u32,
                    })
                    .collect()
            })
            .collect();
        let mut tokens = Vec::new();
        let mut starts = vec![0u32];
        for s in &sentences {
            for &t in s {
                varint::push(&mut tokens, u64::from(t));
            }
            starts.push(tokens.len() as u32);
        }
        let terms_of = |s: usize| {
            varint::values(&tokens[starts[s] as usize..starts[s + 1] as usize]).map(|t| t as u32)
        };
        let (lists, df) = sentence_postings(terms, &starts, &terms_of);
        for t in 0..terms as u32 {
            let mut expected = Vec::new();
            let mut bytes = Vec::new();
            let mut last = 0;
            for (s, words) in sentences.iter().enumerate() {
                let n = words.iter().filter(|&&w| w == t).count() as u32;
                if n > 0 {
                    expected.push((s as u32, n));
                    let p = Posting::new(s as u32 - last, n);
                    let mut buf = [0u8; 20];
                    p.write(&mut buf);
                    bytes.extend_from_slice(&buf[..p.encoded_len()]);
                    last = s as u32;
                }
            }
            let postings = Postings {
                bytes: lists.get(t),
                len: df[t as usize],
            };
            assert_eq!(postings.iter().collect::<Vec<_>>(), expected, "term {t}");
            assert_eq!(postings.len(), expected.len());
            assert_eq!(lists.get(t), &bytes[..], "term {t}: same bytes as one pass");
        }
    }

    #[test]
    fn article_cursor_finds_the_article_of_any_increasing_run() {
        // Articles of 1 to 40 sentences, and one empty article (at 60).
        let mut starts = vec![0u32];
        for n in [3, 1, 40, 16, 0, 2, 7, 1, 1, 33, 5, 29, 1, 8] {
            starts.push(starts.last().unwrap() + n);
        }
        let total = *starts.last().unwrap();
        let truth = |s: u32| (starts.partition_point(|&x| x <= s) - 1) as u32;
        for step in 1..=50 {
            for offset in 0..step.min(4) {
                let mut cursor = ArticleCursor {
                    starts: &starts,
                    current: 0,
                };
                for s in (offset..total).step_by(step as usize) {
                    assert_eq!(cursor.article(s), truth(s), "{s} by {step}");
                }
                // A smaller sentence restarts the search.
                assert_eq!(cursor.article(offset), truth(offset));
            }
        }
        assert_ne!(truth(60), 4, "the empty article holds nothing");
    }

    #[test]
    fn letters_distance_never_exceeds_the_edit_distance() {
        let words = [
            "minister",
            "minster",
            "ministre",
            "kyiv",
            "kiev",
            "aaaaab",
            "baaaaa",
            "aaaaaaaa",
            "a",
            "",
            "iwaya",
            "ıwaya",
            "pérez",
            "perez",
            "foriegn",
            "foreign",
            "ωμέγα",
            "naïve",
            "naive",
            "sybiha",
            "sybhia",
            "zzzz",
            "ab",
            "ba",
        ];
        for a in words {
            for b in words {
                let bound =
                    letters_distance(Surface::new(a, 0).letters, Surface::new(b, 0).letters);
                assert!(
                    bound <= strsim::damerau_levenshtein(a, b),
                    "{a} / {b}: bound {bound}"
                );
            }
        }
        let bound = |a, b| letters_distance(Surface::new(a, 0).letters, Surface::new(b, 0).letters);
        assert_eq!(
            bound("foriegn", "foreign"),
            0,
            "a transposition costs nothing"
        );
        assert_eq!(bound("kyiv", "kiev"), 1);
    }
}
