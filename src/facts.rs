//! Finds facts in one sentence: people (with the role in front of them and
//! whose role it is), dates and times, numbers and quantities, places and
//! organisations, and other proper names. Heuristic by design: precision
//! matters more than recall, because a wrong "who" is worse than none. Each
//! rule is a pattern of English news prose, never a list of one article's
//! names; the only word lists are closed classes (months, role titles,
//! organisation words, number words) and the world's countries.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// What a fact is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// A person's name.
    Person,
    /// A date, weekday, year or time of day.
    Date,
    /// A number or quantity, with its modifier ("up to 12,000").
    Number,
    /// A place: country, city, region.
    Place,
    /// An organisation: ministry, party, company, summit.
    Organisation,
    /// Another proper name whose kind the rules cannot tell.
    Name,
}

impl FactKind {
    /// Every kind, in report order.
    pub const ALL: [FactKind; 6] = [
        FactKind::Person,
        FactKind::Date,
        FactKind::Number,
        FactKind::Place,
        FactKind::Organisation,
        FactKind::Name,
    ];

    /// The kind's name as reports print it.
    pub fn label(self) -> &'static str {
        match self {
            FactKind::Person => "person",
            FactKind::Date => "date",
            FactKind::Number => "number",
            FactKind::Place => "place",
            FactKind::Organisation => "organisation",
            FactKind::Name => "name",
        }
    }
}

/// One fact found in a sentence. Every text it refers to is a byte range
/// of the sentence's original text, always on character boundaries: the
/// table holds millions of facts, and 16-bit ranges cost 4 bytes where a
/// copied `String` costs 24 plus its allocation. (Facts are only looked for
/// in sentences shorter than [`MAX_SENTENCE_BYTES`], so offsets fit.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact {
    /// What the fact is.
    pub kind: FactKind,
    /// Byte offset of the fact's first byte in the sentence.
    pub start: u16,
    /// Byte offset just past the fact.
    pub end: u16,
    /// A person's role and its owner, or a number's unit: no fact has
    /// both, so they share the room (14 bytes a fact instead of 18, and a
    /// large folder holds millions).
    parts: [Span; 2],
}

/// A byte range of the sentence; empty when the fact has no such part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Span {
    start: u16,
    end: u16,
}

impl Span {
    fn of(range: std::ops::Range<usize>) -> Span {
        Span {
            start: range.start as u16,
            end: range.end as u16,
        }
    }

    fn get(self, sentence: &str) -> Option<&str> {
        (self.end > self.start)
            .then(|| sentence.get(self.start as usize..self.end as usize))
            .flatten()
    }
}

impl Fact {
    /// The fact's text inside `sentence`.
    pub fn text<'a>(&self, sentence: &'a str) -> &'a str {
        sentence
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    /// For a person: the role written before the name ("Defence Minister").
    pub fn role<'a>(&self, sentence: &'a str) -> Option<&'a str> {
        self.part(FactKind::Person, 0, sentence)
    }

    /// For a person's role: whose it is ("Ukraine" in "Ukraine's Defence Minister").
    pub fn of<'a>(&self, sentence: &'a str) -> Option<&'a str> {
        self.part(FactKind::Person, 1, sentence)
    }

    /// For a number: the thing counted, lower-cased ("troops" in "12,000
    /// North Korean troops").
    pub fn unit(&self, sentence: &str) -> Option<String> {
        self.part(FactKind::Number, 0, sentence)
            .map(|u| crate::text::unify_quotes(u).to_lowercase())
    }

    fn part<'a>(&self, kind: FactKind, i: usize, sentence: &'a str) -> Option<&'a str> {
        (self.kind == kind)
            .then(|| self.parts[i].get(sentence))
            .flatten()
    }

    /// The fact as JSON, its texts resolved against `sentence`.
    pub fn to_json(&self, sentence: &str) -> serde_json::Value {
        let mut v = serde_json::json!({
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text(sentence),
        });
        for (key, part) in [
            ("role", self.role(sentence).map(str::to_string)),
            ("of", self.of(sentence).map(str::to_string)),
            ("unit", self.unit(sentence)),
        ] {
            if let Some(part) = part {
                v[key] = serde_json::json!(part);
            }
        }
        v
    }

    fn new(kind: FactKind, start: usize, end: usize) -> Fact {
        Fact {
            kind,
            start: start as u16,
            end: end as u16,
            parts: [Span::default(); 2],
        }
    }
}

/// Facts are looked for in sentences up to this long (their offsets are
/// 16-bit).
pub const MAX_SENTENCE_BYTES: usize = u16::MAX as usize;

