//! What a load says besides the table: the files it skipped, each with a
//! typed [`SkipReason`], and what it passed over. The reasons' wording is
//! what the bot logs and `check` prints, so it stays stable.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::MAX_FILE_BYTES;

/// Why a file was skipped. Its `Display` is the reason in words, as logs
/// and `check` show it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SkipReason {
    /// The folder walk could not read the entry, or reading the file failed.
    #[error("cannot be read ({0})")]
    Unreadable(#[source] Arc<io::Error>),
    /// The file could not be opened.
    #[error("cannot be opened ({0})")]
    Unopenable(#[source] Arc<io::Error>),
    /// The file was listed but gone when opened: deleted while loading.
    #[error("cannot be opened ({0})")]
    Vanished(#[source] Arc<io::Error>),
    /// A symbolic link leads back to a folder above it.
    #[error("a symbolic link loop")]
    LinkLoop,
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("larger than {} MB", MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge,
    /// Nothing but whitespace.
    #[error("empty file")]
    Empty,
    /// Holds NUL bytes, which text never does.
    #[error("binary file (contains NUL bytes)")]
    Binary,
    /// Not text in the encoding it declares, nor in the likeliest one:
    /// control characters where letters should be.
    #[error("not text (read as {encoding}, it is control characters)")]
    NotText {
        /// The encoding it was read in.
        encoding: &'static str,
    },
    /// Not a file name the loader reads as an article (`show` of another
    /// file; a load passes such files over and counts them).
    #[error("not an article file (.txt, .md, .html)")]
    OtherFormat,
    /// Nothing, not even a title, once the clutter is removed.
    #[error("no text after removing clutter")]
    NoText,
    /// A title but no sentence of body text.
    #[error("a title but no body text")]
    TitleOnly,
    /// Adding it would take the table past what 32-bit offsets address.
    #[error("the table is full (4 GB of text); split the folder")]
    TableFull,
    /// Parsing it panicked: a bug, caught so it costs only this file.
    #[error("could not be parsed (internal error; please report it)")]
    ParserPanicked,
}

impl SkipReason {
    /// Whether the reason is what the file's bytes are, so the same bytes
    /// read by the same build are skipped again for it: true of content
    /// (empty, binary, too large, no text, a parser panic); false of an
    /// error of the moment (cannot be opened or read) and of the table
    /// being full, which depends on the other files.
    pub(crate) fn is_of_content(&self) -> bool {
        match self {
            SkipReason::TooLarge
            | SkipReason::Empty
            | SkipReason::Binary
            | SkipReason::NotText { .. }
            | SkipReason::NoText
            | SkipReason::TitleOnly
            | SkipReason::ParserPanicked => true,
            SkipReason::Unreadable(_)
            | SkipReason::Unopenable(_)
            | SkipReason::Vanished(_)
            | SkipReason::LinkLoop
            | SkipReason::OtherFormat
            | SkipReason::TableFull => false,
        }
    }
}

impl Serialize for SkipReason {
    /// As its words, the form `check --json` has always printed.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Why a file was skipped.
#[derive(Debug, Clone, Serialize)]
pub struct LoadWarning {
    /// The file, as found under the knowledge folder.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: SkipReason,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The words are those logs and `check` showed before the reasons were
    /// typed.
    #[test]
    fn reasons_read_as_before() {
        let gone = || Arc::new(io::Error::from(io::ErrorKind::NotFound));
        let cases = [
            (
                SkipReason::Unreadable(gone()),
                "cannot be read (entity not found)",
            ),
            (
                SkipReason::Unopenable(gone()),
                "cannot be opened (entity not found)",
            ),
            (
                SkipReason::Vanished(gone()),
                "cannot be opened (entity not found)",
            ),
            (SkipReason::LinkLoop, "a symbolic link loop"),
            (SkipReason::TooLarge, "larger than 10 MB"),
            (SkipReason::Empty, "empty file"),
            (SkipReason::Binary, "binary file (contains NUL bytes)"),
            (
                SkipReason::NotText {
                    encoding: "windows-1252",
                },
                "not text (read as windows-1252, it is control characters)",
            ),
            (
                SkipReason::OtherFormat,
                "not an article file (.txt, .md, .html)",
            ),
            (SkipReason::NoText, "no text after removing clutter"),
            (SkipReason::TitleOnly, "a title but no body text"),
            (
                SkipReason::TableFull,
                "the table is full (4 GB of text); split the folder",
            ),
            (
                SkipReason::ParserPanicked,
                "could not be parsed (internal error; please report it)",
            ),
        ];
        for (reason, words) in cases {
            assert_eq!(reason.to_string(), words);
        }
        let warning = LoadWarning {
            path: PathBuf::from("news/a.txt"),
            reason: SkipReason::Empty,
        };
        assert_eq!(warning.to_string(), "skipped news/a.txt: empty file");
        assert_eq!(
            serde_json::to_value(&warning).unwrap(),
            serde_json::json!({"path": "news/a.txt", "reason": "empty file"})
        );
    }
}
