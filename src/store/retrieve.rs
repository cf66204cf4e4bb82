//! `--retrieval postgres`: a question's candidates come from the store,
//! not from a table of every article in memory. One query per text-search
//! configuration in the store (one, for a store in one language) returns
//! the top few hundred sentences holding the question's rarer words (see
//! [`SCORED`]), ordered by BM25 over all its words and the global
//! statistics (`term_stats`, `corpus_stats`); the articles those sentences are in become a small
//! table, built by the engine's own pipeline, and the engine's ranker,
//! facts and phrase answer over it unchanged. The seam is a table rather
//! than a list of sentences because the ranker reads whole articles
//! (titles, neighbouring sentences, the people an article names), and so
//! nothing in `answer` had to change. The small table weighs words by the
//! archive's statistics in the engine's own terms (`terms`), not its own:
//! which sentence of the right article ranks first is decided by the
//! same idf and mean lengths as over the table of every article.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use super::terms::Frequencies;
use super::{Store, StoreError, query};
use crate::KnowledgeBase;
use crate::knowledge::{Format, Source};

/// Candidate sentences asked of the store per question.
pub const CANDIDATES: i64 = 300;
/// Articles (those of the best candidates first) the small table holds.
pub const ARTICLES: usize = 40;
/// Article texts kept between questions, so the next question's table
/// fetches only articles it has not seen.
const KEPT_TEXTS: usize = 20_000;

/// One candidate sentence: its article, place in it and BM25 score.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The article's id.
    pub article: String,
    /// The sentence's place in its article, from 0.
    pub position: i32,
    /// BM25 over the store's global statistics.
    pub score: f64,
}

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;

/// The sentences a question's candidate query may fetch and score, by
/// the statistics' counts: the question's lexemes enter the query's `@@`
/// rarest first while the sentences holding them add up to no more than
/// this (the rarest always enters). A lexeme left out of the `@@` still
/// counts in the score of every sentence fetched, so only sentences
/// holding none but the question's commonest words (the lowest idf, the
/// lowest scores) go unseen, and the query's work stops growing with the
/// archive while a question's rarest word stays rarer than this: scoring
/// every sentence holding "year" or "first" is what made it seconds on a
/// million sentences (BENCHMARKS.md's scale run).
pub const SCORED: i64 = 20_000;

/// The candidates of one configuration's query: `$1` the configuration,
/// `$2` the OR-query of the lexemes asked with `@@`, `$3` every lexeme
/// of the question, `$4` the sentence count, `$5` the mean length, `$6`
/// the limit, `$7` and `$8` BM25's k1 and b. The query's terms are
/// parameters, not a join, so a partitioned table's shards get the `@@`
/// and search their own index.
const CANDIDATES_SQL: &str = "
    SELECT s.article_id, s.position,
           sum(ln(1 + ($4::float8 - t.df + 0.5) / (t.df + 0.5))
               * m.tf * ($7::float8 + 1)
               / (m.tf + $7::float8 * (1 - $8::float8 + $8::float8 * s.len / $5::float8))) AS score
    FROM sentences s
    CROSS JOIN LATERAL (SELECT u.lexeme, cardinality(u.positions)::float8 AS tf
                        FROM unnest(s.tsv) u WHERE u.lexeme = ANY($3::text[])) m
    JOIN term_stats t ON t.config = $1::text AND t.lexeme = m.lexeme
    WHERE s.config = $1::text AND s.tsv @@ $2::text::tsquery
    GROUP BY s.article_id, s.position
    ORDER BY score DESC, s.article_id, s.position
    LIMIT $6::int8";

/// The question's lexemes in each configuration the store holds, rarest
/// first, with the sentences holding each (lexemes no sentence holds
/// left out), and that configuration's sentence count and mean length.
const QUERIES_SQL: &str = "
    SELECT c.config, c.sentences::float8, c.total_len::float8 / greatest(c.sentences, 1),
           coalesce(q.lexemes, '{}'), coalesce(q.dfs, '{}')
    FROM corpus_stats c
    CROSS JOIN LATERAL (
        SELECT array_agg(t.lexeme ORDER BY t.df, t.lexeme) AS lexemes,
               array_agg(t.df ORDER BY t.df, t.lexeme) AS dfs
        FROM unnest(tsvector_to_array(to_tsvector(c.config::regconfig, $1))) w(lexeme)
        JOIN term_stats t ON t.config = c.config AND t.lexeme = w.lexeme) q
    WHERE c.sentences > 0 ORDER BY c.config";

