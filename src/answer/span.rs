//! The answer phrase for every kind of question, from the words of the
//! chosen sentence: candidate spans (runs of up to a few words that cross
//! no comma, bracket or quote), each described by named features (length,
//! the words at its edges, how far it is from the words the question
//! matched, whether the question already says it, capitals, digits, the
//! facts the loader found, the noun the question asks about), scored by a
//! log-linear model learned from the SQuAD dev spans
//! (`scripts/span/train.py`, weights in `span_weights.tsv`). The best span
//! is the phrase when the model is sure enough; otherwise none: a wrong
//! phrase in bold misleads more than a sentence without one.

use std::ops::Range;
use std::sync::LazyLock;

use super::question::{AnswerKind, Question};
use crate::facts::FactKind;
use crate::ids::TermId;
use crate::knowledge::{KnowledgeBase, Sentence};
use crate::text;

/// Longest candidate, in words, for questions answered by a name or a
/// short phrase; nearly every SQuAD answer is this short.
const MAX_WORDS: usize = 6;
/// Longest candidate for "why", "how" and "what is" questions, whose
/// answers are clauses ("to ask for more air defence").
const MAX_DESCRIPTION_WORDS: usize = 12;

/// Defines the base features: an enum naming each and the list of names in
/// the same order (the order of the weights file).
macro_rules! features {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// A base feature of a candidate span. Each has one weight shared
        /// by all questions and one per [`Group`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        enum F { $($(#[doc = $doc])* $name,)* }
        /// The base features' names, in [`F`]'s order.
        const NAMES: &[&str] = &[$(stringify!($name),)*];
    };
}

features! {
    /// One word long.
    len1,
    /// Two words.
    len2,
    /// Three words.
    len3,
    /// Four words.
    len4,
    /// Five words.
    len5,
    /// Six to eight words.
    len6_8,
    /// Nine words or more.
    len9_,
    /// Share of the span's content words the question holds (0..1).
    q_share,
    /// Some content word of the span is the question's.
    q_any,
    /// The span starts with a stop word.
    first_stop,
    /// The span ends with a stop word.
    last_stop,
    /// The first word is capitalised.
    first_cap,
    /// Every content word is capitalised: a name.
    all_cap,
    /// Some word holds a digit.
    digit,
    /// The span is a four-digit year.
    year,
    /// A year, and the question asks for one.
    year_wanted,
    /// "and"/"or" inside.
    has_conj,
    /// "of" inside.
    has_of,
    /// Another preposition inside.
    has_prep,
    /// A form of be/have/do or a modal inside: a clause, not a phrase.
    has_aux,
    /// A relative or question word inside.
    has_rel,
    /// A pronoun inside.
    has_pron,
    /// Words joined by a hyphen, slash or apostrophe inside.
    has_joiner,
    /// The sentence starts with the span.
    left_start,
    /// A comma before the span.
    left_comma,
    /// An opening bracket before the span.
    left_open,
    /// A quote before the span.
    left_quote,
    /// A colon, semicolon or dash before the span.
    left_punct,
    /// An article or possessive determiner before the span.
    left_det,
    /// "of" before the span.
    left_of,
    /// "to" before the span.
    left_to,
    /// "in", "on", "at", "from", "near", "into" before the span.
    left_loc,
    /// "by" before the span.
    left_by,
    /// Another preposition before the span.
    left_prep,
    /// A form of be/have/do or a modal before the span.
    left_aux,
    /// "and"/"or"/"but" before the span.
    left_conj,
    /// A relative or question word before the span.
    left_rel,
    /// "because", "since", "so", "due", "as" before the span.
    left_because,
    /// A pronoun before the span.
    left_pron,
    /// A word of the question before the span.
    left_q,
    /// Another content word before the span.
    left_content,
    /// The sentence ends with the span.
    right_end,
    /// A comma after the span.
    right_comma,
    /// A closing bracket after the span.
    right_close,
    /// A quote after the span.
    right_quote,
    /// A colon, semicolon or dash after the span.
    right_punct,
    /// "of" after the span: the span is cut inside a noun phrase.
    right_of,
    /// "to" after the span.
    right_to,
    /// A locative preposition after the span.
    right_loc,
    /// "by" after the span.
    right_by,
    /// Another preposition after the span.
    right_prep,
    /// A form of be/have/do or a modal after the span: the span is a subject.
    right_aux,
    /// "and"/"or"/"but" after the span.
    right_conj,
    /// A relative word after the span.
    right_rel,
    /// A determiner after the span.
    right_det,
    /// A pronoun after the span.
    right_pron,
    /// A word of the question after the span.
    right_q,
    /// Another content word after the span: cut inside a phrase.
    right_content,
    /// The nearest question word is next to the span.
    dist1,
    /// Two words away.
    dist2,
    /// Three words away.
    dist3,
    /// Four to six words away.
    dist4_6,
    /// Seven to ten words away.
    dist7_10,
    /// Further.
    dist11_,
    /// The sentence holds no question word outside the span.
    dist_none,
    /// Question words on both sides of the span.
    between,
    /// Only stop words between the span and a question word before it:
    /// the object after the matched verb.
    after_q,
    /// Only stop words between the span and a question word after it.
    before_q,
    /// Question words within three words before the span (count / 3).
    q_near_left,
    /// Question words within three words after the span (count / 3).
    q_near_right,
    /// The span is a fact of a kind the question wants.
    fact_wanted,
    /// The span is a fact of another kind.
    fact_other,
    /// The span is the fact the fact rules chose.
    fact_pick,
    /// The span lies inside a wanted fact.
    in_fact_wanted,
    /// The span holds a wanted fact and more.
    holds_fact_wanted,
    /// The span cuts across a fact's edge.
    fact_cut,
    /// Share of the question's weight (idf) its words within three words
    /// before the span hold.
    q_idf_left3,
    /// The same within four to eight words before.
    q_idf_left8,
    /// The same within three words after.
    q_idf_right3,
    /// The same within four to eight words after.
    q_idf_right8,
    /// A name at the very start of the sentence, where every word is capitalised.
    cap_start,
    /// A capitalised word (not an owner, "Russia's") joins the span on the
    /// left: it cuts a name.
    cap_cut_left,
    /// A capitalised word joins the span on the right.
    cap_cut_right,
    /// A word in capitals ("NATO", "WASHINGTON").
    upper,
    /// Inside a news dateline ("WASHINGTON (AP) —", "NASHVILLE, Tenn.").
    dateline,
    /// The span is a person the loader found.
    is_person,
    /// The span is a place.
    is_place,
    /// The span is an organisation.
    is_organisation,
    /// The span is another proper name.
    is_name,
    /// The span is a date.
    is_date,
    /// The span is a number.
    is_number,
    /// A content word ending in "-ed" or "-ing": likely a verb.
    verbish,
    /// The question's focus noun ("instrument" in "what instrument") is in the span.
    focus_in,
    /// The span ends with the focus noun.
    focus_last,
    /// The focus noun follows the span: the span modifies it.
    focus_right,
    /// The span is in brackets.
    in_parens,
    /// The span is in quotes.
    in_quotes,
    /// The span is between commas: an appositive.
    appositive,
    /// The span starts with "to": a purpose.
    first_to,
    /// The span starts with "because", "since", "due".
    first_because,
    /// The span starts with "by": a means.
    first_by,
    /// The span starts with a preposition other than "to" or "by".
    first_prep,
    /// The span starts with an owner ("Russia's Kursk region"): the phrase
    /// may be what follows.
    first_possessive,
}

