//! Live knowledge: a shared handle to the current [`KnowledgeBase`] and a
//! folder watcher that reloads it when article files change. A reload
//! builds a new table off to the side and swaps the `Arc` in one step, so
//! questions in flight finish on the table they started with; a failed
//! reload keeps the old table serving. With a store, `follow_store` keeps
//! the handle in step with the store's rows instead of a folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::commands::Input;
use super::conversation::{Response, Session};
use crate::KnowledgeBase;
use crate::knowledge::snapshot::SNAPSHOT_FILE;

/// Quiet time after the last change before reloading: long enough for an
/// editor's save or a copy to finish, short enough to feel immediate.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(700);

#[derive(Debug)]
struct Shared {
    kb: RwLock<Arc<KnowledgeBase>>,
    swaps: AtomicU64,
    /// The snapshot file each reload rewrites, if any.
    snapshot: Option<PathBuf>,
    /// With `--retrieval postgres`, where each input's table comes from
    /// instead (`kb` is then empty).
    #[cfg(feature = "store")]
    retrieval: Option<super::retrieval::Pool>,
}

/// The current table, swappable. Cloning the handle shares it.
#[derive(Debug, Clone)]
pub struct KbHandle(Arc<Shared>);

impl KbHandle {
    /// A handle serving `kb`.
    pub fn new(kb: KnowledgeBase) -> KbHandle {
        KbHandle(Arc::new(Shared {
            kb: RwLock::new(Arc::new(kb)),
            swaps: AtomicU64::new(0),
            snapshot: None,
            #[cfg(feature = "store")]
            retrieval: None,
        }))
    }

    /// A handle serving `kb` whose reloads rewrite the table's snapshot at
    /// `snapshot`, so the next start opens the table as it is now.
    pub fn with_snapshot(kb: KnowledgeBase, snapshot: PathBuf) -> KbHandle {
        KbHandle(Arc::new(Shared {
            kb: RwLock::new(Arc::new(kb)),
            swaps: AtomicU64::new(0),
            snapshot: Some(snapshot),
            #[cfg(feature = "store")]
            retrieval: None,
        }))
    }

    /// A handle answering each input over the small table the store at
    /// `url` gives for it (`--retrieval postgres`), through `connections`
    /// connections shared by every chat.
    #[cfg(feature = "store")]
    pub fn retrieving(url: &str, connections: usize) -> Result<KbHandle, crate::store::StoreError> {
        Ok(KbHandle(Arc::new(Shared {
            kb: RwLock::new(Arc::new(KnowledgeBase::default())),
            swaps: AtomicU64::new(0),
            snapshot: None,
            retrieval: Some(super::retrieval::Pool::connect(url, connections)?),
        })))
    }

    /// The bot's reply to `input` in `session`: over the current table,
    /// or with retrieval over the store's table for this input.
    pub fn respond(&self, session: &mut Session, input: Input) -> Response {
        #[cfg(feature = "store")]
        if let Some(pool) = &self.0.retrieval {
            return super::retrieval::answer(pool, session, input);
        }
        super::conversation::respond(&self.current(), session, input)
    }

    /// The table to answer `question` over, out of a conversation (an
    /// inline query): the current one, or with retrieval the store's.
    pub fn table_for(&self, question: &str) -> Arc<KnowledgeBase> {
        #[cfg(feature = "store")]
        if let Some(pool) = &self.0.retrieval {
            return pool.table(question, &[]).unwrap_or_else(|e| {
                tracing::warn!(
                    "retrieving from the store failed, answering from nothing: {}",
                    crate::error::chain(&e)
                );
                Arc::default()
            });
        }
        #[cfg(not(feature = "store"))]
        let _ = question;
        self.current()
    }

