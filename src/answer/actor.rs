//! Whether a sentence is about someone other than the person a question
//! names. "When did Sybiha arrive?" over an article where "Japan's foreign
//! minister arrived in Kyiv on Saturday" and, a sentence later, Iwaya
//! "will meet his Ukrainian counterpart, Andrii Sybiha": the first
//! sentence matches "arrive", its neighbour supplies "Sybiha", and the
//! date would be answered with confidence, though the one who arrived is
//! Iwaya, named there by his office. A sentence that does not name the
//! question's person but names, by office, another person of its article
//! (one the question does not name) is about that other person, and is
//! not an answer. A sentence with a pronoun ("He arrived on Saturday",
//! "at the demand of his bishop") is left alone: the pronoun may well point
//! to the question's person. So is a question whose answer is a person or
//! a group ("Who gave Tesla's eulogy?": the other person is the answer).

use rustc_hash::FxHashMap as HashMap;

use super::agree;
use super::given;
use super::question::{AnswerKind, Question};
use crate::facts::FactKind;
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::knowledge::KnowledgeBase;
use crate::text;

/// Role words kept as an office's key: the head noun and the word before
/// it ("foreign minister", "defence minister"); earlier words are owners
/// and titles that articles drop when they repeat an office ("Japanese
/// Foreign Minister", later "Japan's foreign minister").
const ROLE_KEY: usize = 2;

/// Roles that say whose relative someone is ("his wife Katharina"), not
/// an office another sentence could name them by.
pub(crate) const FAMILY: &[&str] = &[
    "wife", "husband", "son", "daughter", "father", "mother", "brother", "sister", "uncle", "aunt",
    "cousin", "friend", "widow",
];

/// Words that may stand for the question's person in a sentence.
const PRONOUNS: &[&str] = &[
    "he", "she", "him", "her", "his", "hers", "himself", "herself", "they", "them", "their",
];

/// Whether a question of this kind is checked: one whose answer is a
/// person, a group or anything at all ("Who ...?", keywords) may well be
/// the other person.
pub(crate) fn is_checked(kind: AnswerKind) -> bool {
    !matches!(
        kind,
        AnswerKind::Person
            | AnswerKind::Organisation
            | AnswerKind::Entity
            | AnswerKind::Definition
            | AnswerKind::Keywords
    )
}

/// One person of an article: the terms of every name written for them and
/// the offices written before those names.
#[derive(Debug, Default)]
struct Person {
    names: Vec<TermId>,
    offices: Vec<Vec<TermId>>,
    /// The words written before an office ("japan", "then-incoming" of
    /// "Japan's then-incoming Defence Minister"), lower case: whose office
    /// it is, when two people hold one of the same name.
    owners: Vec<String>,
    /// Whether a full name was written for them somewhere (two or more
    /// capitalised words): the name extractor's single capitalised words
    /// are sometimes not people ("Students", "Dean of Students").
    full: bool,
}

/// The people of one article, by surname (the last term of a name).
fn people(kb: &KnowledgeBase, article: ArticleId) -> HashMap<TermId, Person> {
    people_among(kb, article, None)
}