/// How many of `lexemes` (rarest first, `dfs` the sentences holding
/// each) the query asks for with `@@`: see [`SCORED`].
fn asked(dfs: &[i64], scored: i64) -> usize {
    let mut held = 0i64;
    dfs.iter()
        .take_while(|&&df| {
            let enters = held == 0 || held.saturating_add(df) <= scored;
            held = held.saturating_add(df);
            enters
        })
        .count()
}

/// A lexeme as a tsquery operand.
fn operand(lexeme: &str) -> String {
    format!("'{}'", lexeme.replace('\\', "\\\\").replace('\'', "''"))
}

impl Store {
    /// The best `limit` sentences for `question` by BM25 over the store,
    /// fetching about [`SCORED`] sentences at most.
    pub fn candidates(&self, question: &str, limit: i64) -> Result<Vec<Candidate>, StoreError> {
        self.candidates_within(question, limit, SCORED)
    }

    /// The best `limit` sentences for `question` by BM25 among those
    /// holding its rarest lexemes, as many of them as together are held by
    /// `scored` sentences or fewer (see [`SCORED`]; `i64::MAX`: every
    /// sentence holding any of the question's words, the exact top).
    pub fn candidates_within(
        &self,
        question: &str,
        limit: i64,
        scored: i64,
    ) -> Result<Vec<Candidate>, StoreError> {
        self.runtime.block_on(async {
            // The planner's cost of a query over many sentences passes
            // the JIT's threshold, and compiling it took longer (~0.3 s)
            // than the scan it would have sped up.
            self.client
                .batch_execute("SET jit = off")
                .await
                .map_err(query("turning off the JIT"))?;
            let configs = self
                .client
                .query(QUERIES_SQL, &[&question])
                .await
                .map_err(query("analysing a question"))?;
            let mut found = Vec::new();
            for row in configs {
                let (config, n, avg, lexemes, dfs): (String, f64, f64, Vec<String>, Vec<i64>) =
                    (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
                if lexemes.is_empty() {
                    continue;
                }
                let any = lexemes[..asked(&dfs, scored)]
                    .iter()
                    .map(|l| operand(l))
                    .collect::<Vec<_>>()
                    .join(" | ");
                let rows = self
                    .client
                    .query(
                        CANDIDATES_SQL,
                        &[&config, &any, &lexemes, &n, &avg.max(1.0), &limit, &K1, &B],
                    )
                    .await
                    .map_err(query("finding candidate sentences"))?;
                found.extend(rows.into_iter().map(|r| Candidate {
                    article: r.get(0),
                    position: r.get(1),
                    score: r.get(2),
                }));
            }
            // Several configurations: the best of all of them.
            found.sort_by(|a, b| b.score.total_cmp(&a.score));
            found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            Ok(found)
        })
    }
}

/// Answers' tables from the store: per question, the small table of the
/// articles of its candidate sentences. Keeps the texts it fetched and
/// the last table, so a question about the same articles as the one
/// before parses nothing again.
pub struct Retriever {
    store: Store,
    texts: HashMap<String, (String, Format, SystemTime)>,
    last: Option<Arc<KnowledgeBase>>,
    frequencies: Frequencies,
}

impl std::fmt::Debug for Retriever {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Retriever").finish_non_exhaustive()
    }
}

impl Retriever {
    /// Retrieval from the store at `url`; fails when its schema is not
    /// this build's.
    pub fn connect(url: &str) -> Result<Retriever, StoreError> {
        let store = Store::connect(url)?;
        store.check_schema()?;
        Ok(Retriever {
            store,
            texts: HashMap::new(),
            last: None,
            frequencies: Frequencies::default(),
        })
    }