/// Names an article has already shown to be people or places; facts found
/// in one sentence help classify the same name in another.
#[derive(Debug, Default, Clone)]
pub struct NameMemory {
    people: HashSet<String>,
    places: HashSet<String>,
    capitalised: HashSet<String>,
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const RELATIVE_DAYS: &[&str] = &["yesterday", "today", "tonight", "tomorrow"];
const PERIOD_WORDS: &[&str] = &[
    "week", "month", "year", "weekend", "spring", "summer", "autumn", "fall", "winter", "night",
    "morning", "decade", "century",
];

/// Titles and offices that, written before a name, make it a person's.
const ROLE_HEADS: &[&str] = &[
    "admiral",
    "ambassador",
    "archbishop",
    "bishop",
    "captain",
    "ceo",
    "chair",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "coach",
    "colonel",
    "commander",
    "commissioner",
    "congressman",
    "congresswoman",
    "councillor",
    "deputy",
    "director",
    "dr",
    "emperor",
    "envoy",
    "founder",
    "general",
    "governor",
    "judge",
    "justice",
    "king",
    "lady",
    "leader",
    "lieutenant",
    "lord",
    "mayor",
    "minister",
    "mp",
    "mr",
    "mrs",
    "ms",
    "president",
    "premier",
    "prince",
    "princess",
    "prof",
    "professor",
    "queen",
    "rabbi",
    "rep",
    "representative",
    "rev",
    "secretary",
    "sen",
    "senator",
    "sergeant",
    "sheikh",
    "sir",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "sultan",
    "treasurer",
    "gen",
    "gov",
    "lt",
    "col",
    "capt",
    "sgt",
    "adm",
    "cardinal",
    "pope",
    "officer",
    "attorney",
    "editor",
    "author",
    "head",
    "conductor",
    "architect",
    "detective",
    "inspector",
    "superintendent",
    "constable",
    "manager",
    "producer",
    "composer",
    "presenter",
    "principal",
    "dean",
    "chef",
];
/// Short titles: never the second word of a compound role ("Minister Gen
/// Nakatani" is a minister called Gen Nakatani).
const SHORT_TITLES: &[&str] = &[
    "gen", "gov", "lt", "col", "capt", "sgt", "adm", "dr", "mr", "mrs", "ms", "prof", "sen", "rep",
    "rev", "sir", "lady", "lord",
];
/// Lower-case nouns that introduce a person's name after them
/// ("his counterpart, Andrii Sybiha").
const PERSON_NOUNS: &[&str] = &[
    "actor",
    "actress",
    "analyst",
    "author",
    "boss",
    "candidate",
    "ceo",
    "chairman",
    "champion",
    "chief",
    "coach",
    "colleague",
    "counterpart",
    "daughter",
    "director",
    "economist",
    "father",
    "founder",
    "husband",
    "journalist",
    "leader",
    "manager",
    "minister",
    "mother",
    "official",
    "player",
    "politician",
    "president",
    "professor",
    "rapper",
    "researcher",
    "scientist",
    "senator",
    "singer",
    "son",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "star",
    "striker",
    "wife",
    "writer",
    "composer",
    "inventor",
    "engineer",
    "artist",
    "lawyer",
    "governor",
];
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "stated",
    "explained",
    "noted",
    "argued",
    "insisted",
    "warned",
    "claimed",
    "recalled",
    "tweeted",
    "asked",
    "replied",
];
/// Words that make a capitalised sequence an organisation.
const ORG_WORDS: &[&str] = &[
    "academy",
    "agency",
    "airlines",
    "alliance",
    "army",
    "assembly",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "cabinet",
    "church",
    "club",
    "coalition",
    "college",
    "commission",
    "committee",
    "company",
    "conference",
    "congress",
    "corp",
    "corporation",
    "council",
    "court",
    "department",
    "federation",
    "force",
    "forces",
    "foundation",
    "front",
    "fund",
    "government",
    "group",
    "inc",
    "institute",
    "league",
    "ltd",
    "ministry",
    "movement",
    "navy",
    "network",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "police",
    "post",
    "press",
    "school",
    "senate",
    "service",
    "society",
    "summit",
    "team",
    "times",
    "tribunal",
    "union",
    "university",
    "news",
    "reuters",
    "agency",
    "fc",
    "co",
    "guard",
    "brigade",
    "command",
];
/// Words that make a capitalised sequence a place.
const PLACE_WORDS: &[&str] = &[
    "avenue",
    "bay",
    "beach",
    "canal",
    "city",
    "coast",
    "county",
    "desert",
    "district",
    "gulf",
    "harbour",
    "hill",
    "hills",
    "island",
    "islands",
    "kingdom",
    "lake",
    "mount",
    "mountain",
    "mountains",
    "ocean",
    "palace",
    "palazzo",
    "park",
    "peninsula",
    "plaza",
    "province",
    "republic",
    "river",
    "road",
    "sea",
    "square",
    "state",
    "states",
    "strait",
    "street",
    "territory",
    "valley",
    "village",
    "airport",
    "station",
    "bridge",
    "castle",
    "tower",
];
/// Lower-case geographic nouns that extend a place ("Kursk border region").
const GEO_NOUNS: &[&str] = &[
    "area",
    "border",
    "city",
    "coast",
    "county",
    "district",
    "province",
    "region",
    "state",
    "town",
    "village",
    "peninsula",
    "capital",
    "oblast",
    "prefecture",
    "island",
];
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "from",
    "to",
    "near",
    "into",
    "across",
    "outside",
    "inside",
    "toward",
    "towards",
    "via",
    "visit",
    "visited",
    "visiting",
    "through",
    "throughout",
    "around",
    "entered",
];
/// Sovereign states and a few large regions: general world knowledge, not
/// any article's data; lower case, multiword names with spaces.
const COUNTRIES: &[&str] = &[
    "afghanistan",
    "africa",
    "albania",
    "algeria",
    "america",
    "angola",
    "argentina",
    "armenia",
    "asia",
    "australia",
    "austria",
    "azerbaijan",
    "bahrain",
    "bangladesh",
    "belarus",
    "belgium",
    "bolivia",
    "bosnia",
    "brazil",
    "britain",
    "bulgaria",
    "burma",
    "cambodia",
    "cameroon",
    "canada",
    "chad",
    "chile",
    "china",
    "colombia",
    "congo",
    "croatia",
    "cuba",
    "cyprus",
    "czechia",
    "denmark",
    "ecuador",
    "egypt",
    "england",
    "eritrea",
    "estonia",
    "ethiopia",
    "europe",
    "finland",
    "france",
    "gaza",
    "georgia",
    "germany",
    "ghana",
    "greece",
    "guatemala",
    "haiti",
    "honduras",
    "hungary",
    "iceland",
    "india",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "jamaica",
    "japan",
    "jordan",
    "kazakhstan",
    "kenya",
    "korea",
    "kosovo",
    "kuwait",
    "laos",
    "latvia",
    "lebanon",
    "libya",
    "lithuania",
    "luxembourg",
    "malaysia",
    "mali",
    "mexico",
    "moldova",
    "mongolia",
    "morocco",
    "mozambique",
    "myanmar",
    "nepal",
    "netherlands",
    "nicaragua",
    "niger",
    "nigeria",
    "norway",
    "oman",
    "pakistan",
    "palestine",
    "panama",
    "paraguay",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "qatar",
    "romania",
    "russia",
    "rwanda",
    "scotland",
    "senegal",
    "serbia",
    "singapore",
    "slovakia",
    "slovenia",
    "somalia",
    "spain",
    "sudan",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "tanzania",
    "thailand",
    "tibet",
    "tunisia",
    "turkey",
    "uganda",
    "uk",
    "ukraine",
    "uruguay",
    "us",
    "usa",
    "uzbekistan",
    "venezuela",
    "vietnam",
    "wales",
    "yemen",
    "zambia",
    "zimbabwe",
];
/// Words that may join the parts of one proper name ("Group of Seven").
const NAME_JOINERS: &[&str] = &[
    "of", "de", "del", "da", "van", "von", "bin", "al", "la", "le", "du", "der", "for",
];
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "dozen",
    "dozens",
    "half",
    "trillion",
    "once",
    "twice",
];
const SCALE_WORDS: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "percent", "bn", "m", "k", "per",
];
const NUMBER_MODIFIERS: &[&[&str]] = &[
    &["up", "to"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["at", "least"],
    &["as", "many", "as"],
    &["as", "much", "as"],
    &["an", "estimated"],
    &["about"],
    &["around"],
    &["approximately"],
    &["nearly"],
    &["almost"],
    &["over"],
    &["under"],
    &["some"],
    &["roughly"],
    &["just"],
    &["only"],
    &["about"],
    &["over"],
    &["exactly"],
];
/// Common words that open sentences in capitals and are not names.
const NON_NAME_CAPITALS: &[&str] = &[
    "according",
    "after",
    "also",
    "although",
    "another",
    "as",
    "at",
    "before",
    "but",
    "despite",
    "during",
    "earlier",
    "even",
    "for",
    "however",
    "if",
    "in",
    "last",
    "later",
    "meanwhile",
    "more",
    "most",
    "many",
    "next",
    "now",
    "on",
    "one",
    "since",
    "some",
    "still",
    "then",
    "though",
    "thus",
    "under",
    "unlike",
    "when",
    "while",
    "with",
    "yet",
    "high",
    "new",
    "photo",
    "image",
    "video",
    "read",
    "watch",
    "here",
    "there",
    "today",
    "why",
    "how",
    "what",
    "who",
    "where",
    "which",
    "whose",
    "both",
    "each",
    "every",
    "few",
    "all",
    "first",
    "other",
    "such",
    "these",
    "this",
    "those",
    "that",
    "there",
    "it",
    "its",
    "his",
    "her",
    "their",
    "our",
    "we",
    "they",
    "he",
    "she",
    "i",
    "you",
    "a",
    "an",
    "the",
    "and",
    "or",
    "so",
    "no",
    "not",
    "yes",
    "by",
    "to",
    "from",
    "of",
    "about",
    "after",
    "once",
    "twice",
    "mr",
    "mrs",
];

// Every closed word class above, as bit flags of one lexicon: the extractor
// asks "is this word a month / a role / a country?" for every word of every
// sentence, so one hash lookup replaces a linear scan per list.
const F_MONTHS: u32 = 1 << 0;
const F_WEEKDAYS: u32 = 1 << 1;
const F_RELATIVE_DAYS: u32 = 1 << 2;
const F_PERIOD_WORDS: u32 = 1 << 3;
const F_ROLE_HEADS: u32 = 1 << 4;
const F_SHORT_TITLES: u32 = 1 << 5;
const F_PERSON_NOUNS: u32 = 1 << 6;
const F_SPEECH_VERBS: u32 = 1 << 7;
const F_ORG_WORDS: u32 = 1 << 8;
const F_PLACE_WORDS: u32 = 1 << 9;
const F_GEO_NOUNS: u32 = 1 << 10;
const F_LOCATIVE: u32 = 1 << 11;
const F_COUNTRIES: u32 = 1 << 12;
const F_NAME_JOINERS: u32 = 1 << 13;
const F_NUMBER_WORDS: u32 = 1 << 14;
const F_SCALE_WORDS: u32 = 1 << 15;
const F_NON_NAME_CAPITALS: u32 = 1 << 16;

static LEXICON: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, u32>> =
    std::sync::LazyLock::new(|| {
        let mut map = rustc_hash::FxHashMap::default();
        for (list, flag) in [
            (MONTHS, F_MONTHS),
            (WEEKDAYS, F_WEEKDAYS),
            (RELATIVE_DAYS, F_RELATIVE_DAYS),
            (PERIOD_WORDS, F_PERIOD_WORDS),
            (ROLE_HEADS, F_ROLE_HEADS),
            (SHORT_TITLES, F_SHORT_TITLES),
            (PERSON_NOUNS, F_PERSON_NOUNS),
            (SPEECH_VERBS, F_SPEECH_VERBS),
            (ORG_WORDS, F_ORG_WORDS),
            (PLACE_WORDS, F_PLACE_WORDS),
            (GEO_NOUNS, F_GEO_NOUNS),
            (LOCATIVE, F_LOCATIVE),
            (COUNTRIES, F_COUNTRIES),
            (NAME_JOINERS, F_NAME_JOINERS),
            (NUMBER_WORDS, F_NUMBER_WORDS),
            (SCALE_WORDS, F_SCALE_WORDS),
            (NON_NAME_CAPITALS, F_NON_NAME_CAPITALS),
        ] {
            for word in list {
                *map.entry(*word).or_insert(0) |= flag;
            }
        }
        map
    });

fn is_in(flag: u32, word: &str) -> bool {
    LEXICON.get(word).is_some_and(|f| f & flag != 0)
}

/// One word of the sentence, as the extractor sees it.
#[derive(Debug, Clone)]
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    lower: Cow<'a, str>,
    /// The word without a possessive ending.
    base_end: usize,
    possessive: bool,
    capitalised: bool,
    /// The word's lexicon flags, looked up once.
    flags: u32,
}

