//! The ranker's named evidence about one candidate sentence, [`Features`],
//! and how each is found: the sentence's share of the question with its
//! neighbours and title, and whether it holds a fact of the kind the question
//! asks for. The score is their sum weighted by [`RankConfig`].

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::Phrased;
use super::RankConfig;
use super::agree;
use super::counted::Counted;
use super::phrase;
use super::question::{AnswerKind, Question};
use super::span;
use super::standing::{article_length, early};
use crate::facts::FactKind;
use crate::ids::{SentenceId, TermId};
use crate::knowledge::KnowledgeBase;
use crate::related;
use crate::text::{self, Lang};

/// The evidence about one candidate sentence, each roughly in 0..1; the
/// score is their sum weighted by [`RankConfig`]'s fields of the same name
/// (see there for what each means and why it counts).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub(crate) struct Features {
    pub(crate) bm25: f32,
    pub(crate) article: f32,
    pub(crate) title: f32,
    pub(crate) coverage: f32,
    pub(crate) context: f32,
    pub(crate) context_before: f32,
    pub(crate) continued: f32,
    pub(crate) answer_type: f32,
    pub(crate) answer_person: f32,
    pub(crate) answer_role: f32,
    pub(crate) answer_date: f32,
    pub(crate) answer_number: f32,
    pub(crate) proximity: f32,
    pub(crate) lead: f32,
    pub(crate) lead_factoid: f32,
    pub(crate) short: f32,
    pub(crate) adjacency: f32,
    pub(crate) soft: f32,
    pub(crate) early: f32,
    pub(crate) lead_without_answer: f32,
    pub(crate) kind: f32,
    pub(crate) phrase: f32,
    pub(crate) counted: f32,
    pub(crate) definition: f32,
    pub(crate) local: f32,
    pub(crate) paragraph: f32,
    pub(crate) article_length: f32,
}

impl Features {
    /// The features' names, in [`Features::values`]' order: the learning
    /// script reads them from the dump's first line.
    pub(crate) const NAMES: [&'static str; 27] = [
        "bm25",
        "article",
        "title",
        "coverage",
        "context",
        "answer_type",
        "answer_person",
        "answer_date",
        "answer_number",
        "proximity",
        "lead",
        "lead_factoid",
        "short",
        "adjacency",
        "soft",
        "early",
        "answer_role",
        "lead_without_answer",
        "context_before",
        "kind",
        "phrase",
        "counted",
        "definition",
        "continued",
        "local",
        "paragraph",
        "article_length",
    ];

    /// The values, in [`Features::NAMES`]' order.
    pub(crate) fn values(&self) -> [f32; 27] {
        [
            self.bm25,
            self.article,
            self.title,
            self.coverage,
            self.context,
            self.answer_type,
            self.answer_person,
            self.answer_date,
            self.answer_number,
            self.proximity,
            self.lead,
            self.lead_factoid,
            self.short,
            self.adjacency,
            self.soft,
            self.early,
            self.answer_role,
            self.lead_without_answer,
            self.context_before,
            self.kind,
            self.phrase,
            self.counted,
            self.definition,
            self.continued,
            self.local,
            self.paragraph,
            self.article_length,
        ]
    }

