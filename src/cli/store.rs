//! The command line's side of the PostgreSQL store: the `store`
//! subcommands (`init`, `import`), and a table built from the store's rows
//! — once for `ask` and `eval`, or shared and followed for the long-running
//! modes — or, with `--retrieval postgres`, the store's table per question. Without the `store` feature only stubs remain, never called
//! (there is no `--store` to give).

use std::path::Path;
#[cfg(feature = "store")]
use std::path::PathBuf;
#[cfg(feature = "store")]
use std::process::ExitCode;
use std::sync::Arc;

#[cfg(feature = "store")]
use anyhow::Context;
use articlebot::KnowledgeBase;
#[cfg(feature = "store")]
use articlebot::bot::live;
use articlebot::bot::live::KbHandle;
#[cfg(feature = "store")]
use articlebot::knowledge::snapshot;
#[cfg(feature = "store")]
use clap::Subcommand;

/// What keeps a store's table in step with its rows while it lives.
#[cfg(feature = "store")]
pub(crate) type Follower = articlebot::store::Follower;
/// Without the store feature there is never a follower.
#[cfg(not(feature = "store"))]
pub(crate) type Follower = std::convert::Infallible;

/// What `articlebot store` does.
#[cfg(feature = "store")]
#[derive(Subcommand)]
pub(crate) enum StoreCommand {
    /// Create the schema, or upgrade it to this build's (idempotent).
    Init,
    /// Copy a folder's articles into the store, read by the loader's rules;
    /// unchanged articles are left as they are.
    Import {
        /// The folder (default: --knowledge).
        dir: Option<PathBuf>,
    },
    /// Spread the sentences (`--retrieval postgres`) over shard servers:
    /// hash-partitioned by article, the store keeping one partition and
    /// each shard one more (postgres_fdw). Once per store.
    Shard {
        /// The shard servers (postgres://user@host:port/db), as the store's
        /// server reaches them.
        #[arg(required = true)]
        shards: Vec<String>,
    },
}

/// Builds the table from the store's rows, printing each skipped row as
/// a warning.
#[cfg(feature = "store")]
pub(crate) fn load(url: &str) -> anyhow::Result<KnowledgeBase> {
    let (kb, report) = articlebot::store::Store::connect(url)
        .and_then(|s| s.load())
        .context("loading the store")?;
    for w in &report.warnings {
        tracing::warn!("store: {w}");
    }
    tracing::info!(
        articles = kb.articles().len(),
        sentences = kb.sentence_count(),
        seconds = report.seconds,
        "knowledge loaded from the store"
    );
    Ok(kb)
}

/// Without the store feature there is never a store to load.
#[cfg(not(feature = "store"))]
pub(crate) fn load(_url: &str) -> anyhow::Result<KnowledgeBase> {
    unreachable!("no --store without the store feature")
}

/// The table of a long-running mode on a store: opened from the snapshot
/// in `--cache-dir` when given and valid (the database may be down), else
/// loaded from its rows; shared, and kept in step with them by a follower
/// (which rewrites the snapshot).
#[cfg(feature = "store")]
pub(crate) fn table(
    url: &str,
    cache_dir: Option<&Path>,
    no_cache: bool,
) -> anyhow::Result<(KbHandle, Follower)> {
    let snapshot = cache_dir.filter(|_| !no_cache).map(snapshot::snapshot_path);
    let handle = match snapshot {
        Some(path) => {
            let (kb, report, start) =
                articlebot::store::load_cached(url, &path).context("loading the store")?;
            for w in &report.warnings {
                tracing::warn!("store: {w}");
            }
            let from = match start {
                snapshot::Start::Snapshot => "the snapshot (rows changed since follow)",
                _ => "the store",
            };
            tracing::info!(
                articles = kb.articles().len(),
                sentences = kb.sentence_count(),
                seconds = report.seconds,
                "knowledge loaded from {from}"
            );
            KbHandle::with_snapshot(kb, path)
        }
        None => KbHandle::new(load(url)?),
    };
    let follower =
        live::follow_store(url.to_string(), handle.clone()).context("following the store")?;
    Ok((handle, follower))
}

