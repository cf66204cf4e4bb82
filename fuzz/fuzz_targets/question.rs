//! The question path on arbitrary strings against the seed table: message
//! parsing (commands, blanks), analysis, typo correction, ranking and the
//! phrase, then the reply as Telegram HTML.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use articlebot::KnowledgeBase;
use articlebot::answer::{RankConfig, answer};
use articlebot::bot::conversation::{Input, parse_input};
use articlebot::bot::render::{TELEGRAM_MAX_CHARS, reply_html, split_message};
use libfuzzer_sys::fuzz_target;

// Shared with the proptest suite; each target uses only some of the checks.
#[allow(dead_code)]
#[path = "../../tests/support/invariants.rs"]
mod invariants;

static SEED: LazyLock<KnowledgeBase> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge");
    KnowledgeBase::load(&dir).expect("knowledge/ loads").0
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(Input::Question(q)) = parse_input(&text, Some("articlebot")) {
        let reply = answer(&SEED, &q, &RankConfig::default(), 5);
        for a in &reply.answers {
            invariants::check_answer(&SEED, a);
        }
        let html = reply_html(&reply, &articlebot::bot::messages::EN);
        invariants::check_html(&html);
        for part in split_message(&html, TELEGRAM_MAX_CHARS) {
            assert!(part.chars().count() <= TELEGRAM_MAX_CHARS);
        }
    }
});
