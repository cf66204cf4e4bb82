//! Whether a fact of a sentence agrees with what the question says about
//! its answer (see `constraint`): a person's role and whose role it is
//! ("the prime minister of Japan" is not Japan's defence minister, nor a
//! union's president), a number's measure (a cost is money, not a vote
//! count; "how far" is a distance) and what a number is about (how many
//! were *killed*, not how many returned to work; the cost of *the land*,
//! not of the stadium). Ranking credits only facts that do not conflict
//! and counts a sentence whose only candidates conflict against it; the
//! answer phrase is never one that conflicts.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::constraint::{self, GENERIC_MODIFIERS, Named, Wanted};
use super::question::Question;
use crate::facts::{self, Fact, FactKind, Measure};
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::knowledge::{KnowledgeBase, Sentence};
use crate::text::{self, Lang};

/// How a fact fits the question's constraints, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Fit {
    /// It contradicts one: someone else's role, another kind of number.
    Conflicts,
    /// Nothing says either way.
    Neutral,
    /// It matches one (the role, the owner, the measure) and contradicts none.
    Agrees,
}

/// Role nouns that name a relation, not an office: "his Ukrainian
/// counterpart" holds whatever office the question asks about.
const RELATIONAL: &[&str] = &[
    "counterpart",
    "colleague",
    "successor",
    "predecessor",
    "rival",
    "ally",
    "partner",
    "deputy",
];

/// Whether a role ("his Ukrainian counterpart") names a relation to
/// someone rather than an office.
pub(crate) fn is_relational(lang: Lang, role: &str) -> bool {
    let relational = stems(lang, RELATIONAL, &RELATIONAL_STEMS);
    let mut found = false;
    text::for_each_term(lang, role, |_, _, t| {
        found |= relational.iter().any(|r| r == t);
    });
    found
}

/// Nationalities whose country the shared-prefix rule misses.
const DEMONYMS: &[(&str, &str)] = &[
    ("french", "france"),
    ("dutch", "netherlands"),
    ("swiss", "switzerland"),
    ("spanish", "spain"),
    ("polish", "poland"),
    ("welsh", "wales"),
    ("scottish", "scotland"),
    ("irish", "ireland"),
    ("greek", "greece"),
    ("danish", "denmark"),
    ("swedish", "sweden"),
    ("finnish", "finland"),
    ("filipino", "philippines"),
    ("thai", "thailand"),
    ("british", "uk"),
    ("american", "us"),
    ("american", "america"),
];

/// Whether place `fact` of `text` is where someone went: a few words
/// after a word of going, straight after it or after a preposition of
/// arriving ("visited Kyiv", "arrived in Kyiv", "a visit to the Ukrainian
/// capital Kyiv"), not of passing or leaving ("flee through the Rafah
/// crossing", "returned from Paris").
pub(crate) fn went_to(text: &str, fact: &Fact) -> bool {
    reached(text, fact, constraint::is_motion_word)
}

/// [`went_to`], after a word of someone going ("arrived in Kyiv", "troops
/// have been sent to Russia"), not of someone sending ("Pyongyang sent
/// troops to Russia"): the sentence tells where its subject went.
fn went_to_by_going(text: &str, fact: &Fact) -> bool {
    reached(text, fact, constraint::is_going_word) || {
        let mut words = words_before(text, fact).skip_while(|w| !constraint::is_motion_word(w));
        words.next().is_some()
            && words.next().is_some_and(|w| PASSIVE.contains(&w.as_ref()))
            && reached(text, fact, constraint::is_motion_word)
    }
}

/// The forms of "be" before a verb of sending that make it say where its
/// subject went: "have been sent to", "were deployed to".
const PASSIVE: &[&str] = &["been", "was", "were", "is", "are", "be", "being"];

fn reached(text: &str, fact: &Fact, motion: fn(&str) -> bool) -> bool {
    let mut arriving = false;
    for (between, w) in words_before(text, fact).enumerate() {
        if motion(&w) {
            return arriving || (between == 0 && !constraint::is_escaping_word(&w));
        }
        if LEAVING.contains(&w.as_ref()) {
            return false;
        }
        arriving |= ARRIVING.contains(&w.as_ref());
    }
    false
}

