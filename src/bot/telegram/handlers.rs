//! Turning Telegram updates into inputs for the conversation and its
//! responses into messages: who is addressed, who is refused or limited,
//! each chat's conversation (follow-ups, replies to answers), and what the
//! "More" and page buttons page.

use std::sync::Arc;
use std::time::Instant;

use teloxide::prelude::*;
use teloxide::types::{
    ChatAction, InlineKeyboardButton, InlineKeyboardMarkup, MessageId, ParseMode,
};

use super::send::{deliver, deliver_answer, no_preview, send_html, with_retry};
use super::{Paged, State, TgBot, admin};
use crate::bot::commands::Listing;
use crate::bot::conversation::{Input, Response, Session, parse_input};
use crate::bot::limits::Verdict;
use crate::bot::logging::Escaped;
use crate::bot::render::{self, Surface};
use crate::bot::translations;

/// How long answering may take before the user sees "typing…".
const TYPING_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

pub(super) fn html(state: &State, chat: ChatId, response: &Response) -> String {
    render::html(response, state.words_in(chat), Surface::Telegram)
}

fn more_button(state: &State, chat: ChatId, key: u64) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
        state.words_in(chat).more_button,
        format!("more:{}:{key}", state.run_id),
    )]])
}

/// Page buttons under a list that has more than one page.
fn page_buttons(state: &State, chat: ChatId, response: &Response) -> Option<InlineKeyboardMarkup> {
    let Response::Articles(list) = response else {
        return None;
    };
    if list.pages < 2 {
        return None;
    }
    let key = state
        .next_page
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        + 1;
    state
        .lists
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, list.listing.clone());
    let button = |label: &str, page: usize| {
        InlineKeyboardButton::callback(label, format!("page:{}:{key}:{page}", state.run_id))
    };
    let mut row = Vec::new();
    if list.page > 1 {
        row.push(button(state.words_in(chat).previous_button, list.page - 1));
    }
    if list.page < list.pages {
        row.push(button(state.words_in(chat).next_button, list.page + 1));
    }
    Some(InlineKeyboardMarkup::new([row]))
}

/// The chat's conversation, told whether its writer is an admin.
pub(super) fn session_of(state: &State, chat: ChatId, admin: bool) -> Session {
    let mut session = state
        .sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&chat)
        .cloned()
        .unwrap_or_else(|| Session::with_ttl(state.follow_up));
    session.set_admin(admin);
    session
}

fn keep_session(state: &State, chat: ChatId, session: Session) {
    state
        .sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(chat, session);
}

/// Whether the message's sender is an admin.
fn is_admin(state: &State, msg: &Message) -> bool {
    msg.from
        .as_ref()
        .is_some_and(|u| state.admins.contains(&(u.id.0 as i64)))
}

/// The one polite refusal of an admin action to someone else.
fn refuse_admin(bot: &TgBot, state: &Arc<State>, msg: &Message, reply_to: Option<MessageId>) {
    tracing::info!(
        chat = msg.chat.id.0,
        user = msg.from.as_ref().map_or(0, |u| u.id.0),
        "refused: admin action from someone not in ARTICLEBOT_ADMINS"
    );
    let text = html(state, msg.chat.id, &Response::AdminOnly);
    deliver(bot, state, msg.chat.id, text, None, reply_to);
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
pub(super) fn refused(bot: &TgBot, state: &Arc<State>, chat: ChatId) -> bool {
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
            render::escape_html(state.words_in(chat).private),
            None,
            None,
        );
    }
    true
}

/// Whether the rate limit lets this user's message through; a flooding
/// user gets one "slow down", sent ahead of the chat's queue.
pub(super) fn within_limit(
    bot: &TgBot,
    state: &State,
    msg: &Message,
    reply_to: Option<MessageId>,
) -> bool {
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
            let text = render::escape_html(state.words_in(chat).slow_down);
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
    state.note_language(chat, msg.from.as_ref());
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
    let admin = is_admin(&state, &msg);
    let to_bot = msg.chat.is_private() || replies_to_bot(&state, &msg);
    // A file, or a forwarded post in a private chat, is something to add.
    let adding = (msg.document().is_some() && to_bot)
        || (msg.chat.is_private() && msg.forward_origin().is_some());
    if adding {
        if !within_limit(&bot, &state, &msg, reply_to) {
            return Ok(());
        }
        if !admin {
            refuse_admin(&bot, &state, &msg, reply_to);
        } else if let Some(doc) = msg.document() {
            admin::add_document(&bot, &state, &msg, doc, reply_to).await;
        } else {
            admin::add_forward(&bot, &state, &msg, reply_to).await;
        }
        return Ok(());
    }
    match input_of(&bot, &state, &msg, reply_to) {
        None => {}
        Some(input) if input.is_admin() => {
            if admin {
                admin::run(&bot, &state, &msg, input, reply_to).await;
            } else {
                refuse_admin(&bot, &state, &msg, reply_to);
            }
        }
        Some(Input::Question(q)) => answer_question(&bot, &state, &msg, q, admin, reply_to).await,
        Some(Input::More) => more_typed(&bot, &state, chat, reply_to).await,
        Some(input) => {
            // /summary N and /articles WORDS read whole articles and titles.
            let session = session_of(&state, chat, admin);
            let Some((response, session)) =
                respond_blocking(&bot, &state, chat, session, input).await
            else {
                answering_failed(&bot, &state, chat, reply_to);
                return Ok(());
            };
            keep_session(&state, chat, session);
            let markup = page_buttons(&state, chat, &response);
            deliver(
                &bot,
                &state,
                chat,
                html(&state, chat, &response),
                markup,
                reply_to,
            );
        }
    }
    Ok(())
}