impl Word<'_> {
    /// Is the (lower-cased) word in one of the lexicon's classes?
    fn is(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

fn words_of(sentence: &str) -> Vec<Word<'_>> {
    sentence
        .unicode_word_indices()
        .map(|(start, text)| {
            // Most words are already plain lower-case ASCII: borrow those
            // (this runs for every word of every article at load time).
            let plain = text
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'`')
                && !text.bytes().all(|b| b == b'.');
            let mut lower: Cow<'_, str> = if plain {
                Cow::Borrowed(text)
            } else {
                let mut lower = crate::text::unify_quotes(text).to_lowercase();
                // Dotted acronyms ("U.S") compare without their dots.
                if text.contains('.') && text.chars().all(|c| c == '.' || c.is_uppercase()) {
                    lower.retain(|c| c != '.');
                }
                Cow::Owned(lower)
            };
            let possessive = lower.ends_with("'s") && lower.len() > 2;
            let base_len = if possessive {
                text.len()
                    - text
                        .chars()
                        .rev()
                        .take(2)
                        .map(char::len_utf8)
                        .sum::<usize>()
            } else {
                text.len()
            };
            if possessive {
                lower = match lower {
                    Cow::Borrowed(l) => Cow::Borrowed(&l[..l.len() - 2]),
                    Cow::Owned(mut l) => {
                        l.truncate(l.len() - 2);
                        Cow::Owned(l)
                    }
                };
            }
            let capitalised = text.chars().next().is_some_and(char::is_uppercase);
            let flags = LEXICON.get(&*lower).copied().unwrap_or(0);
            Word {
                start,
                end: start + text.len(),
                text,
                lower,
                base_end: start + base_len,
                possessive,
                capitalised,
                flags,
            }
        })
        .collect()
}

