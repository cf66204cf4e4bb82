//! Building the index from the table's analyzed text: every list counted
//! then filled (nothing held per term in between, each array allocated
//! once at its final size), the sentence postings on one core in two
//! halves, the article and title lists beside them on the other. What the
//! lists look like once built is `postings`' business; reading them is
//! the [`Index`] API's.

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use super::postings::{Lists, Posting};
use super::typo::Surface;
use super::{Index, LONG};
use crate::column::Plain;
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::varint;

/// What the index is built from: the table's analyzed text, by reference.
pub(crate) struct Source<'a> {
    /// Every sentence's term ids as varints, sentence after sentence.
    pub(crate) tokens: &'a [u8],
    /// Where each sentence's terms start in `tokens`, plus `tokens.len()`.
    pub(crate) sentence_starts: &'a [u32],
    /// Each article's sentences, in article order.
    pub(crate) article_sentences: &'a [Range<SentenceId>],
    /// Each article's distinct title terms.
    pub(crate) titles: &'a [&'a [TermId]],
}

impl Source<'_> {
    fn sentence_count(&self) -> usize {
        self.sentence_starts.len().saturating_sub(1)
    }

    /// Sentence `s`'s term ids, encoded.
    fn sentence_bytes(&self, s: usize) -> &[u8] {
        &self.tokens[self.sentence_starts[s] as usize..self.sentence_starts[s + 1] as usize]
    }

    /// The term ids of an article's sentences, encoded.
    fn article_bytes(&self, range: &Range<SentenceId>) -> &[u8] {
        if range.is_empty() {
            return &[];
        }
        &self.tokens[self.sentence_starts[range.start.index()] as usize
            ..self.sentence_starts[range.end.index()] as usize]
    }
}

/// The term ids of encoded text.
fn terms_of(bytes: &[u8]) -> impl Iterator<Item = TermId> + '_ {
    // Stored ids came from the vocabulary, so each fits its `u32`.
    varint::values(bytes).map(|t| TermId(t as u32))
}

impl Index {
    /// Builds the lists for `vocab`'s terms from the table's text. Every
    /// term id in `source` must come from `vocab`.
    pub(crate) fn build(
        vocab: HashMap<Box<str>, TermId>,
        surface: HashMap<Box<str>, TermId>,
        source: &Source,
    ) -> Index {
        let terms = vocab.len();
        let sentences = source.sentence_count();
        // Sentence lists on one core, article and title lists on the other.
        let ((postings, df), beside) = rayon::join(
            || {
                sentence_postings(terms, source.sentence_starts, &|s| {
                    terms_of(source.sentence_bytes(s))
                })
            },
            || ArticleLists::build(terms, source),
        );
        let mut index = Index {
            vocab,
            surface: HashMap::default(),
            postings,
            df: df.into(),
            article_df: beside.article_df.into(),
            titles: beside.titles,
            sentence_lens: beside.sentence_lens.into(),
            long_sentences: beside.long_sentences,
            article_lens: beside.article_lens.into(),
            article_starts: source
                .article_sentences
                .iter()
                .map(|r| r.start)
                .chain([SentenceId::from_index(sentences)])
                .collect::<Vec<_>>()
                .into(),
            live_terms: 0,
            avg_sentence_len: 0.0,
            avg_article_len: 0.0,
            sentence_count: sentences as u32,
            article_count: source.article_sentences.len() as u32,
            global: None,
        };
        index.live_terms = (0..terms)
            .filter(|&t| index.is_live(TermId::from_index(t)))
            .count();
        index.surface = index.surfaces(surface);
        index.set_averages();
        index
    }

    /// The builder's surface map (word to term id) completed and screened.
    fn surfaces(&self, mut surface: HashMap<Box<str>, TermId>) -> HashMap<Box<str>, Surface> {
        // Words gone with a reloaded article's file leave no trace for typo
        // correction to land on.
        surface.retain(|_, id| self.is_live(*id));
        // Terms are their own surface form for words that stem to themselves.
        for (w, &id) in &self.vocab {
            if w.chars().any(char::is_alphabetic)
                && !self.postings(id).is_empty()
                && !surface.contains_key(w)
            {
                surface.insert(w.clone(), id);
            }
        }
        surface
            .into_iter()
            .map(|(w, term)| {
                let s = Surface::new(&w, term);
                (w, s)
            })
            .collect()
    }

