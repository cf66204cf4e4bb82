//! The soft match: a question word the sentence lacks may still be there
//! in other words (soldiers / troops, trip / visit, killed / died). The
//! related-words table (`crate::related`) says which terms are close and
//! how close; this module turns a question into the table's terms that
//! the articles hold and scores a sentence's share of the question held
//! only that way. It weighs below an exact match and never answers alone:
//! candidates still come from exact matches, and confidence counts a soft
//! match at a fraction of an exact one.

use rustc_hash::FxHashMap as HashMap;

use super::filter::TermFilter;
use super::question::Question;
use crate::ids::TermId;
use crate::knowledge::{KnowledgeBase, Terms};
use crate::related;
use crate::text;

/// Related terms looked at per question word: the table lists the closest
/// first, and farther ones add noise faster than answers.
const PER_WORD: usize = 12;

/// The most a soft match counts: below an exact match (1) even for the
/// table's synonyms, which it scores 1 too ("respond" / "react"), so that
/// [`SoftMatcher::share`] tells the two apart and counts them.
const MOST_SOFT: f32 = 0.99;

/// The question's words and the terms that match each of them, exactly
/// (similarity 1) or softly.
pub(super) struct SoftMatcher {
    /// Article term to `(question word, similarity)` pairs.
    matches: HashMap<TermId, Vec<(u32, f32)>>,
    /// The terms of `matches`, for turning most other terms away cheaply.
    filter: TermFilter,
    /// Per question word: its weight in the question.
    weights: Vec<f32>,
    /// Per question word: the best similarity in the sentence last scored.
    best: Vec<f32>,
}

impl SoftMatcher {
    /// A matcher for `q`, whose words weigh `weights` (in the question's
    /// word order, unknown words included).
    pub(super) fn new(kb: &KnowledgeBase, q: &Question, weights: &[f32]) -> SoftMatcher {
        let index = kb.index();
        let mut matches: HashMap<TermId, Vec<(u32, f32)>> = HashMap::default();
        for (i, t) in q.terms.iter().enumerate() {
            if let Some(id) = t.term {
                matches.entry(id).or_default().push((i as u32, 1.0));
            }
        }
        // The related-words table is English.
        let english = q.lang == text::Lang::ENGLISH;
        for (i, t) in q.terms.iter().enumerate().filter(|_| english) {
            let Some(stem) = text::term_of_folded(q.lang, &t.word) else {
                continue;
            };
            for (other, similarity) in related::related(&stem).take(PER_WORD) {
                let Some(id) = index.term_id(other) else {
                    continue;
                };
                if !index.is_live(id) {
                    continue;
                }
                let entry = matches.entry(id).or_default();
                // A word of the question itself matches exactly, not softly.
                if entry.iter().any(|&(_, s)| s >= 1.0) {
                    continue;
                }
                entry.push((i as u32, similarity.min(MOST_SOFT)));
            }
        }
        SoftMatcher {
            filter: TermFilter::new(matches.keys().copied()),
            matches,
            weights: weights.to_vec(),
            best: vec![0.0; weights.len()],
        }
    }

    /// Whether any article term matches a question word softly.
    pub(super) fn is_empty(&self) -> bool {
        self.matches
            .values()
            .all(|v| v.iter().all(|&(_, s)| s >= 1.0))
    }

    /// The share of the question's weight (out of `total`) that `terms`
    /// hold only softly: each question word the terms lack exactly counts
    /// its weight times its best similarity among them.
    pub(super) fn share(&mut self, terms: impl Iterator<Item = TermId>, total: f32) -> f32 {
        self.best.fill(0.0);
        for t in terms {
            if !self.filter.may_hold(t) {
                continue;
            }
            if let Some(m) = self.matches.get(&t) {
                for &(i, s) in m {
                    let best = &mut self.best[i as usize];
                    *best = best.max(s);
                }
            }
        }
        let soft: f32 = self
            .best
            .iter()
            .zip(&self.weights)
            .filter(|(b, _)| **b < 1.0)
            .map(|(b, w)| b * w)
            .sum();
        (soft / total).min(1.0)
    }

    /// [`SoftMatcher::share`] of one sentence's stored terms.
    pub(super) fn sentence_share(&mut self, terms: Terms, total: f32) -> f32 {
        self.share(terms.iter(), total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{RankConfig, analyze_question, answer};
    use crate::knowledge::Format;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::from_texts([(
            "a.txt",
            "Troops in Russia\n\nUp to 12,000 North Korean troops were sent to Russia. \
             The harvest in Kyiv was late this year.",
            Format::Text,
        )])
    }

    #[test]
    fn related_words_hold_part_of_the_question() {
        let kb = kb();
        let q = analyze_question(&kb, "soldiers Russia");
        let weights = vec![1.0; q.terms.len()];
        let mut soft = SoftMatcher::new(&kb, &q, &weights);
        assert!(!soft.is_empty(), "soldiers ~ troops is in the table");
        let troops = kb.sentence_at(crate::ids::SentenceId(0));
        let share = soft.sentence_share(troops.terms, 2.0);
        assert!(
            share > 0.2 && share < 0.5,
            "soldiers counts softly: {share}"
        );
        let harvest = kb.sentence_at(crate::ids::SentenceId(1));
        assert_eq!(soft.sentence_share(harvest.terms, 2.0), 0.0);
    }

    #[test]
    fn the_tables_synonyms_count_softly_below_an_exact_match() {
        let kb =
            KnowledgeBase::from_texts([("a.txt", "War\n\nThe war started in 1914.", Format::Text)]);
        let term = |w: &str| crate::text::term_of_folded(crate::text::Lang::ENGLISH, w).unwrap();
        assert_eq!(
            crate::related::similarity(&term("begin"), &term("started")),
            Some(1.0),
            "synonyms in the table"
        );
        let q = analyze_question(&kb, "war begin");
        let weights = vec![1.0; q.terms.len()];
        let mut soft = SoftMatcher::new(&kb, &q, &weights);
        let share = soft.sentence_share(kb.sentence_at(crate::ids::SentenceId(0)).terms, 2.0);
        assert!(
            share > 0.45 && share < 0.5,
            "\"begin\" held as \"started\" counts, below an exact match: {share}"
        );
    }

    #[test]
    fn soft_matches_rank_but_never_answer_alone() {
        let kb = kb();
        let cfg = RankConfig::default();
        let reply = answer(&kb, "how many soldiers were sent to Russia", &cfg, 1);
        assert_eq!(
            reply.answers.first().and_then(|a| a.highlight_text()),
            Some("Up to 12,000")
        );
        // Related words only (soldiers ~ troops): no exact word, no answer.
        let q = analyze_question(&kb, "soldiers");
        let weights = vec![1.0; q.terms.len()];
        assert!(!SoftMatcher::new(&kb, &q, &weights).is_empty());
        assert!(!answer(&kb, "soldiers", &cfg, 1).knows());
    }
}
