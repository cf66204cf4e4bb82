//! Loading a folder of article files into an immutable [`KnowledgeBase`]:
//! the articles, their sentences with the facts found in them, and the
//! inverted index over them. Files are parsed in parallel (rayon), then
//! merged in path order so a load is deterministic; a reload copies the
//! articles whose files did not change from the previous table. Loading
//! never fails because of one bad file: it returns warnings beside the table.

pub mod article;
pub mod clean;
pub mod nesting;
pub mod sentence;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use rayon::prelude::*;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::facts::{self, Fact, FactKind, NameMemory};
use crate::index::{Index, Source, intern};
use crate::text::{self, WordCache, WordForm};
use crate::varint;
use crate::{Error, Result};
pub use article::{Format, Metadata, ParsedArticle};

/// Files larger than this are skipped: no news article is this big, and
/// reading one whole would let a stray file exhaust memory.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

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
    /// The article's sentences: a range of indices into the table's sentences.
    #[serde(skip)]
    pub sentences: Range<u32>,
    /// The analyzed terms of the title, distinct, in term-id order.
    #[serde(skip)]
    pub title_terms: Vec<u32>,
    /// Number of body terms (for article-level BM25).
    #[serde(skip)]
    pub len: u32,
    /// The file's size and modification time when it was read: a reload
    /// reuses the article as it is while both are unchanged.
    #[serde(skip)]
    stamp: Option<Stamp>,
}

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: SystemTime,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
        })
    }
}

/// One sentence with where it came from and what it says: a view into the
/// table, which stores every sentence's text, terms and facts end to end.
#[derive(Debug, Clone, Copy)]
pub struct Sentence<'a> {
    /// Index of the article.
    pub article: u32,
    /// Paragraph number inside the article, from 0.
    pub paragraph: u32,
    /// Sentence number inside the article, from 0.
    pub position: u32,
    /// The original text, as replies show it.
    pub text: &'a str,
    /// The sentence's analyzed terms, in order (term ids).
    pub terms: Terms<'a>,
    /// Facts found in the sentence.
    pub facts: &'a [Fact],
}

/// A sentence's term ids, in order. Stored as varints (see
/// `varint`): term ids are numbered by first sight, so common
/// words have small ids and most take one or two bytes instead of four.
#[derive(Debug, Clone, Copy)]
pub struct Terms<'a> {
    bytes: &'a [u8],
}

impl<'a> Terms<'a> {
    /// The term ids, in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + use<'a> {
        varint::values(self.bytes).map(|t| t as u32)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        varint::count(self.bytes)
    }

    /// Whether the sentence has no terms.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The term ids in a `Vec`.
    pub fn to_vec(&self) -> Vec<u32> {
        self.iter().collect()
    }

    /// Terms from their varint encoding (see [`crate::varint`]).
    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: &'a [u8]) -> Terms<'a> {
        Terms { bytes }
    }
}

/// Where one sentence's parts start in the table's arrays; they end where
/// the next sentence's start.
#[derive(Debug, Clone, Copy)]
struct Row {
    article: u32,
    paragraph: u32,
    text: u32,
    tokens: u32,
    facts: u32,
}

/// Why a file was skipped.
#[derive(Debug, Clone, Serialize)]
pub struct LoadWarning {
    /// The file, as found under the knowledge folder.
    pub path: PathBuf,
    /// Why it was skipped, in words.
    pub reason: String,
}

impl std::fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "skipped {}: {}", self.path.display(), self.reason)
    }
}

/// What a load found besides the articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LoadReport {
    /// Files that looked like articles but were skipped, with reasons.
    pub warnings: Vec<LoadWarning>,
    /// Hidden files and folders passed over.
    pub hidden: usize,
    /// Files with an extension that is not an article format.
    pub other_extensions: usize,
    /// Articles taken unchanged from the previous table (reloads only).
    pub reused: usize,
    /// Wall-clock seconds the load took.
    pub seconds: f64,
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
    rows: Vec<Row>,
    text: String,
    /// Every sentence's term ids as varints, end to end.
    tokens: Vec<u8>,
    facts: Vec<Fact>,
    index: Index,
}