/// Number of base features.
const BASE: usize = NAMES.len();

/// Question kinds that share a set of weights (besides the shared ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// who, when, where, how many: the fact kinds.
    Fact,
    /// which/what + a noun.
    Entity,
    /// what + a verb.
    Thing,
    /// why, how: a clause ("to attend school", "by covering the vines").
    Clause,
    /// what is, keywords, yes/no.
    Description,
}

/// Names of the groups as the weights file writes them, in [`Group`]'s order.
const GROUPS: [&str; 5] = ["fact", "entity", "thing", "clause", "description"];

impl Group {
    fn of(kind: AnswerKind) -> Group {
        match kind {
            AnswerKind::Entity => Group::Entity,
            AnswerKind::Thing => Group::Thing,
            AnswerKind::Reason | AnswerKind::Manner => Group::Clause,
            AnswerKind::Definition | AnswerKind::Keywords | AnswerKind::YesNo => Group::Description,
            _ => Group::Fact,
        }
    }
}

/// Every weight's name: the shared ones (`all:name`), then each group's.
pub(crate) fn weight_names() -> Vec<String> {
    std::iter::once("all")
        .chain(GROUPS)
        .flat_map(|g| NAMES.iter().map(move |n| format!("{g}:{n}")))
        .collect()
}

/// The learned model: for each [`Group`], each base feature's weight (its
/// shared weight plus the group's), and the least probability the best
/// span needs to be the phrase.
struct Model {
    weights: [Vec<f64>; GROUPS.len()],
    threshold: f64,
}

/// The shipped weights, written by `scripts/span/train.py`.
const WEIGHTS_FILE: &str = include_str!("span_weights.tsv");

static MODEL: LazyLock<Model> = LazyLock::new(|| parse_model(WEIGHTS_FILE));

/// Reads the weights file: `name<TAB>weight` lines and one
/// `threshold<TAB>p` line; `#` starts a comment. A name the features do
/// not know is ignored and a missing one weighs 0, so an old file still
/// loads (a test holds the shipped file to the features).
fn parse_model(file: &str) -> Model {
    let names = weight_names();
    let mut weights = vec![0.0; names.len()];
    let mut threshold = 1.0;
    for line in file.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once('\t') else {
            continue;
        };
        let Ok(value) = value.trim().parse::<f64>() else {
            continue;
        };
        if name == "threshold" {
            threshold = value;
        } else if let Some(i) = names.iter().position(|n| n == name) {
            weights[i] = value;
        }
    }
    let group = |g: usize| -> Vec<f64> {
        (0..BASE)
            .map(|b| weights[b] + weights[(g + 1) * BASE + b])
            .collect()
    };
    Model {
        weights: std::array::from_fn(group),
        threshold,
    }
}

/// What a word is for the span rules: its closed class, or content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Det,
    Of,
    To,
    Loc,
    By,
    Prep,
    Aux,
    Conj,
    Rel,
    Because,
    Pron,
    OtherStop,
    Content,
}

fn class_of(folded: &str, has_term: bool) -> Class {
    match folded {
        "the" | "a" | "an" | "this" | "that" | "these" | "those" | "his" | "her" | "its"
        | "their" | "our" | "my" | "your" | "some" | "any" | "each" | "every" | "no" => Class::Det,
        "of" => Class::Of,
        "to" => Class::To,
        "in" | "on" | "at" | "from" | "near" | "into" | "onto" | "inside" => Class::Loc,
        "by" => Class::By,
        "for" | "with" | "about" | "after" | "before" | "during" | "between" | "through"
        | "against" | "among" | "within" | "without" | "via" | "per" | "across" | "toward"
        | "towards" | "upon" | "over" | "under" | "than" | "until" | "above" | "below" | "off"
        | "out" | "up" | "down" | "around" | "behind" | "beyond" | "despite" => Class::Prep,
        "is" | "are" | "was" | "were" | "be" | "been" | "being" | "am" | "has" | "have" | "had"
        | "having" | "do" | "does" | "did" | "will" | "would" | "can" | "could" | "shall"
        | "should" | "may" | "might" | "must" => Class::Aux,
        "and" | "or" | "but" | "nor" => Class::Conj,
        "which" | "who" | "whom" | "whose" | "where" | "when" | "while" | "what" | "why"
        | "how" => Class::Rel,
        "because" | "since" | "so" | "due" | "as" => Class::Because,
        "he" | "she" | "it" | "they" | "we" | "i" | "you" | "him" | "them" | "us" | "me"
        | "himself" | "herself" | "itself" | "themselves" => Class::Pron,
        _ if has_term => Class::Content,
        _ => Class::OtherStop,
    }
}

