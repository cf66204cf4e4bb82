//! Turning Telegram updates into inputs for the conversation and its
//! responses into messages: who is addressed, who is refused or limited,
//! and what the "More" button pages.

use std::sync::Arc;
use std::time::Instant;

use teloxide::prelude::*;
use teloxide::types::{
    ChatAction, InlineKeyboardButton, InlineKeyboardMarkup, MessageId, ParseMode,
};

use super::send::{deliver, no_preview, send_html, with_retry};
use super::{Paged, State, TgBot};
use crate::bot::conversation::{Input, Response, Session, parse_input, respond};
use crate::bot::limits::Verdict;
use crate::bot::logging::Escaped;
use crate::bot::render::{self, Surface};

/// How long answering may take before the user sees "typing…".
const TYPING_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

fn html(state: &State, response: &Response) -> String {
    render::html(response, state.words, Surface::Telegram)
}

fn more_button(state: &State, key: u64) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
        state.words.more_button,
        format!("more:{}:{key}", state.run_id),
    )]])
}

/// Stores a "More" page; returns its button's key.
fn remember(state: &State, chat: ChatId, paged: Paged) -> u64 {
    let key = state
        .next_page
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        + 1;
    state
        .pages
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, paged);
    state
        .last_page
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(chat, key);
    key
}

/// Is this message meant for the bot? In private chats always; in groups
/// only commands, mentions and replies to the bot's own messages.
fn addressed(state: &State, msg: &Message, text: &str) -> bool {
    if msg.chat.is_private() {
        return true;
    }
    let mention = format!("@{}", state.username.to_lowercase());
    text.trim_start().starts_with('/')
        || text.to_lowercase().contains(&mention)
        || msg
            .reply_to_message()
            .and_then(|r| r.from.as_ref())
            .is_some_and(|u| u.id == state.bot_id)
}

fn strip_mention(text: &str, username: &str) -> String {
    let mention = format!("@{}", username.to_lowercase());
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(pos) = lower[i..].find(&mention) {
        let at = i + pos;
        // Lower-casing can change byte lengths; fall back to the text as is.
        if !text.is_char_boundary(at) || !text.is_char_boundary(at + mention.len()) {
            return text.to_string();
        }
        out.push_str(&text[i..at]);
        i = at + mention.len();
    }
    out.push_str(&text[i..]);
    out.trim().to_string()
}

/// One refusal per chat outside the allowlist, then silence.
fn refused(bot: &TgBot, state: &Arc<State>, chat: ChatId) -> bool {
    let Some(allowed) = &state.allowed else {
        return false;
    };
    if allowed.contains(&chat.0) {
        return false;
    }
    let first = state
        .refused
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(chat.0);
    if first {
        tracing::info!(
            chat = chat.0,
            "refused: chat not in ARTICLEBOT_ALLOWED_CHATS"
        );
        deliver(
            bot,
            state,
            chat,
            render::escape_html(state.words.private),
            None,
            None,
        );
    }
    true
}

/// Whether the rate limit lets this user's message through; a flooding
/// user gets one "slow down", sent ahead of the chat's queue.
fn within_limit(bot: &TgBot, state: &State, msg: &Message, reply_to: Option<MessageId>) -> bool {
    let (Some(limiter), Some(user)) = (&state.limiter, msg.from.as_ref()) else {
        return true;
    };
    let verdict = limiter
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .check(user.id.0 as i64, Instant::now());
    match verdict {
        Verdict::Allow => true,
        Verdict::Warn => {
            let chat = msg.chat.id;
            tracing::info!(
                chat = chat.0,
                user = user.id.0,
                "rate limit: user is sending too fast"
            );
            // Throttle would queue this behind the flood's own replies (20
            // a minute per chat), where it came ~40 s late. It is one
            // message, sent once per flood, within Telegram's limit of one
            // a second in a chat.
            let bot = bot.inner().clone();
            let text = render::escape_html(state.words.slow_down);
            tokio::spawn(async move {
                let _ = send_html(&bot, chat, &text, None, reply_to).await;
            });
            false
        }
        Verdict::Ignore => false,
    }
}

