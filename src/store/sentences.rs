//! The sentences `--retrieval postgres` searches, written beside their
//! articles: each article is split by articlebot's own pipeline (the
//! sentences a table in memory would hold), and each sentence stored with
//! its `tsvector` in the text-search configuration of the article's
//! language. The global term statistics BM25 needs are kept in step in
//! the same transaction: counted by the statement writing the sentences,
//! taken out by migration 3's `articlebot_drop_sentences` (its
//! `articlebot_count_sentences` is no longer called: it read the rows
//! back, from their shards when sharded).

use std::collections::HashMap;

use tokio_postgres::Transaction;

use super::{StoreError, query};
use crate::KnowledgeBase;
use crate::knowledge::Document;

/// PostgreSQL's text-search configuration for a language (ISO 639-1):
/// the one with that language's stemmer and stop words, `simple` (words
/// lower-cased, nothing else) for a language it has none for.
pub fn config_of(lang: &str) -> &'static str {
    match lang {
        "ar" => "arabic",
        "hy" => "armenian",
        "eu" => "basque",
        "ca" => "catalan",
        "da" => "danish",
        "nl" => "dutch",
        "en" => "english",
        "fi" => "finnish",
        "fr" => "french",
        "de" => "german",
        "el" => "greek",
        "hi" => "hindi",
        "hu" => "hungarian",
        "id" => "indonesian",
        "ga" => "irish",
        "it" => "italian",
        "lt" => "lithuanian",
        "ne" => "nepali",
        "no" | "nb" | "nn" => "norwegian",
        "pt" => "portuguese",
        "ro" => "romanian",
        "ru" => "russian",
        "sr" => "serbian",
        "es" => "spanish",
        "sv" => "swedish",
        "ta" => "tamil",
        "tr" => "turkish",
        "yi" => "yiddish",
        _ => "simple",
    }
}

/// The sentences `$1`..`$4` (article, position, configuration, text)
/// written, and added to `term_stats` and `corpus_stats` (what
/// `articlebot_count_sentences` would count from the table).
const WRITE_SQL: &str = "
    WITH y AS MATERIALIZED (
        SELECT a, p, c, b, v, (SELECT coalesce(sum(cardinality(u.positions)), 0)::int4
                               FROM unnest(v) u) AS l
        FROM (SELECT a, p, c, b, to_tsvector(c::regconfig, b) AS v
              FROM unnest($1::text[], $2::int4[], $3::text[], $4::text[]) AS x(a, p, c, b)) z),
    written AS (
        INSERT INTO sentences (article_id, position, config, body, tsv, len)
        SELECT a, p, c, b, v, l FROM y),
    terms AS (
        INSERT INTO term_stats (config, lexeme, df)
        SELECT y.c, u.lexeme, count(*) FROM y, unnest(y.v) u GROUP BY 1, 2
        ON CONFLICT (config, lexeme) DO UPDATE SET df = term_stats.df + EXCLUDED.df)
    INSERT INTO corpus_stats (config, sentences, total_len)
    SELECT c, count(*), sum(l) FROM y GROUP BY 1
    ON CONFLICT (config) DO UPDATE SET
        sentences = corpus_stats.sentences + EXCLUDED.sentences,
        total_len = corpus_stats.total_len + EXCLUDED.total_len";

/// Writes the sentences of `docs` (articles just inserted or changed),
/// replacing those they had, and moves the statistics with them; returns
/// how many sentences were written.
pub(super) async fn write(tx: &Transaction<'_>, docs: &[&Document]) -> Result<usize, StoreError> {
    if docs.is_empty() {
        return Ok(0);
    }
    let ids: Vec<String> = docs.iter().map(|d| d.source.id.clone()).collect();
    tx.execute("SELECT articlebot_drop_sentences($1)", &[&ids])
        .await
        .map_err(query("dropping an article's old sentences"))?;
    let configs: HashMap<&str, &'static str> = docs
        .iter()
        .map(|d| (d.source.id.as_str(), config_of(d.language)))
        .collect();
    let (kb, _) =
        KnowledgeBase::from_sources(docs.iter().map(|d| d.source.clone()).collect(), None);
    let (mut article, mut position, mut config, mut body) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for a in kb.articles() {
        let cfg = configs.get(a.id.as_str()).copied().unwrap_or("simple");
        for (i, s) in kb.sentences_of(a).enumerate() {
            article.push(a.id.as_str());
            position.push(i as i32);
            config.push(cfg);
            body.push(s.text);
        }
    }
    // One statement makes each tsvector once and counts the statistics
    // from it: reading the rows back would fetch them from their shards.
    tx.execute(WRITE_SQL, &[&article, &position, &config, &body])
        .await
        .map_err(query("writing sentences"))?;
    super::terms::write(tx, &ids, &kb).await?;
    Ok(body.len())
}

/// Writes the sentences of those unchanged `docs` that have none in the
/// store: articles imported before migration 3 added the sentences, or
/// while they were being taken out. Their term statistics come with them.
pub(super) async fn backfill(tx: &Transaction<'_>, docs: &[&Document]) -> Result<(), StoreError> {
    let docs = super::import::without(
        tx,
        docs,
        "sentences",
        "looking for articles without sentences",
    )
    .await?;
    write(tx, &docs).await.map(drop)
}
