//! What a reader has in view when reading a sentence: its terms, those of
//! the sentences either side of it and its article's title; and the
//! question's share over them, which the ranker weighs as `context` and
//! `context_before`.

use super::lift::{Lift, lifted};
use super::matcher::Matcher;
use crate::ids::{SentenceId, TermId};
use crate::knowledge::KnowledgeBase;

/// The terms of a sentence, its neighbours and its article's title: what
/// a reader has in view when reading the sentence.
pub(crate) fn context_terms(
    kb: &KnowledgeBase,
    s: SentenceId,
) -> impl Iterator<Item = TermId> + '_ {
    let (sentence, before, after, title) = context_parts(kb, s);
    sentence.chain(before).chain(after).chain(title)
}

/// The question's keyword share over a sentence's context
/// ([`context_terms`]): pronouns ("he was born in 1856") live off context;
/// and over the sentence and the one before it only (`context_before`), in
/// the same pass. The title is left out of the second: it is a lead's only
/// "before", and a lead matched through its title is weighed already
/// (`title`, `lead`, `context`).
pub(crate) fn context_shares(
    kb: &KnowledgeBase,
    s: SentenceId,
    matcher: &mut Matcher,
    total: f32,
    lifts: &[Lift],
) -> (f32, f32) {
    let (sentence, before, after, title) = context_parts(kb, s);
    let share = |matcher: &mut Matcher| {
        let coverage = matcher.coverage(total).0;
        (coverage + lifted(matcher, lifts, total)).min(1.0)
    };
    matcher.find(sentence.chain(before));
    let context_before = share(matcher);
    matcher.find_more(after.chain(title));
    (share(matcher), context_before)
}

/// A sentence's terms, those of the sentences before and after it in its
/// article (none at its edges), and its article's title's.
pub(super) fn context_parts(
    kb: &KnowledgeBase,
    s: SentenceId,
) -> (
    impl Iterator<Item = TermId> + '_,
    impl Iterator<Item = TermId> + '_,
    impl Iterator<Item = TermId> + '_,
    impl Iterator<Item = TermId> + '_,
) {
    let sent = kb.sentence_at(s);
    let article = kb.article_at(sent.article);
    let near = move |n: SentenceId| {
        article
            .sentences
            .contains(&n)
            .then(|| kb.sentence_at(n).terms.iter())
            .into_iter()
            .flatten()
    };
    (
        sent.terms.iter(),
        near(SentenceId(s.0.wrapping_sub(1))),
        near(SentenceId(s.0 + 1)),
        article.title_terms.iter().copied(),
    )
}
