//! The table's snapshot on disk: written after a load, opened at the next
//! start instead of parsing the folder again. This module owns the file
//! format, writing it (temporary file, then rename) and opening it; which
//! files changed since is `load::is_current`'s question, and where the
//! cache lives is `cache`'s.
//!
//! Layout (all little-endian): a 64-byte header (magic, format version,
//! section count, the build's fingerprint, the file's length, a CRC-32 of
//! everything but the CRC itself), a table of sections (offset and length
//! in bytes), then the sections, each starting on an 8-byte boundary. The
//! table's flat arrays (texts, term ids, rows, facts, postings, counts,
//! lengths, article starts) are sections stored as their bytes, so opening
//! maps the file and serves them in place ([`Column`]). The small records
//! (articles, languages, the vocabulary and surface words, a few figures)
//! are one section in the `codec` encoding, decoded at open: the hash maps
//! must be rebuilt anyway, and at 50,000 articles this is the part of an
//! open that costs time.
//!
//! A snapshot is never trusted blindly: a short file, another magic,
//! version or build fingerprint, a checksum mismatch, or arrays that do
//! not fit together is a [`SnapshotError`], and the caller rebuilds.

mod cache;
mod codec;

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use memmap2::Mmap;
use rustc_hash::FxHashMap as HashMap;

use super::files::Stamp;
use super::{Article, KnowledgeBase, LoadReport, Metadata, Row};
use crate::column::{self, Column, Plain, TextColumn};
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::index::{Index, Lists, Surface};
use crate::text::Lang;
use codec::{Reader, Writer};

pub use cache::{SNAPSHOT_FILE, beside, choose_cache_dir, default_cache_dir, writable};

/// The first bytes of every snapshot.
const MAGIC: [u8; 8] = *b"ABOTSNAP";
/// The format's version: bump it whenever the layout changes.
pub(crate) const VERSION: u32 = 1;
/// Bytes of the header.
const HEADER: usize = 64;
/// Where the CRC sits in the header.
const CRC_AT: usize = 32;
/// Number of sections.
const SECTIONS: usize = 14;

/// What the build's fingerprint (`build.rs`) says: a snapshot made by a
/// build with another analyzer, word lists or crate versions is refused.
fn build_fingerprint() -> u64 {
    u64::from_str_radix(env!("ARTICLEBOT_TABLE_BUILD"), 16).unwrap_or(0)
}

