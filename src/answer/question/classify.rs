//! What an English question's words say of the answer it wants (its
//! kind, a year, the noun it asks about, which words are the question
//! phrase), and the same for other languages through `asking`.

use super::AnswerKind;
use super::typo::typo_tolerance;
use crate::facts;
use crate::text::{self, Lang};

/// Nouns after "which"/"what" that ask for a place ("which city").
const PLACE_NOUNS: &[&str] = &[
    "country",
    "city",
    "state",
    "place",
    "town",
    "continent",
    "region",
    "province",
    "capital",
    "island",
    "location",
    "nation",
    "county",
    "area",
    "river",
    "where",
];
/// Nouns after "which"/"what" that ask for an organisation ("which company").
const ORG_NOUNS: &[&str] = &[
    "company",
    "team",
    "party",
    "organization",
    "organisation",
    "group",
    "agency",
    "band",
    "club",
    "firm",
    "network",
    "university",
    "school",
    "newspaper",
    "airline",
    "brand",
    "corporation",
    "league",
    "chain",
    "retailer",
    "manufacturer",
    "automaker",
    "carmaker",
    "bank",
    "broadcaster",
    "publisher",
    "studio",
    "magazine",
    "platform",
    "app",
    "website",
];
/// Person nouns only a question's focus takes, beside the ones shared with
/// the extractor (see [`person_nouns`]): generic ones ("man", "member",
/// "winner"), "prime" of "prime minister", and titles the extractor reads
/// as roles before a name instead ("king", "mayor").
const QUESTION_PERSON_NOUNS: &[&str] = &[
    "head",
    "winner",
    "owner",
    "member",
    "commander",
    "mayor",
    "prime",
    "person",
    "man",
    "woman",
    "king",
    "queen",
    "emperor",
    "pope",
    "general",
    "musician",
    "chancellor",
    "secretary",
];
/// Nouns after "which"/"what" that ask for a date ("what year").
const DATE_NOUNS: &[&str] = &[
    "year", "date", "day", "month", "time", "century", "decade", "era", "period", "season", "week",
];
/// Nouns that make a question ask for a number ("what percentage").
const NUMBER_NOUNS: &[&str] = &[
    "percentage",
    "percent",
    "number",
    "amount",
    "population",
    "age",
    "size",
    "price",
    "cost",
    "rate",
    "total",
    "score",
    "height",
    "length",
    "distance",
    "temperature",
];

/// Every noun that makes a question's focus a person: the ones shared with
/// the extractor and the question's own. The two sides' lists differ (see
/// the extractor's lexicon): merging them would change answers, a change
/// to make and measure on its own.
pub(super) fn person_nouns() -> impl Iterator<Item = &'static str> {
    facts::person_nouns().chain(QUESTION_PERSON_NOUNS.iter().copied())
}

/// A question in another language than English, by its question words
/// (`asking`); keywords only when it has none. The question phrase's words
/// are no keywords.
pub(super) fn classify_other(lang: Lang, text: &str, spans: &[(usize, &str)]) -> Classified {
    let Some(asked) = crate::answer::asking::classify(lang, text, spans) else {
        return Classified::plain(AnswerKind::Keywords, vec![]);
    };
    let skip = spans
        .iter()
        .enumerate()
        .filter(|(_, (s, w))| {
            asked
                .phrase
                .iter()
                .any(|r| *s < r.end && r.start < s + w.len())
        })
        .map(|(k, _)| k)
        .collect();
    // "Which" asks for a name in English, where the facts know names;
    // elsewhere the fact rules find too few for the kind to help (XQuAD
    // dev parts: Russian .699 against .697, Spanish .695 against .689).
    let kind = if asked.kind == AnswerKind::Entity {
        AnswerKind::Thing
    } else {
        asked.kind
    };
    Classified {
        kind,
        wants_year: asked.wants_year,
        focus: asked.focus,
        skip,
    }
}