/// What separates two words (or a word from the sentence's edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Only spaces.
    Space,
    /// A hyphen, slash, apostrophe, period or ampersand: inside a phrase.
    Joiner,
    Comma,
    Open,
    Close,
    Quote,
    /// Colon, semicolon, dash between spaces, and the rest.
    Punct,
}

impl Gap {
    /// Whether a span may hold this gap.
    fn inside(self) -> bool {
        matches!(self, Gap::Space | Gap::Joiner)
    }
}

fn gap_of(s: &str) -> Gap {
    let t = s.trim();
    if t.is_empty() {
        return Gap::Space;
    }
    if t.contains(',') {
        return Gap::Comma;
    }
    if t.contains(['(', '[', '{']) {
        return Gap::Open;
    }
    if t.contains([')', ']', '}']) {
        return Gap::Close;
    }
    if t.contains(['"', '“', '”', '«', '»']) {
        return Gap::Quote;
    }
    let joiner = t.chars().all(|c| {
        matches!(
            c,
            '-' | '/' | '\'' | '’' | '.' | '&' | '+' | '$' | '€' | '£' | '¥' | '%' | '#'
        )
    });
    // "New York-based" joins; "war - and" with spaces around is a dash.
    let dash = t.chars().any(|c| matches!(c, '-' | '–' | '—')) && s.starts_with(' ');
    if joiner && !dash {
        return Gap::Joiner;
    }
    Gap::Punct
}

/// One word of the sentence as the span rules see it.
#[derive(Debug, Clone)]
struct Word {
    range: Range<usize>,
    class: Class,
    /// Its term is one of the question's.
    in_question: bool,
    /// Its term's idf when it is the question's, else 0.
    weight: f64,
    /// Its term is the question's focus noun.
    focus: bool,
    capital: bool,
    digit: bool,
    /// A four-digit year.
    year: bool,
    /// In capitals, two letters or more.
    upper: bool,
    /// A leading article ("the", "a", "an").
    article: bool,
    /// "because", "since", "due".
    because: bool,
    /// Ends in "'s" or "’s".
    possessive: bool,
    /// A content word ending in "-ed" or "-ing".
    verbish: bool,
    /// The nearest question word before this one.
    matched_before: Option<usize>,
    /// The nearest question word after this one.
    matched_after: Option<usize>,
}

/// A fact of the sentence, as the span features compare spans with it.
struct FactSpan {
    kind: FactKind,
    range: Range<usize>,
    /// The range without what scoring ignores (see [`phrase_core`]).
    core: Range<usize>,
    wanted: bool,
}

/// Everything about one sentence and question that every candidate's
/// features read.
struct Context<'a> {
    text: &'a str,
    words: Vec<Word>,
    /// `gaps[i]` is what comes before word `i`; `gaps[n]` what follows the last.
    gaps: Vec<Gap>,
    /// Positions of the words the question holds.
    matched: Vec<usize>,
    /// The question's total idf, for the window shares.
    question_weight: f64,
    facts: Vec<FactSpan>,
    /// The fact rules' pick, as a [`phrase_core`] range.
    pick: Option<Range<usize>>,
    /// Words before this position are a news dateline.
    dateline: usize,
    group: Group,
    wants_year: bool,
}