/// Why a snapshot was not used (the table is then built from the folder).
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// There is no snapshot yet.
    #[error("there is no snapshot")]
    Missing,
    /// The file could not be opened or mapped.
    #[error("cannot read the snapshot")]
    Unreadable(#[source] io::Error),
    /// The file is shorter than its header says.
    #[error("the snapshot is truncated")]
    Truncated,
    /// The file does not start as a snapshot does.
    #[error("the file is not a table snapshot")]
    NotSnapshot,
    /// The file is of another format version.
    #[error("the snapshot is of format version {0}, this build reads version {VERSION}")]
    Version(u32),
    /// The file was made by a build with other settings.
    #[error("the snapshot was made by another build (analyzer, word lists or settings differ)")]
    OtherBuild,
    /// The file is of another knowledge folder.
    #[error("the snapshot is of another knowledge folder")]
    OtherFolder,
    /// The checksum does not match.
    #[error("the snapshot's checksum does not match: it is corrupt")]
    Checksum,
    /// The parts do not fit together.
    #[error("the snapshot is inconsistent ({0})")]
    Malformed(&'static str),
}

/// How a table was started.
#[derive(Debug)]
pub enum Start {
    /// Served from the snapshot as it was: no file had changed.
    Snapshot,
    /// Opened from the snapshot, then the files changed since were read.
    Updated,
    /// Built from the folder, the snapshot not used for the reason given.
    Rebuilt(SnapshotError),
}

/// A malformed-snapshot error.
fn bad(what: &'static str) -> SnapshotError {
    SnapshotError::Malformed(what)
}

impl KnowledgeBase {
    /// Starts the table of `dir` from the snapshot at `snapshot` when it is
    /// valid, reading only the files changed since it was written; else
    /// (missing, corrupt, of another build...) loads the folder, with one
    /// warning logged when a snapshot was there but unusable. The snapshot
    /// is rewritten whenever the table differs from it; failing to write
    /// it is logged, never fatal.
    pub fn load_cached(
        dir: &Path,
        snapshot: &Path,
    ) -> crate::Result<(KnowledgeBase, LoadReport, Start)> {
        let started = std::time::Instant::now();
        // The snapshot is checked on one core while the folder is listed
        // (and the related-words table parsed) on the other.
        let (opened, (listed, ())) = rayon::join(
            || KnowledgeBase::open_snapshot(snapshot, dir),
            || {
                rayon::join(
                    || super::load::list(dir),
                    || {
                        crate::related::table();
                    },
                )
            },
        );
        let (kb, report, start) = match opened {
            Ok(kb) => match listed {
                Some((files, mut report)) if super::load::is_current(&kb, &files) => {
                    report.reused = kb.articles.len();
                    // The whole start, the open included.
                    report.seconds = started.elapsed().as_secs_f64();
                    return Ok((kb, report, Start::Snapshot));
                }
                _ => {
                    let (kb, mut report) = kb.reload(dir)?;
                    report.seconds = started.elapsed().as_secs_f64();
                    (kb, report, Start::Updated)
                }
            },
            Err(why) => {
                if !matches!(why, SnapshotError::Missing) {
                    tracing::warn!(
                        "ignoring the table snapshot {}: {}; building the table from the folder",
                        snapshot.display(),
                        error_chain(&why)
                    );
                }
                let (kb, report) = KnowledgeBase::load(dir)?;
                (kb, report, Start::Rebuilt(why))
            }
        };
        if let Err(e) = kb.save_snapshot(dir, snapshot) {
            tracing::warn!(
                "cannot write the table snapshot {}: {e}",
                snapshot.display()
            );
        }
        Ok((kb, report, start))
    }

    /// Writes this table's snapshot, as the table of folder `dir`, to
    /// `path`: into a temporary file beside it, then renamed over it, so a
    /// reader sees the old snapshot or the new one, never half of one.
    /// Creates the folder of `path` if needed.
    pub fn save_snapshot(&self, dir: &Path, path: &Path) -> io::Result<()> {
        if cfg!(target_endian = "big") {
            // The format is little-endian and columns are stored as their
            // bytes; a big-endian host simply does without a cache.
            return Ok(());
        }
        let folder = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder)?;
        let name = path
            .file_name()
            .map_or("snapshot".into(), |n| n.to_string_lossy());
        let temp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
        let written = File::create(&temp).and_then(|f| self.write_snapshot(f, &folder_key(dir)));
        match written.and_then(|()| std::fs::rename(&temp, path)) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                Err(e)
            }
        }
    }

    /// Opens the snapshot at `path` of folder `dir`, serving its arrays in
    /// place. Checks everything but whether the folder's files changed.
    pub fn open_snapshot(path: &Path, dir: &Path) -> Result<KnowledgeBase, SnapshotError> {
        let file = File::open(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => SnapshotError::Missing,
            _ => SnapshotError::Unreadable(e),
        })?;
        let len = file.metadata().map_err(SnapshotError::Unreadable)?.len();
        if len < HEADER as u64 {
            return Err(SnapshotError::Truncated);
        }
        let map = column::map_file(&file).map_err(SnapshotError::Unreadable)?;
        read(&map, Some(&folder_key(dir)))
    }

    /// Reads a snapshot from bytes, whatever folder it was made of: for
    /// tests and fuzzing, which feed it anything and expect an error, never
    /// a panic.
    pub fn from_snapshot_bytes(bytes: &[u8]) -> Result<KnowledgeBase, SnapshotError> {
        if bytes.len() < HEADER {
            return Err(SnapshotError::Truncated);
        }
        let map = column::map_bytes(bytes).map_err(SnapshotError::Unreadable)?;
        read(&map, None)
    }

    /// Writes the snapshot to `file` (see the module documentation).
    fn write_snapshot(&self, file: File, folder: &str) -> io::Result<()> {
        let meta = self.encode_meta(folder);
        let index = &self.index;
        let sections: [&[u8]; SECTIONS] = [
            &meta,
            self.text.column().as_bytes(),
            self.tokens.as_bytes(),
            self.rows.as_bytes(),
            self.facts.as_bytes(),
            index.postings.starts.as_bytes(),
            index.postings.items.as_bytes(),
            index.df.as_bytes(),
            index.article_df.as_bytes(),
            index.titles.starts.as_bytes(),
            index.titles.items.as_bytes(),
            index.sentence_lens.as_bytes(),
            index.article_lens.as_bytes(),
            index.article_starts.as_bytes(),
        ];
        let mut table = Vec::with_capacity(SECTIONS * 16);
        let mut at = (HEADER + SECTIONS * 16) as u64;
        for s in &sections {
            table.extend_from_slice(&at.to_le_bytes());
            table.extend_from_slice(&(s.len() as u64).to_le_bytes());
            at = (at + s.len() as u64).next_multiple_of(8);
        }
        let total = at;
        let mut header = [0u8; HEADER];
        header[..8].copy_from_slice(&MAGIC);
        header[8..12].copy_from_slice(&VERSION.to_le_bytes());
        header[12..16].copy_from_slice(&(SECTIONS as u32).to_le_bytes());
        header[16..24].copy_from_slice(&build_fingerprint().to_le_bytes());
        header[24..32].copy_from_slice(&total.to_le_bytes());
        // The CRC covers the header around it and everything after.
        let mut crc = crc32fast::Hasher::new();
        crc.update(&header[..CRC_AT]);
        crc.update(&header[CRC_AT + 4..]);
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(&header)?;
        let mut put = |out: &mut BufWriter<File>, bytes: &[u8]| -> io::Result<()> {
            crc.update(bytes);
            out.write_all(bytes)
        };
        put(&mut out, &table)?;
        let mut written = (HEADER + table.len()) as u64;
        for s in &sections {
            put(&mut out, s)?;
            written += s.len() as u64;
            let pad = written.next_multiple_of(8) - written;
            put(&mut out, &[0u8; 8][..pad as usize])?;
            written += pad;
        }
        debug_assert_eq!(written, total);
        let crc = crc.finalize();
        out.seek(SeekFrom::Start(CRC_AT as u64))?;
        out.write_all(&crc.to_le_bytes())?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        // On disk before the rename makes it the snapshot: after a crash
        // the checksum would refuse a torn file anyway, but a whole one
        // spares the next start a cold load.
        file.sync_all()
    }

    /// The small records, in the `codec` encoding.
    fn encode_meta(&self, folder: &str) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(folder);
        w.len(self.articles.len());
        for a in &self.articles {
            w.str(&a.id);
            w.str(&a.title);
            w.opt_str(a.meta.url.as_deref());
            w.opt_str(a.meta.date.as_deref());
            w.opt_str(a.meta.source.as_deref());
            w.opt_str(a.meta.lang.as_deref());
            w.str(a.lang.inner().code());
            w.u32(a.sentences.start.0);
            w.u32(a.sentences.end.0);
            w.len(a.title_terms.len());
            for t in &a.title_terms {
                w.u32(t.0);
            }
            w.u32(a.len);
            match a.stamp.map(Stamp::to_parts) {
                Some((len, secs, nanos)) => {
                    w.u8(1);
                    w.u64(len);
                    w.u64(secs as u64);
                    w.u32(nanos);
                }
                None => w.u8(0),
            }
        }
        w.len(self.langs.len());
        for l in &self.langs {
            w.str(l.inner().code());
        }
        let index = &self.index;
        // Term ids number the vocabulary densely from 0 (`intern`).
        let mut terms: Vec<&str> = vec![""; index.vocab.len()];
        for (t, id) in &index.vocab {
            terms[id.index()] = t;
        }
        w.len(terms.len());
        for t in terms {
            w.str(t);
        }
        w.len(index.surface.len());
        for (word, term) in index.surface_words() {
            w.str(word);
            w.u32(term.0);
        }
        w.len(index.long_sentences.len());
        for (s, n) in &index.long_sentences {
            w.u32(s.0);
            w.u32(*n);
        }
        w.u64(index.live_terms as u64);
        w.u32(index.avg_sentence_len.to_bits());
        w.u32(index.avg_article_len.to_bits());
        w.u32(index.sentence_count);
        w.u32(index.article_count);
        w.0
    }
}

