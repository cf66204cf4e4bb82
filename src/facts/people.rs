//! The rules that make a capitalised run a person: a role in front of it
//! ("Ukraine's Defence Minister Rustem Umerov", with whose role it is), a
//! person noun before it or a speech verb after it, and the article's
//! memory of names already shown to be people. Which runs to look at is
//! [`super::names`]' job.

use super::lexicon::{
    F_COUNTRIES, F_MONTHS, F_ORG_WORDS, F_PERSON_NOUNS, F_PLACE_WORDS, F_ROLE_HEADS,
    F_SHORT_TITLES, F_SPEECH_VERBS, F_WEEKDAYS,
};
use super::words::{Word, joined};
use super::{Fact, FactKind, NameMemory, Span};

/// The person named after a role inside the run `s..=e` ("Defence Minister
/// Rustem Umerov"), with the role and its owner, and the index of the
/// name's first word; `None` when the run holds no role or what follows it
/// does not look like a name.
pub(super) fn role_person(
    sentence: &str,
    words: &[Word],
    s: usize,
    e: usize,
) -> Option<(Fact, usize)> {
    let h = (s..e).find(|&k| words[k].is(F_ROLE_HEADS))?;
    let mut h_end = h;
    while h_end + 1 < e && words[h_end + 1].is(F_ROLE_HEADS) && !words[h_end + 1].is(F_SHORT_TITLES)
    {
        h_end += 1;
    }
    let name_s = h_end + 1;
    let name_words = &words[name_s..=e];
    let plausible = name_words.len() <= 4
        && name_words
            .iter()
            .all(|w| !w.is(F_ORG_WORDS) && !w.is(F_PLACE_WORDS) && !w.is(F_COUNTRIES))
        && name_words.last().is_some_and(|w| w.capitalised);
    if !plausible {
        return None;
    }
    let (role_s, of) = role_owner(words, s, h);
    let mut fact = Fact::new(FactKind::Person, words[name_s].start, words[e].base_end);
    let role = &sentence[words[role_s].start..words[h_end].end];
    let role_end = words[role_s].start + role.trim_end_matches('.').len();
    fact.parts = [Span::of(words[role_s].start..role_end), of];
    Some((fact, name_s))
}

/// Where the role of a run starting at `s` with its first title at `h`
/// starts, and whose role it is: a demonym opening the run ("Japanese
/// Foreign Minister"), or a possessive just before it, maybe past a few
/// lower-case modifiers ("Japan's then-incoming Defence Minister"). A run
/// never starts with a possessive: runs end at one.
fn role_owner(words: &[Word], s: usize, h: usize) -> (usize, Span) {
    if s < h && is_demonym(&words[s].lower) {
        return (s + 1, Span::of(words[s].start..words[s].end));
    }
    let owner = (s.saturating_sub(4)..s)
        .rev()
        .find(|&k| words[k].capitalised && words[k].possessive)
        .filter(|&k| (k + 1..s).all(|m| !words[m].capitalised))
        .map_or_else(Span::default, |k| {
            Span::of(words[k].start..words[k].base_end)
        });
    (s, owner)
}

/// Whether the run `s..=e` reads as a person's name by what surrounds it:
/// a person noun before it ("his counterpart, Andrii Sybiha"), a speech
/// verb or "who" after it ("Smith said"), or "by"/"Mr" before a full name.
pub(super) fn looks_like_person(sentence: &str, words: &[Word], s: usize, e: usize) -> bool {
    let count = e - s + 1;
    if count > 4
        || words[s..=e]
            .iter()
            .any(|w| w.text.chars().all(|c| c.is_uppercase()) && w.text.len() > 1)
    {
        return false;
    }
    if words[s..=e]
        .iter()
        .any(|w| is_demonym(&w.lower) || w.is(F_COUNTRIES) || w.is(F_MONTHS) || w.is(F_WEEKDAYS))
    {
        return false;
    }
    let after_noun = s > 0 && {
        let p = &words[s - 1];
        (p.is(F_PERSON_NOUNS) || is_role_noun(p))
            && sentence[p.end..words[s].start]
                .trim()
                .chars()
                .all(|c| c == ',')
    };
    // "Shop owners in San José del Salar said", "on the Eastside, said":
    // what speaks there is the place's people, not the place.
    let placed = s > 0
        && matches!(
            words[s - 1].lower.as_ref(),
            "in" | "at" | "near" | "the" | "across" | "inside" | "outside" | "throughout"
        );
    let before_speech = !placed
        && (words.get(e + 1).is_some_and(|w| w.is(F_SPEECH_VERBS))
            || (sentence[words[e].end..].trim_start().starts_with(',')
                && words
                    .get(e + 1)
                    .is_some_and(|w| matches!(w.lower.as_ref(), "who" | "whose" | "aged"))));
    let appositive = role_after(sentence, words, e).is_some();
    let by = s > 0
        && matches!(
            words[s - 1].lower.as_ref(),
            "by" | "mr" | "mrs" | "ms" | "dr"
        );
    (after_noun || before_speech || appositive || (by && count >= 2)) && count >= 1
}

