//! The bot around the engine: what it says ([`conversation`], in the words
//! of [`messages`], formatted by [`render`]), the commands it knows
//! ([`commands`]), how it follows the knowledge folder ([`live`]), protects
//! itself ([`limits`]) and logs ([`logging`]), and its front ends: the
//! console chat ([`console`]), the `check` and `show` reports ([`check`],
//! [`show`]) and Telegram
//! ([`telegram`], behind the `telegram` feature). Nothing in the engine
//! imports this module.

pub mod check;
pub mod commands;
pub mod console;
pub mod conversation;
pub mod limits;
pub mod live;
pub mod logging;
pub mod messages;
pub mod render;
pub mod show;
#[cfg(feature = "telegram")]
pub mod telegram;