    /// Sets the mean sentence and article lengths from the lengths built.
    fn set_averages(&mut self) {
        let sentences = self.sentence_count;
        let total_terms = (0..sentences)
            .map(|s| u64::from(self.sentence_len(SentenceId(s))))
            .sum::<u64>() as f32;
        if sentences > 0 {
            self.avg_sentence_len = total_terms / sentences as f32;
        }
        if self.article_count > 0 {
            self.avg_article_len = total_terms / self.article_count as f32;
        }
    }
}

/// The lists built beside the sentence postings, on the other core.
struct ArticleLists {
    article_df: Vec<u32>,
    titles: Lists<ArticleId>,
    sentence_lens: Vec<u8>,
    long_sentences: HashMap<SentenceId, u32>,
    article_lens: Vec<u32>,
}

impl ArticleLists {
    fn build(terms: usize, source: &Source) -> ArticleLists {
        let mut article_df = vec![0u32; terms];
        let mut distinct = Distinct::new(terms);
        for range in source.article_sentences {
            distinct.count(terms_of(source.article_bytes(range)), &mut |t, _| {
                article_df[t.index()] += 1
            });
        }
        let titles = build_runs::<ArticleId>(terms, |emit| {
            for (a, title) in source.titles.iter().enumerate() {
                for &t in title.iter() {
                    emit(t, ArticleId::from_index(a));
                }
            }
        });
        let article_lens = source
            .article_sentences
            .iter()
            .map(|r| {
                SentenceId::run(r)
                    .map(|s| varint::count(source.sentence_bytes(s.index())) as u32)
                    .sum()
            })
            .collect();
        let (sentence_lens, long_sentences) = sentence_lens(source);
        ArticleLists {
            article_df,
            titles,
            sentence_lens,
            long_sentences,
            article_lens,
        }
    }
}

/// Each sentence's length byte, and the lengths of the sentences too long
/// for one ([`LONG`]).
fn sentence_lens(source: &Source) -> (Vec<u8>, HashMap<SentenceId, u32>) {
    let mut long_sentences = HashMap::default();
    let lens = (0..source.sentence_count())
        .map(|s| {
            let n = varint::count(source.sentence_bytes(s));
            u8::try_from(n)
                .ok()
                .filter(|&n| n != LONG)
                .unwrap_or_else(|| {
                    long_sentences.insert(SentenceId::from_index(s), n as u32);
                    LONG
                })
        })
        .collect();
    (lens, long_sentences)
}

/// Builds per-term runs from a producer that emits `(term, item)` pairs in
/// the order each run should have. The producer is called twice, once to
/// count and once to fill, so nothing is held per term in between and the
/// items are allocated once at their final size.
fn build_runs<T: Plain + Default>(
    terms: usize,
    produce: impl Fn(&mut dyn FnMut(TermId, T)),
) -> Lists<T> {
    let mut starts = vec![0u32; terms + 1];
    produce(&mut |t, _| starts[t.index() + 1] += 1);
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut items = vec![T::default(); starts[terms] as usize];
    let mut next = starts.clone();
    produce(&mut |t, item| {
        let at = &mut next[t.index()];
        items[*at as usize] = item;
        *at += 1;
    });
    Lists {
        starts: starts.into(),
        items: items.into(),
    }
}