impl<'a> Context<'a> {
    /// The context of the words of `sent` inside byte range `window` (what
    /// the reply shows of it).
    fn new(
        kb: &KnowledgeBase,
        sent: &Sentence<'a>,
        q: &Question,
        fact_pick: Option<Range<usize>>,
        window: Range<usize>,
    ) -> Context<'a> {
        let question_terms: Vec<TermId> = q.known_terms().collect();
        let focus: Option<TermId> = q
            .focus
            .as_deref()
            .and_then(|f| text::term_of_folded(q.lang, f))
            .and_then(|t| kb.index().term_id(&t));
        let text = sent.text;
        let lang = sent.lang;
        let mut ids = sent.terms.iter();
        let mut words = Vec::new();
        text::with_word_cache(|cache| {
            for (start, word) in text::words(lang, text) {
                let form = cache.lookup(lang, word).1;
                let id = if form.term.is_some() {
                    ids.next()
                } else {
                    None
                };
                if start < window.start || start + word.len() > window.end {
                    continue;
                }
                // Spans are made of disjoint words: of the overlapping
                // pairs of an unspaced script, or jieba's words inside
                // words, the first to start is kept.
                if words.last().is_some_and(|w: &Word| w.range.end > start) {
                    continue;
                }
                let in_question = id.is_some_and(|id| question_terms.contains(&id));
                let folded = form.folded;
                // A stop word is a function word even where the analyzer
                // keeps it as a term.
                let class = class_of(
                    folded,
                    form.term.is_some() && !text::is_stop_word_in(lang, folded),
                );
                words.push(Word {
                    range: start..start + word.len(),
                    class,
                    in_question,
                    weight: match id {
                        Some(id) if in_question => f64::from(kb.index().idf(id)),
                        _ => 0.0,
                    },
                    focus: id.is_some() && id == focus,
                    capital: word.chars().next().is_some_and(char::is_uppercase),
                    digit: word.bytes().any(|b| b.is_ascii_digit()),
                    year: is_year(folded),
                    upper: word.chars().filter(|c| c.is_alphabetic()).count() > 1
                        && !word.chars().any(char::is_lowercase),
                    article: matches!(folded, "the" | "a" | "an"),
                    because: matches!(folded, "because" | "since" | "due"),
                    possessive: word.ends_with("'s") || word.ends_with("’s"),
                    verbish: class == Class::Content
                        && folded.len() > 4
                        && (folded.ends_with("ed") || folded.ends_with("ing")),
                    matched_before: None,
                    matched_after: None,
                });
            }
        });
        let n = words.len();
        let gaps: Vec<Gap> = (0..=n)
            .map(|i| {
                let from = if i == 0 {
                    window.start
                } else {
                    words[i - 1].range.end
                };
                let to = if i == n {
                    window.end
                } else {
                    words[i].range.start
                };
                gap_of(&text[from..to])
            })
            .collect();
        let matched: Vec<usize> = (0..n).filter(|&i| words[i].in_question).collect();
        let mut last = None;
        for (k, w) in words.iter_mut().enumerate() {
            w.matched_before = last;
            if w.in_question {
                last = Some(k);
            }
        }
        let mut next = None;
        for (k, w) in words.iter_mut().enumerate().rev() {
            w.matched_after = next;
            if w.in_question {
                next = Some(k);
            }
        }
        let question_weight = question_terms
            .iter()
            .map(|&id| f64::from(kb.index().idf(id)))
            .sum();
        let wanted = q.kind.wanted_facts();
        let facts = sent
            .facts
            .iter()
            .map(|f| {
                let range = f.start as usize..f.end as usize;
                FactSpan {
                    kind: f.kind,
                    core: phrase_core(text, range.clone()),
                    range,
                    wanted: wanted.contains(&f.kind),
                }
            })
            .collect();
        let dateline = dateline(text, &words);
        Context {
            dateline,
            text,
            words,
            gaps,
            matched,
            question_weight,
            facts,
            pick: fact_pick.map(|p| phrase_core(text, p)),
            group: Group::of(q.kind),
            wants_year: q.wants_year,
        }
    }

    /// Calls `each(range, features)` for every candidate span, the
    /// features added to a copy of `empty`. What depends on one edge only
    /// is worked out once per word and copied in; the rest as the span
    /// grows word by word.
    fn for_each<S: Sink>(&self, empty: &S, mut each: impl FnMut(Range<usize>, S)) {
        let words = &self.words;
        let n = words.len();
        let max_len = if matches!(self.group, Group::Clause | Group::Description) {
            MAX_DESCRIPTION_WORDS
        } else {
            MAX_WORDS
        };
        let edge = |side: fn(&Self, usize, &mut S)| -> Vec<S> {
            (0..n)
                .map(|k| {
                    let mut s = empty.clone();
                    side(self, k, &mut s);
                    s
                })
                .collect()
        };
        let lefts = edge(Self::left_features);
        let rights = edge(Self::right_features);
        for i in 0..n {
            // A leading article changes neither the phrase nor its score.
            if words[i].article {
                continue;
            }
            let mut run = Run::default();
            for j in i..n.min(i + max_len) {
                if j > i && !self.gaps[j].inside() {
                    break;
                }
                run.push(&words[j], self.gaps[j] == Gap::Joiner && j > i);
                // Only stop words, or only the question's own words: never an
                // answer; nor, but for one in forty answers, a span ending with
                // a stop word ("the town of"), which is a third of all spans.
                if run.content == run.named || words[j].class != Class::Content {
                    continue;
                }
                let core = words[i].range.start..words[j].range.end;
                let mut s = lefts[i].clone();
                s.extend(&rights[j]);
                self.span_features(i, j, &run, &core, &mut s);
                let range = widen(self.text, core);
                each(range, s);
            }
        }
    }

    /// The features of a span starting at word `i` that depend on that edge only.
    fn left_features<S: Sink>(&self, i: usize, f: &mut S) {
        let w = &self.words[i];
        f.on(self.left(i), true);
        let cut = i.checked_sub(1).is_some_and(|k| {
            let prev = &self.words[k];
            // A sentence's first word is capitalised whatever it is; one
            // the question holds is likelier a name.
            let any_first = k == 0 && !prev.in_question;
            self.gaps[i].inside()
                && prev.capital
                && !prev.possessive
                && prev.class == Class::Content
                && !any_first
        });
        f.on(F::cap_cut_left, cut);
        f.on(F::first_stop, w.class != Class::Content);
        f.on(F::first_cap, w.capital);
        f.on(F::first_to, w.class == Class::To);
        f.on(F::first_because, w.because);
        f.on(F::first_by, w.class == Class::By);
        f.on(
            F::first_prep,
            matches!(w.class, Class::Prep | Class::Loc | Class::Of),
        );
        let left = w.matched_before;
        f.on(F::after_q, left.is_some_and(|k| self.only_stop(k + 1..i)));
        f.set(F::q_near_left, self.count(i.saturating_sub(3)..i) / 3.0);
        f.set(F::q_idf_left3, self.share(i.saturating_sub(3)..i));
        f.set(
            F::q_idf_left8,
            self.share(i.saturating_sub(8)..i.saturating_sub(3)),
        );
    }

    /// The features of a span ending at word `j` that depend on that edge only.
    fn right_features<S: Sink>(&self, j: usize, f: &mut S) {
        let w = &self.words[j];
        f.on(self.right(j), true);
        f.on(
            F::cap_cut_right,
            self.gaps[j + 1].inside()
                && self
                    .words
                    .get(j + 1)
                    .is_some_and(|w| w.capital && w.class == Class::Content),
        );
        f.on(F::last_stop, w.class != Class::Content);
        f.on(F::focus_last, w.focus);
        f.on(
            F::focus_right,
            self.words.get(j + 1).is_some_and(|w| w.focus),
        );
        let right = w.matched_after;
        f.on(F::before_q, right.is_some_and(|k| self.only_stop(j + 1..k)));
        f.set(F::q_near_right, self.count(j + 1..j + 4) / 3.0);
        f.set(F::q_idf_right3, self.share(j + 1..j + 4));
        f.set(F::q_idf_right8, self.share(j + 4..j + 9));
    }

    /// The features of span `i..=j` as a whole; `run` has its words'
    /// summary, `core` is its byte range (see [`phrase_core`]: a span starts and
    /// ends with a word).
    fn span_features<S: Sink>(
        &self,
        i: usize,
        j: usize,
        run: &Run,
        core: &Range<usize>,
        f: &mut S,
    ) {
        let len = j - i + 1;
        f.on(F::first_possessive, len > 1 && self.words[i].possessive);
        f.on(
            match len {
                1 => F::len1,
                2 => F::len2,
                3 => F::len3,
                4 => F::len4,
                5 => F::len5,
                6..=8 => F::len6_8,
                _ => F::len9_,
            },
            true,
        );
        f.set(F::q_share, run.named as f64 / run.content as f64);
        f.on(F::q_any, run.named > 0);
        f.on(F::all_cap, run.all_cap);
        f.on(F::cap_start, run.all_cap && i == 0);
        f.on(F::upper, run.upper);
        f.on(F::dateline, j < self.dateline);
        f.on(F::digit, run.digit);
        let year = len == 1 && self.words[i].year;
        f.on(F::year, year);
        f.on(F::year_wanted, year && self.wants_year);
        f.on(F::verbish, run.verbish);
        f.on(F::focus_in, run.focus);
        f.on(F::has_joiner, run.joiner);
        let has = |c: Class| run.classes & (1 << c as u16) != 0;
        f.on(F::has_conj, has(Class::Conj));
        f.on(F::has_of, has(Class::Of));
        f.on(
            F::has_prep,
            has(Class::Prep) || has(Class::Loc) || has(Class::By) || has(Class::To),
        );
        f.on(F::has_aux, has(Class::Aux));
        f.on(F::has_rel, has(Class::Rel));
        f.on(F::has_pron, has(Class::Pron));
        let (before, after) = (self.gaps[i], self.gaps[j + 1]);
        f.on(F::in_parens, before == Gap::Open && after == Gap::Close);
        f.on(F::in_quotes, before == Gap::Quote && after == Gap::Quote);
        f.on(F::appositive, before == Gap::Comma && after == Gap::Comma);
        self.distance(i, j, f);
        self.facts(core, f);
    }

    /// Whether only stop words, joined by spaces, fill word positions `r`.
    fn only_stop(&self, r: Range<usize>) -> bool {
        r.clone().all(|k| self.words[k].class != Class::Content)
            && (r.start..=r.end).all(|k| self.gaps[k].inside())
    }

    /// How many question words are at positions `r`.
    fn count(&self, r: Range<usize>) -> f64 {
        self.matched.iter().filter(|k| r.contains(k)).count() as f64
    }

    /// The share of the question's idf its words at positions `r` hold.
    fn share(&self, r: Range<usize>) -> f64 {
        if self.question_weight <= 0.0 {
            return 0.0;
        }
        let n = self.words.len();
        let r = r.start.min(n)..r.end.min(n);
        self.words[r].iter().map(|w| w.weight).sum::<f64>() / self.question_weight
    }

    /// What comes before word `i`: punctuation, or the previous word's class.
    fn left(&self, i: usize) -> F {
        match self.gaps[i] {
            Gap::Comma => return F::left_comma,
            Gap::Open => return F::left_open,
            Gap::Quote => return F::left_quote,
            Gap::Punct | Gap::Close => return F::left_punct,
            Gap::Space | Gap::Joiner => {}
        }
        let Some(w) = i.checked_sub(1).map(|k| &self.words[k]) else {
            return F::left_start;
        };
        if w.in_question {
            return F::left_q;
        }
        match w.class {
            Class::Det => F::left_det,
            Class::Of => F::left_of,
            Class::To => F::left_to,
            Class::Loc => F::left_loc,
            Class::By => F::left_by,
            Class::Prep => F::left_prep,
            Class::Aux => F::left_aux,
            Class::Conj => F::left_conj,
            Class::Rel => F::left_rel,
            Class::Because => F::left_because,
            Class::Pron => F::left_pron,
            Class::OtherStop | Class::Content => F::left_content,
        }
    }

    /// What comes after word `j`.
    fn right(&self, j: usize) -> F {
        match self.gaps[j + 1] {
            Gap::Comma => return F::right_comma,
            Gap::Close => return F::right_close,
            Gap::Quote => return F::right_quote,
            Gap::Punct | Gap::Open => return F::right_punct,
            Gap::Space | Gap::Joiner => {}
        }
        let Some(w) = self.words.get(j + 1) else {
            return F::right_end;
        };
        if w.in_question {
            return F::right_q;
        }
        match w.class {
            Class::Det => F::right_det,
            Class::Of => F::right_of,
            Class::To => F::right_to,
            Class::Loc => F::right_loc,
            Class::By => F::right_by,
            Class::Prep => F::right_prep,
            Class::Aux => F::right_aux,
            Class::Conj => F::right_conj,
            Class::Rel | Class::Because => F::right_rel,
            Class::Pron => F::right_pron,
            Class::OtherStop | Class::Content => F::right_content,
        }
    }

    /// How far the nearest question word is from span `i..=j`, and
    /// whether the span lies between question words.
    fn distance<S: Sink>(&self, i: usize, j: usize, f: &mut S) {
        let (left, right) = (self.words[i].matched_before, self.words[j].matched_after);
        let d = left
            .map(|k| i - k)
            .into_iter()
            .chain(right.map(|k| k - j))
            .min();
        f.on(
            match d {
                None => F::dist_none,
                Some(1) => F::dist1,
                Some(2) => F::dist2,
                Some(3) => F::dist3,
                Some(4..=6) => F::dist4_6,
                Some(7..=10) => F::dist7_10,
                Some(_) => F::dist11_,
            },
            true,
        );
        f.on(F::between, left.is_some() && right.is_some());
    }

    /// How the span whose [`phrase_core`] is `core` lies against the facts the
    /// loader found.
    fn facts<S: Sink>(&self, core: &Range<usize>, f: &mut S) {
        let (s, e) = (core.start, core.end);
        let (mut exact_wanted, mut exact_other) = (false, false);
        let (mut inside, mut holds, mut cut) = (false, false, false);
        for fact in &self.facts {
            let (fs, fe) = (fact.range.start, fact.range.end);
            if fact.core == *core {
                exact_wanted |= fact.wanted;
                exact_other |= !fact.wanted;
                f.on(
                    match fact.kind {
                        FactKind::Person => F::is_person,
                        FactKind::Place => F::is_place,
                        FactKind::Organisation => F::is_organisation,
                        FactKind::Name => F::is_name,
                        FactKind::Date => F::is_date,
                        FactKind::Number => F::is_number,
                    },
                    true,
                );
            } else if fs <= s && e <= fe {
                inside |= fact.wanted;
            } else if s <= fs && fe <= e {
                holds |= fact.wanted;
            } else if fs < e && s < fe {
                cut = true;
            }
        }
        f.on(F::fact_wanted, exact_wanted);
        f.on(F::fact_other, exact_other);
        f.on(F::in_fact_wanted, inside);
        f.on(F::holds_fact_wanted, holds);
        f.on(F::fact_cut, cut);
        f.on(F::fact_pick, self.pick.as_ref() == Some(core));
    }
}

