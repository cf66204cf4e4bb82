-- The articles, the store's source of truth. `body` is the article's whole
-- text in `format` (a page's HTML, a Markdown file...), what the loader
-- parses; title, url, date, source and language are what the loader read
-- from it at import, kept for SQL's sake (the table is built from `body`).
CREATE TABLE articles (
    id           text PRIMARY KEY,          -- the path under the folder it came from
    format       text NOT NULL,             -- 'txt', 'md' or 'html'
    body         text NOT NULL,
    title        text NOT NULL DEFAULT '',
    url          text,
    date         text,                      -- as the article writes it
    source       text,
    language     text,                      -- ISO 639-1, declared or detected
    content_hash text NOT NULL,             -- SHA-256 of body, hex
    updated      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_updated ON articles (updated);