/// Encodes the sentence postings of every term ([`Postings`]) on two
/// threads, each taking the sentences holding half of the terms' tokens:
/// both halves are counted, then both written, side by side. The bytes
/// are those a single pass would write: the second half's first posting of
/// a term is measured, then written, as a gap from the first half's last.
/// Returns the lists and each term's number of sentences.
///
/// [`Postings`]: super::Postings
fn sentence_postings<I: Iterator<Item = TermId>>(
    terms: usize,
    sentence_starts: &[u32],
    terms_of: &(dyn Fn(usize) -> I + Sync),
) -> (Lists<u8>, Vec<u32>) {
    let halves = halves(sentence_starts);
    let count = |range: &Range<usize>| HalfCount::new(terms, terms_of, range.clone());
    let (a, mut b) = rayon::join(|| count(&halves[0]), || count(&halves[1]));
    b.rebase_on(&a);
    let mut starts = Vec::with_capacity(terms + 1);
    let mut total = 0usize;
    starts.push(0u32);
    for t in 0..terms {
        total += a.bytes[t] + b.bytes[t];
        starts.push(u32::try_from(total).expect("the postings fit in 32-bit offsets"));
    }
    let mut out = vec![0u8; total];
    let (parts_a, parts_b) = split_runs(&mut out, &a.bytes, &b.bytes);
    let write = |range: &Range<usize>, mut last: Vec<SentenceId>, mut parts: Vec<&mut [u8]>| {
        scan(terms_of, range.clone(), &mut last, &mut |t, p| {
            let part = std::mem::take(&mut parts[t.index()]);
            let (here, after) = part.split_at_mut(p.encoded_len());
            p.write(here);
            parts[t.index()] = after;
        });
    };
    rayon::join(
        || write(&halves[0], vec![SentenceId(0); terms], parts_a),
        || write(&halves[1], a.last.clone(), parts_b),
    );
    let df = a
        .postings
        .iter()
        .zip(&b.postings)
        .map(|(x, y)| x + y)
        .collect();
    (
        Lists {
            starts: starts.into(),
            items: out.into(),
        },
        df,
    )
}

/// The sentences split where half of the tokens lie before, so both
/// threads have about the same work.
fn halves(sentence_starts: &[u32]) -> [Range<usize>; 2] {
    let sentences = sentence_starts.len().saturating_sub(1);
    let middle = sentence_starts.last().map_or(0, |&n| n / 2);
    let split = sentence_starts
        .partition_point(|&t| t < middle)
        .min(sentences);
    [0..split, split..sentences]
}

/// Calls `emit(term, posting)` for each posting of the sentences in
/// `range`, gaps counted from `last` (each term's previous sentence, one
/// entry per term, kept up to date).
fn scan<I: Iterator<Item = TermId>>(
    terms_of: &(dyn Fn(usize) -> I + Sync),
    range: Range<usize>,
    last: &mut [SentenceId],
    emit: &mut dyn FnMut(TermId, Posting),
) {
    let mut distinct = Distinct::new(last.len());
    for s in range {
        let id = SentenceId::from_index(s);
        distinct.count(terms_of(s), &mut |t, n| {
            let gap = id.0 - std::mem::replace(&mut last[t.index()], id).0;
            emit(t, Posting::new(gap, n));
        });
    }
}

/// Each term's run of `out` split into the two halves' parts (`a[t]` and
/// `b[t]` bytes), so each thread writes into its own slices.
fn split_runs<'a>(
    mut rest: &'a mut [u8],
    a: &[usize],
    b: &[usize],
) -> (Vec<&'a mut [u8]>, Vec<&'a mut [u8]>) {
    let mut parts_a = Vec::with_capacity(a.len());
    let mut parts_b = Vec::with_capacity(a.len());
    for (&in_a, &in_b) in a.iter().zip(b) {
        let (run, tail) = rest.split_at_mut(in_a + in_b);
        let (run_a, run_b) = run.split_at_mut(in_a);
        parts_a.push(run_a);
        parts_b.push(run_b);
        rest = tail;
    }
    (parts_a, parts_b)
}

/// One half's counts, per term.
struct HalfCount {
    /// Bytes of the half's postings.
    bytes: Vec<usize>,
    /// Number of the half's postings.
    postings: Vec<u32>,
    /// The half's last sentence holding the term.
    last: Vec<SentenceId>,
    /// The half's first posting, its gap counted from sentence 0.
    first: Vec<Posting>,
}