/// How many words of the sentence are a news dateline: a first word in
/// capitals up to the dash or colon that closes it within a few words
/// ("WASHINGTON (AP) —", "NASHVILLE, Tenn. (AP) —"); 0 when there is none.
fn dateline(text: &str, words: &[Word]) -> usize {
    if !words.first().is_some_and(|w| w.upper && w.range.len() > 2) {
        return 0;
    }
    (1..words.len().min(6))
        .find(|&k| {
            let gap = &text[words[k - 1].range.end..words[k].range.start];
            gap.contains(['—', '–', ':']) || gap.contains(" - ")
        })
        .unwrap_or(0)
}

/// A phrase's range without what the scoring ignores at its edges: a
/// leading article, currency signs, a percent sign, spaces.
fn phrase_core(text: &str, range: Range<usize>) -> Range<usize> {
    let mut r = range;
    loop {
        let t = &text[r.clone()];
        let trimmed =
            t.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '$' | '€' | '£' | '¥'));
        let mut skip = t.len() - trimmed.len();
        for article in ["the ", "a ", "an "] {
            if trimmed
                .get(..article.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(article))
            {
                skip += article.len();
                break;
            }
        }
        if skip == 0 {
            break;
        }
        r.start += skip;
    }
    let t = &text[r.clone()];
    r.end = r.start
        + t.trim_end_matches(|c: char| c.is_whitespace() || c == '%')
            .len();
    r
}