/// The text between two words is plain white space (or an abbreviation's
/// full stop after a title or an initial).
fn joined(sentence: &str, a: &Word, b: &Word) -> bool {
    let gap = &sentence[a.end..b.start];
    if gap.trim().is_empty() && !gap.contains('\n') {
        return true;
    }
    let t = gap.trim_start();
    t.starts_with('.')
        && t[1..].trim().is_empty()
        && (a.is(F_SHORT_TITLES) || a.text.chars().count() == 1)
}

fn is_number_word(w: &Word) -> bool {
    w.text.chars().next().is_some_and(|c| c.is_ascii_digit()) || w.is(F_NUMBER_WORDS)
}

/// Extracts the facts of one sentence. `memory` carries what earlier
/// sentences of the same article showed (people's names, places) and is
/// updated with what this one shows.
pub fn extract(sentence: &str, memory: &mut NameMemory) -> Vec<Fact> {
    // 64 KB without a sentence break is a dump of text, not prose.
    if sentence.len() > MAX_SENTENCE_BYTES {
        return Vec::new();
    }
    let words = words_of(sentence);
    let mut taken = vec![false; words.len()];
    let mut facts = Vec::new();
    dates(sentence, &words, &mut taken, &mut facts);
    numbers(sentence, &words, &mut taken, &mut facts);
    names(sentence, &words, &mut taken, &mut facts, memory);
    facts.sort_by_key(|f| (f.start, f.end));
    facts
}