/// One file read and parsed, ready to merge. Terms are numbered per file
/// (`terms` is the file's own small vocabulary), so merging interns each
/// distinct term of a file once instead of every occurrence.
struct Parsed {
    id: String,
    title: String,
    meta: Metadata,
    stamp: Option<Stamp>,
    terms: Vec<Box<str>>,
    /// Folded surface words with their (local) term, first sight first.
    surfaces: Vec<(Box<str>, u32)>,
    text: String,
    sentences: Vec<ParsedRow>,
    tokens: Vec<u32>,
    facts: Vec<Fact>,
    title_terms: Vec<u32>,
}

/// Where a parsed sentence's parts end in its file's arrays.
struct ParsedRow {
    paragraph: u32,
    text_end: u32,
    tokens_end: u32,
    facts_end: u32,
}

/// A file found under the knowledge folder.
struct Found {
    path: PathBuf,
    id: String,
    format: Format,
    stamp: Option<Stamp>,
}

impl KnowledgeBase {
    /// Loads every article file under `dir` (subfolders included; hidden
    /// entries and other extensions ignored). Fails only when the folder
    /// cannot be read or no article could be loaded.
    pub fn load(dir: &Path) -> Result<(KnowledgeBase, LoadReport)> {
        load_folder(dir, None)
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
        load_folder(dir, (!stale).then_some(self))
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

    /// The articles, in id order.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// All sentences, article by article.
    pub fn sentences(&self) -> impl ExactSizeIterator<Item = Sentence<'_>> + '_ {
        (0..self.rows.len() as u32).map(|i| self.sentence(i))
    }

    /// The sentences of one article.
    pub fn sentences_of(&self, article: &Article) -> impl ExactSizeIterator<Item = Sentence<'_>> {
        article.sentences.clone().map(|i| self.sentence(i))
    }

    /// Number of sentences.
    pub fn sentence_count(&self) -> usize {
        self.rows.len()
    }

    /// One sentence by index.
    pub fn sentence(&self, id: u32) -> Sentence<'_> {
        let row = self.rows[id as usize];
        let next = self.rows.get(id as usize + 1);
        let text_end = next.map_or(self.text.len(), |n| n.text as usize);
        let tokens_end = next.map_or(self.tokens.len(), |n| n.tokens as usize);
        let facts_end = next.map_or(self.facts.len(), |n| n.facts as usize);
        Sentence {
            article: row.article,
            paragraph: row.paragraph,
            // An article's sentences are consecutive; the index keeps their
            // starts dense, where an `Article` (a large struct) would cost a
            // cache miss per sentence looked at.
            position: id - self.index.article_start(row.article),
            text: &self.text[row.text as usize..text_end],
            terms: Terms {
                bytes: &self.tokens[row.tokens as usize..tokens_end],
            },
            facts: &self.facts[row.facts as usize..facts_end],
        }
    }

    /// The index of the article a sentence belongs to (cheaper than
    /// [`KnowledgeBase::sentence`] when that is all a caller needs).
    pub fn article_index_of(&self, sentence: u32) -> u32 {
        self.rows[sentence as usize].article
    }

    /// The article a sentence belongs to.
    pub fn article_of(&self, sentence: u32) -> &Article {
        &self.articles[self.rows[sentence as usize].article as usize]
    }

    /// The inverted index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Every fact with the sentence it was found in, in table order.
    pub fn facts(&self) -> impl Iterator<Item = (Sentence<'_>, &Fact)> {
        self.sentences()
            .flat_map(|s| s.facts.iter().map(move |f| (s, f)))
    }

    /// Number of facts of each kind.
    pub fn fact_counts(&self) -> Vec<(FactKind, usize)> {
        let mut counts: HashMap<FactKind, usize> = HashMap::default();
        for f in &self.facts {
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
        self.text.capacity()
            + self.tokens.capacity()
            + self.facts.capacity() * size_of::<Fact>()
            + self.rows.capacity() * size_of::<Row>()
            + self.articles.capacity() * size_of::<Article>()
            + self.index.heap_bytes()
    }
}

