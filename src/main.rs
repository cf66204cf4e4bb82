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
use articlebot::bot::limits::RateLimit;
use articlebot::bot::live::{self, KbHandle};
use articlebot::bot::{check, console, logging, messages, render, show, telegram, translations};
use articlebot::eval;
use articlebot::knowledge::snapshot;
use clap::Parser;
use cli::args::{Cli, Command};
use cli::store::Tables;
use serde_json::json;

/// mimalloc rather than glibc's allocator: loading a folder allocates and
/// frees small vectors and strings per sentence and per word, and glibc's
/// malloc and free (with its free-list consolidation) took about a fifth
/// of a cold load's CPU (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli {
    //! The command line: its arguments, and its parts that are more than a
    //! few lines each.
    pub(crate) mod args;
    pub(crate) mod store;
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
    // The engine's own tables are built on the other core while the
    // articles load, so the first question does not wait for them; the
    // commands that answer nothing do not build them.
    let answers = !matches!(command, Command::Check { .. } | Command::Show { .. });
    #[cfg(feature = "store")]
    let answers = answers && !matches!(command, Command::Store { .. });
    let prepared = std::cell::Cell::new(answers.then(|| std::thread::spawn(answer::prepare)));
    // `ask` and `eval` answer and exit: a snapshot only when one is given.
    // Their start-up ends when the tables are ready too, so no question's
    // time holds the rest of it.
    let load_once = || {
        let kb = match store {
            Some(url) => cli::store::load(url),
            None => load(
                &cli.knowledge,
                cache(
                    &cli.knowledge,
                    cli.cache_dir.as_deref(),
                    cli.no_cache,
                    false,
                )
                .as_deref(),
            ),
        };
        if let Some(handle) = prepared.take() {
            // The tables are compiled in and checked by tests: a panic
            // here would be a bug, and a question would meet it anyway.
            let _ = handle.join();
        }
        kb
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