    /// The table to answer from now. Cheap: one `Arc` clone under a read lock.
    pub fn current(&self) -> Arc<KnowledgeBase> {
        // A poisoned lock still holds a valid Arc: serving it beats failing.
        self.0.kb.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Swaps in a new table.
    pub(crate) fn replace(&self, kb: KnowledgeBase) {
        *self.0.kb.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(kb);
        self.0.swaps.fetch_add(1, Ordering::Relaxed);
    }

    /// How many times a new table has been swapped in since the handle was
    /// made: lets a caller tell whether a reload happened.
    #[cfg(test)]
    pub(crate) fn swaps(&self) -> u64 {
        self.0.swaps.load(Ordering::Relaxed)
    }

    /// Reloads from `dir`, swapping only on success. Returns whether it
    /// swapped. Articles whose files did not change are taken from the
    /// current table ([`KnowledgeBase::reload`]), so one edited file costs
    /// little more than parsing that file.
    pub fn reload(&self, dir: &Path) -> bool {
        match self.current().reload(dir) {
            Ok((kb, report)) => {
                for w in &report.warnings {
                    tracing::warn!("{w}");
                }
                tracing::info!(
                    articles = kb.articles().len(),
                    sentences = kb.sentence_count(),
                    reused = report.reused,
                    seconds = report.seconds,
                    "knowledge reloaded"
                );
                self.replace(kb);
                // Written after the swap, so questions get the new table
                // while the snapshot is being written.
                if let Some(path) = &self.0.snapshot
                    && let Err(e) = self.current().save_snapshot(dir, path)
                {
                    tracing::warn!("cannot write the table snapshot {}: {e}", path.display());
                }
                true
            }
            Err(e) => {
                tracing::warn!(
                    "reload failed, still serving the previous articles: {:#}",
                    anyhow::Error::from(e)
                );
                false
            }
        }
    }
}

/// Keeps `handle` in step with the store at `url` (new, changed and
/// deleted rows, announced by the store's trigger) for as long as the
/// returned follower lives; see `crate::store::follow`.
/// When the handle has a snapshot, each new table is written to it (as
/// the table of this store), so the next start opens it.
#[cfg(feature = "store")]
pub fn follow_store(url: String, handle: KbHandle) -> std::io::Result<crate::store::Follower> {
    let reader = handle.clone();
    let key = crate::store::store_key(&url);
    crate::store::follow(
        url,
        move || reader.current(),
        move |kb| {
            handle.replace(kb);
            if let Some(path) = &handle.0.snapshot
                && let Err(e) = handle.current().save_snapshot(Path::new(&key), path)
            {
                tracing::warn!("cannot write the table snapshot {}: {e}", path.display());
            }
        },
    )
}

/// Keeps the watcher alive; dropping it stops watching (and its thread).
pub struct Watcher {
    _watcher: RecommendedWatcher,
}

/// Watches `dir` (recursively) and reloads `handle` once changes have been
/// quiet for `DEBOUNCE`. Reloads run on the watcher's own thread, never
/// on the bot's; an idle folder costs a blocked thread and nothing else.
pub fn watch(dir: PathBuf, handle: KbHandle) -> notify::Result<Watcher> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        // The receiver is gone only when the reload thread has ended.
        let _ = tx.send(event);
    })?;
    watcher.watch(&dir, RecursiveMode::Recursive)?;
    std::thread::Builder::new()
        .name("knowledge-watcher".into())
        .spawn(move || reload_when_quiet(&rx, &dir, &handle))
        .map_err(notify::Error::io)?;
    Ok(Watcher { _watcher: watcher })
}

