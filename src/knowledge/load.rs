//! The load pipeline: a folder's files listed, then read and parsed a
//! chunk at a time on every core while the previous chunk merges, in id
//! order, into a [`Builder`]. On a reload, articles whose files did not
//! change are copied from the previous table instead of parsed again.
//! Reading files is [`super::files`]; analyzing an article and building the
//! table is [`super::builder`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::builder::{Builder, Parsed, parse_article};
use super::files::{self, Found};
use super::{Format, Kept, KnowledgeBase, LoadReport, LoadWarning, SkipReason, Skipped, decode};
use crate::error::{Error, Result};
use crate::ids::ArticleId;

/// Files parsed in parallel before their results are merged: enough to
/// keep every core busy, few enough that their parsed form stays small
/// (two chunks are alive at once, one merging while the next parses; 64
/// rather than 256 took 13 MB off the peak at news 10k, at the same speed).
const PARSE_CHUNK: usize = 64;
/// Discovers, parses and merges the files of `dir`; articles whose file is
/// unchanged since `previous` read it are copied from there instead.
pub(super) fn load_folder(
    dir: &Path,
    previous: Option<&KnowledgeBase>,
) -> Result<(KnowledgeBase, LoadReport)> {
    let started = Instant::now();
    let (mut report, mut files) = walk(dir)?;
    files.sort_by(|a, b| a.id.cmp(&b.id));
    let builder = start(previous, &files);
    let kb = run(&files, previous, builder, &mut report);
    report.seconds = started.elapsed().as_secs_f64();
    Ok((kb, report))
}

/// One article to load, wherever it is held: a file of the folder
/// ([`Found`]) or a text in memory (`super::sources::Source`, a store's row).
pub(super) trait Item: Sync {
    /// The article's id.
    fn id(&self) -> &str;
    /// Its size and modification time, when known.
    fn stamp(&self) -> Option<files::Stamp>;
    /// What a warning about it names.
    fn path(&self) -> PathBuf;
    /// Reads (if need be) and parses it, or says why it is skipped.
    fn parse(&self) -> std::result::Result<Parsed, LoadWarning>;
}

impl Item for Found {
    fn id(&self) -> &str {
        &self.id
    }
    fn stamp(&self) -> Option<files::Stamp> {
        self.stamp
    }
    fn path(&self) -> PathBuf {
        self.path.clone()
    }
    fn parse(&self) -> std::result::Result<Parsed, LoadWarning> {
        read_article(self)
    }
}

/// Parses `items` (sorted by id) a chunk at a time on every core while the
/// previous chunk merges into `builder`, in order; items unchanged since
/// `previous` read them are copied from it (or skipped again, for the
/// reason recorded then).
pub(super) fn run<T: Item>(
    items: &[T],
    previous: Option<&KnowledgeBase>,
    mut builder: Builder,
    report: &mut LoadReport,
) -> KnowledgeBase {
    let mut merged = Merged {
        builder: &mut builder,
        report,
        skipped: Vec::new(),
    };
    // The merge is sequential; it runs beside the parsing of the next
    // chunk, so a core that would wait for it parses instead.
    let mut pending: Option<(Vec<Merge>, &[T])> = None;
    for chunk in items.chunks(PARSE_CHUNK) {
        let (parsed, ()) = rayon::join(
            || parse_chunk(chunk, previous),
            || {
                if let Some((done, c)) = pending.take() {
                    merged.chunk(done, c, previous);
                }
            },
        );
        pending = Some((parsed, chunk));
    }
    if let Some((done, c)) = pending.take() {
        merged.chunk(done, c, previous);
    }
    let skipped = merged.skipped;
    let mut kb = builder.finish();
    kb.skipped = skipped;
    kb
}

/// The article files of `dir`, unsorted, with what the walk passed over;
/// fails when the folder cannot be read.
pub(super) fn walk(dir: &Path) -> Result<(LoadReport, Vec<Found>)> {
    check_folder(dir)?;
    let mut report = LoadReport::default();
    let files = files::discover(dir, &mut report);
    Ok((report, files))
}

/// The article files of `dir` as they are now, with what the walk passed
/// over; `None` when the folder cannot be read or an entry could not be
/// (the snapshot cannot be shown current then).
pub(super) fn list(dir: &Path) -> Option<(Vec<Found>, LoadReport)> {
    let started = Instant::now();
    check_folder(dir).ok()?;
    let mut report = LoadReport::default();
    let mut files = files::discover(dir, &mut report);
    files.sort_by(|a, b| a.id.cmp(&b.id));
    report.seconds = started.elapsed().as_secs_f64();
    report.warnings.is_empty().then_some((files, report))
}

