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

#[path = "support/postgres.rs"]
mod postgres;

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

#[test]
fn a_folder_imported_from_the_command_line_answers_as_the_folder_does() {
    let Some(server) = postgres::start() else {
        return;
    };
    let dir = folder();
    let url = server.url();
    let (out, _) = run(articlebot().args(["--store", &url, "store", "init"]));
    assert!(out.contains("applied migrations [1, 2, 3, 4]"), "{out}");
    let (out, err) = run(articlebot()
        .args(["--store", &url, "store", "import"])
        .arg(dir.path()));
    assert!(
        out.contains("inserted=4 updated=0 unchanged=0 skipped=1"),
        "{out}"
    );
    assert!(
        err.contains("broken.txt"),
        "the skipped file is named: {err}"
    );
    assert_eq!(server.sql("SELECT count(*) FROM articles"), "4");
    assert_eq!(
        server.sql(
            "SELECT language || ' ' || source FROM articles WHERE id = 'volcano-eruption.txt'"
        ),
        "en East Africa Wire",
        "the loader's metadata is kept beside the text"
    );

    // From the store, the same articles and the same answers as the folder.
    let (from_store, report) = Store::connect(&url).unwrap().load().expect("loads");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let (from_folder, _) = KnowledgeBase::load(dir.path()).unwrap();
    let ids = |kb: &KnowledgeBase| -> Vec<String> {
        kb.articles().iter().map(|a| a.id.clone()).collect()
    };
    assert_eq!(ids(&from_store), ids(&from_folder));
    assert_eq!(from_store.sentence_count(), from_folder.sentence_count());
    assert_eq!(answers(&from_store), answers(&from_folder));

    // And `ask --store` answers from it with no folder at all.
    let (out, _) = run(articlebot()
        .args(["--store", &url, "--knowledge", "/nonexistent", "ask"])
        .arg("Where did the volcano erupt?"));
    assert!(out.contains("Songo Island"), "{out}");
    // And so does `--retrieval postgres`, from the store's search.
    let (out, _) = run(articlebot()
        .args(["--store", &url, "--retrieval", "postgres", "ask"])
        .arg("Where did the volcano erupt?"));
    assert!(out.contains("Songo Island"), "{out}");
}

#[test]
fn importing_the_same_folder_again_changes_nothing() {
    let Some(server) = postgres::start() else {
        return;
    };
    let dir = folder();
    let mut store = store(&server);
    let first = store.import(dir.path()).expect("imports");
    assert_eq!((first.inserted, first.updated, first.unchanged), (4, 0, 0));
    let stamps = server.sql("SELECT string_agg(id || updated, ',' ORDER BY id) FROM articles");
    let again = store.import(dir.path()).expect("imports again");
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 4));
    assert_eq!(again.warnings.len(), 1, "the bad file is skipped again");
    assert_eq!(
        server.sql("SELECT string_agg(id || updated, ',' ORDER BY id) FROM articles"),
        stamps,
        "no row was written"
    );
}

#[test]
fn a_changed_file_updates_its_row_and_the_answer() {
    let Some(server) = postgres::start() else {
        return;
    };
    let dir = folder();
    let mut store = store(&server);
    store.import(dir.path()).expect("imports");
    let volcano = dir.path().join("volcano-eruption.txt");
    let text = std::fs::read_to_string(&volcano).unwrap();
    std::fs::write(&volcano, text.replace("Songo Island", "Pemba Reef")).unwrap();
    let report = store.import(dir.path()).expect("imports the change");
    assert_eq!(
        (report.inserted, report.updated, report.unchanged),
        (0, 1, 3)
    );
    let (kb, _) = store.load().expect("loads");
    let reply = answer(
        &kb,
        "Where did the volcano erupt?",
        &RankConfig::default(),
        1,
    );
    let best = &reply.answers[0].text;
    assert!(best.contains("Pemba Reef"), "{best}");
}

