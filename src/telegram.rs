//! The Telegram adapter: the only module that knows teloxide. It turns
//! updates into [`crate::conversation`] calls and sends the strings back,
//! with Telegram's manners: HTML parse mode, a "More" button, typing
//! indicator, group mention gating, an optional allowlist, rate limits
//! (teloxide's `Throttle`), retries of failed sends, and a clean shutdown.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::UpdateFilterExt;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, ChatAction, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions,
    MessageId, ParseMode, ReplyParameters,
};
use teloxide::{ApiError, RequestError};

use crate::conversation::{self, Input};
use crate::limits::{Limiter, RateLimit, Seen, Verdict};
use crate::live::{self, KbHandle};
use crate::logging::Escaped;
use crate::render;

type TgBot = Throttle<Bot>;

/// How long answering may take before the user sees "typing…".
const TYPING_AFTER: Duration = Duration::from_millis(300);
/// "More" buttons remembered (oldest forgotten first): bounds memory.
const REMEMBERED_QUESTIONS: usize = 10_000;
/// Attempts for one send before giving up (and logging it).
const SEND_ATTEMPTS: u32 = 6;
/// How long one `getUpdates` waits for news: Telegram holds the request
/// open that long when nothing happens.
const POLL_TIMEOUT: Duration = Duration::from_secs(30);
/// The HTTP client's limit on one request. It must exceed the long poll's,
/// or every idle poll fails as a timeout (teloxide's default client gives
/// up after 17 s) and the back-off that follows delays the next answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(45);
/// After Ctrl-C or SIGTERM, how long replies in flight may finish before
/// they are given up (a reply queued behind Telegram's rate limits can wait
/// a minute; a stopping bot must not).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// A question whose "More" button is live.
struct Asked {
    question: String,
    shown: usize,
    html: String,
}

/// Live "More" buttons by key, oldest first for forgetting.
#[derive(Default)]
struct AskedStore {
    next_key: u64,
    map: HashMap<u64, Asked>,
    order: VecDeque<u64>,
}

/// Everything the handlers share.
struct State {
    kb: KbHandle,
    username: String,
    bot_id: UserId,
    allowed: Option<HashSet<i64>>,
    refused: Mutex<HashSet<i64>>,
    asked: Mutex<AskedStore>,
    /// Messages and button presses already handled: a repeated update gets
    /// no second answer.
    handled: Mutex<Seen<(i64, i32)>>,
    callbacks: Mutex<Seen<String>>,
    limiter: Option<Mutex<Limiter>>,
    /// Replies queued or being sent: what a shutdown gives up.
    in_flight: std::sync::atomic::AtomicUsize,
    /// The last queued delivery per chat; the next one waits for it, so a
    /// chat's replies keep their order while handlers return at once.
    outbox: Mutex<HashMap<ChatId, tokio::task::JoinHandle<()>>>,
    /// Differs between runs, so buttons from before a restart are
    /// recognised as expired instead of answering something else.
    run_id: u32,
}

/// Parses `ARTICLEBOT_ALLOWED_CHATS` ("123, -100456"): `None` when unset.
pub fn allowed_chats(value: Option<&str>) -> anyhow::Result<Option<HashSet<i64>>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let ids = v
        .split(',')
        .map(|s| {
            s.trim()
                .parse::<i64>()
                .with_context(|| format!("ARTICLEBOT_ALLOWED_CHATS: {s:?} is not a chat id"))
        })
        .collect::<anyhow::Result<HashSet<i64>>>()?;
    Ok(Some(ids))
}

