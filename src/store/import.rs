//! `store import`: a knowledge folder copied into the store, each file
//! read and vetted by the loader's own rules (a file a load would skip is
//! skipped here, with the same warning). A row is written only when its
//! content hash differs, so importing the same folder again changes
//! nothing, and a changed file updates its row. A row written has its
//! sentences written with it (`sentences`), in the same transaction; an
//! unchanged row that has none (a store from before migration 3) gets
//! them too, so importing again is also how such a store is brought up to
//! date.

use std::path::Path;

use sha2::{Digest, Sha256};
use tokio_postgres::{Client, Transaction};

use super::{Store, StoreError, query};
use crate::LoadWarning;
use crate::knowledge::{Document, read_documents};

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Rows added.
    pub inserted: usize,
    /// Rows whose text changed.
    pub updated: usize,
    /// Rows already holding the same text.
    pub unchanged: usize,
    /// Files skipped, each with the loader's reason.
    pub warnings: Vec<LoadWarning>,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Insert, or update only where the text changed; `inserted` tells which
/// (a row a statement created has no deleting transaction yet).
const UPSERT: &str = "
    INSERT INTO articles (id, format, body, title, url, date, source, language, content_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (id) DO UPDATE SET
        format = EXCLUDED.format, body = EXCLUDED.body, title = EXCLUDED.title,
        url = EXCLUDED.url, date = EXCLUDED.date, source = EXCLUDED.source,
        language = EXCLUDED.language, content_hash = EXCLUDED.content_hash,
        updated = clock_timestamp()
    WHERE articles.content_hash <> EXCLUDED.content_hash
       OR articles.format <> EXCLUDED.format
    RETURNING (xmax = 0) AS inserted";

/// Insert only when the id is free: an added article never replaces one.
pub(super) const INSERT_NEW: &str = "
    INSERT INTO articles (id, format, body, title, url, date, source, language, content_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (id) DO NOTHING";

/// The content hash of a text: SHA-256, lower-case hex.
pub(super) fn content_hash(text: &str) -> String {
    use std::fmt::Write;
    Sha256::digest(text.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

impl Store {
    /// Copies the article files of `dir` into the store (see the module
    /// documentation). Rows of files no longer in the folder are kept.
    pub fn import(&mut self, dir: &Path) -> Result<ImportReport, StoreError> {
        self.check_schema()?;
        let started = std::time::Instant::now();
        let mut report = ImportReport::default();
        let mut failed = None;
        let Store { runtime, client } = self;
        let loaded = read_documents(dir, |docs| {
            if failed.is_some() {
                return;
            }
            match runtime.block_on(write_batch(client, &docs)) {
                Ok((inserted, updated)) => {
                    report.inserted += inserted;
                    report.updated += updated;
                    report.unchanged += docs.len() - inserted - updated;
                }
                Err(e) => failed = Some(e),
            }
        })
        .map_err(StoreError::Folder)?;
        if let Some(e) = failed {
            return Err(e);
        }
        report.warnings = loaded.warnings;
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }
}

/// Writes one batch in one transaction: (inserted, updated).
async fn write_batch(client: &mut Client, docs: &[Document]) -> Result<(usize, usize), StoreError> {
    let tx = client
        .transaction()
        .await
        .map_err(query("starting an import batch"))?;
    let upsert = tx
        .prepare(UPSERT)
        .await
        .map_err(query("preparing the import"))?;
    let (mut inserted, mut updated) = (0, 0);
    let (mut written, mut unchanged) = (Vec::new(), Vec::new());
    for d in docs {
        let hash = content_hash(&d.source.text);
        let row = tx
            .query_opt(
                &upsert,
                &[
                    &d.source.id,
                    &d.source.format.extension(),
                    &d.source.text,
                    &d.title,
                    &d.meta.url,
                    &d.meta.date,
                    &d.meta.source,
                    &d.language,
                    &hash,
                ],
            )
            .await
            .map_err(query("writing an article"))?;
        match row.map(|r| r.get::<_, bool>(0)) {
            Some(true) => inserted += 1,
            Some(false) => updated += 1,
            None => {
                unchanged.push(d);
                continue;
            }
        }
        written.push(d);
    }
    super::sentences::write(&tx, &written).await?;
    // A store made before migration 3 holds unchanged articles without
    // their sentences: `--retrieval postgres` would never find them.
    super::sentences::backfill(&tx, &unchanged).await?;
    super::terms::backfill(&tx, &unchanged).await?;
    tx.commit()
        .await
        .map_err(query("committing an import batch"))?;
    Ok((inserted, updated))
}

/// Those of `docs` that have no row in `table` (one keyed by
/// `article_id`): unchanged articles that an older schema gave none of.
/// `what` says what was being looked for, if the query fails.
pub(super) async fn without<'d>(
    tx: &Transaction<'_>,
    docs: &[&'d Document],
    table: &'static str,
    what: &'static str,
) -> Result<Vec<&'d Document>, StoreError> {
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = docs.iter().map(|d| d.source.id.as_str()).collect();
    // `table` is one of this module's callers' constants, never input.
    let sql = format!(
        "SELECT x FROM unnest($1::text[]) x
         WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.article_id = x)"
    );
    let missing: Vec<String> = tx
        .query(&sql, &[&ids])
        .await
        .map_err(query(what))?
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    Ok(docs
        .iter()
        .copied()
        .filter(|d| missing.contains(&d.source.id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_hash_is_sha256_in_hex() {
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