fn dates(sentence: &str, words: &[Word], taken: &mut [bool], facts: &mut Vec<Fact>) {
    let n = words.len();
    let is_day = |w: &Word| {
        let digits = w.lower.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
        digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
            && w.lower.chars().next().is_some_and(|c| c.is_ascii_digit())
    };
    let is_year = |w: &Word| {
        w.text.len() == 4
            && w.text
                .parse::<u32>()
                .is_ok_and(|y| (1000..=2099).contains(&y))
    };
    let mut i = 0;
    while i < n {
        let w = &words[i];
        let month = w.is(F_MONTHS) && w.capitalised;
        let mut span: Option<(usize, usize)> = None;
        if month {
            let mut e = i;
            // "May" and "March" are also ordinary words: need a number beside them.
            let ambiguous = matches!(w.lower.as_ref(), "may" | "march" | "jan" | "mar" | "sep");
            if i + 1 < n && is_day(&words[i + 1]) && gap_ok(sentence, w, &words[i + 1]) {
                e = i + 1;
                if i + 2 < n && is_year(&words[i + 2]) {
                    e = i + 2;
                }
            } else if i + 1 < n && is_year(&words[i + 1]) {
                e = i + 1;
            }
            let mut s = i;
            if i > 0 && is_day(&words[i - 1]) && !taken[i - 1] {
                s = i - 1;
            }
            if !(ambiguous && s == i && e == i) {
                span = Some((s, e));
            }
        } else if (w.is(F_WEEKDAYS) && w.capitalised) || w.is(F_RELATIVE_DAYS) {
            span = Some((i, i));
        } else if (w.lower == "last" || w.lower == "next" || w.lower == "this")
            && i + 1 < n
            && words[i + 1].is(F_PERIOD_WORDS)
        {
            span = Some((i, i + 1));
        } else if is_year(w) && !taken[i] {
            let prev = i.checked_sub(1).map(|p| words[p].lower.as_ref());
            let next_gap = sentence[w.end..].chars().next();
            let prev_ok = prev.is_none_or(|p| {
                matches!(
                    p,
                    "in" | "since"
                        | "by"
                        | "until"
                        | "till"
                        | "from"
                        | "of"
                        | "during"
                        | "before"
                        | "after"
                        | "early"
                        | "late"
                        | "mid"
                        | "year"
                        | "around"
                        | "circa"
                        | "and"
                        | "to"
                        | "between"
                        | "born"
                        | "died"
                        | "the"
                        | "c"
                )
            });
            let next_ok = next_gap.is_none_or(|c| ",.;:)–-".contains(c))
                || words.get(i + 1).is_some_and(|x| {
                    matches!(
                        x.lower.as_ref(),
                        "and" | "to" | "when" | "election" | "season" | "census" | "olympics"
                    )
                });
            if prev_ok || next_ok {
                span = Some((i, i));
            }
        } else if w.lower.len() == 5
            && w.text.len() == 5
            && w.lower.ends_with('s')
            && w.lower[..4]
                .parse::<u32>()
                .is_ok_and(|y| (1000..=2090).contains(&y) && y % 10 == 0)
        {
            span = Some((i, i)); // decades: "1990s"
        } else if w.lower.chars().next().is_some_and(|c| c.is_ascii_digit())
            && w.lower.ends_with("century")
        {
            span = Some((i, i));
        } else if (is_day(w) || w.lower.contains(':'))
            && i + 1 < n
            && matches!(
                words[i + 1].lower.as_ref(),
                "century" | "a.m" | "p.m" | "am" | "pm"
            )
        {
            // "10 a.m.", "10:30 pm", "19 century"
            span = Some((i, i + 1));
        }
        if let Some((s, e)) = span {
            for t in taken.iter_mut().take(e + 1).skip(s) {
                *t = true;
            }
            let mut end = words[e].end;
            // "a.m." and "p.m." keep their final stop.
            if matches!(words[e].lower.as_ref(), "a.m" | "p.m") && sentence[end..].starts_with('.')
            {
                end += 1;
            }
            facts.push(Fact::new(FactKind::Date, words[s].start, end));
            i = e + 1;
        } else {
            i += 1;
        }
    }
}

