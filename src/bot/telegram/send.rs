//! Getting replies to Telegram: retries with back-off, splitting to the
//! length limit, and a per-chat queue that keeps a chat's replies in order
//! while handlers return at once.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardMarkup, LinkPreviewOptions, MessageId, ParseMode, ReplyParameters,
};
use teloxide::{ApiError, RequestError};

use super::{REMEMBERED, State, TgBot};
use crate::bot::followup::Context;
use crate::bot::logging::Escaped;
use crate::bot::render;

/// Attempts for one send before giving up (and logging it).
const SEND_ATTEMPTS: u32 = 6;

/// Retries a request on network faults, server errors and 429s, with
/// growing pauses; other errors (a bad request) are final.
pub(super) async fn with_retry<T, F, Fut>(what: &str, mut request: F) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    let mut pause = Duration::from_millis(500);
    let mut attempt = 1;
    loop {
        let err = match request().await {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let wait = match &err {
            RequestError::RetryAfter(s) => Some(s.duration()),
            RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
                Some(pause)
            }
            RequestError::Api(ApiError::Unknown(d))
                if d.contains("Internal Server Error")
                    || d.contains("Bad Gateway")
                    || d.contains("Service Unavailable") =>
            {
                Some(pause)
            }
            _ => None,
        };
        match wait {
            Some(wait) if attempt < SEND_ATTEMPTS => {
                tracing::warn!(
                    "{what} failed (attempt {attempt}), retrying in {wait:?}: {}",
                    Escaped(&err.to_string())
                );
                tokio::time::sleep(wait).await;
                pause = (pause * 2).min(Duration::from_secs(30));
                attempt += 1;
            }
            _ => {
                tracing::error!(
                    "{what} failed after {attempt} attempt(s): {}",
                    Escaped(&err.to_string())
                );
                return Err(err);
            }
        }
    }
}

/// Sends HTML, split to Telegram's length limit; the button goes under the
/// last part. Returns the last message sent.
pub(super) async fn send_html<B: Requester<Err = RequestError>>(
    bot: &B,
    chat: ChatId,
    html: &str,
    markup: Option<InlineKeyboardMarkup>,
    reply_to: Option<MessageId>,
) -> Result<Message, RequestError> {
    let parts = render::split_message(html, render::TELEGRAM_MAX_CHARS);
    let last = parts.len() - 1;
    let mut sent = None;
    for (i, part) in parts.into_iter().enumerate() {
        let markup = if i == last { markup.clone() } else { None };
        let msg = with_retry("sendMessage", || {
            let mut req = bot
                .send_message(chat, part.clone())
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview());
            if let Some(m) = markup.clone() {
                req = req.reply_markup(m);
            }
            if let (0, Some(id)) = (i, reply_to) {
                req = req.reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
            }
            req.send()
        })
        .await?;
        sent = Some(msg);
    }
    Ok(sent.expect("split_message returns at least one part"))
}

pub(super) fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

/// Queues a reply to `chat` behind the chat's earlier ones and returns at
/// once. Handlers of one chat run one after another; had each waited for
/// its send (up to a minute behind Telegram's per-chat rate limit), a flood
/// would be seen by the rate limiter only after its replies had gone out.
pub(super) fn deliver(
    bot: &TgBot,
    state: &Arc<State>,
    chat: ChatId,
    html: String,
    markup: Option<InlineKeyboardMarkup>,
    reply_to: Option<MessageId>,
) {
    deliver_answer(bot, state, chat, html, markup, reply_to, None);
}

/// As [`deliver`], and once sent, remembers what the answer was about
/// under its message id, so a reply to it can ask about its article.
pub(super) fn deliver_answer(
    bot: &TgBot,
    state: &Arc<State>,
    chat: ChatId,
    html: String,
    markup: Option<InlineKeyboardMarkup>,
    reply_to: Option<MessageId>,
    about: Option<Context>,
) {
    use std::sync::atomic::Ordering::Relaxed;
    state.in_flight.fetch_add(1, Relaxed);
    let mut outbox = state.outbox.lock().unwrap_or_else(|p| p.into_inner());
    if outbox.len() > REMEMBERED {
        outbox.retain(|_, last| !last.is_finished());
    }
    let previous = outbox.remove(&chat);
    let (bot, counter) = (bot.clone(), Arc::clone(state));
    let task = tokio::spawn(async move {
        if let Some(previous) = previous {
            let _ = previous.await;
        }
        // A failed send is logged by `with_retry`; the next reply still goes.
        let sent = send_html(&bot, chat, &html, markup, reply_to).await;
        if let (Ok(message), Some(about)) = (sent, about) {
            counter
                .answered
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert((chat.0, message.id.0), about);
        }
        counter.in_flight.fetch_sub(1, Relaxed);
    });
    outbox.insert(chat, task);
}