    /// The weighted sum, in a fixed order so equal inputs give equal floats.
    /// Each feature weighs its weight plus, in proportion to the article's
    /// length (`article_length`), its shift for a long article.
    pub(crate) fn score(&self, cfg: &RankConfig) -> f32 {
        let (l, long) = (self.article_length, &cfg.long_article);
        (cfg.bm25 + l * long.bm25) * self.bm25
            + (cfg.article + l * long.article) * self.article
            + (cfg.title + l * long.title) * self.title
            + (cfg.coverage + l * long.coverage) * self.coverage
            + (cfg.context + l * long.context) * self.context
            + (cfg.answer_type + l * long.answer_type) * self.answer_type
            + (cfg.answer_person + l * long.answer_person) * self.answer_person
            + (cfg.answer_date + l * long.answer_date) * self.answer_date
            + (cfg.answer_number + l * long.answer_number) * self.answer_number
            + (cfg.proximity + l * long.proximity) * self.proximity
            + (cfg.lead + l * long.lead) * self.lead
            + (cfg.lead_factoid + l * long.lead_factoid) * self.lead_factoid
            + (cfg.short + l * long.short) * self.short
            + (cfg.adjacency + l * long.adjacency) * self.adjacency
            + (cfg.soft + l * long.soft) * self.soft
            + (cfg.early + l * long.early) * self.early
            + (cfg.answer_role + l * long.answer_role) * self.answer_role
            + (cfg.lead_without_answer + l * long.lead_without_answer) * self.lead_without_answer
            + (cfg.context_before + l * long.context_before) * self.context_before
            + (cfg.kind + l * long.kind) * self.kind
            + (cfg.phrase + l * long.phrase) * self.phrase
            + (cfg.counted + l * long.counted) * self.counted
            + (cfg.definition + l * long.definition) * self.definition
            + (cfg.continued + l * long.continued) * self.continued
            + (cfg.local + l * long.local) * self.local
            + (cfg.paragraph + l * long.paragraph) * self.paragraph
            + cfg.article_length * self.article_length
    }
}

/// What the ranker measured of a candidate before its features are put
/// together: its BM25 and its article's scores, normalised, and what the
/// matchers found in it.
pub(crate) struct Matched {
    /// The sentence's BM25 over the best sentence's.
    pub(crate) bm25: f32,
    /// Its article's BM25 over the best article's.
    pub(crate) article: f32,
    /// The share of the question's weight in its article's title.
    pub(crate) title: f32,
    /// The share of the question's weight in the sentence.
    pub(crate) coverage: f32,
    /// How close together the matched words sit.
    pub(crate) proximity: f32,
    /// The question's word pairs standing together here.
    pub(crate) adjacency: f32,
    /// The share held only in other words.
    pub(crate) soft: f32,
    /// The share of the question held, weighed by idf within the article.
    pub(crate) local: f32,
}

/// One question's part of every candidate's features: its terms, and the
/// agreement checks its candidates share.
pub(crate) struct Asked<'a> {
    kb: &'a KnowledgeBase,
    q: &'a Question,
    question_terms: Vec<TermId>,
    memo: agree::Memo,
    /// The kind of thing an English question's focus noun names ("country"
    /// in "which African country"), looked for by [`Asked::kind`].
    kind_of: Option<related::Kind>,
    /// The words [`Asked::kind`] read, as written (in the table's own
    /// text): whether each has a term and whether it names the kind.
    kinds_seen: RefCell<FxHashMap<&'a str, (bool, bool)>>,
    /// Whether the answer phrase's shape weighs ([`Asked::phrase`]).
    shaped: bool,
    /// What a "how many" question counts, looked for by [`Asked::counts`].
    counted: Option<Counted>,
}

impl<'a> Asked<'a> {
    /// The question `q` over `kb`, with its known terms and their weights.
    pub(crate) fn new(kb: &'a KnowledgeBase, q: &'a Question, terms: &[(TermId, f32)]) -> Self {
        // A thing's kind: a person's, a date's or a number's focus ("which
        // actor", "what year", "how many troops") is told by facts, not by
        // WordNet's nouns.
        let kind_of = q
            .focus
            .as_deref()
            .filter(|_| {
                q.lang == Lang::ENGLISH
                    && matches!(
                        q.kind,
                        AnswerKind::Place | AnswerKind::Organisation | AnswerKind::Entity
                    )
            })
            .map(related::Kind::new);
        Asked {
            kb,
            q,
            question_terms: terms.iter().map(|t| t.0).collect(),
            memo: agree::Memo::default(),
            kind_of,
            kinds_seen: RefCell::default(),
            shaped: span::shape_tells(q),
            counted: Counted::of(q),
        }
    }

