//! Where a folder's table snapshot lives when no cache folder is given:
//! beside the knowledge folder (`<folder>.cache`) when that can be written,
//! else in the user's cache folder (a read-only deployment, as with the
//! README's systemd unit). The choice is a pure function of what can be
//! written, so it is tested directly; whether a folder can be written is
//! found by trying, because permission bits say nothing for root or on a
//! read-only mount.

use std::path::{Path, PathBuf};

/// The snapshot's file name inside a cache folder.
pub const SNAPSHOT_FILE: &str = "table.snapshot";

/// The cache folder beside knowledge folder `dir`: `<dir>.cache`.
pub fn beside(dir: &Path) -> PathBuf {
    let mut name = dir
        .file_name()
        .map_or_else(|| "knowledge".into(), |n| n.to_os_string());
    name.push(".cache");
    dir.with_file_name(name)
}

/// The cache folder for knowledge folder `dir`: `beside` when
/// `beside_writable`, else a folder of its own under `user_cache` (named
/// after the folder and a hash of its canonical path, so two folders of
/// the same name do not share it), else none: the bot then runs without a
/// cache.
pub fn default_cache_dir(
    dir: &Path,
    beside_writable: bool,
    user_cache: Option<&Path>,
) -> Option<PathBuf> {
    if beside_writable {
        return Some(beside(dir));
    }
    let user = user_cache?;
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = dir
        .file_name()
        .map_or_else(|| "knowledge".into(), |n| n.to_string_lossy());
    Some(user.join("articlebot").join(format!(
        "{name}-{:016x}",
        fnv(canonical.to_string_lossy().as_bytes())
    )))
}

/// Finds the cache folder for `dir` (see [`default_cache_dir`]), creating
/// it; `None` when neither place can be written.
pub fn choose_cache_dir(dir: &Path, user_cache: Option<&Path>) -> Option<PathBuf> {
    let chosen = default_cache_dir(dir, writable(&beside(dir)), user_cache)?;
    writable(&chosen).then_some(chosen)
}

/// Whether `folder` can be created (if missing) and written, by trying.
pub fn writable(folder: &Path) -> bool {
    if std::fs::create_dir_all(folder).is_err() {
        return false;
    }
    let probe = folder.join(format!(".probe.{}", std::process::id()));
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

/// FNV-1a, 64 bits: a stable name for a path.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_goes_beside_the_folder_or_to_the_users_cache() {
        let dir = Path::new("/srv/bot/knowledge");
        let user = Path::new("/home/bot/.cache");
        assert_eq!(
            default_cache_dir(dir, true, Some(user)),
            Some(PathBuf::from("/srv/bot/knowledge.cache"))
        );
        let elsewhere = default_cache_dir(dir, false, Some(user)).unwrap();
        assert!(
            elsewhere.starts_with("/home/bot/.cache/articlebot"),
            "{elsewhere:?}"
        );
        assert!(elsewhere.to_string_lossy().contains("knowledge-"));
        let other = default_cache_dir(Path::new("/srv/other/knowledge"), false, Some(user));
        assert_ne!(Some(elsewhere), other, "folders of one name do not share");
        assert_eq!(default_cache_dir(dir, false, None), None);
    }
}
