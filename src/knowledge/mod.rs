//! Loading a folder of article files into an immutable [`KnowledgeBase`]:
//! the articles, their sentences with the facts found in them, and the
//! inverted index over them. Files are parsed in parallel (rayon), then
//! merged in path order so a load is deterministic; a reload copies the
//! articles whose files did not change from the previous table. Loading
//! never fails because of one bad file: it returns warnings beside the table.
//!
//! This module owns the table and its views. Loading is split by job:
//! `files` finds and reads files, `decode` turns their bytes into text,
//! `article` (with `html` for web pages) reads a format, `load` runs the
//! folder pipeline and the reuse of a reload (and `keep`, one file as a
//! load reads it), `builder` analyzes an article and builds the table, and
//! `report` says what was skipped and why.

pub mod article;
mod caption;
mod clean;
mod decode;
mod html;
mod nesting;
pub mod sentence;

mod builder;
mod files;
mod load;
mod report;
pub mod snapshot;
mod sources;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::path::Path;

use serde::Serialize;

use crate::column::{Column, Plain, TextColumn};
use crate::error::Result;
use crate::facts::{Fact, FactKind};
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::index::Index;
use crate::text::Lang;
use crate::varint;
pub use article::{Format, Metadata, ParsedArticle};
pub use builder::Kept;
use builder::{Builder, Parsed, parse_article};
pub use decode::decode;
pub use files::MAX_FILE_BYTES;
pub use load::keep;
pub use report::{LoadReport, LoadWarning, SkipReason};
pub use snapshot::{SnapshotError, Start};
pub use sources::{Document, Source, read_documents};

/// One article in the table.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// The file's path relative to the knowledge folder, with `/` separators
    /// ("japan-minister-visits-ukraine.txt"). Answers name it.
    pub id: String,
    /// The title.
    pub title: String,
    /// URL, date and source, where the file gave them.
    #[serde(flatten)]
    pub meta: Metadata,
    /// The language of the article: the one its file declares, or else the
    /// one its text is detected to be in.
    pub lang: Lang,
    /// The article's sentences, consecutive in the table.
    #[serde(skip)]
    pub(crate) sentences: Range<SentenceId>,
    /// The analyzed terms of the title, distinct, in term-id order.
    #[serde(skip)]
    pub(crate) title_terms: Vec<TermId>,
    /// Number of analyzed terms in the body (its sentences', not the title's).
    #[serde(skip)]
    pub len: u32,
    /// The file's size and modification time when it was read: a reload
    /// reuses the article as it is while both are unchanged.
    #[serde(skip)]
    stamp: Option<files::Stamp>,
}
/// One sentence with where it came from and what it says: a view into the
/// table, which stores every sentence's text, terms and facts end to end.
#[derive(Debug, Clone, Copy)]
pub struct Sentence<'a> {
    /// The article.
    pub article: ArticleId,
    /// Paragraph number inside the article, from 0.
    pub paragraph: u32,
    /// Sentence number inside the article, from 0.
    pub position: u32,
    /// The original text, as replies show it.
    pub text: &'a str,
    /// The language of its article, which its terms were analyzed in.
    pub lang: Lang,
    /// The sentence's analyzed terms, in order (term ids).
    pub(crate) terms: Terms<'a>,
    /// Facts found in the sentence.
    pub facts: &'a [Fact],
}

/// A sentence's term ids, in order. Stored as varints (see
/// `varint`): term ids are numbered by first sight, so common
/// words have small ids and most take one or two bytes instead of four.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Terms<'a> {
    bytes: &'a [u8],
}

impl<'a> Terms<'a> {
    /// The term ids, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = TermId> + use<'a> {
        // Stored ids came from the vocabulary, so each fits its `u32`.
        varint::values(self.bytes).map(|t| TermId(t as u32))
    }

    /// Number of terms.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        varint::count(self.bytes)
    }

    /// Terms from their varint encoding (see `varint`).
    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: &'a [u8]) -> Terms<'a> {
        Terms { bytes }
    }
}

/// Where one sentence's parts start in the table's arrays; they end where
/// the next sentence's start. `repr(C)`, five `u32`s: a snapshot stores
/// the rows as their bytes.
#[derive(Debug, Clone, Copy)]
#[repr(C)]
pub(crate) struct Row {
    article: ArticleId,
    paragraph: u32,
    text: u32,
    tokens: u32,
    facts: u32,
}
// SAFETY: `repr(C)` of five `u32`-sized fields (`ArticleId` is a
// transparent `u32`), so no padding, and every pattern is a value.
unsafe impl Plain for Row {}

