//! What a question says about its answer beyond its kind: the role and
//! whose role it is ("the prime minister *of Japan*"), what a number must
//! measure (a cost is money, "how far" a distance) and what the measure is
//! of ("how much did *the land* cost"). Read from the question's words
//! alone (English questions: other languages have no constraints); whether
//! a sentence's fact agrees is `agree`'s job.

use crate::facts;
use crate::ids::TermId;
use crate::knowledge::KnowledgeBase;
use crate::text::{self, Lang};

/// One word of the question a constraint names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Named {
    /// The word, folded (after typo correction).
    pub(crate) folded: String,
    /// Its index term.
    pub(crate) stem: String,
    /// The table's term, if the table has the word.
    pub(crate) id: Option<TermId>,
}

impl Named {
    fn new(kb: &KnowledgeBase, folded: &str) -> Option<Named> {
        let stem = text::term_of_folded(Lang::ENGLISH, folded)?;
        Some(Named {
            id: kb.index().term_id(&stem),
            folded: folded.to_string(),
            stem,
        })
    }
}

/// What a number that answers must measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// "How much did it cost", "what price": an amount of money.
    Money,
    /// "How far", "how high", "how many kilometres".
    Length,
    /// "How many days", "how many years".
    Time,
    /// "How many tonnes", "how many acres".
    Other,
    /// "How old": years, or a bare number.
    Age,
    /// "How many workers": a count of things, not a measure.
    Count,
}

/// Everything a question constrains its answer by; empty for most
/// questions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Constraints {
    /// The role asked about, modifiers first and its head noun last
    /// ("prime", "minister").
    pub(crate) role: Vec<Named>,
    /// Whose the role is: a country, a nationality, or the words after
    /// "of" ("france", "ukrainian", "minera altiplano").
    pub(crate) owner: Vec<Named>,
    /// What a number must measure.
    pub(crate) measure: Option<Wanted>,
    /// The thing a cost is of: the last word before the verb in "how much
    /// did the new airport cost".
    pub(crate) subject: Option<Named>,
    /// "Where did she go / travel / move?": the place must be where
    /// someone went ("arrived in Kyiv"), not any place the sentence names
    /// ("an alliance with Russia").
    pub(crate) destination: bool,
    /// The question's verbs of going ("go" of "where did she go", not
    /// "tour" of "embarked on a tour"), folded: another word of going in
    /// a sentence telling where someone went stands for them.
    pub(crate) going: Vec<String>,
}

impl Constraints {
    /// Whether the question constrains nothing beyond its kind.
    pub(crate) fn is_empty(&self) -> bool {
        self.role.is_empty()
            && self.owner.is_empty()
            && self.measure.is_none()
            && self.subject.is_none()
            && !self.destination
    }
}

/// Verbs and nouns that make "how much" a question about money.
const MONEY_WORDS: &[&str] = &[
    "cost",
    "costs",
    "pay",
    "paid",
    "pays",
    "spend",
    "spent",
    "price",
    "worth",
    "money",
    "earn",
    "earned",
    "earns",
    "raise",
    "raised",
    "fine",
    "fined",
    "charge",
    "charged",
    "sell",
    "sold",
    "buy",
    "bought",
    "budget",
    "fund",
    "funding",
    "funded",
    "salary",
    "wage",
    "wages",
    "bonus",
    "compensation",
    "revenue",
    "profit",
    "invest",
    "invested",
    "donate",
    "donated",
    "owe",
    "owed",
    "value",
    "fee",
    "fees",
];

/// Verbs and nouns of going somewhere, with the irregular forms (the
/// regular ones are found by [`is_going_word`]): a "where" question with one asks for a destination,
/// and a place right after one ("arrived in Kyiv", "a visit to Tokyo")
/// is one. All tell of someone going, so in a sentence telling where
/// someone went, one stands for another ("arrived" for "travel").
pub(crate) const GOING_WORDS: &[&str] = &[
    "go",
    "went",
    "gone",
    "travel",
    "travelled",
    "travelling",
    "trip",
    "visit",
    "arrive",
    "arrival",
    "fly",
    "flies",
    "flew",
    "flown",
    "flight",
    "head",
    "return",
    "move",
    "come",
    "came",
    "reach",
    "tour",
    "sail",
    "journey",
    "relocate",
    "migrate",
    "emigrate",
    "immigrate",
    "settle",
    "march",
];

/// Verbs of getting away: "to which country did they flee?" asks for a
/// destination, but the place straight after one is where they left
/// ("fled Smiljan"), and they say nothing of the going another verb tells.
const ESCAPING_WORDS: &[&str] = &["flee", "fled", "escape"];

