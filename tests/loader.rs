//! Loading real files: every format, the cleaning rules on pasted text, and
//! every kind of bad file, through the public `KnowledgeBase::load`.

use std::path::Path;

use articlebot::facts::FactKind;
use articlebot::knowledge::SkipReason;
use articlebot::{Error, KnowledgeBase};

fn fixtures() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/articles"
    ))
}

fn article_text(kb: &KnowledgeBase, id: &str) -> Vec<String> {
    let a = kb
        .articles()
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("{id} loaded"));
    kb.sentences_of(a).map(|s| s.text.to_string()).collect()
}

#[test]
fn loads_every_format_and_counts_what_it_ignores() {
    let (kb, report) = KnowledgeBase::load(fixtures()).expect("fixtures load");
    let ids: Vec<&str> = kb.articles().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["harbour-bridge.txt", "nested/library.md", "orchestra.html"]
    );
    assert_eq!(report.hidden, 1);
    assert_eq!(report.other_extensions, 1);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn text_article_metadata_and_cleaning() {
    let (kb, _) = KnowledgeBase::load(fixtures()).unwrap();
    let a = &kb.articles()[0];
    assert_eq!(
        a.title,
        "City opens new harbour bridge after four years of work"
    );
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://news.example.com/harbour-bridge")
    );
    assert_eq!(a.meta.source.as_deref(), Some("Example Daily"));
    let sentences = article_text(&kb, "harbour-bridge.txt");
    for clutter in [
        "Advertisement",
        "Reading Time",
        "Why you can trust",
        "Share this",
        "Subscribe",
        "Photo: Reuters",
    ] {
        assert!(
            sentences.iter().all(|s| !s.contains(clutter)),
            "{clutter} left in {sentences:?}"
        );
    }
    assert!(sentences.iter().all(|s| s != "12"));
    let captions = sentences
        .iter()
        .filter(|s| s.starts_with("Mayor Elena Novak cuts the ribbon"))
        .count();
    assert_eq!(
        captions, 1,
        "the repeated caption is kept once: {sentences:?}"
    );
    assert!(
        sentences.contains(
            &"Mr. Halvorsen said the U.S. firm that supplied the steel delivered it early."
                .to_string()
        ),
        "{sentences:?}"
    );
}

#[test]
fn markdown_article() {
    let (kb, _) = KnowledgeBase::load(fixtures()).unwrap();
    let a = kb
        .articles()
        .iter()
        .find(|a| a.id == "nested/library.md")
        .unwrap();
    assert_eq!(a.title, "Old library reopens with a rooftop garden");
    assert_eq!(a.meta.source.as_deref(), Some("Example Weekly"));
    let s = article_text(&kb, "nested/library.md");
    assert!(s.contains(&"The central library in Fenwick reopened on Tuesday after a renovation that lasted two years.".to_string()), "{s:?}");
    assert!(s.iter().any(|x| x == "The reading room in Fenwick"));
}

#[test]
fn html_article_without_page_clutter() {
    let (kb, _) = KnowledgeBase::load(fixtures()).unwrap();
    let a = kb
        .articles()
        .iter()
        .find(|a| a.id == "orchestra.html")
        .unwrap();
    assert_eq!(a.title, "Youth orchestra starts its first world tour");
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://times.example.com/orchestra")
    );
    let s = article_text(&kb, "orchestra.html");
    assert_eq!(
        s,
        vec![
            "The Riverside Youth Orchestra began its first world tour in Vienna on Sunday.",
            "Conductor Mira Sato said the 85 musicians will play in 12 cities.",
        ]
    );
}

#[test]
fn facts_from_fixture_articles() {
    let (kb, _) = KnowledgeBase::load(fixtures()).unwrap();
    let facts: Vec<(FactKind, String, Option<String>)> = kb
        .facts()
        .map(|(s, f)| {
            (
                f.kind,
                f.text(s.text).to_string(),
                f.role(s.text).map(str::to_string),
            )
        })
        .collect();
    let has = |k: FactKind, t: &str| facts.iter().any(|f| f.0 == k && f.1 == t);
    assert!(
        facts.contains(&(FactKind::Person, "Elena Novak".into(), Some("Mayor".into()))),
        "{facts:?}"
    );
    assert!(
        facts.contains(&(
            FactKind::Person,
            "Mira Sato".into(),
            Some("Conductor".into())
        )),
        "{facts:?}"
    );
    assert!(has(FactKind::Number, "about $450 million"), "{facts:?}");
    assert!(has(FactKind::Number, "up to 40,000"), "{facts:?}");
    assert!(has(FactKind::Date, "March 1"), "{facts:?}");
    assert!(has(FactKind::Place, "Vienna"), "{facts:?}");
    assert!(has(FactKind::Place, "Port Alder"), "{facts:?}");
}