/// [`people`], only those whose surname is one of `only` when given: their
/// roles alone are analyzed.
fn people_among(
    kb: &KnowledgeBase,
    article: ArticleId,
    only: Option<&[TermId]>,
) -> HashMap<TermId, Person> {
    let mut out: HashMap<TermId, Person> = HashMap::default();
    let index = kb.index();
    let terms_of = |lang, text: &str| {
        let mut ids = Vec::new();
        text::for_each_term(lang, text, |_, _, t| {
            if let Some(id) = index.term_id(t) {
                ids.push(id);
            }
        });
        ids
    };
    let range = kb.article_at(article).sentences.clone();
    let is_person = |f: &&crate::facts::Fact| f.kind == FactKind::Person;
    for s in range.start.0..range.end.0 {
        // Most sentences name nobody: their facts say so without the rest.
        if !kb.facts_at(SentenceId(s)).iter().any(|f| is_person(&f)) {
            continue;
        }
        let sentence = kb.sentence_at(SentenceId(s));
        for fact in sentence.facts.iter().filter(is_person) {
            let names = super::fact_term_ids(kb, &sentence, fact);
            let Some(&surname) = names.last() else {
                continue;
            };
            if only.is_some_and(|only| !only.contains(&surname)) {
                continue;
            }
            let person = out.entry(surname).or_default();
            let written = fact.text(sentence.text);
            person.full |= written.split_whitespace().count() >= 2
                && written
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase));
            for id in names {
                if !person.names.contains(&id) {
                    person.names.push(id);
                }
            }
            let Some(role) = fact.role(sentence.text) else {
                continue;
            };
            // "his counterpart", "his wife" hold no office of their own.
            if agree::is_relational(sentence.lang, role)
                || role
                    .split_whitespace()
                    .any(|w| FAMILY.contains(&w.to_lowercase().as_str()))
            {
                continue;
            }
            let words = terms_of(sentence.lang, role);
            let key = words[words.len().saturating_sub(ROLE_KEY)..].to_vec();
            if !key.is_empty() && !person.offices.contains(&key) {
                person.offices.push(key);
            }
            let written: Vec<&str> = role.split_whitespace().collect();
            let before = &written[..written.len().saturating_sub(ROLE_KEY)];
            let owner = fact.of(sentence.text).unwrap_or_default();
            for w in before.iter().copied().chain(owner.split_whitespace()) {
                let w = w
                    .trim_end_matches("'s")
                    .trim_end_matches("\u{2019}s")
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if !w.is_empty() && !person.owners.contains(&w) {
                    person.owners.push(w);
                }
            }
        }
    }
    out.retain(|_, p| p.full);
    out
}

/// The persons an article's sentences are checked against for one
/// question, worked out once per article met among its candidates.
#[derive(Default)]
pub(crate) struct Actors {
    by_article: HashMap<ArticleId, Option<Split>>,
}

/// An article's people split by whether the question names them.
struct Split {
    /// The terms naming, or the offices held by, the people the question
    /// names.
    named_terms: Vec<TermId>,
    named_offices: Vec<Vec<TermId>>,
    /// The offices of the article's other people.
    other_offices: Vec<Vec<TermId>>,
    /// The terms of every name written for anyone in the article.
    all_names: Vec<TermId>,
    /// Whether the question names its person by office only.
    by_office: bool,
}

impl Actors {
    /// Whether sentence `s` names, by office only, someone of its article
    /// other than the person `q` names, and not that person.
    pub(crate) fn about_someone_else(
        &mut self,
        kb: &KnowledgeBase,
        q: &Question,
        s: SentenceId,
    ) -> bool {
        let sentence = kb.sentence_at(s);
        let pronoun = has_pronoun(sentence.text);
        let Some(split) = self.split_of(kb, q, sentence.article) else {
            return false;
        };
        let terms: Vec<TermId> = sentence.terms.iter().collect();
        let names_someone = terms.iter().any(|t| split.all_names.contains(t));
        // A pronoun may point to the question's person, unless the question
        // asks by office and the sentence names someone else, with another
        // office, for it to point to ("Japanese Foreign Minister Takeshi
        // Iwaya holds a press conference at his ministry").
        if pronoun && !(split.by_office && names_someone) {
            return false;
        }
        let holds = |key: &Vec<TermId>| key.iter().all(|t| terms.contains(t));
        if split.names_the_person(&terms) {
            return false;
        }
        // Someone named by office alone, as news articles name a person met
        // before. A sentence naming anyone ("according to Laura Ratz, an
        // economist", "historian Rashid-al-Din says the Mongols killed
        // ...") may be quoting them about anyone; but not when the question
        // itself asks by office ("the Japanese defence minister"), and the
        // sentence gives another one ("Japanese Foreign Minister Takeshi
        // Iwaya holds a press conference").
        let another_office = split
            .other_offices
            .iter()
            .any(|o| holds(o) && !split.named_offices.contains(o));
        another_office && (split.by_office || !names_someone)
    }