/// Discovers, parses and merges the files of `dir`; articles whose file is
/// unchanged since `previous` read it are copied from there instead.
fn load_folder(
    dir: &Path,
    previous: Option<&KnowledgeBase>,
) -> Result<(KnowledgeBase, LoadReport)> {
    let started = Instant::now();
    let meta = std::fs::metadata(dir).map_err(|source| Error::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(Error::Folder {
            path: dir.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
        });
    }
    let mut report = LoadReport::default();
    let mut files = discover(dir, &mut report);
    files.sort_by(|a, b| a.id.cmp(&b.id));
    let unchanged = |f: &Found| -> Option<u32> {
        let old = previous?;
        let i = old
            .articles
            .binary_search_by(|a| a.id.as_str().cmp(&f.id))
            .ok()?;
        (f.stamp.is_some() && old.articles[i].stamp == f.stamp).then_some(i as u32)
    };
    // The previous table's term ids stay valid in the new one, so its
    // articles can be copied without analyzing them again.
    let mut builder = match previous {
        Some(old) => Builder::continuing(old),
        None => {
            // The files' size bounds the text; reserving it up front spares
            // the copies of growing by doubling (pages never written cost no
            // memory, and the arrays are trimmed at the end).
            let bytes: u64 = files.iter().filter_map(|f| f.stamp).map(|s| s.len).sum();
            let bytes = usize::try_from(bytes)
                .unwrap_or(usize::MAX)
                .min(u32::MAX as usize);
            let mut builder = Builder::default();
            builder.reserve(bytes, bytes / 4, bytes / 160);
            builder
        }
    };
    // Parsed files hold every sentence's text and terms apart from the
    // table; parsing a chunk at a time and merging it before the next keeps
    // only one chunk of them alive.
    let parse = |chunk: &[Found]| -> Vec<Merge> {
        chunk
            .par_iter()
            .map(|f| match unchanged(f) {
                Some(i) => Merge::Reuse(i),
                None => match read_article(f) {
                    Ok(p) => Merge::Add(Box::new(p)),
                    Err(w) => Merge::Skip(w),
                },
            })
            .collect()
    };
    let merge =
        |builder: &mut Builder, report: &mut LoadReport, done: Vec<Merge>, chunk: &[Found]| {
            for (r, f) in done.into_iter().zip(chunk) {
                match r {
                    Merge::Reuse(i) => {
                        if let Some(old) = previous {
                            builder.copy(old, i);
                            report.reused += 1;
                        }
                    }
                    Merge::Add(p) => {
                        if let Err(reason) = builder.add(*p) {
                            report.warnings.push(LoadWarning {
                                path: f.path.clone(),
                                reason,
                            });
                        }
                    }
                    Merge::Skip(w) => report.warnings.push(w),
                }
            }
        };
    // The merge is sequential; it runs beside the parsing of the next
    // chunk, so a core that would wait for it parses instead.
    let mut pending: Option<(Vec<Merge>, &[Found])> = None;
    for chunk in files.chunks(PARSE_CHUNK) {
        let (parsed, ()) = rayon::join(
            || parse(chunk),
            || {
                if let Some((done, c)) = pending.take() {
                    merge(&mut builder, &mut report, done, c);
                }
            },
        );
        pending = Some((parsed, chunk));
    }
    if let Some((done, c)) = pending.take() {
        merge(&mut builder, &mut report, done, c);
    }
    let kb = builder.finish();
    report.seconds = started.elapsed().as_secs_f64();
    Ok((kb, report))
}

/// What to do with one file of the folder.
enum Merge {
    Reuse(u32),
    Add(Box<Parsed>),
    Skip(LoadWarning),
}

/// Lists the article files under `dir`, sorted by id, counting what is
/// passed over. Unreadable entries and link loops become warnings.
fn discover(dir: &Path, report: &mut LoadReport) -> Vec<Found> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    let mut it = walker.into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let reason = if err.loop_ancestor().is_some() {
                    "a symbolic link loop".to_string()
                } else {
                    format!(
                        "cannot be read ({})",
                        err.io_error()
                            .map_or_else(|| err.to_string(), |e| e.to_string())
                    )
                };
                report.warnings.push(LoadWarning { path, reason });
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            report.hidden += 1;
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let format = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension);
        let Some(format) = format else {
            report.other_extensions += 1;
            continue;
        };
        let id = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        // Taken before the file is read: if it changes in between, the next
        // reload sees a newer stamp and reads it again.
        let stamp = entry.metadata().ok().as_ref().and_then(Stamp::of);
        files.push(Found {
            path: entry.path().to_path_buf(),
            id,
            format,
            stamp,
        });
    }
    files
}