/// The few words before place `fact`, nearest first, folded to lower case
/// without their punctuation.
fn words_before<'a>(text: &'a str, fact: &Fact) -> impl Iterator<Item = Cow<'a, str>> + 'a {
    let before = if fact.kind == FactKind::Place {
        &text[..usize::from(fact.start).min(text.len())]
    } else {
        ""
    };
    before.split_whitespace().rev().take(PLACE_REACH).map(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.chars().any(char::is_uppercase) {
            Cow::Owned(w.to_lowercase())
        } else {
            Cow::Borrowed(w)
        }
    })
}

/// Prepositions between a word of going and where it went.
const ARRIVING: &[&str] = &["to", "in", "into", "at", "for", "toward", "towards", "onto"];

/// Prepositions between a word of going and a place it did not end at.
const LEAVING: &[&str] = &["from", "through", "via", "past", "across", "out"];

/// Whether sentence `s` tells where someone went, for a question with a
/// verb of going (see [`went_to_by_going`]): anywhere, for a question
/// asking where; to a place the question names, for any other.
pub(crate) fn tells_where_someone_went(kb: &KnowledgeBase, q: &Question, s: SentenceId) -> bool {
    if q.constraints.going.is_empty() {
        return false;
    }
    let sentence = kb.sentence_at(s);
    sentence.facts.iter().any(|f| {
        f.kind == FactKind::Place
            // "When did Iwaya go to Kyiv?" names where: the sentence must
            // tell of a going there, not anywhere.
            && (q.constraints.destination || names_place(kb, q, &sentence, f))
            && went_to_by_going(sentence.text, f)
    })
}

/// Whether the question holds a word of place `f` of `sentence`.
fn names_place(kb: &KnowledgeBase, q: &Question, sentence: &Sentence, f: &Fact) -> bool {
    let asked = |t: TermId| q.known_terms().any(|a| a == t);
    match f.terms() {
        Some(run) => sentence
            .terms
            .iter()
            .skip(run.start)
            .take(run.len())
            .any(asked),
        None => super::fact_term_ids(kb, sentence, f).into_iter().any(asked),
    }
}

/// How many words before a place a word of going may be: "travelled to
/// the Ukrainian capital Kyiv".
const PLACE_REACH: usize = 5;

/// How many sentences back the context of a sentence reaches: as far as
/// a pronoun or "the company" usually points.
const CONTEXT_BACK: u32 = 3;

/// What one question's checks of many sentences share: for each article
/// a candidate came from, the owners its people's roles have there, by
/// surname ("Japanese Foreign Minister Takeshi Iwaya": Iwaya -> Japanese).
/// Every candidate's every person asks it of the whole article, and the
/// candidates of a question are mostly a few articles' sentences, so each
/// article is read once per question.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    owners: RefCell<HashMap<ArticleId, Owners>>,
    /// How each role text met in the candidates fits the question's: the
    /// same few offices recur in hundreds of candidates.
    roles: RefCell<HashMap<Box<str>, Fit>>,
    /// Whether each owner text met names the question's owner: "Japanese"
    /// recurs as often as the office it qualifies, and each check stems.
    owner_texts: RefCell<HashMap<Box<str>, bool>>,
    /// Whether each sentence holds each term looked for in a candidate's
    /// context: a question's candidates are mostly runs of one article's
    /// sentences, whose few sentences before them are read once, not once
    /// per candidate (most of a "who was president of the United States"
    /// question's time).
    holds: RefCell<FxHashMap<(TermId, SentenceId), bool>>,
}

impl Memo {
    /// Whether a sentence in `range` holds term `id`.
    fn held_in(&self, kb: &KnowledgeBase, id: TermId, range: std::ops::Range<SentenceId>) -> bool {
        let mut holds = self.holds.borrow_mut();
        (range.start.0..range.end.0).any(|i| {
            let s = SentenceId(i);
            *holds
                .entry((id, s))
                .or_insert_with(|| kb.sentence_at(s).terms.iter().any(|t| t == id))
        })
    }
}

