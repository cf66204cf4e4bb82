//! Finding and reading article files: the folder walk (hidden entries and
//! other extensions counted and passed over), file stamps, bounded reads
//! (decoding them is [`super::decode`](mod@super::decode)'s job, what the
//! text says [`super::builder`]'s).

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::{Format, LoadReport, LoadWarning, SkipReason};

/// Files larger than this are skipped: no news article is this big, and
/// reading one whole would let a stray file exhaust memory.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    /// Size in bytes.
    pub(super) len: u64,
    modified: SystemTime,
}

impl Stamp {
    /// The stamp as a snapshot stores it: the size, and the modification
    /// time as signed seconds and nanoseconds from the Unix epoch.
    pub(super) fn to_parts(self) -> (u64, i64, u32) {
        let (secs, nanos) = match self.modified.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
            Err(e) => {
                let d = e.duration();
                // Before the epoch: whole seconds down, nanoseconds up.
                let (s, n) = (d.as_secs() as i64, d.subsec_nanos());
                if n == 0 {
                    (-s, 0)
                } else {
                    (-s - 1, 1_000_000_000 - n)
                }
            }
        };
        (self.len, secs, nanos)
    }

    /// The stamp [`Stamp::to_parts`] gave (`None` for parts no stamp has).
    pub(super) fn from_parts(len: u64, secs: i64, nanos: u32) -> Option<Stamp> {
        if nanos >= 1_000_000_000 {
            return None;
        }
        let epoch = std::time::UNIX_EPOCH;
        let modified = if secs >= 0 {
            epoch.checked_add(std::time::Duration::new(secs as u64, nanos))?
        } else {
            epoch
                .checked_sub(std::time::Duration::from_secs(secs.unsigned_abs()))?
                .checked_add(std::time::Duration::from_nanos(u64::from(nanos)))?
        };
        Some(Stamp { len, modified })
    }

    /// The stamp of `len` bytes last changed at `modified`.
    pub(super) fn new(len: u64, modified: SystemTime) -> Stamp {
        Stamp { len, modified }
    }

    /// The stamp of a file's metadata (none where the system keeps no
    /// modification time).
    pub(super) fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
        })
    }
}
/// A file found under the knowledge folder.
pub(super) struct Found {
    /// Where it is.
    pub(super) path: PathBuf,
    /// Its path under the folder, with `/` separators: the article's id.
    pub(super) id: String,
    /// Its format, by extension.
    pub(super) format: Format,
    /// Its size and modification time when listed.
    pub(super) stamp: Option<Stamp>,
}
/// Lists the article files under `dir`, sorted by id, counting what is
/// passed over. Unreadable entries and link loops become warnings.
pub(super) fn discover(dir: &Path, report: &mut LoadReport) -> Vec<Found> {
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
                let reason = match err.into_io_error() {
                    Some(e) => SkipReason::Unreadable(Arc::new(e)),
                    // walkdir's one error without an I/O error is a loop.
                    None => SkipReason::LinkLoop,
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
/// Reads one file whole with a bounded read.
pub(super) fn read(found: &Found) -> Result<Vec<u8>, SkipReason> {
    let file = File::open(&found.path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => SkipReason::Vanished(Arc::new(e)),
        _ => SkipReason::Unopenable(Arc::new(e)),
    })?;
    // Sized by the stamp, so reading grows no buffer (one byte more shows
    // a file that grew past the limit since).
    let expected = found
        .stamp
        .map_or(0, |s| s.len.min(MAX_FILE_BYTES) as usize + 1);
    let mut bytes = Vec::with_capacity(expected);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SkipReason::Unreadable(Arc::new(e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge);
    }
    Ok(bytes)
}
