//! articlebot answers questions about a folder of news articles.
//!
//! The engine is plain library code: [`KnowledgeBase::load`] reads a folder
//! into an immutable keyword-and-fact table, and [`answer()`] turns a
//! question into ranked sentences with the phrase that answers it (or an
//! honest "I don't know"). The bot (console chat, Telegram, live reload,
//! logging) is the [`bot`] module, behind the `bot` feature; without it the
//! crate is the engine alone.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! std::fs::write(
//!     dir.path().join("bridge.txt"),
//!     "Harbour bridge opens\n\nMayor Elena Novak opened the harbour bridge on Monday.",
//! )?;
//! let (kb, report) = articlebot::KnowledgeBase::load(dir.path())?;
//! assert!(report.warnings.is_empty());
//! let reply = articlebot::answer(&kb, "Who opened the bridge?", &articlebot::RankConfig::default(), 1);
//! assert!(reply.knows());
//! assert_eq!(reply.answers[0].highlight_text(), Some("Elena Novak"));
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]
#![warn(unreachable_pub)]

// The façade: what a program embedding the engine needs.
pub use answer::{Answer, LongArticle, RankConfig, Reply, answer};
pub use error::{Error, Result};
pub use ids::{ArticleId, SentenceId};
pub use knowledge::{Article, KnowledgeBase, LoadReport, LoadWarning, Sentence};
pub use text::Lang;

// Namespaces for the rest of what callers use: the question's analysis
// and the reply limit (`answer`), the fact kinds (`facts`), file formats,
// decoding and skip reasons (`knowledge`), and the bench metrics the
// `eval` command prints (`eval`). Each exposes only that; the index, the
// analyzer and the ranker's parts are the crate's own, so they can change
// without breaking a caller.
pub mod answer;
mod column;
mod error;
pub mod eval;
pub mod facts;
mod ids;
mod index;
pub mod knowledge;
pub(crate) mod related;
mod text;
mod varint;

#[cfg(feature = "bot")]
pub mod bot;
#[cfg(feature = "store")]
pub mod store;