/// The role written around the name `s..=e` when no capitalised title in
/// front gave one, as the role and owner parts of a person fact: a
/// lower-case role just before the name ("the regional police
/// commissioner, Tomás Aguirre", "his Ukrainian counterpart, Andrii
/// Sybiha") or an appositive just after it ("Marisol Fuentes, the
/// president of the National Mineworkers Union,"). The owner is a
/// nationality, a capitalised possessive or a name after "of"; a
/// lower-case one ("the company's") is left out, as it only points back.
pub(super) fn described_role(
    sentence: &str,
    words: &[Word],
    s: usize,
    e: usize,
) -> Option<[Span; 2]> {
    role_before(sentence, words, s).or_else(|| role_after(sentence, words, e))
}

/// A lower-case role title or person noun ("commissioner", "counterpart").
fn is_role_noun(w: &Word) -> bool {
    !w.capitalised && !w.possessive && w.is(F_PERSON_NOUNS | F_ROLE_HEADS)
}

/// A lower-case content word that may qualify a role ("regional",
/// "police", "foreign").
fn is_modifier(w: &Word) -> bool {
    !w.capitalised
        && !w.possessive
        && w.text.chars().all(char::is_alphabetic)
        && !crate::text::is_stop_word(&w.lower)
}

/// An owner word: a nationality or a capitalised possessive ("Japan's").
fn owner_word(w: &Word) -> Option<Span> {
    (w.capitalised && (w.possessive || is_demonym(&w.lower))).then(|| Span::of(w.start..w.base_end))
}

/// The role ending just before the name at `s`, set off by at most a comma.
fn role_before(sentence: &str, words: &[Word], s: usize) -> Option<[Span; 2]> {
    let p = s.checked_sub(1)?;
    let noun = &words[p];
    if !is_role_noun(noun)
        || !sentence[noun.end..words[s].start]
            .trim()
            .chars()
            .all(|c| c == ',')
    {
        return None;
    }
    let mut start = p;
    while start > 0
        && p - start < 3
        && is_modifier(&words[start - 1])
        && joined(sentence, &words[start - 1], &words[start])
    {
        start -= 1;
    }
    let owner = start
        .checked_sub(1)
        .filter(|&k| joined(sentence, &words[k], &words[start]))
        .and_then(|k| owner_word(&words[k]))
        .unwrap_or_default();
    Some([Span::of(words[start].start..noun.end), owner])
}

/// The role of an appositive after the name ending at `e`: ", the
/// president of the National Mineworkers Union", ", Japan's foreign
/// minister".
fn role_after(sentence: &str, words: &[Word], e: usize) -> Option<[Span; 2]> {
    if !sentence[words[e].end..].trim_start().starts_with(',') {
        return None;
    }
    let mut k = e + 1;
    if words
        .get(k)
        .is_some_and(|w| matches!(w.lower.as_ref(), "the" | "a" | "an" | "its" | "their"))
    {
        k += 1;
    }
    let mut owner = words.get(k).and_then(owner_word);
    if owner.is_some() {
        k += 1;
    }
    let first = k;
    while k - first < 3
        && words
            .get(k)
            .is_some_and(|w| is_modifier(w) && !is_role_noun(w))
    {
        k += 1;
    }
    let mut last = k;
    if !words.get(k).is_some_and(is_role_noun) {
        return None;
    }
    while words.get(last + 1).is_some_and(is_role_noun) {
        last += 1;
    }
    if !(first..last).all(|m| joined(sentence, &words[m], &words[m + 1])) {
        return None;
    }
    if owner.is_none() {
        owner = owner_after_of(sentence, words, last);
    }
    Some([
        Span::of(words[first].start..words[last].end),
        owner.unwrap_or_default(),
    ])
}

/// The capitalised name after "of" (and maybe "the") that follows word
/// `last`: whose role it is ("president of the National Mineworkers Union").
fn owner_after_of(sentence: &str, words: &[Word], last: usize) -> Option<Span> {
    let of = last + 1;
    if words.get(of).is_none_or(|w| w.lower != "of") {
        return None;
    }
    let mut k = of + 1;
    if words.get(k).is_some_and(|w| w.lower == "the") {
        k += 1;
    }
    let first = words.get(k).filter(|w| w.capitalised)?;
    let mut end = k;
    while !words[end].possessive
        && words
            .get(end + 1)
            .is_some_and(|w| w.capitalised && joined(sentence, &words[end], w))
    {
        end += 1;
    }
    Some(Span::of(first.start..words[end].base_end))
}

