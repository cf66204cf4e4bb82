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

/// The most sentences before a sentence read as its paragraph: bounds the
/// cost of a wall of text with no paragraph breaks.
const PARAGRAPH_REACH: u32 = 6;

/// The question's keyword share over the sentence's paragraph up to it (at
/// most [`PARAGRAPH_REACH`] sentences before it): a question written while
/// reading a paragraph spreads its words over it, and a sentence goes on
/// from the ones before it (as `context_before`). The whole paragraph,
/// after it too, did less: learned with it, Hit@1 of the reordered
/// candidates was squad .742 against .745, trecqa .872 against .887.
/// What the sentence holds in other words (`lifts`) counts, as in
/// [`context_shares`].
pub(crate) fn paragraph_share(
    kb: &KnowledgeBase,
    s: SentenceId,
    matcher: &mut Matcher,
    total: f32,
    lifts: &[Lift],
) -> f32 {
    let sent = kb.sentence_at(s);
    let range = kb.article_at(sent.article).sentences.clone();
    let same = |n: u32| {
        let n = SentenceId(n);
        range.contains(&n) && kb.sentence_at(n).paragraph == sent.paragraph
    };
    let mut from = s.0;
    while s.0 - from < PARAGRAPH_REACH && from > 0 && same(from - 1) {
        from -= 1;
    }
    matcher.find((from..=s.0).flat_map(|n| kb.sentence_at(SentenceId(n)).terms.iter()));
    (matcher.coverage(total).0 + lifted(matcher, lifts, total)).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::analyze_question;
    use crate::answer::matcher::unit_terms;
    use crate::knowledge::Format;

    #[test]
    fn a_paragraph_holds_the_words_its_sentences_share_out() {
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Rivers\n\nThe Aare joins the Rhine at Koblenz. \
             It doubles the flow there.\n\n\
             The Rhine reaches the sea. Its flow is slow.",
            Format::Text,
        )]);
        let q = analyze_question(&kb, "How much does the Aare add to the flow of the Rhine?");
        let terms = unit_terms(&q);
        let mut matcher = Matcher::new(&terms);
        let total = terms.len() as f32;
        let share = |m: &mut Matcher, at: usize| {
            paragraph_share(&kb, SentenceId::from_index(at), m, total, &[])
        };
        // The second sentence's paragraph names the Aare before it; the
        // fourth's, after the break, does not: the break is where the
        // reading stops.
        let doubles = share(&mut matcher, 1);
        let slow = share(&mut matcher, 3);
        assert!(doubles > slow, "{doubles} {slow}");
        assert_eq!(doubles, 1.0);
    }
}