/// Whether the message replies to one of the bot's messages.
fn replies_to_bot(state: &State, msg: &Message) -> bool {
    msg.reply_to_message()
        .and_then(|r| r.from.as_ref())
        .is_some_and(|u| u.id == state.bot_id)
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
    let handle = state.kb.clone();
    let mut work = tokio::task::spawn_blocking(move || {
        let response = handle.respond(&mut session, input);
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

/// Tells the chat its message could not be answered (the work panicked).
fn answering_failed(bot: &TgBot, state: &Arc<State>, chat: ChatId, reply_to: Option<MessageId>) {
    tracing::error!(chat = chat.0, "answering failed");
    let text = render::escape_html(state.words_in(chat).failed);
    deliver(bot, state, chat, text, None, reply_to);
}

async fn answer_question(
    bot: &TgBot,
    state: &Arc<State>,
    msg: &Message,
    question: String,
    admin: bool,
    reply_to: Option<MessageId>,
) {
    let chat = msg.chat.id;
    let started = Instant::now();
    let input = Input::Question(question.clone());
    let mut session = session_of(state, chat, admin);
    // A reply to one of the bot's answers is about that answer's article.
    let replied = msg.reply_to_message().and_then(|r| {
        state
            .answered
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&(chat.0, r.id.0))
            .cloned()
    });
    if let Some(context) = replied {
        session.reply_to(context);
    }
    let Some((response, session)) = respond_blocking(bot, state, chat, session, input).await else {
        answering_failed(bot, state, chat, reply_to);
        return;
    };
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let answered = matches!(response, Response::Answers { .. } | Response::Summary(_));
    tracing::info!(
        chat = chat.0,
        latency_ms = format!("{latency_ms:.1}"),
        answered,
        "question"
    );
    state
        .stats
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .record(&question, answered, &crate::bot::stats::today());
    let about = matches!(response, Response::Answers { .. })
        .then(|| session.context().cloned())
        .flatten();
    keep_session(state, chat, session.clone());
    tracing::debug!(chat = chat.0, question = %Escaped(&question), "question text");
    let text = html(state, chat, &response);
    let markup = response.has_more().then(|| {
        let paged = Paged {
            session,
            html: text.clone(),
        };
        more_button(state, chat, remember(state, chat, paged))
    });
    deliver_answer(bot, state, chat, text, markup, reply_to, about);
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
    let text = html(state, chat, &response);
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
        .map(|key| more_button(state, chat, key));
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

/// The list and page a page button asks for, if it is this run's and remembered.
fn page_pressed(state: &State, q: &CallbackQuery) -> Option<(Listing, usize)> {
    let data = q.data.as_deref().unwrap_or_default();
    let ["page", run, key, page] = data.split(':').collect::<Vec<_>>()[..] else {
        return None;
    };
    if run.parse::<u32>().ok() != Some(state.run_id) {
        return None;
    }
    let key = key.parse::<u64>().ok()?;
    let page = page.parse::<usize>().ok()?;
    let lists = state.lists.lock().unwrap_or_else(|p| p.into_inner());
    lists.get(&key).map(|l| (l.clone(), page))
}

/// A page button: the message shows the page asked for, with its buttons.
async fn turn_page(bot: &TgBot, state: &Arc<State>, q: &CallbackQuery) -> ResponseResult<bool> {
    let (Some((listing, page)), Some(message)) = (page_pressed(state, q), q.regular_message())
    else {
        return Ok(false);
    };
    let (chat, id) = (message.chat.id, message.id);
    with_retry("answerCallbackQuery", || {
        bot.answer_callback_query(q.id.clone()).send()
    })
    .await?;
    if refused(bot, state, chat) {
        return Ok(true);
    }
    let input = Input::Articles(listing, page);
    let Some((response, _)) = respond_blocking(bot, state, chat, Session::default(), input).await
    else {
        return Ok(true);
    };
    let text = html(state, chat, &response);
    let markup = page_buttons(state, chat, &response);
    let _ = with_retry("editMessageText", || {
        let mut req = bot
            .edit_message_text(chat, id, text.clone())
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        if let Some(m) = markup.clone() {
            req = req.reply_markup(m);
        }
        req.send()
    })
    .await;
    Ok(true)
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
    if turn_page(&bot, &state, &q).await? {
        return Ok(());
    }
    let message = q.regular_message().map(|m| (m.chat.id, m.id));
    let (Some((key, paged)), Some((chat, message))) = (pressed(&state, &q), message) else {
        with_retry("answerCallbackQuery", || {
            bot.answer_callback_query(q.id.clone())
                .text(translations::catalogue_for(q.from.language_code.as_deref()).expired)
                .send()
        })
        .await?;
        return Ok(());
    };
    with_retry("answerCallbackQuery", || {
        bot.answer_callback_query(q.id.clone()).send()
    })
    .await?;
    state.note_language(chat, Some(&q.from));
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
            render::escape_html(state.words_in(chat).no_more)
        );
        let _ = edit(done, None).await;
        return;
    }
    let next = html(state, chat, &response);
    let combined = format!("{before}\n\n{next}");
    if combined.chars().count() <= render::TELEGRAM_MAX_CHARS {
        let markup = response.has_more().then(|| more_button(state, chat, key));
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
        more_button(state, chat, remember(state, chat, paged))
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
