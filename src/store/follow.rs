//! Replicas in step with the store: a follower thread `LISTEN`s on the
//! channel the articles' trigger notifies (migration 2) and, after each
//! burst of changes, brings the table up to date — the rows' versions are
//! read, only new and changed rows' texts fetched, and the table rebuilt by
//! the pipeline's reload, which copies every unchanged article. When the
//! database goes away the table keeps serving; the follower reconnects with
//! back-off and catches up on what changed meanwhile.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::{mpsc, watch};
use tokio_postgres::{AsyncMessage, Client, NoTls};

use super::{StoreError, query};
use crate::KnowledgeBase;
use crate::knowledge::{Format, Source};

/// The channel the trigger notifies.
const CHANNEL: &str = "articlebot_articles";
/// Quiet time after a notification before syncing, so an import's batch
/// is one rebuild, not one per row.
const SETTLE: Duration = Duration::from_millis(150);
/// The first reconnection delay; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// The longest wait between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// Keeps the follower running; dropping it stops the follower.
#[derive(Debug)]
pub struct Follower {
    _stop: watch::Sender<()>,
}

/// Follows the store at `url`: `current` gives the table served now, and
/// `swap` is handed each new one. Runs on a thread of its own.
pub fn follow(
    url: String,
    current: impl Fn() -> Arc<KnowledgeBase> + Send + 'static,
    swap: impl Fn(KnowledgeBase) + Send + 'static,
) -> std::io::Result<Follower> {
    let (stop, stopped) = watch::channel(());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("store-follower".into())
        .spawn(move || runtime.block_on(run(&url, stopped, &current, &swap)))?;
    Ok(Follower { _stop: stop })
}

/// Connects, listens and syncs until stopped, reconnecting with back-off.
async fn run(
    url: &str,
    mut stopped: watch::Receiver<()>,
    current: &dyn Fn() -> Arc<KnowledgeBase>,
    swap: &dyn Fn(KnowledgeBase),
) {
    let mut backoff = FIRST_BACKOFF;
    loop {
        match listen(url, &mut stopped, current, swap, &mut backoff).await {
            Ok(()) => return,
            Err(e) => tracing::warn!(
                "store: following changes stopped ({}); still serving the table as it is, retrying in {:.1} s",
                crate::error::chain(&e),
                backoff.as_secs_f64()
            ),
        }
        tokio::select! {
            _ = tokio::time::sleep(backoff) => {}
            _ = stopped.changed() => return,
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// One connection's life: `LISTEN`, catch up, then sync after every burst
/// of notifications. `Ok` when stopped, an error when the connection fails.
async fn listen(
    url: &str,
    stopped: &mut watch::Receiver<()>,
    current: &dyn Fn() -> Arc<KnowledgeBase>,
    swap: &dyn Fn(KnowledgeBase),
    backoff: &mut Duration,
) -> Result<(), StoreError> {
    let (client, mut connection) = tokio_postgres::connect(url, NoTls)
        .await
        .map_err(StoreError::Connect)?;
    let (tx, mut rx) = mpsc::unbounded_channel();
    // The connection is driven here; notifications go to the loop below,
    // and its end (the database gone) closes the channel.
    let driver = tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(AsyncMessage::Notification(_))) => {
                    let _ = tx.send(());
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            }
        }
    });
    let result = async {
        client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .await
            .map_err(query("listening for changes"))?;
        // Listening first, then catching up: nothing changed in between is missed.
        sync(&client, current, swap).await?;
        tracing::info!("store: following changes");
        *backoff = FIRST_BACKOFF;
        loop {
            tokio::select! {
                got = rx.recv() => {
                    if got.is_none() {
                        return Err(StoreError::Lost);
                    }
                    tokio::time::sleep(SETTLE).await;
                    while rx.try_recv().is_ok() {}
                    sync(&client, current, swap).await?;
                }
                _ = stopped.changed() => return Ok(()),
            }
        }
    }
    .await;
    driver.abort();
    result
}

/// Brings the table up to the store's rows: fetches the texts of rows the
/// table does not hold at their version and swaps in the reloaded table;
/// does nothing when nothing changed.
async fn sync(
    client: &Client,
    current: &dyn Fn() -> Arc<KnowledgeBase>,
    swap: &dyn Fn(KnowledgeBase),
) -> Result<(), StoreError> {
    let kb = current();
    let rows = client
        .query("SELECT id, format, updated FROM articles ORDER BY id", &[])
        .await
        .map_err(query("reading the articles' versions"))?;
    let mut sources = Vec::with_capacity(rows.len());
    let mut missing: Vec<String> = Vec::new();
    for row in &rows {
        let (id, format, updated): (String, String, SystemTime) =
            (row.get(0), row.get(1), row.get(2));
        let Some(format) = Format::from_extension(&format) else {
            tracing::warn!(
                "store: skipped {id}: {}",
                crate::knowledge::SkipReason::OtherFormat
            );
            continue;
        };
        if !kb.holds_version(&id, updated) {
            missing.push(id.clone());
        }
        sources.push(Source {
            id,
            text: String::new(),
            format,
            updated: Some(updated),
        });
    }
    if missing.is_empty() && kb.holds(&sources) {
        return Ok(());
    }
    let fetched = client
        .query(
            "SELECT id, body, updated FROM articles WHERE id = ANY($1)",
            &[&missing],
        )
        .await
        .map_err(query("reading changed articles"))?;
    let mut texts: std::collections::HashMap<String, (String, SystemTime)> = fetched
        .into_iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
        .collect();
    // A row deleted between the two reads is left out; one changed
    // between them is read at its newer version.
    sources.retain_mut(|s| match texts.remove(&s.id) {
        Some((text, updated)) => {
            s.text = text;
            s.updated = Some(updated);
            true
        }
        None => !missing.contains(&s.id),
    });
    let (next, report) = KnowledgeBase::from_sources(sources, Some(&kb));
    for w in &report.warnings {
        tracing::warn!("store: {w}");
    }
    tracing::info!(
        articles = next.articles().len(),
        changed = missing.len(),
        reused = report.reused,
        seconds = report.seconds,
        "store: knowledge updated"
    );
    swap(next);
    Ok(())
}
