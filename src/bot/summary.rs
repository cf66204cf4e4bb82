//! Extractive summaries: an article in 3–5 of its own sentences — the lead
//! and those most central to it (sharing the most weighty words with the
//! rest) — in the article's order, leaving out captions, headings, credits
//! and repeats. Pure over the table.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::KnowledgeBase;
use crate::knowledge::{Article, Sentence};

/// Fewest and most sentences a summary has (fewer only when the article
/// has fewer).
const MIN_SENTENCES: usize = 3;
const MAX_SENTENCES: usize = 5;
/// Two sentences sharing this share of their words say the same thing.
const REPEAT_OVERLAP: f32 = 0.6;

/// An article's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The article's title (its file name when it has none).
    pub title: String,
    /// Who published it.
    pub source: Option<String>,
    /// Where.
    pub url: Option<String>,
    /// When.
    pub date: Option<String>,
    /// The chosen sentences, in the article's order.
    pub sentences: Vec<String>,
}

/// Verbs a photo caption opens with after its subject ("X holds a press
/// conference …", "Y speaks during …"): a caption describes a picture in
/// the present tense, where news sentences use the past.
const CAPTION_VERBS: &[&str] = &[
    "holds",
    "speaks",
    "attends",
    "poses",
    "gestures",
    "looks",
    "walks",
    "waves",
    "delivers",
    "listens",
    "talks",
    "sits",
    "stands",
    "leaves",
    "greets",
    "reacts",
    "addresses",
    "shakes",
    "arrives",
    "is",
    "are",
    "pictured",
];

/// Whether a one-sentence paragraph reads as a photo caption.
fn is_caption(text: &str) -> bool {
    let lower = text.to_lowercase();
    if [
        "(left)",
        "(right)",
        "(centre)",
        "(center)",
        "(l)",
        "(r)",
        "file photo",
        "pictured",
    ]
    .iter()
    .any(|m| lower.contains(m))
    {
        return true;
    }
    // A capitalised subject straight followed by a present-tense verb.
    let words: Vec<&str> = text.split_whitespace().collect();
    let subject = words
        .iter()
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    subject >= 2
        && words
            .get(subject)
            .is_some_and(|w| CAPTION_VERBS.contains(&w.to_lowercase().as_str()))
}

/// Whether a sentence reads as one: long enough and ending like a sentence
/// (headings, bylines and standfirsts usually have no full stop).
fn is_prose(text: &str) -> bool {
    let ends = text
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?']);
    ends && text.split_whitespace().count() >= 6
}

/// Summarizes `article` of `kb`.
pub fn summarize(kb: &KnowledgeBase, article: &Article) -> Summary {
    let all: Vec<Sentence<'_>> = kb.sentences_of(article).collect();
    let mut per_paragraph: HashMap<u32, usize> = HashMap::default();
    for s in &all {
        *per_paragraph.entry(s.paragraph).or_default() += 1;
    }
    let mut seen = HashSet::default();
    let mut kept: Vec<&Sentence<'_>> = all
        .iter()
        .filter(|s| is_prose(s.text))
        .filter(|s| !(per_paragraph[&s.paragraph] == 1 && is_caption(s.text)))
        .filter(|s| seen.insert(s.text.to_lowercase()))
        .collect();
    if kept.is_empty() {
        kept = all.iter().collect();
    }
    // A term's weight: how many of the kept sentences hold it, times its
    // rarity across the folder (words every article has say little).
    let terms: Vec<HashSet<_>> = kept.iter().map(|s| s.terms.iter().collect()).collect();
    let mut weight: HashMap<_, f32> = HashMap::default();
    for set in &terms {
        for &t in set {
            *weight.entry(t).or_default() += kb.index().idf(t);
        }
    }
    let centrality = |i: usize| -> f32 {
        let set = &terms[i];
        let sum: f32 = set.iter().map(|t| weight[t]).sum();
        sum / (set.len().max(1) as f32).sqrt()
    };
    let wanted = (kept.len() / 4)
        .clamp(MIN_SENTENCES, MAX_SENTENCES)
        .min(kept.len());
    let scores: Vec<f32> = (0..kept.len()).map(centrality).collect();
    let mut order: Vec<usize> = (1..kept.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut chosen = vec![0];
    for i in order {
        if chosen.len() >= wanted {
            break;
        }
        let repeats = chosen.iter().any(|&c| {
            let shared = terms[i].intersection(&terms[c]).count() as f32;
            shared / (terms[i].len().min(terms[c].len()).max(1) as f32) >= REPEAT_OVERLAP
        });
        if !repeats {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    Summary {
        title: if article.title.is_empty() {
            article.id.clone()
        } else {
            article.title.clone()
        },
        source: article.meta.source.clone(),
        url: article.meta.url.clone(),
        date: article.meta.date.clone(),
        sentences: chosen.iter().map(|&i| kept[i].text.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_with_the_first_sentence_and_skips_captions_and_repeats() {
        let text = "Bridge reopens\nsource: Test Wire\n\nThe harbour bridge reopened on Monday after two years of repairs costing 40 million dollars.\n\nMayor Ann Lee (left) cuts the ribbon at the bridge.\n\nThe repairs replaced the bridge deck and its steel cables.\n\nThe harbour bridge reopened on Monday after two years of repairs costing 40 million dollars.\n\nTraffic on the bridge is expected to reach 30,000 cars a day.\n\nThe bridge first opened in 1932 and carries trains and cars.\n\nRead more";
        let kb = KnowledgeBase::from_texts([("b.txt", text, crate::knowledge::Format::Text)]);
        let s = summarize(&kb, &kb.articles()[0]);
        assert_eq!(s.title, "Bridge reopens");
        assert_eq!(s.source.as_deref(), Some("Test Wire"));
        assert!(
            s.sentences[0].starts_with("The harbour bridge reopened"),
            "{s:?}"
        );
        assert!((3..=5).contains(&s.sentences.len()), "{s:?}");
        assert!(s.sentences.iter().all(|t| !t.contains("(left)")), "{s:?}");
        assert_eq!(
            s.sentences
                .iter()
                .filter(|t| t.contains("reopened"))
                .count(),
            1,
            "{s:?}"
        );
        assert!(s.sentences.iter().all(|t| t != "Read more"));
    }

    #[test]
    fn captions_in_the_present_tense_are_recognised() {
        assert!(is_caption(
            "Japanese Foreign Minister Takeshi Iwaya holds a press conference at his ministry."
        ));
        assert!(!is_caption("The minister arrived in Kyiv on Saturday."));
    }
}
