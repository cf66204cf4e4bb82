//! Filling the store: `store import` from the command line, again with
//! nothing changed, after a file changed, a malformed row, and a store
//! without its schema.

use super::*;

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