    /// `article`'s people split by whether `q` names them, worked out on
    /// the first sentence of the article met.
    fn split_of(&mut self, kb: &KnowledgeBase, q: &Question, article: ArticleId) -> Option<&Split> {
        self.by_article
            .entry(article)
            .or_insert_with(|| split(kb, q, article))
            .as_ref()
    }

    /// Whether sentence `s` leaves out the person `q` names: it names
    /// them by neither name nor office, and holds no pronoun that could
    /// stand for them. Someone's going told there is someone else's: "up to
    /// 12,000 troops have been sent to Russia" is not where the Japanese
    /// defence minister went. `false` when `q` names nobody of its article.
    pub(crate) fn leaves_out_the_person(
        &mut self,
        kb: &KnowledgeBase,
        q: &Question,
        s: SentenceId,
    ) -> bool {
        let sentence = kb.sentence_at(s);
        let Some(split) = self.split_of(kb, q, sentence.article) else {
            return false;
        };
        let terms: Vec<TermId> = sentence.terms.iter().collect();
        !has_pronoun(sentence.text) && !split.names_the_person(&terms)
    }
}

/// Whether a sentence holds a pronoun that may stand for a person.
fn has_pronoun(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        PRONOUNS.iter().any(|p| w.eq_ignore_ascii_case(p))
    })
}

/// A sentence that names the question's person otherwise than by the
/// question's name: by an office alone ("Japan's foreign minister arrived
/// in Kyiv", for "Where did Iwaya go?") or by their given name ("Nikola
/// suffered a nervous breakdown", for "What did Tesla suffer?"), and the
/// surname it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StandIn {
    /// The sentence.
    pub(crate) sentence: SentenceId,
    /// The question's word the office or given name stands for.
    pub(crate) surname: TermId,
}

/// The sentences of `article` that name a person the question names by
/// surname otherwise: that name nobody yet hold the person's office, its
/// two words together ("foreign minister"), as news names a person in full
/// once and by office after; or that hold the person's given name without
/// the surname ([`given::given_names`]). Those sentences are about them as
/// much as the ones with their name. An office two of the article's people
/// hold ("Defence Minister" Umerov and Nakatani) stands for neither.
pub(crate) fn named_otherwise(
    kb: &KnowledgeBase,
    q: &Question,
    article: ArticleId,
) -> Vec<StandIn> {
    let asked: Vec<TermId> = q.known_terms().collect();
    // The question's people's offices first: most questions name no one
    // holding one here, and then no other role needs reading.
    let named = people_among(kb, article, Some(&asked));
    let mut offices: Vec<(&Vec<TermId>, TermId)> = Vec::new();
    for (&surname, person) in &named {
        // One word ("President") is too often a title of someone else, or
        // of nobody ("the nominee for President"); an office word the
        // question holds is matched as itself.
        offices.extend(
            person
                .offices
                .iter()
                .filter(|o| o.len() == ROLE_KEY && !o.iter().any(|t| asked.contains(t)))
                .map(|o| (o, surname)),
        );
    }
    if !offices.is_empty() {
        let everyone = people(kb, article);
        offices.retain(|&(office, surname)| {
            !everyone
                .iter()
                .any(|(&other, p)| other != surname && p.offices.contains(office))
        });
    }
    let surnames: Vec<TermId> = named.keys().copied().collect();
    let given = given::given_names(kb, article, &surnames, &asked);
    let mut out = Vec::new();
    if offices.is_empty() && given.is_empty() {
        return out;
    }
    let range = kb.article_at(article).sentences.clone();
    for s in range.start.0..range.end.0 {
        let s = SentenceId(s);
        let names_someone = kb.facts_at(s).iter().any(|f| f.kind == FactKind::Person);
        if given.is_empty() && (names_someone || offices.is_empty()) {
            continue;
        }
        let terms: Vec<TermId> = kb.sentence_at(s).terms.iter().collect();
        let by_office = || {
            offices
                .iter()
                .find(|(office, _)| terms.windows(office.len()).any(|w| w == office.as_slice()))
                .map(|&(_, surname)| surname)
        };
        let by_given_name = || {
            given
                .iter()
                .find(|&&(name, surname)| terms.contains(&name) && !terms.contains(&surname))
                .map(|&(_, surname)| surname)
        };
        // An office stands in for a name only where nobody is named; a
        // given name is read at a sentence's start too, where the name
        // finder takes no single word for a person.
        let found = by_given_name().or_else(|| (!names_someone).then(by_office).flatten());
        if let Some(surname) = found {
            out.push(StandIn {
                sentence: s,
                surname,
            });
        }
    }
    out
}

