//! What a question for a number counts ("troops" of "how many troops",
//! someone's age for "how old") and whether a sentence's number is a count
//! of it: the ranker's `counted` feature.

use super::question::{AnswerKind, Question};
use crate::facts::Fact;
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

/// Whether number fact `f` of `sentence` is someone's age: "at age 115",
/// "aged 79", "79 years old", "a 42-year-old".
fn tells_an_age(sentence: &str, f: &Fact) -> bool {
    let before = sentence[..f.start as usize].trim_end();
    let after = &sentence[f.end as usize..];
    // The word before the number and the words after it are all that is
    // read: no copy of the sentence.
    let word_before = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    let starts = |a: &str| {
        after
            .get(..a.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(a))
    };
    word_before.eq_ignore_ascii_case("age")
        || word_before.eq_ignore_ascii_case("aged")
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
    use crate::facts::{FactKind, NameMemory, extract};

    /// Whether `sentence` has a number fact that is an age.
    fn has_age(sentence: &str) -> bool {
        extract(sentence, Lang::ENGLISH, &mut NameMemory::default())
            .iter()
            .any(|f| f.kind == FactKind::Number && tells_an_age(sentence, f))
    }

    #[test]
    fn an_age_is_told_around_its_number() {
        assert!(has_age("At age 115, she was the oldest person in the U.S."));
        assert!(has_age("The singer, aged 79, died on Wednesday."));
        assert!(has_age("The 42-year-old said she would quit."));
        assert!(!has_age("She lived through 2 World Wars."));
        assert!(!has_age("Up to 12,000 troops were sent."));
    }
}
