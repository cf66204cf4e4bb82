//! Picks the answer phrase inside a chosen sentence ("Takeshi Iwaya" for
//! "Who is Japan's foreign minister?", "up to 12,000" for "How many troops
//! were sent?") from the facts the loader found, and cuts an over-long
//! sentence down around what matters.

use std::ops::Range;

use super::agree::{self, Fit};
use super::question::{AnswerKind, Question};
use crate::facts::{Fact, FactKind};
use crate::ids::{SentenceId, TermId};
use crate::knowledge::{KnowledgeBase, Sentence};
use crate::text::{self, Lang};

/// Replies longer than this (in characters) are trimmed: the scoring rules
/// count longer replies as misses, and a chat bubble should stay readable.
pub const MAX_REPLY_CHARS: usize = 400;

/// True when every term of `phrase` is among the question's terms, i.e. the
/// question already names it. With `any_word`, sharing one word is enough:
/// "Iwaya" names "Takeshi Iwaya", "Japan" names the owner "Japan".
pub(crate) fn named(
    kb: &KnowledgeBase,
    lang: Lang,
    phrase: &str,
    question_terms: &[TermId],
    any_word: bool,
) -> bool {
    let in_q = |t: &str| {
        kb.index()
            .term_id(t)
            .is_some_and(|id| question_terms.contains(&id))
    };
    let (mut words, mut named) = (0, 0);
    text::for_each_term(lang, phrase, |_, _, t| {
        words += 1;
        named += usize::from(in_q(t));
    });
    if any_word {
        named > 0
    } else {
        words > 0 && named == words
    }
}

/// [`named`] for a fact of `sentence`, reading the fact's terms from the
/// table when the loader recorded where they are: ranking asks this of
/// every wanted fact of hundreds of sentences per question, and stored ids
/// need no word splitting, folding or vocabulary look-up.
pub(crate) fn fact_named(
    kb: &KnowledgeBase,
    sentence: &Sentence,
    fact: &Fact,
    question_terms: &[TermId],
    any_word: bool,
) -> bool {
    let Some(run) = fact.terms() else {
        return named(
            kb,
            sentence.lang,
            fact.text(sentence.text),
            question_terms,
            any_word,
        );
    };
    let mut ids = sentence.terms.iter().skip(run.start).take(run.len());
    if any_word {
        ids.any(|id| question_terms.contains(&id))
    } else {
        !run.is_empty() && ids.all(|id| question_terms.contains(&id))
    }
}

/// The words of a sentence whose terms are among the question's: each
/// one's term and byte range.
pub(crate) fn question_words(
    sentence: &Sentence,
    question_terms: &[TermId],
) -> Vec<(TermId, Range<usize>)> {
    let mut out = Vec::new();
    // The table holds the sentence's term ids in word order, made from this
    // text by this analyzer, so the n-th word with a term has the n-th id:
    // the words need no looking up, and a sentence holding none of the
    // question's terms no analyzing. (The analyzer still finds the words'
    // byte ranges, which the table does not keep.)
    if !sentence.terms.iter().any(|id| question_terms.contains(&id)) {
        return out;
    }
    let mut ids = sentence.terms.iter();
    text::for_each_term(sentence.lang, sentence.text, |start, end, _| {
        if let Some(id) = ids.next().filter(|id| question_terms.contains(id)) {
            out.push((id, start..end));
        }
    });
    debug_assert!(ids.next().is_none(), "the stored terms are the text's");
    out
}