#[test]
fn a_malformed_row_is_skipped_with_a_warning_naming_it() {
    let Some(server) = postgres::start() else {
        return;
    };
    let dir = folder();
    let mut store = store(&server);
    store.import(dir.path()).expect("imports");
    // Rows written by another program than the import.
    server.sql(
        "INSERT INTO articles (id, format, body, content_hash) VALUES
           ('scan.pdf', 'pdf', 'A title\n\nSome text here.', ''),
           ('blank.txt', 'txt', '   ', ''),
           ('heading.md', 'md', '# Only a heading', ''),
           ('nul.txt', 'txt', 'Title' || chr(1) || chr(2) || chr(3), '')",
    );
    let (kb, report) = store.load().expect("loads the rest");
    assert_eq!(kb.articles().len(), 4, "the good rows are all there");
    let mut named: Vec<(String, String)> = report
        .warnings
        .iter()
        .map(|w| (w.path.display().to_string(), w.reason.to_string()))
        .collect();
    named.sort();
    let names: Vec<&str> = named.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["blank.txt", "heading.md", "nul.txt", "scan.pdf"],
        "{named:?}"
    );
    assert_eq!(named[0].1, "empty file");
    assert_eq!(named[1].1, "a title but no body text");
    assert_eq!(named[3].1, "not an article file (.txt, .md, .html)");
}

