//! The table's snapshot: a table opened from it answers as a fresh load
//! does; every kind of bad snapshot (truncated, a flipped byte, another
//! format version, another build, another folder) is ignored with one
//! warning and the table rebuilt; files changed, added or deleted while
//! the bot was down are read at the next start, files skipped for their
//! content are not, but are named at each start; a knowledge folder whose
//! neighbourhood cannot be written gets its cache elsewhere; and arbitrary
//! bytes given to the reader are an error, never a panic.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use articlebot::knowledge::snapshot::{self, SnapshotError, Start};
use articlebot::{KnowledgeBase, LoadReport, RankConfig, answer};
use proptest::prelude::*;

const QUESTIONS: &[&str] = &[
    "Who is the mayor of Port Alder?",
    "How much did the bridge cost?",
    "When did the volcano erupt?",
    "Who visited Ukraine?",
    "Where did the miners strike?",
    "How many people voted on the stadium?",
    "What did the foreign minister say about North Korean troops?",
    "Wer streikt?",
    "Кто построил мост?",
    "volcanoe eruptoin",
];

/// A folder of our articles in several languages, copied so tests may
/// change it.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("knowledge");
    std::fs::create_dir(&dir).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in [
        "knowledge",
        "tests/fixtures/own",
        "tests/fixtures/lang",
        "tests/fixtures/articles",
    ] {
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    (tmp, dir)
}

/// Everything a table says: articles, sentences with their facts, and the
/// replies to the questions (as JSON, scores included).
fn says(kb: &KnowledgeBase) -> Vec<String> {
    let mut out: Vec<String> = kb
        .articles()
        .iter()
        .map(|a| serde_json::to_string(a).unwrap())
        .collect();
    for s in kb.sentences() {
        out.push(format!(
            "{:?} {} {} {:?} {:?}",
            s.article, s.paragraph, s.position, s.text, s.facts
        ));
    }
    out.push(format!("{:?}", kb.languages()));
    for q in QUESTIONS {
        let reply = answer(kb, q, &RankConfig::default(), 5);
        out.push(serde_json::to_string(&reply).unwrap());
    }
    out
}

/// What `says` says with the question's term ids left out: a table
/// reloaded from another numbers its terms otherwise (ARCHITECTURE.md,
/// "A reload is a load that may copy").
fn says_but_ids(kb: &KnowledgeBase) -> Vec<String> {
    says(kb)
        .into_iter()
        .map(
            |line| match serde_json::from_str::<serde_json::Value>(&line) {
                Ok(mut v) if v.get("question").is_some() => {
                    if let Some(terms) = v["question"]["terms"].as_array_mut() {
                        for t in terms {
                            t.as_object_mut().unwrap().remove("term");
                        }
                    }
                    v.to_string()
                }
                _ => line,
            },
        )
        .collect()
}

/// Asserts two tables' statements equal, showing the first difference.
fn same(a: &[String], b: &[String], what: &str) {
    if let Some((x, y)) = a.iter().zip(b).find(|(x, y)| x != y) {
        panic!("{what}: first difference\n  {x}\n  {y}");
    }
    assert_eq!(a.len(), b.len(), "{what}");
}

/// Runs `f`, returning its value and the warnings it logged.
fn with_warnings<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);
    impl Write for Lines {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let value = tracing::subscriber::with_default(subscriber, f);
    let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
    (value, text.lines().map(str::to_string).collect())
}

/// A start from the cache: the table, how it started, the warnings logged.
fn cached(dir: &Path, snap: &Path) -> (KnowledgeBase, Start, Vec<String>) {
    let (kb, _, start, warnings) = started(dir, snap);
    (kb, start, warnings)
}

/// [`cached`] with the load's report.
fn started(dir: &Path, snap: &Path) -> (KnowledgeBase, LoadReport, Start, Vec<String>) {
    let ((kb, report, start), warnings) =
        with_warnings(|| KnowledgeBase::load_cached(dir, snap).expect("the folder loads"));
    (kb, report, start, warnings)
}

/// The skipped files a report names, as logs show them.
fn skips(report: &LoadReport) -> Vec<String> {
    report.warnings.iter().map(|w| w.to_string()).collect()
}

