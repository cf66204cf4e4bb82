//! Property-based fuzzing of the three entry points that take outside
//! input: the article loader (arbitrary bytes in each format), the question
//! path (arbitrary strings against the seed table), and the reply formatter
//! (arbitrary article text). proptest runs inside plain `cargo test` on the
//! stable toolchain, so CI exercises these on every change (default case
//! count); `PROPTEST_CASES=N cargo test --test fuzz` runs longer locally.

use std::path::Path;
use std::sync::LazyLock;

use articlebot::answer::{Answer, RankConfig, answer};
use articlebot::knowledge::{Format, decode};
use articlebot::{KnowledgeBase, SentenceId};
use proptest::prelude::*;

#[path = "support/invariants.rs"]
mod invariants;
use invariants::{check_answer, check_formatted, check_table};

static SEED: LazyLock<KnowledgeBase> = LazyLock::new(|| {
    KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"))
        .unwrap()
        .0
});

/// Text that looks like articles: words, names, numbers, clutter, markup, odd characters.
fn article_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z]{1,12}",
        "[A-Z][a-z]{2,9} [A-Z][a-z]{2,9}",
        "[0-9]{1,3}(,[0-9]{3})?",
        Just("Advertisement\n".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("Mr. ".to_string()),
        Just("U.S. ".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("---\ntitle: x\n---\n".to_string()),
        Just("’s ".to_string()),
        Just("“".to_string()),
        "\\PC{1,4}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #[test]
    fn loader_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000), format in 0..3u8) {
        let format = [Format::Text, Format::Markdown, Format::Html][format as usize];
        if let Ok(text) = decode(&bytes, format) {
            check_table(&KnowledgeBase::from_texts([("f", &*text, format)]));
        }
    }

    #[test]
    fn loader_never_panics_on_article_like_text(text in article_text(), format in 0..3u8) {
        let format = [Format::Text, Format::Markdown, Format::Html][format as usize];
        check_table(&KnowledgeBase::from_texts([("f", text.as_str(), format)]));
    }

    #[test]
    fn questions_never_panic_and_answers_come_from_the_table(q in prop_oneof!["\\PC{0,300}", article_text()]) {
        let reply = answer(&SEED, &q, &RankConfig::default(), 5);
        for a in &reply.answers {
            check_answer(&SEED, a);
        }
    }

    #[test]
    fn formatter_escapes_and_splits_any_text(text in article_text(), title in "\\PC{0,80}", url in prop_oneof![Just(None), "\\PC{0,40}".prop_map(Some), "https://[a-z]{1,10}\\.example/\\PC{0,20}".prop_map(Some)], reps in 1..40usize) {
        let body = text.repeat(reps);
        let cut = body.char_indices().map(|(i, _)| i).nth(body.chars().count() / 3).unwrap_or(0);
        let end = body.char_indices().map(|(i, _)| i).nth(body.chars().count() / 2).unwrap_or(body.len());
        let a = Answer { sentence: SentenceId::default(), text: body.clone(), highlight: Some(cut..end.max(cut)), article: "a.txt".into(), title, url, score: 1.0 };
        check_formatted(&a);
    }
}
