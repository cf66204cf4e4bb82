//! The Telegram adapter: the only module that knows teloxide. It starts
//! the bot with the table handle and settings [`crate::bot`]'s caller built,
//! turns updates into [`crate::bot::conversation::respond`] calls
//! (`handlers`) and delivers the rendered replies (`send`), with
//! Telegram's manners: HTML parse mode, a "More" button, typing indicator,
//! group mention gating, an optional allowlist, rate limits (teloxide's
//! `Throttle`), retries of failed sends, and a prompt shutdown. Admins add
//! and remove articles here (`admin`, fetching pages through `fetch`);
//! inline queries are answered by `inline`. Updates arrive by long
//! polling, or pushed to a webhook (`webhook`) for replicas behind a load
//! balancer.

mod admin;
mod fetch;
mod handlers;
mod inline;
mod send;
mod webhook;

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::Hash;
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, bail};
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::UpdateFilterExt;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, InlineQueryResult, Recipient};
use teloxide::{ApiError, RequestError};

use crate::bot::commands::{COMMANDS, Listing};
use crate::bot::conversation::Session;
use crate::bot::followup::Context as AnswerContext;
use crate::bot::limits::{Handled, Limiter, RateLimit};
use crate::bot::live::KbHandle;
use crate::bot::messages::Catalogue;
use crate::bot::stats::{SAVE_EVERY, Stats};
use crate::bot::translations;
use send::with_retry;
pub use webhook::{Webhook, derived_secret};

type TgBot = Throttle<Bot>;

/// "More" pages, chats and handled updates remembered (oldest forgotten
/// first): bounds memory whatever the traffic.
const REMEMBERED: usize = 10_000;
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

/// What the operator is told when the bot has no token.
pub const NO_TOKEN: &str = "no bot token. Talk to @BotFather in Telegram, send /newbot, and copy the token it gives you; then run\n  \
    TELOXIDE_TOKEN=<token> cargo run --release\nor put TELOXIDE_TOKEN=<token> in a .env file here. \
    Without a token, `cargo run --release -- chat` answers in the console.";

/// A list of chat ids ("123, -100456"); empty allows every chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatIds(pub HashSet<i64>);

/// A chat list entry that is not a chat id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a chat id")]
pub struct BadChatId(String);

impl std::str::FromStr for ChatIds {
    type Err = BadChatId;

    fn from_str(value: &str) -> Result<ChatIds, BadChatId> {
        value
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(|id| id.parse().map_err(|_| BadChatId(id.to_string())))
            .collect::<Result<_, _>>()
            .map(ChatIds)
    }
}

/// The Telegram bot's settings (the command line fills them).
#[derive(Debug, Clone)]
pub struct Config {
    /// The bot token from @BotFather.
    pub token: String,
    /// Another Bot API server (a local one, a test emulator).
    pub api_url: Option<url::Url>,
    /// Only these chats are answered, when set.
    pub allowed_chats: Option<HashSet<i64>>,
    /// The per-user rate limit, or none.
    pub rate_limit: Option<RateLimit>,
    /// The words the bot speaks.
    pub words: &'static Catalogue,
    /// Telegram user ids of the admins, who may add and remove articles.
    pub admins: HashSet<i64>,
    /// The knowledge folder (the figures sit beside it).
    pub knowledge: PathBuf,
    /// Where admins' articles go: the folder, or the store when one is set.
    pub library: crate::bot::admin::Library,
    /// How long a chat's last answer is remembered for follow-ups.
    pub follow_up: Duration,
    /// Whether /add URL may fetch from loopback and private addresses.
    pub fetch_private: bool,
    /// Updates pushed to this address instead of polled, when set.
    pub webhook: Option<Webhook>,
}

/// A "More" button's memory: the conversation it pages and the message
/// text so far (the button grows the message).
#[derive(Debug, Clone)]
struct Paged {
    session: Session,
    html: String,
}

/// A map that forgets its oldest entries past a size.
struct Bounded<K, V> {
    map: HashMap<K, V>,
    order: VecDeque<K>,
    capacity: usize,
}

impl<K: Hash + Eq + Clone, V> Bounded<K, V> {
    /// A map of [`REMEMBERED`] entries at most.
    fn new() -> Self {
        Bounded::with_capacity(REMEMBERED)
    }

