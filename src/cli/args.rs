//! The command line: every setting an argument with its environment
//! variable (`Cli`, `TelegramArgs`), and the subcommands (`Command`).

use std::path::PathBuf;

use articlebot::bot::limits::RateSetting;
use articlebot::bot::telegram;
use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "articlebot",
    version,
    about = "A Telegram bot that answers questions about a folder of news articles."
)]
pub(crate) struct Cli {
    /// The folder of article files (.txt, .md, .html).
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_KNOWLEDGE",
        default_value = "knowledge"
    )]
    pub(crate) knowledge: PathBuf,
    /// The folder keeping the table's snapshot, so a start opens it instead
    /// of reading every file again. `chat` and `telegram` use
    /// `<knowledge>.cache` beside the folder when not given (the user's
    /// cache folder when that cannot be written); `ask` and `eval` only when
    /// given; `check` always reads every file. Deleting it is always safe.
    #[arg(long, global = true, env = "ARTICLEBOT_CACHE_DIR")]
    pub(crate) cache_dir: Option<PathBuf>,
    /// Neither read nor write a snapshot: build the table from the folder.
    #[arg(long, global = true, env = "ARTICLEBOT_NO_CACHE")]
    pub(crate) no_cache: bool,
    /// A PostgreSQL store of articles (postgres://user@host:port/db) that
    /// `chat`, `telegram`, `ask` and `eval` build the table from instead of
    /// the folder; `store init` and `store import` manage it. May hold a
    /// password: never logged.
    #[cfg(feature = "store")]
    #[arg(long, global = true, env = "ARTICLEBOT_STORE", hide_env_values = true)]
    pub(crate) store: Option<String>,
    /// Where a question's candidate sentences come from: `memory`, the
    /// table of every article, or `postgres`, the --store's full-text
    /// search (the articles of the best few hundred sentences; no table of
    /// every article is loaded).
    #[cfg(feature = "store")]
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_RETRIEVAL",
        value_enum,
        default_value = "memory"
    )]
    pub(crate) retrieval: super::store::Retrieval,
    /// The console's language (en, ru, uk, de, es, fr, zh; a locale such as
    /// de_DE.UTF-8 will do). Telegram speaks each user's own language.
    #[arg(long, global = true, env = "LANG")]
    pub(crate) lang: Option<String>,
    #[command(flatten)]
    pub(crate) telegram: TelegramArgs,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

/// The Telegram bot's settings; global, so they may stand before or after
/// the command, and read from the environment (or a .env file) when not
/// given.
#[derive(Args)]
pub(crate) struct TelegramArgs {
    /// The bot token from @BotFather. Never logged.
    #[arg(long, global = true, env = "TELOXIDE_TOKEN", hide_env_values = true)]
    pub(crate) token: Option<String>,
    /// Another Bot API server (a local one, a test emulator).
    #[arg(long, global = true, env = "TELOXIDE_API_URL")]
    pub(crate) api_url: Option<url::Url>,
    /// Answer only these chat ids (comma-separated); others get one refusal.
    /// Empty means every chat.
    #[arg(long, global = true, env = "ARTICLEBOT_ALLOWED_CHATS")]
    pub(crate) allowed_chats: Option<telegram::ChatIds>,
    /// Messages a user may send: "messages/seconds", or 0 for no limit.
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_RATE_LIMIT",
        default_value = "20/60"
    )]
    pub(crate) rate_limit: RateSetting,
    /// Seconds a flooding user is ignored after the "slow down".
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_RATE_COOLDOWN",
        default_value_t = 60
    )]
    pub(crate) rate_cooldown: u64,
    /// Telegram user ids (comma-separated) allowed to add and remove
    /// articles, reload the folder and see /stats.
    #[arg(long, global = true, env = "ARTICLEBOT_ADMINS")]
    pub(crate) admins: Option<telegram::ChatIds>,
    /// Seconds a chat's last answer is remembered for follow-up questions.
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_FOLLOW_UP_SECONDS",
        default_value_t = 600
    )]
    pub(crate) follow_up_seconds: u64,
    /// Let /add URL fetch from loopback, private and other non-public
    /// addresses (for tests against a local server; off in production).
    #[arg(long, global = true, env = "ARTICLEBOT_FETCH_PRIVATE")]
    pub(crate) fetch_private: bool,
    /// Receive updates at this public HTTPS address (behind a reverse proxy
    /// or load balancer) instead of polling; replicas share one address.
    #[arg(long, global = true, env = "ARTICLEBOT_WEBHOOK_URL")]
    pub(crate) webhook_url: Option<url::Url>,
    /// Where the webhook's plain-HTTP server listens; the proxy in front
    /// terminates TLS. 0.0.0.0:8443 accepts a load balancer on another host.
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_WEBHOOK_LISTEN",
        default_value = "127.0.0.1:8443"
    )]
    pub(crate) webhook_listen: std::net::SocketAddr,
    /// The secret Telegram sends with each update (A-Z, a-z, 0-9, _ and -);
    /// by default derived from the token, the same in every replica. Never logged.
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub(crate) webhook_secret: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Load the folder and report articles, sentences, terms, facts and skipped files.
    Check {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// What the bot keeps of each file: title, url, date, source, language, paragraphs.
    Show {
        /// Article files (.txt, .md, .html), read as the folder load reads them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// One JSON object a line.
        #[arg(long)]
        json: bool,
    },
    /// Answer each question given (or each line of standard input).
    Ask {
        /// Questions; none means read them from standard input, one a line.
        questions: Vec<String>,
        /// How many answers per question (default 1 for text, 10 for JSON).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        top: Option<u16>,
        /// One JSON object per question.
        #[arg(long)]
        json: bool,
    },
    /// An interactive console chat, formatted like the Telegram replies.
    Chat,
    /// Run a questions.jsonl against the knowledge and print quality and speed figures.
    Eval {
        /// A questions.jsonl file (or a folder holding one).
        #[arg(long)]
        questions: PathBuf,
        /// Write the ranked answers here, in the scorer's run format.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Ranker parameters as a JSON object (fields of RankConfig; others keep their defaults).
        #[arg(long)]
        config: Option<String>,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Instead of scoring, write each question's best candidates with
        /// the ranker's features and whether each hits (for
        /// bench/train-ranker.sh, which learns the ranker's weights).
        #[arg(long)]
        features: Option<PathBuf>,
        /// Write the span model's training table here instead of evaluating
        /// (for `scripts/span/train.py`).
        #[arg(long, hide = true)]
        span_features: Option<PathBuf>,
    },
    /// Run the Telegram bot (long polling, or a webhook with --webhook-url; needs TELOXIDE_TOKEN).
    Telegram,
    /// Manage the PostgreSQL store given by --store.
    #[cfg(feature = "store")]
    Store {
        #[command(subcommand)]
        action: super::store::StoreCommand,
    },
}