/// Runs the bot until Ctrl-C or SIGTERM.
pub fn run(dir: PathBuf) -> anyhow::Result<()> {
    let token = std::env::var("TELOXIDE_TOKEN").unwrap_or_default();
    if token.trim().is_empty() {
        bail!(
            "no bot token. Talk to @BotFather in Telegram, send /newbot, and copy the token it gives you; then run\n  \
             TELOXIDE_TOKEN=<token> cargo run --release\nor put TELOXIDE_TOKEN=<token> in a .env file here. \
             Without a token, `cargo run --release -- chat` answers in the console."
        );
    }
    let allowed = allowed_chats(std::env::var("ARTICLEBOT_ALLOWED_CHATS").ok().as_deref())?;
    let limit = RateLimit::from_env(
        std::env::var("ARTICLEBOT_RATE_LIMIT").ok().as_deref(),
        std::env::var("ARTICLEBOT_RATE_COOLDOWN").ok().as_deref(),
    )
    .map_err(anyhow::Error::msg)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let api_url = match std::env::var("TELOXIDE_API_URL") {
        Ok(api) => Some(
            url::Url::parse(&api)
                .with_context(|| format!("TELOXIDE_API_URL is not a URL: {api:?}"))?,
        ),
        Err(_) => None,
    };
    let bot = make_bot(token, api_url)?;
    let result = runtime.block_on(serve(bot, dir, allowed, limit));
    // Answering runs on blocking threads; one still busy must not hold the
    // process after the dispatcher has stopped.
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// A Bot API client whose request timeout outlasts the long poll.
fn make_bot(token: String, api_url: Option<url::Url>) -> anyhow::Result<Bot> {
    let client = teloxide::net::default_reqwest_settings()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .context("building the HTTP client")?;
    let bot = Bot::with_client(token, client);
    Ok(match api_url {
        Some(url) => bot.set_api_url(url),
        None => bot,
    })
}

async fn serve(
    bot: Bot,
    dir: PathBuf,
    allowed: Option<HashSet<i64>>,
    limit: Option<RateLimit>,
) -> anyhow::Result<()> {
    let load_dir = dir.clone();
    let (kb, report) =
        tokio::task::spawn_blocking(move || crate::KnowledgeBase::load(&load_dir)).await??;
    for w in &report.warnings {
        tracing::warn!("{w}");
    }
    tracing::info!(
        articles = kb.articles().len(),
        sentences = kb.sentences().len(),
        "knowledge loaded from {}",
        dir.display()
    );
    let handle = KbHandle::new(kb);
    let _watcher = match live::watch(dir.clone(), handle.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            tracing::warn!(
                "cannot watch {} for changes (restart to pick up new articles): {e}",
                dir.display()
            );
            None
        }
    };

    let bot = bot.throttle(Limits::default());
    // An unreachable API at start-up is waited out, not fatal: the bot may
    // start before the network does. A rejected token is final.
    let me = loop {
        match with_retry("getMe", || bot.get_me().send()).await {
            Ok(me) => break me,
            Err(RequestError::Api(ApiError::InvalidToken)) => {
                bail!("Telegram rejected the bot token; check TELOXIDE_TOKEN")
            }
            Err(RequestError::Api(e)) => bail!("the Bot API refused getMe: {e}"),
            Err(e) => {
                tracing::warn!("cannot reach the Telegram Bot API yet ({e}); trying again in 30 s");
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
        }
    };
    let username = me.username().to_string();
    tracing::info!("running as @{username}");
    let commands = vec![
        BotCommand::new("start", "What I know and how to ask"),
        BotCommand::new("help", "How to ask, and the commands"),
        BotCommand::new("articles", "The articles I have read"),
        BotCommand::new("about", "Version and source"),
    ];
    if let Err(e) = with_retry("setMyCommands", || {
        bot.set_my_commands(commands.clone()).send()
    })
    .await
    {
        tracing::warn!("could not set the command menu: {e}");
    }
    let state = Arc::new(State {
        kb: handle,
        username,
        bot_id: me.id,
        allowed,
        refused: Mutex::new(HashSet::new()),
        asked: Mutex::new(AskedStore::default()),
        handled: Mutex::new(Seen::new(REMEMBERED_QUESTIONS)),
        callbacks: Mutex::new(Seen::new(REMEMBERED_QUESTIONS)),
        limiter: limit.map(|l| Mutex::new(Limiter::new(l))),
        in_flight: std::sync::atomic::AtomicUsize::new(0),
        outbox: Mutex::new(HashMap::new()),
        run_id: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() as u32),
    });
    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback));
    let listener = teloxide::update_listeners::Polling::builder(bot.clone())
        .timeout(POLL_TIMEOUT)
        .backoff_strategy(poll_backoff)
        .delete_webhook()
        .await
        .build();
    let mut dispatcher = Dispatcher::builder(bot, handler)
        .dependencies(dptree::deps![state.clone()])
        .default_handler(|_| async {})
        .build();
    let token = dispatcher.shutdown_token();
    let dispatch = dispatcher.dispatch_with_listener(
        listener,
        LoggingErrorHandler::with_custom_text("polling the Bot API failed"),
    );
    tokio::pin!(dispatch);
    tokio::select! {
        () = &mut dispatch => {
            tracing::info!("stopped");
            return Ok(());
        }
        signal = stop_signal() => tracing::info!("{signal}: finishing replies in flight, then stopping"),
    }
    // Stop polling; replies already queued get a short grace.
    let grace_ends = tokio::time::Instant::now() + SHUTDOWN_GRACE;
    let _ = token.shutdown();
    let _ = tokio::time::timeout_at(grace_ends, &mut dispatch).await;
    let pending = || state.in_flight.load(std::sync::atomic::Ordering::Relaxed);
    while pending() > 0 && tokio::time::Instant::now() < grace_ends {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if pending() > 0 {
        tracing::warn!(
            pending = pending(),
            "stopping without the replies still queued (rate limits or an unreachable Bot API)"
        );
    }
    tracing::info!("stopped");
    Ok(())
}