/// Whether a folded word is a verb of getting away ([`ESCAPING_WORDS`]).
pub(crate) fn is_escaping_word(word: &str) -> bool {
    in_list(ESCAPING_WORDS, word)
}

/// Verbs of sending something somewhere: they ask for a destination too,
/// but someone else's going ("sent troops to Russia") tells nothing of
/// where the sender went.
const SENDING_WORDS: &[&str] = &["send", "sent", "deploy", "land"];

/// Nouns after "what"/"which" that ask for a measure.
const MEASURE_NOUNS: &[(&str, Wanted)] = &[
    ("price", Wanted::Money),
    ("cost", Wanted::Money),
    ("distance", Wanted::Length),
    ("height", Wanted::Length),
    ("length", Wanted::Length),
    ("age", Wanted::Age),
    ("population", Wanted::Count),
];

/// Auxiliaries between a question phrase and its subject ("how much *did*
/// the land cost").
const AUXILIARIES: &[&str] = &[
    "did", "does", "do", "will", "was", "is", "were", "are", "has", "have", "had", "would",
    "could", "can", "should", "s",
];

/// Person nouns too general to name an office ("Person of the Year", "the
/// leader of Japan" may be its prime minister).
const GENERIC_HEADS: &[&str] = &[
    "leader", "head", "chief", "official", "officer", "member", "person", "man", "woman", "people",
    "figure", "boss", "owner", "winner", "men", "women", "persons", "one",
];

/// Modifiers that say nothing about which role it is ("the *current*
/// president").
pub(crate) const GENERIC_MODIFIERS: &[&str] = &[
    "current", "new", "former", "then", "incoming", "outgoing", "acting", "first", "last", "late",
    "present", "next", "previous", "interim",
];

/// Reads the constraints of a question. `words` are its folded words with
/// typo corrections applied, `skip` the positions of its question phrase,
/// `person` whether it asks for a person and `is_person_noun` the
/// question's test of a person noun.
pub(crate) fn read(
    kb: &KnowledgeBase,
    words: &[&str],
    skip: &[usize],
    person: bool,
    number: bool,
    place: bool,
    is_person_noun: impl Fn(&str) -> bool,
) -> Constraints {
    let mut c = Constraints::default();
    read_going(words, skip, place, &mut c);
    if person {
        read_role(kb, words, skip, &is_person_noun, &mut c);
    }
    if number {
        read_measure(kb, words, &mut c);
    }
    c
}

/// Whether a folded word is a word of going ([`GOING_WORDS`]), or one
/// of them with a regular ending ("visits", "heading", "arriving").
pub(crate) fn is_going_word(word: &str) -> bool {
    in_list(GOING_WORDS, word)
}

/// Whether a folded word is a word of going, of getting away or of
/// sending.
pub(crate) fn is_motion_word(word: &str) -> bool {
    in_list(GOING_WORDS, word) || is_escaping_word(word) || in_list(SENDING_WORDS, word)
}

fn in_list(list: &[&str], word: &str) -> bool {
    let known = |w: &str| list.contains(&w);
    known(word)
        || ["s", "es", "ed", "d", "ing"]
            .iter()
            .filter_map(|end| word.strip_suffix(end))
            .any(|base| known(base) || (base.len() > 2 && known(&format!("{base}e"))))
}

/// The question's verbs of going, and for a "where" question (`place`)
/// whether it asks where someone or something went: a word of going not
/// followed by "from" ("where did his talents come from?" asks for an
/// origin).
fn read_going(words: &[&str], skip: &[usize], place: bool, c: &mut Constraints) {
    for (k, w) in words.iter().enumerate() {
        if skip.contains(&k)
            || !is_motion_word(w)
            || words[k + 1..].iter().take(3).any(|&n| n == "from")
        {
            continue;
        }
        c.destination |= place;
        let noun = k > 0 && BEFORE_NOUN.contains(&words[k - 1]);
        if !noun && is_going_word(w) {
            c.going.push((*w).to_string());
        }
    }
}

/// Words before a noun of going ("a tour", "their trip"), not a verb.
const BEFORE_NOUN: &[&str] = &[
    "a", "an", "the", "his", "her", "their", "its", "my", "our", "your", "this", "that", "of",
    "on", "first", "last", "next",
];

/// A content word: not a stop word, not the question phrase.
fn content(words: &[&str], skip: &[usize], k: usize) -> bool {
    !skip.contains(&k) && text::term_of_folded(Lang::ENGLISH, words[k]).is_some()
}

/// A country or nationality, maybe with a possessive "s" the folding
/// left ("japans").
fn is_owner_word(word: &str) -> bool {
    facts::is_country_word(word)
        || facts::is_demonym(word)
        || word.strip_suffix('s').is_some_and(facts::is_country_word)
}

