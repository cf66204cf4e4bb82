//! The bot around the engine: what it says ([`conversation`], in the words
//! of [`messages`], formatted by [`render`]; follow-ups read by
//! [`followup`], manners by [`smalltalk`], summaries by [`summary`], lists by [`listing`]), the
//! commands it knows ([`commands`]), what admins change ([`admin`]) and
//! the operator's figures ([`stats`]), how it follows the knowledge folder ([`live`]) or
//! answers from a store's candidates per input (`retrieval`), protects
//! itself ([`limits`]) and logs ([`logging`]), and its front ends: the
//! console chat ([`console`]), the `check` and `show` reports ([`check`],
//! [`show`]) and Telegram
//! ([`telegram`], behind the `telegram` feature). Nothing in the engine
//! imports this module.

pub mod admin;
pub mod check;
pub mod commands;
pub mod console;
pub mod conversation;
pub mod followup;
pub mod limits;
pub mod listing;
pub mod live;
pub mod logging;
pub mod messages;
pub mod render;
#[cfg(feature = "store")]
mod retrieval;
pub mod show;
pub mod smalltalk;
pub mod stats;
pub mod summary;
#[cfg(feature = "telegram")]
pub mod telegram;
pub mod translations;
