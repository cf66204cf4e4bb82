//! The keyword half of the keyword-and-fact table: an inverted index from
//! terms to the sentences (and articles, and titles) that hold them, with
//! the statistics a BM25 ranker needs. Built once by the loader and never
//! changed, so readers share it without locks.

use rustc_hash::FxHashMap as HashMap;

/// A sentence that holds a term, and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Index of the sentence in the knowledge base.
    pub sentence: u32,
    /// How many times the term occurs in that sentence.
    pub tf: u32,
}

/// Everything the table knows about one term.
#[derive(Debug, Clone, Default)]
pub struct TermEntry {
    /// The term as the analyzer produced it.
    pub text: Box<str>,
    /// Sentences holding the term, in sentence order.
    pub postings: Vec<Posting>,
    /// Articles whose body holds the term: (article, occurrences), in order.
    pub articles: Vec<(u32, u32)>,
    /// Articles whose title holds the term, in order.
    pub titles: Vec<u32>,
}

/// The inverted index with its BM25 statistics.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Term text to term id.
    pub(crate) vocab: HashMap<Box<str>, u32>,
    /// Entries by term id.
    pub(crate) terms: Vec<TermEntry>,
    /// Folded surface words ("visited", "kyiv") to their term id: what typo
    /// correction compares a question's unknown word against.
    pub(crate) surface: HashMap<Box<str>, u32>,
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
    /// The id of a term, if the table has it.
    pub fn term_id(&self, term: &str) -> Option<u32> {
        self.vocab.get(term).copied()
    }

    /// The entry of a term id.
    pub fn entry(&self, id: u32) -> &TermEntry {
        &self.terms[id as usize]
    }

    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The term id of a folded surface word seen in the articles.
    pub fn surface_term(&self, folded: &str) -> Option<u32> {
        self.surface.get(folded).copied()
    }

    /// Every folded surface word with its term id (typo-correction candidates).
    pub fn surface_words(&self) -> impl Iterator<Item = (&str, u32)> {
        self.surface.iter().map(|(w, &id)| (&**w, id))
    }

    /// BM25 inverse document frequency of a term over sentences (Lucene's
    /// form, never negative).
    pub fn idf(&self, id: u32) -> f32 {
        let df = self.terms[id as usize].postings.len() as f32;
        let n = self.sentence_count as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The same over articles.
    pub fn article_idf(&self, id: u32) -> f32 {
        let df = self.terms[id as usize].articles.len() as f32;
        let n = self.article_count as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// Interns a term, returning its id.
    pub(crate) fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.vocab.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(TermEntry {
            text: term.into(),
            ..TermEntry::default()
        });
        self.vocab.insert(term.into(), id);
        id
    }
}