/// The value remembered in `memo` for `key`, worked out by `afresh` the
/// first time.
fn remembered<V: Copy>(
    memo: &RefCell<HashMap<Box<str>, V>>,
    key: &str,
    afresh: impl FnOnce() -> V,
) -> V {
    if let Some(&v) = memo.borrow().get(key) {
        return v;
    }
    let v = afresh();
    memo.borrow_mut().insert(key.into(), v);
    v
}

/// Surname to the first owner given to that person's role in an article.
type Owners = HashMap<Box<str>, Box<str>>;

/// The question's constraints applied to one sentence.
pub(crate) struct Check<'a> {
    kb: &'a KnowledgeBase,
    memo: &'a Memo,
    q: &'a Question,
    sentence: Sentence<'a>,
    s: SentenceId,
    /// For a number: the sentence's context holds none of what the
    /// question's number is about (found on the first fact asked about:
    /// most candidate sentences hold no fact of the wanted kind).
    against: OnceCell<bool>,
    /// The question's owner is named in the sentence's wide context (the
    /// same for each of its people, so found once).
    owner_near: OnceCell<bool>,
}

impl<'a> Check<'a> {
    /// The check of sentence `s`; `None` when the question constrains
    /// nothing, so every fact is neutral.
    pub(crate) fn new(
        kb: &'a KnowledgeBase,
        s: SentenceId,
        q: &'a Question,
        memo: &'a Memo,
    ) -> Option<Check<'a>> {
        if q.constraints.is_empty() {
            return None;
        }
        Some(Check {
            kb,
            memo,
            q,
            sentence: kb.sentence_at(s),
            s,
            against: OnceCell::new(),
            owner_near: OnceCell::new(),
        })
    }

    /// How `fact` (one of the sentence's) fits.
    pub(crate) fn fit(&self, fact: &Fact) -> Fit {
        match fact.kind {
            FactKind::Person => self.person_fit(fact),
            FactKind::Number if *self.against.get_or_init(|| self.about_something_else()) => {
                Fit::Conflicts
            }
            FactKind::Number => self.number_fit(fact),
            // "Where did she go?": a place someone went to agrees; any
            // other ("an alliance with Russia") may be where she went all
            // the same, told otherwise.
            FactKind::Place
                if self.q.constraints.destination && went_to(self.sentence.text, fact) =>
            {
                Fit::Agrees
            }
            _ => Fit::Neutral,
        }
    }

    /// For a number: a sentence whose context holds none of the question's
    /// words besides the counted noun ("about 2,300 workers returned" for
    /// "how many workers were killed").
    fn about_something_else(&self) -> bool {
        if self.q.constraints.measure.is_none() {
            return false;
        }
        let focus = self
            .q
            .focus
            .as_deref()
            .and_then(|f| text::term_of_folded(self.q.lang, f))
            .and_then(|f| self.kb.index().term_id(&f));
        let mut others = self
            .q
            .known_terms()
            .filter(|&t| Some(t) != focus)
            .peekable();
        others.peek().is_some() && !others.any(|t| self.in_context(t))
    }

    /// Whether the sentence, the few before it in its article or the
    /// article's title holds term `id` ("Its annual budget is ...", "The
    /// company's chief executive" name their subject a sentence or two
    /// earlier; titles name the article's).
    fn in_context(&self, id: TermId) -> bool {
        let article = self.kb.article_at(self.sentence.article);
        if article.title_terms.contains(&id) {
            return true;
        }
        let first = article
            .sentences
            .start
            .0
            .max(self.s.0.saturating_sub(CONTEXT_BACK));
        self.memo
            .held_in(self.kb, id, SentenceId(first)..SentenceId(self.s.0 + 1))
    }

    /// [`Self::in_context`], or the article's first sentence: a news lead
    /// names the country the rest takes for granted.
    fn in_wide_context(&self, id: TermId) -> bool {
        let article = self.kb.article_at(self.sentence.article);
        self.in_context(id)
            || (article.sentences.end > article.sentences.start
                && self.memo.held_in(
                    self.kb,
                    id,
                    article.sentences.start..SentenceId(article.sentences.start.0 + 1),
                ))
    }

    fn number_fit(&self, fact: &Fact) -> Fit {
        let Some(wanted) = self.q.constraints.measure else {
            return Fit::Neutral;
        };
        let has = fact.measure(self.sentence.text);
        let agrees = match wanted {
            Wanted::Money => has == Some(Measure::Money),
            Wanted::Length => has == Some(Measure::Length),
            Wanted::Time => has == Some(Measure::Time),
            Wanted::Other => has == Some(Measure::Other),
            Wanted::Age => matches!(has, None | Some(Measure::Time)),
            Wanted::Count => matches!(has, None | Some(Measure::Percent)),
        };
        // A cost whose context never names what it is the cost of may be
        // another thing's ("the stadium will cost" for the land), or the
        // same thing's under another name ("the company spent"): no
        // contradiction, but no agreement either.
        let of_subject = self
            .q
            .constraints
            .subject
            .as_ref()
            .is_none_or(|subject| subject.id.is_some_and(|id| self.in_context(id)));
        match (agrees, wanted) {
            (false, _) => Fit::Conflicts,
            (true, Wanted::Age | Wanted::Count) => Fit::Neutral,
            (true, _) if !of_subject => Fit::Neutral,
            (true, _) => Fit::Agrees,
        }
    }

    /// Whether `fact` is a person whose role is the one the question
    /// names ("Mayor Patrick Lindqvist" for "the mayor of Millbrook").
    pub(crate) fn holds_the_role(&self, fact: &Fact) -> bool {
        fact.kind == FactKind::Person
            && !self.q.constraints.role.is_empty()
            && fact
                .role(self.sentence.text)
                .is_some_and(|r| self.role_fit(r) == Fit::Agrees)
    }

    fn person_fit(&self, fact: &Fact) -> Fit {
        let text = self.sentence.text;
        let role = fact.role(text).map_or(Fit::Neutral, |r| self.role_fit(r));
        let owner = self.owner_fit(fact);
        if role == Fit::Conflicts || owner == Fit::Conflicts {
            Fit::Conflicts
        } else {
            role.max(owner)
        }
    }

    /// The fact's role against the question's: another office, or the
    /// same office qualified otherwise ("Defence Minister" for "prime
    /// minister"), conflicts.
    fn role_fit(&self, role: &str) -> Fit {
        remembered(&self.memo.roles, role, || self.role_fit_afresh(role))
    }

    fn role_fit_afresh(&self, role: &str) -> Fit {
        let asked = &self.q.constraints.role;
        let Some(head) = asked.last() else {
            return Fit::Neutral;
        };
        let lang = self.q.lang;
        // Through the word cache: every fact of every candidate is checked,
        // and stemming each role afresh was most of a "who was president
        // of ..." question's time.
        let mut words: Vec<String> = Vec::new();
        text::for_each_term(lang, role, |_, _, t| words.push(t.to_string()));
        let relational = stems(lang, RELATIONAL, &RELATIONAL_STEMS);
        if words.iter().any(|w| relational.contains(w)) {
            return Fit::Neutral;
        }
        // Another office is no contradiction: a person holds several, and a
        // sentence names one ("Army Gen. Colin Powell" for the chairman).
        if !words.iter().any(|w| same_stem(w, &head.stem)) {
            return Fit::Neutral;
        }
        let generic = stems(lang, GENERIC_MODIFIERS, &GENERIC_STEMS);
        let specific = |w: &str| !same_stem(w, &head.stem) && !generic.iter().any(|g| g == w);
        let asked_mods: Vec<&str> = asked[..asked.len() - 1]
            .iter()
            .map(|n| n.stem.as_str())
            .filter(|w| specific(w))
            .collect();
        let has_mods: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| specific(w))
            .collect();
        let shared = asked_mods
            .iter()
            .any(|a| has_mods.iter().any(|h| same_stem(a, h)));
        if !asked_mods.is_empty() && !has_mods.is_empty() && !shared {
            Fit::Conflicts
        } else {
            Fit::Agrees
        }
    }

    /// Whose role the fact's is against the question's owner: its own
    /// owner, or the one the article gives the same name elsewhere; with
    /// neither, the owner must at least be named nearby.
    fn owner_fit(&self, fact: &Fact) -> Fit {
        let asked = &self.q.constraints.owner;
        if asked.is_empty() {
            return Fit::Neutral;
        }
        let text = self.sentence.text;
        let own = fact.of(text).map(str::to_string);
        let known = own.or_else(|| self.known_owner(fact.text(text)));
        match known {
            Some(o) if self.owner_agrees(&o) => Fit::Agrees,
            Some(_) => Fit::Conflicts,
            None if *self.owner_near.get_or_init(|| {
                asked
                    .iter()
                    .any(|n| n.id.is_some_and(|id| self.in_wide_context(id)))
            }) =>
            {
                Fit::Neutral
            }
            None => Fit::Conflicts,
        }
    }

    /// Whether owner text `owner` names one of the question's owner words
    /// ([`owner_agrees`]), remembered for the question.
    fn owner_agrees(&self, owner: &str) -> bool {
        remembered(&self.memo.owner_texts, owner, || {
            owner_agrees(&self.q.constraints.owner, owner)
        })
    }

    /// The owner of the same person's role elsewhere in the article
    /// ("Japanese Foreign Minister Takeshi Iwaya" for a later "Foreign
    /// Minister Takeshi Iwaya"), matching full names or surnames.
    fn known_owner(&self, name: &str) -> Option<String> {
        fn surname(n: &str) -> &str {
            n.rsplit(' ').next().unwrap_or(n)
        }
        let a = self.sentence.article;
        let mut memo = self.memo.owners.borrow_mut();
        let owners = memo.entry(a).or_insert_with(|| {
            let mut owners = Owners::new();
            let article = self.kb.article_at(a);
            for i in article.sentences.start.0..article.sentences.end.0 {
                let s = self.kb.sentence_at(SentenceId(i));
                for f in s.facts.iter().filter(|f| f.kind == FactKind::Person) {
                    if let Some(owner) = f.of(s.text) {
                        owners
                            .entry(surname(f.text(s.text)).into())
                            .or_insert_with(|| owner.into());
                    }
                }
            }
            owners
        });
        owners.get(surname(name)).map(|o| o.to_string())
    }
}

