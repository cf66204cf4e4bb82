//! The answer phrase the span model chose, held to what the fact rules
//! know before a reply marks it: a fact of another kind than the question
//! wants, a phrase contradicting what the question says of its answer, half
//! a person's name, the person a "who" question names, a count for "when".

use std::ops::Range;

use super::phrase;
use super::question::{AnswerKind, Question};
use super::{actor, agree};
use crate::facts::FactKind;
use crate::ids::{SentenceId, TermId};
use crate::knowledge::KnowledgeBase;

/// The span model's phrase, held to what the fact rules know: a phrase
/// that is a fact of another kind than the question wants (a company for
/// "who", a place for "who", a person's role for "where"), or one that
/// contradicts what the question says of its answer (a vote count for a
/// cost, someone else's role), is not the answer, nor is a phrase that is
/// no number for a question about a cost or a distance, or the person a
/// "who" question names — the fact rules' own pick stands instead, if any.
/// A phrase overlapping the rules' pick becomes it: the rules know where a
/// fact's phrase ends ("about 38 million dollars", "60" of "60 new").
pub(super) fn checked_span(
    kb: &KnowledgeBase,
    s: SentenceId,
    q: &Question,
    span: Range<usize>,
    fact_pick: Option<Range<usize>>,
) -> Option<Range<usize>> {
    let sent = kb.sentence_at(s);
    // "What weapons did Ukraine fire?": not "Kursk border region", a place
    // the kinds table knows as no weapon. (For the reply only: as the span
    // model's input, the same veto moved many more phrases, for the worse.)
    let unkind = |r: &Range<usize>| {
        q.kind == AnswerKind::Entity
            && q.lang == crate::text::Lang::ENGLISH
            && q.focus.as_deref().is_some_and(|focus| {
                sent.facts.iter().any(|f| {
                    f.kind == FactKind::Place
                        && f.range().start < r.end
                        && r.start < f.range().end
                        && crate::related::Kind::new(focus)
                            .is_ruled_out_by(&f.text(sent.text).to_lowercase())
                })
            })
    };
    let fact_pick = fact_pick.filter(|p| !unkind(p));
    let mut span = span;
    if sent.facts.iter().any(|f| cuts_name(&span, f)) {
        if fact_pick.is_some() {
            return fact_pick;
        }
        // No pick of the rules' to fall back on ("Who was Tesla's mother?"
        // names "Tesla", which rules out the names holding it as picks):
        // the whole name, held to the same checks as any phrase.
        let cut: Vec<Range<usize>> = sent
            .facts
            .iter()
            .filter(|f| cuts_name(&span, f))
            .map(|f| f.range())
            .collect();
        for name in cut {
            span = span.start.min(name.start)..span.end.max(name.end);
        }
    }
    let wanted = q.kind.wanted_facts();
    if wanted.is_empty() {
        return Some(span);
    }
    if let Some(pick) = &fact_pick
        && pick.start < span.end
        && span.start < pick.end
    {
        return fact_pick;
    }
    let memo = agree::Memo::default();
    let check = agree::Check::new(kb, s, q, &memo);
    let overlaps = |f: &crate::facts::Fact| {
        let r = f.range();
        r.start < span.end && span.start < r.end
    };
    // Names of unknown places and organisations are often read as plain
    // names, so only kinds that cannot be mistaken for each other veto.
    // A date or a number answers no "who", "where" or "which company";
    // a count answers no "when" ("up to 12,000 troops"), a bare year does.
    let other_kind = |f: &crate::facts::Fact| match q.kind {
        AnswerKind::Person => !matches!(f.kind, FactKind::Person | FactKind::Name),
        AnswerKind::Place | AnswerKind::Organisation => {
            matches!(f.kind, FactKind::Date | FactKind::Number)
        }
        AnswerKind::Date => match f.kind {
            FactKind::Date => false,
            FactKind::Number => !tells_a_time(sent.text, f),
            _ => true,
        },
        AnswerKind::Number | AnswerKind::Duration => {
            !matches!(f.kind, FactKind::Number | FactKind::Date)
        }
        _ => false,
    };
    // The person a "who" question names is not who it asks for ("Who will
    // Iwaya meet?" is not answered by "Foreign Minister Takeshi Iwaya").
    // Named by one word of their name, unless the question asks for a
    // relative, who shares it ("Tesla's mother", Đuka Tesla).
    let who = q.kind == AnswerKind::Person;
    let question_terms: Vec<TermId> = if who {
        q.known_terms().collect()
    } else {
        Vec::new()
    };
    let kin = who
        && q.terms.iter().any(|t| {
            let w = t.word.as_str();
            actor::FAMILY.contains(&w) || actor::FAMILY.contains(&w.trim_end_matches('s'))
        });
    let asked_about = |f: &crate::facts::Fact| {
        who && f.kind == FactKind::Person && phrase::fact_named(kb, &sent, f, &question_terms, !kin)
    };
    // "Where did she go?": not "Russia" of "an alliance with Russia" when
    // the sentence says where she arrived.
    let end = |f: &crate::facts::Fact| q.constraints.destination && agree::went_to(sent.text, f);
    let ends = sent.facts.iter().any(end);
    // "Ukraine's army": a possessive place says whose, not where.
    let possessive = |f: &crate::facts::Fact| {
        let end = f.end as usize;
        let mark = ["'s", "\u{2019}s"]
            .into_iter()
            .find(|m| sent.text[end..].starts_with(m));
        q.kind == AnswerKind::Place
            && f.kind == FactKind::Place
            && mark.is_some_and(|m| span.end <= end + m.len())
    };
    let wrong = sent.facts.iter().filter(|f| overlaps(f)).any(|f| {
        other_kind(f)
            || possessive(f)
            || (ends && f.kind == FactKind::Place && !end(f))
            || (who && (phrase::quoted(sent.text, f) || asked_about(f)))
            || check
                .as_ref()
                .is_some_and(|c| c.fit(f) == agree::Fit::Conflicts)
    });
    // A number of a stated measure (a cost, a distance) is a number fact
    // or nothing: "the plan" is no price.
    let unmeasured = q.constraints.measure.is_some()
        && !sent
            .facts
            .iter()
            .any(|f| overlaps(f) && wanted.contains(&f.kind));
    let inside_role = |f: &crate::facts::Fact| {
        f.role_range(sent.text)
            .is_some_and(|r| r.start <= span.start && span.end <= r.end)
    };
    // A person's role, with its owner ("Ukraine's Defence Minister"),
    // says who they are: no "where", "when" or "how many". (A phrase
    // running on into the name, "California Gov. Gavin Newsom", may
    // hold the owner asked for.) Nor is the role of the person a "who"
    // question names its answer ("Japanese Foreign Minister" Takeshi
    // Iwaya, for "Who did Iwaya meet?").
    let role = matches!(
        q.kind,
        AnswerKind::Place | AnswerKind::Date | AnswerKind::Number | AnswerKind::Duration
    ) && sent.facts.iter().any(inside_role)
        || sent
            .facts
            .iter()
            .filter(|f| asked_about(f))
            .any(inside_role);
    // "Where did Nakatani go?": the span model may take the name of an
    // event ("the Group of Seven") where the rules found the place
    // someone was in ("in Naples"). (Only for a destination: for "which
    // state" or "where was the gate", a name the rules do not know as a
    // place is as often the answer.)
    let unplaced = q.constraints.destination
        && !sent
            .facts
            .iter()
            .any(|f| overlaps(f) && f.kind == FactKind::Place)
        && fact_pick.as_ref().is_some_and(|p| {
            sent.facts.iter().any(|f| {
                let r = f.range();
                f.kind == FactKind::Place
                    && r.start <= p.start
                    && p.end <= r.end
                    && phrase::located(sent.text, f)
            })
        });
    // "North Korean" soldiers: a people is no answer to "who", nor to
    // "what weapons", unless the thing asked is a people or its tongue.
    let people = asks_no_people(q)
        && names_no_person(&sent, &span)
        && phrase::a_people(&sent.text[span.clone()]);
    if wrong || unmeasured || role || unplaced || people || unkind(&span) {
        fact_pick
    } else {
        Some(span)
    }
}

