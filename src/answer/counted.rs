//! What a question for a number counts ("troops" of "how many troops",
//! someone's age for "how old") and whether a sentence's number is a count
//! of it: the ranker's `counted` feature.

use super::question::{AnswerKind, Question};
use crate::facts::{Fact, FactKind};
use crate::ids::SentenceId;
use crate::knowledge::KnowledgeBase;
use crate::text::{self, Lang};

/// What a question for a number counts.
pub(super) enum Counted {
    /// A thing, as the analyzer's term ("troops" of "How many troops were
    /// sent?"): the unit of the number that answers.
    Unit(String),
    /// Years of someone's life ("how old", "at what age"), which a
    /// sentence tells around its number: "at age 115", "aged 79", "79
    /// years old", "the 42-year-old".
    Age,
}

impl Counted {
    /// What question `q` counts, if it asks for a number of something.
    pub(super) fn of(q: &Question) -> Option<Counted> {
        if q.kind != AnswerKind::Number {
            return None;
        }
        let focus = q.focus.as_deref();
        let age = focus == Some("age")
            || q.lang == Lang::ENGLISH && q.text.to_lowercase().contains("how old");
        if age {
            return Some(Counted::Age);
        }
        focus
            .and_then(|f| text::term_of_folded(q.lang, f))
            .map(Counted::Unit)
    }

    /// Whether number fact `f` of `sentence` (in `lang`) counts this: its
    /// unit is the thing counted ("29 days"), or it is an age.
    pub(super) fn counts(&self, sentence: &str, lang: Lang, f: &Fact) -> bool {
        match self {
            Counted::Unit(counted) => f.unit(sentence).is_some_and(|unit| {
                unit.split_whitespace()
                    .last()
                    .and_then(|w| text::term_of_folded(lang, w))
                    .as_ref()
                    == Some(counted)
            }),
            Counted::Age => tells_an_age(sentence, f),
        }
    }
}

/// Whether question `q` asks someone's age and none of the sentences
/// `best` (the ranking's best few) tells one ([`tells_an_age`]): then
/// nothing the articles say answers it, however well the person's name
/// matches ("How old is Iwaya?" of an article that never gives his age).
pub(super) fn no_age_told(
    kb: &KnowledgeBase,
    q: &Question,
    mut best: impl Iterator<Item = SentenceId>,
) -> bool {
    matches!(Counted::of(q), Some(Counted::Age))
        && best.all(|s| {
            let text = kb.sentence_at(s).text;
            kb.facts_at(s)
                .iter()
                .all(|f| !tells_an_age(text, f) && !tells_a_birth(text, f))
        })
}

/// Whether fact `f` of `sentence` is a birth date, "(born August 4,
/// 1992)", from which an age is told.
fn tells_a_birth(sentence: &str, f: &Fact) -> bool {
    f.kind == FactKind::Date
        && sentence[..f.start as usize]
            .trim_end_matches(|c: char| c.is_whitespace() || c == ':')
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("born"))
}

/// Whether number fact `f` of `sentence` is someone's age: "at age 115",
/// "aged 79", "79 years old", "a 42-year-old".
fn tells_an_age(sentence: &str, f: &Fact) -> bool {
    let before = sentence[..f.start as usize].trim_end();
    let after = &sentence[f.end as usize..];
    // The word before the number and the words after it are all that is
    // read: no copy of the sentence.
    let mut words_before = before.rsplit(char::is_whitespace);
    let word_before = words_before.next().unwrap_or_default();
    // "at the age of 60"
    let age_of = word_before.eq_ignore_ascii_case("of")
        && words_before
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("age"));
    let starts = |a: &str| {
        after
            .get(..a.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(a))
    };
    // A number fact may take its unit along ("79 years"), leaving only
    // " old" after it.
    let of_years = sentence[f.start as usize..f.end as usize]
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("years") || w.eq_ignore_ascii_case("year"));
    age_of
        || word_before.eq_ignore_ascii_case("age")
        || word_before.eq_ignore_ascii_case("aged")
        || of_years && (starts(" old") || starts(" of age"))
        || [
            "years old",
            " years old",
            "-year-old",
            " year old",
            " years of age",
        ]
        .iter()
        .any(|a| starts(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{NameMemory, extract};

    /// Whether `sentence` has a number fact that is an age.
    fn has_age(sentence: &str) -> bool {
        extract(sentence, Lang::ENGLISH, &mut NameMemory::default())
            .iter()
            .any(|f| f.kind == FactKind::Number && tells_an_age(sentence, f))
    }

    #[test]
    fn a_birth_date_tells_an_age() {
        let born = |sentence: &str| {
            extract(sentence, Lang::ENGLISH, &mut NameMemory::default())
                .iter()
                .any(|f| tells_a_birth(sentence, f))
        };
        assert!(born("Dylan Sprouse (born August 4, 1992) is an actor."));
        assert!(!born("The film opened on August 4, 1992."));
    }

    #[test]
    fn an_age_is_told_around_its_number() {
        assert!(has_age("At age 115, she was the oldest person in the U.S."));
        assert!(has_age("The singer, aged 79, died on Wednesday."));
        assert!(has_age("The 42-year-old said she would quit."));
        assert!(has_age("Iwaya, who is 79 years old, flew to Kyiv."));
        assert!(has_age("In 1879 he died at the age of 60."));
        assert!(!has_age("The index of 60 shares fell."));
        assert!(!has_age("The war has gone on for 3 years."));
        assert!(!has_age("She lived through 2 World Wars."));
        assert!(!has_age("Up to 12,000 troops were sent."));
    }
}
