//! From a question to ranked answers: pure code over a [`KnowledgeBase`]
//! (no I/O, no async, no teloxide), so every front end — console, Telegram,
//! `ask`, `eval` — gives the same answer to the same question.

mod actor;
mod agree;
mod asking;
mod calibration;
mod checked;
mod constraint;
mod context;
mod continued;
mod counted;
mod features;
mod filter;
mod given;
mod lift;
mod local;
mod matcher;
pub(crate) mod phrase;
mod question;
mod rank;
mod retelling;
mod soft;
pub(crate) mod span;
mod standing;
mod weights;

use std::ops::Range;

use serde::Serialize;

use crate::facts::FactKind;
use crate::ids::{SentenceId, TermId};
use crate::knowledge::KnowledgeBase;
// For the bot's follow-ups only.
#[cfg(feature = "bot")]
pub(crate) use agree::is_relational;
#[cfg(feature = "bot")]
pub(crate) use constraint::is_motion_word;
pub(crate) use features::Features;
pub use phrase::MAX_REPLY_CHARS;
#[cfg(feature = "bot")]
pub(crate) use question::clean_question;
pub use question::{AnswerKind, QueryTerm, Question, analyze_question};
pub use weights::{LongArticle, RankConfig};

/// One answer: a sentence from an article, with the phrase that answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The sentence, in the table that answered.
    pub sentence: SentenceId,
    /// The sentence's original text, trimmed to at most [`MAX_REPLY_CHARS`] characters.
    pub text: String,
    /// Byte range of the answer phrase inside `text`, if any.
    #[serde(skip)]
    pub highlight: Option<Range<usize>>,
    /// The article's id (its path under the knowledge folder).
    pub article: String,
    /// The article's title.
    pub title: String,
    /// The article's URL, when known.
    pub url: Option<String>,
    /// The ranker's score (comparable within one question only).
    pub score: f32,
}

impl Answer {
    /// The answer phrase's text.
    pub fn highlight_text(&self) -> Option<&str> {
        self.highlight.clone().and_then(|r| self.text.get(r))
    }
}

/// What the bot says to a question: ranked answers, or none when it does
/// not know (then `suggestions` may name articles that come closest).
#[derive(Debug, Clone, Serialize)]
pub struct Reply {
    /// The analyzed question.
    pub question: Question,
    /// Answers, best first; empty when the bot does not know.
    pub answers: Vec<Answer>,
    /// Confidence in the first answer, 0..1: the share of the question's
    /// keywords the answer and its context hold.
    pub confidence: f32,
    /// Titles of the articles closest to the question, for "I don't know".
    pub suggestions: Vec<String>,
}

impl Reply {
    /// Whether the bot has an answer.
    pub fn knows(&self) -> bool {
        !self.answers.is_empty()
    }
}

/// Answers `question` from `kb` with up to `top` answers, each with its
/// answer phrase marked.
pub fn answer(kb: &KnowledgeBase, question: &str, cfg: &RankConfig, top: usize) -> Reply {
    answer_marked(kb, question, cfg, top, 0..top)
}

/// Builds the engine's compiled-in tables (related words, WordNet kinds,
/// the answer-phrase model, the learned weights) now, rather than inside
/// the first question that needs each, which they slowed by milliseconds.
/// Idempotent and thread-safe: a front end runs it beside loading the
/// articles, and a question arriving first merely waits for the table it
/// needs.
pub fn prepare() {
    crate::related::prepare();
    span::prepare();
    weights::prepare();
    agree::prepare();
}