/// What the question words of a question say.
#[derive(Debug)]
pub(super) struct Classified {
    /// The kind of answer wanted.
    pub(super) kind: AnswerKind,
    /// Whether only a year is wanted.
    pub(super) wants_year: bool,
    /// The noun the question word asks about.
    pub(super) focus: Option<String>,
    /// The word positions that belong to the question phrase (not keywords).
    pub(super) skip: Vec<usize>,
}

impl Classified {
    /// A kind with no year, no focus noun and these question-phrase words.
    pub(super) fn plain(kind: AnswerKind, skip: Vec<usize>) -> Classified {
        Classified {
            kind,
            wants_year: false,
            focus: None,
            skip,
        }
    }
}

/// The English question words besides "how", each of which makes a
/// question of its own kind.
const QUESTION_WORDS: &[&str] = &[
    "when", "where", "why", "who", "whom", "whose", "which", "what", "whats",
];

/// Classifies a question by its question words (`w`, folded).
pub(super) fn classify(w: &[&str], owned: &[bool]) -> Classified {
    // "How" asks wherever it stands ("The area where Jacksonville sits has
    // been inhabited for how many years?"). Of the others the first asks; a
    // later one opens a clause of the question ("Who was the head of the
    // household Temüjin joined when he was nine?").
    if let Some(i) = w.iter().position(|x| *x == "how") {
        return classify_how(w, i);
    }
    let first = w.iter().position(|x| QUESTION_WORDS.contains(x));
    let find = |word: &str| first.filter(|&i| w[i] == word);
    if let Some(i) = find("when") {
        // "When to use a semicolon" asks in what case, not on what date.
        let kind = if next_word(w, i) == "to" {
            AnswerKind::Manner
        } else {
            AnswerKind::Date
        };
        return Classified::plain(kind, vec![i]);
    }
    if let Some(i) = find("where") {
        return Classified::plain(AnswerKind::Place, vec![i]);
    }
    if let Some(i) = find("why") {
        return Classified::plain(AnswerKind::Reason, vec![i]);
    }
    if let Some(i) = first.filter(|&i| matches!(w[i], "who" | "whom" | "whose")) {
        return classify_who(w, i, owned);
    }
    if let Some(i) = first.filter(|&i| matches!(w[i], "which" | "what" | "whats")) {
        return classify_which(w, i);
    }
    match w.first().copied() {
        Some(
            "is" | "are" | "was" | "were" | "do" | "does" | "did" | "can" | "could" | "has"
            | "have" | "had" | "will" | "would" | "should" | "shall",
        ) => Classified::plain(AnswerKind::YesNo, vec![0]),
        Some("name" | "list" | "define" | "explain" | "describe" | "tell") => {
            Classified::plain(AnswerKind::Definition, vec![0])
        }
        _ => classify_keywords(w),
    }
}

/// Keywords without a question word: a noun that names what is wanted
/// ("Iwaya trip Kyiv reason", "election date", "troops number") says the
/// kind, as a question word would, and is no keyword (articles give a
/// reason without saying "reason").
fn classify_keywords(w: &[&str]) -> Classified {
    let kind_of = |word: &str| match word {
        "reason" | "reasons" | "purpose" | "why" | "motive" => Some(AnswerKind::Reason),
        "date" | "year" | "day" => Some(AnswerKind::Date),
        "number" | "count" | "amount" | "total" => Some(AnswerKind::Number),
        "place" | "location" => Some(AnswerKind::Place),
        _ => None,
    };
    // Only with other keywords left: "date" alone is the keyword.
    match w.iter().rposition(|x| kind_of(x).is_some()) {
        Some(i) if w.len() > 1 => Classified {
            wants_year: w[i] == "year",
            ..Classified::plain(kind_of(w[i]).unwrap_or(AnswerKind::Keywords), vec![i])
        },
        _ => Classified::plain(AnswerKind::Keywords, vec![]),
    }
}