impl Split {
    /// Whether a sentence of these `terms` names the question's person, by
    /// a name or by an office of theirs.
    fn names_the_person(&self, terms: &[TermId]) -> bool {
        terms.iter().any(|t| self.named_terms.contains(t))
            || self
                .named_offices
                .iter()
                .any(|key| key.iter().all(|t| terms.contains(t)))
    }
}

/// The article's people the question names by surname, or by an office
/// only they hold ([`office_holder`]), against the rest; `None` when it
/// names none of them.
fn split(kb: &KnowledgeBase, q: &Question, article: ArticleId) -> Option<Split> {
    let mut asked: Vec<TermId> = q.known_terms().collect();
    let mut out = Split {
        named_terms: Vec::new(),
        named_offices: Vec::new(),
        other_offices: Vec::new(),
        all_names: Vec::new(),
        by_office: false,
    };
    let people = people(kb, article);
    if !people.keys().any(|s| asked.contains(s))
        && let Some(surname) = office_holder(&people, q)
    {
        asked.push(surname);
        out.by_office = true;
    }
    for (surname, person) in people {
        out.all_names.extend(person.names.iter().copied());
        if asked.contains(&surname) {
            out.named_terms.extend(person.names);
            out.named_offices.extend(person.offices);
        } else if !person.names.iter().any(|t| asked.contains(t)) {
            out.other_offices.extend(person.offices);
        }
    }
    (!out.named_terms.is_empty()).then_some(out)
}

/// The one person of an article a question names by office ("the
/// Japanese defence minister", "Where did the foreign minister go?"): the
/// office's two words stand together in the question, and when two people
/// hold it ("Ukraine's Defence Minister Rustem Umerov", "Japan's Defence
/// Minister Gen Nakatani"), the word before it in the question names one's
/// owner ("Japanese" for "Japan's"). `None` when it fits nobody or several.
fn office_holder(people: &HashMap<TermId, Person>, q: &Question) -> Option<TermId> {
    let terms: Vec<Option<TermId>> = q.terms.iter().map(|t| t.term).collect();
    let mut holders: Vec<(TermId, usize)> = Vec::new();
    for (&surname, person) in people {
        let at = person
            .offices
            .iter()
            .filter(|o| o.len() == ROLE_KEY)
            .find_map(|o| {
                terms
                    .windows(ROLE_KEY)
                    .position(|w| w.iter().zip(o).all(|(t, o)| *t == Some(*o)))
            });
        if let Some(at) = at {
            holders.push((surname, at));
        }
    }
    if holders.len() > 1 {
        holders.retain(|&(surname, at)| {
            let owner = at.checked_sub(1).map(|i| q.terms[i].word.as_str());
            owner.is_some_and(|o| people[&surname].owners.iter().any(|w| same_place(o, w)))
        });
    }
    match holders.as_slice() {
        [(surname, _)] => Some(*surname),
        _ => None,
    }
}