/// As [`answer`], but the answer phrase is looked for only in the answers
/// whose places are in `marked` (the others have none): finding a phrase
/// scores every span of the sentence, the dearest step per answer, and a
/// reply shows one page of answers at a time.
pub fn answer_marked(
    kb: &KnowledgeBase,
    question: &str,
    cfg: &RankConfig,
    top: usize,
    marked: Range<usize>,
) -> Reply {
    let q = analyze_question(kb, question);
    let mut ranked = rank::rank(kb, &q, cfg, top);
    drop_about_someone_else(kb, &q, &mut ranked);
    // A question about someone or something no article mentions (the
    // president of a country never named) has no answer, however well its
    // other words match.
    let best = ranked.iter().take(AGE_LOOKED_AT).map(|s| s.sentence);
    let unknown = agree::names_the_unknown(kb, &q) || counted::no_age_told(kb, &q, best);
    let confidence = match ranked.first() {
        Some(s) if !unknown => {
            // The question's words may be spread over the paragraph up to
            // the sentence as over its neighbours. Measured: 96.8% of
            // wikiqa's questions still get "I don't know" over `knowledge/`.
            let exact = s.context.max(s.coverage).max(s.features.paragraph);
            if exact > 0.0 {
                exact + cfg.soft_confidence * s.soft_context
            } else {
                0.0
            }
        }
        _ => 0.0,
    };
    // Confidence is the best match's; the answer may be its retelling.
    retelling::prefer_retelling(kb, &q, &mut ranked);
    let mut reply = Reply {
        question: q,
        answers: Vec::new(),
        confidence,
        suggestions: Vec::new(),
    };
    // Each language's analyzer matches a different share of a question:
    // its threshold keeps off-topic questions as unanswered as English's.
    let min_confidence = cfg.min_confidence * calibration::threshold_scale(reply.question.lang);
    if ranked.is_empty() || unknown || confidence < min_confidence {
        let mut seen = Vec::new();
        for s in ranked.iter().take(20) {
            let title = &kb.article_at(kb.article_id_of(s.sentence)).title;
            if !title.is_empty() && !seen.contains(title) && seen.len() < 3 {
                seen.push(title.clone());
            }
        }
        reply.suggestions = seen;
        return reply;
    }
    let mut seen_texts: Vec<&str> = Vec::new();
    for s in &ranked {
        if reply.answers.len() >= top {
            break;
        }
        let sent = kb.sentence_at(s.sentence);
        if seen_texts.contains(&sent.text) {
            continue;
        }
        seen_texts.push(sent.text);
        let mark = marked.contains(&reply.answers.len());
        reply
            .answers
            .push(build_answer(kb, s, &reply.question, mark));
    }
    reply
}

/// A question for someone's age is answered only if one of this many
/// best sentences holds a number: the retelling that may come first is
/// among them.
const AGE_LOOKED_AT: usize = 5;

/// Sentences this far down the ranking are checked for being about
/// someone other than the question's person: the answer and the first
/// page of alternatives.
const ACTOR_CHECKED: usize = 10;

/// Drops from the top of `ranked` the sentences about someone other than
/// the person the question names (`actor`): however well the rest of
/// their words match, they answer for the wrong person.
fn drop_about_someone_else(kb: &KnowledgeBase, q: &Question, ranked: &mut Vec<rank::Scored>) {
    if !actor::is_checked(q.kind) {
        return;
    }
    let mut actors = actor::Actors::default();
    let mut i = 0;
    let mut checked = 0;
    while i < ranked.len() && checked < ACTOR_CHECKED {
        checked += 1;
        if actors.about_someone_else(kb, q, ranked[i].sentence) {
            ranked.remove(i);
        } else {
            i += 1;
        }
    }
}

/// The best `n` candidates for a question, as answers, with the evidence
/// each was scored from: what `eval --features` dumps for learning the
/// ranker's weights. No "I don't know" threshold and no deduplication:
/// the learner sees what the ranker sees.
pub(crate) fn candidates(
    kb: &KnowledgeBase,
    question: &str,
    cfg: &RankConfig,
    n: usize,
) -> Vec<(Answer, Features)> {
    let q = analyze_question(kb, question);
    rank::rank(kb, &q, cfg, n)
        .iter()
        .take(n)
        .map(|s| (build_answer(kb, s, &q, true), s.features))
        .collect()
}

fn build_answer(kb: &KnowledgeBase, s: &rank::Scored, q: &Question, mark: bool) -> Answer {
    let sent = kb.sentence_at(s.sentence);
    let article = kb.article_at(sent.article);
    // The ranker may have worked out the reply's text and phrase already.
    let kept = s.phrased.as_ref().filter(|_| mark);
    let shown = match kept {
        Some(p) => p.shown.clone(),
        None if mark => Shown::of(kb, s.sentence, q),
        None => Shown::unmarked(kb, s.sentence, q),
    };
    let hl = shown.window.clone().filter(|_| mark).and_then(|w| {
        let h = match role_of_named(kb, &sent, q) {
            Some(role) => role,
            None => {
                let h = match kept.and_then(|p| p.verdict.as_ref()) {
                    Some(verdict) => verdict.phrase(),
                    None => span::Verdict::of(kb, &sent, q, shown.fact.clone(), w.clone()).phrase(),
                }?;
                checked::checked_span(kb, s.sentence, q, h, shown.fact.clone())?
            }
        };
        (w.start <= h.start && h.end <= w.end).then_some((w, h))
    });
    Answer {
        sentence: s.sentence,
        highlight: hl
            .map(|(w, h)| h.start - w.start + shown.offset..h.end - w.start + shown.offset),
        text: shown.text,
        article: article.id.clone(),
        title: article.title.clone(),
        url: article.meta.url.clone(),
        score: s.score,
    }
}