/// Reads one file with a bounded read, then parses it.
fn read_article(found: &Found) -> std::result::Result<Parsed, LoadWarning> {
    let Found {
        path,
        id,
        format,
        stamp,
    } = found;
    let warn = |reason: String| LoadWarning {
        path: path.to_path_buf(),
        reason,
    };
    let file = File::open(path).map_err(|e| warn(format!("cannot be opened ({e})")))?;
    // Sized by the stamp, so reading grows no buffer (one byte more shows
    // a file that grew past the limit since).
    let expected = stamp.map_or(0, |s| s.len.min(MAX_FILE_BYTES) as usize + 1);
    let mut bytes = Vec::with_capacity(expected);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| warn(format!("cannot be read ({e})")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(warn(format!(
            "larger than {} MB",
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let text = decode(&bytes).map_err(warn)?;
    // A bug in a heuristic must cost one article, never the whole load.
    let mut parsed = std::panic::catch_unwind(|| parse_article(id.clone(), text, *format))
        .unwrap_or_else(|_| Err("could not be parsed (internal error; please report it)".into()))
        .map_err(warn)?;
    parsed.stamp = *stamp;
    Ok(parsed)
}

/// Accepts UTF-8 text (a byte-order mark is dropped); refuses binary data.
pub fn decode(bytes: &[u8]) -> std::result::Result<&str, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty file".into());
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes)".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        )
    })?;
    Ok(text.trim_start_matches('\u{feff}'))
}

/// Parses, cleans, splits and analyzes one article; pure and parallel-safe.
fn parse_article(id: String, text: &str, format: Format) -> std::result::Result<Parsed, String> {
    let article = article::parse(text, format);
    text::with_word_cache(|words| analyze_article(id, article, words))
}

fn analyze_article(
    id: String,
    article: ParsedArticle,
    words: &mut WordCache,
) -> std::result::Result<Parsed, String> {
    let mut p = Parsed {
        id,
        title: String::new(),
        meta: Metadata::default(),
        stamp: None,
        terms: Vec::new(),
        surfaces: Vec::new(),
        text: String::new(),
        sentences: Vec::new(),
        tokens: Vec::new(),
        facts: Vec::new(),
        title_terms: Vec::new(),
    };
    let mut vocab = FileVocab::default();
    let mut memory = NameMemory::default();
    for (n, para) in article.paragraphs.iter().enumerate() {
        for range in sentence::split_sentences(para) {
            let text = &para[range];
            for (_, word) in text.unicode_word_indices() {
                // A folded word that differs from its term is how users may
                // type it; one equal to its term is added at the end.
                if let Some(id) = vocab.term(word, words, &mut p, |f| {
                    f.folded.chars().any(char::is_alphabetic) && f.term != Some(f.folded)
                }) {
                    p.tokens.push(id);
                }
            }
            p.facts.extend(facts::extract(text, &mut memory));
            p.text.push_str(text);
            p.sentences.push(ParsedRow {
                paragraph: n as u32,
                text_end: p.text.len() as u32,
                tokens_end: p.tokens.len() as u32,
                facts_end: p.facts.len() as u32,
            });
        }
    }
    if p.sentences.is_empty() {
        return Err(if article.title.is_empty() {
            "no text after removing clutter".into()
        } else {
            "a title but no body text".into()
        });
    }
    // Title words are typo-correction targets even when they are their own
    // term: a title-only term has no postings to add it at the end.
    vocab.surfaced.clear();
    for (_, word) in article.title.unicode_word_indices() {
        if let Some(id) = vocab.term(word, words, &mut p, |f| {
            f.folded.chars().any(char::is_alphabetic)
        }) {
            p.title_terms.push(id);
        }
    }
    p.title = article.title;
    p.meta = article.meta;
    Ok(p)
}

/// One file's own vocabulary while it is analyzed.
#[derive(Default)]
struct FileVocab {
    /// By cached word first (no hashing of the term), then by term, since
    /// several spellings share one.
    by_word: HashMap<u32, Option<u32>>,
    by_term: HashMap<Box<str>, u32>,
    /// Cached words already listed as surface forms.
    surfaced: HashSet<u32>,
}