/// A file a load skipped for what its bytes are (binary, empty, too large,
/// no text...), with the stamp it had then. While its stamp is the same,
/// a reload or a start from the snapshot takes the verdict as it was
/// instead of reading the file again (and warns again, as a load would);
/// a file skipped for an error of the moment (unreadable, vanished) or for
/// the table's size is not recorded, so it is tried again.
#[derive(Debug, Clone)]
pub(crate) struct Skipped {
    /// Its path under the folder, as an article's id.
    id: String,
    stamp: files::Stamp,
    reason: SkipReason,
}

/// One file as the loader would read it ([`KnowledgeBase::vet`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vetted {
    /// Its title (empty when it has none).
    pub title: String,
    /// Its URL, date and source.
    pub meta: Metadata,
    /// How many sentences of body text it has (at least one).
    pub sentences: usize,
}

/// The keyword-and-fact table: immutable once built, shared as `Arc`.
///
/// Sentences are stored column-wise: all texts in one string, all term ids
/// in one array, all facts in one array, and a small fixed-size row per
/// sentence saying where its parts start. Per-sentence `String`s and `Vec`s
/// cost an allocation and a header each, which at a few hundred thousand
/// sentences was more than the text itself.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    articles: Vec<Article>,
    /// Each article's language, by article id: a sentence's language is
    /// read for every sentence an answer looks at, and this array stays in
    /// cache where the `Article`s would not.
    article_langs: Vec<Lang>,
    /// The languages of the articles, most articles first.
    langs: Vec<Lang>,
    rows: Column<Row>,
    text: TextColumn,
    /// Every sentence's term ids as varints, end to end.
    tokens: Column<u8>,
    facts: Column<Fact>,
    index: Index,
    /// The files skipped for their content, in id order.
    skipped: Vec<Skipped>,
}
impl KnowledgeBase {
    /// Loads every article file under `dir` (subfolders included; hidden
    /// entries and other extensions ignored). Fails only when the folder
    /// cannot be read: a folder with no article that loads gives an empty
    /// table, with the skipped files in the report.
    pub fn load(dir: &Path) -> Result<(KnowledgeBase, LoadReport)> {
        // The related-words table is parsed beside the folder, so the
        // first question does not wait for it.
        rayon::join(
            || load::load_folder(dir, None),
            || {
                crate::related::table();
            },
        )
        .0
    }

    /// Loads `dir` again, taking every article whose file has the same size
    /// and modification time as when this table read it from this table
    /// instead of parsing it again: after one file changes, a reload parses
    /// that file and rebuilds only the index lists. The result holds the
    /// same articles, sentences and facts as [`KnowledgeBase::load`] would.
    pub fn reload(&self, dir: &Path) -> Result<(KnowledgeBase, LoadReport)> {
        // Term ids of vanished articles stay in the vocabulary of a table
        // reloaded in place; once they outnumber the live ones, start afresh.
        let stale = self.index.term_count() > 2 * self.index.live_term_count().max(1024);
        load::load_folder(dir, (!stale).then_some(self))
    }

