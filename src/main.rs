//! The `articlebot` command and the one composition root: it parses the
//! command line (every setting is an argument with its environment
//! variable), starts logging, loads the knowledge folder, and for the
//! long-running modes builds the shared table handle and its watcher before
//! handing them to the console chat or the Telegram bot. All answering
//! lives in the library.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use articlebot::KnowledgeBase;
use articlebot::answer::{self, RankConfig};
use articlebot::bot::limits::{RateLimit, RateSetting};
use articlebot::bot::live::{self, KbHandle};
use articlebot::bot::{check, console, logging, messages, render, show, telegram, translations};
use articlebot::eval;
use articlebot::knowledge::snapshot;
use clap::{Args, Parser, Subcommand};
use cli::store::Tables;
use serde_json::json;

/// mimalloc rather than glibc's allocator: loading a folder allocates and
/// frees small vectors and strings per sentence and per word, and glibc's
/// malloc and free (with its free-list consolidation) took about a fifth
/// of a cold load's CPU (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli {
    //! The command line's parts that are more than a few lines each.
    pub(crate) mod store;
}

#[derive(Parser)]
#[command(
    name = "articlebot",
    version,
    about = "A Telegram bot that answers questions about a folder of news articles."
)]
struct Cli {
    /// The folder of article files (.txt, .md, .html).
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_KNOWLEDGE",
        default_value = "knowledge"
    )]
    knowledge: PathBuf,
    /// The folder keeping the table's snapshot, so a start opens it instead
    /// of reading every file again. `chat` and `telegram` use
    /// `<knowledge>.cache` beside the folder when not given (the user's
    /// cache folder when that cannot be written); `ask` and `eval` only when
    /// given; `check` always reads every file. Deleting it is always safe.
    #[arg(long, global = true, env = "ARTICLEBOT_CACHE_DIR")]
    cache_dir: Option<PathBuf>,
    /// Neither read nor write a snapshot: build the table from the folder.
    #[arg(long, global = true, env = "ARTICLEBOT_NO_CACHE")]
    no_cache: bool,
    /// A PostgreSQL store of articles (postgres://user@host:port/db) that
    /// `chat`, `telegram`, `ask` and `eval` build the table from instead of
    /// the folder; `store init` and `store import` manage it. May hold a
    /// password: never logged.
    #[cfg(feature = "store")]
    #[arg(long, global = true, env = "ARTICLEBOT_STORE", hide_env_values = true)]
    store: Option<String>,
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
    retrieval: cli::store::Retrieval,
    /// The console's language (en, ru, uk, de, es, fr, zh; a locale such as
    /// de_DE.UTF-8 will do). Telegram speaks each user's own language.
    #[arg(long, global = true, env = "LANG")]
    lang: Option<String>,
    #[command(flatten)]
    telegram: TelegramArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

/// The Telegram bot's settings; global, so they may stand before or after
/// the command, and read from the environment (or a .env file) when not
/// given.
#[derive(Args)]
struct TelegramArgs {
    /// The bot token from @BotFather. Never logged.
    #[arg(long, global = true, env = "TELOXIDE_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Another Bot API server (a local one, a test emulator).
    #[arg(long, global = true, env = "TELOXIDE_API_URL")]
    api_url: Option<url::Url>,
    /// Answer only these chat ids (comma-separated); others get one refusal.
    /// Empty means every chat.
    #[arg(long, global = true, env = "ARTICLEBOT_ALLOWED_CHATS")]
    allowed_chats: Option<telegram::ChatIds>,
    /// Messages a user may send: "messages/seconds", or 0 for no limit.
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_RATE_LIMIT",
        default_value = "20/60"
    )]
    rate_limit: RateSetting,
    /// Seconds a flooding user is ignored after the "slow down".
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_RATE_COOLDOWN",
        default_value_t = 60
    )]
    rate_cooldown: u64,
    /// Telegram user ids (comma-separated) allowed to add and remove
    /// articles, reload the folder and see /stats.
    #[arg(long, global = true, env = "ARTICLEBOT_ADMINS")]
    admins: Option<telegram::ChatIds>,
    /// Seconds a chat's last answer is remembered for follow-up questions.
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_FOLLOW_UP_SECONDS",
        default_value_t = 600
    )]
    follow_up_seconds: u64,
    /// Let /add URL fetch from loopback, private and other non-public
    /// addresses (for tests against a local server; off in production).
    #[arg(long, global = true, env = "ARTICLEBOT_FETCH_PRIVATE")]
    fetch_private: bool,
    /// Receive updates at this public HTTPS address (behind a reverse proxy
    /// or load balancer) instead of polling; replicas share one address.
    #[arg(long, global = true, env = "ARTICLEBOT_WEBHOOK_URL")]
    webhook_url: Option<url::Url>,
    /// Where the webhook's plain-HTTP server listens; the proxy in front
    /// terminates TLS. 0.0.0.0:8443 accepts a load balancer on another host.
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_WEBHOOK_LISTEN",
        default_value = "127.0.0.1:8443"
    )]
    webhook_listen: std::net::SocketAddr,
    /// The secret Telegram sends with each update (A-Z, a-z, 0-9, _ and -);
    /// by default derived from the token, the same in every replica. Never logged.
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    webhook_secret: Option<String>,
}

