//! A replica's start: from the table's snapshot when it is valid — with no
//! database needed, so a replica starting while the store is down serves
//! what it last had — else from the store's rows, writing the snapshot.
//! Catching up on the rows changed since the snapshot is the follower's
//! first sync (`follow`). The snapshot records which store it is of by
//! [`store_key`], never by the password.

use std::path::Path;

use super::{Store, StoreError};
use crate::knowledge::{SnapshotError, Start};
use crate::{KnowledgeBase, LoadReport};

/// What a snapshot records as the store it is of: user, hosts, ports and
/// database, no password (`store:` and the URL it was given when it
/// cannot be parsed, which connecting would refuse anyway).
pub fn store_key(url: &str) -> String {
    let Ok(config) = url.parse::<tokio_postgres::Config>() else {
        return format!("store:{url}");
    };
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let ports: Vec<String> = config.get_ports().iter().map(u16::to_string).collect();
    format!(
        "store:postgres://{}@{}:{}/{}",
        config.get_user().unwrap_or_default(),
        hosts.join(","),
        ports.join(","),
        config.get_dbname().unwrap_or_default()
    )
}

/// Starts the table of the store at `url` from the snapshot at `snapshot`
/// when it is valid and of this store (without connecting), else from the
/// store's rows, then writes the snapshot (failing to is logged, never
/// fatal). An unusable snapshot other than a missing one is logged.
pub fn load_cached(
    url: &str,
    snapshot: &Path,
) -> Result<(KnowledgeBase, LoadReport, Start), StoreError> {
    let key = store_key(url);
    let started = std::time::Instant::now();
    let why = match KnowledgeBase::open_snapshot(snapshot, Path::new(&key)) {
        Ok(kb) => {
            let report = LoadReport {
                reused: kb.articles().len(),
                seconds: started.elapsed().as_secs_f64(),
                ..LoadReport::default()
            };
            return Ok((kb, report, Start::Snapshot));
        }
        Err(why) => why,
    };
    if !matches!(why, SnapshotError::Missing) {
        tracing::warn!(
            "ignoring the table snapshot {}: {why}; building the table from the store",
            snapshot.display()
        );
    }
    let (kb, report) = Store::connect(url)?.load()?;
    save(&kb, &key, snapshot);
    Ok((kb, report, Start::Rebuilt(why)))
}

/// Writes `kb`'s snapshot as the table of store `key`, logging a failure.
pub(super) fn save(kb: &KnowledgeBase, key: &str, snapshot: &Path) {
    if let Err(e) = kb.save_snapshot(Path::new(key), snapshot) {
        tracing::warn!(
            "cannot write the table snapshot {}: {e}",
            snapshot.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_names_the_store_without_its_password() {
        assert_eq!(
            store_key("postgres://bot:secret@db.example:6432/news"),
            "store:postgres://bot@db.example:6432/news"
        );
        assert!(!store_key("host=db user=bot password=secret dbname=news").contains("secret"));
    }
}
