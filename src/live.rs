//! Live knowledge: a shared handle to the current [`KnowledgeBase`] and a
//! folder watcher that rebuilds it when files change. A reload builds a new
//! table off to the side and swaps the `Arc` in one step, so questions in
//! flight finish on the table they started with; a failed reload keeps the
//! old table serving.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use notify_debouncer_mini::{DebounceEventResult, new_debouncer, notify::RecursiveMode};

use crate::KnowledgeBase;

/// Quiet time after the last change before reloading: long enough for an
/// editor's save or a copy to finish, short enough to feel immediate.
pub const DEBOUNCE: Duration = Duration::from_millis(700);

/// The current table, swappable. Cloning the handle shares it.
#[derive(Debug, Clone)]
pub struct KbHandle(Arc<RwLock<Arc<KnowledgeBase>>>);

impl KbHandle {
    /// A handle serving `kb`.
    pub fn new(kb: KnowledgeBase) -> KbHandle {
        KbHandle(Arc::new(RwLock::new(Arc::new(kb))))
    }

    /// The table to answer from now. Cheap: one `Arc` clone under a read lock.
    pub fn current(&self) -> Arc<KnowledgeBase> {
        // A poisoned lock still holds a valid Arc: serving it beats failing.
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Swaps in a new table.
    pub fn replace(&self, kb: KnowledgeBase) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(kb);
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
                true
            }
            Err(e) => {
                tracing::warn!("reload failed, still serving the previous articles: {e}");
                false
            }
        }
    }
}

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watcher {
    _debouncer: notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
}

/// Watches `dir` (recursively) and reloads `handle` after changes settle.
/// Reloads run on the watcher's own thread, never on the bot's.
pub fn watch(dir: PathBuf, handle: KbHandle) -> notify_debouncer_mini::notify::Result<Watcher> {
    let target = dir.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, move |res: DebounceEventResult| match res {
        Ok(events) => {
            // Editors' swap and backup files are not articles; ignore changes only to them.
            let relevant = events.iter().any(|e| {
                let name = e
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                !name.starts_with('.') && !name.ends_with('~') && !name.ends_with(".swp")
            });
            if relevant {
                handle.reload(&target);
            }
        }
        Err(e) => tracing::warn!("watching the knowledge folder: {e}"),
    })?;
    debouncer.watcher().watch(&dir, RecursiveMode::Recursive)?;
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        std::fs::remove_file(dir.path().join("b.txt")).unwrap();
        assert!(!handle.reload(dir.path()));
        assert_eq!(
            handle.current().articles().len(),
            2,
            "failed reload keeps serving"
        );
    }

    #[test]
    fn a_file_written_slowly_never_empties_the_table() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Title A\n\nAlpha sentence here.").unwrap();
        let (kb, _) = KnowledgeBase::load(dir.path()).unwrap();
        let handle = KbHandle::new(kb);
        let _w = watch(dir.path().to_path_buf(), handle.clone()).unwrap();
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
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let complete = || {
            handle
                .current()
                .sentences()
                .any(|s| s.text.contains("number 19"))
        };
        while !complete() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(complete(), "the finished file is loaded");
    }

    #[test]
    fn watcher_picks_up_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Title A\n\nAlpha sentence here.").unwrap();
        let (kb, _) = KnowledgeBase::load(dir.path()).unwrap();
        let handle = KbHandle::new(kb);
        let _w = watch(dir.path().to_path_buf(), handle.clone()).unwrap();
        std::fs::write(dir.path().join("b.txt"), "Title B\n\nBeta sentence here.").unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while handle.current().articles().len() < 2 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(handle.current().articles().len(), 2);
    }
}