/// Whether the question asks about someone's role or a thing's cost
/// whose owner or thing no article mentions at all ("the president of
/// France" over articles that never name France): then no sentence can
/// answer it, however well the rest of its words match.
pub(crate) fn names_the_unknown(kb: &KnowledgeBase, q: &Question) -> bool {
    let index = kb.index();
    let unknown = |n: &Named| n.id.is_none_or(|id| !index.is_live(id));
    let c = &q.constraints;
    (!c.owner.is_empty() && c.owner.iter().all(unknown)) || c.subject.as_ref().is_some_and(unknown)
}

/// The English word lists' terms, worked out once: every candidate
/// sentence's every role is checked against them, and stemming them each
/// time was most of answering a "who was president of ..." question.
static RELATIONAL_STEMS: OnceLock<Vec<String>> = OnceLock::new();
static GENERIC_STEMS: OnceLock<Vec<String>> = OnceLock::new();

/// The terms of an English word list in `lang`: kept from the first call
/// for English, the lists' language; worked out afresh for any other.
fn stems(
    lang: Lang,
    words: &[&str],
    english: &'static OnceLock<Vec<String>>,
) -> std::borrow::Cow<'static, [String]> {
    let of = |lang| -> Vec<String> {
        words
            .iter()
            .filter_map(|w| text::term_of_folded(lang, w))
            .collect()
    };
    if lang == Lang::ENGLISH {
        std::borrow::Cow::Borrowed(english.get_or_init(|| of(lang)).as_slice())
    } else {
        std::borrow::Cow::Owned(of(lang))
    }
}