/// Without the store feature there is never a store to follow.
#[cfg(not(feature = "store"))]
pub(crate) fn table(_url: &str, _: Option<&Path>, _: bool) -> anyhow::Result<(KbHandle, Follower)> {
    unreachable!("no --store without the store feature")
}

/// Chats and Telegram answering from the store at `url` per input
/// (`--retrieval postgres`): a connection per core, shared by the chats.
#[cfg(feature = "store")]
pub(crate) fn retrieving(url: &str) -> anyhow::Result<KbHandle> {
    let connections = std::thread::available_parallelism().map_or(2, |n| n.get());
    KbHandle::retrieving(url, connections).context("connecting to the store")
}

/// Without the store feature there is never a store to retrieve from.
#[cfg(not(feature = "store"))]
pub(crate) fn retrieving(_url: &str) -> anyhow::Result<KbHandle> {
    unreachable!("no --retrieval without the store feature")
}

/// `articlebot store init | import`.
#[cfg(feature = "store")]
pub(crate) fn run(
    url: Option<&str>,
    action: StoreCommand,
    knowledge: &Path,
) -> anyhow::Result<ExitCode> {
    let url = url.context("`store` needs --store postgres://... (or ARTICLEBOT_STORE)")?;
    let mut store = articlebot::store::Store::connect(url).context("connecting to the store")?;
    match action {
        StoreCommand::Init => {
            let applied = store.init().context("initialising the store")?;
            if applied.is_empty() {
                println!("the store's schema is current");
            } else {
                println!("applied migrations {applied:?}");
            }
        }
        StoreCommand::Import { dir } => {
            let dir = dir.as_deref().unwrap_or(knowledge);
            let report = store
                .import(dir)
                .with_context(|| format!("importing {}", dir.display()))?;
            for w in &report.warnings {
                tracing::warn!("{w}");
            }
            println!(
                "inserted={} updated={} unchanged={} skipped={} seconds={:.2}",
                report.inserted,
                report.updated,
                report.unchanged,
                report.warnings.len(),
                report.seconds
            );
        }
        StoreCommand::Shard { shards } => {
            let report = store.shard(&shards).context("sharding the store")?;
            println!("partitions={} moved={}", report.partitions, report.moved);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where a question's candidate sentences come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Retrieval {
    /// The table of every article, in memory.
    Memory,
    /// The store's full-text search (`--store`): the articles of the
    /// question's best few hundred sentences, per question.
    Postgres,
}

/// The table each question is answered over: the one of every article,
/// or, with `--retrieval postgres`, the store's small table per question.
pub(crate) enum Tables {
    /// Every article.
    Whole(Arc<KnowledgeBase>),
    /// Per question, from the store.
    #[cfg(feature = "store")]
    Retrieved(Box<articlebot::store::Retriever>),
}

impl Tables {
    /// Retrieval from the store at `url`.
    #[cfg(feature = "store")]
    pub(crate) fn retrieved(url: &str) -> anyhow::Result<Tables> {
        let retriever =
            articlebot::store::Retriever::connect(url).context("connecting to the store")?;
        Ok(Tables::Retrieved(Box::new(retriever)))
    }

    /// The table to answer `question` over.
    #[cfg_attr(not(feature = "store"), allow(unused_variables))]
    pub(crate) fn table(&mut self, question: &str) -> anyhow::Result<Arc<KnowledgeBase>> {
        match self {
            Tables::Whole(kb) => Ok(Arc::clone(kb)),
            #[cfg(feature = "store")]
            Tables::Retrieved(r) => r
                .table(question)
                .context("retrieving candidates from the store"),
        }
    }
}