#[cfg(unix)]
#[test]
fn bad_files_are_skipped_with_a_warning_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("good.txt"),
        "A good title\n\nA good sentence about ships.",
    )
    .unwrap();
    std::fs::write(d.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    // No NUL byte, yet no text in any encoding.
    let noise: Vec<u8> = (0..3000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8 | 1)
        .collect();
    std::fs::write(d.join("noise.txt"), noise).unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("blank.md"), "   \n\n  ").unwrap();
    std::fs::write(d.join("clutter-only.txt"), "Advertisement\n\nShare\n\n3").unwrap();
    let huge = std::fs::File::create(d.join("huge.txt")).unwrap();
    huge.set_len(articlebot::knowledge::MAX_FILE_BYTES + 1)
        .unwrap();
    std::os::unix::fs::symlink(d.join("missing.txt"), d.join("dangling.txt")).unwrap();
    // Opens but cannot be read (EIO): as root, permission bits cannot make a file unreadable.
    std::os::unix::fs::symlink("/proc/self/mem", d.join("unreadable.txt")).unwrap();
    std::fs::create_dir(d.join("loop")).unwrap();
    std::os::unix::fs::symlink(d.join("loop"), d.join("loop").join("again")).unwrap();
    let (kb, report) = KnowledgeBase::load(d).expect("one good file is enough");
    assert_eq!(kb.articles().len(), 1);
    let reason = |name: &str| {
        report
            .warnings
            .iter()
            .find(|w| w.path.file_name().is_some_and(|n| n == name))
            .map(|w| w.reason.clone())
            .unwrap_or_else(|| panic!("no warning for {name}: {:?}", report.warnings))
    };
    assert!(matches!(reason("binary.txt"), SkipReason::Binary));
    assert!(matches!(reason("noise.txt"), SkipReason::NotText { .. }));
    assert!(matches!(reason("empty.txt"), SkipReason::Empty));
    assert!(matches!(reason("blank.md"), SkipReason::Empty));
    assert!(matches!(reason("clutter-only.txt"), SkipReason::NoText));
    assert!(matches!(reason("huge.txt"), SkipReason::TooLarge));
    assert!(matches!(reason("dangling.txt"), SkipReason::Unreadable(_)));
    assert!(
        matches!(reason("unreadable.txt"), SkipReason::Unreadable(_)),
        "{}",
        reason("unreadable.txt")
    );
    assert!(matches!(reason("again"), SkipReason::LinkLoop));
    for w in &report.warnings {
        assert!(
            w.to_string().contains(&*w.path.to_string_lossy()),
            "warning names the file: {w}"
        );
    }
}

/// Pages of our own saved in windows-1251, Shift_JIS and GBK (each
/// declaring it), and a windows-1251 `.txt` that declares nothing.
#[test]
fn pages_in_other_encodings_load_with_their_text() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/encodings"
    ));
    let (kb, report) = KnowledgeBase::load(dir).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let cases = [
        (
            "ru-windows-1251.html",
            "Шторм закрыл северный причал Порт-Алдера",
            "Инженеры нашли трещины более чем в сорока сваях, и ремонт займёт не меньше шести недель.",
            Some("ru"),
        ),
        (
            "ja-shift_jis.html",
            "嵐でポートオルダーの北桟橋が閉鎖",
            "技術者は四十本以上の杭にひびを見つけ、修理には少なくとも六週間かかるという。",
            Some("ja"),
        ),
        (
            "zh-gbk.html",
            "风暴导致阿尔德港北码头关闭",
            "工程师在四十多根木桩上发现了裂缝，港务局局长说修复至少需要六个星期。",
            Some("zh-CN"),
        ),
        (
            "ru-windows-1251.txt",
            "Шторм закрыл причал",
            "Портовое управление Порт-Алдера в понедельник закрыло северный причал после шторма.",
            None,
        ),
    ];
    for (id, title, sentence, language) in cases {
        let a = kb.articles().iter().find(|a| a.id == id).unwrap();
        assert_eq!(a.title, title);
        assert_eq!(a.meta.lang.as_deref(), language, "{id}");
        // Declared where the page says; read from the text where not.
        let code = language.map_or("ru", |l| &l[..2]);
        assert_eq!(a.lang.code(), code, "{id}");
        let text = article_text(&kb, id).join(" ");
        assert!(text.contains(sentence), "{id}: {text}");
    }
}

