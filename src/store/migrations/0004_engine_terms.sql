-- `--retrieval postgres`: the archive's statistics in articlebot's own
-- terms (its analyzer's stems, not PostgreSQL's lexemes), so the small
-- table a question is answered over weighs its words by the archive's
-- idf and mean lengths, as the table of every article in memory would.
-- `article_terms` is each article's share, kept so a changed or deleted
-- article can be taken out again: its distinct terms, the sentences
-- holding each, its sentence count and its length in terms.
CREATE TABLE article_terms (
    article_id text PRIMARY KEY,
    terms      text[] NOT NULL,
    sentences  integer[] NOT NULL,   -- per term, the article's sentences holding it
    sentence_count integer NOT NULL,
    len        bigint NOT NULL
);

-- Per engine term: the sentences holding it and the articles whose body
-- does (the index's df and article df over the whole archive).
CREATE TABLE engine_terms (
    term      text PRIMARY KEY,
    sentences bigint NOT NULL,
    articles  bigint NOT NULL
);

-- The archive's sentence and article counts and its length in terms: one row.
CREATE TABLE engine_corpus (
    one       boolean PRIMARY KEY DEFAULT true CHECK (one),
    sentences bigint NOT NULL,
    articles  bigint NOT NULL,
    len       bigint NOT NULL
);
INSERT INTO engine_corpus VALUES (true, 0, 0, 0);

-- Takes the articles `ids` out of the statistics (before they are written
-- again, or when they go).
CREATE FUNCTION articlebot_drop_terms(ids text[]) RETURNS void LANGUAGE sql AS $$
    UPDATE engine_terms e SET sentences = e.sentences - o.s, articles = e.articles - o.a
    FROM (SELECT u.t, sum(u.n) AS s, count(*) AS a
          FROM article_terms a, unnest(a.terms, a.sentences) AS u(t, n)
          WHERE a.article_id = ANY(ids) GROUP BY 1 ORDER BY 1) o
    WHERE e.term = o.t;
    UPDATE engine_corpus c SET sentences = c.sentences - o.s, articles = c.articles - o.a,
                               len = c.len - o.l
    FROM (SELECT coalesce(sum(sentence_count), 0) AS s, count(*) AS a, coalesce(sum(len), 0) AS l
          FROM article_terms WHERE article_id = ANY(ids)) o;
    DELETE FROM engine_terms WHERE articles <= 0;
    DELETE FROM article_terms WHERE article_id = ANY(ids);
$$;

-- Adds the articles `ids`, whose `article_terms` rows were just written.
CREATE FUNCTION articlebot_count_terms(ids text[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO engine_terms (term, sentences, articles)
    SELECT u.t, sum(u.n), count(*)
    FROM article_terms a, unnest(a.terms, a.sentences) AS u(t, n)
    WHERE a.article_id = ANY(ids) GROUP BY 1 ORDER BY 1
    ON CONFLICT (term) DO UPDATE SET
        sentences = engine_terms.sentences + EXCLUDED.sentences,
        articles = engine_terms.articles + EXCLUDED.articles;
    UPDATE engine_corpus c SET sentences = c.sentences + o.s, articles = c.articles + o.a,
                               len = c.len + o.l
    FROM (SELECT coalesce(sum(sentence_count), 0) AS s, count(*) AS a, coalesce(sum(len), 0) AS l
          FROM article_terms WHERE article_id = ANY(ids)) o;
$$;

CREATE FUNCTION articlebot_article_terms_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articlebot_drop_terms(ARRAY[OLD.id]);
    RETURN NULL;
END $$;

CREATE TRIGGER articles_terms_gone AFTER DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION articlebot_article_terms_gone();