#[test]
fn a_table_from_the_snapshot_says_what_a_fresh_load_says() {
    let (tmp, dir) = folder();
    let snap = snapshot::snapshot_path(&tmp.path().join("cache"));
    let (fresh, _) = KnowledgeBase::load(&dir).unwrap();
    assert!(fresh.languages().len() >= 5, "{:?}", fresh.languages());
    let (first, start, warnings) = cached(&dir, &snap);
    assert!(
        matches!(start, Start::Rebuilt(SnapshotError::Missing)),
        "{start:?}"
    );
    assert!(
        warnings.is_empty(),
        "no snapshot yet is no warning: {warnings:?}"
    );
    assert!(snap.is_file(), "written after the load");
    let (opened, start, warnings) = cached(&dir, &snap);
    assert!(matches!(start, Start::Snapshot), "{start:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
    same(&says(&opened), &says(&fresh), "opened");
    same(&says(&first), &says(&fresh), "first");
    // The same bytes read from memory make the same table.
    let bytes = std::fs::read(&snap).unwrap();
    let from_bytes = KnowledgeBase::from_snapshot_bytes(&bytes).unwrap();
    same(&says(&from_bytes), &says(&fresh), "from bytes");
    // A table opened from a snapshot writes the same snapshot again.
    let again = tmp.path().join("again.snapshot");
    opened.save_snapshot(&dir, &again).unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), bytes);
}

/// A change made to the folder while the bot is down.
type Change = Box<dyn Fn(&Path)>;
/// Which error a bad snapshot must be refused with.
type Expected = fn(&SnapshotError) -> bool;

#[test]
fn files_changed_added_or_deleted_while_down_are_read_at_the_next_start() {
    let (tmp, dir) = folder();
    let snap = snapshot::snapshot_path(&tmp.path().join("cache"));
    cached(&dir, &snap);
    let changes: [(&str, Change); 3] = [
        (
            "changed",
            Box::new(|d: &Path| {
                std::fs::write(
                    d.join("volcano-eruption.txt"),
                    "Volcano quiet again\n\nThe volcano near Grindavik stopped erupting on Friday, scientists said.",
                )
                .unwrap()
            }),
        ),
        (
            "added",
            Box::new(|d: &Path| {
                std::fs::write(
                    d.join("ferry.txt"),
                    "Ferry returns\n\nThe night ferry to Hel returned to service on Sunday after repairs.",
                )
                .unwrap()
            }),
        ),
        (
            "deleted",
            Box::new(|d: &Path| std::fs::remove_file(d.join("stadium-vote.txt")).unwrap()),
        ),
    ];
    for (what, change) in changes {
        change(&dir);
        let (kb, start, warnings) = cached(&dir, &snap);
        assert!(matches!(start, Start::Updated), "{what}: {start:?}");
        assert!(warnings.is_empty(), "{what}: {warnings:?}");
        let (fresh, _) = KnowledgeBase::load(&dir).unwrap();
        same(&says_but_ids(&kb), &says_but_ids(&fresh), what);
        // The snapshot was rewritten: the next start reads no file, and
        // answers as the reloaded table did, ids and all.
        let (opened, start, _) = cached(&dir, &snap);
        assert!(matches!(start, Start::Snapshot), "{what} then: {start:?}");
        same(&says(&opened), &says(&kb), what);
    }
    assert!(
        KnowledgeBase::load(&dir)
            .unwrap()
            .0
            .articles()
            .iter()
            .any(|a| a.id == "ferry.txt")
    );
}