    /// Whether sentence `s` defines something the question names: "A
    /// diaphragm pump ... is a positive displacement pump" (a question word
    /// before the first "is a", "are the", ... within ten words).
    fn defines(&self, s: SentenceId) -> bool {
        if self.q.lang != Lang::ENGLISH {
            return false;
        }
        let sent = self.kb.sentence_at(s);
        let text = sent.text;
        let Some(at) = [" is ", " are ", " was ", " were ", " refers to "]
            .iter()
            .filter_map(|c| text.find(c).map(|i| (i, c.len())))
            .min()
        else {
            return false;
        };
        let subject = &text[..at.0];
        let after = text[at.0 + at.1..].split_whitespace().next().unwrap_or("");
        if subject.split_whitespace().count() > 10
            || !matches!(
                after,
                "a" | "an" | "the" | "one" | "any" | "typically" | "generally"
            )
        {
            return false;
        }
        let mut named = false;
        text::for_each_term(sent.lang, subject, |_, _, t| {
            named |= self
                .kb
                .index()
                .term_id(t)
                .is_some_and(|id| self.question_terms.contains(&id));
        });
        named
    }

    /// Whether sentence `s` holds a number of what the question counts,
    /// one the question does not name: "29 days" for "how many days are in
    /// a leap year". 1 or 0; 0 for any other question.
    fn counts(&self, s: SentenceId) -> f32 {
        let Some(counted) = &self.counted else {
            return 0.0;
        };
        let sent = self.kb.sentence_at(s);
        let counts = sent.facts.iter().any(|f| {
            f.kind == FactKind::Number
                && !phrase::fact_named(self.kb, &sent, f, &self.question_terms, false)
                && counted.counts(sent.text, sent.lang, f)
        });
        if counts { 1.0 } else { 0.0 }
    }

    /// Whether sentence `s` names a thing of the kind the question's focus
    /// noun asks for ("Botswana" for "which African country") with a word
    /// the question does not hold: 1 or 0, and 0 without a focus or for
    /// another language than English (the kinds table is WordNet's).
    /// Weighed, like context, for the best candidates only: it reads the
    /// sentence's words.
    pub(crate) fn kind(&self, s: SentenceId) -> f32 {
        let Some(kind) = &self.kind_of else {
            return 0.0;
        };
        let sent = self.kb.sentence_at(s);
        let mut ids = sent.terms.iter();
        // The best candidates share many of their words: each is analyzed
        // and looked up in the kinds table once a question.
        let mut seen = self.kinds_seen.borrow_mut();
        let mut named = false;
        text::with_word_cache(|cache| {
            text::for_each_word(sent.lang, sent.text, |_, word| {
                if named {
                    return;
                }
                let (has_term, names_kind) = match seen.get(word) {
                    Some(&found) => found,
                    None => {
                        let (folded, has_term) = cache.folded(sent.lang, word);
                        let found = (
                            has_term,
                            has_term
                                && !text::is_stop_word_in(sent.lang, &folded)
                                && kind.is_named_by(&folded),
                        );
                        seen.insert(word, found);
                        found
                    }
                };
                // Every word with a term takes its id, in order, so the
                // question's own words are told by id.
                if has_term
                    && !ids
                        .next()
                        .is_some_and(|id| self.question_terms.contains(&id))
                {
                    named = names_kind;
                }
            });
        });
        if named { 1.0 } else { 0.0 }
    }

    /// What a reply of sentence `s` shows and the answer-phrase model's
    /// verdict on it ([`span::Verdict`]), whose fit is the `phrase`
    /// feature; none for a question whose answers have no shape
    /// ([`span::shape_tells`]). Weighed for the best few candidates only:
    /// it scores every span of the sentence.
    pub(crate) fn phrase(&self, s: SentenceId) -> Option<Phrased> {
        if !self.shaped {
            return None;
        }
        let shown = super::Shown::of(self.kb, s, self.q);
        let verdict = shown.window.clone().map(|window| {
            let sent = self.kb.sentence_at(s);
            span::Verdict::of(self.kb, &sent, self.q, shown.fact.clone(), window)
        });
        Some(Phrased { shown, verdict })
    }