    /// Builds a table from in-memory texts: `(id, text, format)` triples.
    /// Texts with no content are left out. For tests, fuzzing and embedding.
    pub fn from_texts<'a>(
        texts: impl IntoIterator<Item = (&'a str, &'a str, Format)>,
    ) -> KnowledgeBase {
        let mut parsed: Vec<Parsed> = texts
            .into_iter()
            .filter_map(|(id, text, format)| parse_article(id.to_string(), text, format).ok())
            .collect();
        parsed.sort_by(|a, b| a.id.cmp(&b.id));
        let mut builder = Builder::default();
        for p in parsed {
            // In-memory texts cannot reach the table's 4 GB limit in practice;
            // a text that would is left out like an empty one.
            let _ = builder.add(p);
        }
        builder.finish()
    }

    /// What the loader would make of one file's bytes in `format`: its
    /// title, metadata and sentence count, or the reason it would skip it.
    /// Lets a caller refuse a file before writing it into the folder.
    pub fn vet(bytes: &[u8], format: Format) -> std::result::Result<Vetted, SkipReason> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(SkipReason::TooLarge);
        }
        let text = decode(bytes, format)?;
        // As in the loader: a parser bug refuses this file, never takes
        // down the caller (an admin's upload on a bot's thread).
        std::panic::catch_unwind(|| parse_article(String::new(), &text, format))
            .unwrap_or(Err(SkipReason::ParserPanicked))
            .map(|parsed| parsed.vetted())
    }

    /// The articles, in id order.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// All sentences, article by article.
    pub fn sentences(&self) -> impl ExactSizeIterator<Item = Sentence<'_>> + '_ {
        (0..self.rows.len()).map(|i| self.sentence_at(SentenceId::from_index(i)))
    }

    /// The sentences of one article of this table.
    pub fn sentences_of(&self, article: &Article) -> impl ExactSizeIterator<Item = Sentence<'_>> {
        SentenceId::run(&article.sentences).map(|i| self.sentence_at(i))
    }

    /// Number of sentences.
    pub fn sentence_count(&self) -> usize {
        self.rows.len()
    }

    /// One sentence by id, `None` for an id this table did not hand out
    /// (one kept from before a reload may be past its end).
    pub fn sentence(&self, id: SentenceId) -> Option<Sentence<'_>> {
        (id.index() < self.rows.len()).then(|| self.sentence_at(id))
    }

    /// One of this table's sentences. The engine's ids all come from the
    /// table it reads, so this never fails for them; an id from another
    /// table panics or names the wrong sentence.
    pub(crate) fn sentence_at(&self, id: SentenceId) -> Sentence<'_> {
        let row = self.rows[id.index()];
        let next = self.rows.get(id.index() + 1);
        let text_end = next.map_or(self.text.len(), |n| n.text as usize);
        let tokens_end = next.map_or(self.tokens.len(), |n| n.tokens as usize);
        let facts_end = next.map_or(self.facts.len(), |n| n.facts as usize);
        Sentence {
            article: row.article,
            paragraph: row.paragraph,
            // An article's sentences are consecutive; the index keeps their
            // starts dense, where an `Article` (a large struct) would cost a
            // cache miss per sentence looked at.
            position: id.0 - self.index.article_start(row.article).0,
            text: &self.text[row.text as usize..text_end],
            lang: self.article_langs[row.article.index()],
            terms: Terms {
                bytes: &self.tokens[row.tokens as usize..tokens_end],
            },
            facts: &self.facts[row.facts as usize..facts_end],
        }
    }

    /// The article a sentence belongs to, `None` for an id this table did
    /// not hand out.
    pub fn article_of(&self, sentence: SentenceId) -> Option<&Article> {
        let row = self.rows.get(sentence.index())?;
        Some(self.article_at(row.article))
    }

    /// One of this table's articles (infallible for the engine's ids, as
    /// [`KnowledgeBase::sentence_at`]).
    pub(crate) fn article_at(&self, id: ArticleId) -> &Article {
        &self.articles[id.index()]
    }

    /// The article of one of this table's sentences (cheaper than
    /// [`KnowledgeBase::sentence_at`] when that is all a caller needs).
    pub(crate) fn article_id_of(&self, sentence: SentenceId) -> ArticleId {
        self.rows[sentence.index()].article
    }

    /// The facts of one of this table's sentences (cheaper than
    /// [`KnowledgeBase::sentence_at`] for a caller that looks at the rest
    /// only when a fact is there).
    pub(crate) fn facts_at(&self, sentence: SentenceId) -> &[Fact] {
        let start = self.rows[sentence.index()].facts as usize;
        let end = self
            .rows
            .get(sentence.index() + 1)
            .map_or(self.facts.len(), |n| n.facts as usize);
        &self.facts[start..end]
    }

    /// The languages of the articles, most articles first.
    pub fn languages(&self) -> &[Lang] {
        &self.langs
    }

    /// The language of one of this table's articles.
    pub(crate) fn lang_of(&self, id: ArticleId) -> Lang {
        self.article_langs[id.index()]
    }

    /// The inverted index.
    pub(crate) fn index(&self) -> &Index {
        &self.index
    }

    /// The inverted index, to weigh its terms by a larger collection's
    /// statistics (`Index::set_global`: a store's small table).
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn index_mut(&mut self) -> &mut Index {
        &mut self.index
    }

    /// Every fact with the sentence it was found in, in table order.
    pub fn facts(&self) -> impl Iterator<Item = (Sentence<'_>, &Fact)> {
        self.sentences()
            .flat_map(|s| s.facts.iter().map(move |f| (s, f)))
    }

    /// Number of facts of each kind.
    pub fn fact_counts(&self) -> Vec<(FactKind, usize)> {
        let mut counts: HashMap<FactKind, usize> = HashMap::default();
        for f in self.facts.iter() {
            *counts.entry(f.kind).or_default() += 1;
        }
        FactKind::ALL
            .iter()
            .map(|k| (*k, counts.get(k).copied().unwrap_or(0)))
            .collect()
    }

    /// Whether the table is empty (no sentences).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Bytes held by the table's arrays (capacity, not counting allocator
    /// overhead or the two hash maps): what `check` reports as its size.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.text.column().heap_bytes()
            + self.tokens.heap_bytes()
            + self.facts.heap_bytes()
            + self.rows.heap_bytes()
            + self.articles.capacity() * size_of::<Article>()
            + self.article_langs.capacity() * size_of::<Lang>()
            + self.index.heap_bytes()
    }
}