/// The byte range, inside sentence `s`'s text, of the fact that answers
/// the question, if the question asks for one and the sentence has it
/// (the span model, `span`, makes the phrase of it and of the other words).
pub(crate) fn fact_highlight(
    kb: &KnowledgeBase,
    s: SentenceId,
    q: &Question,
) -> Option<Range<usize>> {
    let kinds = q.kind.wanted_facts();
    if kinds.is_empty() {
        return None;
    }
    let sent = kb.sentence_at(s);
    let text = sent.text;
    let question_terms: Vec<TermId> = q.known_terms().collect();
    // Where the question's words are in the sentence: the answer is usually
    // near them — near all of them, so a word the sentence repeats ("Ukraine
    // ... Ukraine ... Kursk ... on August 6") does not pull the answer to
    // wherever it occurs first.
    let anchors: Vec<(TermId, usize)> = question_words(&sent, &question_terms)
        .into_iter()
        .map(|(id, r)| (id, r.start))
        .collect();
    let focus = q
        .focus
        .as_deref()
        .and_then(|f| text::term_of_folded(q.lang, f));
    // A fact that contradicts the question (someone else's role, another
    // kind of number) is no answer, however close it sits.
    let memo = agree::Memo::default();
    let check = agree::Check::new(kb, s, q, &memo);
    let fit = |f: &Fact| check.as_ref().map_or(Fit::Neutral, |c| c.fit(f));
    // Names are read as people only with a cue ("Minister", "said"), so
    // "Steven Spielberg's film won" holds a plain name: for "who", a name
    // stands in when no person does, if it reads as a full name: one word
    // ("Moscow's war") is likelier a place or a brand, a quoted one a title.
    let fallback: &[FactKind] = if q.kind == AnswerKind::Person
        && !sent
            .facts
            .iter()
            .any(|f| f.kind == FactKind::Person && !fact_named(kb, &sent, f, &question_terms, true))
    {
        &[FactKind::Name]
    } else {
        &[]
    };
    let best = sent
        .facts
        .iter()
        .filter(|f| kinds.contains(&f.kind) || (fallback.contains(&f.kind) && full_name(text, f)))
        .filter(|f| {
            let person = f.kind == FactKind::Person || fallback.contains(&f.kind);
            !fact_named(kb, &sent, f, &question_terms, person)
        })
        .filter(|f| !q.wants_year || tells_a_year(f.text(text)))
        .filter(|f| fit(f) != Fit::Conflicts)
        .filter(|f| f.kind != FactKind::Place || !attributed(text, f))
        .min_by_key(|f| {
            let kind_rank = kinds.iter().position(|k| *k == f.kind).unwrap_or(9);
            let disagrees = fit(f) != Fit::Agrees;
            let unit_match = focus.as_ref().is_some_and(|fo| {
                f.unit(text)
                    .as_deref()
                    .and_then(|u| text::term_of_folded(sent.lang, u))
                    .as_ref()
                    == Some(fo)
            });
            let role_match = f.role(text).is_some_and(|r| {
                let mut found = false;
                text::for_each_term(sent.lang, r, |_, _, t| {
                    found |= kb
                        .index()
                        .term_id(t)
                        .is_some_and(|id| question_terms.contains(&id));
                });
                found
            });
            let located = f.kind != FactKind::Place || located(text, f);
            // "Russia's Kursk border region": the possessive is the lesser
            // place. (A person's possessive is the doer: "Spielberg's film won".)
            let after = &text[f.end as usize..];
            let possessive = f.kind == FactKind::Place
                && (after.starts_with("'s") || after.starts_with("\u{2019}s"));
            // A role owned by someone the question does not mention is someone else's.
            let other_owner = f
                .of(text)
                .is_some_and(|o| !named(kb, sent.lang, o, &question_terms, true));
            let distance = spread(&anchors, f.start as usize);
            (
                kind_rank,
                disagrees,
                other_owner,
                !(unit_match || role_match),
                possessive,
                !located,
                distance,
            )
        });
    match best {
        Some(f) => narrow(f, text, q),
        None => people_before(text, q, &anchors),
    }
}

/// For "which country", a country's people just before a word of the
/// question: "North Korean troops have been sent to Russia" answers "Which
/// country sent troops to Russia?" though no place fact does.
fn people_before(text: &str, q: &Question, anchors: &[(TermId, usize)]) -> Option<Range<usize>> {
    let asks_country = q.kind == AnswerKind::Place
        && q.focus
            .as_deref()
            .is_some_and(|f| matches!(f, "country" | "countries" | "nation" | "nations"));
    if !asks_country {
        return None;
    }
    anchors.iter().find_map(|&(_, at)| {
        let before = text[..at].trim_end();
        let word_at = |end: usize| before[..end].rfind(' ').map_or(0, |i| i + 1);
        let last = word_at(before.len());
        if last == 0 || !a_people(&before[last..]) {
            return None;
        }
        // "North Korean", "South Korean": a capitalised word before the
        // people's name belongs to it; at the sentence's start, where any
        // word is capitalised ("Many Korean troops"), only a compass word.
        let prev = word_at(last - 1);
        let word = before[prev..last].trim_end();
        let belongs = if prev > 0 {
            word.starts_with(char::is_uppercase)
        } else {
            matches!(word, "North" | "South" | "East" | "West" | "Central")
        };
        let start = if belongs { prev } else { last };
        Some(start..before.len())
    })
}