/// For "Who is Rustem Umerov?" (or "who is umerov"): the role the
/// sentence gives the person the question is only about ("Defence
/// Minister"), which is what it asks; the span model, trained on SQuAD's
/// descriptions, may mark any other word near the name.
fn role_of_named(
    kb: &KnowledgeBase,
    sent: &crate::knowledge::Sentence,
    q: &Question,
) -> Option<Range<usize>> {
    if q.kind != AnswerKind::Definition {
        return None;
    }
    let asked: Vec<TermId> = q.known_terms().collect();
    if asked.is_empty() {
        return None;
    }
    sent.facts
        .iter()
        .filter(|f| f.kind == FactKind::Person)
        .filter(|f| {
            let name = fact_term_ids(kb, sent, f);
            asked.iter().all(|t| name.contains(t))
        })
        .find_map(|f| f.role_range(sent.text))
}

/// The table's term ids of fact `f`'s words: the run the loader recorded,
/// or the fact's text analyzed again where it recorded none.
pub(crate) fn fact_term_ids(
    kb: &KnowledgeBase,
    sent: &crate::knowledge::Sentence,
    f: &crate::facts::Fact,
) -> Vec<TermId> {
    match f.terms() {
        Some(run) => sent.terms.iter().skip(run.start).take(run.len()).collect(),
        None => {
            let mut ids = Vec::new();
            crate::text::for_each_term(sent.lang, f.text(sent.text), |_, _, t| {
                ids.extend(kb.index().term_id(t));
            });
            ids
        }
    }
}

/// What a reply shows of a sentence: the text (cut to
/// [`MAX_REPLY_CHARS`] around the fact the rules picked, or around the
/// question's words), and where in the sentence that text comes from, so
/// the answer phrase is looked for only where the reader will see it.
#[derive(Debug, Clone)]
pub(crate) struct Shown {
    /// The reply's text.
    pub(crate) text: String,
    /// The fact rules' phrase, in the sentence.
    pub(crate) fact: Option<Range<usize>>,
    /// The bytes of the sentence the text shows; none when the cut lost
    /// even what it was centred on.
    pub(crate) window: Option<Range<usize>>,
    /// Where the window starts in `text` (after a leading ellipsis).
    pub(crate) offset: usize,
}

/// A reply's text for one sentence and the answer-phrase model's verdict
/// on it (none when the text lost what it was centred on), worked out by
/// the ranker for its best few candidates and kept for the reply.
#[derive(Debug, Clone)]
pub(crate) struct Phrased {
    /// What the reply shows.
    pub(crate) shown: Shown,
    /// The model's verdict on the part of the sentence shown.
    pub(crate) verdict: Option<span::Verdict>,
}

impl Phrased {
    /// The `phrase` feature: how well the best span fits as the answer.
    pub(crate) fn fit(&self) -> f32 {
        self.verdict.as_ref().map_or(0.0, span::Verdict::fit)
    }
}

impl Shown {
    /// The reply text of sentence `s` for `q`. The excerpt of a long
    /// sentence is centred where it was before the span model chose
    /// phrases, so replies, and what they hit, stay put.
    pub(crate) fn of(kb: &KnowledgeBase, s: SentenceId, q: &Question) -> Shown {
        let original = kb.sentence_at(s).text;
        let fact = phrase::fact_highlight(kb, s, q);
        let keep = fact.clone().unwrap_or_else(|| matched_span(kb, s, q));
        let (text, moved) = phrase::excerpt(original, keep.clone());
        let offset = if text.starts_with('…') {
            '…'.len_utf8()
        } else {
            0
        };
        let tail = if text.ends_with('…') && text.len() > offset {
            '…'.len_utf8()
        } else {
            0
        };
        let window = moved.and_then(|m| {
            let start = keep.start.checked_sub(m.start.checked_sub(offset)?)?;
            let window = start..start + (text.len() - offset - tail);
            (original.get(window.clone())? == &text[offset..text.len() - tail]).then_some(window)
        });
        Shown {
            text,
            fact,
            window,
            offset,
        }
    }

