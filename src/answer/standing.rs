//! Where a sentence stands: how early in its article (`early`), and how
//! long its article is (`article_length`), by which every feature's weight
//! shifts towards a long article's (`RankConfig::long_article`). A news
//! story tells what matters first in a few dozen sentences; a reference
//! work spreads its facts over hundreds.

use crate::ids::ArticleId;
use crate::knowledge::KnowledgeBase;

/// How long `article` is, as a share of [`LONG_ARTICLE`] sentences (at
/// most 1): how far its sentences are weighed as a long article's
/// (`RankConfig::long_article`).
pub(crate) fn article_length(kb: &KnowledgeBase, article: ArticleId) -> f32 {
    let r = &kb.article_at(article).sentences;
    ((r.end.index() - r.start.index()) as f32 / LONG_ARTICLE).min(1.0)
}

/// How early sentence `position` of `article` stands: 1 / (1 + position),
/// a fifth less in an article of [`LONG_ARTICLE`] sentences or more (in
/// proportion below). A news story tells what matters first; a reference
/// work's facts are spread through it. The fifth is the most that kept
/// every question of `tests/paraphrase.rs` answered (news detail questions
/// on short articles, where the weight of `early` learned with a larger
/// cut put the lead first); a half gave squad more (see README).
pub(crate) fn early(kb: &KnowledgeBase, position: u32, article: ArticleId) -> f32 {
    (1.0 - LONG_CUT * article_length(kb, article)) / (1.0 + position as f32)
}

/// An article this long (in sentences) is a reference work's, not a news
/// story's: nearly every squad article is, the news sets' are not.
const LONG_ARTICLE: f32 = 200.0;

/// What a long article takes off `early`.
const LONG_CUT: f32 = 0.2;

#[cfg(test)]
mod tests {
    use crate::answer::{RankConfig, candidates};
    use crate::knowledge::{Format, KnowledgeBase};

    #[test]
    fn standing_early_counts_less_in_a_long_article() {
        let short = "News\n\nThe council approved the harbour bridge on Monday.";
        let mut long =
            String::from("Encyclopedia\n\nThe council approved the harbour bridge in 1990.");
        for i in 0..250 {
            long.push_str(&format!(
                "\n\nFiller sentence number {i} says little at all."
            ));
        }
        for (text, early) in [(short, 1.0 - 0.2 / 200.0), (long.as_str(), 0.8)] {
            let kb = KnowledgeBase::from_texts([("a.txt", text, Format::Text)]);
            let found = candidates(
                &kb,
                "When did the council approve the bridge?",
                &RankConfig::default(),
                10,
            );
            assert!(
                (found[0].1.early - early).abs() < 1e-6,
                "{}",
                found[0].1.early
            );
        }
    }
}
