//! Proper names in a sentence: runs of capitalised words, classified as a
//! person, an organisation, a place or another name. Runs last, over the
//! words dates and numbers left, and shares what it learns with the rest of
//! the article through [`NameMemory`]. The person rules (a role in front,
//! a speech verb after) live in [`super::people`].

use super::lexicon::{
    F_COUNTRIES, F_GEO_NOUNS, F_LOCATIVE, F_NAME_JOINERS, F_NON_NAME_CAPITALS, F_ORG_WORDS,
    F_PLACE_WORDS, F_ROLE_HEADS, is_in,
};
use super::people::{described_role, is_demonym, looks_like_person, remember_person, role_person};
use super::words::{Word, joined, take};
use super::{Fact, FactKind, NameMemory};

/// Finds the names of a sentence among the words not yet taken: each
/// capitalised run, maybe with a role in front.
pub(super) fn names(
    sentence: &str,
    words: &[Word],
    taken: &mut [bool],
    facts: &mut Vec<Fact>,
    memory: &mut NameMemory,
) {
    let mut i = 0;
    while i < words.len() {
        if taken[i] || !words[i].capitalised || words[i].text.chars().all(|c| c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        let e = run_end(sentence, words, taken, i);
        classify(sentence, words, i, e, facts, memory);
        take(taken, i, e);
        i = e + 1;
    }
}

/// The last word of the capitalised run starting at `i`: capitalised words
/// separated by plain spaces or tied without one ("Rolls-Royce"), through
/// joiners such as "of" when a capital follows, up to a possessive.
fn run_end(sentence: &str, words: &[Word], taken: &[bool], i: usize) -> usize {
    let n = words.len();
    let mut e = i;
    while !words[e].possessive && e + 1 < n && !taken[e + 1] {
        let next = &words[e + 1];
        if next.capitalised && joined(sentence, &words[e], next) || tied(sentence, &words[e], next)
        {
            e += 1;
        } else if let Some(k) = joiners_end(sentence, words, taken, e) {
            e = k + 1;
        } else {
            break;
        }
    }
    e
}

/// Whether `a` and `b` are one name written with a joiner and no space:
/// "M&M", "AT&T", "AC/DC", "Rolls-Royce" — so neither half is taken for
/// a name of its own. Not a hyphen between countries or peoples
/// ("Russia-Ukraine war", "Franco-German"), whose parts each name one.
/// (A model number such as "F-150" is the numbers' to take, before names.)
fn tied(sentence: &str, a: &Word, b: &Word) -> bool {
    let gap = &sentence[a.end..b.start];
    let Some(first) = b.text.chars().next() else {
        return false;
    };
    match gap {
        "&" | "/" => first.is_uppercase(),
        "-" => {
            let nation = |w: &Word| w.is(F_COUNTRIES) || is_demonym(&w.lower);
            first.is_uppercase() && !nation(a) && !nation(b)
        }
        _ => false,
    }
}

/// The last of one or two lower-case joiners after word `e` ("of", "es",
/// "de la") when a free capitalised word follows them, so "Dar es Salaam"
/// and "Rio de la Plata" stay one name.
fn joiners_end(sentence: &str, words: &[Word], taken: &[bool], e: usize) -> Option<usize> {
    let mut k = e + 1;
    while k < words.len()
        && k - e <= 2
        && !taken[k]
        && !words[k].capitalised
        && words[k].is(F_NAME_JOINERS)
        && joined(sentence, &words[k - 1], &words[k])
    {
        let next = words.get(k + 1)?;
        if next.capitalised && !taken[k + 1] && joined(sentence, &words[k], next) {
            return Some(k);
        }
        k += 1;
    }
    None
}

/// Turns the run `s..=e` into a fact, if it is a name, and remembers what
/// it shows for the article's later sentences.
fn classify(
    sentence: &str,
    words: &[Word],
    s: usize,
    e: usize,
    facts: &mut Vec<Fact>,
    memory: &mut NameMemory,
) {
    let Some(s) = name_start(sentence, words, s, e) else {
        return;
    };
    // A lone first word is capitalised anyway: a name only if the article
    // writes it so elsewhere too, or it is known to be one.
    if s == 0
        && s == e
        && !memory.capitalised.contains(&*words[s].lower)
        && !words[s].is(F_COUNTRIES)
        && !memory.people.contains(&*words[s].lower)
        && !memory.places.contains(&*words[s].lower)
    {
        return;
    }
    for w in &words[s..=e] {
        if !memory.capitalised.contains(&*w.lower) {
            memory.capitalised.insert(w.lower.to_string());
        }
    }
    let lowers: Vec<&str> = words[s..=e].iter().map(|w| &*w.lower).collect();
    if let Some((fact, name_s)) = role_person(sentence, words, s, e) {
        remember_person(memory, &lowers[name_s - s..]);
        facts.push(fact);
        return;
    }
    let whole = lowers.join(" ");
    if followed_by_which(sentence, words, e) {
        memory.things.insert(whole.clone());
    }
    let Some(kind) = kind_of(sentence, words, s, e, &lowers, &whole, memory) else {
        return;
    };
    let mut end = words[e].base_end;
    if kind == FactKind::Place {
        end = place_end(sentence, words, e).unwrap_or(end);
        memory.places.insert(whole);
    }
    let mut fact = Fact::new(kind, words[s].start, end);
    if kind == FactKind::Person {
        remember_person(memory, &lowers);
        // "his Ukrainian counterpart, Andrii Sybiha", "Marisol Fuentes, the
        // president of the union": the role written around the name.
        if let Some(parts) = described_role(sentence, words, s, e) {
            fact.parts = parts;
        }
    }
    facts.push(fact);
}

/// The run's first word once the capitalised common words opening it are
/// dropped ("According", "In", "The"); `None` when nothing is left.
fn name_start(sentence: &str, words: &[Word], mut s: usize, e: usize) -> Option<usize> {
    // A sentence's first word is capitalised anyway, so a common word there
    // is no name; after a colon, a quote or a bracket a sentence starts again.
    let sentence_initial = s == 0
        || sentence[..words[s].start]
            .trim_end()
            .ends_with([':', '"', '“', '(']);
    // "AT" of "AT&T" is no common word.
    let common = |s: usize| {
        words[s].is(F_NON_NAME_CAPITALS) && !(s < e && tied(sentence, &words[s], &words[s + 1]))
    };
    if sentence_initial && common(s) {
        s += 1;
    }
    if s > e {
        return None;
    }
    // Short ones ("The", "In") open runs mid-sentence too, in titles.
    while s <= e && common(s) && words[s].lower.len() < 4 {
        s += 1;
    }
    (s <= e).then_some(s)
}

/// What kind of name the run `s..=e` (lower-cased `lowers`, joined
/// `whole`) is; `None` when it is no name at all (a lone title, a
/// nationality).
fn kind_of(
    sentence: &str,
    words: &[Word],
    s: usize,
    e: usize,
    lowers: &[&str],
    whole: &str,
    memory: &NameMemory,
) -> Option<FactKind> {
    if s == e && words[s].is(F_ROLE_HEADS) {
        return None;
    }
    let has = |flag: u32| lowers.iter().any(|w| is_in(flag, w));
    // "North Korean troops": a nationality is not a place or a name.
    if words[e].lower.len() > 4 && is_demonym(&words[e].lower) && !words[e].is(F_COUNTRIES) {
        return None;
    }
    // "Minera Altiplano, which owns the mine": whatever it is, no person;
    // and no person when the article names it again ("Minera Altiplano said").
    let thing = memory.things.contains(whole) || followed_by_which(sentence, words, e);
    let kind = if memory.people.contains(whole) {
        FactKind::Person
    } else if has(F_ORG_WORDS) {
        FactKind::Organisation
    } else if is_country(whole, lowers) || has(F_PLACE_WORDS) || memory.places.contains(whole) {
        FactKind::Place
    } else if !thing && looks_like_person(sentence, words, s, e) {
        FactKind::Person
    } else if (s > 0 && words[s - 1].is(F_LOCATIVE))
        || (s > 1 && words[s - 1].lower == "the" && words[s - 2].is(F_LOCATIVE))
        || words
            .get(e + 1)
            .is_some_and(|w| !w.capitalised && w.is(F_GEO_NOUNS))
    {
        FactKind::Place
    } else if words[s..=e].iter().all(|w| {
        w.text.len() >= 2
            && w.text
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
    }) {
        FactKind::Organisation
    } else if is_demonym(whole) {
        return None;
    } else {
        FactKind::Name
    };
    Some(kind)
}

/// Whether the run ending at word `e` is followed by ", which" (a person
/// takes "who").
fn followed_by_which(sentence: &str, words: &[Word], e: usize) -> bool {
    sentence[words[e].end..].trim_start().starts_with(',')
        && words.get(e + 1).is_some_and(|w| w.lower == "which")
}

/// A country, or one written with a compass point or another word that
/// only makes up country names ("North Korea", "Saudi Arabia", "United
/// Arab Emirates").
fn is_country(whole: &str, lowers: &[&str]) -> bool {
    is_in(F_COUNTRIES, whole)
        || lowers.iter().all(|w| {
            is_in(F_COUNTRIES, w)
                || matches!(
                    *w,
                    "north"
                        | "south"
                        | "east"
                        | "west"
                        | "united"
                        | "new"
                        | "saudi"
                        | "sri"
                        | "hong"
                        | "kong"
                        | "arab"
                        | "emirates"
                )
        })
}

/// Where a place ending at word `e` ends once the lower-case geographic
/// nouns after it are counted in ("Kursk border region"); `None` when none
/// follow.
fn place_end(sentence: &str, words: &[Word], e: usize) -> Option<usize> {
    let mut end = None;
    let mut k = e + 1;
    while k < words.len()
        && !words[k].capitalised
        && words[k].is(F_GEO_NOUNS)
        && joined(sentence, &words[k - 1], &words[k])
    {
        end = Some(words[k].end);
        k += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts_of, has};
    use crate::facts::{FactKind, NameMemory, extract};

    #[test]
    fn places_after_prepositions_and_with_geographic_nouns() {
        assert!(has(
            "The minister arrived in Kyiv on Saturday.",
            FactKind::Place,
            "Kyiv"
        ));
        assert!(has(
            "Troops fought in Russia’s Kursk border region last week.",
            FactKind::Place,
            "Kursk border region"
        ));
        assert!(has(
            "It was held at the Palazzo Reale in Naples, Italy.",
            FactKind::Place,
            "Palazzo Reale"
        ));
        assert!(has(
            "Talks with North Korea stalled.",
            FactKind::Place,
            "North Korea"
        ));
    }

    #[test]
    fn organisations_by_their_words() {
        assert!(has(
            "Japan’s Foreign Ministry said so.",
            FactKind::Organisation,
            "Foreign Ministry"
        ));
        assert!(has(
            "They met at the Group of Seven summit.",
            FactKind::Organisation,
            "Group of Seven"
        ));
    }

    #[test]
    fn names_tied_by_a_hyphen_or_ampersand_stay_whole() {
        let texts = |sentence: &str| -> Vec<String> {
            facts_of(sentence)
                .into_iter()
                .map(|(_, t, _, _)| t)
                .collect()
        };
        let rolls = texts("Rolls-Royce unveiled its first fully electric car in 2023.");
        assert!(rolls.contains(&"Rolls-Royce".to_string()), "{rolls:?}");
        assert!(!rolls.contains(&"Royce".to_string()), "{rolls:?}");
        let candy = texts("The colorful M&Ms ads ran on AT&T phones on Monday.");
        assert!(candy.contains(&"M&Ms".to_string()), "{candy:?}");
        assert!(candy.contains(&"AT&T".to_string()), "{candy:?}");
        let cola = texts("Investors bought Coca-Cola shares on Tuesday.");
        assert!(cola.contains(&"Coca-Cola".to_string()), "{cola:?}");
        // Countries joined by a hyphen each stay a place of their own.
        let war = texts("Talks on the Russia-Ukraine war resumed in Geneva.");
        assert!(war.iter().all(|t| t != "Russia-Ukraine"), "{war:?}");
    }

    #[test]
    fn lower_case_joiners_keep_a_name_whole() {
        assert!(has(
            "The ferry arrived in Dar es Salaam five hours later.",
            FactKind::Place,
            "Dar es Salaam"
        ));
        assert!(has(
            "They sailed up the Rio de la Plata on Monday.",
            FactKind::Name,
            "Rio de la Plata"
        ));
    }

    #[test]
    fn what_takes_which_is_no_person() {
        let mut memory = NameMemory::default();
        let first = "Minera Altiplano, which owns the mine, agreed to pay.";
        let later = "Minera Altiplano said the strike had cost it dearly.";
        for s in [first, later] {
            let facts = extract(s, crate::text::Lang::ENGLISH, &mut memory);
            assert!(
                facts
                    .iter()
                    .any(|f| f.kind == FactKind::Name && f.text(s) == "Minera Altiplano"),
                "{s}: {facts:?}"
            );
        }
    }

    #[test]
    fn a_place_before_said_is_still_a_place() {
        assert!(has(
            "Shop owners in San José del Salar said sales had fallen.",
            FactKind::Place,
            "San José del Salar"
        ));
    }

    #[test]
    fn common_sentence_openers_are_not_names() {
        let f = facts_of("According to officials, the talks failed.");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn nationalities_are_not_names() {
        let f = facts_of("Officials said Ukrainian forces advanced.");
        assert!(f.is_empty(), "{f:?}");
    }
}
