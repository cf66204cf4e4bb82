//! Question analysis: what kind of answer is wanted (person, date, number,
//! place, ...), which keywords to look for, and typo correction of words the
//! articles never use. Everything goes through the shared analyzer, so a
//! question's terms are exactly the table's terms.

use serde::Serialize;

use super::constraint::{self, Constraints};
use crate::facts::{self, FactKind};
use crate::ids::TermId;
use crate::knowledge::KnowledgeBase;
use crate::related;
use crate::text::{self, Lang};

/// Questions are analyzed up to this many characters; the rest is noise
/// for ranking and only costs time.
pub(crate) const MAX_QUESTION_CHARS: usize = 1000;

/// What kind of answer a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerKind {
    /// who, whom, whose.
    Person,
    /// when, what year, what date.
    Date,
    /// how many, how much, how old, what percentage.
    Number,
    /// how long: a number of units, or the dates it ran between.
    Duration,
    /// where, which country, what city.
    Place,
    /// which party, what company, which team.
    Organisation,
    /// which / what + another noun: some proper name.
    Entity,
    /// what is X, who is X with X a name: a describing sentence.
    Definition,
    /// why.
    Reason,
    /// what + verb ("What will he discuss?"): an open description, no phrase.
    Thing,
    /// how (not how many/much).
    Manner,
    /// is / does / did / can ... questions.
    YesNo,
    /// keywords without a question word ("Iwaya Kyiv visit purpose").
    Keywords,
}

impl AnswerKind {
    /// The fact kinds that answer this kind of question, best first; none
    /// when the answer is a description rather than a phrase.
    pub(crate) fn wanted_facts(self) -> &'static [FactKind] {
        match self {
            AnswerKind::Person => &[FactKind::Person],
            AnswerKind::Date => &[FactKind::Date],
            AnswerKind::Number => &[FactKind::Number],
            AnswerKind::Duration => &[FactKind::Number, FactKind::Date],
            AnswerKind::Place => &[FactKind::Place],
            AnswerKind::Organisation => &[FactKind::Organisation, FactKind::Name],
            AnswerKind::Entity => &[
                FactKind::Name,
                FactKind::Place,
                FactKind::Organisation,
                FactKind::Person,
            ],
            _ => &[],
        }
    }

    /// Whether the question asks for a description ("what is X", "how did
    /// X become famous") rather than a fact (who, when, how many).
    pub(crate) fn wants_description(self) -> bool {
        matches!(
            self,
            AnswerKind::Definition | AnswerKind::Manner | AnswerKind::Reason | AnswerKind::Keywords
        )
    }
}

/// One keyword of a question, resolved against the table.
#[derive(Debug, Clone, Serialize)]
pub struct QueryTerm {
    /// The word as the user wrote it (folded).
    pub word: String,
    /// The table's term, if any (after typo correction).
    pub(crate) term: Option<TermId>,
    /// The word typo correction chose instead, if it corrected this one.
    pub corrected_to: Option<String>,
}

/// An analyzed question.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// The question after quote unification and clean-up.
    pub text: String,
    /// The language it is read in: answers come from articles in it.
    pub lang: Lang,
    /// The kind of answer wanted.
    pub kind: AnswerKind,
    /// Whether it asks for a year only ("what year", "in which year").
    pub wants_year: bool,
    /// The noun after "which"/"what" ("troops" in "how many troops").
    pub focus: Option<String>,
    /// Keywords, in order, duplicates removed.
    pub terms: Vec<QueryTerm>,
    /// What the answer must agree with beyond its kind (a role's owner, a
    /// number's measure).
    #[serde(skip)]
    pub(crate) constraints: Constraints,
}

impl Question {
    /// The term ids found in the table.
    pub(crate) fn known_terms(&self) -> impl Iterator<Item = TermId> + '_ {
        self.terms.iter().filter_map(|t| t.term)
    }
}