fn gap_ok(sentence: &str, a: &Word, b: &Word) -> bool {
    let gap = &sentence[a.end..b.start];
    gap.trim_matches(|c: char| c == '.' || c == ',')
        .trim()
        .is_empty()
}

fn numbers(sentence: &str, words: &[Word], taken: &mut [bool], facts: &mut Vec<Fact>) {
    let n = words.len();
    let mut i = 0;
    while i < n {
        // A capitalised number word mid-sentence is part of a name ("Group of Seven").
        let named = i > 0
            && words[i].capitalised
            && !words[i].text.starts_with(|c: char| c.is_ascii_digit());
        if taken[i]
            || named
            || !is_number_word(&words[i])
            || (words[i].lower == "one" && !next_is_scale(words, i))
        {
            i += 1;
            continue;
        }
        // A number word must sit in plain text, not inside an identifier like "G7".
        let w = &words[i];
        if w.text.chars().next().is_some_and(|c| c.is_ascii_digit())
            && w.text.chars().any(|c| c.is_alphabetic())
            && !w.lower.ends_with("st")
            && !w.lower.ends_with("nd")
            && !w.lower.ends_with("rd")
            && !w.lower.ends_with("th")
            && !w.lower.ends_with('m')
            && !w.lower.ends_with("bn")
            && !w.lower.ends_with('k')
        {
            i += 1;
            continue;
        }
        let mut e = i;
        while e + 1 < n
            && !taken[e + 1]
            && (is_number_word(&words[e + 1]) || words[e + 1].is(F_SCALE_WORDS))
            && joined(sentence, &words[e], &words[e + 1])
        {
            if words[e + 1].lower == "per" {
                if words.get(e + 2).is_some_and(|x| x.lower == "cent") {
                    e += 2;
                }
                break;
            }
            e += 1;
        }
        // Modifier words in front ("up to", "more than").
        let mut s = i;
        for m in NUMBER_MODIFIERS {
            if i >= m.len() {
                let from = i - m.len();
                if (0..m.len()).all(|k| words[from + k].lower == m[k] && !taken[from + k]) {
                    s = from;
                    break;
                }
            }
        }
        let mut start = words[s].start;
        // Currency signs written before the number.
        let before = &sentence[..words[i].start];
        if s == i
            && let Some(c) = before.chars().next_back()
            && matches!(c, '$' | '€' | '£' | '¥')
        {
            start -= c.len_utf8();
            if before[..before.len() - c.len_utf8()].ends_with("US") {
                start -= 2;
            }
        }
        let mut end = words[e].end;
        if sentence[end..].starts_with('%') {
            end += 1;
        }
        let mut fact = Fact::new(FactKind::Number, start, end);
        // The thing counted: the first lower-case content word within reach.
        if let Some(x) = words[e + 1..n.min(e + 5)]
            .iter()
            .find(|x| !x.capitalised && !crate::text::is_stop_word(&x.lower) && !is_number_word(x))
        {
            fact.parts[0] = Span::of(x.start..x.end);
        }
        for t in taken.iter_mut().take(e + 1).skip(s) {
            *t = true;
        }
        facts.push(fact);
        i = e + 1;
    }
}

fn next_is_scale(words: &[Word], i: usize) -> bool {
    words
        .get(i + 1)
        .is_some_and(|w| w.is(F_SCALE_WORDS) || w.is(F_NUMBER_WORDS))
}