/// The folder as a snapshot records it: its canonical path where there is
/// one, so `./knowledge` and `/srv/bot/knowledge` are the same folder.
fn folder_key(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// An error with its causes, as one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Reads the snapshot in `map`; `folder` (when given) must be the one it
/// was made of.
fn read(map: &Arc<Mmap>, folder: Option<&str>) -> Result<KnowledgeBase, SnapshotError> {
    if cfg!(target_endian = "big") {
        return Err(SnapshotError::NotSnapshot);
    }
    let bytes: &[u8] = map;
    if bytes.len() < HEADER {
        return Err(SnapshotError::Truncated);
    }
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4]));
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]));
    if bytes[..8] != MAGIC {
        return Err(SnapshotError::NotSnapshot);
    }
    let version = u32_at(8);
    if version != VERSION {
        return Err(SnapshotError::Version(version));
    }
    if u64_at(16) != build_fingerprint() {
        return Err(SnapshotError::OtherBuild);
    }
    if u64_at(24) != bytes.len() as u64 || u32_at(12) as usize != SECTIONS {
        return Err(SnapshotError::Truncated);
    }
    if bytes.len() < HEADER + SECTIONS * 16 {
        return Err(SnapshotError::Truncated);
    }
    let checksum_matches = || {
        let mut crc = crc32fast::Hasher::new();
        crc.update(&bytes[..CRC_AT]);
        crc.update(&bytes[CRC_AT + 4..]);
        crc.finalize() == u32_at(CRC_AT)
    };
    let mut sections = [(0usize, 0usize); SECTIONS];
    for (i, s) in sections.iter_mut().enumerate() {
        let at = usize::try_from(u64_at(HEADER + 16 * i)).ok();
        let len = usize::try_from(u64_at(HEADER + 16 * i + 8)).ok();
        match (at, len) {
            (Some(at), Some(len)) if at.checked_add(len).is_some_and(|e| e <= bytes.len()) => {
                *s = (at, len);
            }
            // A damaged section table is corruption the checksum names.
            _ if !checksum_matches() => return Err(SnapshotError::Checksum),
            _ => return Err(bad("a section past the end")),
        }
    }
    let column = |i: usize| ColumnAt(map, sections[i]);
    // The checksum on one core, the records and the text's UTF-8 on the
    // other: decoding is safe on any bytes, and its result is dropped
    // unless the checksum matches.
    let (checksum, (meta, text)) = rayon::join(checksum_matches, || {
        let (at, len) = sections[0];
        let meta = decode_meta(&bytes[at..at + len]);
        let text = column(1).get::<u8>().ok().and_then(TextColumn::new);
        (meta, text)
    });
    if !checksum {
        return Err(SnapshotError::Checksum);
    }
    let meta = meta.ok_or(bad("the records"))?;
    if folder.is_some_and(|f| f != meta.folder) {
        return Err(SnapshotError::OtherFolder);
    }
    let text = text.ok_or(bad("the text is not UTF-8"))?;
    let index = Index {
        vocab: meta.vocab,
        surface: meta.surface,
        postings: Lists {
            starts: column(5).get()?,
            items: column(6).get()?,
        },
        df: column(7).get()?,
        article_df: column(8).get()?,
        titles: Lists {
            starts: column(9).get()?,
            items: column(10).get()?,
        },
        sentence_lens: column(11).get()?,
        long_sentences: meta.long_sentences,
        article_lens: column(12).get()?,
        article_starts: column(13).get()?,
        live_terms: meta.live_terms,
        avg_sentence_len: meta.avg_sentence_len,
        avg_article_len: meta.avg_article_len,
        sentence_count: meta.sentence_count,
        article_count: meta.article_count,
    };
    let kb = KnowledgeBase {
        article_langs: meta.articles.iter().map(|a| a.lang).collect(),
        articles: meta.articles,
        langs: meta.langs,
        rows: column(3).get()?,
        text,
        tokens: column(2).get()?,
        facts: column(4).get()?,
        index,
    };
    check(&kb)?;
    Ok(kb)
}