/// Drops control and invisible characters, unifies quotes and bounds the
/// length: the ranker should never see what a user cannot.
pub(crate) fn clean_question(raw: &str) -> String {
    let unified = text::unify_quotes(raw);
    let mut out = String::with_capacity(unified.len().min(MAX_QUESTION_CHARS * 4));
    for c in unified.chars().take(MAX_QUESTION_CHARS) {
        let invisible = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}');
        if invisible {
            continue;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
const DATE_NOUNS: &[&str] = &[
    "year", "date", "day", "month", "time", "century", "decade", "era", "period", "season", "week",
];
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
fn person_nouns() -> impl Iterator<Item = &'static str> {
    facts::person_nouns().chain(QUESTION_PERSON_NOUNS.iter().copied())
}

/// Analyzes a question against the table (for typo correction), in its
/// language (see `lang::detect_question`).
pub fn analyze_question(kb: &KnowledgeBase, raw: &str) -> Question {
    let text = clean_question(raw);
    let lang = text::lang::detect_question(&text, kb.languages());
    let spans = text::words(lang, &text);
    let mut words: Vec<(usize, String)> = spans
        .iter()
        .map(|&(i, w)| (i, text::fold_word(lang, w)))
        .collect();
    let english = lang == Lang::ENGLISH;
    if english
        && let Some((_, first)) = words.first_mut()
        && let Some(fixed) = correct_question_word(kb, first)
    {
        *first = fixed.to_string();
    }
    let lw: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
    let Classified {
        kind,
        wants_year,
        focus,
        skip,
    } = if english {
        // Possessives are folded away; "Ukraine's defence chief" still
        // says whose office is asked about.
        let owned: Vec<bool> = spans
            .iter()
            .map(|(_, w)| w.ends_with("'s") || w.ends_with("\u{2019}s"))
            .collect();
        classify(&lw, &owned)
    } else {
        classify_other(lang, &text, &spans)
    };
    let mut terms: Vec<QueryTerm> = Vec::new();
    // Where each kept term's word is in the question.
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (k, (_, folded)) in words.iter().enumerate() {
        if skip.contains(&k) {
            continue;
        }
        let Some(term) = text::term_of_folded(lang, folded) else {
            continue;
        };
        if terms.iter().any(|t| t.word == *folded) {
            continue;
        }
        let mut q = QueryTerm {
            word: folded.clone(),
            term: kb.index().term_id(&term),
            corrected_to: None,
        };
        if q.term.is_none_or(|id| {
            kb.index().postings(id).is_empty() && kb.index().title_articles(id).is_empty()
        }) && let Some((fixed, id)) = correct(kb, lang, folded)
        {
            q.term = Some(id);
            q.corrected_to = Some(fixed);
        }
        if let Some(id) = q.term
            && terms.iter().any(|t| t.term == Some(id))
        {
            continue;
        }
        let (start, word) = spans[k];
        ranges.push(start..start + word.len());
        terms.push(q);
    }
    drop_covered_unknowns(kb, &text, &mut terms, &ranges);
    // The constraints read the words as typo correction fixed them; they
    // know English phrasing only.
    let constraints = if english {
        let fixed: Vec<&str> = lw
            .iter()
            .map(|w| {
                terms
                    .iter()
                    .find(|t| t.word == *w)
                    .and_then(|t| t.corrected_to.as_deref())
                    .unwrap_or(w)
            })
            .collect();
        constraint::read(
            kb,
            &fixed,
            &skip,
            kind == AnswerKind::Person,
            kind == AnswerKind::Number,
            |w| person_nouns().any(|p| p == w),
        )
    } else {
        Constraints::default()
    };
    Question {
        text,
        lang,
        kind,
        wants_year,
        focus,
        terms,
        constraints,
    }
}

/// Drops the question's words the table lacks whose characters its known
/// words cover. Overlapping segmentations (jieba's words inside words,
/// character pairs) cut a question into overlapping pieces; a piece no
/// article has ("哪一年去" across a word boundary) is then no word of the
/// question's own, and counting it as one the articles lack, at the
/// weight of the rarest word, would make every answer look unsure.
/// Disjoint words (English and every spaced script) cover nothing of each
/// other, so nothing is dropped there.
fn drop_covered_unknowns(
    kb: &KnowledgeBase,
    text: &str,
    terms: &mut Vec<QueryTerm>,
    ranges: &[std::ops::Range<usize>],
) {
    let index = kb.index();
    let known = |t: &QueryTerm| {
        t.term.is_some_and(|id| {
            !index.postings(id).is_empty() || !index.title_articles(id).is_empty()
        })
    };
    let covering: Vec<&std::ops::Range<usize>> = terms
        .iter()
        .zip(ranges)
        .filter(|(t, _)| known(t))
        .map(|(_, r)| r)
        .collect();
    let covered = |r: &std::ops::Range<usize>| {
        text[r.clone()].char_indices().all(|(i, _)| {
            let at = r.start + i;
            covering.iter().any(|c| c.start <= at && at < c.end)
        })
    };
    let mut k = 0;
    terms.retain(|t| {
        let keep = known(t) || !covered(&ranges[k]);
        k += 1;
        keep
    });
}

/// A question in another language than English, by its question words
/// (`asking`); keywords only when it has none. The question phrase's words
/// are no keywords.
fn classify_other(lang: Lang, text: &str, spans: &[(usize, &str)]) -> Classified {
    let Some(asked) = super::asking::classify(lang, text, spans) else {
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

/// The question words a mistyped first word may stand for.
const QUESTION_WORDS: &[&str] = &[
    "who", "whom", "whose", "what", "which", "when", "where", "why", "how",
];

/// The question word a mistyped first word stands for ("wher" for
/// "where"): one edit away from exactly one question word (or a prefix of
/// it, when two are), and no word the articles use or a stop word.
fn correct_question_word(kb: &KnowledgeBase, word: &str) -> Option<&'static str> {
    if word.chars().count() < 3 || QUESTION_WORDS.contains(&word) {
        return None;
    }
    let term = text::term_of_folded(Lang::ENGLISH, word)?;
    if kb
        .index()
        .term_id(&term)
        .is_some_and(|id| !kb.index().postings(id).is_empty())
    {
        return None;
    }
    let near: Vec<&'static str> = QUESTION_WORDS
        .iter()
        .copied()
        .filter(|q| strsim::damerau_levenshtein(q, word) == 1)
        .collect();
    match near.as_slice() {
        [one] => Some(one),
        [..] => {
            let prefixed: Vec<&'static str> = near
                .iter()
                .copied()
                .filter(|q| q.starts_with(word))
                .collect();
            (prefixed.len() == 1).then(|| prefixed[0])
        }
    }
}

/// What the question words of a question say.
#[derive(Debug)]
struct Classified {
    /// The kind of answer wanted.
    kind: AnswerKind,
    /// Whether only a year is wanted.
    wants_year: bool,
    /// The noun the question word asks about.
    focus: Option<String>,
    /// The word positions that belong to the question phrase (not keywords).
    skip: Vec<usize>,
}

impl Classified {
    /// A kind with no year, no focus noun and these question-phrase words.
    fn plain(kind: AnswerKind, skip: Vec<usize>) -> Classified {
        Classified {
            kind,
            wants_year: false,
            focus: None,
            skip,
        }
    }
}

/// Classifies a question by its question words (`w`, folded).
fn classify(w: &[&str], owned: &[bool]) -> Classified {
    let find = |word: &str| w.iter().position(|x| *x == word);
    if let Some(i) = find("how") {
        return classify_how(w, i);
    }
    if let Some(i) = find("when") {
        return Classified::plain(AnswerKind::Date, vec![i]);
    }
    if let Some(i) = find("where") {
        return Classified::plain(AnswerKind::Place, vec![i]);
    }
    if let Some(i) = find("why") {
        return Classified::plain(AnswerKind::Reason, vec![i]);
    }
    if let Some(i) = w
        .iter()
        .position(|x| matches!(*x, "who" | "whom" | "whose"))
    {
        return classify_who(w, i, owned);
    }
    if let Some(i) = w
        .iter()
        .position(|x| matches!(*x, "which" | "what" | "whats"))
    {
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

/// A question with "how" at `w[i]`.
fn classify_how(w: &[&str], i: usize) -> Classified {
    match next_word(w, i) {
        "many" | "much" => Classified {
            focus: w.get(i + 2).map(|s| s.to_string()),
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
    let copula = matches!(next_word(w, i), "is" | "was" | "are" | "were" | "s");
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

/// A question with "which" or "what" at `w[i]`.
fn classify_which(w: &[&str], i: usize) -> Classified {
    let mut j = i + 1;
    // "what is the name of the country", "what kind of", "in which year"
    while j < w.len()
        && matches!(
            w[j],
            "is" | "are"
                | "was"
                | "were"
                | "the"
                | "a"
                | "an"
                | "s"
                | "kind"
                | "type"
                | "sort"
                | "name"
                | "of"
                | "did"
                | "does"
                | "do"
        )
    {
        j += 1;
    }
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
    // "What is X?" with nothing after X: a definition.
    let copula = matches!(next_word(w, i), "is" | "are" | "was" | "were" | "s");
    if copula && w.len() - i <= 6 {
        return Classified::plain(AnswerKind::Definition, vec![i]);
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
            ..Classified::plain(AnswerKind::Entity, vec![i])
        };
    }
    Classified::plain(AnswerKind::Thing, vec![i])
}

/// Edits allowed when correcting a word of `len` characters: none for
/// short words (too many neighbours), more as words grow.
fn typo_tolerance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        8..=11 => 2,
        _ => 3,
    }
}

/// Typo correction: the closest word the articles in the question's
/// language use, within a tolerance that grows with the word's length.
/// Short words are never corrected (too many neighbours); numbers neither.
pub(crate) fn correct(kb: &KnowledgeBase, lang: Lang, folded: &str) -> Option<(String, TermId)> {
    let len = folded.chars().count();
    let tolerance = typo_tolerance(len);
    if tolerance == 0 {
        return None;
    }
    if folded.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let index = kb.index();
    if index.surface_term(folded).is_some() {
        return None;
    }
    // A common word the articles do not use ("compensation") is no typo of
    // one they do ("competition"): the related-words table knows English's
    // common words, and a misspelling is rarely one of them.
    if lang == text::Lang::ENGLISH
        && text::term_of_folded(lang, folded).is_some_and(|t| related::related(&t).next().is_some())
    {
        return None;
    }
    let mut best: Option<(usize, usize, &str, TermId)> = None;
    for (word, id) in index.typo_candidates(folded, tolerance) {
        let d = strsim::damerau_levenshtein(folded, word);
        if d == 0 || d > tolerance || !used_in(kb, id, lang) {
            continue;
        }
        let df = index.postings(id).len() + index.title_articles(id).len();
        let better = match best {
            None => true,
            Some((bd, bdf, bw, _)) => d < bd || (d == bd && (df > bdf || (df == bdf && word < bw))),
        };
        if better {
            best = Some((d, df, word, id));
        }
    }
    best.map(|(_, _, w, id)| (w.to_string(), id))
}

/// Whether a sentence of an article in `lang` holds term `id` (any table
/// of one language does; a folder of several is looked at).
fn used_in(kb: &KnowledgeBase, id: TermId, lang: Lang) -> bool {
    if kb.languages().len() < 2 {
        return true;
    }
    let index = kb.index();
    index
        .postings(id)
        .iter()
        .any(|(s, _)| kb.lang_of(kb.article_id_of(s)) == lang)
        || index
            .title_articles(id)
            .iter()
            .any(|&a| kb.lang_of(a) == lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Format;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::from_texts([(
            "a.txt",
            "Minister visits Kyiv\n\nForeign Minister Takeshi Iwaya arrived in Kyiv on Saturday. Up to 12,000 troops were sent to Russia.",
            Format::Text,
        )])
    }

    fn kind(q: &str) -> AnswerKind {
        analyze_question(&kb(), q).kind
    }

    #[test]
    fn question_words_give_answer_kinds() {
        assert_eq!(kind("Who is Japan's foreign minister?"), AnswerKind::Person);
        assert_eq!(
            kind("who is the highest scoring nba player"),
            AnswerKind::Person
        );
        assert_eq!(kind("Who is Takeshi Iwaya?"), AnswerKind::Definition);
        assert_eq!(kind("who is japans foriegn minster"), AnswerKind::Person);
        assert_eq!(
            kind("who sings the song never ending story"),
            AnswerKind::Person
        );
        assert_eq!(kind("When did he arrive?"), AnswerKind::Date);
        assert_eq!(kind("In what year did Tesla die?"), AnswerKind::Date);
        assert_eq!(
            kind("How many North Korean troops were sent?"),
            AnswerKind::Number
        );
        assert_eq!(kind("how much did it cost"), AnswerKind::Number);
        assert_eq!(kind("Where did the minister arrive?"), AnswerKind::Place);
        assert_eq!(kind("Which country sent troops?"), AnswerKind::Place);
        assert_eq!(kind("What party does he lead?"), AnswerKind::Organisation);
        assert_eq!(
            kind("Which fast food chain brought back the game?"),
            AnswerKind::Organisation
        );
        assert_eq!(kind("In which US state did it fall?"), AnswerKind::Place);
        // The head noun is looked for past adjectives only, not past a verb.
        assert_ne!(kind("Which film shows the city?"), AnswerKind::Place);
        assert_eq!(kind("Why did he go?"), AnswerKind::Reason);
        assert_eq!(kind("How did he travel?"), AnswerKind::Manner);
        assert_eq!(kind("What is a treaty?"), AnswerKind::Definition);
        assert_eq!(kind("Did Japan send troops?"), AnswerKind::YesNo);
        assert_eq!(kind("Iwaya Kyiv visit purpose"), AnswerKind::Reason);
        assert_eq!(kind("election date"), AnswerKind::Date);
        assert_eq!(kind("troops kursk"), AnswerKind::Keywords);
        assert_eq!(kind("date"), AnswerKind::Keywords);
    }

    #[test]
    fn a_possessive_owner_makes_a_role_of_the_noun() {
        // Like "the": whose office is asked about.
        assert_eq!(kind("Who is Ukraine's defence chief?"), AnswerKind::Person);
        assert_eq!(kind("Who is the defence chief?"), AnswerKind::Person);
        assert_eq!(
            kind("Who is Japan's Takeshi Iwaya?"),
            AnswerKind::Definition
        );
    }

    #[test]
    fn a_mistyped_question_word_is_read_as_meant() {
        assert_eq!(kind("Wher did the minister arrive?"), AnswerKind::Place);
        assert_eq!(kind("Whta year did the war start?"), AnswerKind::Date);
        assert_eq!(kind("Wen did he arrive?"), AnswerKind::Date);
        // Real words stay: "were" is one edit from "where".
        assert_eq!(kind("Were troops sent?"), AnswerKind::YesNo);
        let q = analyze_question(&kb(), "Wher did the minister arrive?");
        assert!(!q.terms.iter().any(|t| t.word == "wher"));
    }

    #[test]
    fn a_lower_case_role_asks_for_a_person() {
        assert_eq!(kind("Who is the police commissioner?"), AnswerKind::Person);
    }

    #[test]
    fn role_owner_and_measure_constraints() {
        let kb = kb();
        let c = analyze_question(&kb, "Who is the prime minister of Japan?").constraints;
        let folded = |v: &[super::constraint::Named]| -> Vec<String> {
            v.iter().map(|n| n.folded.clone()).collect()
        };
        assert_eq!(folded(&c.role), ["prime", "minister"]);
        assert_eq!(folded(&c.owner), ["japan"]);
        let c = analyze_question(&kb, "Who is the Ukrainian foreign minister?").constraints;
        assert_eq!(folded(&c.role), ["foreign", "minister"]);
        assert_eq!(folded(&c.owner), ["ukrainian"]);
        let c = analyze_question(&kb, "How much did the new airport cost?").constraints;
        assert_eq!(c.measure, Some(super::constraint::Wanted::Money));
        assert_eq!(c.subject.map(|n| n.folded).as_deref(), Some("airport"));
        let measure = |q: &str| analyze_question(&kb, q).constraints.measure;
        use super::constraint::Wanted;
        assert_eq!(
            measure("How far is the mine from the town?"),
            Some(Wanted::Length)
        );
        assert_eq!(
            measure("How many workers were killed?"),
            Some(Wanted::Count)
        );
        assert_eq!(measure("How many days did it last?"), Some(Wanted::Time));
        assert_eq!(measure("How much water was used?"), None);
        assert!(
            analyze_question(&kb, "Who was named Person of the Year?")
                .constraints
                .is_empty()
        );
    }

    #[test]
    fn what_year_wants_a_year() {
        let q = analyze_question(&kb(), "What year did the war start?");
        assert_eq!(q.kind, AnswerKind::Date);
        assert!(q.wants_year);
        assert!(!q.terms.iter().any(|t| t.word == "year"));
    }

    #[test]
    fn how_many_keeps_the_counted_noun() {
        let q = analyze_question(&kb(), "How many troops were sent?");
        assert_eq!(q.focus.as_deref(), Some("troops"));
        assert!(q.terms.iter().any(|t| t.word == "troops"));
        assert!(!q.terms.iter().any(|t| t.word == "many"));
    }

    #[test]
    fn a_common_word_the_articles_lack_is_no_typo() {
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Cup final\n\nThe competition ended on Sunday. The winners got 4.2 million pesos.",
            Format::Text,
        )]);
        // Three letters from "competition", within the tolerance for its
        // length, but a word of its own.
        assert_eq!(correct(&kb, Lang::ENGLISH, "compensation"), None);
        assert_eq!(
            correct(&kb, Lang::ENGLISH, "competiton").map(|(w, _)| w),
            Some("competition".to_string())
        );
        let q = analyze_question(&kb, "How much compensation did the winners get?");
        assert!(q.terms.iter().all(|t| t.corrected_to.is_none()), "{q:?}");
    }

    #[test]
    fn corrects_typos_but_never_known_words() {
        let q = analyze_question(&kb(), "Where did Iwaya arive? When did the minster come?");
        let minster = q.terms.iter().find(|t| t.word == "minster").expect("kept");
        assert_eq!(minster.corrected_to.as_deref(), Some("minister"));
        let arive = q.terms.iter().find(|t| t.word == "arive").expect("kept");
        assert_eq!(arive.corrected_to, None, "short words are left alone");
        let kb = kb();
        assert_eq!(
            correct(&kb, Lang::ENGLISH, "troops"),
            None,
            "an existing word is not corrected"
        );
        assert_eq!(
            correct(&kb, Lang::ENGLISH, "troooops").map(|c| c.0),
            Some("troops".to_string())
        );
    }

    #[test]
    fn curly_quotes_casing_and_possessives_match() {
        let a = analyze_question(&kb(), "WHO is JAPAN’S Foreign Minister?");
        let b = analyze_question(&kb(), "who is japan's foreign minister");
        let ta: Vec<_> = a.known_terms().collect();
        let tb: Vec<_> = b.known_terms().collect();
        assert_eq!(ta, tb);
    }

    #[test]
    fn a_piece_across_words_the_articles_lack_is_no_keyword() {
        let kb =
            KnowledgeBase::from_texts([("th.txt", "ตลาด\n\nตลาดน้ำเปิดให้บริการแล้ว", Format::Text)]);
        // "ำต" joins two words the article has apart: no keyword of its own.
        let q = analyze_question(&kb, "น้ำตลาด");
        assert!(q.terms.iter().all(|t| t.term.is_some()), "{:?}", q.terms);
        assert!(q.terms.len() >= 4);
        // A piece nothing covers stays, as the word the articles lack.
        let q = analyze_question(&kb, "ตลาดสด");
        assert!(q.terms.iter().any(|t| t.term.is_none()));
    }

    #[test]
    fn cleans_invisible_and_control_characters() {
        assert_eq!(clean_question("a\u{200B}b\u{0007}c\n d"), "ab c d");
        assert_eq!(
            clean_question(&"x".repeat(5000)).chars().count(),
            MAX_QUESTION_CHARS
        );
    }
}
