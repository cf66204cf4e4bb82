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

use super::question::Question;
use crate::knowledge::{KnowledgeBase, Sentence};
use context::Context;
pub(crate) use model::weight_names;
use model::{Group, Listing, MODEL, Model, Scorer};

mod context;
mod model;
#[cfg(test)]
mod tests;
mod words;

/// Parses the model's weights now rather than on first use.
pub(super) fn prepare() {
    std::sync::LazyLock::force(&MODEL);
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
    ctx.for_each(&empty, |core, listing| {
        out.push(Candidate {
            range: words::widen(ctx.text, core),
            features: listing.active,
        });
    });
    out
}

/// The model's verdict on the part of a sentence a reply shows: its best
/// candidate span and whether it is sure enough to mark. Worked out once
/// per sentence and question: the ranker weighs its fit for the best few
/// candidates, and the reply marks the phrase of the one it shows first.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    /// The best candidate's score and byte range in the sentence.
    best: Option<(f64, Range<usize>)>,
    /// Whether the best candidate is sure enough to be the phrase.
    sure: bool,
}

impl Verdict {
    /// The verdict on byte range `window` of `sent` for `q`; `fact_pick`
    /// is the phrase the fact rules chose, if any.
    pub(crate) fn of(
        kb: &KnowledgeBase,
        sent: &Sentence,
        q: &Question,
        fact_pick: Option<Range<usize>>,
        window: Range<usize>,
    ) -> Verdict {
        Verdict::by(&MODEL, &Context::new(kb, sent, q, fact_pick, window))
    }

    fn by(model: &Model, ctx: &Context) -> Verdict {
        match best(model, ctx) {
            Some((score, share, range)) => Verdict {
                // The fact rules found the same phrase: two ways agreeing
                // make it sure enough, however many other spans the model
                // half likes.
                sure: share >= model.threshold || ctx.is_fact_pick(&range),
                best: Some((score, range)),
            },
            None => Verdict {
                best: None,
                sure: false,
            },
        }
    }

    /// The answer phrase: the best candidate span, when its share of the
    /// candidates' probability (a softmax over them) reaches the model's
    /// threshold or it is the fact rules' phrase (also one of the model's
    /// features).
    pub(crate) fn phrase(&self) -> Option<Range<usize>> {
        self.best
            .as_ref()
            .filter(|_| self.sure)
            .map(|(_, range)| range.clone())
    }

    /// How well the best candidate span fits as an answer, in 0..1: its
    /// score squashed, σ(score / 2); 0 without a candidate. The ranker's
    /// evidence that the sentence holds something shaped like the answer
    /// (a name near the matched words for "which team", a date for
    /// "when"), not the phrase shown: the model's scores are comparable
    /// across sentences because every sentence's candidates are described
    /// by the same features.
    pub(crate) fn fit(&self) -> f32 {
        // Half the score: the model's best spans score 1 to 9 (squad's 1st
        // to 99th percentile), which the squash spreads over 0.6 to 0.99.
        self.best.as_ref().map_or(0.0, |(score, _)| {
            (1.0 / (1.0 + (-score / 2.0).exp())) as f32
        })
    }
}

/// Whether the shape of a sentence's best phrase tells for `q` whether the
/// sentence answers it: for a fact (who, when, where, how many) or a thing
/// of a named kind ("which team"), whose answers have a shape (a name, a
/// date, a number, a capitalised run). What-did, why, how and what-is
/// answers are open phrases that nearly any sentence holds one of: learned
/// per group, their weights came out near zero (0.09 to 0.42, against 2.5
/// for facts), and "What does the pact oblige the countries to do?" lost
/// its answer to a sentence with a neater noun phrase.
pub(crate) fn shape_tells(q: &Question) -> bool {
    matches!(Group::of(q.kind), Group::Fact | Group::Entity)
}

/// The best candidate of `ctx` by `model`: its score, its share of the
/// candidates' probability (a softmax over them) and its range.
fn best(model: &Model, ctx: &Context) -> Option<(f64, f64, Range<usize>)> {
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
    best.map(|(score, core)| (score, 1.0 / total, words::widen(ctx.text, core)))
}