/// Works out the English word lists' terms now rather than on first use.
pub(super) fn prepare() {
    stems(Lang::ENGLISH, RELATIONAL, &RELATIONAL_STEMS);
    stems(Lang::ENGLISH, GENERIC_MODIFIERS, &GENERIC_STEMS);
}

/// Two stems are the same word, allowing one edit in stems of six letters
/// or more ("defenc"/"defens", not "prime"/"crime").
fn same_stem(a: &str, b: &str) -> bool {
    a == b || (a.len() >= 6 && b.len() >= 6 && strsim::damerau_levenshtein(a, b) <= 1)
}

/// Whether an owner text ("Japanese", "National Mineworkers Union")
/// names one of the question's owner words ("japan", "union").
fn owner_agrees(asked: &[Named], owner: &str) -> bool {
    let words: Vec<String> = owner
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| text::fold_word(Lang::ENGLISH, w))
        .collect();
    asked.iter().any(|a| {
        words.iter().any(|w| {
            same_place(w, &a.folded)
                || text::term_of_folded(Lang::ENGLISH, w).as_ref() == Some(&a.stem)
        })
    })
}

/// Two folded words name the same country or people: equal, a
/// nationality and its country ("japanese"/"japan", by a shared prefix
/// nearly as long as the shorter), or a listed pair ("french"/"france").
/// Two countries are the same only when equal ("austria"/"australia").
fn same_place(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if DEMONYMS
        .iter()
        .any(|&(d, c)| (d == a && c == b) || (d == b && c == a))
    {
        return true;
    }
    if facts::is_country_word(a) && facts::is_country_word(b) {
        return false;
    }
    let shared = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    shared >= 4 && shared + 3 >= shorter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Format;

    #[test]
    fn a_term_is_held_in_a_range_of_sentences() {
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Harbour news\n\nThe harbour opened. Ships came. Trade grew. \
             Prices fell. The harbour closed.",
            Format::Text,
        )]);
        let harbour = kb.index().term_id("harbour").expect("a term");
        let memo = Memo::default();
        let held =
            |from: u32, to: u32| memo.held_in(&kb, harbour, SentenceId(from)..SentenceId(to));
        assert!(held(0, 1));
        assert!(held(0, 5));
        assert!(!held(1, 4), "only the first and last sentences hold it");
        assert!(held(3, 5));
        assert!(!held(2, 2), "an empty range holds nothing");
    }

    #[test]
    fn nationalities_name_their_countries() {
        assert!(same_place("japanese", "japan"));
        assert!(same_place("ukrainian", "ukraine"));
        assert!(same_place("french", "france"));
        assert!(!same_place("austria", "australia"));
        assert!(!same_place("japan", "france"));
    }

    #[test]
    fn a_place_after_a_word_of_going_is_where_someone_went() {
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Trips\n\nThe minister arrived in Kyiv to discuss an alliance with Russia. \
             Hundreds fled through Rafah. She returned from Paris. \
             They travelled to the Ukrainian capital Kyiv. Troops were sent to Russia. \
             Pyongyang sent troops to Russia. Thousands fled Ukraine in March. They fled to Egypt.",
            crate::knowledge::Format::Text,
        )]);
        let went: Vec<(String, bool, bool)> = (0..kb.sentence_count())
            .flat_map(|i| {
                let sentence = kb.sentence_at(SentenceId(i as u32));
                sentence
                    .facts
                    .iter()
                    .filter(|f| f.kind == FactKind::Place)
                    .map(|f| {
                        (
                            f.text(sentence.text).to_string(),
                            went_to(sentence.text, f),
                            went_to_by_going(sentence.text, f),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let of = |place: &str, nth: usize| {
            went.iter()
                .filter(|(p, _, _)| p == place)
                .nth(nth)
                .map(|&(_, to, going)| (to, going))
                .unwrap_or_else(|| panic!("{place} #{nth} is a place fact: {went:?}"))
        };
        assert_eq!(of("Kyiv", 0), (true, true));
        assert_eq!(of("Russia", 0), (false, false));
        assert_eq!(of("Rafah", 0), (false, false));
        assert_eq!(of("Paris", 0), (false, false));
        assert_eq!(of("Kyiv", 1), (true, true));
        // Sent there: where the troops went, not where the sender did.
        assert_eq!(of("Russia", 1), (true, true));
        assert_eq!(of("Russia", 2), (true, false));
        // Fled from there; fled to there, which no other verb of going in
        // a question stands for.
        assert_eq!(of("Ukraine", 0), (false, false));
        assert_eq!(of("Egypt", 0), (true, false));
    }

    #[test]
    fn spelling_variants_are_one_stem() {
        assert!(same_stem("defenc", "defens"));
        assert!(!same_stem("prime", "crime"));
    }
}
