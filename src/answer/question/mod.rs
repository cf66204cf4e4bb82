//! Question analysis: what kind of answer is wanted (person, date, number,
//! place, ...), which keywords to look for, and typo correction of words the
//! articles never use. Everything goes through the shared analyzer, so a
//! question's terms are exactly the table's terms.

use serde::Serialize;

use super::constraint::{self, Constraints};
use crate::facts::FactKind;
use crate::ids::TermId;
use crate::knowledge::KnowledgeBase;
use crate::text::{self, Lang};

mod classify;
#[cfg(test)]
mod tests;
mod typo;
mod variants;

use classify::{Classified, classify, classify_other, person_nouns};
pub(crate) use typo::correct;
use typo::correct_question_word;

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
    /// Whether the word is in a sentence before the one that asks ("NASA
    /// launched Artemis II on Wednesday. How many astronauts are on
    /// board?"): it says which story, not which sentence of it.
    #[serde(skip)]
    pub(crate) setup: bool,
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
    /// The question as read when its question word was mistyped ("Where
    /// did Iwaya go?" for "Wher did Iwaya go?"): a follow-up ("And
    /// when?") is read against what was understood, not what was typed.
    #[serde(skip)]
    pub(crate) read_as: Option<String>,
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
    let mut read_as = None;
    if english
        && let Some((at, first)) = words.first_mut()
        && let Some(fixed) = correct_question_word(kb, first)
    {
        *first = fixed.to_string();
        read_as = spans.first().map(|&(_, typed)| {
            let mut word = fixed.to_string();
            if typed.starts_with(char::is_uppercase) {
                word[..1].make_ascii_uppercase();
            }
            format!("{}{word}{}", &text[..*at], &text[*at + typed.len()..])
        });
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
    let asking = asking_sentence_start(lang, &text);
    let mut terms: Vec<QueryTerm> = Vec::new();
    // Where each kept term's word is in the question.
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (k, (_, folded)) in words.iter().enumerate() {
        if skip.contains(&k) || variants::drops_courtesy_title(kb, lang, &words, k) {
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
            setup: spans[k].0 < asking,
        };
        if q.term.is_none_or(|id| !kb.index().is_live(id))
            && let Some((fixed, id)) =
                correct(kb, lang, folded).or_else(|| variants::in_roman_figures(kb, lang, folded))
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
            kind == AnswerKind::Place,
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
        read_as,
    }
}

/// Where the sentence that asks begins: after the last sentence end
/// (".", "?" or "!", a space, then a capital letter) that is not an
/// initial, a short abbreviation or an ordinal ("U.S. President", "Mr.
/// Smith", "St. Johns", German "bzw. Nichtvorhandensein", "18.
/// Jahrhundert"); 0 for a question of one sentence.
fn asking_sentence_start(lang: Lang, text: &str) -> usize {
    let bytes = text.as_bytes();
    // English writes a short lower-case word at a sentence's end ("the
    // war."); German capitalises the noun after "bzw." or "n. Chr.".
    let english = lang == Lang::ENGLISH;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') || bytes.get(i + 1) != Some(&b' ') {
            continue;
        }
        let next = &text[i + 2..];
        if !next.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let word = text[..i].rsplit(' ').next().unwrap_or("");
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let abbreviation = (letters <= 3
            && (!english || word.chars().next().is_some_and(char::is_uppercase)))
            || word.contains('.');
        // "18. Jahrhundert": a number before a full stop is an ordinal in
        // German and its like, a sentence's end in English ("in 2023.").
        let ordinal = !english && word.chars().all(|c| c.is_ascii_digit());
        if c == '.' && (abbreviation || ordinal) {
            continue;
        }
        start = i + 2;
    }
    start
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
    let known = |t: &QueryTerm| t.term.is_some_and(|id| index.is_live(id));
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
