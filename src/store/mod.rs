//! Articles in PostgreSQL: the store a fleet of bots shares instead of a
//! folder each. This module owns the connection and its errors; the
//! schema and its versions are `migrate`'s, copying a folder in is
//! `import`'s, reading the rows back into a table is `rows`'s, and
//! keeping a running table in step with them is `follow`'s, starting
//! one from its snapshot `cached`'s, and single articles added and removed
//! (admins' uploads) `write`'s; the sentences `--retrieval postgres`
//! searches are `sentences`'s, the archive's statistics in the engine's
//! own terms `terms`'s, the search `retrieve`'s, and spreading
//! them over shard servers `shard`'s. The
//! table itself is built by the engine's own pipeline
//! ([`KnowledgeBase::from_sources`]), so a row is read exactly as the file
//! it came from would be.
//!
//! The API is blocking: each `Store` drives its connection on a small
//! runtime of its own, so the command line and the bot's start-up call it
//! like the folder loader.

mod cached;
mod follow;
mod import;
mod migrate;
mod retrieve;
mod rows;
mod sentences;
mod shard;
mod terms;
mod write;

use tokio::runtime::Runtime;

use crate::KnowledgeBase;

pub use cached::{load_cached, store_key};
pub use follow::{Follower, follow};
pub use import::ImportReport;
pub use migrate::MIGRATIONS;
pub use retrieve::{ARTICLES, CANDIDATES, Candidate, Retriever, SCORED};
pub use sentences::config_of;
pub use shard::ShardReport;

/// What went wrong talking to the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The runtime driving the connection could not start.
    #[error("cannot start the store's runtime")]
    Runtime(#[source] std::io::Error),
    /// The database could not be reached or refused the connection.
    #[error("cannot connect to the store")]
    Connect(#[source] tokio_postgres::Error),
    /// A statement failed.
    #[error("the store refused a statement ({what})")]
    Query {
        /// What was being done.
        what: &'static str,
        /// The database's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The store's schema is older than this build (run `store init`).
    #[error(
        "the store's schema is at version {found}, this build needs {needed}: run `articlebot store init`"
    )]
    Schema {
        /// The newest migration applied.
        found: i32,
        /// The newest migration this build knows.
        needed: i32,
    },
    /// The connection ended (the database went away).
    #[error("the connection to the store was lost")]
    Lost,
    /// Every id an added article could take is taken.
    #[error("no free id for the article")]
    NoFreeId,
    /// The shards could not be set up, and why.
    #[error("cannot shard the store: {0}")]
    Shard(String),
    /// The folder to import could not be read.
    #[error("cannot read the folder to import")]
    Folder(#[source] crate::Error),
}

/// A statement's error, saying what was being done.
fn query(what: &'static str) -> impl FnOnce(tokio_postgres::Error) -> StoreError {
    move |source| StoreError::Query { what, source }
}

/// A connection to a store.
pub struct Store {
    runtime: Runtime,
    client: tokio_postgres::Client,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Connects to the store at `url` (`postgres://user@host:port/db`, or
    /// the key-value form `host=... dbname=...`). No TLS: the store is
    /// reached over a private network or a local socket.
    pub fn connect(url: &str) -> Result<Store, StoreError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(StoreError::Runtime)?;
        let (client, connection) = runtime
            .block_on(tokio_postgres::connect(url, tokio_postgres::NoTls))
            .map_err(StoreError::Connect)?;
        // The connection makes progress whenever the runtime runs a
        // statement; it ends when the client is dropped.
        runtime.spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!("store connection closed: {e}");
            }
        });
        Ok(Store { runtime, client })
    }

    /// Builds the table from the store's rows, as [`KnowledgeBase::load`]
    /// does from a folder: a row that would be a skipped file is a warning
    /// naming its id. Fails when the schema is not this build's.
    pub fn load(&self) -> Result<(KnowledgeBase, crate::LoadReport), StoreError> {
        self.check_schema()?;
        let (sources, warnings) = self.sources()?;
        let (kb, mut report) = KnowledgeBase::from_sources(sources, None);
        report.warnings.splice(0..0, warnings);
        Ok((kb, report))
    }
}
