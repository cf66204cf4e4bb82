//! Articles held as texts in memory rather than as files — a store's
//! rows: a table built from them through the folder's own pipeline (the
//! same decoding checks, parsing and skip-and-warn rules, and a reload
//! that copies what did not change), and a folder's files read into such
//! texts, each with what the loader made of it (what an import copies).

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use rayon::prelude::*;

use super::builder::{Parsed, parse_article};
use super::files::{self, Stamp};
use super::load::{self, Item};
use super::{Format, KnowledgeBase, LoadReport, LoadWarning, Metadata, SkipReason, decode};
use crate::error::Result;

/// One article as a text: a store's row, or a file read by
/// [`read_documents`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The article's id, as a file's path under its folder ("news/a.txt").
    pub id: String,
    /// The whole text in its format (a page's HTML, a Markdown file...).
    pub text: String,
    /// The format the text is in.
    pub format: Format,
    /// The text's version — when it last changed — when known: a reload
    /// copies the article from the previous table while this is the time
    /// that table read it at (its text is not even looked at then), as it
    /// does a file with the same size and time. A store moves it on every
    /// write.
    pub updated: Option<SystemTime>,
}

impl Source {
    /// The stamp a reload compares: the version alone (a copied
    /// article's text may be left empty).
    fn stamp_of(&self) -> Option<Stamp> {
        self.updated.map(|t| Stamp::new(0, t))
    }
}

impl Item for Source {
    fn id(&self) -> &str {
        &self.id
    }
    fn stamp(&self) -> Option<Stamp> {
        self.stamp_of()
    }
    fn path(&self) -> PathBuf {
        PathBuf::from(&self.id)
    }
    fn parse(&self) -> std::result::Result<Parsed, LoadWarning> {
        let warn = |reason: SkipReason| LoadWarning {
            path: self.path(),
            reason,
        };
        if self.text.len() as u64 > files::MAX_FILE_BYTES {
            return Err(warn(SkipReason::TooLarge));
        }
        // UTF-8 comes back as it is; what this adds is the checks a file
        // gets (empty, binary, control characters).
        let text = decode(self.text.as_bytes(), self.format).map_err(warn)?;
        let mut parsed =
            std::panic::catch_unwind(|| parse_article(self.id.clone(), &text, self.format))
                .unwrap_or(Err(SkipReason::ParserPanicked))
                .map_err(warn)?;
        parsed.stamp = self.stamp_of();
        Ok(parsed)
    }
}

/// One file of a folder read as a text, with what the loader made of it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The id, text and format (`updated` is left to the store).
    pub source: Source,
    /// The title the loader found.
    pub title: String,
    /// URL, date, source and declared language.
    pub meta: Metadata,
    /// The language the table reads it in (ISO 639-1).
    pub language: &'static str,
}

impl KnowledgeBase {
    /// Builds a table from article texts, as [`KnowledgeBase::load`] builds
    /// one from files: a text that would be a skipped file is a warning
    /// naming its id. With `previous`, articles whose `updated` is the one
    /// that table read them at are copied from it.
    /// Ids must be distinct.
    pub fn from_sources(
        mut sources: Vec<Source>,
        previous: Option<&KnowledgeBase>,
    ) -> (KnowledgeBase, LoadReport) {
        let started = Instant::now();
        sources.sort_by(|a, b| a.id.cmp(&b.id));
        let mut report = LoadReport::default();
        let builder = load::start(previous, &sources);
        let kb = load::run(&sources, previous, builder, &mut report);
        report.seconds = started.elapsed().as_secs_f64();
        (kb, report)
    }

    /// Whether this table holds exactly the articles of `sources` (`sources`
    /// in id order; ids, and each `updated` as read): a start from a
    /// snapshot needs nothing more then.
    pub fn holds(&self, sources: &[Source]) -> bool {
        load::is_current(self, sources).is_some()
    }

    /// Whether this table holds article `id` as it was at `updated` (a
    /// reload from sources would copy it, so its text need not be fetched).
    pub fn holds_version(&self, id: &str, updated: SystemTime) -> bool {
        self.articles
            .binary_search_by(|a| a.id.as_str().cmp(id))
            .is_ok_and(|i| self.articles[i].stamp == Some(Stamp::new(0, updated)))
    }
}