/// The word after position `i`, or "" at the end.
fn next_word<'a>(w: &[&'a str], i: usize) -> &'a str {
    w.get(i + 1).copied().unwrap_or("")
}

/// Verbs of going somewhere or using something: "what ... VERB for?" asks
/// the purpose.
const PURPOSE_VERBS: &[&str] = &[
    "come",
    "came",
    "go",
    "went",
    "travel",
    "travelled",
    "traveled",
    "fly",
    "flew",
    "visit",
    "visited",
    "use",
    "used",
    "sent",
    "send",
    "return",
    "returned",
];

/// The kind of answer a noun after "which"/"what" asks for.
fn noun_kind(noun: &str) -> Option<AnswerKind> {
    if DATE_NOUNS.contains(&noun) {
        Some(AnswerKind::Date)
    } else if NUMBER_NOUNS.contains(&noun) {
        Some(AnswerKind::Number)
    } else if PLACE_NOUNS.contains(&noun) {
        Some(AnswerKind::Place)
    } else if ORG_NOUNS.contains(&noun) {
        Some(AnswerKind::Organisation)
    } else if person_nouns().any(|p| p == noun) {
        Some(AnswerKind::Person)
    } else {
        None
    }
}

/// What "how many" counts, given the words after it: the noun ending its
/// run of content words ("seats" of "how many Senate seats", "companies"
/// of "how many major bus companies"), known by its plural; else the first
/// word ("troops" of "how many troops were sent", "people" of "how many
/// people live").
fn counted_noun<'a>(after: &[&'a str]) -> Option<&'a str> {
    let run = after
        .iter()
        .take(3)
        .take_while(|x| !text::is_stop_word(x))
        .copied();
    run.clone()
        .skip(1)
        .filter(|x| x.len() > 3 && x.ends_with('s') && !x.ends_with("ss"))
        .last()
        .or_else(|| after.first().copied())
}

/// A question with "how" at `w[i]`.
fn classify_how(w: &[&str], i: usize) -> Classified {
    match next_word(w, i) {
        "many" | "much" => Classified {
            focus: counted_noun(&w[(i + 2).min(w.len())..]).map(str::to_string),
            ..Classified::plain(AnswerKind::Number, vec![i, i + 1])
        },
        "long" => Classified::plain(AnswerKind::Duration, vec![i, i + 1]),
        "old" | "far" | "big" | "tall" | "large" | "high" | "deep" | "often" | "fast" | "heavy"
        | "wide" | "late" | "early" => Classified::plain(AnswerKind::Number, vec![i, i + 1]),
        _ => Classified::plain(AnswerKind::Manner, vec![i]),
    }
}

/// A question with "who", "whom" or "whose" at `w[i]`.
fn classify_who(w: &[&str], i: usize, owned: &[bool]) -> Classified {
    // "Who is Takeshi Iwaya?" asks for a description, not a name; "Who is
    // Japan's foreign minister?" names a role, so it wants a name.
    // "Who is on the album cover?" asks who is somewhere: a name.
    let copula = matches!(next_word(w, i), "is" | "was" | "are" | "were" | "s")
        && !w.get(i + 2).is_some_and(|x| {
            matches!(
                *x,
                "on" | "in" | "at" | "behind" | "inside" | "under" | "with" | "from"
            )
        });
    let rest: Vec<&str> = w[i + 1..]
        .iter()
        .copied()
        .filter(|x| !text::is_stop_word(x))
        .collect();
    // With the same typo tolerance as keywords: "minster" is a minister.
    let role = rest.iter().any(|x| {
        let x = x.trim_end_matches('s');
        person_nouns().any(|p| {
            p == x || strsim::damerau_levenshtein(p, x) <= typo_tolerance(x.chars().count())
        })
    }) || ((w[i + 1..].contains(&"the")
        || owned.get(i + 1..).is_some_and(|o| o.contains(&true)))
        && rest.iter().any(|x| facts::is_person_word(x)));
    if copula && i == 0 && !rest.is_empty() && rest.len() <= 4 && !role {
        return Classified::plain(AnswerKind::Definition, vec![i]);
    }
    Classified::plain(AnswerKind::Person, vec![i])
}

