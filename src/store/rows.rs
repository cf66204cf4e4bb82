//! The store's rows read back as article texts for the engine's pipeline.
//! A row no file could be (a format the loader does not read) is a
//! warning naming its id here; the rest of the loader's rules — empty,
//! binary, no body text — are the pipeline's, as for a file.

use std::path::PathBuf;
use std::time::SystemTime;

use super::{Store, StoreError, query};
use crate::LoadWarning;
use crate::knowledge::{Format, SkipReason, Source};

impl Store {
    /// Every row as a [`Source`], in id order, and the warnings of rows
    /// that cannot be one.
    pub(super) fn sources(&self) -> Result<(Vec<Source>, Vec<LoadWarning>), StoreError> {
        let rows = self.runtime.block_on(async {
            self.client
                .query(
                    "SELECT id, format, body, updated FROM articles ORDER BY id",
                    &[],
                )
                .await
                .map_err(query("reading the articles"))
        })?;
        let mut sources = Vec::with_capacity(rows.len());
        let mut warnings = Vec::new();
        for row in rows {
            let id: String = row.get(0);
            let format: String = row.get(1);
            let Some(format) = Format::from_extension(&format) else {
                warnings.push(LoadWarning {
                    path: PathBuf::from(id),
                    reason: SkipReason::OtherFormat,
                });
                continue;
            };
            sources.push(Source {
                id,
                text: row.get(2),
                format,
                updated: Some(row.get::<_, SystemTime>(3)),
            });
        }
        Ok((sources, warnings))
    }
}
