//! The table's snapshot on disk: written after a load, opened at the next
//! start instead of parsing the folder again. This module owns the file
//! format and the start from it (`load_cached`); writing the bytes is
//! `write`'s job (into a temporary file, renamed here), reading them
//! `read`'s; which files changed since is `load::is_current`'s question,
//! and where the cache lives is `cache`'s.
//!
//! Layout (all little-endian): a 64-byte header (magic, format version,
//! section count, the build's fingerprint, the file's length, a CRC-32 of
//! everything but the CRC itself), a table of sections (offset and length
//! in bytes), then the sections, each starting on an 8-byte boundary. The
//! table's flat arrays (texts, term ids, rows, facts, postings, counts,
//! lengths, article starts) are sections stored as their bytes, so opening
//! maps the file and serves them in place (`crate::column::Column`). The
//! small records (articles, the files skipped for their content with
//! their stamps and reasons, languages, the vocabulary and surface words, a
//! few figures) are one section in the `codec` encoding, decoded at open:
//! the hash maps must be rebuilt anyway, and at 50,000 articles this is,
//! with the checksum, the part of an open that costs time.
//!
//! A snapshot is never trusted blindly: a short file, another magic,
//! version or build fingerprint, a checksum mismatch, or arrays that do
//! not fit together is a [`SnapshotError`], and the caller rebuilds.

mod cache;
mod codec;
mod read;
mod write;

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use super::{KnowledgeBase, LoadReport};
use crate::column;
use read::read;

pub use cache::{SNAPSHOT_FILE, beside, choose_cache_dir, default_cache_dir, writable};

/// The first bytes of every snapshot.
const MAGIC: [u8; 8] = *b"ABOTSNAP";
/// The format's version: bump it whenever the layout changes.
pub(crate) const VERSION: u32 = 2;
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
                Some((files, mut report))
                    if let Some(warnings) = super::load::is_current(&kb, &files) =>
                {
                    // A file skipped before is skipped again, unread, and
                    // said so at each start as a load would say it.
                    report.warnings = warnings;
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
                        crate::error::chain(&why)
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
}

/// The folder as a snapshot records it: its canonical path where there is
/// one, so `./knowledge` and `/srv/bot/knowledge` are the same folder.
fn folder_key(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Where the snapshot goes in cache folder `cache`.
pub fn snapshot_path(cache: &Path) -> PathBuf {
    cache.join(SNAPSHOT_FILE)
}
