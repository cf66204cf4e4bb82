//! The reply formatter on arbitrary article text: sentence, title and url
//! come from the input (split at 0xFF bytes, which UTF-8 never holds), the
//! highlight from its first two bytes. HTML must be escaped and balanced,
//! and every message within Telegram's 4,096 characters.
#![no_main]

use articlebot::SentenceId;
use articlebot::answer::Answer;
use libfuzzer_sys::fuzz_target;

// Shared with the proptest suite; each target uses only some of the checks.
#[allow(dead_code)]
#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let Some((&[a, b], rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let mut parts = rest.split(|&x| x == 0xFF).map(String::from_utf8_lossy);
    let text = parts
        .next()
        .unwrap_or_default()
        .repeat(1 + (b as usize % 8) * 60);
    let title = parts.next().unwrap_or_default().into_owned();
    let url = parts.next().map(|u| u.into_owned());
    // A highlight on char boundaries somewhere in the text, as the phrase picker makes them.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let start = bounds[a as usize % bounds.len()];
    let end = bounds[(a as usize + b as usize) % bounds.len()].max(start);
    let answer = Answer {
        sentence: SentenceId::default(),
        text,
        highlight: Some(start..end),
        article: "a.txt".into(),
        title,
        url,
        score: 1.0,
    };
    invariants::check_formatted(&answer);
});
