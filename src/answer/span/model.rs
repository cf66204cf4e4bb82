//! The span model: the named base features of a candidate span, the
//! question groups that share weights, the learned weights file and the
//! sinks a candidate's features go to (a score, or a listing for training).

use std::sync::LazyLock;

use super::super::question::AnswerKind;

/// Defines the base features: an enum naming each and the list of names in
/// the same order (the order of the weights file).
macro_rules! features {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// A base feature of a candidate span. Each has one weight shared
        /// by all questions and one per [`Group`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub(super) enum F { $($(#[doc = $doc])* $name,)* }
        /// The base features' names, in [`F`]'s order.
        pub(super) const NAMES: &[&str] = &[$(stringify!($name),)*];
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
    /// A word of the span names a kind of the focus noun ("Chicago" for
    /// "which city"; WordNet's hypernyms, `related::Kind`).
    kind_in,
    /// The span's last word, its head, names a kind of the focus noun.
    kind_last,
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
    /// The span starts with a word of approximation ("about", "nearly",
    /// "up", "more", "some"): gold numbers are written with and without it.
    first_approx,
}

/// Number of base features.
const BASE: usize = NAMES.len();

/// Question kinds that share a set of weights (besides the shared ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Group {
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
pub(super) const GROUPS: [&str; 5] = ["fact", "entity", "thing", "clause", "description"];

impl Group {
    pub(super) fn of(kind: AnswerKind) -> Group {
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
pub(super) struct Model {
    pub(super) weights: [Vec<f64>; GROUPS.len()],
    pub(super) threshold: f64,
}

/// The shipped weights, written by `scripts/span/train.py`.
pub(super) const WEIGHTS_FILE: &str = include_str!("span_weights.tsv");

pub(super) static MODEL: LazyLock<Model> = LazyLock::new(|| parse_model(WEIGHTS_FILE));

/// Reads the weights file: `name<TAB>weight` lines and one
/// `threshold<TAB>p` line; `#` starts a comment. A name the features do
/// not know is ignored and a missing one weighs 0, so an old file still
/// loads (a test holds the shipped file to the features).
pub(super) fn parse_model(file: &str) -> Model {
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

/// Where a candidate's features go: summed into a score when answering,
/// listed when writing the training table. Each feature counts twice, with
/// its shared weight and with its question group's.
pub(super) trait Sink: Clone {
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
pub(super) struct Scorer<'a> {
    pub(super) weights: &'a [f64],
    pub(super) score: f64,
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
pub(super) struct Listing {
    pub(super) group: Group,
    pub(super) active: Vec<(usize, f64)>,
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