/// A capitalised run of words: a name, maybe with a role in front.
fn names(
    sentence: &str,
    words: &[Word],
    taken: &mut [bool],
    facts: &mut Vec<Fact>,
    memory: &mut NameMemory,
) {
    let n = words.len();
    let mut i = 0;
    while i < n {
        if taken[i] || !words[i].capitalised || words[i].text.chars().all(|c| c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        // Grow the run: capitalised words separated by plain spaces, through
        // joiners such as "of" when a capital follows, up to a possessive.
        let mut e = i;
        while !words[e].possessive && e + 1 < n && !taken[e + 1] {
            let next = &words[e + 1];
            if next.capitalised && joined(sentence, &words[e], next) {
                e += 1;
            } else if next.is(F_NAME_JOINERS)
                && !next.capitalised
                && e + 2 < n
                && words[e + 2].capitalised
                && !taken[e + 2]
                && joined(sentence, &words[e], next)
                && joined(sentence, next, &words[e + 2])
            {
                e += 2;
            } else {
                break;
            }
        }
        classify(sentence, words, i, e, facts, memory);
        for t in taken.iter_mut().take(e + 1).skip(i) {
            *t = true;
        }
        i = e + 1;
    }
}

fn classify(
    sentence: &str,
    words: &[Word],
    mut s: usize,
    e: usize,
    facts: &mut Vec<Fact>,
    memory: &mut NameMemory,
) {
    // A sentence's first word is capitalised anyway: drop it when it is a
    // common word, or a lone word this article never capitalises elsewhere.
    let sentence_initial = s == 0
        || sentence[..words[s].start]
            .trim_end()
            .ends_with([':', '"', '“', '(']);
    if sentence_initial && words[s].is(F_NON_NAME_CAPITALS) {
        s += 1;
    }
    if s > e {
        return;
    }
    while s <= e && words[s].is(F_NON_NAME_CAPITALS) && words[s].lower.len() < 4 {
        s += 1;
    }
    if s > e {
        return;
    }
    let lowers: Vec<&str> = words[s..=e].iter().map(|w| &*w.lower).collect();
    let key = |a: usize, b: usize| -> String { lowers[a - s..=b - s].join(" ") };
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
        memory.capitalised.insert(w.lower.to_string());
    }

    // Role in front of a name: "Ukraine's Defence Minister Rustem Umerov".
    if let Some(h) = (s..e).find(|&k| words[k].is(F_ROLE_HEADS)) {
        let mut h_end = h;
        while h_end + 1 < e
            && words[h_end + 1].is(F_ROLE_HEADS)
            && !words[h_end + 1].is(F_SHORT_TITLES)
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
        if plausible {
            // Whose role it is: a demonym opening the run ("Japanese Foreign
            // Minister"), or a possessive just before it, maybe past a few
            // lower-case modifiers ("Japan's then-incoming Defence Minister").
            // A run never starts with a possessive: runs end at one.
            let (role_s, of) = if s < h && is_demonym(&words[s].lower) {
                (s + 1, Span::of(words[s].start..words[s].end))
            } else {
                let owner = (s.saturating_sub(4)..s)
                    .rev()
                    .find(|&k| words[k].capitalised && words[k].possessive)
                    .filter(|&k| (k + 1..s).all(|m| !words[m].capitalised))
                    .map_or_else(Span::default, |k| {
                        Span::of(words[k].start..words[k].base_end)
                    });
                (s, owner)
            };
            let mut fact = Fact::new(FactKind::Person, words[name_s].start, words[e].base_end);
            let role = &sentence[words[role_s].start..words[h_end].end];
            let role_end = words[role_s].start + role.trim_end_matches('.').len();
            fact.parts = [Span::of(words[role_s].start..role_end), of];
            remember_person(memory, &lowers[name_s - s..]);
            facts.push(fact);
            return;
        }
    }

    let span_end = words[e].base_end;
    let whole = key(s, e);
    let lone_title_word = s == e && words[s].is(F_ROLE_HEADS);
    if lone_title_word {
        return;
    }
    let has = |flag: u32| lowers.iter().any(|w| is_in(flag, w));
    // "North Korean troops": a nationality is not a place or a name.
    if words[e].lower.len() > 4 && is_demonym(&words[e].lower) && !words[e].is(F_COUNTRIES) {
        return;
    }
    let kind = if memory.people.contains(&whole) {
        FactKind::Person
    } else if has(F_ORG_WORDS) {
        FactKind::Organisation
    } else if is_in(F_COUNTRIES, &whole)
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
        || has(F_PLACE_WORDS)
        || memory.places.contains(&whole)
    {
        FactKind::Place
    } else if looks_like_person(sentence, words, s, e) {
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
    } else if is_demonym(&whole) {
        return;
    } else {
        FactKind::Name
    };
    let mut end = span_end;
    if kind == FactKind::Place {
        // Extend over geographic nouns: "Kursk border region".
        let mut k = e + 1;
        while k < words.len()
            && !words[k].capitalised
            && words[k].is(F_GEO_NOUNS)
            && joined(sentence, &words[k - 1], &words[k])
        {
            end = words[k].end;
            k += 1;
        }
        memory.places.insert(whole.clone());
    }
    if kind == FactKind::Person {
        remember_person(memory, &lowers);
    }
    facts.push(Fact::new(kind, words[s].start, end));
}

fn remember_person(memory: &mut NameMemory, name: &[&str]) {
    memory.people.insert(name.join(" "));
    if name.len() > 1
        && let Some(last) = name.last()
    {
        memory.people.insert((*last).to_string());
    }
}