/// Whether two lower-case words name the same place, one perhaps as its
/// people's adjective: "japanese" and "japan", "ukrainian" and "ukraine",
/// "russian" and "russia" share all of the shorter but its last letter.
fn same_place(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 4 && common + 1 >= shorter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::analyze_question;
    use std::path::Path;

    fn seed() -> KnowledgeBase {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"));
        KnowledgeBase::load(dir).expect("knowledge/ loads").0
    }

    fn sentence_with(kb: &KnowledgeBase, words: &str) -> SentenceId {
        (0..kb.sentence_count())
            .map(|i| SentenceId(i as u32))
            .find(|&s| kb.sentence_at(s).text.contains(words))
            .expect("the seed article holds the sentence")
    }

    #[test]
    fn a_sentence_about_another_office_holder_is_not_the_named_person_s() {
        let kb = seed();
        let arrival = sentence_with(&kb, "arrived in Kyiv on Saturday");
        let check = |question: &str| {
            let q = analyze_question(&kb, question);
            Actors::default().about_someone_else(&kb, &q, arrival)
        };
        // The foreign minister who arrived is Iwaya, Sybiha's counterpart.
        assert!(check("When did Sybiha arrive?"));
        assert!(check("When did Andrii Sybiha arrive in Kyiv?"));
        // Iwaya is the foreign minister, so the sentence may be his.
        assert!(!check("When did Iwaya arrive?"));
        // No person named: nothing to disagree with.
        assert!(!check("When did the minister arrive?"));
    }

    #[test]
    fn an_office_only_one_person_holds_stands_for_them() {
        let kb = seed();
        let arrival = sentence_with(&kb, "arrived in Kyiv on Saturday");
        let article = kb.sentence_at(arrival).article;
        let found = |question: &str| {
            let q = analyze_question(&kb, question);
            named_otherwise(&kb, &q, article)
        };
        let iwaya = found("Where did Iwaya go?");
        assert!(iwaya.iter().any(|s| s.sentence == arrival), "{iwaya:?}");
        // A sentence with any name in it is left to the name.
        let meeting = sentence_with(&kb, "Andrii Sybiha");
        assert!(iwaya.iter().all(|s| s.sentence != meeting));
        // Sybiha holds no office of his own here ("his counterpart"), and
        // two people are defence ministers: neither is named by office.
        assert!(found("Where did Sybiha go?").is_empty());
        assert!(found("Where did Nakatani go?").is_empty());
        // The question that names the office matches it as itself.
        assert!(found("Where did foreign minister Iwaya go?").is_empty());
    }

    #[test]
    fn a_person_named_by_an_office_only_they_hold_is_checked_like_a_name() {
        let kb = seed();
        let arrival = sentence_with(&kb, "arrived in Kyiv on Saturday");
        let summit = sentence_with(&kb, "Palazzo Reale");
        let about_someone_else = |question: &str, s: SentenceId| {
            let q = analyze_question(&kb, question);
            Actors::default().about_someone_else(&kb, &q, s)
        };
        // The foreign minister who arrived is not the defence minister.
        assert!(about_someone_else(
            "Where did the Japanese defence minister go?",
            arrival
        ));
        assert!(about_someone_else(
            "When did Japan's defence minister arrive?",
            arrival
        ));
        assert!(!about_someone_else(
            "When did the Japanese foreign minister arrive?",
            arrival
        ));
        // Two defence ministers and no owner asked: nobody in particular.
        assert!(!about_someone_else(
            "When did the defence minister arrive?",
            arrival
        ));
        assert!(!about_someone_else(
            "Where was the Japanese defence minister?",
            summit
        ));
        // Named, with another office, by a question asking by office.
        let press = sentence_with(&kb, "press conference");
        assert!(about_someone_else(
            "Where was the Japanese defence minister?",
            press
        ));
        assert!(!about_someone_else("Where was Iwaya?", press));
        assert!(same_place("japanese", "japan"));
        assert!(same_place("ukrainian", "ukraine"));
        assert!(!same_place("japanese", "then-incoming"));
        assert!(!same_place("austria", "australia"));
    }

    #[test]
    fn a_sentence_naming_the_person_is_theirs() {
        let kb = seed();
        let meeting = sentence_with(&kb, "Andrii Sybiha");
        let q = analyze_question(&kb, "Who will Sybiha meet?");
        assert!(!Actors::default().about_someone_else(&kb, &q, meeting));
    }
}