#[test]
fn an_empty_folder_is_an_empty_table_and_a_missing_one_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (kb, report) = KnowledgeBase::load(dir.path()).expect("an empty folder loads");
    assert!(kb.articles().is_empty() && kb.is_empty());
    assert!(report.warnings.is_empty());
    let reply = articlebot::answer(&kb, "Who is the minister?", &Default::default(), 3);
    assert!(!reply.knows() && reply.answers.is_empty());
    // Files that all fail still give a table, and the report names them.
    std::fs::write(dir.path().join("binary.txt"), [0u8, 1, 2]).unwrap();
    let (kb, report) = KnowledgeBase::load(dir.path()).expect("skipped files are no failure");
    assert!(kb.articles().is_empty());
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].path.ends_with("binary.txt"));
    let missing = dir.path().join("nope");
    let err = KnowledgeBase::load(&missing).unwrap_err();
    assert!(matches!(err, Error::Folder { .. }));
    assert!(err.to_string().contains("nope"), "{err}");
}

#[test]
fn thousands_of_tiny_files_and_deep_folders_load() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = dir.path().to_path_buf();
    for i in 0..40 {
        deep = deep.join(format!("level {i} ✓"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(
        deep.join("deep (odd) name #1.txt"),
        "Deep title\n\nThe deep article mentions lighthouses.",
    )
    .unwrap();
    for i in 0..2000 {
        std::fs::write(
            dir.path().join(format!("tiny-{i}.txt")),
            format!("Tiny {i}\n\nNote number {i} about gardens."),
        )
        .unwrap();
    }
    let (kb, report) = KnowledgeBase::load(dir.path()).unwrap();
    assert_eq!(kb.articles().len(), 2001);
    assert!(report.warnings.is_empty());
}

#[test]
fn files_deleted_while_loading_are_skipped_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    let name = |i: usize| format!("note-{i}.txt");
    for i in 0..3000 {
        std::fs::write(
            dir.path().join(name(i)),
            format!("Note {i}\n\nNote number {i} is about harbours and ships."),
        )
        .unwrap();
    }
    // Odd-numbered files vanish while the loader lists and reads the folder;
    // whichever moment each goes, the loader must neither fail nor panic.
    let path = dir.path().to_path_buf();
    let deleter = std::thread::spawn(move || {
        for i in (1..3000).step_by(2) {
            std::fs::remove_file(path.join(format!("note-{i}.txt"))).unwrap();
        }
    });
    let (kb, report) = KnowledgeBase::load(dir.path()).expect("the even files remain");
    deleter.join().unwrap();
    let loaded: std::collections::HashSet<&str> =
        kb.articles().iter().map(|a| a.id.as_str()).collect();
    for i in (0..3000).step_by(2) {
        assert!(
            loaded.contains(name(i).as_str()),
            "{} was never deleted",
            name(i)
        );
    }
    for w in &report.warnings {
        let file = w.path.file_name().unwrap().to_str().unwrap();
        let i: usize = file["note-".len()..file.len() - 4].parse().unwrap();
        assert!(i % 2 == 1, "only deleted files may be skipped: {w}");
        assert!(!loaded.contains(file), "{file} both loaded and skipped");
        assert!(
            matches!(w.reason, SkipReason::Vanished(_)),
            "a deleted file is gone, not broken: {w}"
        );
    }
    // Every sentence still belongs to an article that loaded whole.
    for s in kb.sentences() {
        assert!(loaded.contains(kb.articles()[s.article.index()].id.as_str()));
    }
}

#[test]
fn a_page_nested_200000_deep_loads_with_its_text() {
    // html5ever's cost grows with the depth at every tag: unbounded, this
    // page took minutes to load.
    let dir = tempfile::tempdir().unwrap();
    let n = 200_000;
    let page = format!(
        "<html><head><title>Deep page</title></head><body>{}\
         <p>The lighthouse keeper counted 42 ships in the harbour.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    std::fs::write(dir.path().join("deep.html"), page).unwrap();
    let (kb, report) = KnowledgeBase::load(dir.path()).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(kb.articles()[0].title, "Deep page");
    assert_eq!(
        article_text(&kb, "deep.html"),
        vec!["The lighthouse keeper counted 42 ships in the harbour."]
    );
}

#[test]
fn an_empty_table_answers_i_dont_know() {
    use articlebot::bot::conversation::{Input, Listing, Response, Session, respond};
    use articlebot::bot::messages::EN;
    use articlebot::bot::render::{Surface, plain};
    let dir = tempfile::tempdir().unwrap();
    let (kb, _) = KnowledgeBase::load(dir.path()).unwrap();
    let mut session = Session::default();
    let r = respond(
        &kb,
        &mut session,
        Input::Question("Who opened the harbour bridge?".into()),
    );
    assert_eq!(
        r,
        Response::Unknown {
            suggestions: vec![]
        }
    );
    let greeting = respond(&kb, &mut session, Input::Start);
    assert_eq!(plain(&greeting, &EN, Surface::Console), EN.greeting_empty);
    let list = respond(&kb, &mut session, Input::Articles(Listing::All, 1));
    assert_eq!(plain(&list, &EN, Surface::Console), "I know 0 article(s):");
    assert_eq!(respond(&kb, &mut session, Input::More), Response::NoMore);
}