/// Waits for Ctrl-C or (on Unix) SIGTERM, and says which came.
async fn stop_signal() -> &'static str {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return "Ctrl-C";
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => "Ctrl-C",
            _ = term.recv() => "SIGTERM",
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}

/// Pause before the next getUpdates after `errors` failures in a row:
/// doubling from half a second to half a minute, so an outage costs a
/// request every 30 s at most, and a blip is recovered from quickly.
fn poll_backoff(errors: u32) -> Duration {
    Duration::from_millis(500u64 << errors.min(6)).min(Duration::from_secs(30))
}

/// Retries a request on network faults, server errors and 429s, with
/// growing pauses; other errors (a bad request) are final.
async fn with_retry<T, F, Fut>(what: &str, mut request: F) -> Result<T, RequestError>
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
async fn send_html<B: Requester<Err = RequestError>>(
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

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

fn more_button(state: &State, key: u64) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
        "More",
        format!("more:{}:{key}", state.run_id),
    )]])
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
async fn refused(bot: &TgBot, state: &State, chat: ChatId) -> bool {
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
        let _ = send_html(
            bot,
            chat,
            "Sorry, this bot is private and does not answer in this chat.",
            None,
            None,
        )
        .await;
    }
    true
}

/// Queues a reply to `chat` behind the chat's earlier ones and returns at
/// once. Handlers of one chat run one after another; had each waited for
/// its send (up to a minute behind Telegram's per-chat rate limit), a flood
/// would be seen by the rate limiter only after its replies had gone out.
fn deliver(
    bot: &TgBot,
    state: &Arc<State>,
    chat: ChatId,
    html: String,
    markup: Option<InlineKeyboardMarkup>,
    reply_to: Option<MessageId>,
) {
    use std::sync::atomic::Ordering::Relaxed;
    state.in_flight.fetch_add(1, Relaxed);
    let mut outbox = state.outbox.lock().unwrap_or_else(|p| p.into_inner());
    if outbox.len() > REMEMBERED_QUESTIONS {
        outbox.retain(|_, last| !last.is_finished());
    }
    let previous = outbox.remove(&chat);
    let (bot, counter) = (bot.clone(), Arc::clone(state));
    let task = tokio::spawn(async move {
        if let Some(previous) = previous {
            let _ = previous.await;
        }
        // A failed send is logged by `with_retry`; the next reply still goes.
        let _ = send_html(&bot, chat, &html, markup, reply_to).await;
        counter.in_flight.fetch_sub(1, Relaxed);
    });
    outbox.insert(chat, task);
}

