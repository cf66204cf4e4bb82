//! Whether a sentence goes on about what the sentence before it named: it
//! opens with a word that points back ("He", "It", "The firm"), so the
//! names of the question that only the sentence before holds are its
//! subject's. The ranker's `continued` feature.

use super::context::context_parts;
use super::matcher::Matcher;
use super::question::Question;
use crate::ids::{SentenceId, TermId};
use crate::knowledge::KnowledgeBase;
use crate::text::{self, Lang};

/// The question's words that name someone or something, with their
/// weights from `terms`: those it writes with a capital past its first
/// word ("Tesla" of "What year did Tesla die?"). A pronoun stands for a
/// name, not for the question's verb ("His work fell into obscurity after
/// his death" follows "Tesla died in 1943" and tells no year of death). A
/// question typed all in lower case tells no names: all its words count.
pub(super) fn named(q: &Question, terms: &[(TermId, f32)]) -> Vec<(TermId, f32)> {
    let capitalised: Vec<String> = q
        .text
        .split_whitespace()
        .skip(1)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(|w| text::fold_word(q.lang, w))
        .collect();
    let typed_lower = q.text == q.text.to_lowercase();
    q.terms
        .iter()
        .filter(|t| typed_lower || capitalised.contains(&t.word))
        .filter_map(|t| t.term)
        .filter_map(|id| terms.iter().find(|(t, _)| *t == id).copied())
        .collect()
}

/// The `continued` feature of sentence `s`: when it points back, the
/// weight of the `named` words (over `total`) that the sentence before it
/// holds and it does not; else 0.
pub(super) fn share(
    kb: &KnowledgeBase,
    s: SentenceId,
    matcher: &mut Matcher,
    named: &[(TermId, f32)],
    total: f32,
) -> f32 {
    let sent = kb.sentence_at(s);
    if named.is_empty() || total <= 0.0 || !points_back(sent.text, sent.lang) {
        return 0.0;
    }
    let (sentence, before, _, _) = context_parts(kb, s);
    matcher.find(sentence);
    let own: Vec<bool> = named.iter().map(|(t, _)| matcher.holds(*t)).collect();
    matcher.find(before);
    let only_before: f32 = named
        .iter()
        .zip(own)
        .filter(|((t, _), own)| !own && matcher.holds(*t))
        .map(|((_, w), _)| w)
        .sum();
    (only_before / total).min(1.0)
}

/// Words that, opening an English sentence, point back to what the one
/// before it named: pronouns and demonstratives.
const POINTS_BACK: &[&str] = &[
    "he", "she", "it", "they", "his", "her", "its", "their", "this", "these", "those", "such",
];

/// Whether `sentence` (in `lang`) opens pointing back: a pronoun, a
/// demonstrative, or "the" before a lower-case word ("The firm", not "The
/// Times"). English only: other languages' openings are not read, and
/// their weights learn nothing from it.
pub(super) fn points_back(sentence: &str, lang: Lang) -> bool {
    if lang != Lang::ENGLISH {
        return false;
    }
    let mut words = sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let Some(first) = words.next() else {
        return false;
    };
    // Read for every candidate the ranker weighs in context: no copy.
    if POINTS_BACK.iter().any(|w| first.eq_ignore_ascii_case(w)) {
        return true;
    }
    first.eq_ignore_ascii_case("the")
        && words
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::analyze_question;
    use crate::answer::matcher::unit_terms;
    use crate::knowledge::Format;

    /// `continued` of the article's sentence `at` for `question`, every
    /// known word weighing 1.
    fn continued(kb: &KnowledgeBase, question: &str, at: usize) -> f32 {
        let q = analyze_question(kb, question);
        let terms = unit_terms(&q);
        let mut matcher = Matcher::new(&terms);
        let s = SentenceId::from_index(at);
        share(kb, s, &mut matcher, &named(&q, &terms), terms.len() as f32)
    }

    #[test]
    fn a_pronoun_takes_the_name_before_it_not_the_verb() {
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "The inventor\n\nTesla died in New York in 1943. \
             His work fell into obscurity after his death. \
             Edison lived in New Jersey.",
            Format::Text,
        )]);
        // "Tesla" is all "His" stands for; "die" is the sentence before's own.
        let named_only = continued(&kb, "What year did Tesla die?", 1);
        let every_word = continued(&kb, "what year did tesla die", 1);
        assert!(
            named_only > 0.0 && every_word > named_only,
            "{named_only} {every_word}"
        );
        // A sentence opening with a name points back to nothing.
        assert_eq!(continued(&kb, "Where did Tesla live?", 2), 0.0);
    }

    #[test]
    fn a_pronoun_or_a_definite_common_noun_points_back() {
        assert!(points_back("He was born in 1856.", Lang::ENGLISH));
        assert!(points_back("The firm first sold arc lamps.", Lang::ENGLISH));
        assert!(!points_back("The Times reported it.", Lang::ENGLISH));
        assert!(!points_back("Tesla founded a firm.", Lang::ENGLISH));
        assert!(!points_back("Thesis: none.", Lang::ENGLISH));
        assert!(!points_back(
            "Er wurde 1856 geboren.",
            Lang::parse("de").unwrap()
        ));
    }
}