/// Whether `kb` holds exactly the article `files` (as [`list`] found
/// them): each either an article or a file skipped for its content, with
/// the same id and the size and modification time it was read at; if so,
/// the warnings a load would give for the skipped ones. Anything added,
/// changed or removed, or skipped for another reason (nothing recorded to
/// compare with), says no, and a reload follows.
pub(super) fn is_current(kb: &KnowledgeBase, files: &[impl Item]) -> Option<Vec<LoadWarning>> {
    if files.len() != kb.articles.len() + kb.skipped.len() {
        return None;
    }
    let (mut articles, mut skipped) = (kb.articles.iter().peekable(), kb.skipped.iter().peekable());
    let mut warnings = Vec::new();
    for f in files {
        let stamp = f.stamp();
        stamp?;
        if let Some(a) = articles.next_if(|a| a.id == f.id()) {
            (a.stamp == stamp).then_some(())?;
        } else {
            let s = skipped.next_if(|s| s.id == f.id())?;
            (Some(s.stamp) == stamp).then_some(())?;
            warnings.push(LoadWarning {
                path: f.path(),
                reason: s.reason.clone(),
            });
        }
    }
    Some(warnings)
}

/// Fails unless `dir` is a folder that can be read.
fn check_folder(dir: &Path) -> Result<()> {
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
    Ok(())
}

/// The builder for a load of `files`.
pub(super) fn start(previous: Option<&KnowledgeBase>, files: &[impl Item]) -> Builder {
    // The files' size bounds their text; reserving it up front spares the
    // copies of growing by doubling, which at a large folder cost more than
    // the load's parsing (every byte copied, and the doubled array's fresh
    // pages faulted in). Pages reserved and never written cost no memory,
    // and the arrays are trimmed at the end.
    match previous {
        // The previous table's term ids stay valid in the new one, so its
        // articles can be copied without analyzing them again; room is
        // needed for them and for the files that are new or changed.
        Some(old) => {
            let fresh = files.iter().filter(|f| unchanged(previous, *f).is_none());
            Builder::continuing(old, total_bytes(fresh))
        }
        None => {
            let bytes = total_bytes(files.iter());
            let mut builder = Builder::default();
            builder.reserve(bytes, bytes / 4, bytes / 160);
            builder
        }
    }
}

/// The size of `files`, as far as known, capped at what the table holds.
fn total_bytes<'a, T: Item + 'a>(files: impl Iterator<Item = &'a T>) -> usize {
    let bytes: u64 = files.filter_map(|f| f.stamp()).map(|s| s.len).sum();
    usize::try_from(bytes)
        .unwrap_or(usize::MAX)
        .min(u32::MAX as usize)
}

/// What `previous` made of `f` when `f` is as it was when read: the
/// article it holds, or the reason it was skipped for its content.
fn unchanged(previous: Option<&KnowledgeBase>, f: &impl Item) -> Option<Merge> {
    let old = previous?;
    let stamp = f.stamp();
    stamp?;
    if let Ok(i) = old.articles.binary_search_by(|a| a.id.as_str().cmp(f.id())) {
        return (old.articles[i].stamp == stamp).then_some(Merge::Reuse(ArticleId::from_index(i)));
    }
    let i = old
        .skipped
        .binary_search_by(|s| s.id.as_str().cmp(f.id()))
        .ok()?;
    let s = &old.skipped[i];
    (Some(s.stamp) == stamp).then(|| {
        Merge::Skip(LoadWarning {
            path: f.path(),
            reason: s.reason.clone(),
        })
    })
}

/// What to do with one file of the folder.
enum Merge {
    Reuse(ArticleId),
    Add(Box<Parsed>),
    Skip(LoadWarning),
}

/// Reads and parses a chunk of files on every core. Parsed files hold
/// every sentence's text and terms apart from the table; parsing a chunk at
/// a time and merging it before the next keeps only one chunk of them alive.
fn parse_chunk<T: Item>(chunk: &[T], previous: Option<&KnowledgeBase>) -> Vec<Merge> {
    chunk
        .par_iter()
        .map(|f| {
            unchanged(previous, f).unwrap_or_else(|| match f.parse() {
                Ok(p) => Merge::Add(Box::new(p)),
                Err(w) => Merge::Skip(w),
            })
        })
        .collect()
}

/// Where merged chunks go: the table, the report, and the files skipped
/// for their content.
struct Merged<'a> {
    builder: &'a mut Builder,
    report: &'a mut LoadReport,
    skipped: Vec<Skipped>,
}