/// The role ("police commissioner") and its owner ("of France",
/// "Ukrainian") of a question that asks for a person.
fn read_role(
    kb: &KnowledgeBase,
    words: &[&str],
    skip: &[usize],
    is_person_noun: &impl Fn(&str) -> bool,
    c: &mut Constraints,
) {
    let person_word = |k: usize| {
        let w = words[k];
        content(words, skip, k) && (is_person_noun(w) || facts::is_person_word(w))
    };
    let Some(first) = (0..words.len()).find(|&k| person_word(k)) else {
        return;
    };
    let mut head = first;
    while head + 1 < words.len() && person_word(head + 1) {
        head += 1;
    }
    // "Time's Person of the Year", "the man who ...": no office to agree with.
    if GENERIC_HEADS.contains(&words[head]) {
        return;
    }
    let mut start = first;
    while start > 0 && first - start < 2 && content(words, skip, start - 1) {
        if is_owner_word(words[start - 1]) {
            let owner = words[start - 1];
            let owner = if facts::is_country_word(owner) || facts::is_demonym(owner) {
                owner
            } else {
                owner.trim_end_matches('s')
            };
            c.owner.extend(Named::new(kb, owner));
            break;
        }
        start -= 1;
    }
    c.role = words[start..=head]
        .iter()
        .filter_map(|w| Named::new(kb, w))
        .collect();
    // "... of France", "... of the National Mineworkers Union"
    if words.get(head + 1) == Some(&"of") {
        let mut k = head + 2;
        if words.get(k) == Some(&"the") {
            k += 1;
        }
        while k < words.len() && c.owner.len() < 3 && content(words, skip, k) {
            c.owner.extend(Named::new(kb, words[k]));
            k += 1;
        }
    }
}

/// What a number must measure, and for a cost what it is the cost of.
fn read_measure(kb: &KnowledgeBase, words: &[&str], c: &mut Constraints) {
    let money_word = |w: &str| MONEY_WORDS.contains(&w);
    if let Some(i) = words.iter().position(|w| *w == "how") {
        let next = words.get(i + 1).copied().unwrap_or("");
        c.measure = match next {
            "far" | "tall" | "high" | "deep" | "wide" => Some(Wanted::Length),
            "old" => Some(Wanted::Age),
            "much" if words[i + 2..].iter().any(|w| money_word(w)) => Some(Wanted::Money),
            "many" => Some(words.get(i + 2).map_or(Wanted::Count, |w| unit_wanted(w))),
            _ => None,
        };
        if c.measure == Some(Wanted::Money) {
            c.subject = cost_subject(kb, words, i + 2);
        }
        return;
    }
    // "what is the price of X", "what distance ..."
    let Some(k) = words
        .iter()
        .position(|w| MEASURE_NOUNS.iter().any(|(n, _)| n == w))
    else {
        return;
    };
    c.measure = MEASURE_NOUNS
        .iter()
        .find(|(n, _)| *n == words[k])
        .map(|(_, m)| *m);
    if c.measure == Some(Wanted::Money) && words.get(k + 1) == Some(&"of") {
        let of: Vec<&str> = words[k + 2..]
            .iter()
            .copied()
            .take_while(|w| !matches!(*w, "in" | "at" | "for" | "on" | "by"))
            .filter(|w| text::term_of_folded(Lang::ENGLISH, w).is_some())
            .collect();
        c.subject = of.last().and_then(|w| Named::new(kb, w));
    }
}

/// What a "how many X" question measures, by the unit X.
fn unit_wanted(word: &str) -> Wanted {
    match facts::measure_of(word) {
        Some(facts::Measure::Money) => Wanted::Money,
        Some(facts::Measure::Length) => Wanted::Length,
        Some(facts::Measure::Time) => Wanted::Time,
        Some(facts::Measure::Other) => Wanted::Other,
        Some(facts::Measure::Percent) | None => Wanted::Count,
    }
}

/// The head of the subject of "how much \[money\] did X cost": the last
/// content word between the auxiliary and the money verb.
fn cost_subject(kb: &KnowledgeBase, words: &[&str], mut k: usize) -> Option<Named> {
    if words.get(k) == Some(&"money") {
        k += 1;
    }
    if !words.get(k).is_some_and(|w| AUXILIARIES.contains(w)) {
        return None;
    }
    k += 1;
    let mut last = None;
    while k < words.len() && !MONEY_WORDS.contains(&words[k]) {
        if text::term_of_folded(Lang::ENGLISH, words[k]).is_some() {
            last = Some(words[k]);
        }
        k += 1;
    }
    (k < words.len()).then_some(())?;
    last.and_then(|w| Named::new(kb, w))
}
