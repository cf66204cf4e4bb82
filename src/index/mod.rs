//! The keyword half of the keyword-and-fact table: an inverted index from
//! terms to the sentences (and articles, and titles) that hold them, with
//! the statistics a BM25 ranker needs. Built once per load and never
//! changed, so readers share it without locks. This module owns [`Index`]
//! and its read API; the stored lists and their codec are in `postings`,
//! how they are built in `build`, and the typo screen in `typo`.
//!
//! Every list is stored flat: one array of entries for all terms and one
//! array of offsets saying where each term's run starts (the layout search
//! engines call CSR). A folder of tens of thousands of articles has hundreds
//! of thousands of terms, and a `Vec` per term would cost a header and an
//! allocation each on top of its entries.

mod build;
mod postings;
mod typo;

use rustc_hash::FxHashMap as HashMap;

use crate::column::Column;
use crate::ids::{ArticleId, SentenceId, TermId};

pub(crate) use build::{Source, intern};
pub(crate) use postings::Lists;
pub(crate) use postings::{PostingIter, Postings};
pub(crate) use typo::Surface;

/// The inverted index with its BM25 statistics.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// Term text to term id.
    pub(crate) vocab: HashMap<Box<str>, TermId>,
    /// Folded surface words ("visited", "kyiv") to their term id: what typo
    /// correction compares a question's unknown word against.
    pub(crate) surface: HashMap<Box<str>, Surface>,
    /// Sentences holding each term, encoded (see [`Postings`]).
    pub(crate) postings: Lists<u8>,
    /// Number of sentences holding each term.
    pub(crate) df: Column<u32>,
    /// Number of articles whose body holds each term. Which articles, and
    /// how often, follows from the sentence postings (an article's
    /// sentences are consecutive), so no per-article lists are kept.
    pub(crate) article_df: Column<u32>,
    /// Articles whose title holds each term.
    pub(crate) titles: Lists<ArticleId>,
    /// Each sentence's length in terms, dense, because scoring reads it for
    /// every posting and a sentence row would cost a cache miss each. One
    /// byte, so four times as many fit a cache line; `LONG` says the length
    /// is in `long_sentences` (a few run-on "sentences" only).
    pub(crate) sentence_lens: Column<u8>,
    pub(crate) long_sentences: HashMap<SentenceId, u32>,
    /// Each article's length in terms, dense for the same reason.
    pub(crate) article_lens: Column<u32>,
    /// Each article's first sentence, then the sentence count: scoring
    /// walks a term's postings in sentence order and finds their articles
    /// here (a few kilobytes, cached) instead of in the sentence rows.
    pub(crate) article_starts: Column<SentenceId>,
    /// Terms that occur somewhere; a table reloaded in place keeps the ids
    /// of terms whose articles are gone.
    pub(crate) live_terms: usize,
    /// Mean sentence length in terms (BM25's avgdl at sentence level).
    pub(crate) avg_sentence_len: f32,
    /// Mean article length in terms.
    pub(crate) avg_article_len: f32,
    /// Number of sentences indexed.
    pub(crate) sentence_count: u32,
    /// Number of articles indexed.
    pub(crate) article_count: u32,
    /// A larger collection's statistics the idf is taken from instead of
    /// the table's own (a store's archive, for the small table of one
    /// question's candidates); `None` for a table of everything.
    pub(crate) global: Option<Box<Global>>,
}

/// The document frequencies of a larger collection than the table, per
/// term id of the table: what [`Index::idf`] and [`Index::article_idf`]
/// weigh a term by when the table is a sample of that collection.
#[derive(Debug, Clone, Default)]
pub(crate) struct Global {
    /// Sentences of the collection holding each term.
    pub(crate) df: Vec<u32>,
    /// Articles of the collection holding each term.
    pub(crate) article_df: Vec<u32>,
    /// The collection's sentences.
    pub(crate) sentences: u32,
    /// The collection's articles.
    pub(crate) articles: u32,
}