/// Whether place `f` follows a preposition of place: "arrived in Kyiv"
/// answers "where", also past a possessive ("in Russia's Kursk border
/// region"); "an alliance with Russia" does not.
pub(crate) fn located(text: &str, f: &Fact) -> bool {
    let mut before = text[..f.start as usize].trim_end().rsplit(' ');
    let mut w = before.next();
    if w.is_some_and(|w| w.ends_with("'s") || w.ends_with("\u{2019}s")) {
        w = before.next();
    }
    w.is_some_and(|w| matches!(w, "in" | "at" | "to" | "from" | "near" | "into"))
}

/// Whether fact `f` names whose word a claim is: "According to US, South
/// Korean and Ukrainian intelligence assessments, up to 12,000 North
/// Korean troops have been sent" tells where the claim comes from, not
/// which country sent them nor where anything happened.
fn attributed(text: &str, f: &Fact) -> bool {
    const SOURCE: &str = "according to";
    let mut before = text[..f.start as usize].trim_end();
    // "according to the US": past the article.
    if let Some(rest) = before
        .strip_suffix("the")
        .or_else(|| before.strip_suffix("The"))
        && rest.ends_with(' ')
    {
        before = rest.trim_end();
    }
    before
        .len()
        .checked_sub(SOURCE.len())
        .and_then(|at| before.get(at..))
        .is_some_and(|w| w.eq_ignore_ascii_case(SOURCE))
}

/// Whether fact `f` reads as someone's full name: two to four capitalised
/// words, no digits, not quoted.
fn full_name(text: &str, f: &Fact) -> bool {
    let words: Vec<&str> = f.text(text).split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && !w.contains(|c: char| c.is_ascii_digit())
        })
        && !quoted(text, f)
}

/// Whether a phrase ends in a country's people ("North Korean" soldiers,
/// "Japanese"): no one's name, and no answer to "who". The word must read
/// as a nationality and begin with a country's name ("korea-n",
/// "japan-ese", "chin(a)-ese"): names end in "-ish" and "-ian" too
/// ("Billie Eilish", "Kim Kardashian").
pub(crate) fn a_people(phrase: &str) -> bool {
    let Some(word) = phrase.split_whitespace().last() else {
        return false;
    };
    let w = word.to_lowercase();
    let country = |p: &str| {
        crate::facts::is_country_word(p)
            || ["a", "e", "y"]
                .iter()
                .any(|end| crate::facts::is_country_word(&format!("{p}{end}")))
    };
    crate::facts::is_demonym(&w)
        && w.char_indices()
            .map(|(i, _)| i)
            .filter(|&i| i >= 4)
            .any(|i| country(&w[..i]))
}

/// Whether fact `f` stands inside quotation marks: a quoted name is a
/// title ("The Fabelmans"), no one's name.
pub(crate) fn quoted(text: &str, f: &Fact) -> bool {
    let before = &text[..f.start as usize];
    let before = before.strip_suffix("The ").unwrap_or(before);
    let after = &text[f.end as usize..];
    before.ends_with(['"', '\u{201C}', '\u{00AB}'])
        && after.starts_with(['"', '\u{201D}', '\u{00BB}'])
}

/// How far `at` is from the question's words: for each distinct term, the
/// distance to its nearest occurrence, summed.
fn spread(anchors: &[(TermId, usize)], at: usize) -> usize {
    if anchors.is_empty() {
        return usize::MAX / 2;
    }
    let mut total = 0;
    for (i, &(id, _)) in anchors.iter().enumerate() {
        if anchors[..i].iter().any(|&(seen, _)| seen == id) {
            continue;
        }
        total += anchors
            .iter()
            .filter(|&&(other, _)| other == id)
            .map(|&(_, pos)| pos.abs_diff(at))
            .min()
            .unwrap_or(0);
    }
    total
}