    /// Sentence `s`'s features (`context` is left at zero: it is weighed in
    /// for the best candidates only).
    pub(crate) fn features(&self, s: SentenceId, m: Matched) -> Features {
        let (kb, q) = (self.kb, self.q);
        let sent = kb.sentence_at(s);
        let about = m.title.max(m.article).min(1.0);
        let first = sent.position == 0;
        let len = kb.index().sentence_len(s) as f32;
        let (typed, role) = has_answer_fact(kb, s, q, &self.question_terms, &self.memo);
        let typed_as = |kinds: &[AnswerKind]| {
            if kinds.contains(&q.kind) { typed } else { 0.0 }
        };
        Features {
            bm25: m.bm25,
            article: m.article,
            title: m.title,
            coverage: m.coverage,
            context: 0.0,
            context_before: 0.0,
            continued: 0.0,
            answer_type: typed_as(&[
                AnswerKind::Place,
                AnswerKind::Organisation,
                AnswerKind::Entity,
            ]),
            answer_person: typed_as(&[AnswerKind::Person]),
            answer_role: if role { 1.0 } else { 0.0 },
            answer_date: typed_as(&[AnswerKind::Date]),
            answer_number: typed_as(&[AnswerKind::Number, AnswerKind::Duration]),
            early: early(kb, sent.position, sent.article),
            kind: 0.0,
            phrase: 0.0,
            counted: self.counts(s),
            definition: if q.kind.wants_description() && self.defines(s) {
                1.0
            } else {
                0.0
            },
            proximity: m.proximity,
            lead: if first && q.kind.wants_description() {
                about
            } else {
                0.0
            },
            lead_factoid: if first && !q.kind.wants_description() {
                about
            } else {
                0.0
            },
            // A lead that names the story's people, places and dates but
            // not one the question asks for (the question names them): a
            // summary of the story, not the fact asked.
            lead_without_answer: if first
                && !q.kind.wants_description()
                && !q.kind.wanted_facts().is_empty()
                && typed <= 0.0
            {
                about
            } else {
                0.0
            },
            short: (1.0 - len / SHORT_SENTENCE).max(0.0),
            adjacency: m.adjacency,
            soft: m.soft,
            local: m.local,
            paragraph: 0.0,
            article_length: article_length(kb, sent.article),
        }
    }
}

/// Sentences shorter than this many words are fragments more often than
/// answers (captions, headings, datelines).
const SHORT_SENTENCE: f32 = 6.0;

