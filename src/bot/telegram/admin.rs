//! Admin actions from Telegram: a document, a forwarded post, `/add`
//! (pasted text or an address), `/remove N`, `/reload` and `/stats`. Each
//! is logged with the admin's user id; articles go through
//! [`crate::bot::admin::Library`] (the folder or the store), and the reply
//! comes once the table has them.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{Document, MessageId, MessageOrigin};

use super::handlers::html;
use super::send::deliver;
use super::{State, TgBot, fetch};
use crate::bot::admin::{self, AddError, Outcome};
use crate::bot::conversation::{Input, Response};
use crate::bot::logging::Escaped;
use crate::bot::stats::date_of;
use crate::knowledge::{Format, MAX_FILE_BYTES, Metadata, SkipReason};

fn user_of(msg: &Message) -> u64 {
    msg.from.as_ref().map_or(0, |u| u.id.0)
}

fn reply(
    bot: &TgBot,
    state: &Arc<State>,
    msg: &Message,
    outcome: Outcome,
    reply_to: Option<MessageId>,
) {
    let text = html(state, msg.chat.id, &Response::Admin(outcome));
    deliver(bot, state, msg.chat.id, text, None, reply_to);
}

/// Adds an article file (a page fetched from `url`, when given) and
/// reloads, off the async threads: vetting parses the whole file. The
/// outcome says whether the new table has it.
async fn add_and_load(
    state: &Arc<State>,
    user: u64,
    format: Format,
    bytes: Vec<u8>,
    url: Option<String>,
) -> Outcome {
    let state = Arc::clone(state);
    let work = tokio::task::spawn_blocking(move || {
        let added = match &url {
            Some(url) => state.library.add_page(format, &bytes, url),
            None => state.library.add_file(format, &bytes),
        };
        let added = match added {
            Ok(added) => added,
            Err(AddError::Skipped(reason)) => {
                tracing::info!(user, reason = %reason, "admin action refused: the loader would skip the file");
                return Outcome::Skipped(reason.to_string());
            }
            Err(AddError::Io(e)) => {
                tracing::error!(user, "admin action failed: could not save the article: {e}");
                return Outcome::SaveFailed;
            }
        };
        tracing::info!(user, file = %Escaped(&added.id), "admin added an article");
        state.library.refresh(&state.kb, |kb| {
            kb.articles().iter().any(|a| a.id == added.id)
        });
        let kb = state.kb.current();
        match kb.articles().iter().find(|a| a.id == added.id) {
            Some(article) => Outcome::Added {
                title: added.title,
                sentences: kb.sentences_of(article).len(),
            },
            None => Outcome::NotLoaded,
        }
    });
    work.await.unwrap_or(Outcome::SaveFailed)
}

/// A buffer that refuses to grow past the article size limit, so a file
/// larger than Telegram said it was is not read whole; `over` says the
/// limit was why it stopped (the download's error then is ours).
struct Capped {
    buf: Vec<u8>,
    over: bool,
}