/// What a message asks for, or `None` when the bot should stay silent.
fn input_of(
    bot: &TgBot,
    state: &State,
    msg: &Message,
    reply_to: Option<MessageId>,
) -> Option<Input> {
    let to_bot = msg
        .reply_to_message()
        .and_then(|r| r.from.as_ref())
        .is_some_and(|u| u.id == state.bot_id);
    let Some(text) = msg.text() else {
        return (msg.chat.is_private() || to_bot).then_some(Input::NotText);
    };
    if !addressed(state, msg, text) || !within_limit(bot, state, msg, reply_to) {
        return None;
    }
    parse_input(&strip_mention(text, &state.username), Some(&state.username))
}

pub(super) async fn on_message(bot: TgBot, msg: Message, state: Arc<State>) -> ResponseResult<()> {
    let chat = msg.chat.id;
    if msg.chat.is_channel() || refused(&bot, &state, chat) {
        return Ok(());
    }
    if !state
        .handled
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .first_time((chat.0, msg.id.0))
    {
        tracing::debug!(chat = chat.0, "update seen before; not answering twice");
        return Ok(());
    }
    let reply_to = (!msg.chat.is_private()).then_some(msg.id);
    match input_of(&bot, &state, &msg, reply_to) {
        None => {}
        Some(Input::Question(q)) => answer_question(&bot, &state, chat, q, reply_to).await,
        Some(Input::More) => more_typed(&bot, &state, chat, reply_to).await,
        Some(input) => {
            let response = respond(&state.kb.current(), &mut Session::default(), input);
            deliver(&bot, &state, chat, html(&state, &response), None, reply_to);
        }
    }
    Ok(())
}

/// Runs `respond` off the async threads, showing "typing…" when it takes a
/// while. `None` when answering failed.
async fn respond_blocking(
    bot: &TgBot,
    state: &State,
    chat: ChatId,
    mut session: Session,
    input: Input,
) -> Option<(Response, Session)> {
    let kb = state.kb.current();
    let mut work = tokio::task::spawn_blocking(move || {
        let response = respond(&kb, &mut session, input);
        (response, session)
    });
    let done = tokio::select! {
        r = &mut work => r,
        _ = tokio::time::sleep(TYPING_AFTER) => {
            let _ = bot.send_chat_action(chat, ChatAction::Typing).await;
            work.await
        }
    };
    done.ok()
}

async fn answer_question(
    bot: &TgBot,
    state: &Arc<State>,
    chat: ChatId,
    question: String,
    reply_to: Option<MessageId>,
) {
    let started = Instant::now();
    let input = Input::Question(question.clone());
    let Some((response, session)) =
        respond_blocking(bot, state, chat, Session::default(), input).await
    else {
        tracing::error!(chat = chat.0, "answering failed");
        let text = render::escape_html(state.words.failed);
        deliver(bot, state, chat, text, None, reply_to);
        return;
    };
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        chat = chat.0,
        latency_ms = format!("{latency_ms:.1}"),
        answered = matches!(response, Response::Answers { .. }),
        "question"
    );
    tracing::debug!(chat = chat.0, question = %Escaped(&question), "question text");
    let text = html(state, &response);
    let markup = response.has_more().then(|| {
        let paged = Paged {
            session,
            html: text.clone(),
        };
        more_button(state, remember(state, chat, paged))
    });
    deliver(bot, state, chat, text, markup, reply_to);
}

/// A typed /more: the next answers to the chat's last question, as a new
/// message (the button grows the old one instead).
async fn more_typed(bot: &TgBot, state: &Arc<State>, chat: ChatId, reply_to: Option<MessageId>) {
    let last = {
        let last_page = state.last_page.lock().unwrap_or_else(|p| p.into_inner());
        let pages = state.pages.lock().unwrap_or_else(|p| p.into_inner());
        last_page
            .get(&chat)
            .and_then(|key| pages.get(key).map(|p| (*key, p.session.clone())))
    };
    let key = last.as_ref().map(|(key, _)| *key);
    let session = last.map(|(_, session)| session).unwrap_or_default();
    let Some((response, session)) = respond_blocking(bot, state, chat, session, Input::More).await
    else {
        return;
    };
    let text = html(state, &response);
    if let Some(key) = key
        && let Some(paged) = state
            .pages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_mut(&key)
    {
        paged.session = session;
    }
    let markup = key
        .filter(|_| response.has_more())
        .map(|key| more_button(state, key));
    deliver(bot, state, chat, text, markup, reply_to);
}

