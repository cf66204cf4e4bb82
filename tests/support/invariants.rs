//! Invariants every reply and every table must hold, shared by the
//! proptest suite (`tests/fuzz.rs`) and the cargo-fuzz targets (`fuzz/`),
//! so both fuzzers check exactly the same things.

use articlebot::KnowledgeBase;
use articlebot::answer::Answer;
use articlebot::bot::render::{TELEGRAM_MAX_CHARS, answer_html, split_message};

/// Every sentence has text; every fact's span lies inside it on char boundaries.
pub fn check_table(kb: &KnowledgeBase) {
    for s in kb.sentences() {
        assert!(!s.text.trim().is_empty());
        for f in s.facts {
            assert!(f.start <= f.end && (f.end as usize) <= s.text.len());
            assert!(
                s.text.is_char_boundary(f.start as usize)
                    && s.text.is_char_boundary(f.end as usize)
            );
        }
    }
}

/// A reply's HTML is well formed for Telegram: only our tags, balanced,
/// everything else escaped.
pub fn check_html(html: &str) {
    let mut rest = html.to_string();
    for tag in ["<b>", "</b>", "<i>", "</i>", "</a>"] {
        rest = rest.replace(tag, "");
    }
    while let Some(a) = rest.find("<a href=\"") {
        let end = rest[a..]
            .find("\">")
            .map(|e| a + e + 2)
            .expect("closed href");
        rest.replace_range(a..end, "");
    }
    assert!(
        !rest.contains('<') && !rest.contains('>'),
        "unescaped markup in {html:?}"
    );
    for (i, _) in rest.match_indices('&') {
        let entity = &rest[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "bare & in {html:?}"
        );
    }
    assert_eq!(html.matches("<b>").count(), html.matches("</b>").count());
    assert_eq!(html.matches("<i>").count(), html.matches("</i>").count());
}

/// An answer comes from the table: its text is pieces of its sentence,
/// at most `MAX_REPLY_CHARS` characters, its highlight inside it, its HTML well formed
/// and every message it is split into within Telegram's limit.
pub fn check_answer(kb: &KnowledgeBase, a: &Answer) {
    assert!(a.text.chars().count() <= articlebot::answer::MAX_REPLY_CHARS);
    let source = kb
        .sentence(a.sentence)
        .expect("an answer's sentence is in the table that gave it")
        .text;
    for piece in a.text.split('…').filter(|p| !p.trim().is_empty()) {
        assert!(
            source.contains(piece.trim()),
            "{piece:?} not from {source:?}"
        );
    }
    if let Some(r) = a.highlight.clone() {
        assert!(a.text.get(r).is_some());
    }
    check_formatted(a);
}

/// The answer's HTML and each message it is split into are well formed
/// and within Telegram's limit.
pub fn check_formatted(a: &Answer) {
    let html = answer_html(a);
    check_html(&html);
    for part in split_message(&html, TELEGRAM_MAX_CHARS) {
        assert!(part.chars().count() <= TELEGRAM_MAX_CHARS);
        check_html(&part);
    }
}