async fn on_message(bot: TgBot, msg: Message, state: Arc<State>) -> ResponseResult<()> {
    let chat = msg.chat.id;
    if msg.chat.is_channel() || refused(&bot, &state, chat).await {
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
    let group = !msg.chat.is_private();
    let reply_to = group.then_some(msg.id);
    let Some(text) = msg.text() else {
        let to_bot = msg
            .reply_to_message()
            .and_then(|r| r.from.as_ref())
            .is_some_and(|u| u.id == state.bot_id);
        if !group || to_bot {
            deliver(
                &bot,
                &state,
                chat,
                conversation::NOT_TEXT_REPLY.into(),
                None,
                reply_to,
            );
        }
        return Ok(());
    };
    if !addressed(&state, &msg, text) {
        return Ok(());
    }
    if let (Some(limiter), Some(user)) = (&state.limiter, msg.from.as_ref()) {
        let verdict = limiter
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .check(user.id.0 as i64, Instant::now());
        match verdict {
            Verdict::Allow => {}
            Verdict::Warn => {
                tracing::info!(
                    chat = chat.0,
                    user = user.id.0,
                    "rate limit: user is sending too fast"
                );
                // Throttle would queue this behind the flood's own replies
                // (20 a minute per chat), where it came ~40 s late. It is
                // one message, sent once per flood, within Telegram's limit
                // of one a second in a chat.
                let bot = bot.inner().clone();
                tokio::spawn(async move {
                    let _ =
                        send_html(&bot, chat, conversation::SLOW_DOWN_REPLY, None, reply_to).await;
                });
                return Ok(());
            }
            Verdict::Ignore => return Ok(()),
        }
    }
    let text = strip_mention(text, &state.username);
    let kb = state.kb.current();
    let html = match conversation::parse_input(&text, Some(&state.username)) {
        None => return Ok(()),
        Some(Input::Start) => render::escape_html(&conversation::greeting(&kb)),
        Some(Input::Help) => render::escape_html(&conversation::help()),
        Some(Input::Articles(page)) => conversation::articles_html(&kb, page).0,
        Some(Input::About) => render::escape_html(&conversation::about()),
        Some(Input::UnknownCommand(c)) => render::escape_html(&conversation::unknown_command(&c)),
        Some(Input::Empty) => render::escape_html(conversation::EMPTY_REPLY),
        Some(Input::Question(q)) => return answer_question(&bot, &state, &msg, q, reply_to).await,
    };
    deliver(&bot, &state, chat, html, None, reply_to);
    Ok(())
}

async fn answer_question(
    bot: &TgBot,
    state: &Arc<State>,
    msg: &Message,
    question: String,
    reply_to: Option<MessageId>,
) -> ResponseResult<()> {
    let chat = msg.chat.id;
    let started = Instant::now();
    let kb = state.kb.current();
    let q = question.clone();
    let mut work = tokio::task::spawn_blocking(move || conversation::ask(&kb, &q));
    let reply = tokio::select! {
        r = &mut work => r,
        _ = tokio::time::sleep(TYPING_AFTER) => {
            let _ = bot.send_chat_action(chat, ChatAction::Typing).await;
            work.await
        }
    };
    let Ok(reply) = reply else {
        tracing::error!(chat = chat.0, "answering failed");
        deliver(
            bot,
            state,
            chat,
            "Sorry, something went wrong while answering. Please try again.".into(),
            None,
            reply_to,
        );
        return Ok(());
    };
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        chat = chat.0,
        latency_ms = format!("{latency_ms:.1}"),
        answered = reply.knows(),
        "question"
    );
    tracing::debug!(chat = chat.0, question = %Escaped(&question), "question text");
    if !reply.knows() {
        deliver(bot, state, chat, render::reply_html(&reply), None, reply_to);
        return Ok(());
    }
    let shown = conversation::PAGE.min(reply.answers.len());
    let html = reply.answers[..shown]
        .iter()
        .map(render::answer_html)
        .collect::<Vec<_>>()
        .join("\n\n");
    let more = reply.answers.len() > shown;
    let markup = more.then(|| {
        more_button(
            state,
            remember(
                state,
                Asked {
                    question,
                    shown,
                    html: html.clone(),
                },
            ),
        )
    });
    deliver(bot, state, chat, html, markup, reply_to);
    Ok(())
}