impl Merged<'_> {
    /// Merges a parsed chunk into the builder, in file order.
    fn chunk(&mut self, done: Vec<Merge>, chunk: &[impl Item], previous: Option<&KnowledgeBase>) {
        for (r, f) in done.into_iter().zip(chunk) {
            let warning = match r {
                Merge::Reuse(i) => {
                    if let Some(old) = previous {
                        self.builder.copy(old, i);
                        self.report.reused += 1;
                    }
                    continue;
                }
                Merge::Add(p) => match self.builder.add(*p) {
                    Ok(()) => continue,
                    Err(reason) => LoadWarning {
                        path: f.path(),
                        reason,
                    },
                },
                Merge::Skip(w) => w,
            };
            if let Some(stamp) = f.stamp()
                && warning.reason.is_of_content()
            {
                self.skipped.push(Skipped {
                    id: f.id().to_string(),
                    stamp,
                    reason: warning.reason.clone(),
                });
            }
            self.report.warnings.push(warning);
        }
    }
}

/// Reads one file with a bounded read, then parses it.
fn read_article(found: &Found) -> std::result::Result<Parsed, LoadWarning> {
    let warn = |reason: SkipReason| LoadWarning {
        path: found.path.clone(),
        reason,
    };
    let bytes = files::read(found).map_err(warn)?;
    let text = decode(&bytes, found.format).map_err(warn)?;
    // A bug in a heuristic must cost one article, never the whole load.
    let mut parsed =
        std::panic::catch_unwind(|| parse_article(found.id.clone(), &text, found.format))
            .unwrap_or(Err(SkipReason::ParserPanicked))
            .map_err(warn)?;
    parsed.stamp = found.stamp;
    Ok(parsed)
}

/// What a load keeps of the file at `path`, read and analyzed exactly as
/// a load reads it (`articlebot show`), or why a load skips it.
pub fn keep(path: &Path) -> std::result::Result<Kept, SkipReason> {
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
        .ok_or(SkipReason::OtherFormat)?;
    let meta = std::fs::metadata(path).map_err(|e| SkipReason::Unopenable(Arc::new(e)))?;
    let found = Found {
        path: path.to_path_buf(),
        id: path.to_string_lossy().into_owned(),
        format,
        stamp: files::Stamp::of(&meta),
    };
    read_article(&found).map(Parsed::kept).map_err(|w| w.reason)
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashMap as HashMap;

    use super::*;
    use crate::ids::TermId;

    /// The table's content with term ids replaced by their text, so tables
    /// with different id assignments compare equal when they say the same.
    fn content(kb: &KnowledgeBase) -> Vec<String> {
        let text_of: HashMap<TermId, &str> =
            kb.index.vocab.iter().map(|(t, &id)| (id, &**t)).collect();
        let mut out = Vec::new();
        for a in kb.articles() {
            // Title terms are kept in id order, which differs between tables.
            let mut title: Vec<&str> = a.title_terms.iter().map(|t| text_of[t]).collect();
            title.sort_unstable();
            out.push(format!(
                "{} {} {:?} {} {:?}",
                a.id, a.title, a.sentences, a.len, title
            ));
        }
        for s in kb.sentences() {
            let terms: Vec<&str> = s.terms.iter().map(|t| text_of[&t]).collect();
            out.push(format!(
                "{:?} {} {} {} {:?} {:?}",
                s.article, s.paragraph, s.position, s.text, terms, s.facts
            ));
        }
        let mut lists: Vec<String> = kb
            .index
            .vocab
            .iter()
            .filter(|&(_, &id)| kb.index.is_live(id))
            .map(|(t, &id)| {
                let postings: Vec<_> = kb.index.postings(id).iter().collect();
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
            assert!(reloaded.index.is_live(id));
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
    fn reload_after_deleting_every_file_gives_an_empty_table() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), article(1)).unwrap();
        let (old, _) = KnowledgeBase::load(dir.path()).unwrap();
        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        let (empty, report) = old.reload(dir.path()).expect("an empty folder reloads");
        assert!(empty.articles().is_empty() && empty.is_empty());
        assert_eq!(report.reused, 0);
        // And the empty table reloads into a full one again.
        std::fs::write(dir.path().join("b.txt"), article(2)).unwrap();
        let (again, _) = empty.reload(dir.path()).unwrap();
        let (fresh, _) = KnowledgeBase::load(dir.path()).unwrap();
        assert_eq!(content(&again), content(&fresh));
    }
}