impl HalfCount {
    fn new<I: Iterator<Item = TermId>>(
        terms: usize,
        terms_of: &(dyn Fn(usize) -> I + Sync),
        range: Range<usize>,
    ) -> HalfCount {
        let mut c = HalfCount {
            bytes: vec![0; terms],
            postings: vec![0; terms],
            last: vec![SentenceId(0); terms],
            first: vec![Posting::default(); terms],
        };
        let HalfCount {
            bytes,
            postings,
            first,
            last,
        } = &mut c;
        scan(terms_of, range, last, &mut |t, p| {
            let t = t.index();
            if postings[t] == 0 {
                first[t] = p;
            }
            bytes[t] += p.encoded_len();
            postings[t] += 1;
        });
        c
    }

    /// Recounts the bytes of this (second) half's first postings as gaps
    /// from the first half's last sentences, as they will be written.
    fn rebase_on(&mut self, before: &HalfCount) {
        for t in 0..self.bytes.len() {
            if before.postings[t] > 0 && self.postings[t] > 0 {
                let first = self.first[t];
                let rebased = first.rebased(before.last[t].0);
                self.bytes[t] = self.bytes[t] - first.encoded_len() + rebased.encoded_len();
            }
        }
    }
}

/// Counts the distinct terms of runs of tokens without sorting them: one
/// counter per term, and the list of terms the current run touched.
struct Distinct {
    counts: Vec<u32>,
    seen: Vec<TermId>,
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
    fn count(
        &mut self,
        tokens: impl IntoIterator<Item = TermId>,
        out: &mut dyn FnMut(TermId, u32),
    ) {
        for t in tokens {
            let c = &mut self.counts[t.index()];
            if *c == 0 {
                self.seen.push(t);
            }
            *c += 1;
        }
        for &t in &self.seen {
            out(t, std::mem::take(&mut self.counts[t.index()]));
        }
        self.seen.clear();
    }
}

/// Interns `term` into `vocab`, returning its id (ids are dense, in order
/// of first sight).
pub(crate) fn intern(vocab: &mut HashMap<Box<str>, TermId>, term: &str) -> TermId {
    if let Some(&id) = vocab.get(term) {
        return id;
    }
    let id = TermId::from_index(vocab.len());
    vocab.insert(term.into(), id);
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Postings;

    #[test]
    fn runs_keep_each_terms_items_in_emit_order() {
        let lists = build_runs::<u32>(3, |emit| {
            for (t, v) in [(2, 10), (0, 11), (2, 12), (0, 13)] {
                emit(TermId(t), v);
            }
        });
        assert_eq!(lists.get(TermId(0)), &[11, 13]);
        assert!(lists.get(TermId(1)).is_empty());
        assert_eq!(lists.get(TermId(2)), &[10, 12]);
        assert!(
            lists.get(TermId(7)).is_empty(),
            "an unknown id has no entries"
        );
    }

    /// LEB128 written out longhand, independent of `varint` and `Posting`,
    /// so the expected bytes below do not come from the code under test.
    fn leb128(out: &mut Vec<u8>, mut v: u64) {
        loop {
            let low = (v % 128) as u8;
            v /= 128;
            if v == 0 {
                out.push(low);
                return;
            }
            out.push(low + 128);
        }
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
        let terms_of = |s: usize| terms_of(&tokens[starts[s] as usize..starts[s + 1] as usize]);
        let (lists, df) = sentence_postings(terms, &starts, &terms_of);
        for t in 0..terms as u32 {
            let mut expected = Vec::new();
            let mut bytes = Vec::new();
            let mut last = 0;
            for (s, words) in sentences.iter().enumerate() {
                let n = words.iter().filter(|&&w| w == t).count() as u32;
                if n > 0 {
                    expected.push((SentenceId::from_index(s), n));
                    let gap = u64::from(s as u32 - last);
                    leb128(&mut bytes, gap * 2 + u64::from(n > 1));
                    if n > 1 {
                        leb128(&mut bytes, u64::from(n));
                    }
                    last = s as u32;
                }
            }
            let postings = Postings {
                bytes: lists.get(TermId(t)),
                len: df[t as usize],
            };
            assert_eq!(postings.iter().collect::<Vec<_>>(), expected, "term {t}");
            assert_eq!(postings.len(), expected.len());
            assert_eq!(
                lists.get(TermId(t)),
                &bytes[..],
                "term {t}: same bytes as one pass"
            );
        }
    }
}