/// Reads every article file of `dir` as [`load`](KnowledgeBase::load)
/// would, handing `each` a chunk of documents at a time (in id order), so a
/// large folder is never held whole; files the loader would skip are the
/// report's warnings. Fails only when the folder cannot be read.
pub fn read_documents(dir: &Path, mut each: impl FnMut(Vec<Document>)) -> Result<LoadReport> {
    let started = Instant::now();
    let (mut report, mut files) = load::walk(dir)?;
    files.sort_by(|a, b| a.id.cmp(&b.id));
    // Larger than a load's chunk: a caller's batch is one round trip.
    for chunk in files.chunks(256) {
        let read: Vec<_> = chunk.par_iter().map(read_document).collect();
        let mut docs = Vec::with_capacity(read.len());
        for r in read {
            match r {
                Ok(d) => docs.push(d),
                Err(w) => report.warnings.push(w),
            }
        }
        each(docs);
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// One file as a document, or the warning a load would give.
fn read_document(found: &files::Found) -> std::result::Result<Document, LoadWarning> {
    let warn = |reason: SkipReason| LoadWarning {
        path: found.path.clone(),
        reason,
    };
    let bytes = files::read(found).map_err(warn)?;
    Document::read(found.id.clone(), &bytes, found.format).map_err(warn)
}

impl Document {
    /// An article's bytes as a document with id `id`, or why a load would
    /// skip them: what an import writes for one file, and what an admin's
    /// upload writes to a store.
    pub fn read(
        id: String,
        bytes: &[u8],
        format: Format,
    ) -> std::result::Result<Document, SkipReason> {
        let text = decode(bytes, format)?.into_owned();
        let source = Source {
            id,
            text,
            format,
            updated: None,
        };
        // Parsed from the decoded text, as a load from the store will parse it.
        let kept = source.parse().map_err(|w| w.reason)?.kept();
        Ok(Document {
            source,
            title: kept.title,
            meta: kept.meta,
            language: kept.language,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: usize) -> String {
        format!("Story {n}\n\nMinister Anna Berg{n} visited Oslo on Monday. She met {n} farmers.")
    }

    #[test]
    fn a_folder_read_as_documents_builds_the_table_its_load_builds() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..3 {
            std::fs::write(dir.path().join(format!("a{n}.txt")), text(n)).unwrap();
        }
        std::fs::write(dir.path().join("bad.txt"), b"\0\x01").unwrap();
        let mut docs = Vec::new();
        let report = read_documents(dir.path(), |d| docs.extend(d)).unwrap();
        assert_eq!(report.warnings.len(), 1);
        assert!(report.warnings[0].path.ends_with("bad.txt"));
        assert_eq!(docs[1].title, "Story 1");
        assert_eq!(docs[1].language, "en");
        let sources: Vec<Source> = docs.into_iter().map(|d| d.source).collect();
        let (kb, report) = KnowledgeBase::from_sources(sources, None);
        assert!(report.warnings.is_empty());
        let (folder, _) = KnowledgeBase::load(dir.path()).unwrap();
        let texts = |kb: &KnowledgeBase| {
            kb.sentences()
                .map(|s| s.text.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&kb), texts(&folder));
    }

    #[test]
    fn a_reload_from_sources_copies_what_kept_its_version() {
        let at = |s| SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(s);
        let source = |n: usize, t| Source {
            id: format!("a{n}.txt"),
            text: text(n),
            format: Format::Text,
            updated: Some(at(t)),
        };
        let first = vec![source(0, 1), source(1, 1)];
        let (kb, _) = KnowledgeBase::from_sources(first.clone(), None);
        assert!(kb.holds(&first));
        let mut second = vec![source(0, 1), source(1, 2), source(2, 2)];
        second[1].text.push_str(" More news.");
        assert!(!kb.holds(&second));
        assert!(kb.holds_version("a0.txt", at(1)) && !kb.holds_version("a1.txt", at(2)));
        // A copied article's text is not read.
        second[0].text.clear();
        let (next, report) = KnowledgeBase::from_sources(second, Some(&kb));
        assert_eq!(report.reused, 1, "only a0 is unchanged");
        assert_eq!(next.articles().len(), 3);
        assert!(next.sentences().any(|s| s.text == "More news."));
        // A text with nothing in it is skipped with a warning naming it.
        let blank = Source {
            text: "  ".into(),
            ..source(3, 1)
        };
        let (_, report) = KnowledgeBase::from_sources(vec![blank], None);
        assert_eq!(report.warnings[0].to_string(), "skipped a3.txt: empty file");
    }
}