/// Takes in an article and a currency sign before the span and a percent
/// sign after it, so the phrase reads "the river had flooded", "$19
/// million", "5.9%" (scoring ignores them, readers do not); a name keeps
/// no article.
fn widen(text: &str, range: Range<usize>) -> Range<usize> {
    let mut r = range;
    if let Some(c) = text[..r.start].chars().next_back()
        && matches!(c, '$' | '€' | '£' | '¥')
    {
        r.start -= c.len_utf8();
    }
    // "the Palazzo Reale" stays "Palazzo Reale": a name needs no article.
    let named = text[r.clone()].starts_with(char::is_uppercase);
    let before = &text[..r.start];
    if let Some(word) = before.strip_suffix(' ').and_then(|b| b.rsplit(' ').next())
        && matches!(word, "the" | "The" | "a" | "A" | "an" | "An")
        && !named
    {
        r.start -= word.len() + 1;
    }
    if text[r.end..].starts_with('%') {
        r.end += 1;
    }
    r
}

fn is_year(folded: &str) -> bool {
    folded.len() == 4
        && folded.bytes().all(|b| b.is_ascii_digit())
        && (b"10".as_slice()..=b"20".as_slice()).contains(&&folded.as_bytes()[..2])
}

/// The words of a growing span, summed up for its features.
#[derive(Debug, Default)]
struct Run {
    content: usize,
    /// Content words the question holds.
    named: usize,
    /// One bit per [`Class`] among the words.
    classes: u16,
    all_cap: bool,
    digit: bool,
    verbish: bool,
    focus: bool,
    joiner: bool,
    upper: bool,
}

impl Run {
    /// Adds word `w`; `joined` when a hyphen or the like ties it to the last.
    fn push(&mut self, w: &Word, joined: bool) {
        if self.classes == 0 {
            self.all_cap = true;
        }
        self.classes |= 1 << w.class as u16;
        if w.class == Class::Content {
            self.content += 1;
            self.named += usize::from(w.in_question);
            self.all_cap &= w.capital;
        }
        self.digit |= w.digit;
        self.verbish |= w.verbish;
        self.focus |= w.focus;
        self.joiner |= joined;
        self.upper |= w.upper;
    }
}