#[test]
fn a_store_without_its_schema_is_refused_with_what_to_do() {
    let Some(server) = postgres::start() else {
        return;
    };
    let store = Store::connect(&server.url()).expect("connects");
    let err = store.load().expect_err("no schema yet");
    assert!(
        matches!(
            err,
            StoreError::Schema {
                found: 0,
                needed: 4
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("store init"), "{err}");
}

/// A replica: the store's table, served by a handle its follower keeps current.
fn replica(url: &str) -> (KbHandle, Follower) {
    let (kb, _) = Store::connect(url).unwrap().load().expect("loads");
    let handle = KbHandle::new(kb);
    let follower = live::follow_store(url.to_string(), handle.clone()).expect("follows");
    (handle, follower)
}

/// Polls `done` until it holds or `limit` passes.
fn within(limit: Duration, done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while !done() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    done()
}

/// Whether `handle` answers who opened the bridge with the article's mayor.
fn knows_the_bridge(handle: &KbHandle) -> bool {
    knows_the_bridge_from(handle, "harbour-bridge.txt")
}

/// Whether `handle` answers who opened the bridge from article `id`.
fn knows_the_bridge_from(handle: &KbHandle, id: &str) -> bool {
    let reply = answer(
        &handle.current(),
        "Who opened the harbour bridge?",
        &RankConfig::default(),
        1,
    );
    reply
        .answers
        .first()
        .is_some_and(|a| a.article == id && a.text.contains("Elena Novak"))
}

#[test]
fn replicas_follow_an_import_and_a_deletion_and_catch_up_after_a_restart() {
    let Some(mut server) = postgres::start() else {
        return;
    };
    let url = server.url();
    let mut writer = store(&server);
    writer.import(folder().path()).expect("imports");
    let (a, _follows_a) = replica(&url);
    let (b, _follows_b) = replica(&url);
    assert_eq!(a.current().articles().len(), 4);

    let extra = bridge_folder();
    writer.import(extra.path()).expect("imports one more");
    // The bound: answered by every replica within 5 s.
    let limit = Duration::from_secs(5);
    assert!(within(limit, || knows_the_bridge(&a) && knows_the_bridge(&b)));

    server.sql("DELETE FROM articles WHERE id = 'harbour-bridge.txt'");
    let gone = |h: &KbHandle| {
        h.current()
            .articles()
            .iter()
            .all(|x| x.id != "harbour-bridge.txt")
    };
    assert!(within(limit, || gone(&a) && gone(&b)));
    assert_eq!(b.current().articles().len(), 4);

    // The database goes away: both keep serving what they have.
    drop(writer);
    server.stop();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(a.current().articles().len(), 4, "still serving");
    server.start_again().expect("restarts");
    // A change made once it is back reaches both after they reconnect
    // (back-off is at most 10 s).
    let mut writer = Store::connect(&url).expect("reconnects");
    writer.import(extra.path()).expect("imports again");
    let limit = Duration::from_secs(30);
    assert!(within(limit, || knows_the_bridge(&a) && knows_the_bridge(&b)));
    assert_eq!(
        a.current().articles().len(),
        5,
        "nothing lost, nothing doubled"
    );
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

#[test]
fn a_replica_starting_while_the_database_is_down_serves_its_snapshot() {
    let Some(mut server) = postgres::start() else {
        return;
    };
    let url = server.url();
    let mut writer = store(&server);
    writer.import(folder().path()).expect("imports");
    drop(writer);
    let cache = tempfile::tempdir().unwrap();
    let snapshot = cache.path().join("table.snapshot");
    let (first, _, start) = load_cached(&url, &snapshot).expect("loads from the store");
    assert!(matches!(start, Start::Rebuilt(_)), "{start:?}");

    server.stop();
    let (kb, _, start) = load_cached(&url, &snapshot).expect("opens the snapshot");
    assert!(matches!(start, Start::Snapshot), "{start:?}");
    assert_eq!(
        answers(&kb),
        answers(&first),
        "the snapshot answers as the store did"
    );
    let handle = KbHandle::with_snapshot(kb, snapshot.clone());
    let _follows = live::follow_store(url.clone(), handle.clone()).expect("follows");

    server.start_again().expect("restarts");
    Store::connect(&url)
        .expect("reconnects")
        .import(bridge_folder().path())
        .expect("imports one more");
    // Reconnection back-off is at most 10 s.
    assert!(within(Duration::from_secs(30), || knows_the_bridge(
        &handle
    )));
    // The follower rewrote the snapshot: the next start opens the new table.
    assert!(within(Duration::from_secs(5), || {
        load_cached(&url, &snapshot).is_ok_and(|(kb, _, start)| {
            matches!(start, Start::Snapshot) && kb.articles().len() == 5
        })
    }));
}

#[test]
fn an_admins_upload_and_removal_reach_every_replica_through_the_store() {
    let Some(server) = postgres::start() else {
        return;
    };
    let url = server.url();
    store(&server).import(folder().path()).expect("imports");
    let (a, _follows_a) = replica(&url);
    let (b, _follows_b) = replica(&url);
    let library = Library::Store(url.clone());
    let text = b"Harbour bridge opens\n\nMayor Elena Novak opened the harbour bridge on Monday.";

    let added = library.add_file(Format::Text, text).expect("adds");
    assert_eq!(added.id, "added/harbour-bridge-opens.txt");
    assert_eq!(added.title, "Harbour bridge opens");
    assert!(
        library.refresh(&a, |kb| kb.articles().iter().any(|x| x.id == added.id)),
        "the bot that wrote it waits for its follower"
    );
    let limit = Duration::from_secs(5);
    assert!(within(limit, || knows_the_bridge_from(&a, &added.id)
        && knows_the_bridge_from(&b, &added.id)));

    // The same upload again takes a new id, never replacing the first.
    let again = library.add_file(Format::Text, text).expect("adds again");
    assert_eq!(again.id, "added/harbour-bridge-opens-2.txt");
    // What a load would skip is refused before anything is written.
    assert!(matches!(
        library.add_file(Format::Text, b"bin\0ary"),
        Err(AddError::Skipped(SkipReason::Binary))
    ));
    assert_eq!(server.sql("SELECT count(*) FROM articles"), "6");

    library.remove(&added.id).expect("removes");
    library.remove(&again.id).expect("removes the copy");
    let gone = |h: &KbHandle| h.current().articles().len() == 4;
    assert!(within(limit, || gone(&a) && gone(&b)));
    assert_eq!(
        library.remove(&added.id).expect_err("gone").kind(),
        std::io::ErrorKind::NotFound
    );
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

#[test]
fn retrieval_from_the_store_answers_as_the_table_in_memory() {
    let Some(server) = postgres::start() else {
        return;
    };
    let dir = folder();
    let url = server.url();
    let mut writer = store(&server);
    writer.import(dir.path()).expect("imports");
    let (from_folder, _) = KnowledgeBase::load(dir.path()).unwrap();
    assert_eq!(
        server.sql("SELECT count(*) FROM sentences"),
        from_folder.sentence_count().to_string(),
        "every sentence of the table is in the store"
    );
    assert_eq!(
        server.sql("SELECT DISTINCT config FROM sentences"),
        "english",
        "English articles are searched with English stemming"
    );
    stats_agree(&server);

    let mut retriever = Retriever::connect(&url).expect("connects");
    let volcano = retriever
        .articles("Where did the volcano erupt?")
        .expect("searches");
    assert_eq!(
        volcano.first().map(String::as_str),
        Some("volcano-eruption.txt")
    );
    let retrieved: Vec<(String, Option<String>)> = QUESTIONS
        .iter()
        .map(|q| {
            let kb = retriever.table(q).expect("retrieves");
            let reply = answer(&kb, q, &RankConfig::default(), 1);
            let best = reply.answers.first();
            (
                best.map(|a| a.text.clone()).unwrap_or_default(),
                best.map(|a| a.article.clone()),
            )
        })
        .collect();
    assert_eq!(retrieved, answers(&from_folder));
    assert_eq!(
        server.sql("SELECT sentences || '/' || articles FROM engine_corpus"),
        format!(
            "{}/{}",
            from_folder.sentence_count(),
            from_folder.articles().len()
        ),
        "the archive's figures are the table's"
    );
    // A store imported before migration 4 gets its shares from the next
    // import, though no article changed.
    server.sql(
        "TRUNCATE article_terms, engine_terms; UPDATE engine_corpus SET sentences = 0, articles = 0, len = 0",
    );
    writer.import(dir.path()).expect("imports again");
    stats_agree(&server);
    // Nor did a store imported before migration 3 have sentences: the next
    // import writes those of its unchanged articles.
    server.sql("SELECT articlebot_drop_sentences(array_agg(id)) FROM articles");
    assert_eq!(server.sql("SELECT count(*) FROM sentences"), "0");
    assert!(
        retriever
            .articles("Where did the volcano erupt?")
            .unwrap()
            .is_empty()
    );
    let again = writer.import(dir.path()).expect("imports again");
    assert_eq!(
        (again.inserted, again.updated),
        (0, 0),
        "no article changed"
    );
    assert_eq!(
        server.sql("SELECT count(*) FROM sentences"),
        from_folder.sentence_count().to_string(),
        "every sentence is back"
    );
    stats_agree(&server);
    // Weighed by the archive's statistics, the small table scores each
    // sentence as the table of every article does.
    for q in QUESTIONS {
        let small = answer(&retriever.table(q).unwrap(), q, &RankConfig::default(), 1);
        let whole = answer(&from_folder, q, &RankConfig::default(), 1);
        assert_eq!(
            small.answers.first().map(|a| a.score),
            whole.answers.first().map(|a| a.score),
            "{q}"
        );
    }
    assert!(
        retriever
            .articles("zzzz qqqq")
            .expect("searches")
            .is_empty(),
        "no candidates for words no article holds"
    );

    // A change and a deletion move the statistics with the sentences.
    let volcano_file = dir.path().join("volcano-eruption.txt");
    let text = std::fs::read_to_string(&volcano_file).unwrap();
    std::fs::write(&volcano_file, text.replace("Songo Island", "Pemba Reef")).unwrap();
    writer.import(dir.path()).expect("imports the change");
    stats_agree(&server);
    let kb = retriever
        .table("Where did the volcano erupt?")
        .expect("retrieves");
    let best = answer(
        &kb,
        "Where did the volcano erupt?",
        &RankConfig::default(),
        1,
    );
    assert!(
        best.answers[0].text.contains("Pemba Reef"),
        "{:?}",
        best.answers[0].text
    );
    server.sql("DELETE FROM articles WHERE id = 'volcano-eruption.txt'");
    stats_agree(&server);
    assert!(
        !retriever
            .articles("Where did the volcano erupt?")
            .expect("searches")
            .contains(&"volcano-eruption.txt".to_string()),
        "a deleted article's sentences are gone"
    );
}

/// The candidates of `question`, scores rounded (sums taken in another
/// order may differ in the last bits).
fn candidates(store: &Store, question: &str) -> Vec<(String, i32, i64)> {
    store
        .candidates(question, 300)
        .expect("searches")
        .into_iter()
        .map(|c| (c.article, c.position, (c.score * 1e6).round() as i64))
        .collect()
}

#[test]
fn a_question_answered_from_three_shards_is_answered_as_from_one() {
    let Some((coordinator, shards)) = postgres::start_cluster(2) else {
        return;
    };
    let Some(single) = postgres::start() else {
        return;
    };
    let dir = folder();
    let (one, three) = (single.url(), coordinator.url());
    let mut one_store = store(&single);
    one_store.import(dir.path()).expect("imports");
    one_store.import(bridge_folder().path()).expect("imports");

    // Sharded after a first import (its rows move) and before a second
    // (its rows are routed).
    let mut sharded = store(&coordinator);
    sharded.import(dir.path()).expect("imports");
    let (out, _) = run(articlebot()
        .args(["--store", &three, "store", "shard"])
        .args(shards.iter().map(postgres::Server::url)));
    assert!(out.contains("partitions=3"), "{out}");
    sharded.import(bridge_folder().path()).expect("imports");
    let held: Vec<usize> = std::iter::once(coordinator.sql("SELECT count(*) FROM sentences_p0"))
        .chain(
            shards
                .iter()
                .map(|s| s.sql("SELECT count(*) FROM sentences")),
        )
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(
        held.iter().sum::<usize>().to_string(),
        single.sql("SELECT count(*) FROM sentences"),
        "every sentence is on one shard: {held:?}"
    );
    assert!(held.iter().filter(|&&n| n > 0).count() >= 2, "{held:?}");
    stats_agree(&coordinator);

    let questions = QUESTIONS.iter().chain(&["Who opened the harbour bridge?"]);
    let (mut from_one, mut from_three) = (
        Retriever::connect(&one).unwrap(),
        Retriever::connect(&three).unwrap(),
    );
    for q in questions {
        assert_eq!(candidates(&sharded, q), candidates(&one_store, q), "{q}");
        let best = |r: &mut Retriever| {
            let kb = r.table(q).expect("retrieves");
            let reply = answer(&kb, q, &RankConfig::default(), 1);
            reply
                .answers
                .first()
                .map(|a| (a.text.clone(), a.article.clone()))
        };
        assert_eq!(best(&mut from_three), best(&mut from_one), "{q}");
    }

    // A deletion reaches the shard holding the article.
    coordinator.sql("DELETE FROM articles WHERE id = 'harbour-bridge.txt'");
    stats_agree(&coordinator);
    let left: usize = shards
        .iter()
        .map(|s| s.sql("SELECT count(*) FROM sentences WHERE article_id = 'harbour-bridge.txt'"))
        .chain(std::iter::once(coordinator.sql(
            "SELECT count(*) FROM sentences_p0 WHERE article_id = 'harbour-bridge.txt'",
        )))
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert_eq!(left, 0);
}

/// A conversation: questions, a follow-up leaning on the last answer,
/// "More", the last answer's article summarized, and a question about
/// "this article".
const CONVERSATION: &str = "Who is Japan's foreign minister?
Where did he go?
/more
/summary
When did the volcano erupt?
How many people were evacuated?
What is this article about?
Who called the vote the most important decision?
";

/// What the console chat says to `CONVERSATION` with `args`: its greeting
/// and the rest.
fn chat(args: &[&str]) -> (String, String) {
    let out = articlebot()
        .args(args)
        .arg("chat")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(CONVERSATION.as_bytes())?;
            child.wait_with_output()
        })
        .expect("the chat runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let intro = articlebot::bot::messages::EN.console_intro;
    let (greeting, turns) = text.split_once(intro).expect("the chat's greeting");
    (greeting.to_string(), turns.to_string())
}

#[test]
fn the_console_chat_on_retrieval_converses_as_over_the_table_in_memory() {
    let Some(server) = postgres::start() else {
        return;
    };
    let dir = folder();
    let url = server.url();
    store(&server).import(dir.path()).expect("imports");
    let knowledge = dir.path().to_str().expect("a UTF-8 path");
    let (hello, in_memory) = chat(&["--knowledge", knowledge]);
    let (store_hello, retrieved) = chat(&["--store", &url, "--retrieval", "postgres"]);
    // The greeting counts the store's articles, though none is in memory.
    assert!(hello.contains("4 news articles"), "{hello}");
    assert!(store_hello.contains("4 news articles"), "{store_hello}");
    // The conversation's features hold: the follow-up is read against the
    // minister, "More" pages, the summary and "this article" are of the
    // last answer's article.
    assert!(in_memory.contains("Iwaya"), "{in_memory}");
    assert!(in_memory.contains("6,000"), "{in_memory}");
    assert_eq!(retrieved, in_memory);
}