/// Waits for a change, then for [`DEBOUNCE`] without another change, then
/// reloads; ends when the watcher is dropped.
fn reload_when_quiet(rx: &Receiver<notify::Result<Event>>, dir: &Path, handle: &KbHandle) {
    while let Ok(first) = rx.recv() {
        if !relevant(&first) {
            continue;
        }
        let mut quiet_from = Instant::now();
        loop {
            let left = (quiet_from + DEBOUNCE).saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(event) if relevant(&event) => quiet_from = Instant::now(),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        handle.reload(dir);
    }
}

/// Whether an event can change what the folder holds. Opening, reading and
/// closing a file unchanged are not changes: reacting to them made every
/// reload (which opens every file) trigger the next one. Editors' swap and
/// backup files are not articles.
fn relevant(event: &notify::Result<Event>) -> bool {
    let event = match event {
        Ok(event) => event,
        Err(e) => {
            // A lost event (queue overflow) may hide a change: reload to be sure.
            tracing::warn!("watching the knowledge folder: {e}");
            return true;
        }
    };
    let changes = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    };
    changes
        && event.paths.iter().any(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            // A snapshot written into a cache folder inside the knowledge
            // folder must not set off the reload that writes it again.
            !name.starts_with('.')
                && !name.ends_with('~')
                && !name.ends_with(".swp")
                && name != SNAPSHOT_FILE
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reload_rewrites_the_snapshot_the_next_start_opens() {
        let dir = tempfile::tempdir().unwrap();
        let knowledge = dir.path().join("knowledge");
        std::fs::create_dir(&knowledge).unwrap();
        std::fs::write(knowledge.join("a.txt"), "Title A\n\nAlpha sentence here.").unwrap();
        let snapshot = dir.path().join("cache/table.snapshot");
        let (kb, _, _) = KnowledgeBase::load_cached(&knowledge, &snapshot).unwrap();
        let handle = KbHandle::with_snapshot(kb, snapshot.clone());
        std::fs::write(knowledge.join("b.txt"), "Title B\n\nBeta sentence here.").unwrap();
        assert!(handle.reload(&knowledge));
        let (kb, _, start) = KnowledgeBase::load_cached(&knowledge, &snapshot).unwrap();
        assert!(
            matches!(start, crate::knowledge::Start::Snapshot),
            "{start:?}"
        );
        assert_eq!(kb.articles().len(), 2);
    }

    #[test]
    fn reload_swaps_on_success_and_keeps_old_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Title A\n\nAlpha sentence here.").unwrap();
        let (kb, _) = KnowledgeBase::load(dir.path()).unwrap();
        let handle = KbHandle::new(kb);
        let before = handle.current();
        std::fs::write(dir.path().join("b.txt"), "Title B\n\nBeta sentence here.").unwrap();
        assert!(handle.reload(dir.path()));
        assert_eq!(handle.current().articles().len(), 2);
        assert_eq!(
            before.articles().len(),
            1,
            "a reader keeps the table it started with"
        );
        let moved = dir.path().with_extension("gone");
        std::fs::rename(dir.path(), &moved).unwrap();
        assert!(!handle.reload(dir.path()), "a missing folder fails");
        std::fs::rename(&moved, dir.path()).unwrap();
        assert_eq!(
            handle.current().articles().len(),
            2,
            "failed reload keeps serving"
        );
    }

    #[test]
    fn a_file_written_slowly_never_empties_the_table() {
        let (dir, handle, _w) = watched_folder();
        let path = dir.path().join("b.txt");
        let mut text = String::from("Title B\n\n");
        for i in 0..20 {
            text.push_str(&format!("Beta sentence number {i}. "));
            std::fs::write(&path, &text).unwrap();
            assert!(
                !handle.current().articles().is_empty(),
                "always serving something"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let complete = || {
            handle
                .current()
                .sentences()
                .any(|s| s.text.contains("number 19"))
        };
        assert!(wait_for(complete), "the finished file is loaded");
    }

    /// A folder holding one article, its table and a watcher on it.
    fn watched_folder() -> (tempfile::TempDir, KbHandle, Watcher) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Title A\n\nAlpha sentence here.").unwrap();
        let (kb, _) = KnowledgeBase::load(dir.path()).unwrap();
        let handle = KbHandle::new(kb);
        let watcher = watch(dir.path().to_path_buf(), handle.clone()).unwrap();
        (dir, handle, watcher)
    }

    /// Polls `done` for up to ten seconds.
    fn wait_for(done: impl Fn() -> bool) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        done()
    }

    #[test]
    fn watcher_picks_up_a_new_file() {
        let (dir, handle, _w) = watched_folder();
        std::fs::write(dir.path().join("b.txt"), "Title B\n\nBeta sentence here.").unwrap();
        assert!(wait_for(|| handle.current().articles().len() == 2));
    }

    #[test]
    fn reading_files_and_subfolders_starts_no_reload() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
        for (i, name) in ["a.txt", "sub/b.md", "sub/deeper/c.txt"].iter().enumerate() {
            std::fs::write(
                dir.path().join(name),
                format!("Title {i}\n\nSentence {i} here."),
            )
            .unwrap();
        }
        let (kb, _) = KnowledgeBase::load(dir.path()).unwrap();
        let handle = KbHandle::new(kb);
        let _w = watch(dir.path().to_path_buf(), handle.clone()).unwrap();
        // A quiet folder: nothing to do.
        std::thread::sleep(DEBOUNCE * 3);
        assert_eq!(handle.swaps(), 0, "no reload without a change");
        // A read-only access, as `cat` does; before, this started reloads
        // that never stopped, each one's reads triggering the next.
        let _ = std::fs::read(dir.path().join("sub/deeper/c.txt")).unwrap();
        let _ = std::fs::read_dir(dir.path().join("sub")).unwrap().count();
        std::thread::sleep(DEBOUNCE * 3);
        assert_eq!(handle.swaps(), 0, "reading is not a change");
        // A real change reloads once, and the reload's own reads do not
        // start another.
        std::fs::write(dir.path().join("sub/d.txt"), "Title D\n\nDelta here.").unwrap();
        assert!(wait_for(|| handle.swaps() >= 1));
        std::thread::sleep(DEBOUNCE * 3);
        assert_eq!(handle.swaps(), 1, "one change, one reload");
        assert_eq!(handle.current().articles().len(), 4);
    }

    #[test]
    fn deleting_every_file_empties_the_table() {
        let (dir, handle, _w) = watched_folder();
        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        assert!(
            wait_for(|| handle.current().articles().is_empty()),
            "the deleted article is no longer served"
        );
        std::thread::sleep(DEBOUNCE * 3);
        assert_eq!(handle.swaps(), 1, "and the empty folder is left alone");
    }
}
