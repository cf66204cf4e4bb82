//! Single articles written to the store as they come, not from a folder:
//! an admin's upload added under a free id (never replacing a row, as a
//! file is never overwritten) with its sentences, and an article removed
//! (a trigger takes its sentences). The trigger
//! announces each change, so every replica's follower brings it in.

use super::import::{INSERT_NEW, content_hash};
use super::{Store, StoreError, query};
use crate::knowledge::Document;

/// How many "-n" suffixes are tried before giving up on a free id.
const FREE_IDS: usize = 1000;

impl Store {
    /// Adds `doc` under the first free id of `stem` + `.ext` ("added/x.txt",
    /// "added/x-2.txt"...; the document's own id is ignored) and returns it.
    pub fn add(&mut self, stem: &str, ext: &str, doc: &Document) -> Result<String, StoreError> {
        self.check_schema()?;
        let Store { runtime, client } = self;
        runtime.block_on(async {
            let tx = client
                .transaction()
                .await
                .map_err(query("starting to add an article"))?;
            let insert = tx
                .prepare(INSERT_NEW)
                .await
                .map_err(query("preparing an added article"))?;
            let hash = content_hash(&doc.source.text);
            for n in 1..=FREE_IDS {
                let id = if n == 1 {
                    format!("{stem}.{ext}")
                } else {
                    format!("{stem}-{n}.{ext}")
                };
                let written = tx
                    .execute(
                        &insert,
                        &[
                            &id,
                            &doc.source.format.extension(),
                            &doc.source.text,
                            &doc.title,
                            &doc.meta.url,
                            &doc.meta.date,
                            &doc.meta.source,
                            &doc.language,
                            &hash,
                        ],
                    )
                    .await
                    .map_err(query("adding an article"))?;
                if written == 1 {
                    let mut placed = doc.clone();
                    placed.source.id.clone_from(&id);
                    super::sentences::write(&tx, &[&placed]).await?;
                    tx.commit()
                        .await
                        .map_err(query("committing an added article"))?;
                    return Ok(id);
                }
            }
            Err(StoreError::NoFreeId)
        })
    }

    /// Deletes article `id`; whether there was one.
    pub fn remove(&mut self, id: &str) -> Result<bool, StoreError> {
        self.check_schema()?;
        let Store { runtime, client } = self;
        runtime.block_on(async {
            let deleted = client
                .execute("DELETE FROM articles WHERE id = $1", &[&id])
                .await
                .map_err(query("removing an article"))?;
            Ok(deleted == 1)
        })
    }
}