fn narrow(f: &Fact, text: &str, q: &Question) -> Option<Range<usize>> {
    let range = f.start as usize..f.end as usize;
    if q.wants_year && q.kind == AnswerKind::Date {
        let (s, e) = year_in(&text[range.clone()])?;
        return Some(range.start + s..range.start + e);
    }
    Some(range)
}

/// Whether a date or number phrase answers "what year", "which century"
/// or "what decade": it holds a year ("1875", "the 1990s") or names a
/// century ("the 16th century").
pub(crate) fn tells_a_year(phrase: &str) -> bool {
    year_in(phrase).is_some() || {
        let lower = phrase.to_lowercase();
        lower.contains("centur") || lower.contains("millenni")
    }
}

/// A four-digit year inside a date phrase.
pub(crate) fn year_in(phrase: &str) -> Option<(usize, usize)> {
    let b = phrase.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let digits = b[i..i + 4].iter().all(u8::is_ascii_digit);
        let left = i == 0 || !b[i - 1].is_ascii_digit();
        let right = i + 4 == b.len() || !b[i + 4].is_ascii_digit();
        (digits && left && right).then_some((i, i + 4))
    })
}

/// Cuts `text` to at most [`MAX_REPLY_CHARS`] characters around `keep`
/// (the highlight, or the matched words), at word boundaries, marking cuts
/// with an ellipsis. Returns the excerpt and `keep` moved into it.
pub(crate) fn excerpt(text: &str, keep: Range<usize>) -> (String, Option<Range<usize>>) {
    let total = text.chars().count();
    if total <= MAX_REPLY_CHARS {
        return (text.to_string(), Some(keep));
    }
    let budget = MAX_REPLY_CHARS - 2; // room for two ellipses
    let keep_chars = text[keep.clone()].chars().count().min(budget);
    let before = text[..keep.start].chars().count();
    // Centre the kept part, then clamp to the text.
    let slack = budget - keep_chars;
    let mut start_c = before.saturating_sub(slack / 2);
    if start_c + budget > total {
        start_c = total - budget;
    }
    let byte_at = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let mut start = byte_at(start_c);
    let mut end = byte_at(start_c + budget);
    // Move inwards to word boundaries.
    if start > 0
        && let Some(sp) = text[start..keep.start.max(start)].find(' ')
    {
        start += sp + 1;
    }
    if end < text.len()
        && let Some(sp) = text[keep.end.min(end)..end].rfind(' ')
    {
        end = keep.end.min(end) + sp;
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let offset = out.len();
    out.push_str(text[start..end].trim_end());
    if end < text.len() {
        out.push('…');
    }
    let moved = (keep.start >= start && keep.end <= end)
        .then(|| keep.start - start + offset..keep.end - start + offset);
    (out, moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::analyze_question;
    use crate::knowledge::Format;

    #[test]
    fn question_words_come_from_the_stored_terms() {
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Minister visits Kyiv\n\nForeign Minister Takeshi Iwaya arrived in Kyiv on Saturday. \
             Japan’s 12,000 troops' visits: the ministers' visit to KYIV.",
            Format::Text,
        )]);
        let q = analyze_question(&kb, "minister kyiv visit 12000 japan");
        let terms: Vec<TermId> = q.known_terms().collect();
        let words = |s: &Sentence<'_>| -> Vec<String> {
            question_words(s, &terms)
                .into_iter()
                .map(|(_, r)| s.text[r].to_string())
                .collect()
        };
        let sentences: Vec<Sentence> = kb.sentences().collect();
        assert_eq!(words(&sentences[0]), ["Minister", "Kyiv"]);
        assert_eq!(
            words(&sentences[1]),
            ["Japan’s", "12,000", "visits", "ministers", "visit", "KYIV"]
        );
        let none: Vec<TermId> = analyze_question(&kb, "Saturday").known_terms().collect();
        assert!(question_words(&sentences[1], &none).is_empty());
    }

    /// The first answer's phrase for `q` over one article of `body`.
    fn phrase_of(body: &str, q: &str) -> Option<String> {
        let kb = KnowledgeBase::from_texts([("a.txt", body, Format::Text)]);
        let reply = crate::answer::answer(&kb, q, &crate::answer::RankConfig::default(), 1);
        let first = reply.answers.first().expect("an answer");
        first.highlight_text().map(str::to_string)
    }

    #[test]
    fn which_country_is_answered_by_its_people_not_by_a_source() {
        let body = "Troops at the border\n\nAccording to US and Ukrainian assessments, up to \
                    12,000 North Korean troops have been sent to Russia. The deployment \
                    began in October.";
        assert_eq!(
            phrase_of(body, "Which country sent troops to Russia?").as_deref(),
            Some("North Korean")
        );
        // Only where the claim comes from: better no phrase than the source.
        let body = "Troops at the border\n\nAccording to Ukraine, up to 12,000 soldiers have \
                    been sent to Russia. The deployment began in October.";
        assert_eq!(
            phrase_of(body, "Which country sent soldiers to Russia?"),
            None
        );
        let body = "Troops at the border\n\nAccording to the United States, up to 12,000 \
                    soldiers have been sent to Russia. The deployment began in October.";
        assert_eq!(
            phrase_of(body, "Which country sent soldiers to Russia?"),
            None
        );
        // At the sentence's start, the compass word still belongs to the
        // people's name.
        let body = "Troops at the border\n\nNorth Korean troops have been sent to Russia, \
                    officials said. The deployment began in October.";
        assert_eq!(
            phrase_of(body, "Which country sent troops to Russia?").as_deref(),
            Some("North Korean")
        );
    }

    #[test]
    fn who_takes_a_name_without_a_person_cue_but_never_a_title() {
        let body = "Festival night\n\n\
                    Jonas Berg's film \"The Harbour\" won the top prize at the festival in \
                    May 2020.";
        let phrase = phrase_of(body, "Who won the top prize at the festival?");
        assert_eq!(phrase.as_deref(), Some("Jonas Berg"));
    }

    #[test]
    fn a_people_is_a_nationality_named_after_its_country() {
        for p in [
            "North Korean",
            "Japanese",
            "Ukrainian",
            "the Chinese",
            "Italian",
        ] {
            assert!(a_people(p), "{p}");
        }
        for p in [
            "Billie Eilish",
            "Kim Kardashian",
            "Korea",
            "Andrii Sybiha",
            "",
        ] {
            assert!(!a_people(p), "{p}");
        }
    }

    #[test]
    fn who_is_never_answered_with_a_date() {
        let body =
            "Festival night\n\nThe top prize at the festival went to a newcomer in May 2020.";
        let phrase = phrase_of(body, "Who won the top prize at the festival?");
        assert_eq!(phrase, None);
    }

    #[test]
    fn short_text_is_kept_whole() {
        let (t, k) = excerpt("short", 0..5);
        assert_eq!(t, "short");
        assert_eq!(k, Some(0..5));
    }

    #[test]
    fn long_text_is_cut_around_the_kept_part() {
        let text = format!("{} KEEP {}", "word ".repeat(200), "tail ".repeat(200));
        let at = text.find("KEEP").unwrap();
        let (t, k) = excerpt(&text, at..at + 4);
        assert!(
            t.chars().count() <= MAX_REPLY_CHARS,
            "{}",
            t.chars().count()
        );
        assert!(t.starts_with('…') && t.ends_with('…'));
        let k = k.expect("kept part inside");
        assert_eq!(&t[k], "KEEP");
    }

    #[test]
    fn cut_respects_multibyte_characters() {
        let text = "é ".repeat(600);
        let (t, _) = excerpt(&text, 9..11);
        assert!(t.chars().count() <= MAX_REPLY_CHARS);
    }

    #[test]
    fn finds_years_in_dates() {
        assert_eq!(year_in("10 July 1856"), Some((8, 12)));
        assert_eq!(year_in("July 10"), None);
        assert_eq!(year_in("12345"), None);
    }
}
