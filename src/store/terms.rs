//! The archive's statistics in articlebot's own terms (migration 4): what
//! `--retrieval postgres` weighs a question's words by, so the small
//! table of its candidates ranks sentences as the table of every article
//! would. PostgreSQL's lexemes (`term_stats`) serve the candidate query;
//! the engine's terms are its own analyzer's stems, which differ from
//! them (stop words, folding, scripts PostgreSQL has no stemmer for), so
//! each article written keeps its share in `article_terms` and moves
//! `engine_terms` and `engine_corpus` with it, in the same transaction.

use std::collections::HashMap;

use tokio_postgres::{Client, Transaction};

use super::{StoreError, query};
use crate::KnowledgeBase;
use crate::ids::TermId;
use crate::index::Global;
use crate::knowledge::Document;

/// Writes the statistics of `kb`'s articles (just analyzed for their
/// sentences), replacing those of the articles `ids` had.
pub(super) async fn write(
    tx: &Transaction<'_>,
    ids: &[String],
    kb: &KnowledgeBase,
) -> Result<(), StoreError> {
    tx.execute("SELECT articlebot_drop_terms($1)", &[&ids])
        .await
        .map_err(query("dropping an article's term statistics"))?;
    let index = kb.index();
    let mut names: Vec<&str> = vec![""; index.term_count()];
    for (t, &id) in &index.vocab {
        names[id.index()] = t;
    }
    // Flat columns: each article, and each (article, term, sentences
    // holding it) of all of them, regrouped by the statement.
    let (mut article, mut sentences, mut lens) = (Vec::new(), Vec::new(), Vec::new());
    let (mut owner, mut terms, mut counts) = (Vec::new(), Vec::new(), Vec::new());
    let mut held: HashMap<TermId, i32> = HashMap::new();
    let mut seen: Vec<TermId> = Vec::new();
    for (i, a) in kb.articles().iter().enumerate() {
        held.clear();
        let mut n = 0;
        for s in kb.sentences_of(a) {
            n += 1;
            seen.clear();
            seen.extend(s.terms.iter());
            seen.sort_unstable();
            seen.dedup();
            for &t in &seen {
                *held.entry(t).or_default() += 1;
            }
        }
        for (t, c) in &held {
            owner.push(i as i32 + 1);
            terms.push(names[t.index()]);
            counts.push(*c);
        }
        article.push(a.id.as_str());
        sentences.push(n);
        lens.push(i64::from(a.len));
    }
    tx.execute(
        "INSERT INTO article_terms (article_id, terms, sentences, sentence_count, len)
         SELECT a.id, coalesce(t.terms, '{}'), coalesce(t.counts, '{}'), a.n, a.l
         FROM unnest($1::text[], $2::int4[], $3::int8[]) WITH ORDINALITY AS a(id, n, l, i)
         LEFT JOIN (SELECT k, array_agg(t ORDER BY o) AS terms, array_agg(c ORDER BY o) AS counts
                    FROM unnest($4::int4[], $5::text[], $6::int4[]) WITH ORDINALITY AS u(k, t, c, o)
                    GROUP BY k) t ON t.k = a.i",
        &[&article, &sentences, &lens, &owner, &terms, &counts],
    )
    .await
    .map_err(query("writing term statistics"))?;
    tx.execute("SELECT articlebot_count_terms($1)", &[&ids])
        .await
        .map_err(query("counting term statistics"))?;
    Ok(())
}

/// Writes the shares of those of `docs` (articles already in the store,
/// unchanged) that have none: a store imported before migration 4 gets
/// them from its next import.
pub(super) async fn backfill(tx: &Transaction<'_>, docs: &[&Document]) -> Result<(), StoreError> {
    let docs = super::import::without(
        tx,
        docs,
        "article_terms",
        "looking for articles without term statistics",
    )
    .await?;
    if docs.is_empty() {
        return Ok(());
    }
    let missing: Vec<String> = docs.iter().map(|d| d.source.id.clone()).collect();
    let sources = docs.iter().map(|d| d.source.clone()).collect();
    let (kb, _) = KnowledgeBase::from_sources(sources, None);
    write(tx, &missing, &kb).await
}

/// The archive's figures: sentences, articles, length in terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Corpus {
    pub(super) sentences: i64,
    pub(super) articles: i64,
    pub(super) len: i64,
}

/// The archive's figures now.
pub(super) async fn corpus(client: &Client) -> Result<Corpus, StoreError> {
    let row = client
        .query_one("SELECT sentences, articles, len FROM engine_corpus", &[])
        .await
        .map_err(query("reading the archive's figures"))?;
    Ok(Corpus {
        sentences: row.get(0),
        articles: row.get(1),
        len: row.get(2),
    })
}

/// Sentences and articles of the archive holding each of `terms` (absent
/// terms are left out).
pub(super) async fn frequencies(
    client: &Client,
    terms: &[&str],
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let rows = client
        .query(
            "SELECT term, sentences, articles FROM engine_terms WHERE term = ANY($1)",
            &[&terms],
        )
        .await
        .map_err(query("reading term frequencies"))?;
    Ok(rows
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}

/// Remembers the archive's frequencies of the terms asked so far, while
/// the archive's figures stay the same (an import or removal changes
/// them, and empties the memory).
#[derive(Debug, Default)]
pub(super) struct Frequencies {
    corpus: Corpus,
    known: HashMap<String, (u32, u32)>,
}

/// Terms remembered before the memory starts again.
const KEPT_TERMS: usize = 2_000_000;

impl Frequencies {
    /// The archive's statistics for `kb`'s terms that occur in its
    /// sentences; `None` when the archive has none (a store imported
    /// before migration 4 until its articles are written again), and the
    /// table keeps its own.
    pub(super) async fn apply(
        &mut self,
        client: &Client,
        kb: &mut KnowledgeBase,
    ) -> Result<(), StoreError> {
        let corpus = corpus(client).await?;
        if corpus != self.corpus || self.known.len() > KEPT_TERMS {
            self.known.clear();
            self.corpus = corpus;
        }
        if corpus.sentences <= 0 || corpus.articles <= 0 {
            return Ok(());
        }
        let index = kb.index();
        let live: Vec<(&str, TermId)> = index
            .vocab
            .iter()
            .filter(|&(_, &id)| !index.postings(id).is_empty())
            .map(|(t, &id)| (&**t, id))
            .collect();
        let missing: Vec<&str> = live
            .iter()
            .map(|&(t, _)| t)
            .filter(|t| !self.known.contains_key(*t))
            .collect();
        if !missing.is_empty() {
            for t in &missing {
                self.known.insert((*t).to_string(), (0, 0));
            }
            for (t, s, a) in frequencies(client, &missing).await? {
                self.known.insert(t, (clamp(s), clamp(a)));
            }
        }
        let mut global = Global {
            df: vec![0; index.term_count()],
            article_df: vec![0; index.term_count()],
            sentences: clamp(corpus.sentences),
            articles: clamp(corpus.articles),
        };
        for (t, id) in live {
            let (s, a) = self.known[t];
            global.df[id.index()] = s;
            global.article_df[id.index()] = a;
        }
        let len = corpus.len as f32;
        let (per_sentence, per_article) =
            (len / corpus.sentences as f32, len / corpus.articles as f32);
        kb.index_mut().set_global(global, per_sentence, per_article);
        Ok(())
    }
}

/// A count from the store as the index keeps it.
fn clamp(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}