/// Remembers a person's name (lower-cased words), and the surname alone,
/// since later sentences call people by it ("Iwaya said").
pub(super) fn remember_person(memory: &mut NameMemory, name: &[&str]) {
    memory.people.insert(name.join(" "));
    if name.len() > 1
        && let Some(last) = name.last()
    {
        memory.people.insert((*last).to_string());
    }
}

/// A nationality or its like ("Japanese", "Ukrainian", "US"): by its
/// ending, or one of a few common ones the endings miss.
pub(crate) fn is_demonym(lower: &str) -> bool {
    (lower.ends_with("ian")
        || lower.ends_with("ese")
        || lower.ends_with("ean")
        || lower.ends_with("ish")
        || lower.ends_with("can")
        || lower.ends_with("ani"))
        && lower.len() > 4
        || matches!(
            lower,
            "us" | "uk"
                | "eu"
                | "thai"
                | "french"
                | "dutch"
                | "greek"
                | "swiss"
                | "iraqi"
                | "israeli"
                | "saudi"
                | "pakistani"
                | "afghan"
                | "german"
                | "russian"
                | "american"
                | "ukrainian"
        )
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts_of, has};
    use crate::facts::{FactKind, NameMemory, extract};

    #[test]
    fn person_with_role_and_owner() {
        let s = "Ukraine’s Defence Minister Rustem Umerov (left) and Japan’s then-incoming Defence Minister Gen Nakatani met.";
        let f = facts_of(s);
        assert!(
            f.contains(&(
                FactKind::Person,
                "Rustem Umerov".into(),
                Some("Defence Minister".into()),
                Some("Ukraine".into())
            )),
            "{f:?}"
        );
        assert!(
            f.iter().any(|(k, t, r, _)| *k == FactKind::Person
                && t == "Gen Nakatani"
                && r.as_deref() == Some("Defence Minister")),
            "{f:?}"
        );
    }

    #[test]
    fn demonym_before_role_is_its_owner() {
        let s = "Japanese Foreign Minister Takeshi Iwaya holds a press conference.";
        let f = facts_of(s);
        assert!(
            f.contains(&(
                FactKind::Person,
                "Takeshi Iwaya".into(),
                Some("Foreign Minister".into()),
                Some("Japanese".into())
            )),
            "{f:?}"
        );
    }

    #[test]
    fn person_after_a_person_noun() {
        assert!(has(
            "He will meet his Ukrainian counterpart, Andrii Sybiha, in Kyiv.",
            FactKind::Person,
            "Andrii Sybiha"
        ));
        // A person noun only the extractor knows (not a question focus).
        assert!(has(
            "The analyst, Maria Lopez, disagreed.",
            FactKind::Person,
            "Maria Lopez"
        ));
    }

    #[test]
    fn roles_written_around_a_name() {
        let f =
            facts_of("Marisol Fuentes, the president of the National Mineworkers Union, said so.");
        assert!(
            f.contains(&(
                FactKind::Person,
                "Marisol Fuentes".into(),
                Some("president".into()),
                Some("National Mineworkers Union".into())
            )),
            "{f:?}"
        );
        let f = facts_of("The regional police commissioner, Tomás Aguirre, said so.");
        assert!(
            f.contains(&(
                FactKind::Person,
                "Tomás Aguirre".into(),
                Some("regional police commissioner".into()),
                None
            )),
            "{f:?}"
        );
        let f = facts_of("He will meet his Ukrainian counterpart, Andrii Sybiha, in Kyiv.");
        assert!(
            f.contains(&(
                FactKind::Person,
                "Andrii Sybiha".into(),
                Some("counterpart".into()),
                Some("Ukrainian".into())
            )),
            "{f:?}"
        );
    }

    #[test]
    fn person_before_a_speech_verb() {
        assert!(has(
            "Officials left early, and Maria Lopez said nothing.",
            FactKind::Person,
            "Maria Lopez"
        ));
    }

    #[test]
    fn remembered_surname_is_a_person_later() {
        let mut memory = NameMemory::default();
        extract(
            "Foreign Minister Takeshi Iwaya arrived.",
            crate::text::Lang::ENGLISH,
            &mut memory,
        );
        let s = "Later, Iwaya spoke to reporters.";
        let f = extract(s, crate::text::Lang::ENGLISH, &mut memory);
        assert!(
            f.iter()
                .any(|x| x.kind == FactKind::Person && x.text(s) == "Iwaya"),
            "{f:?}"
        );
    }
}