    /// A map of `capacity` entries at most.
    fn with_capacity(capacity: usize) -> Self {
        Bounded {
            map: HashMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    fn insert(&mut self, key: K, value: V) {
        if self.map.insert(key.clone(), value).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.map.remove(&old);
            }
        }
    }

    fn get(&self, key: &K) -> Option<&V> {
        self.map.get(key)
    }

    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.map.get_mut(key)
    }
}

/// Everything the handlers share.
struct State {
    kb: KbHandle,
    /// The words for a user whose language the bot does not speak or
    /// Telegram does not tell.
    words: &'static Catalogue,
    /// Each chat's language, from its last writer's `language_code`.
    languages: Mutex<Bounded<ChatId, &'static Catalogue>>,
    username: String,
    bot_id: UserId,
    allowed: Option<HashSet<i64>>,
    refused: Mutex<HashSet<i64>>,
    /// "More" pages by button key.
    pages: Mutex<Bounded<u64, Paged>>,
    next_page: std::sync::atomic::AtomicU64,
    /// Each chat's latest "More" key, for a typed /more.
    last_page: Mutex<Bounded<ChatId, u64>>,
    /// Messages and button presses already handled: a repeated update gets
    /// no second answer.
    handled: Mutex<Handled<(i64, i32)>>,
    callbacks: Mutex<Handled<String>>,
    limiter: Option<Mutex<Limiter>>,
    /// Replies queued or being sent: what a shutdown gives up.
    in_flight: AtomicUsize,
    /// The last queued delivery per chat; the next one waits for it, so a
    /// chat's replies keep their order while handlers return at once.
    outbox: Mutex<HashMap<ChatId, tokio::task::JoinHandle<()>>>,
    /// Differs between runs, so buttons from before a restart are
    /// recognised as expired instead of answering something else.
    run_id: u32,
    admins: HashSet<i64>,
    library: crate::bot::admin::Library,
    follow_up: Duration,
    /// Each chat's conversation (its last answer, for follow-ups).
    sessions: Mutex<Bounded<ChatId, Session>>,
    /// What each answer the bot sent was about, by (chat, message): a
    /// reply to it asks about its article first.
    answered: Mutex<Bounded<(i64, i32), AnswerContext>>,
    /// The list a page button pages, by key.
    lists: Mutex<Bounded<u64, Listing>>,
    stats: Mutex<Stats>,
    /// Recent inline answers by query: typing a question sends one query a
    /// keystroke, and the same query comes from many users.
    inline_cache: Mutex<Bounded<String, (std::time::Instant, Vec<InlineQueryResult>)>>,
    http: reqwest::Client,
    fetch_private: bool,
}

impl State {
    /// Notes the language of the user writing in `chat` now.
    fn note_language(&self, chat: ChatId, user: Option<&teloxide::types::User>) {
        let Some(code) = user.and_then(|u| u.language_code.as_deref()) else {
            return;
        };
        self.languages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(chat, translations::catalogue_for(Some(code)));
    }

    /// The words to speak in `chat`: its last writer's language, if the
    /// bot speaks it.
    fn words_in(&self, chat: ChatId) -> &'static Catalogue {
        self.languages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&chat)
            .copied()
            .unwrap_or(self.words)
    }
}

