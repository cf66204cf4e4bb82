//! articlebot answers questions about a folder of news articles.
//!
//! The engine is plain library code: [`KnowledgeBase::load`] reads a folder
//! into an immutable keyword-and-fact table, and [`answer::answer`] turns a
//! question into ranked sentences with the phrase that answers it (or an
//! honest "I don't know"). The Telegram adapter and the command line are thin
//! layers over these two calls.

#![warn(missing_docs)]

pub mod answer;
pub mod error;
pub mod facts;
pub mod index;
pub mod knowledge;
pub mod text;
mod varint;

pub use error::{Error, Result};
pub use knowledge::{Article, KnowledgeBase, LoadReport, LoadWarning, Sentence};
pub mod conversation;
pub mod eval;
pub mod limits;
pub mod live;
pub mod logging;
pub mod render;
#[cfg(feature = "telegram")]
pub mod telegram;