impl FileVocab {
    /// The local term id of `word` (`None` for a stop word), listing its
    /// folded form as a surface word when `surface` says so.
    fn term(
        &mut self,
        word: &str,
        words: &mut WordCache,
        p: &mut Parsed,
        surface: fn(&WordForm<'_>) -> bool,
    ) -> Option<u32> {
        let (w, form) = words.lookup(word);
        let id = *self.by_word.entry(w).or_insert_with(|| {
            let term = form.term?;
            Some(*self.by_term.entry(term.into()).or_insert_with(|| {
                p.terms.push(term.into());
                p.terms.len() as u32 - 1
            }))
        });
        if let Some(id) = id
            && surface(&form)
            && self.surfaced.insert(w)
        {
            p.surfaces.push((form.folded.into(), id));
        }
        id
    }
}

/// Files parsed in parallel before their results are merged: enough to
/// keep every core busy, few enough that their parsed form stays small
/// (two chunks are alive at once, one merging while the next parses; 64
/// rather than 256 took 13 MB off the peak at news 10k, at the same speed).
const PARSE_CHUNK: usize = 64;

/// The table under construction. Parsed files are merged one at a time, in
/// id order, so term and sentence ids do not depend on parse scheduling;
/// the index lists are built once at the end from the merged terms.
#[derive(Default)]
struct Builder {
    vocab: HashMap<Box<str>, u32>,
    surface: HashMap<Box<str>, u32>,
    articles: Vec<Article>,
    rows: Vec<Row>,
    text: String,
    tokens: Vec<u8>,
    facts: Vec<Fact>,
}

impl Builder {
    /// A builder whose term ids are those of `old`, so `old`'s articles can
    /// be copied in.
    fn continuing(old: &KnowledgeBase) -> Builder {
        let mut builder = Builder {
            vocab: old.index.vocab.clone(),
            surface: old.index.surface_terms(),
            ..Builder::default()
        };
        // Mostly a copy of `old`: growing by doubling would copy it again.
        builder.reserve(old.text.len(), old.tokens.len(), old.rows.len());
        builder.facts.reserve(old.facts.len());
        builder.articles.reserve(old.articles.len());
        builder
    }

    /// Reserves room for about this much text, terms and sentences.
    fn reserve(&mut self, text: usize, tokens: usize, sentences: usize) {
        self.text.reserve(text);
        self.tokens.reserve(tokens);
        self.rows.reserve(sentences);
    }

    /// Adds a parsed file; refuses one that would take the table's text or
    /// terms past what 32-bit offsets address (4 GB).
    fn add(&mut self, p: Parsed) -> std::result::Result<(), String> {
        if self.text.len() + p.text.len() > u32::MAX as usize
            || self.tokens.len() + 5 * p.tokens.len() > u32::MAX as usize
            || self.facts.len() + p.facts.len() > u32::MAX as usize
        {
            return Err("the table is full (4 GB of text); split the folder".into());
        }
        let ids: Vec<u32> = p.terms.iter().map(|t| intern(&mut self.vocab, t)).collect();
        for (surface, local) in p.surfaces {
            self.surface.entry(surface).or_insert(ids[local as usize]);
        }
        let a = self.articles.len() as u32;
        let first = self.rows.len() as u32;
        let (text, facts) = (self.text.len() as u32, self.facts.len() as u32);
        let (mut text_start, mut tokens_start, mut facts_start) = (0, 0, 0);
        for row in &p.sentences {
            self.rows.push(Row {
                article: a,
                paragraph: row.paragraph,
                text: text + text_start,
                tokens: self.tokens.len() as u32,
                facts: facts + facts_start,
            });
            for &t in &p.tokens[tokens_start as usize..row.tokens_end as usize] {
                varint::push(&mut self.tokens, u64::from(ids[t as usize]));
            }
            (text_start, tokens_start, facts_start) = (row.text_end, row.tokens_end, row.facts_end);
        }
        self.text.push_str(&p.text);
        self.facts.extend_from_slice(&p.facts);
        let mut title_terms: Vec<u32> = p.title_terms.iter().map(|&t| ids[t as usize]).collect();
        title_terms.sort_unstable();
        title_terms.dedup();
        self.articles.push(Article {
            id: p.id,
            title: p.title,
            meta: p.meta,
            sentences: first..self.rows.len() as u32,
            title_terms,
            len: p.tokens.len() as u32,
            stamp: p.stamp,
        });
        Ok(())
    }