fn is_demonym(lower: &str) -> bool {
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

fn looks_like_person(sentence: &str, words: &[Word], s: usize, e: usize) -> bool {
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
    // "..., Andrii Sybiha" after a person noun; "Smith said".
    let after_noun = s > 0 && {
        let p = &words[s - 1];
        p.is(F_PERSON_NOUNS)
            && sentence[p.end..words[s].start]
                .trim()
                .chars()
                .all(|c| c == ',')
    };
    let before_speech = words.get(e + 1).is_some_and(|w| w.is(F_SPEECH_VERBS))
        || (sentence[words[e].end..].trim_start().starts_with(',')
            && words
                .get(e + 1)
                .is_some_and(|w| matches!(w.lower.as_ref(), "who" | "whose" | "aged")));
    let by = s > 0
        && matches!(
            words[s - 1].lower.as_ref(),
            "by" | "mr" | "mrs" | "ms" | "dr"
        );
    (after_noun || before_speech || (by && count >= 2)) && count >= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts_of(sentence: &str) -> Vec<(FactKind, String, Option<String>, Option<String>)> {
        let mut memory = NameMemory::default();
        extract(sentence, &mut memory)
            .into_iter()
            .map(|f| {
                (
                    f.kind,
                    f.text(sentence).to_string(),
                    f.role(sentence).map(str::to_string),
                    f.of(sentence).map(str::to_string),
                )
            })
            .collect()
    }

    fn has(sentence: &str, kind: FactKind, text: &str) -> bool {
        facts_of(sentence)
            .iter()
            .any(|(k, t, _, _)| *k == kind && t == text)
    }

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
        extract("Foreign Minister Takeshi Iwaya arrived.", &mut memory);
        let s = "Later, Iwaya spoke to reporters.";
        let f = extract(s, &mut memory);
        assert!(
            f.iter()
                .any(|x| x.kind == FactKind::Person && x.text(s) == "Iwaya"),
            "{f:?}"
        );
    }

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
    fn dates_weekdays_and_years() {
        let s = "Ukraine launched a push on August 6, and they met on October 19 and on Saturday in 2024.";
        assert!(has(s, FactKind::Date, "August 6"));
        assert!(has(s, FactKind::Date, "October 19"));
        assert!(has(s, FactKind::Date, "Saturday"));
        assert!(has(s, FactKind::Date, "2024"));
        assert!(has(
            "It ran from October 15, 1951, to May 6, 1957.",
            FactKind::Date,
            "October 15, 1951"
        ));
        assert!(has(
            "It ran from October 15, 1951, to May 6, 1957.",
            FactKind::Date,
            "May 6, 1957"
        ));
        assert!(has(
            "He was born on 10 July 1856 in Smiljan.",
            FactKind::Date,
            "10 July 1856"
        ));
        assert!(has("The 1990s were calm.", FactKind::Date, "1990s"));
    }

    #[test]
    fn may_the_verb_is_not_a_date() {
        assert!(
            !facts_of("They May agree soon.")
                .iter()
                .any(|f| f.0 == FactKind::Date)
        );
    }

    #[test]
    fn a_sentence_beyond_16_bit_offsets_has_no_facts() {
        let mut memory = NameMemory::default();
        let long =
            "Foreign Minister Takeshi Iwaya arrived on Saturday with 12,000 troops. ".repeat(1000);
        assert!(long.len() > MAX_SENTENCE_BYTES);
        assert!(extract(&long, &mut memory).is_empty());
        let short = &long[..71];
        assert!(!extract(short, &mut memory).is_empty());
    }

    #[test]
    fn numbers_with_modifiers_and_units() {
        let s = "Up to 12,000 North Korean troops have been sent.";
        let mut memory = NameMemory::default();
        let f = extract(s, &mut memory);
        let n = f
            .iter()
            .find(|x| x.kind == FactKind::Number)
            .expect("a number");
        assert_eq!(n.text(s), "Up to 12,000");
        assert_eq!(n.unit(s).as_deref(), Some("troops"));
        assert!(has(
            "The bidder paid $19 million for lunch.",
            FactKind::Number,
            "$19 million"
        ));
        assert!(has("Inflation hit 3.5% in May.", FactKind::Number, "3.5%"));
        assert!(has(
            "Some 40 percent agreed.",
            FactKind::Number,
            "Some 40 percent"
        ));
        assert!(has(
            "They sent thousands of troops.",
            FactKind::Number,
            "thousands"
        ));
    }

    #[test]
    fn identifiers_are_not_numbers() {
        assert!(
            !facts_of("The G7 met.")
                .iter()
                .any(|f| f.0 == FactKind::Number)
        );
    }

    #[test]
    fn common_sentence_openers_are_not_names() {
        let f = facts_of("According to officials, the talks failed.");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn spans_are_char_boundaries_in_unicode_text() {
        let s = "Zelenskyy’s envoy met Łukasz Nowak in Kraków on Monday.";
        let mut memory = NameMemory::default();
        for f in extract(s, &mut memory) {
            assert!(s.is_char_boundary(f.start as usize) && s.is_char_boundary(f.end as usize));
        }
    }
}
