//! Loading a folder of article files into an immutable [`KnowledgeBase`]:
//! the articles, their sentences with the facts found in them, and the
//! inverted index over them. Files are parsed in parallel (rayon), then
//! merged in path order so a load is deterministic. Loading never fails
//! because of one bad file: it returns warnings beside the table.

pub mod article;
pub mod clean;
pub mod sentence;

use rustc_hash::FxHashMap as HashMap;
use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::facts::{self, Fact, FactKind, NameMemory};
use crate::index::{Index, Posting};
use crate::text;
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
    /// The analyzed terms of the title.
    #[serde(skip)]
    pub title_terms: Vec<u32>,
    /// Number of body terms (for article-level BM25).
    #[serde(skip)]
    pub len: u32,
}

/// One sentence with where it came from and what it says.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Index of the article.
    pub article: u32,
    /// Paragraph number inside the article, from 0.
    pub paragraph: u32,
    /// Sentence number inside the article, from 0.
    pub position: u32,
    /// The original text, as replies show it.
    pub text: Box<str>,
    /// The sentence's analyzed terms, in order (term ids).
    pub terms: Box<[u32]>,
    /// Facts found in the sentence.
    pub facts: Vec<Fact>,
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
    /// Wall-clock seconds the load took.
    pub seconds: f64,
}

/// The keyword-and-fact table: immutable once built, shared as `Arc`.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    articles: Vec<Article>,
    sentences: Vec<Sentence>,
    index: Index,
}

/// One file read and parsed, ready to merge.
struct Parsed {
    id: String,
    article: ParsedArticle,
    sentences: Vec<ParsedSentence>,
}

struct ParsedSentence {
    paragraph: u32,
    text: String,
    terms: Vec<String>,
    surfaces: Vec<(String, String)>,
    facts: Vec<Fact>,
}

impl KnowledgeBase {
    /// Loads every article file under `dir` (subfolders included; hidden
    /// entries and other extensions ignored). Fails only when the folder
    /// cannot be read or no article could be loaded.
    pub fn load(dir: &Path) -> Result<(KnowledgeBase, LoadReport)> {
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
        files.sort_by(|a, b| a.1.cmp(&b.1));
        // Parsed files hold every word as a String (terms, surface forms):
        // many times the size of the finished table. Parsing a chunk at a
        // time and merging it before the next keeps only one chunk of them
        // alive, so peak memory is the table plus a chunk, not the whole
        // folder's intermediate form.
        let mut builder = Builder::default();
        for chunk in files.chunks(PARSE_CHUNK) {
            let results: Vec<std::result::Result<Parsed, LoadWarning>> = chunk
                .par_iter()
                .map(|(path, id, format)| read_article(path, id, *format))
                .collect();
            for r in results {
                match r {
                    Ok(p) => builder.add(p),
                    Err(w) => report.warnings.push(w),
                }
            }
        }
        if builder.articles.is_empty() {
            return Err(Error::NoArticles {
                path: dir.to_path_buf(),
                skipped: report.warnings.len(),
            });
        }
        let kb = builder.finish();
        report.seconds = started.elapsed().as_secs_f64();
        Ok((kb, report))
    }

    /// Builds a table from in-memory texts: `(id, text, format)` triples.
    /// Texts with no content are left out. For tests, fuzzing and embedding.
    pub fn from_texts<'a>(
        texts: impl IntoIterator<Item = (&'a str, &'a str, Format)>,
    ) -> KnowledgeBase {
        let parsed = texts
            .into_iter()
            .filter_map(|(id, text, format)| parse_article(id.to_string(), text, format).ok())
            .collect();
        build(parsed)
    }

    /// The articles, in id order.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// All sentences, article by article.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// One sentence by index.
    pub fn sentence(&self, id: u32) -> &Sentence {
        &self.sentences[id as usize]
    }

    /// The article a sentence belongs to.
    pub fn article_of(&self, sentence: u32) -> &Article {
        &self.articles[self.sentences[sentence as usize].article as usize]
    }

    /// The inverted index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Every fact with the sentence it was found in, in table order.
    pub fn facts(&self) -> impl Iterator<Item = (&Sentence, &Fact)> {
        self.sentences
            .iter()
            .flat_map(|s| s.facts.iter().map(move |f| (s, f)))
    }

    /// Number of facts of each kind.
    pub fn fact_counts(&self) -> Vec<(FactKind, usize)> {
        let mut counts: HashMap<FactKind, usize> = HashMap::default();
        for s in &self.sentences {
            for f in &s.facts {
                *counts.entry(f.kind).or_default() += 1;
            }
        }
        FactKind::ALL
            .iter()
            .map(|k| (*k, counts.get(k).copied().unwrap_or(0)))
            .collect()
    }

    /// Whether the table is empty (no sentences).
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }
}

/// Lists the article files under `dir`, sorted by id, counting what is
/// passed over. Unreadable entries and link loops become warnings.
fn discover(dir: &Path, report: &mut LoadReport) -> Vec<(PathBuf, String, Format)> {
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
        files.push((entry.path().to_path_buf(), id, format));
    }
    files
}