#[derive(Subcommand)]
enum Command {
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
        action: cli::store::StoreCommand,
    },
}

fn main() -> ExitCode {
    // A .env file is a convenience for the token; its absence is normal.
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    // The webhook's secrets are scrubbed from the log like the token.
    let secrets: Vec<String> = cli
        .telegram
        .webhook_secret
        .iter()
        .cloned()
        .chain(cli.telegram.token.as_deref().map(telegram::derived_secret))
        .collect();
    logging::init(cli.telegram.token.as_deref(), &secrets);
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let token = cli.telegram.token.clone().filter(|t| !t.trim().is_empty());
    let command = cli.command.unwrap_or(if token.is_some() {
        Command::Telegram
    } else {
        Command::Chat
    });
    #[cfg(feature = "store")]
    let store = cli.store.as_deref().filter(|s| !s.trim().is_empty());
    #[cfg(not(feature = "store"))]
    let store: Option<&str> = None;
    #[cfg(feature = "store")]
    let retrieved = cli.retrieval == cli::store::Retrieval::Postgres;
    #[cfg(not(feature = "store"))]
    let retrieved = false;
    // `ask` and `eval` answer and exit: a snapshot only when one is given.
    let load_once = || {
        if let Some(url) = store {
            return cli::store::load(url);
        }
        load(
            &cli.knowledge,
            cache(
                &cli.knowledge,
                cli.cache_dir.as_deref(),
                cli.no_cache,
                false,
            )
            .as_deref(),
        )
    };
    match command {
        Command::Check { json } => check(&cli.knowledge, json),
        Command::Show { files, json } => show(&files, json),
        Command::Ask {
            questions,
            top,
            json,
        } => {
            let mut tables = tables(store, retrieved, &load_once)?;
            let top = top.map_or(if json { 10 } else { 1 }, usize::from);
            ask(
                &mut tables,
                questions,
                top,
                json,
                translations::catalogue_for(cli.lang.as_deref()),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            questions,
            output,
            config,
            json,
            features,
            span_features,
        } => {
            let cfg: RankConfig = match config {
                Some(c) => serde_json::from_str(&c).context("parsing --config")?,
                None => RankConfig::default(),
            };
            if retrieved && (features.is_some() || span_features.is_some()) {
                anyhow::bail!("--features and --span-features need --retrieval memory");
            }
            match (features, span_features) {
                (Some(path), _) => dump_features(&load_once()?, &questions, &path, &cfg)?,
                (None, Some(path)) => span_table(&load_once()?, &questions, &path, &cfg)?,
                (None, None) => {
                    let mut tables = tables(store, retrieved, &load_once)?;
                    eval_cmd(&mut tables, &questions, output.as_deref(), &cfg, json)?
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "store")]
        Command::Store { action } => cli::store::run(store, action, &cli.knowledge),
        Command::Chat => {
            let (handle, _kept) = live_table(
                store,
                retrieved,
                &cli.knowledge,
                cli.cache_dir.as_deref(),
                cli.no_cache,
            )?;
            let stdin = std::io::stdin();
            let tty = stdin.is_terminal();
            console::run(
                &handle,
                Duration::from_secs(cli.telegram.follow_up_seconds),
                translations::catalogue_for(cli.lang.as_deref()),
                stdin.lock(),
                std::io::stdout().lock(),
                tty,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Telegram => {
            let settings = cli.telegram;
            let config = telegram::Config {
                token: token.unwrap_or_default(),
                api_url: settings.api_url,
                allowed_chats: settings
                    .allowed_chats
                    .map(|ids| ids.0)
                    .filter(|ids| !ids.is_empty()),
                rate_limit: RateLimit::new(
                    settings.rate_limit,
                    Duration::from_secs(settings.rate_cooldown),
                ),
                words: &messages::EN,
                admins: settings.admins.map(|ids| ids.0).unwrap_or_default(),
                knowledge: cli.knowledge.clone(),
                library: match store {
                    #[cfg(feature = "store")]
                    Some(url) => articlebot::bot::admin::Library::Store(url.to_string()),
                    _ => articlebot::bot::admin::Library::Folder(cli.knowledge.clone()),
                },
                follow_up: Duration::from_secs(settings.follow_up_seconds),
                fetch_private: settings.fetch_private,
                webhook: settings.webhook_url.map(|url| telegram::Webhook {
                    url,
                    listen: settings.webhook_listen,
                    secret: settings.webhook_secret.filter(|s| !s.is_empty()),
                }),
            };
            if config.token.is_empty() {
                // Said before loading: a missing token is the likelier mistake.
                anyhow::bail!(telegram::NO_TOKEN);
            }
            // Loaded (and the cache folder made) only once the bot will start.
            let (handle, _kept) = live_table(
                store,
                retrieved,
                &cli.knowledge,
                cli.cache_dir.as_deref(),
                cli.no_cache,
            )?;
            telegram::serve(handle, config)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The snapshot file to start from and keep: in `--cache-dir` when given;
/// else, when `default` (the long-running modes), in the folder
/// `snapshot::choose_cache_dir` finds; none with `--no-cache`.
fn cache(
    knowledge: &Path,
    cache_dir: Option<&Path>,
    no_cache: bool,
    default: bool,
) -> Option<PathBuf> {
    if no_cache {
        return None;
    }
    let folder = match cache_dir {
        Some(dir) => dir.to_path_buf(),
        None if default => {
            // The user's cache folder, as the XDG convention places it.
            let user = std::env::var_os("XDG_CACHE_HOME")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
            let found = snapshot::choose_cache_dir(knowledge, user.as_deref());
            if found.is_none() {
                tracing::warn!(
                    "no cache folder can be written (beside the knowledge folder or in the user's cache): every start reads every file"
                );
            }
            found?
        }
        None => return None,
    };
    Some(snapshot::snapshot_path(&folder))
}

/// Loads the folder (from the snapshot at `snapshot` when given and
/// valid), printing each skipped file as a warning.
fn load(dir: &Path, snapshot: Option<&Path>) -> anyhow::Result<KnowledgeBase> {
    let loading = || format!("loading {}", dir.display());
    let (kb, report, start) = match snapshot {
        Some(path) => KnowledgeBase::load_cached(dir, path).with_context(loading)?,
        None => {
            let (kb, report) = KnowledgeBase::load(dir).with_context(loading)?;
            (
                kb,
                report,
                snapshot::Start::Rebuilt(snapshot::SnapshotError::Missing),
            )
        }
    };
    for w in &report.warnings {
        tracing::warn!("{w}");
    }
    let from = match start {
        snapshot::Start::Snapshot => "snapshot",
        snapshot::Start::Updated => "snapshot and changed files",
        snapshot::Start::Rebuilt(_) => "files",
    };
    tracing::info!(
        articles = kb.articles().len(),
        sentences = kb.sentence_count(),
        from,
        seconds = report.seconds,
        "knowledge loaded from {}",
        logging::Escaped(&dir.display().to_string())
    );
    Ok(kb)
}

/// What keeps a long-running mode's table current while it lives.
enum Kept {
    /// The folder's watcher (none when the folder cannot be watched).
    Watcher(#[allow(dead_code)] Option<live::Watcher>),
    /// The store's follower.
    Follower(#[allow(dead_code)] cli::store::Follower),
    /// Nothing: with `--retrieval postgres` each input reads the store.
    Nothing,
}

/// The table of a long-running mode, loaded and shared, and what keeps it
/// current for as long as that lives: the store's follower with `--store`,
/// else the folder's watcher, each reload rewriting the snapshot when there
/// is one. With `--retrieval postgres`, no table: each input's comes from
/// the store.
fn live_table(
    store: Option<&str>,
    retrieved: bool,
    dir: &Path,
    cache_dir: Option<&Path>,
    no_cache: bool,
) -> anyhow::Result<(KbHandle, Kept)> {
    if retrieved {
        let url = store.context("--retrieval postgres needs --store postgres://...")?;
        return Ok((cli::store::retrieving(url)?, Kept::Nothing));
    }
    if let Some(url) = store {
        let (handle, follower) = cli::store::table(url, cache_dir, no_cache)?;
        return Ok((handle, Kept::Follower(follower)));
    }
    let snapshot = cache(dir, cache_dir, no_cache, true);
    let kb = load(dir, snapshot.as_deref())?;
    let handle = match snapshot {
        Some(path) => KbHandle::with_snapshot(kb, path),
        None => KbHandle::new(kb),
    };
    let watcher = match live::watch(dir.to_path_buf(), handle.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            tracing::warn!(
                "cannot watch {} for changes (restart to pick up new articles): {e}",
                dir.display()
            );
            None
        }
    };
    Ok((handle, Kept::Watcher(watcher)))
}

fn check(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let (kb, report) = match KnowledgeBase::load(dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {:#}", anyhow::Error::from(e));
            return Ok(ExitCode::FAILURE);
        }
    };
    let text = if json {
        serde_json::to_string_pretty(&check::json(&kb, &report))? + "\n"
    } else {
        check::text(&kb, &report, dir)
    };
    // A reader that has seen enough (`check | head`) is not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    if kb.articles().is_empty() {
        // Valid for the bot (it says it knows nothing), but `check` is asked
        // whether the folder is usable: it is not.
        eprintln!(
            "error: no article could be loaded from {} ({} file(s) skipped); add .txt, .md or .html files",
            dir.display(),
            report.warnings.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints what the loader keeps of each file; fails when none is kept.
fn show(files: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut kept_any = false;
    for file in files {
        let kept = articlebot::knowledge::keep(file);
        kept_any |= kept.is_ok();
        let text = if json {
            show::json(file, &kept).to_string() + "\n"
        } else {
            show::text(file, &kept) + "\n"
        };
        // A reader that has seen enough (`show | head`) is not an error.
        match out.write_all(text.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            r => r?,
        }
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(if kept_any {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The tables `ask` and `eval` answer over: the store's per question with
/// `--retrieval postgres`, else the one `load` builds.
fn tables(
    store: Option<&str>,
    retrieved: bool,
    load: &dyn Fn() -> anyhow::Result<KnowledgeBase>,
) -> anyhow::Result<Tables> {
    if retrieved {
        let url = store.context("--retrieval postgres needs --store postgres://...")?;
        #[cfg(feature = "store")]
        return Tables::retrieved(url);
        #[cfg(not(feature = "store"))]
        unreachable!("no --retrieval without the store feature: {url}");
    }
    Ok(Tables::Whole(std::sync::Arc::new(load()?)))
}

fn ask(
    tables: &mut Tables,
    questions: Vec<String>,
    top: usize,
    json: bool,
    words: &messages::Catalogue,
) -> anyhow::Result<()> {
    let cfg = RankConfig::default();
    let mut out = std::io::stdout().lock();
    let mut one = |q: &str, out: &mut dyn Write| -> anyhow::Result<()> {
        let kb = tables.table(q)?;
        let reply = answer::answer(&kb, q, &cfg, top);
        if json {
            let answers: Vec<serde_json::Value> = reply
                .answers
                .iter()
                .map(|a| json!({"text": a.text, "article": a.article, "title": a.title, "url": a.url, "score": a.score, "highlight": a.highlight_text()}))
                .collect();
            writeln!(out, "{}", json!({"question": q, "answers": answers}))?;
        } else {
            writeln!(out, "{}\n", render::reply_plain(&reply, words))?;
        }
        Ok(())
    };
    if questions.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line?;
            if !line.trim().is_empty() {
                one(&line, &mut out)?;
            }
        }
    } else {
        for q in &questions {
            one(q, &mut out)?;
        }
    }
    Ok(())
}

fn dump_features(
    kb: &KnowledgeBase,
    questions: &Path,
    path: &Path,
    cfg: &RankConfig,
) -> anyhow::Result<()> {
    let gold = eval::read_questions(questions)?;
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    eval::dump_features(kb, &gold, cfg, &mut f)?;
    f.flush()?;
    Ok(())
}

/// Writes the span model's training table (see `eval::span_features`).
fn span_table(
    kb: &KnowledgeBase,
    questions: &Path,
    path: &Path,
    cfg: &RankConfig,
) -> anyhow::Result<()> {
    let gold = eval::read_questions(questions)?;
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    for line in eval::span_features(kb, &gold, cfg) {
        writeln!(f, "{line}")?;
    }
    f.flush()?;
    Ok(())
}

fn eval_cmd(
    tables: &mut Tables,
    questions: &Path,
    output: Option<&Path>,
    cfg: &RankConfig,
    json: bool,
) -> anyhow::Result<()> {
    let gold = eval::read_questions(questions)?;
    let mut failed = None;
    let empty = std::sync::Arc::new(KnowledgeBase::from_sources(Vec::new(), None).0);
    let (run, m) = eval::evaluate_with(&gold, cfg, |q| {
        tables.table(q).unwrap_or_else(|e| {
            failed.get_or_insert(e);
            std::sync::Arc::clone(&empty)
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if let Some(path) = output {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        for line in &run {
            writeln!(f, "{}", serde_json::to_string(line)?)?;
        }
        f.flush()?;
    }
    if json {
        println!("{}", serde_json::to_string(&m)?);
    } else {
        println!(
            "questions={} answered={} hit@1={:.4} hit@3={:.4} mrr@10={:.4} phrase_em={:.4} phrase_f1={:.4} abstention={:.4} mean_top1_chars={:.1} qps={:.0} p50={:.3}ms p99={:.3}ms",
            m.questions,
            m.answered,
            m.hit1,
            m.hit3,
            m.mrr,
            m.phrase_em,
            m.phrase_f1,
            m.abstention,
            m.mean_top1_chars,
            m.questions_per_second,
            m.p50_ms,
            m.p99_ms
        );
    }
    Ok(())
}
