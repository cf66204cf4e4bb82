//! A person's given name standing for their surname: a life story calls
//! its subject by the first name for the childhood ("Nikola suffered a
//! nervous breakdown", in the article on Nikola Tesla), and a question
//! asks by the surname. Which given name is a person's, read from the
//! article's title and its full names; `actor` finds the sentences holding
//! it.

use crate::facts::FactKind;
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::knowledge::KnowledgeBase;
use crate::text;

/// The given name of each person the question names by surname (`named`:
/// those the article's name finder found), and that surname, when no one
/// else in the article is called by it: a life story calls its subject by
/// the first name for the childhood ("Nikola suffered a nervous
/// breakdown", for "What health issue did Tesla suffer?"). The name is the
/// article's title's when the title is a name ending in the surname
/// ("Nikola Tesla"), or else the one first word every full name with the
/// surname shares: a family shares the surname ("Milutin Tesla", "Đuka
/// Tesla"), and then none is read for it. A name the question holds is
/// matched as itself.
pub(crate) fn given_names(
    kb: &KnowledgeBase,
    article: ArticleId,
    named: &[TermId],
    asked: &[TermId],
) -> Vec<(TermId, TermId)> {
    let title = title_name(kb, article);
    let mut surnames = named.to_vec();
    // The name finder misses a subject named at a sentence's start
    // ("Nikola Tesla was born"), which is where a life story names them.
    if let Some(&last) = title.as_ref().and_then(|t| t.last())
        && asked.contains(&last)
        && !surnames.contains(&last)
        && written_as_a_name(kb, article, last)
    {
        surnames.push(last);
    }
    if surnames.is_empty() {
        return Vec::new();
    }
    // Every full name written in the article: "the Nikola Tesla Museum"
    // taken for a name is still his.
    let mut full_names: Vec<Vec<TermId>> = Vec::new();
    let range = kb.article_at(article).sentences.clone();
    for s in range.start.0..range.end.0 {
        if !kb
            .facts_at(SentenceId(s))
            .iter()
            .any(|f| f.kind == FactKind::Person)
        {
            continue;
        }
        let sentence = kb.sentence_at(SentenceId(s));
        for fact in sentence.facts.iter().filter(|f| f.kind == FactKind::Person) {
            let names = super::fact_term_ids(kb, &sentence, fact);
            if names.len() >= 2 {
                full_names.push(names);
            }
        }
    }
    let mut out = Vec::new();
    for surname in surnames {
        let from_title = title
            .as_ref()
            .filter(|t| t.last() == Some(&surname))
            .map(|t| t[0]);
        let mut firsts = full_names
            .iter()
            .filter(|n| n.last() == Some(&surname))
            .map(|n| n[0]);
        let from_facts = firsts
            .next()
            .filter(|&first| firsts.all(|other| other == first));
        let Some(first) = from_title.or(from_facts) else {
            continue;
        };
        let someone_else = full_names
            .iter()
            .any(|n| n[0] == first && !n.contains(&surname));
        if !someone_else && !asked.contains(&first) {
            out.push((first, surname));
        }
    }
    out
}

/// Whether the article writes `term` as a name, capitalised wherever it
/// stands: a headline in title case ("Hurricane Ian Strikes") looks like
/// a name, but its body writes "strikes" in lower case.
fn written_as_a_name(kb: &KnowledgeBase, article: ArticleId, term: TermId) -> bool {
    let index = kb.index();
    let range = kb.article_at(article).sentences.clone();
    let mut seen = false;
    for s in range.start.0..range.end.0 {
        let sentence = kb.sentence_at(SentenceId(s));
        if !sentence.terms.iter().any(|t| t == term) {
            continue;
        }
        let mut capitalised = true;
        text::for_each_term(sentence.lang, sentence.text, |start, _, t| {
            if index.term_id(t) == Some(term) {
                seen = true;
                capitalised &= sentence.text[start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
            }
        });
        if !capitalised {
            return false;
        }
    }
    seen
}

/// The terms of the article's title when it is a person's name alone: two
/// or three words, each capitalised ("Nikola Tesla", "Genghis Khan").
fn title_name(kb: &KnowledgeBase, article: ArticleId) -> Option<Vec<TermId>> {
    let a = kb.article_at(article);
    let words: Vec<&str> = a.title.split_whitespace().collect();
    let capitalised = words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    });
    if !(2..=3).contains(&words.len()) || !capitalised {
        return None;
    }
    let index = kb.index();
    let mut ids = Vec::new();
    text::for_each_term(a.lang, &a.title, |_, _, t| ids.extend(index.term_id(t)));
    (ids.len() == words.len()).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{actor, analyze_question};

    fn sentence_with(kb: &KnowledgeBase, words: &str) -> SentenceId {
        (0..kb.sentence_count())
            .map(|i| SentenceId(i as u32))
            .find(|&s| kb.sentence_at(s).text.contains(words))
            .expect("the article holds the sentence")
    }

    /// A folder of one article, loaded.
    fn one_article(name: &str, text: &str) -> (tempfile::TempDir, KnowledgeBase) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(name), text).expect("article written");
        let kb = KnowledgeBase::load(dir.path()).expect("article loads").0;
        (dir, kb)
    }

    #[test]
    fn a_life_story_s_subject_is_met_by_the_first_name_too() {
        let (_dir, kb) = one_article(
            "lovelace.txt",
            "Ada Lovelace\n\nLovelace was an English mathematician and writer. \
             Her father, Lord Byron, left the family when she was a month old. \
             Ada fell ill with measles in 1829. \
             Lovelace later worked with Charles Babbage on the Analytical Engine.\n",
        );
        let measles = sentence_with(&kb, "measles");
        let article = kb.sentence_at(measles).article;
        let q = analyze_question(&kb, "What disease did Lovelace catch?");
        let found = actor::named_otherwise(&kb, &q, article);
        assert!(found.iter().any(|s| s.sentence == measles), "{found:?}");
        let first = crate::answer::answer(
            &kb,
            "What disease did Lovelace catch?",
            &crate::answer::RankConfig::default(),
            1,
        );
        assert!(first.answers[0].text.contains("measles"), "{first:?}");
    }

    #[test]
    fn a_headline_in_title_case_names_no_one() {
        let (_dir, kb) = one_article(
            "storm.txt",
            "Hurricane Ian Strikes\n\nThe storm strikes the coast of Florida. \
             Hurricane winds closed the airports on Tuesday.\n",
        );
        let winds = sentence_with(&kb, "airports");
        let article = kb.sentence_at(winds).article;
        let q = analyze_question(&kb, "Where did the storm strike?");
        assert!(actor::named_otherwise(&kb, &q, article).is_empty());
    }

    #[test]
    fn a_family_s_shared_surname_gives_no_one_s_first_name() {
        let (_dir, kb) = one_article(
            "family.txt",
            "A family of inventors\n\nTesla was born in Smiljan. \
             His father, Milutin Tesla, was a priest. \
             His mother, Duka Tesla, made tools. \
             Milutin moved to Gospic in 1862.\n",
        );
        let moved = sentence_with(&kb, "moved to Gospic");
        let article = kb.sentence_at(moved).article;
        let q = analyze_question(&kb, "Where did Tesla move?");
        assert!(actor::named_otherwise(&kb, &q, article).is_empty());
    }
}