/// Nouns of a question phrase ("what kind of", "which type of", "what is
/// the name of"): they say what is asked, not words an answer holds.
const QUESTION_PHRASE_NOUNS: &[&str] = &[
    "kind", "kinds", "type", "types", "sort", "sorts", "name", "names",
];

/// A question with "which" or "what" at `w[i]`.
fn classify_which(w: &[&str], i: usize) -> Classified {
    let mut j = i + 1;
    // "what is the name of the country", "what kind of", "in which year".
    // Past "did" or "does" the noun is the verb's subject, not what is
    // asked: "What did the Japanese minister come to Kyiv for?" asks no
    // minister, "What did Luther state ...?" no state.
    while j < w.len()
        && (matches!(
            w[j],
            "is" | "are" | "was" | "were" | "the" | "a" | "an" | "s" | "of"
        ) || QUESTION_PHRASE_NOUNS.contains(&w[j]))
    {
        j += 1;
    }
    // "What kind of memory": the kind is the question's phrase, no word
    // an answer holds (a sentence about "kinds" of rays is no closer).
    let phrase_nouns: Vec<usize> = (i + 1..j)
        .filter(|&k| QUESTION_PHRASE_NOUNS.contains(&w[k]))
        .collect();
    // "which fast food chain", "which US state": the head noun of a short
    // compound comes last.
    if noun_kind(w.get(j).copied().unwrap_or("")).is_none()
        && let Some(k) = (j + 1..w.len().min(j + 3))
            .take_while(|&k| !text::is_stop_word(w[k - 1]) && !text::is_stop_word(w[k]))
            .find(|&k| noun_kind(w[k]).is_some())
    {
        j = k;
    }
    let noun = w.get(j).copied().unwrap_or("");
    if let Some(kind) = noun_kind(noun) {
        let year = kind == AnswerKind::Date && matches!(noun, "year" | "century" | "decade");
        let mut skip = vec![i];
        skip.extend(&phrase_nouns);
        if kind != AnswerKind::Person && kind != AnswerKind::Organisation {
            skip.push(j);
        }
        return Classified {
            kind,
            wants_year: year,
            focus: Some(noun.to_string()),
            skip,
        };
    }
    // "What did the minister come to Kyiv for?", "What is it used for?":
    // a journey's or a use's "for" asks its purpose, a reason ("to discuss
    // the alliance"); "What is the gorge known for?" asks a thing.
    if let [.., "for"] = w
        && w[i + 1..].iter().any(|v| PURPOSE_VERBS.contains(v))
    {
        return Classified::plain(AnswerKind::Reason, vec![i, w.len() - 1]);
    }
    // "What is X?" with nothing after X: a definition.
    let copula = matches!(next_word(w, i), "is" | "are" | "was" | "were" | "s");
    let skip: Vec<usize> = std::iter::once(i).chain(phrase_nouns).collect();
    if copula && w.len() - i <= 6 {
        return Classified::plain(AnswerKind::Definition, skip);
    }
    let entity_noun = w.get(i + 1).is_some_and(|n| {
        !matches!(
            *n,
            "is" | "are"
                | "was"
                | "were"
                | "did"
                | "does"
                | "do"
                | "has"
                | "have"
                | "had"
                | "will"
                | "can"
                | "s"
        )
    });
    if entity_noun {
        return Classified {
            focus: Some(noun.to_string()),
            ..Classified::plain(AnswerKind::Entity, skip)
        };
    }
    Classified::plain(AnswerKind::Thing, skip)
}