/// Stores a question for its "More" button; returns the button's key.
fn remember(state: &State, asked: Asked) -> u64 {
    let mut store = state.asked.lock().unwrap_or_else(|p| p.into_inner());
    store.next_key += 1;
    let key = store.next_key;
    store.map.insert(key, asked);
    store.order.push_back(key);
    while store.order.len() > REMEMBERED_QUESTIONS {
        if let Some(old) = store.order.pop_front() {
            store.map.remove(&old);
        }
    }
    key
}

async fn on_callback(bot: TgBot, q: CallbackQuery, state: Arc<State>) -> ResponseResult<()> {
    if !state
        .callbacks
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .first_time(q.id.to_string())
    {
        return Ok(());
    }
    let data = q.data.clone().unwrap_or_default();
    let key = match data.split(':').collect::<Vec<_>>().as_slice() {
        ["more", run, key] if run.parse::<u32>().ok() == Some(state.run_id) => {
            key.parse::<u64>().ok()
        }
        _ => None,
    };
    let entry = key.and_then(|k| {
        state
            .asked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .map
            .get(&k)
            .map(|a| (a.question.clone(), a.shown, a.html.clone()))
    });
    let message = q.regular_message().map(|m| (m.chat.id, m.id));
    let (Some(key), Some((question, shown, html)), Some((chat, message))) = (key, entry, message)
    else {
        with_retry("answerCallbackQuery", || {
            bot.answer_callback_query(q.id.clone())
                .text("This button has expired. Please ask your question again.")
                .send()
        })
        .await?;
        return Ok(());
    };
    if refused(&bot, &state, chat).await {
        with_retry("answerCallbackQuery", || {
            bot.answer_callback_query(q.id.clone()).send()
        })
        .await?;
        return Ok(());
    }
    with_retry("answerCallbackQuery", || {
        bot.answer_callback_query(q.id.clone()).send()
    })
    .await?;
    let kb = state.kb.current();
    let reply = tokio::task::spawn_blocking(move || conversation::ask(&kb, &question))
        .await
        .map_err(|e| RequestError::Io(std::io::Error::other(e).into()))?;
    let next: Vec<String> = reply
        .answers
        .iter()
        .skip(shown)
        .take(conversation::PAGE)
        .map(render::answer_html)
        .collect();
    if next.is_empty() {
        let done = format!("{html}\n\n<i>No more answers.</i>");
        let _ = with_retry("editMessageText", || {
            bot.edit_message_text(chat, message, done.clone())
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview())
                .send()
        })
        .await;
        return Ok(());
    }
    let shown_now = shown + next.len();
    let combined = format!("{html}\n\n{}", next.join("\n\n"));
    let more = reply.answers.len() > shown_now;
    if combined.chars().count() <= render::TELEGRAM_MAX_CHARS {
        let markup = more.then(|| more_button(&state, key));
        let edited = with_retry("editMessageText", || {
            let mut req = bot
                .edit_message_text(chat, message, combined.clone())
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview());
            if let Some(m) = markup.clone() {
                req = req.reply_markup(m);
            }
            req.send()
        })
        .await;
        if edited.is_ok() {
            let mut store = state.asked.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(a) = store.map.get_mut(&key) {
                a.shown = shown_now;
                a.html = combined;
            }
            return Ok(());
        }
    }
    // Too long to grow the old message (or it cannot be edited): a new one.
    let html = next.join("\n\n");
    let markup = more.then(|| {
        more_button(
            &state,
            remember(
                &state,
                Asked {
                    question: reply.question.text.clone(),
                    shown: shown_now,
                    html: html.clone(),
                },
            ),
        )
    });
    send_html(&bot, chat, &html, markup, None).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_backoff_grows_and_is_capped() {
        assert_eq!(poll_backoff(0), Duration::from_millis(500));
        assert_eq!(poll_backoff(1), Duration::from_secs(1));
        assert_eq!(poll_backoff(20), Duration::from_secs(30));
    }

    #[test]
    fn parses_the_allowlist() {
        assert_eq!(allowed_chats(None).unwrap(), None);
        assert_eq!(allowed_chats(Some("  ")).unwrap(), None);
        assert_eq!(
            allowed_chats(Some("1, -1002")).unwrap(),
            Some([1, -1002].into_iter().collect())
        );
        assert!(allowed_chats(Some("1,abc")).is_err());
    }

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