impl Index {
    /// Bytes held by the index's lists (capacity; the hash maps not counted).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.postings.starts.heap_bytes()
            + self.df.heap_bytes()
            + self.article_df.heap_bytes()
            + self.titles.starts.heap_bytes()
            + self.titles.items.heap_bytes()
            + self.article_lens.heap_bytes()
            + self.article_starts.heap_bytes()
            + self.sentence_lens.heap_bytes()
            + self.postings.items.heap_bytes()
    }

    /// The id of a term, if the table has it.
    pub(crate) fn term_id(&self, term: &str) -> Option<TermId> {
        self.vocab.get(term).copied()
    }

    /// The sentences holding a term.
    pub(crate) fn postings(&self, id: TermId) -> Postings<'_> {
        Postings {
            bytes: self.postings.get(id),
            len: self.df.get(id.index()).copied().unwrap_or(0),
        }
    }

    /// Number of articles whose body holds a term.
    pub(crate) fn article_df(&self, id: TermId) -> u32 {
        self.article_df.get(id.index()).copied().unwrap_or(0)
    }

    /// Whether a term occurs in some sentence or title: a term a reload
    /// emptied, or one only questions spelled, does not.
    pub(crate) fn is_live(&self, id: TermId) -> bool {
        !self.postings(id).is_empty() || !self.title_articles(id).is_empty()
    }

    /// Articles whose title holds a term, in order.
    pub(crate) fn title_articles(&self, id: TermId) -> &[ArticleId] {
        self.titles.get(id)
    }

    /// A sentence's length in terms.
    pub(crate) fn sentence_len(&self, sentence: SentenceId) -> u32 {
        match self.sentence_lens[sentence.index()] {
            LONG => self.long_sentences[&sentence],
            n => u32::from(n),
        }
    }

    /// An article's first sentence.
    pub(crate) fn article_start(&self, article: ArticleId) -> SentenceId {
        self.article_starts[article.index()]
    }

    /// An article's length in terms (its sentences', the title's not).
    pub(crate) fn article_len(&self, article: ArticleId) -> u32 {
        self.article_lens[article.index()]
    }

    /// A cursor finding the articles of sentences visited in increasing
    /// order.
    pub(crate) fn article_cursor(&self) -> ArticleCursor<'_> {
        ArticleCursor {
            starts: &self.article_starts,
            current: 0,
        }
    }

    /// Number of term ids (including, after an in-place reload, terms that
    /// no longer occur).
    pub(crate) fn term_count(&self) -> usize {
        self.vocab.len()
    }

    /// Number of terms that occur in some sentence or title.
    pub(crate) fn live_term_count(&self) -> usize {
        self.live_terms
    }

    /// The term id of a folded surface word seen in the articles.
    pub(crate) fn surface_term(&self, folded: &str) -> Option<TermId> {
        self.surface.get(folded).map(|s| s.term)
    }

    /// Every folded surface word with its term id.
    pub(crate) fn surface_words(&self) -> impl Iterator<Item = (&str, TermId)> {
        self.surface.iter().map(|(w, s)| (&**w, s.term))
    }

    /// The surface words that may lie within `tolerance` edits of `word`:
    /// a superset of those that do, screened by length and letters with no
    /// per-word work beyond two integer tests, so typo correction computes
    /// the real distance for a few words instead of the whole vocabulary.
    pub(crate) fn typo_candidates(
        &self,
        word: &str,
        tolerance: usize,
    ) -> impl Iterator<Item = (&str, TermId)> {
        let probe = Surface::new(word, TermId::default());
        self.surface
            .iter()
            .filter(move |(_, s)| s.may_be_within(&probe, tolerance))
            .map(|(w, s)| (&**w, s.term))
    }

    /// The surface map as the builder keeps it (word to term id).
    pub(crate) fn surface_terms(&self) -> HashMap<Box<str>, TermId> {
        self.surface
            .iter()
            .map(|(w, s)| (w.clone(), s.term))
            .collect()
    }

    /// BM25 inverse document frequency of a term over sentences (Lucene's
    /// form, never negative); over the [`Global`] collection's when set.
    pub(crate) fn idf(&self, id: TermId) -> f32 {
        let (df, n) = (
            self.df.get(id.index()).copied().unwrap_or(0),
            self.sentence_count,
        );
        let (df, n) = match &self.global {
            // Never below the table's own: a collection's figures that lag
            // behind its rows must not call a word of the table absent.
            Some(g) => (
                g.df.get(id.index()).map_or(df, |&d| d.max(df)),
                g.sentences.max(n),
            ),
            None => (df, n),
        };
        bm25_idf(df, n)
    }

    /// The same over articles.
    pub(crate) fn article_idf(&self, id: TermId) -> f32 {
        let (df, n) = (self.article_df(id), self.article_count);
        let (df, n) = match &self.global {
            Some(g) => (
                g.article_df.get(id.index()).map_or(df, |&d| d.max(df)),
                g.articles.max(n),
            ),
            None => (df, n),
        };
        bm25_idf(df, n)
    }

    /// Weighs terms by `global`'s statistics instead of the table's, and
    /// scores lengths against the collection's mean sentence and article
    /// lengths (`avg_sentence_len`, `avg_article_len`, in terms).
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn set_global(
        &mut self,
        global: Global,
        avg_sentence_len: f32,
        avg_article_len: f32,
    ) {
        self.global = Some(Box::new(global));
        self.avg_sentence_len = avg_sentence_len;
        self.avg_article_len = avg_article_len;
    }
}