/// Runs the bot on `handle` until Ctrl-C or SIGTERM.
pub fn serve(handle: KbHandle, config: Config) -> anyhow::Result<()> {
    if config.token.trim().is_empty() {
        bail!(NO_TOKEN);
    }
    let bot = make_bot(&config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(run(bot, handle, config));
    // Answering runs on blocking threads; one still busy must not hold the
    // process after the dispatcher has stopped.
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// A Bot API client whose request timeout outlasts the long poll.
fn make_bot(config: &Config) -> anyhow::Result<Bot> {
    let client = teloxide::net::default_reqwest_settings()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .context("building the HTTP client")?;
    let bot = Bot::with_client(config.token.clone(), client);
    Ok(match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    })
}

/// Who the bot is: an unreachable API at start-up is waited out, not fatal
/// (the bot may start before the network does); a rejected token is final.
async fn introduce(bot: &TgBot) -> anyhow::Result<teloxide::types::Me> {
    loop {
        match with_retry("getMe", || bot.get_me().send()).await {
            Ok(me) => return Ok(me),
            Err(RequestError::Api(ApiError::InvalidToken)) => {
                bail!("Telegram rejected the bot token; check TELOXIDE_TOKEN")
            }
            Err(RequestError::Api(e)) => bail!("the Bot API refused getMe: {e}"),
            Err(e) => {
                tracing::warn!("cannot reach the Telegram Bot API yet ({e}); trying again in 30 s");
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
        }
    }
}

/// Publishes the command table as Telegram's command menu: everyone's
/// commands by default, and in each admin's private chat the admin
/// commands too.
/// The command menu in `words`, with the admin commands for an admin.
fn menu(words: &Catalogue, admin: bool) -> Vec<BotCommand> {
    COMMANDS
        .iter()
        .filter(|c| c.in_menu && (admin || !c.admin))
        .map(|c| BotCommand::new(c.name, (c.menu)(words)))
        .collect()
}

async fn publish_commands(bot: &TgBot, words: &Catalogue, admins: &HashSet<i64>) {
    let everyone = menu(words, false);
    if let Err(e) = with_retry("setMyCommands", || {
        bot.set_my_commands(everyone.clone()).send()
    })
    .await
    {
        tracing::warn!("could not set the command menu: {e}");
    }
    // Each language the bot speaks gets the menu in its words.
    for (code, words) in translations::LANGUAGES {
        let menu = menu(words, false);
        if let Err(e) = with_retry("setMyCommands", || {
            bot.set_my_commands(menu.clone())
                .language_code(code.to_string())
                .send()
        })
        .await
        {
            tracing::warn!(language = code, "could not set the command menu: {e}");
        }
    }
    let all = menu(words, true);
    let mut admins: Vec<i64> = admins.iter().copied().collect();
    admins.sort_unstable();
    for admin in admins {
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(admin)),
        };
        if let Err(e) = with_retry("setMyCommands", || {
            bot.set_my_commands(all.clone()).scope(scope.clone()).send()
        })
        .await
        {
            // An admin who never wrote to the bot has no chat with it yet.
            tracing::warn!(admin, "could not set the admin command menu: {e}");
        }
    }
}

async fn run(bot: Bot, handle: KbHandle, config: Config) -> anyhow::Result<()> {
    let bot = bot.throttle(Limits::default());
    let me = introduce(&bot).await?;
    let username = me.username().to_string();
    tracing::info!("running as @{username}");
    publish_commands(&bot, config.words, &config.admins).await;
    let http = fetch::client(config.fetch_private).context("building the page fetcher")?;
    let stats = Stats::open(crate::bot::stats::path_for(&config.knowledge));
    let state = Arc::new(State {
        kb: handle,
        words: config.words,
        username,
        bot_id: me.id,
        allowed: config.allowed_chats,
        refused: Mutex::new(HashSet::new()),
        pages: Mutex::new(Bounded::new()),
        next_page: std::sync::atomic::AtomicU64::new(0),
        last_page: Mutex::new(Bounded::new()),
        languages: Mutex::new(Bounded::new()),
        handled: Mutex::new(Handled::new(REMEMBERED)),
        callbacks: Mutex::new(Handled::new(REMEMBERED)),
        limiter: config.rate_limit.map(|l| Mutex::new(Limiter::new(l))),
        in_flight: AtomicUsize::new(0),
        outbox: Mutex::new(HashMap::new()),
        run_id: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() as u32),
        admins: config.admins,
        library: config.library,
        follow_up: config.follow_up,
        sessions: Mutex::new(Bounded::new()),
        answered: Mutex::new(Bounded::new()),
        lists: Mutex::new(Bounded::new()),
        stats: Mutex::new(stats),
        inline_cache: Mutex::new(Bounded::with_capacity(inline::CACHED)),
        http,
        fetch_private: config.fetch_private,
    });
    let (stop_stats, stats_stopped) = tokio::sync::oneshot::channel();
    let stats_writer = tokio::spawn(keep_stats(Arc::clone(&state), stats_stopped));
    match &config.webhook {
        Some(hook) => {
            let listener = webhook::listen(&bot, hook, &config.token).await?;
            dispatch(
                bot,
                &state,
                listener,
                "receiving the webhook's updates failed",
            )
            .await;
        }
        None => {
            let listener = teloxide::update_listeners::Polling::builder(bot.clone())
                .timeout(POLL_TIMEOUT)
                .backoff_strategy(poll_backoff)
                .delete_webhook()
                .await
                .build();
            dispatch(bot, &state, listener, "polling the Bot API failed").await;
        }
    }
    // The last figures are written after the last reply's question counted.
    let _ = stop_stats.send(());
    let _ = stats_writer.await;
    tracing::info!("stopped");
    Ok(())
}

