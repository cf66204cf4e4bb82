//! The library's error type. Only whole-operation failures live here: a bad
//! article file is a [`crate::knowledge::LoadWarning`], never an `Error`,
//! because one bad file must not stop the bot from loading the rest.
//!
//! A message names what failed and leaves the cause to [`std::error::Error::source`]:
//! printers walk the chain (`anyhow`'s `{:#}`), and a message that repeated
//! its source printed the operating system's words twice.

use std::path::PathBuf;

/// Everything that can make a library operation fail as a whole.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The knowledge folder does not exist or cannot be listed.
    #[error("cannot read the knowledge folder {path}")]
    Folder {
        /// The folder that was asked for.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A line of a questions file (for `eval`) is not a question.
    #[error("questions file {path}, line {line}: not a question")]
    Questions {
        /// The file that was read.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What the JSON parser said.
        #[source]
        source: serde_json::Error,
    },
    /// Any other I/O failure, with the path it concerned.
    #[error("cannot read {path}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error with its causes, as one line: for a log line, where `{:#}`
/// (anyhow's chain) is not at hand.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