    /// Copies article `a` of `old` (whose term ids this builder shares).
    fn copy(&mut self, old: &KnowledgeBase, a: u32) {
        let article = &old.articles[a as usize];
        let new_a = self.articles.len() as u32;
        let first = self.rows.len() as u32;
        let range = article.sentences.clone();
        if !range.is_empty() {
            let head = old.rows[range.start as usize];
            let end = old.rows.get(range.end as usize);
            let text_end = end.map_or(old.text.len(), |r| r.text as usize);
            let tokens_end = end.map_or(old.tokens.len(), |r| r.tokens as usize);
            let facts_end = end.map_or(old.facts.len(), |r| r.facts as usize);
            let (text, tokens, facts) = (
                self.text.len() as u32,
                self.tokens.len() as u32,
                self.facts.len() as u32,
            );
            for row in &old.rows[range.start as usize..range.end as usize] {
                self.rows.push(Row {
                    article: new_a,
                    text: text + (row.text - head.text),
                    tokens: tokens + (row.tokens - head.tokens),
                    facts: facts + (row.facts - head.facts),
                    ..*row
                });
            }
            self.text.push_str(&old.text[head.text as usize..text_end]);
            self.tokens
                .extend_from_slice(&old.tokens[head.tokens as usize..tokens_end]);
            self.facts
                .extend_from_slice(&old.facts[head.facts as usize..facts_end]);
        }
        self.articles.push(Article {
            sentences: first..self.rows.len() as u32,
            ..article.clone()
        });
    }