#[test]
fn files_skipped_for_their_content_are_not_read_again_but_still_named() {
    let (tmp, dir) = folder();
    let snap = snapshot::snapshot_path(&tmp.path().join("cache"));
    std::fs::write(dir.join("junk.txt"), b"\0\x01\x02 not text at all").unwrap();
    std::fs::write(dir.join("empty.md"), "").unwrap();
    // Not UTF-8, and control characters in the encoding guessed for it.
    std::fs::write(
        dir.join("controls.txt"),
        b"\x01\x02\x03\x04\x05\x06 \xe9 text",
    )
    .unwrap();
    let (fresh, report) = KnowledgeBase::load(&dir).unwrap();
    let expected = skips(&report);
    assert_eq!(expected.len(), 3, "{expected:?}");
    assert!(
        expected.iter().any(|w| w.contains("not text (read as")),
        "{expected:?}"
    );
    let (_, report, start, _) = started(&dir, &snap);
    assert!(
        matches!(start, Start::Rebuilt(SnapshotError::Missing)),
        "{start:?}"
    );
    assert_eq!(skips(&report), expected);
    // Unchanged, the skipped files are not read again (a start from the
    // snapshot reads no file), yet each start names them as a load would.
    for _ in 0..2 {
        let (kb, report, start, logged) = started(&dir, &snap);
        assert!(matches!(start, Start::Snapshot), "{start:?}");
        assert_eq!(skips(&report), expected);
        assert!(logged.is_empty(), "{logged:?}");
        same(&says(&kb), &says(&fresh), "from the snapshot");
    }
    // A skipped file that changes is read again: one turns into an
    // article, another is still empty (white space only).
    std::fs::write(
        dir.join("junk.txt"),
        "Ferry returns\n\nThe night ferry to Hel returned to service on Sunday after repairs.",
    )
    .unwrap();
    std::fs::write(dir.join("empty.md"), "  \n\n ").unwrap();
    let (kb, report, start, _) = started(&dir, &snap);
    assert!(matches!(start, Start::Updated), "{start:?}");
    assert!(kb.articles().iter().any(|a| a.id == "junk.txt"));
    let (fresh, fresh_report) = KnowledgeBase::load(&dir).unwrap();
    let expected = skips(&fresh_report);
    assert_eq!(expected.len(), 2, "{expected:?}");
    assert_eq!(skips(&report), expected);
    let (kb, report, start, _) = started(&dir, &snap);
    assert!(matches!(start, Start::Snapshot), "{start:?}");
    assert_eq!(skips(&report), expected);
    same(
        &says_but_ids(&kb),
        &says_but_ids(&fresh),
        "after the change",
    );
    // And an article that turns bad is skipped from then on, unread.
    std::fs::write(dir.join("junk.txt"), b"\0binary again").unwrap();
    let (_, report, start, _) = started(&dir, &snap);
    assert!(matches!(start, Start::Updated), "{start:?}");
    assert_eq!(report.warnings.len(), 3);
    let (_, again, start, _) = started(&dir, &snap);
    assert!(matches!(start, Start::Snapshot), "{start:?}");
    assert_eq!(skips(&again), skips(&report));
}