/// 1.0 when the sentence holds a fact of a wanted kind whose words are not
/// all in the question (a fact the question already names answers nothing),
/// that tells a year if the question asks for one (`phrase::tells_a_year`),
/// and that does not contradict what the question says of its answer
/// (someone else's role, another kind of number: see `agree`); 0.5 when
/// the question names whose role or what cost it asks about and no fact
/// here is shown to be that one's; -1.0 when its only such facts
/// contradict it; 0.0 when it has none. And whether such a fact is a
/// person holding the office the question names.
fn has_answer_fact(
    kb: &KnowledgeBase,
    s: SentenceId,
    q: &Question,
    question_terms: &[TermId],
    memo: &agree::Memo,
) -> (f32, bool) {
    let kinds = q.kind.wanted_facts();
    if kinds.is_empty() {
        return (0.0, false);
    }
    let sent = kb.sentence_at(s);
    let check = agree::Check::new(kb, s, q, memo);
    let (mut fits, mut agrees, mut conflicts, mut role) = (false, false, false, false);
    for f in sent.facts.iter() {
        // "What was the first year of the Derby?": "the first Saturday in
        // May" is a date, and no year; "the 16th century" tells one.
        if !kinds.contains(&f.kind)
            || (q.wants_year && !phrase::tells_a_year(f.text(sent.text)))
            || phrase::fact_named(kb, &sent, f, question_terms, f.kind == FactKind::Person)
        {
            continue;
        }
        match check.as_ref().map(|c| c.fit(f)) {
            Some(agree::Fit::Conflicts) => conflicts = true,
            Some(agree::Fit::Agrees) => {
                (fits, agrees) = (true, true);
                role |= check.as_ref().is_some_and(|c| c.holds_the_role(f));
            }
            _ => fits = true,
        }
    }
    // Only candidates that contradict the question (someone else's role,
    // a count of those who returned for "how many were killed"): the
    // sentence is about something else, which counts against it as much as
    // a fitting fact counts for.
    if !fits && conflicts {
        return (-1.0, false);
    }
    // The question names whose role or what cost it asks about, and no
    // fact here is shown to be that one's ("the stadium will cost" for
    // the land's cost): half the evidence of one that is.
    let names_its_subject = !q.constraints.owner.is_empty() || q.constraints.subject.is_some();
    let typed = match (fits, agrees) {
        (false, _) => 0.0,
        (true, false) if check.is_some() && names_its_subject => 0.5,
        (true, _) => 1.0,
    };
    (typed, role)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{RankConfig, analyze_question, candidates};
    use crate::knowledge::Format;

    /// Each candidate's text with its features, for `question` over `kb`.
    fn ranked(kb: &KnowledgeBase, question: &str) -> Vec<(String, Features)> {
        candidates(kb, question, &RankConfig::default(), 10)
            .into_iter()
            .map(|(a, f)| (a.text, f))
            .collect()
    }

    /// The features of the first candidate holding `text`.
    fn of<'f>(found: &'f [(String, Features)], text: &str) -> Option<&'f Features> {
        found.iter().find(|(t, _)| t.contains(text)).map(|(_, f)| f)
    }

    #[test]
    fn an_age_is_counted_for_how_old_and_a_unit_for_how_many() {
        let kb = KnowledgeBase::from_texts([(
            "oldest.txt",
            "Oldest woman dies\n\nBessie Hendricks of Iowa lived through 2 World Wars.\n\n\
             At age 115, Hendricks was believed to be the oldest person in the U.S.\n\n\
             Her farm had 30 cows.",
            Format::Text,
        )]);
        let found = ranked(&kb, "Bessie Hendricks died this week. How old was she?");
        assert_eq!(of(&found, "At age 115").map(|f| f.counted), Some(1.0));
        assert_eq!(of(&found, "World Wars").map(|f| f.counted), Some(0.0));
        let found = ranked(&kb, "How many cows did the farm have?");
        assert_eq!(of(&found, "30 cows").map(|f| f.counted), Some(1.0));
    }

    #[test]
    fn a_date_without_a_year_answers_no_what_year() {
        let kb = KnowledgeBase::from_texts([(
            "derby.txt",
            "Kentucky Derby\n\nThe Kentucky Derby is held on the first Saturday in May.\n\n\
             The Kentucky Derby has been run every year since 1875.\n\n\
             Horse racing in Kentucky began in the 18th century.",
            Format::Text,
        )]);
        let found = ranked(&kb, "What was the first year of the Kentucky Derby?");
        assert_eq!(of(&found, "Saturday").map(|f| f.answer_date), Some(0.0));
        assert_eq!(of(&found, "since 1875").map(|f| f.answer_date), Some(1.0));
        // A century answers "what century".
        let found = ranked(&kb, "In what century did horse racing begin in Kentucky?");
        assert_eq!(of(&found, "18th century").map(|f| f.answer_date), Some(1.0));
    }

    #[test]
    fn a_thing_of_the_kind_asked_is_named() {
        let kb = KnowledgeBase::from_texts([(
            "diamond.txt",
            "Diamond find\n\nA huge diamond was unearthed this week by a Canadian miner.\n\n\
             The government of Botswana said the diamond was the largest ever found.",
            Format::Text,
        )]);
        let found = ranked(&kb, "In which African country was the huge diamond found?");
        assert_eq!(of(&found, "Botswana").map(|f| f.kind), Some(1.0));
        assert_eq!(of(&found, "unearthed").map(|f| f.kind), Some(0.0));
    }

    #[test]
    fn the_questions_own_words_and_other_kinds_name_nothing() {
        let kb = KnowledgeBase::from_texts([(
            "trip.txt",
            "Trip\n\nThe minister flew to France on Monday.\n\n\
             He played soccer with the mayor.",
            Format::Text,
        )]);
        // "France" is the question's own word; soccer is no country.
        for (text, f) in ranked(&kb, "Which country did the minister fly to after France?") {
            assert_eq!(f.kind, 0.0, "{text}");
        }
        // A sport is asked for: soccer names one.
        let sport = ranked(&kb, "Which sport did the minister play with the mayor?");
        assert!(
            sport
                .iter()
                .any(|(t, f)| t.contains("soccer") && f.kind == 1.0)
        );
        // Who and how many are told by facts, not by kinds.
        let q = analyze_question(&kb, "How many countries did the minister visit?");
        assert!(q.focus.is_some());
        assert!(Asked::new(&kb, &q, &[]).kind_of.is_none());
    }

    #[test]
    fn a_sentence_holding_the_answers_shape_fits_better_than_a_restatement() {
        let kb = KnowledgeBase::from_texts([(
            "hockey.txt",
            "Hockey\n\nAlex Ovechkin said the team would play better next season.\n\n\
             Alex Ovechkin has played for the Washington Capitals since 2005.",
            Format::Text,
        )]);
        let found = ranked(&kb, "Which team does Alex Ovechkin play for?");
        let phrase = |text: &str| of(&found, text).map_or(0.0, |f| f.phrase);
        assert!(phrase("Capitals") > phrase("next season"), "{found:?}");
        assert!(phrase("Capitals") > 0.5 && phrase("Capitals") < 1.0);
    }

    #[test]
    fn the_phrase_is_weighed_for_the_best_few_only() {
        let mut text = String::from("Ferries");
        for i in 0..12 {
            text.push_str(&format!(
                "\n\nThe ferry number {i} carried {} passengers to the island.",
                100 + i
            ));
        }
        let kb = KnowledgeBase::from_texts([("f.txt", text.as_str(), Format::Text)]);
        let cfg = RankConfig::default();
        let weighed = candidates(&kb, "How many passengers did the ferry carry?", &cfg, 12);
        let with_phrase = weighed.iter().filter(|(_, f)| f.phrase > 0.0).count();
        assert_eq!(with_phrase, cfg.phrase_rerank);
        // Unweighed (as when dumping for the learner), every answer has it.
        let dump = RankConfig {
            phrase: 0.0,
            ..RankConfig::default()
        };
        let filled = candidates(&kb, "How many passengers did the ferry carry?", &dump, 12);
        assert!(filled.iter().all(|(_, f)| f.phrase > 0.0));
    }

    #[test]
    fn kinds_are_weighed_for_the_best_few_only() {
        let mut text = String::from("Tours");
        for i in 0..12 {
            text.push_str(&format!(
                "\n\nThe tour number {i} of the band ended in Chicago."
            ));
        }
        let kb = KnowledgeBase::from_texts([("t.txt", text.as_str(), Format::Text)]);
        let q = "Which city did the band's tour end in?";
        let few = RankConfig {
            kind_rerank: 3,
            ..RankConfig::default()
        };
        let weighed = candidates(&kb, q, &few, 12);
        assert_eq!(weighed.iter().filter(|(_, f)| f.kind > 0.0).count(), 3);
        // Without context (as when dumping for the learner), every answer
        // has its kind.
        let dump = RankConfig {
            context: 0.0,
            context_before: 0.0,
            continued: 0.0,
            ..few
        };
        let filled = candidates(&kb, q, &dump, 12);
        assert!(filled.iter().all(|(_, f)| f.kind > 0.0), "{filled:?}");
    }

    #[test]
    fn a_long_articles_sentence_weighs_each_feature_with_its_shift() {
        let cfg = RankConfig {
            bm25: 1.0,
            coverage: 0.0,
            article_length: 0.5,
            long_article: crate::answer::LongArticle {
                bm25: 2.0,
                coverage: -1.0,
                ..Default::default()
            },
            ..RankConfig::default()
        };
        let only = |f: Features| {
            // Every other feature left at zero weighs nothing.
            f.score(&cfg)
        };
        let f = |length: f32| Features {
            bm25: 1.0,
            coverage: 1.0,
            article_length: length,
            ..Features::default()
        };
        // A short article: the weights as they are.
        assert_eq!(only(f(0.0)), 1.0);
        // Half way: half of each shift, and the length's own weight.
        assert_eq!(only(f(0.5)), (1.0 + 0.5 * 2.0) + (0.0 - 0.5) + 0.25);
        // The longest: the whole shifts.
        assert_eq!(only(f(1.0)), 3.0 - 1.0 + 0.5);
    }
}