/// One section of a mapped snapshot, to be read as a column.
struct ColumnAt<'a>(&'a Arc<Mmap>, (usize, usize));

impl ColumnAt<'_> {
    /// The section as a column of `T`.
    fn get<T: Plain>(&self) -> Result<Column<T>, SnapshotError> {
        let (at, len) = self.1;
        let size = std::mem::size_of::<T>();
        if !len.is_multiple_of(size) {
            return Err(bad("a column of part values"));
        }
        Column::mapped(self.0, at, len / size).ok_or(bad("a column's values"))
    }
}

/// The small records of a snapshot, decoded.
struct Meta {
    folder: String,
    articles: Vec<Article>,
    langs: Vec<Lang>,
    vocab: HashMap<Box<str>, TermId>,
    surface: HashMap<Box<str>, Surface>,
    long_sentences: HashMap<SentenceId, u32>,
    live_terms: usize,
    avg_sentence_len: f32,
    avg_article_len: f32,
    sentence_count: u32,
    article_count: u32,
}

/// A language from the detector's code a snapshot stores.
fn lang_of(code: &str) -> Option<Lang> {
    let inner = whatlang::Lang::from_code(code)?;
    Lang::parse(code).filter(|l| l.inner() == inner)
}

/// Decodes the small records (`None` when they are not what was written).
fn decode_meta(bytes: &[u8]) -> Option<Meta> {
    let mut r = Reader(bytes);
    let folder = r.str()?.to_string();
    let n = r.count(40)?;
    let mut articles = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.str()?.to_string();
        let title = r.str()?.to_string();
        let own = |s: Option<&str>| s.map(str::to_string);
        let meta = Metadata {
            url: own(r.opt_str()?),
            date: own(r.opt_str()?),
            source: own(r.opt_str()?),
            lang: own(r.opt_str()?),
        };
        let lang = lang_of(r.str()?)?;
        let sentences = SentenceId(r.u32()?)..SentenceId(r.u32()?);
        let terms = r.count(4)?;
        let mut title_terms = Vec::with_capacity(terms);
        for _ in 0..terms {
            title_terms.push(TermId(r.u32()?));
        }
        let len = r.u32()?;
        let stamp = match r.u8()? {
            0 => None,
            1 => Some(Stamp::from_parts(r.u64()?, r.u64()? as i64, r.u32()?)?),
            _ => return None,
        };
        articles.push(Article {
            id,
            title,
            meta,
            lang,
            sentences,
            title_terms,
            len,
            stamp,
        });
    }
    let n = r.count(4)?;
    let mut langs = Vec::with_capacity(n);
    for _ in 0..n {
        langs.push(lang_of(r.str()?)?);
    }
    let n = r.count(4)?;
    let mut vocab = HashMap::with_capacity_and_hasher(n, Default::default());
    for i in 0..n {
        vocab.insert(Box::from(r.str()?), TermId::from_index(i));
    }
    let n = r.count(8)?;
    let mut surface = HashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        let word = r.str()?;
        let term = TermId(r.u32()?);
        surface.insert(Box::from(word), Surface::new(word, term));
    }
    let n = r.count(8)?;
    let mut long_sentences = HashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        long_sentences.insert(SentenceId(r.u32()?), r.u32()?);
    }
    let meta = Meta {
        folder,
        articles,
        langs,
        vocab,
        surface,
        long_sentences,
        live_terms: usize::try_from(r.u64()?).ok()?,
        avg_sentence_len: f32::from_bits(r.u32()?),
        avg_article_len: f32::from_bits(r.u32()?),
        sentence_count: r.u32()?,
        article_count: r.u32()?,
    };
    r.0.is_empty().then_some(meta)
}