/// Reads one file with a bounded read, then parses it.
fn read_article(path: &Path, id: &str, format: Format) -> std::result::Result<Parsed, LoadWarning> {
    let warn = |reason: String| LoadWarning {
        path: path.to_path_buf(),
        reason,
    };
    let file = File::open(path).map_err(|e| warn(format!("cannot be opened ({e})")))?;
    let mut bytes = Vec::new();
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
    std::panic::catch_unwind(|| parse_article(id.to_string(), text, format))
        .unwrap_or_else(|_| Err("could not be parsed (internal error; please report it)".into()))
        .map_err(warn)
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
    let mut sentences = Vec::new();
    let mut memory = NameMemory::default();
    for (p, para) in article.paragraphs.iter().enumerate() {
        for range in sentence::split_sentences(para) {
            let text = &para[range];
            let mut terms = Vec::new();
            let mut surfaces = Vec::new();
            for token in text::analyze(text) {
                let surface = text::fold_word(&text[token.start..token.end]);
                if surface.chars().any(char::is_alphabetic) && surface != token.term {
                    surfaces.push((surface, token.term.clone()));
                }
                terms.push(token.term);
            }
            let facts = facts::extract(text, &mut memory);
            sentences.push(ParsedSentence {
                paragraph: p as u32,
                text: text.to_string(),
                terms,
                surfaces,
                facts,
            });
        }
    }
    if sentences.is_empty() {
        return Err(if article.title.is_empty() {
            "no text after removing clutter".into()
        } else {
            "a title but no body text".into()
        });
    }
    Ok(Parsed {
        id,
        article,
        sentences,
    })
}

/// Files parsed in parallel before their results are merged: enough to
/// keep every core busy, few enough that their parsed form stays small.
const PARSE_CHUNK: usize = 256;

/// Merges parsed articles (any order) into one table, in id order.
fn build(mut parsed: Vec<Parsed>) -> KnowledgeBase {
    parsed.sort_by(|a, b| a.id.cmp(&b.id));
    let mut builder = Builder::default();
    for p in parsed {
        builder.add(p);
    }
    builder.finish()
}

/// The table under construction. Parsed files are merged one at a time, in
/// id order, interning terms and building postings in a single pass, so
/// term and sentence ids do not depend on parse scheduling.
#[derive(Default)]
struct Builder {
    index: Index,
    articles: Vec<Article>,
    sentences: Vec<Sentence>,
    total_terms: u64,
}

impl Builder {
    fn add(&mut self, p: Parsed) {
        let Builder {
            index,
            articles,
            sentences,
            total_terms,
        } = self;
        let a_idx = articles.len() as u32;
        let first = sentences.len() as u32;
        let mut article_tf: HashMap<u32, u32> = HashMap::default();
        for s in p.sentences {
            let s_idx = sentences.len() as u32;
            let ids: Vec<u32> = s.terms.iter().map(|t| index.intern(t)).collect();
            let mut tf: Vec<(u32, u32)> = Vec::new();
            for &id in &ids {
                match tf.iter_mut().find(|(t, _)| *t == id) {
                    Some((_, n)) => *n += 1,
                    None => tf.push((id, 1)),
                }
            }
            for (id, n) in tf {
                index.terms[id as usize].postings.push(Posting {
                    sentence: s_idx,
                    tf: n,
                });
                *article_tf.entry(id).or_default() += n;
            }
            for (surface, term) in s.surfaces {
                let id = index.intern(&term);
                index.surface.entry(surface.into_boxed_str()).or_insert(id);
            }
            *total_terms += ids.len() as u64;
            sentences.push(Sentence {
                article: a_idx,
                paragraph: s.paragraph,
                position: s_idx - first,
                text: s.text.into_boxed_str(),
                terms: ids.into_boxed_slice(),
                facts: s.facts,
            });
        }
        let mut len = 0;
        let mut by_term: Vec<(u32, u32)> = article_tf.into_iter().collect();
        by_term.sort_unstable();
        for (id, n) in by_term {
            index.terms[id as usize].articles.push((a_idx, n));
            len += n;
        }
        // One pass over the title: its terms, and its words for typo correction.
        let mut title_terms = Vec::new();
        for token in text::analyze(&p.article.title) {
            let surface = text::fold_word(&p.article.title[token.start..token.end]);
            let id = index.intern(&token.term);
            if surface.chars().any(char::is_alphabetic) {
                index.surface.entry(surface.into_boxed_str()).or_insert(id);
            }
            title_terms.push(id);
        }
        title_terms.sort_unstable();
        title_terms.dedup();
        for &id in &title_terms {
            index.terms[id as usize].titles.push(a_idx);
        }
        articles.push(Article {
            id: p.id,
            title: p.article.title,
            meta: p.article.meta,
            sentences: first..sentences.len() as u32,
            title_terms,
            len,
        });
    }

    fn finish(self) -> KnowledgeBase {
        let Builder {
            mut index,
            articles,
            sentences,
            total_terms,
        } = self;
        // Terms are their own surface form for words that stem to themselves.
        let plain: Vec<(Box<str>, u32)> = index
            .terms
            .iter()
            .enumerate()
            .filter(|(_, t)| t.text.chars().any(char::is_alphabetic) && !t.postings.is_empty())
            .map(|(i, t)| (t.text.clone(), i as u32))
            .collect();
        for (w, id) in plain {
            index.surface.entry(w).or_insert(id);
        }
        index.sentence_count = sentences.len() as u32;
        index.article_count = articles.len() as u32;
        index.avg_sentence_len = if sentences.is_empty() {
            0.0
        } else {
            total_terms as f32 / sentences.len() as f32
        };
        index.avg_article_len = if articles.is_empty() {
            0.0
        } else {
            total_terms as f32 / articles.len() as f32
        };
        KnowledgeBase {
            articles,
            sentences,
            index,
        }
    }
}