/// Whether a people ("North Korean") cannot answer question `q`: a "who"
/// question, or one for a thing of a kind ("what weapons") other than a
/// people, a country or a language. ("Which country sent troops?" is
/// answered by its troops' people.)
fn asks_no_people(q: &Question) -> bool {
    let thing = matches!(q.kind, AnswerKind::Entity | AnswerKind::Thing)
        && q.focus.as_deref().is_some_and(|f| {
            !matches!(
                f,
                "nationality"
                    | "nationalities"
                    | "people"
                    | "peoples"
                    | "ethnicity"
                    | "origin"
                    | "language"
                    | "languages"
                    | "country"
                    | "countries"
                    | "nation"
                    | "nations"
            )
        });
    q.kind == AnswerKind::Person || thing
}

/// Whether no person or name fact overlaps `span`: a name ending as a
/// nationality does ("Billie Eilish", "Kim Kardashian") is still someone's.
fn names_no_person(sent: &crate::knowledge::Sentence, span: &Range<usize>) -> bool {
    !sent.facts.iter().any(|f| {
        let r = f.range();
        matches!(f.kind, FactKind::Person | FactKind::Name)
            && r.start < span.end
            && span.start < r.end
    })
}

/// Whether number fact `f` of `sentence` tells a time: a year ("1995",
/// "the 1990s") the fact rules read as a number, or a number of a time
/// scale ("22,000 years ago", "the 18th and 19th centuries", "74,000 BP").
/// Either answers "when"; a count ("up to 12,000" troops) does not.
fn tells_a_time(sentence: &str, f: &crate::facts::Fact) -> bool {
    let text = f.text(sentence);
    let after = sentence.get(f.end as usize..).unwrap_or_default();
    let words = text
        .split_whitespace()
        .chain(after.split_whitespace().take(3))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        });
    // A year, not any four digits: "5000 troops" is a count.
    let year = phrase::year_in(text)
        .and_then(|(a, b)| text[a..b].parse::<u32>().ok())
        .is_some_and(|y| (1000..=2199).contains(&y));
    year || words.into_iter().any(|w| {
        w.starts_with("centur")
            || w.starts_with("millenni")
            || matches!(w.as_str(), "ago" | "bc" | "bce" | "ad" | "ce" | "bp")
    })
}

/// Whether `span` starts or ends inside the person's name `f` ("Defence
/// Minister Rustem" of "Rustem Umerov"): half a person's name is no
/// answer, whatever the question, and in bold it reads as one. (Other
/// names are left to the span model: the rules' places and organisations
/// run long, "the Port of Long Beach", and part of one is often the
/// answer.)
fn cuts_name(span: &Range<usize>, f: &crate::facts::Fact) -> bool {
    let name = f.kind == FactKind::Person;
    let r = f.range();
    let inside = |at: usize| r.start < at && at < r.end;
    name && (inside(span.start) || inside(span.end))
}