/// BM25's idf of a term in `df` of `n` documents.
pub(crate) fn bm25_idf(df: u32, n: u32) -> f32 {
    let (df, n) = (df as f32, n as f32);
    ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
}

/// A sentence length byte saying the length is stored elsewhere.
pub(crate) const LONG: u8 = u8::MAX;

/// Finds the article of each sentence of an increasing run (a term's
/// postings) from the articles' first sentences: mostly the current
/// article, otherwise a galloping search ahead of it.
#[derive(Debug, Clone)]
pub(crate) struct ArticleCursor<'a> {
    starts: &'a [SentenceId],
    current: usize,
}

impl ArticleCursor<'_> {
    /// The article holding `sentence`. Sentences must come in increasing
    /// order (a smaller one than the last restarts the search).
    pub(crate) fn article(&mut self, sentence: SentenceId) -> ArticleId {
        let starts = self.starts;
        let within = |a: usize| {
            starts.get(a).is_some_and(|&s| s <= sentence)
                && starts.get(a + 1).is_some_and(|&e| sentence < e)
        };
        if within(self.current) {
            return ArticleId::from_index(self.current);
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
        ArticleId::from_index(self.current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_cursor_finds_the_article_of_any_increasing_run() {
        // Articles of 1 to 40 sentences, and one empty article (at 60).
        let mut starts = vec![SentenceId(0)];
        for n in [3, 1, 40, 16, 0, 2, 7, 1, 1, 33, 5, 29, 1, 8] {
            starts.push(SentenceId(starts.last().unwrap().0 + n));
        }
        let total = starts.last().unwrap().0;
        let truth = |s: u32| ArticleId::from_index(starts.partition_point(|&x| x.0 <= s) - 1);
        for step in 1..=50 {
            for offset in 0..step.min(4) {
                let mut cursor = ArticleCursor {
                    starts: &starts,
                    current: 0,
                };
                for s in (offset..total).step_by(step as usize) {
                    assert_eq!(cursor.article(SentenceId(s)), truth(s), "{s} by {step}");
                }
                // A smaller sentence restarts the search.
                assert_eq!(cursor.article(SentenceId(offset)), truth(offset));
            }
        }
        // The oracle and the cursor against values worked out by hand, so
        // the run above cannot pass on an oracle that shares a cursor's
        // mistake: article 4 is empty and starts where article 5 does.
        let by_hand = [
            (0, 0),
            (2, 0),
            (3, 1),
            (4, 2),
            (43, 2),
            (44, 3),
            (59, 3),
            (60, 5),
            (61, 5),
            (62, 6),
            (146, 13),
        ];
        let mut cursor = ArticleCursor {
            starts: &starts,
            current: 0,
        };
        for (sentence, article) in by_hand {
            let article = ArticleId(article);
            assert_eq!(truth(sentence), article, "oracle at {sentence}");
            assert_eq!(
                cursor.article(SentenceId(sentence)),
                article,
                "cursor at {sentence}"
            );
        }
    }
}