    /// [`Shown::of`]'s text for an answer without a phrase: a sentence
    /// short enough to show whole needs neither the fact rules' phrase nor
    /// the matched words, which only centre a long one's excerpt (the
    /// alternatives below the first answer are most of a reply's answers).
    fn unmarked(kb: &KnowledgeBase, s: SentenceId, q: &Question) -> Shown {
        let text = kb.sentence_at(s).text;
        if text.chars().count() > phrase::MAX_REPLY_CHARS {
            return Shown::of(kb, s, q);
        }
        Shown {
            text: text.to_string(),
            fact: None,
            window: Some(0..text.len()),
            offset: 0,
        }
    }
}

/// The span from the first to the last matched question word (trimmed to
/// keep an excerpt centred on what the user asked about).
fn matched_span(kb: &KnowledgeBase, s: SentenceId, q: &Question) -> Range<usize> {
    let terms: Vec<TermId> = q.known_terms().collect();
    let hits = phrase::question_words(&kb.sentence_at(s), &terms);
    match (hits.first(), hits.last()) {
        (Some((_, a)), Some((_, b))) if b.end - a.start < phrase::MAX_REPLY_CHARS => a.start..b.end,
        (Some((_, a)), _) => a.clone(),
        _ => 0..0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Format;

    #[test]
    fn phrases_are_marked_only_where_asked_and_the_same_there() {
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Bridge opened\n\nMayor Anna Berg opened the bridge on Monday. \
             The old bridge was opened by Karl Nyström in 1931. \
             Engineer Lena Holm said the bridge opened on time.",
            Format::Text,
        )]);
        let cfg = RankConfig::default();
        let q = "Who opened the bridge?";
        let all = answer(&kb, q, &cfg, 3);
        assert!(all.answers.len() >= 2, "{:?}", all.answers);
        assert!(all.answers.iter().all(|a| a.highlight.is_some()));
        let second = answer_marked(&kb, q, &cfg, 3, 1..2);
        assert_eq!(second.answers.len(), all.answers.len());
        for (i, (a, b)) in all.answers.iter().zip(&second.answers).enumerate() {
            assert_eq!(a.sentence, b.sentence);
            let want = if i == 1 { a.highlight.clone() } else { None };
            assert_eq!(b.highlight, want, "answer {i}");
        }
    }

    #[test]
    fn a_sentence_continuing_the_one_that_names_the_subject_ranks_above_one_before_it() {
        // The two "firm" sentences hold the same question words and a city
        // each; only the one after the sentence naming the company reads as
        // being about it (`context_before`), though the other stands earlier.
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Tesla's early years\n\nThe inventor moved to New York in 1884. \
             The firm later sold arc lamps in the city of Boston. \
             In 1886 Tesla founded Tesla Electric Light and Manufacturing with two investors. \
             The firm first sold arc lamps in the city of Chicago.",
            Format::Text,
        )]);
        let cfg = RankConfig::default();
        let reply = answer(
            &kb,
            "Where did Tesla Electric Light and Manufacturing sell arc lamps?",
            &cfg,
            3,
        );
        let at = |city: &str| reply.answers.iter().position(|a| a.text.contains(city));
        let (after, before) = (at("Chicago"), at("Boston"));
        assert!(
            after.is_some() && (before.is_none() || after < before),
            "{:?}",
            reply.answers
        );
    }

    #[test]
    fn a_question_in_an_article_is_no_answer_but_one_quoted_may_be() {
        // An article's own question ("What is the deadline?", a quiz, a
        // heading) repeats the asker's words best and answers nothing.
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Grant rules\n\nWhat is the deadline for the grant applications? \
             Applications close on 1 May, the council said.",
            Format::Text,
        )]);
        let cfg = RankConfig::default();
        let reply = answer(&kb, "What is the deadline for grant applications?", &cfg, 3);
        assert!(
            reply.answers.iter().all(|a| !a.text.ends_with('?')),
            "{:?}",
            reply.answers
        );
        assert!(
            reply.answers[0].text.contains("1 May"),
            "{:?}",
            reply.answers
        );
        // A question someone is quoted asking is a statement about them.
        let kb = KnowledgeBase::from_texts([(
            "b.txt",
            "Theses\n\nThesis 86 asks: \"Why does the pope build the basilica with the money of \
             poor believers?\"",
            Format::Text,
        )]);
        let reply = answer(
            &kb,
            "Which thesis asks why the pope builds the basilica?",
            &cfg,
            3,
        );
        assert!(
            reply.answers[0].text.contains("Thesis 86"),
            "{:?}",
            reply.answers
        );
    }
}
