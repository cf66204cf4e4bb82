//! `--retrieval postgres`: questions answered from the store's sentences
//! as from the table in memory, on one server, on three shards, and in
//! the console chat.

use super::*;

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