impl tokio::io::AsyncWrite for Capped {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut TaskContext<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if (self.buf.len() + buf.len()) as u64 > MAX_FILE_BYTES {
            self.over = true;
            return Poll::Ready(Err(std::io::Error::other("larger than the limit")));
        }
        self.buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut TaskContext<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut TaskContext<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A document an admin sent: checked by name and size before it is
/// downloaded, vetted before it is written.
pub(super) async fn add_document(
    bot: &TgBot,
    state: &Arc<State>,
    msg: &Message,
    doc: &Document,
    reply_to: Option<MessageId>,
) {
    let user = user_of(msg);
    let name = doc.file_name.clone().unwrap_or_default();
    tracing::info!(user, name = %Escaped(&name), size = doc.file.size, "admin action: add a document");
    let outcome = if name.is_empty() {
        Outcome::WrongType
    } else if admin::has_path(&name) {
        Outcome::BadName
    } else if let Some(format) = admin::format_of_name(&name) {
        if u64::from(doc.file.size) > MAX_FILE_BYTES {
            Outcome::Skipped(SkipReason::TooLarge.to_string())
        } else {
            match download(bot, doc).await {
                Ok(bytes) => add_and_load(state, user, format, bytes, None).await,
                Err(outcome) => outcome,
            }
        }
    } else {
        Outcome::WrongType
    };
    if !matches!(outcome, Outcome::Added { .. }) {
        tracing::info!(user, outcome = ?outcome, "admin action: document not added");
    }
    reply(bot, state, msg, outcome, reply_to);
}

async fn download(bot: &TgBot, doc: &Document) -> Result<Vec<u8>, Outcome> {
    let file = bot
        .get_file(doc.file.id.clone())
        .send()
        .await
        .map_err(|e| {
            tracing::warn!("getFile failed: {}", Escaped(&e.to_string()));
            Outcome::SaveFailed
        })?;
    if u64::from(file.size) > MAX_FILE_BYTES {
        return Err(Outcome::Skipped(SkipReason::TooLarge.to_string()));
    }
    let mut buffer = Capped {
        buf: Vec::new(),
        over: false,
    };
    match bot.inner().download_file(&file.path, &mut buffer).await {
        Ok(()) => Ok(buffer.buf),
        Err(_) if buffer.over => Err(Outcome::Skipped(SkipReason::TooLarge.to_string())),
        Err(e) => {
            tracing::warn!("downloading a document failed: {}", Escaped(&e.to_string()));
            Err(Outcome::SaveFailed)
        }
    }
}

/// A post an admin forwarded: its text (or caption) as a `.txt` article,
/// with the channel as source, the post's public link and its date.
pub(super) async fn add_forward(
    bot: &TgBot,
    state: &Arc<State>,
    msg: &Message,
    reply_to: Option<MessageId>,
) {
    let user = user_of(msg);
    tracing::info!(user, "admin action: add a forwarded post");
    let text = msg.text().or(msg.caption()).unwrap_or_default();
    let mut meta = Metadata::default();
    if let Some(origin) = msg.forward_origin() {
        meta.date = Some(date_of(origin.date().timestamp()));
        if let MessageOrigin::Channel {
            chat, message_id, ..
        } = origin
        {
            meta.source = chat.title().map(str::to_string);
            meta.url = chat
                .username()
                .map(|name| format!("https://t.me/{name}/{}", message_id.0));
        }
    }
    let outcome = add_text(state, user, text, &meta).await;
    reply(bot, state, msg, outcome, reply_to);
}

async fn add_text(state: &Arc<State>, user: u64, text: &str, meta: &Metadata) -> Outcome {
    if text.trim().is_empty() {
        return Outcome::Skipped(SkipReason::Empty.to_string());
    }
    let (title, body) = admin::title_and_body(text);
    let article = admin::text_article(&title, meta, &body);
    add_and_load(state, user, Format::Text, article.into_bytes(), None).await
}

/// Whether `/add`'s argument is an address rather than text.
fn is_address(args: &str) -> bool {
    !args.contains(char::is_whitespace) && args.contains("://")
}

/// /add, /remove, /reload and /stats from an admin.
pub(super) async fn run(
    bot: &TgBot,
    state: &Arc<State>,
    msg: &Message,
    input: Input,
    reply_to: Option<MessageId>,
) {
    let user = user_of(msg);
    let outcome = match input {
        Input::Add(args) if args.is_empty() => Outcome::AddUsage,
        Input::Add(address) if is_address(&address) => {
            tracing::info!(user, url = %Escaped(&address), "admin action: add a page");
            match fetch::fetch(&state.http, &address, state.fetch_private).await {
                Ok(page) => {
                    add_and_load(state, user, page.format, page.bytes, Some(page.url)).await
                }
                Err(refusal) => {
                    tracing::info!(user, refusal = ?refusal, "admin action: page not fetched");
                    Outcome::NotFetched(refusal)
                }
            }
        }
        Input::Add(text) => {
            tracing::info!(user, "admin action: add pasted text");
            let meta = Metadata {
                date: Some(date_of(msg.date.timestamp())),
                ..Metadata::default()
            };
            add_text(state, user, &text, &meta).await
        }
        Input::Remove(None) => Outcome::RemoveUsage,
        Input::Remove(Some(n)) => remove(state, user, n).await,
        Input::Reload => {
            tracing::info!(user, "admin action: reload");
            let state = Arc::clone(state);
            tokio::task::spawn_blocking(move || {
                if state.library.refresh(&state.kb, |_| true) {
                    Outcome::Reloaded {
                        articles: state.kb.current().articles().len(),
                    }
                } else {
                    Outcome::ReloadFailed
                }
            })
            .await
            .unwrap_or(Outcome::ReloadFailed)
        }
        Input::Stats => {
            tracing::info!(user, "admin action: stats");
            let stats = state.stats.lock().unwrap_or_else(|p| p.into_inner());
            Outcome::Stats(stats.view(&crate::bot::stats::today()))
        }
        _ => return,
    };
    reply(bot, state, msg, outcome, reply_to);
}

async fn remove(state: &Arc<State>, user: u64, number: usize) -> Outcome {
    let kb = state.kb.current();
    let Some(article) = number.checked_sub(1).and_then(|i| kb.articles().get(i)) else {
        return Outcome::NoSuchArticle(number);
    };
    let (id, title) = (article.id.clone(), article.title.clone());
    tracing::info!(user, number, file = %Escaped(&id), "admin action: remove an article");
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || match state.library.remove(&id) {
        Ok(()) => {
            state
                .library
                .refresh(&state.kb, |kb| kb.articles().iter().all(|a| a.id != id));
            Outcome::Removed { title }
        }
        Err(e) => {
            tracing::error!(user, "admin action failed: could not remove {id}: {e}");
            Outcome::RemoveFailed
        }
    })
    .await
    .unwrap_or(Outcome::RemoveFailed)
}
