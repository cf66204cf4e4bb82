//! Replicas on one store: following imports, deletions and an admin's
//! uploads, catching up after a restart, and starting while the
//! database is down.

use super::*;

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
