//! The article loader on arbitrary bytes: the first byte picks the format
//! (.txt, .md, .html), the rest is the file. The table built from it must
//! hold its invariants, and a question against it must come back well formed.
#![no_main]

use articlebot::KnowledgeBase;
use articlebot::answer::{RankConfig, answer};
use articlebot::knowledge::{Format, decode};
use libfuzzer_sys::fuzz_target;

// Shared with the proptest suite; each target uses only some of the checks.
#[allow(dead_code)]
#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format = [Format::Text, Format::Markdown, Format::Html][pick as usize % 3];
    // Undecodable bytes are skipped by the loader with a warning; nothing to build.
    let Ok(text) = decode(bytes, format) else {
        return;
    };
    let kb = KnowledgeBase::from_texts([("fuzz.txt", &*text, format)]);
    invariants::check_table(&kb);
    // A question made of the article's own first words reaches the ranker
    // and the phrase picker on whatever table the bytes produced.
    let question: String = text
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    for q in [format!("who {question}?"), format!("how many {question}?")] {
        for a in &answer(&kb, &q, &RankConfig::default(), 3).answers {
            invariants::check_answer(&kb, a);
        }
    }
});
