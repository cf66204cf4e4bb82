-- `--retrieval postgres`: the articles' sentences, as articlebot splits
-- them, searchable by PostgreSQL's full-text search, so a question's
-- candidates come from the store instead of a table in memory. `config`
-- is the text-search configuration of the article's language ('simple'
-- for a language PostgreSQL has no stemmer for); `tsv` is the sentence in
-- it; `len` its tokens, BM25's length. Sentences are keyed by article
-- first, so a partitioning by article keeps an article's sentences on one
-- shard (see 0004 where shards are set up).
CREATE TABLE sentences (
    article_id text NOT NULL,
    position   integer NOT NULL,           -- the sentence's place in its article, from 0
    config     text NOT NULL,
    body       text NOT NULL,
    tsv        tsvector NOT NULL,
    len        integer NOT NULL,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX sentences_tsv ON sentences USING gin (tsv);

-- Global term statistics for BM25 (PostgreSQL's own ranking has no idf):
-- per configuration, the sentences holding each lexeme, and the sentence
-- count and total length. Kept current by the import and by deletions.
CREATE TABLE term_stats (
    config text NOT NULL,
    lexeme text NOT NULL,
    df     bigint NOT NULL,
    PRIMARY KEY (config, lexeme)
);
CREATE TABLE corpus_stats (
    config    text PRIMARY KEY,
    sentences bigint NOT NULL,
    total_len bigint NOT NULL
);

-- Takes the sentences of articles `ids` out of the statistics and the
-- table (before they are written again, or when their article goes).
CREATE FUNCTION articlebot_drop_sentences(ids text[]) RETURNS void LANGUAGE sql AS $$
    UPDATE term_stats t SET df = t.df - o.n
    FROM (SELECT s.config, u.lexeme, count(*) AS n
          FROM sentences s, unnest(s.tsv) u
          WHERE s.article_id = ANY(ids) GROUP BY 1, 2) o
    WHERE t.config = o.config AND t.lexeme = o.lexeme;
    UPDATE corpus_stats c SET sentences = c.sentences - o.n, total_len = c.total_len - o.len
    FROM (SELECT config, count(*) AS n, sum(len) AS len
          FROM sentences WHERE article_id = ANY(ids) GROUP BY 1) o
    WHERE c.config = o.config;
    DELETE FROM term_stats WHERE df <= 0;
    DELETE FROM sentences WHERE article_id = ANY(ids);
$$;

-- Adds the sentences of articles `ids`, just written, to the statistics.
CREATE FUNCTION articlebot_count_sentences(ids text[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO term_stats (config, lexeme, df)
    SELECT s.config, u.lexeme, count(*)
    FROM sentences s, unnest(s.tsv) u
    WHERE s.article_id = ANY(ids) GROUP BY 1, 2
    ON CONFLICT (config, lexeme) DO UPDATE SET df = term_stats.df + EXCLUDED.df;
    INSERT INTO corpus_stats (config, sentences, total_len)
    SELECT config, count(*), sum(len) FROM sentences WHERE article_id = ANY(ids) GROUP BY 1
    ON CONFLICT (config) DO UPDATE SET
        sentences = corpus_stats.sentences + EXCLUDED.sentences,
        total_len = corpus_stats.total_len + EXCLUDED.total_len;
$$;

-- An article deleted, however, takes its sentences with it.
CREATE FUNCTION articlebot_article_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articlebot_drop_sentences(ARRAY[OLD.id]);
    RETURN NULL;
END $$;

CREATE TRIGGER articles_sentences_gone AFTER DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION articlebot_article_gone();
