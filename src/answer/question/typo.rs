//! Typo correction of a question's words against the words the articles
//! of its language use, and of a mistyped English question word.

use crate::ids::TermId;
use crate::knowledge::KnowledgeBase;
use crate::related;
use crate::text::{self, Lang};

/// The question words a mistyped first word may stand for.
const QUESTION_WORDS: &[&str] = &[
    "who", "whom", "whose", "what", "which", "when", "where", "why", "how",
];

/// The question word a mistyped first word stands for ("wher" for
/// "where"): one edit away from exactly one question word (or a prefix of
/// it, when two are), and no word the articles use or a stop word.
pub(super) fn correct_question_word(kb: &KnowledgeBase, word: &str) -> Option<&'static str> {
    if word.chars().count() < 3 || QUESTION_WORDS.contains(&word) {
        return None;
    }
    let term = text::term_of_folded(Lang::ENGLISH, word)?;
    if kb
        .index()
        .term_id(&term)
        .is_some_and(|id| !kb.index().postings(id).is_empty())
    {
        return None;
    }
    let near: Vec<&'static str> = QUESTION_WORDS
        .iter()
        .copied()
        .filter(|q| strsim::damerau_levenshtein(q, word) == 1)
        .collect();
    match near.as_slice() {
        [one] => Some(one),
        [..] => {
            let prefixed: Vec<&'static str> = near
                .iter()
                .copied()
                .filter(|q| q.starts_with(word))
                .collect();
            (prefixed.len() == 1).then(|| prefixed[0])
        }
    }
}

/// Edits allowed when correcting a word of `len` characters: none for
/// short words (too many neighbours), more as words grow.
pub(super) fn typo_tolerance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        8..=11 => 2,
        _ => 3,
    }
}

/// Typo correction: the closest word the articles in the question's
/// language use, within a tolerance that grows with the word's length.
/// Short words are never corrected (too many neighbours); numbers neither.
pub(crate) fn correct(kb: &KnowledgeBase, lang: Lang, folded: &str) -> Option<(String, TermId)> {
    let len = folded.chars().count();
    let tolerance = typo_tolerance(len);
    if tolerance == 0 {
        return None;
    }
    if folded.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let index = kb.index();
    if index.surface_term(folded).is_some() {
        return None;
    }
    // A common word the articles do not use ("compensation") is no typo of
    // one they do ("competition"): the related-words table knows English's
    // common words, and a misspelling is rarely one of them.
    if lang == text::Lang::ENGLISH
        && text::term_of_folded(lang, folded).is_some_and(|t| related::related(&t).next().is_some())
    {
        return None;
    }
    let mut best: Option<(usize, usize, &str, TermId)> = None;
    for (word, id) in index.typo_candidates(folded, tolerance) {
        let d = strsim::damerau_levenshtein(folded, word);
        if d == 0 || d > tolerance || !used_in(kb, id, lang) {
            continue;
        }
        let df = index.postings(id).len() + index.title_articles(id).len();
        let better = match best {
            None => true,
            Some((bd, bdf, bw, _)) => d < bd || (d == bd && (df > bdf || (df == bdf && word < bw))),
        };
        if better {
            best = Some((d, df, word, id));
        }
    }
    best.map(|(_, _, w, id)| (w.to_string(), id))
}

/// Whether a sentence of an article in `lang` holds term `id` (any table
/// of one language does; a folder of several is looked at).
fn used_in(kb: &KnowledgeBase, id: TermId, lang: Lang) -> bool {
    if kb.languages().len() < 2 {
        return true;
    }
    let index = kb.index();
    index
        .postings(id)
        .iter()
        .any(|(s, _)| kb.lang_of(kb.article_id_of(s)) == lang)
        || index
            .title_articles(id)
            .iter()
            .any(|&a| kb.lang_of(a) == lang)
}
