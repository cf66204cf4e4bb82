//! The PostgreSQL store against a throwaway server (`support/postgres.rs`
//! starts one per test; without one the tests skip, except under CI):
//! `store init` and `store import` from the command line and a question
//! answered from the store as from the folder; a second import changes
//! nothing; a changed file updates its row; a row no file could be is
//! skipped with a warning naming it; an uninitialised store is refused;
//! two replicas follow an import and a deletion, and catch up after the
//! database was stopped and started again; a replica starting while the
//! database is down serves its snapshot and catches up once it is back;
//! an admin's upload and removal on a bot running on the store are rows
//! written and deleted, which every replica follows; `--retrieval
//! postgres` answers as the table in memory does, its statistics follow
//! changes and deletions, and a store without sentences (made before
//! they were kept) gets them from the next import; a question answered from sentences on
//! three shards (a coordinator and two `postgres_fdw` servers) finds the
//! same candidates and answer as from one server.
#![cfg(all(feature = "store", feature = "bot"))]

#[path = "../support/postgres.rs"]
mod postgres;

mod import;
mod replicas;
mod retrieval;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use articlebot::bot::admin::{AddError, Library};
use articlebot::bot::live::{self, KbHandle};
use articlebot::knowledge::Start;
use articlebot::knowledge::{Format, SkipReason};
use articlebot::store::{Follower, Retriever, Store, StoreError, load_cached};
use articlebot::{KnowledgeBase, RankConfig, answer};

const QUESTIONS: &[&str] = &[
    "Who is Japan's foreign minister?",
    "When did the volcano erupt?",
    "Where did the miners strike?",
    "How many people voted on the stadium?",
];

/// The seed article, our three own articles and one binary file, which
/// every load skips.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for from in [root.join("knowledge"), root.join("tests/fixtures/own")] {
        for entry in std::fs::read_dir(&from).expect("fixture folder") {
            let path = entry.expect("entry").path();
            let to = dir.path().join(path.file_name().expect("name"));
            std::fs::copy(&path, to).expect("copy");
        }
    }
    std::fs::write(dir.path().join("broken.txt"), b"\0\x01\x02 not text").expect("write");
    dir
}

/// A store on `server`, initialised.
fn store(server: &postgres::Server) -> Store {
    let mut store = Store::connect(&server.url()).expect("connects");
    assert_eq!(
        store.init().expect("init"),
        vec![1, 2, 3, 4],
        "the first init applies every migration"
    );
    assert!(
        store.init().expect("init again").is_empty(),
        "and then nothing"
    );
    store
}

/// Each question's best answer (text and article), as `kb` gives it.
fn answers(kb: &KnowledgeBase) -> Vec<(String, Option<String>)> {
    QUESTIONS
        .iter()
        .map(|q| {
            let reply = answer(kb, q, &RankConfig::default(), 1);
            let best = reply.answers.first();
            (
                best.map(|a| a.text.clone()).unwrap_or_default(),
                best.map(|a| a.article.clone()),
            )
        })
        .collect()
}

fn articlebot() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_articlebot"));
    c.env_remove("TELOXIDE_TOKEN")
        .env_remove("ARTICLEBOT_KNOWLEDGE")
        .env_remove("ARTICLEBOT_STORE")
        .env_remove("LANG")
        .env("ARTICLEBOT_NO_CACHE", "true");
    c
}

/// Runs the command line, failing on failure; its standard output and error.
fn run(c: &mut Command) -> (String, String) {
    let out = c.output().expect("articlebot runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    (stdout, stderr)
}

/// The folder's articles plus the harbour bridge, in a folder of its own.
fn bridge_folder() -> tempfile::TempDir {
    let extra = tempfile::tempdir().unwrap();
    std::fs::write(
        extra.path().join("harbour-bridge.txt"),
        "Harbour bridge opens\n\nMayor Elena Novak opened the harbour bridge on Monday.",
    )
    .unwrap();
    extra
}

/// The statistics as the migration's functions keep them, and as they are
/// counted from scratch: they must agree after any change.
fn stats_agree(server: &postgres::Server) {
    let kept = server.sql(
        "SELECT string_agg(config || ':' || lexeme || '=' || df, ',' ORDER BY config, lexeme) FROM term_stats",
    );
    let counted = server.sql(
        "SELECT string_agg(config || ':' || lexeme || '=' || n, ',' ORDER BY config, lexeme)
         FROM (SELECT config, u.lexeme, count(*) AS n FROM sentences s, unnest(s.tsv) u GROUP BY 1, 2) x",
    );
    assert_eq!(kept, counted, "term statistics");
    assert_eq!(
        server.sql("SELECT string_agg(config || sentences || '/' || total_len, ',' ORDER BY config) FROM corpus_stats WHERE sentences > 0"),
        server.sql("SELECT string_agg(config || n || '/' || l, ',' ORDER BY config) FROM (SELECT config, count(*) AS n, sum(len) AS l FROM sentences GROUP BY 1) x"),
        "corpus statistics"
    );
    // The engine's own terms (the small table's idf): each term's
    // sentences and articles, and the archive's figures, are the sums of
    // the articles' shares, which are those of the articles there are.
    assert_eq!(
        server.sql("SELECT string_agg(term || '=' || sentences || '/' || articles, ',' ORDER BY term) FROM engine_terms"),
        server.sql("SELECT string_agg(t || '=' || s || '/' || a, ',' ORDER BY t) FROM (SELECT u.t, sum(u.n) AS s, count(*) AS a FROM article_terms x, unnest(x.terms, x.sentences) AS u(t, n) GROUP BY 1) y"),
        "engine term statistics"
    );
    assert_eq!(
        server.sql("SELECT sentences || '/' || articles || '/' || len FROM engine_corpus"),
        server.sql("SELECT coalesce(sum(sentence_count), 0) || '/' || count(*) || '/' || coalesce(sum(len), 0) FROM article_terms"),
        "engine corpus statistics"
    );
    assert_eq!(
        server.sql("SELECT count(*) FROM article_terms"),
        server.sql("SELECT count(DISTINCT article_id) FROM sentences"),
        "an article's share is kept while it has sentences"
    );
}