/// Checks that the arrays fit together, so that no view the engine hands
/// out can reach past an array or cut a character: the checksum says the
/// file is as written, this says what was written is a table. Linear in
/// rows and terms, never in text or postings.
fn check(kb: &KnowledgeBase) -> Result<(), SnapshotError> {
    let (articles, sentences) = (kb.articles.len(), kb.rows.len());
    let terms = kb.index.vocab.len();
    let index = &kb.index;
    if index.sentence_count as usize != sentences || index.article_count as usize != articles {
        return Err(bad("counts"));
    }
    // Rows: nondecreasing offsets within their arrays, text cut on
    // character boundaries, articles in order.
    let mut last = Row {
        article: ArticleId(0),
        paragraph: 0,
        text: 0,
        tokens: 0,
        facts: 0,
    };
    for row in kb.rows.iter() {
        if row.text < last.text
            || row.tokens < last.tokens
            || row.facts < last.facts
            || row.article < last.article
            || row.article.index() >= articles
            || !kb.text.is_char_boundary(row.text as usize)
            || row.tokens as usize > kb.tokens.len()
            || row.facts as usize > kb.facts.len()
        {
            return Err(bad("sentence rows"));
        }
        last = *row;
    }
    // Articles: consecutive sentence runs, matching the dense starts.
    let starts = &index.article_starts;
    if starts.len() != articles + 1 || starts.last().map(|s| s.index()) != Some(sentences) {
        return Err(bad("article starts"));
    }
    for (i, a) in kb.articles.iter().enumerate() {
        if a.sentences.start != starts[i]
            || a.sentences.end != starts[i + 1]
            || a.sentences.start > a.sentences.end
            || a.title_terms.iter().any(|t| t.index() >= terms)
            || kb.rows[a.sentences.start.index()..a.sentences.end.index()]
                .iter()
                .any(|r| r.article.index() != i)
        {
            return Err(bad("articles"));
        }
    }
    if kb.article_langs.len() != articles || index.article_lens.len() != articles {
        return Err(bad("per-article arrays"));
    }
    if index.sentence_lens.len() != sentences
        || index.sentence_lens.iter().enumerate().any(|(s, &n)| {
            n == crate::index::LONG
                && !index
                    .long_sentences
                    .contains_key(&SentenceId::from_index(s))
        })
    {
        return Err(bad("sentence lengths"));
    }
    // Term lists: one run per term, in order, within their items.
    let runs_fit = |starts: &[u32], items: usize| {
        starts.len() == terms + 1
            && starts.first() == Some(&0)
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts.last().is_some_and(|&e| e as usize <= items)
    };
    if !runs_fit(&index.postings.starts, index.postings.items.len())
        || !runs_fit(&index.titles.starts, index.titles.items.len())
        || index.df.len() != terms
        || index.article_df.len() != terms
        || index.titles.items.iter().any(|a| a.index() >= articles)
    {
        return Err(bad("term lists"));
    }
    if index.surface.values().any(|s| s.term.index() >= terms) || index.live_terms > terms {
        return Err(bad("vocabulary"));
    }
    Ok(())
}

/// Where a snapshot of `dir` goes in cache folder `cache`.
pub fn snapshot_path(cache: &Path) -> PathBuf {
    cache.join(SNAPSHOT_FILE)
}