/// Where a candidate's features go: summed into a score when answering,
/// listed when writing the training table. Each feature counts twice, with
/// its shared weight and with its question group's.
trait Sink: Clone {
    /// Adds feature `f` with `value`.
    fn set(&mut self, f: F, value: f64);
    /// Adds what `other` holds.
    fn extend(&mut self, other: &Self);
    /// Adds feature `f` with 1 when `yes`.
    fn on(&mut self, f: F, yes: bool) {
        if yes {
            self.set(f, 1.0);
        }
    }
}

/// Sums the model's weights of the features (shared and the group's,
/// added up beforehand).
#[derive(Clone)]
struct Scorer<'a> {
    weights: &'a [f64],
    score: f64,
}

impl Sink for Scorer<'_> {
    fn set(&mut self, f: F, value: f64) {
        self.score += self.weights[f as usize] * value;
    }

    fn extend(&mut self, other: &Self) {
        self.score += other.score;
    }
}

/// Lists the active features by their index in [`weight_names`].
#[derive(Clone)]
struct Listing {
    group: Group,
    active: Vec<(usize, f64)>,
}

impl Sink for Listing {
    fn set(&mut self, f: F, value: f64) {
        if value != 0.0 {
            let base = f as usize;
            self.active.push((base, value));
            self.active
                .push(((self.group as usize + 1) * BASE + base, value));
        }
    }

    fn extend(&mut self, other: &Self) {
        self.active.extend_from_slice(&other.active);
    }
}

/// A candidate answer phrase with its active features, for the training
/// table.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Byte range in the sentence's text.
    pub(crate) range: Range<usize>,
    /// The active features: (index into [`weight_names`], value).
    pub(crate) features: Vec<(usize, f64)>,
}

/// Every candidate span inside byte range `window` of `sent` for `q`, with
/// its features; `fact_pick` is the phrase the fact rules chose, if any.
pub(crate) fn candidates(
    kb: &KnowledgeBase,
    sent: &Sentence,
    q: &Question,
    fact_pick: Option<Range<usize>>,
    window: Range<usize>,
) -> Vec<Candidate> {
    let ctx = Context::new(kb, sent, q, fact_pick, window);
    let empty = Listing {
        group: ctx.group,
        active: Vec::new(),
    };
    let mut out = Vec::new();
    ctx.for_each(&empty, |range, listing| {
        out.push(Candidate {
            range,
            features: listing.active,
        });
    });
    out
}

/// The answer phrase inside byte range `window` of `sent` for `q`: the
/// best candidate span, when its share of the candidates' probability (a
/// softmax over them) reaches the model's threshold. `fact_pick` is the
/// phrase the fact rules chose, one of the model's features.
pub(crate) fn highlight(
    kb: &KnowledgeBase,
    sent: &Sentence,
    q: &Question,
    fact_pick: Option<Range<usize>>,
    window: Range<usize>,
) -> Option<Range<usize>> {
    choose(&MODEL, &Context::new(kb, sent, q, fact_pick, window))
}