    /// How many articles the store holds, and the titles of the `titles`
    /// newest (a greeting's, with no table of every article to count).
    pub fn overview(&self, titles: usize) -> Result<(usize, Vec<String>), StoreError> {
        let limit = i64::try_from(titles).unwrap_or(i64::MAX);
        self.store.runtime.block_on(async {
            let count: i64 = self
                .store
                .client
                .query_one("SELECT count(*) FROM articles", &[])
                .await
                .map_err(query("counting articles"))?
                .get(0);
            let titles = self
                .store
                .client
                .query(
                    "SELECT title FROM articles WHERE title <> ''
                     ORDER BY updated DESC, id LIMIT $1",
                    &[&limit],
                )
                .await
                .map_err(query("reading titles"))?
                .into_iter()
                .map(|r| r.get(0))
                .collect();
            Ok((usize::try_from(count).unwrap_or(0), titles))
        })
    }

    /// The articles of `question`'s best candidates, best first, at most
    /// [`ARTICLES`].
    pub fn articles(&self, question: &str) -> Result<Vec<String>, StoreError> {
        let mut ids: Vec<String> = Vec::new();
        for c in self.store.candidates(question, CANDIDATES)? {
            if ids.len() == ARTICLES {
                break;
            }
            if !ids.contains(&c.article) {
                ids.push(c.article);
            }
        }
        Ok(ids)
    }

    /// The table to answer `question` over: its candidate articles, read
    /// as the folder's pipeline reads them (none: an empty table, which
    /// answers "I don't know").
    pub fn table(&mut self, question: &str) -> Result<Arc<KnowledgeBase>, StoreError> {
        self.table_with(question, &[])
    }

    /// The same, also holding the articles `keep` that are in the store (a
    /// conversation's last answer's article, which a follow-up is read
    /// against).
    pub fn table_with(
        &mut self,
        question: &str,
        keep: &[String],
    ) -> Result<Arc<KnowledgeBase>, StoreError> {
        let mut ids = self.articles(question)?;
        for k in keep {
            if !ids.contains(k) {
                ids.push(k.clone());
            }
        }
        ids.sort();
        if self.texts.len() + ids.len() > KEPT_TEXTS {
            self.texts.clear();
        }
        // The texts kept are sent back by version: only new and changed
        // articles' texts come over the wire, and a deleted one is dropped.
        let (known, versions): (Vec<&String>, Vec<SystemTime>) = ids
            .iter()
            .filter_map(|id| self.texts.get(id).map(|(_, _, updated)| (id, *updated)))
            .unzip();
        let rows = self.store.runtime.block_on(async {
            self.store
                .client
                .query(
                    "SELECT a.id, a.format, a.updated,
                            CASE WHEN k.updated = a.updated THEN NULL ELSE a.body END
                     FROM articles a
                     LEFT JOIN unnest($2::text[], $3::timestamptz[]) AS k(id, updated) ON k.id = a.id
                     WHERE a.id = ANY($1)",
                    &[&ids, &known, &versions],
                )
                .await
                .map_err(query("reading candidate articles"))
        })?;
        let mut present = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.get(0);
            let format: String = r.get(1);
            if let (Some(format), Some(body)) = (
                Format::from_extension(&format),
                r.get::<_, Option<String>>(3),
            ) {
                self.texts.insert(id.clone(), (body, format, r.get(2)));
            }
            present.push(id);
        }
        ids.retain(|id| present.contains(id));
        let sources: Vec<Source> = ids
            .iter()
            .filter_map(|id| {
                let (text, format, updated) = self.texts.get(id)?;
                Some(Source {
                    id: id.clone(),
                    text: text.clone(),
                    format: *format,
                    updated: Some(*updated),
                })
            })
            .collect();
        if let Some(last) = &self.last
            && last.holds(&sources)
        {
            return Ok(Arc::clone(last));
        }
        let (mut kb, _) = KnowledgeBase::from_sources(sources, self.last.as_deref());
        let Retriever {
            store, frequencies, ..
        } = self;
        store
            .runtime
            .block_on(frequencies.apply(&store.client, &mut kb))?;
        let kb = Arc::new(kb);
        self.last = Some(Arc::clone(&kb));
        Ok(kb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rarest_lexemes_are_asked_for_while_few_sentences_hold_them() {
        // Within the budget: every lexeme.
        assert_eq!(asked(&[5, 40, 90], 1_000), 3);
        // The common one is left to the score.
        assert_eq!(asked(&[5, 400, 900], 1_000), 2);
        // The rarest is asked for however common.
        assert_eq!(asked(&[5_000, 9_000], 1_000), 1);
        // No budget: all of them.
        assert_eq!(asked(&[5_000, 9_000], i64::MAX), 2);
    }
}