/// The page a button press refers to, if it is this run's and remembered.
fn pressed(state: &State, q: &CallbackQuery) -> Option<(u64, Paged)> {
    let data = q.data.as_deref().unwrap_or_default();
    let key = match data.split(':').collect::<Vec<_>>().as_slice() {
        ["more", run, key] if run.parse::<u32>().ok() == Some(state.run_id) => {
            key.parse::<u64>().ok()?
        }
        _ => return None,
    };
    let pages = state.pages.lock().unwrap_or_else(|p| p.into_inner());
    pages.get(&key).map(|p| (key, p.clone()))
}

pub(super) async fn on_callback(
    bot: TgBot,
    q: CallbackQuery,
    state: Arc<State>,
) -> ResponseResult<()> {
    if !state
        .callbacks
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .first_time(q.id.to_string())
    {
        return Ok(());
    }
    let message = q.regular_message().map(|m| (m.chat.id, m.id));
    let (Some((key, paged)), Some((chat, message))) = (pressed(&state, &q), message) else {
        with_retry("answerCallbackQuery", || {
            bot.answer_callback_query(q.id.clone())
                .text(state.words.expired)
                .send()
        })
        .await?;
        return Ok(());
    };
    with_retry("answerCallbackQuery", || {
        bot.answer_callback_query(q.id.clone()).send()
    })
    .await?;
    if refused(&bot, &state, chat) {
        return Ok(());
    }
    let Some((response, session)) =
        respond_blocking(&bot, &state, chat, paged.session, Input::More).await
    else {
        return Ok(());
    };
    let shown = Shown {
        chat,
        message,
        key,
        html: paged.html,
    };
    grow_message(&bot, &state, shown, response, session).await;
    Ok(())
}

/// The message a "More" button sits under.
struct Shown {
    chat: ChatId,
    message: MessageId,
    key: u64,
    html: String,
}

/// Grows the message under a "More" button by the next answers (or says
/// there are none); a message that would grow past Telegram's limit, or
/// cannot be edited, is followed by a new one instead.
async fn grow_message(
    bot: &TgBot,
    state: &Arc<State>,
    shown: Shown,
    response: Response,
    session: Session,
) {
    let Shown {
        chat,
        message,
        key,
        html: before,
    } = shown;
    let edit = |text: String, markup: Option<InlineKeyboardMarkup>| {
        with_retry("editMessageText", move || {
            let mut req = bot
                .edit_message_text(chat, message, text.clone())
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview());
            if let Some(m) = markup.clone() {
                req = req.reply_markup(m);
            }
            req.send()
        })
    };
    if !matches!(response, Response::Answers { .. }) {
        let done = format!(
            "{before}\n\n<i>{}</i>",
            render::escape_html(state.words.no_more)
        );
        let _ = edit(done, None).await;
        return;
    }
    let next = html(state, &response);
    let combined = format!("{before}\n\n{next}");
    if combined.chars().count() <= render::TELEGRAM_MAX_CHARS {
        let markup = response.has_more().then(|| more_button(state, key));
        if edit(combined.clone(), markup).await.is_ok() {
            let mut pages = state.pages.lock().unwrap_or_else(|p| p.into_inner());
            pages.insert(
                key,
                Paged {
                    session,
                    html: combined,
                },
            );
            return;
        }
    }
    let markup = response.has_more().then(|| {
        let paged = Paged {
            session,
            html: next.clone(),
        };
        more_button(state, remember(state, chat, paged))
    });
    deliver(bot, state, chat, next, markup, None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_mentions_in_any_case() {
        assert_eq!(
            strip_mention("@MyBot who is the minister?", "mybot"),
            "who is the minister?"
        );
        assert_eq!(strip_mention("who is it @mybot", "MyBot"), "who is it");
        assert_eq!(strip_mention("no mention", "mybot"), "no mention");
    }
}