/// The best candidate of `ctx` by `model`, if sure enough.
fn choose(model: &Model, ctx: &Context) -> Option<Range<usize>> {
    let mut best: Option<(f64, Range<usize>)> = None;
    // The softmax's denominator relative to the best score so far, kept as
    // the scores come so no list of them is needed.
    let mut total = 0.0;
    let empty = Scorer {
        weights: &model.weights[ctx.group as usize],
        score: 0.0,
    };
    ctx.for_each(&empty, |range, scorer| {
        let s = scorer.score;
        match &best {
            // A span this far behind adds under 1e-13 to the total.
            Some((top, _)) if s <= *top => {
                if s > top - 30.0 {
                    total += (s - top).exp();
                }
            }
            Some((top, _)) => {
                total = total * (top - s).exp() + 1.0;
                best = Some((s, range));
            }
            None => {
                total = 1.0;
                best = Some((s, range));
            }
        }
    });
    let (_, range) = best?;
    (1.0 / total >= model.threshold).then_some(range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{RankConfig, analyze_question, answer};
    use crate::knowledge::Format;

    /// A few sentences of our own, one per kind of question.
    fn kb() -> KnowledgeBase {
        KnowledgeBase::from_texts([(
            "a.txt",
            "Japanese minister visits Kyiv\n\n\
             Foreign Minister Takeshi Iwaya travelled to Kyiv on Saturday to discuss \
             reconstruction aid with his Ukrainian counterpart Andrii Sybiha.\n\n\
             Northwind Holdings bought a small battery maker called Voltaic for 40 million \
             euros last year.\n\n\
             The bridge was closed because the river had flooded the lower road.\n\n\
             The committee chose Lisbon as the host city for the next summit.\n\n\
             Farmers protected the harvest by covering the vines with nets.\n\n\
             The museum, a former railway station, reopened in March after a long renovation.",
            Format::Text,
        )])
    }

    /// The first answer's sentence and phrase.
    fn ask(kb: &KnowledgeBase, q: &str) -> (String, Option<String>) {
        let reply = answer(kb, q, &RankConfig::default(), 1);
        let first = reply.answers.first().expect("an answer");
        (
            first.text.clone(),
            first.highlight_text().map(str::to_string),
        )
    }

    #[test]
    fn why_marks_the_purpose_clause() {
        let (text, phrase) = ask(&kb(), "Why did Iwaya go to Kyiv?");
        assert!(text.contains("reconstruction aid"), "{text}");
        let phrase = phrase.expect("a phrase");
        assert!(
            phrase.starts_with("discuss") || phrase.starts_with("to discuss"),
            "{phrase}"
        );
        assert!(phrase.ends_with("Andrii Sybiha"), "{phrase}");
    }

    #[test]
    fn why_marks_the_cause_after_because() {
        let (_, phrase) = ask(&kb(), "Why was the bridge closed?");
        let phrase = phrase.expect("a phrase");
        assert!(phrase.contains("river had flooded"), "{phrase}");
    }

    #[test]
    fn what_did_marks_the_object() {
        let (_, phrase) = ask(&kb(), "What did Northwind Holdings buy?");
        assert!(phrase.expect("a phrase").ends_with("Voltaic"));
    }

    #[test]
    fn how_marks_the_means() {
        let (_, phrase) = ask(&kb(), "How did the farmers protect the harvest?");
        assert_eq!(phrase.as_deref(), Some("covering the vines with nets"));
    }

    #[test]
    fn which_marks_a_name_the_question_lacks() {
        let (_, phrase) = ask(&kb(), "Which city did the committee choose?");
        assert_eq!(phrase.as_deref(), Some("Lisbon"));
    }

    #[test]
    fn what_is_marks_the_appositive() {
        let (_, phrase) = ask(&kb(), "What is the museum?");
        assert_eq!(phrase.as_deref(), Some("a former railway station"));
    }

    #[test]
    fn a_phrase_keeps_its_currency_sign_and_article() {
        let text = "He paid $19 million for the old mill.";
        let at = |w: &str| text.find(w).unwrap();
        assert_eq!(&text[widen(text, at("19")..at(" for"))], "$19 million");
        assert_eq!(&text[widen(text, at("old")..at("."))], "the old mill");
        let named = "They met at the Palazzo Reale.";
        let start = named.find("Palazzo").unwrap();
        assert_eq!(
            &named[widen(named, start..named.len() - 1)],
            "Palazzo Reale"
        );
        let r = widen(text, at("19")..at(" for"));
        assert_eq!(&text[phrase_core(text, r)], "19 million");
        assert_eq!(&text[phrase_core(text, at("the")..at("."))], "old mill");
    }

    #[test]
    fn gaps_tell_phrase_joins_from_breaks() {
        assert_eq!(gap_of(" "), Gap::Space);
        assert_eq!(gap_of("-"), Gap::Joiner);
        assert_eq!(gap_of(" - "), Gap::Punct);
        assert_eq!(gap_of(", "), Gap::Comma);
        assert_eq!(gap_of(" ("), Gap::Open);
        assert_eq!(gap_of(") "), Gap::Close);
        assert_eq!(gap_of(" \u{201c}"), Gap::Quote);
        assert!(Gap::Joiner.inside() && !Gap::Comma.inside());
    }

    #[test]
    fn a_dateline_is_told_apart() {
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Flood\n\nWASHINGTON (AP) — The river rose on Monday. Floods hit Nashville.",
            Format::Text,
        )]);
        let q = analyze_question(&kb, "What rose?");
        let sentences: Vec<Sentence> = kb.sentences().collect();
        let ctx = Context::new(&kb, &sentences[0], &q, None, 0..sentences[0].text.len());
        assert_eq!(ctx.dateline, 2, "{:?}", sentences[0].text);
        let ctx = Context::new(&kb, &sentences[1], &q, None, 0..sentences[1].text.len());
        assert_eq!(ctx.dateline, 0);
    }

    #[test]
    fn the_scorer_adds_up_the_listed_features() {
        let kb = kb();
        let q = analyze_question(&kb, "Why did Iwaya go to Kyiv?");
        let sent = kb.sentences().nth(1).expect("the Kyiv sentence");
        let model = &*MODEL;
        let ctx = Context::new(&kb, &sent, &q, None, 0..sent.text.len());
        let names = weight_names();
        let mut full = vec![0.0; names.len()];
        for line in WEIGHTS_FILE.lines() {
            if let Some((name, w)) = line.split_once('\t')
                && let Some(i) = names.iter().position(|n| n == name)
            {
                full[i] = w.parse().unwrap();
            }
        }
        let listed = candidates(&kb, &sent, &q, None, 0..sent.text.len());
        let mut scored = Vec::new();
        let empty = Scorer {
            weights: &model.weights[ctx.group as usize],
            score: 0.0,
        };
        ctx.for_each(&empty, |range, s| scored.push((range, s.score)));
        assert!(!listed.is_empty());
        assert_eq!(listed.len(), scored.len());
        for (c, (range, score)) in listed.iter().zip(&scored) {
            assert_eq!(c.range, *range);
            let sum: f64 = c.features.iter().map(|&(k, v)| full[k] * v).sum();
            assert!((sum - score).abs() < 1e-9, "{sum} vs {score}");
        }
    }

    #[test]
    fn the_shipped_weights_name_only_known_features() {
        let names = weight_names();
        let mut threshold = false;
        for line in WEIGHTS_FILE.lines().filter(|l| !l.starts_with('#')) {
            let (name, value) = line.split_once('\t').expect("name<TAB>value");
            assert!(value.parse::<f64>().is_ok(), "{line}");
            threshold |= name == "threshold";
            assert!(
                name == "threshold" || names.iter().any(|n| n == name),
                "unknown weight {name}"
            );
        }
        assert!(threshold);
        assert_eq!(names.len(), NAMES.len() * (GROUPS.len() + 1));
    }

    #[test]
    fn an_unsure_model_marks_nothing() {
        let kb = kb();
        let sent = kb.sentences().nth(1).expect("a sentence");
        let q = analyze_question(&kb, "Why did Iwaya go to Kyiv?");
        let ctx = Context::new(&kb, &sent, &q, None, 0..sent.text.len());
        let weights = parse_model(WEIGHTS_FILE).weights;
        let with = |threshold: f64| Model {
            weights: weights.clone(),
            threshold,
        };
        assert!(choose(&with(0.0), &ctx).is_some());
        assert_eq!(choose(&with(1.01), &ctx), None, "no span is that sure");
    }
}
