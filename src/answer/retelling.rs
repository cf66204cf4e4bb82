//! News tells a story twice: the standfirst ("Foreign Minister Takeshi
//! Iwaya will meet his Ukrainian counterpart to discuss ...") and the body
//! again, with the facts ("... his Ukrainian counterpart, Andrii Sybiha, to
//! reaffirm ..."). The ranker prefers the early sentence, which is right for
//! most questions; but when it holds no fact of the kind asked and a
//! sentence just below it retells the same words with one, the retelling
//! answers the question. This module finds that retelling.

use super::question::Question;
use super::rank::Scored;
use crate::ids::TermId;
use crate::knowledge::KnowledgeBase;

/// How far below the best sentence a retelling is looked for.
const LOOKED_AT: usize = 5;

/// Terms either side of the question's words in the best sentence that a
/// retelling must repeat with them: the words the question was matched
/// with and what joins them there ("Takeshi Iwaya will meet his Ukrainian
/// counterpart to discuss"). One each side: the standfirst goes on
/// ("North Korea's deepening military alliance") where the retelling
/// names the one met; two or three each side change no answer on the
/// bench's English sets either, one changes two of 5,543 (a miss for a
/// miss, a hit for a hit).
const AROUND: usize = 1;

/// Whether a candidate holds a fact of the kind asked that fits.
fn typed(s: &Scored) -> bool {
    let f = &s.features;
    f.answer_type
        .max(f.answer_person)
        .max(f.answer_date)
        .max(f.answer_number)
        > 0.0
}

/// Moves to the top of `ranked` the retelling of its best sentence: a
/// sentence of the same article, among the next few, that holds a fact of
/// the kind the question asks (the best one holds none) and every term the
/// best one has around the question's words.
pub(crate) fn prefer_retelling(kb: &KnowledgeBase, q: &Question, ranked: &mut [Scored]) {
    let Some(best) = ranked.first() else {
        return;
    };
    if q.kind.wanted_facts().is_empty() || typed(best) {
        return;
    }
    let asked: Vec<TermId> = q.known_terms().collect();
    let first = kb.sentence_at(best.sentence);
    let terms: Vec<TermId> = first.terms.iter().collect();
    let at: Vec<usize> = (0..terms.len())
        .filter(|&i| asked.contains(&terms[i]))
        .collect();
    let (Some(&from), Some(&to)) = (at.first(), at.last()) else {
        return;
    };
    let told = &terms[from.saturating_sub(AROUND)..(to + 1 + AROUND).min(terms.len())];
    let retold = ranked
        .iter()
        .enumerate()
        .take(LOOKED_AT)
        .skip(1)
        .find(|(_, s)| {
            let sent = kb.sentence_at(s.sentence);
            sent.article == first.article && typed(s) && {
                let theirs: Vec<TermId> = sent.terms.iter().collect();
                told.iter().all(|t| theirs.contains(t))
            }
        })
        .map(|(i, _)| i);
    if let Some(i) = retold {
        ranked[..=i].rotate_right(1);
    }
}

#[cfg(test)]
mod tests {
    use crate::KnowledgeBase;
    use crate::answer::{RankConfig, answer};

    fn first_answer(body: &str, question: &str) -> String {
        let kb = KnowledgeBase::from_texts([("a.txt", body, crate::knowledge::Format::Text)]);
        let reply = answer(&kb, question, &RankConfig::default(), 3);
        reply.answers[0].text.clone()
    }

    #[test]
    fn a_retelling_with_the_fact_asked_answers_for_the_standfirst() {
        let standfirst = "Minister to visit Oslo\n\n\
            Foreign Minister Anna Berg will meet her Norwegian counterpart to discuss fishing quotas.\n\n\
            The talks follow a year of disputes over cod in the Barents Sea.\n\n";
        let retold = format!(
            "{standfirst}Foreign Minister Anna Berg will meet her Norwegian counterpart, Erik \
             Hansen, to sign a new agreement and to discuss fishing quotas, the ministry said."
        );
        let first = first_answer(&retold, "Who will Berg meet?");
        assert!(first.contains("Erik Hansen"), "{first}");
        // Not a retelling: the later sentence does not say again what the
        // standfirst says around the question's words.
        let other = format!(
            "{standfirst}Berg will also meet Erik Hansen, the head of the fishers' union, later."
        );
        let first = first_answer(&other, "Who will Berg meet?");
        assert!(first.contains("counterpart to discuss"), "{first}");
    }
}