    fn finish(self) -> KnowledgeBase {
        let Builder {
            vocab,
            surface,
            articles,
            mut rows,
            mut text,
            mut tokens,
            mut facts,
        } = self;
        let mut sentence_starts: Vec<u32> = rows.iter().map(|r| r.tokens).collect();
        sentence_starts.push(tokens.len() as u32);
        let article_sentences: Vec<Range<u32>> =
            articles.iter().map(|a| a.sentences.clone()).collect();
        let titles: Vec<&[u32]> = articles.iter().map(|a| &a.title_terms[..]).collect();
        let index = Index::build(
            vocab,
            surface,
            &Source {
                tokens: &tokens,
                sentence_starts: &sentence_starts,
                article_sentences: &article_sentences,
                titles: &titles,
            },
        );
        drop(titles);
        // The arrays grew by doubling; the table lives as long as the bot.
        rows.shrink_to_fit();
        text.shrink_to_fit();
        tokens.shrink_to_fit();
        facts.shrink_to_fit();
        KnowledgeBase {
            articles,
            rows,
            text,
            tokens,
            facts,
            index,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table's content with term ids replaced by their text, so tables
    /// with different id assignments compare equal when they say the same.
    fn content(kb: &KnowledgeBase) -> Vec<String> {
        let text_of: HashMap<u32, &str> =
            kb.index.vocab.iter().map(|(t, &id)| (id, &**t)).collect();
        let mut out = Vec::new();
        for a in kb.articles() {
            let title: Vec<&str> = a.title_terms.iter().map(|t| text_of[t]).collect();
            out.push(format!(
                "{} {} {:?} {} {:?}",
                a.id, a.title, a.sentences, a.len, title
            ));
        }
        for s in kb.sentences() {
            let terms: Vec<&str> = s.terms.iter().map(|t| text_of[&t]).collect();
            out.push(format!(
                "{} {} {} {} {:?} {:?}",
                s.article, s.paragraph, s.position, s.text, terms, s.facts
            ));
        }
        let mut lists: Vec<String> = kb
            .index
            .vocab
            .iter()
            .filter(|&(_, &id)| kb.index.postings(id).len() + kb.index.title_articles(id).len() > 0)
            .map(|(t, &id)| {
                let postings: Vec<(u32, u32)> = kb.index.postings(id).iter().collect();
                format!(
                    "{t} {postings:?} {:?} {:?} {}",
                    kb.index.article_df(id),
                    kb.index.title_articles(id),
                    kb.index.idf(id)
                )
            })
            .collect();
        lists.sort();
        out.extend(lists);
        out.push(format!(
            "{} {} {} {}",
            kb.index.sentence_count,
            kb.index.article_count,
            kb.index.avg_sentence_len,
            kb.index.avg_article_len
        ));
        out
    }

    fn article(n: usize) -> String {
        format!(
            "Story number {n}\n\nMinister Anna Berg{n} visited Oslo on Monday. \
             She met {n} farmers there.\n\nThe talks ended in March {}.",
            2000 + n
        )
    }

    #[test]
    fn reload_reuses_unchanged_files_and_matches_a_full_load() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..6 {
            std::fs::write(dir.path().join(format!("a{n}.txt")), article(n)).unwrap();
        }
        let (old, _) = KnowledgeBase::load(dir.path()).unwrap();
        let (same, report) = old.reload(dir.path()).unwrap();
        assert_eq!(report.reused, 6, "nothing changed, nothing parsed");
        assert_eq!(content(&same), content(&old));

        // One file edited (new words), one removed, one added in the middle.
        std::fs::write(
            dir.path().join("a2.txt"),
            "Story two rewritten\n\nGlaciers retreated quickly near Tromsø in 1999.",
        )
        .unwrap();
        std::fs::remove_file(dir.path().join("a4.txt")).unwrap();
        std::fs::write(dir.path().join("a3b.txt"), article(9)).unwrap();
        let (reloaded, report) = old.reload(dir.path()).unwrap();
        let (fresh, _) = KnowledgeBase::load(dir.path()).unwrap();
        assert_eq!(report.reused, 4, "a0, a1, a3 and a5 are taken as they were");
        assert_eq!(content(&reloaded), content(&fresh));
        // Typo correction knows every word a fresh load knows, and only words
        // of terms that still occur.
        for (word, id) in fresh.index.surface_words() {
            let t = reloaded
                .index
                .surface_term(word)
                .expect("surface word kept");
            let text = |kb: &KnowledgeBase, id| {
                kb.index
                    .vocab
                    .iter()
                    .find(|&(_, &i)| i == id)
                    .map(|(t, _)| t.clone())
            };
            assert_eq!(text(&reloaded, t), text(&fresh, id));
        }
        for (_, id) in reloaded.index.surface_words() {
            assert!(
                !reloaded.index.postings(id).is_empty()
                    || !reloaded.index.title_articles(id).is_empty()
            );
        }
        assert!(
            reloaded.index.surface_term("berg4").is_none(),
            "a removed file's words are forgotten"
        );
    }

    #[test]
    fn a_file_that_turns_bad_is_dropped_on_reload() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), article(1)).unwrap();
        std::fs::write(dir.path().join("b.txt"), article(2)).unwrap();
        let (old, _) = KnowledgeBase::load(dir.path()).unwrap();
        std::fs::write(dir.path().join("b.txt"), b"\0\x01binary").unwrap();
        let (new, report) = old.reload(dir.path()).unwrap();
        assert_eq!(new.articles().len(), 1);
        assert_eq!(report.reused, 1);
        assert_eq!(report.warnings.len(), 1);
        assert!(report.warnings[0].path.ends_with("b.txt"));
    }

    #[test]
    fn compact_columns_read_back_what_the_analyzer_saw() {
        // Term ids past one varint byte, a run-on sentence past the one-byte
        // length, and articles of one and of many sentences.
        let many: String = (0..400).map(|i| format!("word{i} ")).collect();
        let long = format!("Title\n\n{many}ends here.\n\nShort one. Another one.");
        let texts = [
            ("a.txt", "Alpha\n\nOne sentence only.", Format::Text),
            ("b.txt", long.as_str(), Format::Text),
            ("c.txt", &article(3) as &str, Format::Text),
            ("d.txt", "Delta\n\nWord7 and word399 again.", Format::Text),
        ];
        let kb = KnowledgeBase::from_texts(texts);
        assert!(kb.index.term_count() > 400);
        let text_of: HashMap<u32, &str> =
            kb.index.vocab.iter().map(|(t, &id)| (id, &**t)).collect();
        let mut longest = 0;
        for (id, s) in kb.sentences().enumerate() {
            let analyzed: Vec<String> = text::terms(s.text);
            let stored: Vec<&str> = s.terms.iter().map(|t| text_of[&t]).collect();
            assert_eq!(stored, analyzed, "{}", s.text);
            assert_eq!(s.terms.len(), analyzed.len());
            assert_eq!(kb.index.sentence_len(id as u32) as usize, analyzed.len());
            longest = longest.max(analyzed.len());
        }
        assert!(longest > 255, "a sentence longer than a length byte");
        for (a, article) in kb.articles().iter().enumerate() {
            assert_eq!(kb.index.article_len(a as u32), article.len);
        }
        // The article cursor agrees with the rows, visiting every sentence
        // and visiting a sparse increasing subset.
        for step in [1, 2, 3, 7] {
            let mut cursor = kb.index.article_cursor();
            for s in (0..kb.sentence_count() as u32).step_by(step) {
                assert_eq!(cursor.article(s), kb.article_index_of(s), "{s} by {step}");
            }
        }
    }
}