#[test]
fn every_kind_of_bad_snapshot_is_rebuilt_with_one_warning() {
    let (tmp, dir) = folder();
    let snap = snapshot::snapshot_path(&tmp.path().join("cache"));
    let (fresh, _) = KnowledgeBase::load(&dir).unwrap();
    let expected = says(&fresh);
    cached(&dir, &snap);
    let good = std::fs::read(&snap).unwrap();
    let patch = |at: usize, bytes: &[u8]| {
        let mut b = good.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        b
    };
    let kinds: Vec<(&str, Vec<u8>, Expected)> = vec![
        ("empty", Vec::new(), |e| {
            matches!(e, SnapshotError::Truncated)
        }),
        ("truncated", good[..good.len() / 2].to_vec(), |e| {
            matches!(e, SnapshotError::Truncated)
        }),
        (
            "a flipped byte",
            {
                let mut b = good.clone();
                let at = b.len() * 2 / 3;
                b[at] ^= 0x20;
                b
            },
            |e| matches!(e, SnapshotError::Checksum),
        ),
        (
            "a flipped byte in the section table",
            {
                let mut b = good.clone();
                b[64 + 16 + 7] ^= 0x80;
                b
            },
            |e| matches!(e, SnapshotError::Checksum),
        ),
        (
            "not a snapshot",
            b"articles: none, this is a text file that happens to be long enough to hold a header"
                .to_vec(),
            |e| matches!(e, SnapshotError::NotSnapshot),
        ),
        ("an old version", patch(8, &0u32.to_le_bytes()), |e| {
            matches!(e, SnapshotError::Version(0))
        }),
        (
            "another build",
            patch(16, &0x0123_4567_89ab_cdefu64.to_le_bytes()),
            |e| matches!(e, SnapshotError::OtherBuild),
        ),
    ];
    for (what, bytes, expected_error) in kinds {
        std::fs::write(&snap, &bytes).unwrap();
        let (kb, start, warnings) = cached(&dir, &snap);
        match &start {
            Start::Rebuilt(e) => assert!(expected_error(e), "{what}: {e:?}"),
            other => panic!("{what}: {other:?}"),
        }
        assert_eq!(warnings.len(), 1, "{what}: {warnings:?}");
        assert!(
            warnings[0].contains("ignoring the table snapshot"),
            "{what}: {warnings:?}"
        );
        same(&says(&kb), &expected, what);
        // Rebuilt and written again: the next start opens it.
        let (_, start, warnings) = cached(&dir, &snap);
        assert!(matches!(start, Start::Snapshot), "{what} then: {start:?}");
        assert!(warnings.is_empty());
    }
    // A snapshot of another folder is not this folder's.
    let (_other_tmp, other) = folder();
    let (kb, start, warnings) = cached(&other, &snap);
    assert!(
        matches!(start, Start::Rebuilt(SnapshotError::OtherFolder)),
        "{start:?}"
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    same(&says(&kb), &expected, "another folder");
}

#[test]
fn a_folder_whose_neighbourhood_cannot_be_written_gets_its_cache_elsewhere() {
    // Tests run as root, whom permission bits do not stop: a file where
    // the cache folder beside would go makes that place unwritable for
    // anyone, as a read-only mount does.
    let (tmp, dir) = folder();
    let beside = snapshot::beside(&dir);
    assert_eq!(beside, tmp.path().join("knowledge.cache"));
    assert_eq!(snapshot::choose_cache_dir(&dir, None), Some(beside.clone()));
    std::fs::remove_dir_all(&beside).unwrap();
    std::fs::write(&beside, "in the way").unwrap();
    assert!(!snapshot::writable(&beside));
    let user = tmp.path().join("user-cache");
    let chosen = snapshot::choose_cache_dir(&dir, Some(&user)).expect("the user's cache");
    assert!(chosen.starts_with(user.join("articlebot")), "{chosen:?}");
    assert_eq!(
        snapshot::choose_cache_dir(&dir, Some(&beside)),
        None,
        "nowhere to write"
    );
    let snap = snapshot::snapshot_path(&chosen);
    cached(&dir, &snap);
    let (_, start, _) = cached(&dir, &snap);
    assert!(matches!(start, Start::Snapshot), "{start:?}");
    // An unwritable snapshot path costs a warning, never the table.
    let (kb, start, warnings) = cached(&dir, &beside.join("table.snapshot"));
    assert!(matches!(start, Start::Rebuilt(_)), "{start:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("cannot write the table snapshot")),
        "{warnings:?}"
    );
    assert!(!kb.is_empty());
}

/// A snapshot's bytes with its checksum made to match, so a change past
/// the header reaches the structural checks instead of the checksum's.
fn with_checksum(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.len() >= 64 {
        let mut crc = crc32fast::Hasher::new();
        crc.update(&bytes[..32]);
        crc.update(&bytes[36..]);
        let sum = crc.finalize();
        bytes[32..36].copy_from_slice(&sum.to_le_bytes());
    }
    bytes
}

fn small_snapshot() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let kb = KnowledgeBase::from_texts([
            ("a.txt", "Bridge opens\n\nMayor Elena Novak opened the harbour bridge on Monday. It cost $450 million.", articlebot::knowledge::Format::Text),
            ("b.txt", "Strike ends\n\nMiners in Kiruna ended their strike after 12 days, the union said.", articlebot::knowledge::Format::Text),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.snapshot");
        kb.save_snapshot(dir.path(), &path).unwrap();
        std::fs::read(path).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_reader_refuses_arbitrary_bytes_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..4000)) {
        prop_assert!(KnowledgeBase::from_snapshot_bytes(&bytes).is_err());
        // With a header that passes, the rest is still checked.
        let mut framed = small_snapshot()[..64].to_vec();
        framed.extend_from_slice(&bytes);
        let len = framed.len() as u64;
        framed[24..32].copy_from_slice(&len.to_le_bytes());
        let _ = KnowledgeBase::from_snapshot_bytes(&with_checksum(framed));
    }

    #[test]
    fn a_damaged_snapshot_with_a_matching_checksum_never_panics_the_reader(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = small_snapshot().to_vec();
        for (at, value) in edits {
            let at = at.index(bytes.len() - 64) + 64;
            bytes[at] = value;
        }
        let _ = KnowledgeBase::from_snapshot_bytes(&with_checksum(bytes));
    }
}