/// Writes the figures when they changed, every [`SAVE_EVERY`] and once
/// more when `stop` fires, off the async threads; one write at a time.
async fn keep_stats(state: Arc<State>, mut stop: tokio::sync::oneshot::Receiver<()>) {
    let mut tick = tokio::time::interval(SAVE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        tokio::select! {
            _ = tick.tick() => failing = write_stats(&state, failing).await,
            _ = &mut stop => break,
        }
    }
    write_stats(&state, failing).await;
}

/// Writes the figures if they changed; says whether writing failed (a
/// failure is logged when it starts, not at every retry).
async fn write_stats(state: &Arc<State>, failing: bool) -> bool {
    let unsaved = state
        .stats
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .unsaved();
    let Some(unsaved) = unsaved else {
        return failing;
    };
    let written = tokio::task::spawn_blocking(move || unsaved.write())
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)));
    match written {
        Ok(()) => false,
        Err(e) => {
            if !failing {
                tracing::warn!("could not save the question figures: {e}");
            }
            state
                .stats
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .not_saved();
            true
        }
    }
}

/// Dispatches the listener's updates (polled or pushed) until Ctrl-C or
/// SIGTERM (or the dispatcher stops), then gives replies in flight a short
/// grace.
async fn dispatch<L>(bot: TgBot, state: &Arc<State>, listener: L, failing: &'static str)
where
    L: teloxide::update_listeners::UpdateListener + Send,
    L::Err: std::fmt::Debug + Send + Sync + 'static,
{
    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(handlers::on_message))
        .branch(Update::filter_callback_query().endpoint(handlers::on_callback))
        .branch(Update::filter_inline_query().endpoint(inline::on_inline));
    let mut dispatcher = Dispatcher::builder(bot, handler)
        .dependencies(dptree::deps![state.clone()])
        .default_handler(|_| async {})
        .build();
    let token = dispatcher.shutdown_token();
    let dispatch =
        dispatcher.dispatch_with_listener(listener, LoggingErrorHandler::with_custom_text(failing));
    tokio::pin!(dispatch);
    tokio::select! {
        () = &mut dispatch => return,
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
    fn a_bounded_map_forgets_its_oldest_past_its_capacity() {
        let mut map = Bounded::with_capacity(2);
        for (k, v) in [(1, "a"), (2, "b"), (1, "a2"), (3, "c")] {
            map.insert(k, v);
        }
        assert_eq!(map.get(&1), None);
        assert_eq!((map.get(&2), map.get(&3)), (Some(&"b"), Some(&"c")));
        assert_eq!(map.map.len(), 2);
    }

    #[test]
    fn parses_chat_lists() {
        assert_eq!("".parse(), Ok(ChatIds(HashSet::new())));
        assert_eq!(
            "1, -1002,".parse(),
            Ok(ChatIds([1, -1002].into_iter().collect()))
        );
        assert_eq!("1,abc".parse::<ChatIds>(), Err(BadChatId("abc".into())));
    }

    #[test]
    fn the_menu_is_the_command_table() {
        let names: Vec<&str> = COMMANDS
            .iter()
            .filter(|c| c.in_menu)
            .map(|c| c.name)
            .collect();
        assert!(COMMANDS.iter().filter(|c| c.admin).all(|c| c.in_menu));
        assert_eq!(
            names,
            [
                "start", "help", "articles", "latest", "summary", "about", "add", "remove",
                "reload", "stats"
            ]
        );
    }
}
