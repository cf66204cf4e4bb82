//! What a sentence holds of a question in other words than the
//! question's: the question's person named by an office only they hold
//! ("Japan's foreign minister" for Iwaya) or by their given name ("Nikola"
//! for Tesla), found by `actor`, and the question's verb of going in a
//! sentence telling where someone went with another ("arrived in Kyiv" for
//! "Where did Iwaya travel?", found by `agree`). `rank` counts such words
//! as held, in coverage, context and BM25.

use super::actor;
use super::agree;
use super::matcher::Matcher;
use super::question::Question;
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::knowledge::KnowledgeBase;

/// A question word a sentence holds in another form than its own, with
/// the word's weight: the question's person named by an office only they
/// hold ("Japan's foreign minister" for Iwaya) or by their given name
/// ("Nikola" for Tesla), or the question's word of going in a sentence
/// telling where someone went ("arrived in Kyiv" for "Where did Iwaya
/// travel?"). `None` for a word the table lacks.
pub(crate) type Lift = (Option<TermId>, f32);

/// The share of the question `lifts` add to the terms `matcher` last
/// found: each word they do not hold themselves.
pub(crate) fn lifted(matcher: &Matcher, lifts: &[Lift], total: f32) -> f32 {
    lifts
        .iter()
        .filter(|(t, _)| t.is_none_or(|t| !matcher.holds(t)))
        .map(|(_, w)| w / total)
        .sum()
}

/// Articles of the shortlist's best sentences whose sentences naming the
/// question's person otherwise are looked for: the best one's, where the
/// question's person is met (each article looked at costs a pass over its
/// people, a twentieth of answering a SQuAD question's).
const STAND_IN_ARTICLES: usize = 1;

/// The sentences naming the question's person by office alone or by given
/// name (`actor`) in the article of the shortlist's best sentence, with
/// their surname's weight; those the shortlist lacks (they hold none of the
/// question's words: "Japan's foreign minister arrived in Kyiv" for "Where
/// did Iwaya go?") are added to it.
pub(crate) fn named_otherwise(
    kb: &KnowledgeBase,
    q: &Question,
    terms: &[(TermId, f32)],
    pool: &mut Vec<(SentenceId, f32)>,
) -> Vec<(actor::StandIn, f32)> {
    let mut articles: Vec<ArticleId> = Vec::new();
    for &(s, _) in pool.iter() {
        let a = kb.article_id_of(s);
        if !articles.contains(&a) {
            if articles.len() == STAND_IN_ARTICLES {
                break;
            }
            articles.push(a);
        }
    }
    let mut out = Vec::new();
    for a in articles {
        for found in actor::named_otherwise(kb, q, a) {
            let Some(&(_, w)) = terms.iter().find(|(t, _)| *t == found.surname) else {
                continue;
            };
            if !pool.iter().any(|&(s, _)| s == found.sentence) {
                pool.push((found.sentence, 0.0));
            }
            out.push((found, w));
        }
    }
    out
}

/// The surname and its weight when sentence `s` names the question's
/// person otherwise (by office or given name).
pub(crate) fn stand_in(
    stand_ins: &[(actor::StandIn, f32)],
    s: SentenceId,
) -> Option<(TermId, f32)> {
    stand_ins
        .iter()
        .find(|(x, _)| x.sentence == s)
        .map(|(x, w)| (x.surname, *w))
}

/// For a question asking where someone went, its verbs of going ("go",
/// "travel") with their weights, which a sentence telling where someone
/// went holds in full with any word of going: "arrived in Kyiv" tells the
/// going "Where did Iwaya travel?" asks about, with another verb. Empty
/// for any other question.
pub(crate) fn motion_words(q: &Question, word_weights: &[f32]) -> Vec<Lift> {
    if q.constraints.going.is_empty() {
        return Vec::new();
    }
    q.terms
        .iter()
        .zip(word_weights)
        .filter(|(t, _)| q.constraints.going.contains(&t.word))
        .map(|(t, &w)| (t.term, w))
        .collect()
}

/// What sentence `s` holds of the question in other forms than its words
/// (see [`Lift`]).
pub(crate) fn lifts_of(
    kb: &KnowledgeBase,
    q: &Question,
    stand_ins: &[(actor::StandIn, f32)],
    motion: &[Lift],
    actors: &mut actor::Actors,
    s: SentenceId,
) -> Vec<Lift> {
    let mut out: Vec<Lift> = stand_in(stand_ins, s)
        .map(|(t, w)| (Some(t), w))
        .into_iter()
        .collect();
    // Where someone went, told of someone other than the question's person
    // (not named there, nor by a pronoun), is not where they went.
    if !motion.is_empty()
        && agree::tells_where_someone_went(kb, q, s)
        && !actors.leaves_out_the_person(kb, q, s)
    {
        out.extend_from_slice(motion);
    }
    out
}
