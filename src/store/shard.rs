//! Sentences across shard servers: `store shard URL...` turns the store's
//! `sentences` table into one hash-partitioned by article (PostgreSQL's
//! native partitioning), the coordinator — the store itself — keeping
//! the first partition and each shard server one more as a `postgres_fdw`
//! foreign table. Nothing else changes: the import writes into the
//! partitioned table and PostgreSQL routes each row to its shard, the
//! statistics stay on the coordinator, and a question's candidate query
//! is the same one query, each shard searching its own GIN index (the
//! `@@` with its query is pushed down; `async_capable` scans the shards
//! at once). The rows already there are moved to their shards.

use super::{Store, StoreError, query};

/// A shard's table (and the coordinator's first partition's columns).
const SHARD_TABLE: &str = "
    CREATE TABLE IF NOT EXISTS sentences (
        article_id text NOT NULL,
        position   integer NOT NULL,
        config     text NOT NULL,
        body       text NOT NULL,
        tsv        tsvector NOT NULL,
        len        integer NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    CREATE INDEX IF NOT EXISTS sentences_tsv ON sentences USING gin (tsv);";

/// What `shard` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardReport {
    /// Partitions, the coordinator's included.
    pub partitions: usize,
    /// Sentences moved into them.
    pub moved: u64,
}

/// A string as an SQL literal.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Store {
    /// Partitions the sentences by article over this store (partition 0)
    /// and the shard servers at `shards` (one partition each; each must
    /// be reachable from this store's server as its URL says, and needs no
    /// schema of its own). Refused when the sentences are partitioned
    /// already.
    pub fn shard(&mut self, shards: &[String]) -> Result<ShardReport, StoreError> {
        self.check_schema()?;
        let mut servers = Vec::with_capacity(shards.len());
        for url in shards {
            let config: tokio_postgres::Config = url
                .parse()
                .map_err(|e| StoreError::Shard(format!("{url}: {e}")))?;
            let host = match config.get_hosts().first() {
                Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
                Some(tokio_postgres::config::Host::Unix(p)) => p.display().to_string(),
                None => "localhost".to_string(),
            };
            let port = config.get_ports().first().copied().unwrap_or(5432);
            let user = config.get_user().unwrap_or("postgres").to_string();
            let dbname = config.get_dbname().unwrap_or(&user).to_string();
            let password = config
                .get_password()
                .map(|p| String::from_utf8_lossy(p).into_owned());
            let shard = Store::connect(url)?;
            shard.runtime.block_on(async {
                shard
                    .client
                    .batch_execute(SHARD_TABLE)
                    .await
                    .map_err(query("creating a shard's sentences"))
            })?;
            servers.push((host, port, dbname, user, password));
        }
        let n = servers.len() + 1;
        let Store { runtime, client } = self;
        runtime.block_on(async {
            let tx = client
                .transaction()
                .await
                .map_err(query("starting to shard"))?;
            let partitioned: bool = tx
                .query_one(
                    "SELECT relkind = 'p' FROM pg_class WHERE oid = 'sentences'::regclass",
                    &[],
                )
                .await
                .map_err(query("looking at the sentences"))?
                .get(0);
            if partitioned {
                return Err(StoreError::Shard(
                    "the sentences are partitioned already".into(),
                ));
            }
            let mut sql = format!(
                "CREATE EXTENSION IF NOT EXISTS postgres_fdw;
                 ALTER TABLE sentences RENAME TO sentences_unsharded;
                 ALTER INDEX sentences_tsv RENAME TO sentences_unsharded_tsv;
                 ALTER TABLE sentences_unsharded RENAME CONSTRAINT sentences_pkey TO sentences_unsharded_pkey;
                 CREATE TABLE sentences (
                     article_id text NOT NULL, position integer NOT NULL, config text NOT NULL,
                     body text NOT NULL, tsv tsvector NOT NULL, len integer NOT NULL
                 ) PARTITION BY HASH (article_id);
                 CREATE TABLE sentences_p0 PARTITION OF sentences
                     (PRIMARY KEY (article_id, position))
                     FOR VALUES WITH (MODULUS {n}, REMAINDER 0);
                 CREATE INDEX sentences_p0_tsv ON sentences_p0 USING gin (tsv);"
            );
            for (i, (host, port, dbname, user, password)) in servers.iter().enumerate() {
                let i = i + 1;
                let password = password
                    .as_deref()
                    .map(|p| format!(", password {}", literal(p)))
                    .unwrap_or_default();
                sql.push_str(&format!(
                    "CREATE SERVER articlebot_shard_{i} FOREIGN DATA WRAPPER postgres_fdw
                         OPTIONS (host {}, port {}, dbname {}, fetch_size '1000', batch_size '1000', async_capable 'true');
                     CREATE USER MAPPING FOR CURRENT_USER SERVER articlebot_shard_{i}
                         OPTIONS (user {}{password});
                     CREATE FOREIGN TABLE sentences_p{i} PARTITION OF sentences
                         FOR VALUES WITH (MODULUS {n}, REMAINDER {i})
                         SERVER articlebot_shard_{i} OPTIONS (table_name 'sentences');",
                    literal(host),
                    literal(&port.to_string()),
                    literal(dbname),
                    literal(user),
                ));
            }
            tx.batch_execute(&sql)
                .await
                .map_err(query("partitioning the sentences"))?;
            let moved = tx
                .execute("INSERT INTO sentences SELECT * FROM sentences_unsharded", &[])
                .await
                .map_err(query("moving the sentences to their shards"))?;
            tx.batch_execute("DROP TABLE sentences_unsharded")
                .await
                .map_err(query("dropping the unsharded sentences"))?;
            tx.commit().await.map_err(query("committing the shards"))?;
            Ok(ShardReport {
                partitions: n,
                moved,
            })
        })
    }
}
