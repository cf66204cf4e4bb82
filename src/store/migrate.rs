//! The store's schema and its versions: each migration is an SQL file of
//! `migrations/`, compiled in, applied once and in order, and recorded in
//! `schema_migrations`. Applying is idempotent and safe to run from two
//! processes at once (an advisory lock serializes them).

use super::{Store, StoreError, query};

/// Every migration this build knows: version, name, SQL. Versions only
/// grow; a released migration is never edited (add a new one instead).
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (1, "articles", include_str!("migrations/0001_articles.sql")),
    (2, "notify", include_str!("migrations/0002_notify.sql")),
    (
        3,
        "sentences",
        include_str!("migrations/0003_sentences.sql"),
    ),
    (
        4,
        "engine_terms",
        include_str!("migrations/0004_engine_terms.sql"),
    ),
];

/// The advisory lock `init` holds while it migrates ("abot" in ASCII).
const LOCK: i64 = 0x6162_6f74;

/// The newest version this build knows.
fn newest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

impl Store {
    /// Creates or upgrades the schema: applies, in one transaction each,
    /// the migrations not applied yet. Returns the versions it applied
    /// (none when the store was current).
    pub fn init(&mut self) -> Result<Vec<i32>, StoreError> {
        let Store { runtime, client } = self;
        runtime.block_on(async {
            client
                .batch_execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (
                         version integer PRIMARY KEY,
                         name text NOT NULL,
                         applied timestamptz NOT NULL DEFAULT now())",
                )
                .await
                .map_err(query("creating schema_migrations"))?;
            let mut applied = Vec::new();
            for &(version, name, sql) in MIGRATIONS {
                let tx = client
                    .transaction()
                    .await
                    .map_err(query("starting a migration"))?;
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])
                    .await
                    .map_err(query("locking the schema"))?;
                let done = tx
                    .query_opt(
                        "SELECT 1 FROM schema_migrations WHERE version = $1",
                        &[&version],
                    )
                    .await
                    .map_err(query("reading schema_migrations"))?
                    .is_some();
                if done {
                    continue;
                }
                tx.batch_execute(sql)
                    .await
                    .map_err(query("applying a migration"))?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                    &[&version, &name],
                )
                .await
                .map_err(query("recording a migration"))?;
                tx.commit().await.map_err(query("committing a migration"))?;
                applied.push(version);
            }
            Ok(applied)
        })
    }

    /// Fails unless every migration of this build has been applied.
    pub(super) fn check_schema(&self) -> Result<(), StoreError> {
        let found: i32 = self.runtime.block_on(async {
            let exists = self
                .client
                .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
                .await
                .map_err(query("looking for schema_migrations"))?
                .get::<_, bool>(0);
            if !exists {
                return Ok(0);
            }
            let row = self
                .client
                .query_one(
                    "SELECT coalesce(max(version), 0) FROM schema_migrations",
                    &[],
                )
                .await
                .map_err(query("reading schema_migrations"))?;
            Ok::<_, StoreError>(row.get(0))
        })?;
        if found < newest() {
            return Err(StoreError::Schema {
                found,
                needed: newest(),
            });
        }
        Ok(())
    }
}
