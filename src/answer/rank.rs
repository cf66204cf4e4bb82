//! Ranking sentences for a question: BM25 over sentences as the base, plus
//! evidence that a sentence really answers (the article is about the
//! question, the title matches, the sentence holds a fact of the wanted kind
//! that the question does not already name, the matched words sit close
//! together, the context around it covers the question). Every weight is a
//! named field of [`RankConfig`] with its reason.

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use super::question::{AnswerKind, Question};
use crate::KnowledgeBase;
use crate::facts::FactKind;

/// The ranker's parameters. Defaults were chosen by measuring on the four
/// bench sets together (`articlebot eval`): first the worst set's margin
/// over the best comparison system on it, then the mean Hit@1; never per
/// question.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RankConfig {
    /// BM25 term-frequency saturation (Lucene's default range 1.2–2.0).
    pub k1: f32,
    /// BM25 length normalisation: sentences vary less in length than documents.
    pub b: f32,
    /// Weight of the sentence's BM25, normalised to the best sentence's.
    pub bm25: f32,
    /// Weight of the share of the question's keywords (idf-weighted) in the sentence.
    pub coverage: f32,
    /// Weight of the same share over the sentence, its neighbours and its
    /// article's title: pronouns ("he was born in 1856") live off context.
    pub context: f32,
    /// Weight of the article's BM25 against the whole question, normalised:
    /// a sentence in the article about the question is likelier right.
    pub article: f32,
    /// Weight of question keywords found in the article's title.
    pub title: f32,
    /// Weight of holding a fact of the kind the question asks for that the
    /// question itself does not name.
    pub answer_type: f32,
    /// Weight of matched words close together (matched / window length).
    pub proximity: f32,
    /// Weight of being the article's first sentence when the question asks
    /// for a description ("what is X", "how did X become famous"): leads of
    /// news and encyclopedia articles summarise them. Scaled by title match.
    pub lead: f32,
    /// The same for questions that want a fact (who, when, how many), where
    /// the lead helps less.
    pub lead_factoid: f32,
    /// Candidates scored in full, taken by BM25 plus article score.
    pub candidates: usize,
    /// Under this confidence the reply is "I don't know".
    pub min_confidence: f32,
}

impl Default for RankConfig {
    fn default() -> Self {
        RankConfig {
            k1: 1.2,
            b: 0.5,
            bm25: 0.7,
            coverage: 0.6,
            context: 0.0,
            article: 0.5,
            title: 0.3,
            answer_type: 0.3,
            proximity: 0.15,
            lead: 0.8,
            lead_factoid: 0.35,
            candidates: 400,
            min_confidence: 0.35,
        }
    }
}

/// A scored sentence with the evidence behind its score.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    /// The sentence.
    pub sentence: u32,
    /// Final score.
    pub score: f32,
    /// Share of the question's keyword weight the sentence holds.
    pub coverage: f32,
    /// Share held by the sentence with its neighbours and title (filled in
    /// for the answers returned; the rest only when it weighs in the score).
    pub context: f32,
}

/// The question's keyword weights: sentence-level idf, with words the
/// table lacks weighted as the rarest possible (they are what the user is
/// asking about, so missing them must lower confidence).
fn weights(kb: &KnowledgeBase, q: &Question) -> (Vec<(u32, f32)>, f32) {
    let index = kb.index();
    let n = index.sentence_count.max(1) as f32;
    let max_idf = ((n + 0.5) / 0.5 + 1.0).ln();
    let mut known = Vec::new();
    let mut total = 0.0;
    for t in &q.terms {
        match t.term {
            Some(id) if !index.postings(id).is_empty() || !index.title_articles(id).is_empty() => {
                let mut w = if index.postings(id).is_empty() {
                    max_idf
                } else {
                    index.idf(id)
                };
                if t.corrected_to.is_some() {
                    w *= 0.8;
                }
                known.push((id, w));
                total += w;
            }
            _ => total += max_idf,
        }
    }
    (known, total)
}

/// Ranks sentences for an analyzed question, best first.
pub fn rank(kb: &KnowledgeBase, q: &Question, cfg: &RankConfig, limit: usize) -> Vec<Scored> {
    let index = kb.index();
    let (terms, total_weight) = weights(kb, q);
    if terms.is_empty() || total_weight <= 0.0 {
        return Vec::new();
    }
    // Sentence BM25 and article BM25 in one pass over the postings.
    let mut bm25: HashMap<u32, f32> = HashMap::default();
    let mut article_bm25: HashMap<u32, f32> = HashMap::default();
    let mut title_hit: HashMap<u32, f32> = HashMap::default();
    let avg = index.avg_sentence_len.max(1.0);
    let avg_a = index.avg_article_len.max(1.0);
    for &(id, w) in &terms {
        for (sentence, tf) in index.postings(id).iter() {
            let len = index.sentence_len(sentence) as f32;
            let tf = tf as f32;
            let s = w * tf * (cfg.k1 + 1.0) / (tf + cfg.k1 * (1.0 - cfg.b + cfg.b * len / avg));
            *bm25.entry(sentence).or_default() += s;
        }
        let aidf = index.article_idf(id);
        for &(a, tf) in index.article_postings(id) {
            let len = kb.articles()[a as usize].len as f32;
            let tf = tf as f32;
            let s =
                aidf * tf * (cfg.k1 + 1.0) / (tf + cfg.k1 * (1.0 - cfg.b + cfg.b * len / avg_a));
            *article_bm25.entry(a).or_default() += s;
        }
        for &a in index.title_articles(id) {
            *title_hit.entry(a).or_default() += w;
        }
    }
    let max_bm25 = bm25.values().copied().fold(0.0f32, f32::max).max(1e-6);
    let max_article = article_bm25
        .values()
        .copied()
        .fold(0.0f32, f32::max)
        .max(1e-6);
    let article_norm = |a: u32| article_bm25.get(&a).copied().unwrap_or(0.0) / max_article;
    let title_norm = |a: u32| title_hit.get(&a).copied().unwrap_or(0.0) / total_weight;

    // Shortlist by the cheap part of the score.
    let mut pool: Vec<(u32, f32)> = bm25
        .iter()
        .map(|(&s, &b)| {
            let a = kb.article_index_of(s);
            (
                s,
                cfg.bm25 * b / max_bm25 + cfg.article * article_norm(a) + cfg.title * title_norm(a),
            )
        })
        .collect();
    // Lead sentences of articles whose title matches answer "what is X".
    if cfg.lead > 0.0 {
        for &a in title_hit.keys() {
            let first = kb.articles()[a as usize].sentences.start;
            if !bm25.contains_key(&first) && kb.articles()[a as usize].sentences.end > first {
                pool.push((
                    first,
                    cfg.article * article_norm(a) + cfg.title * title_norm(a),
                ));
            }
        }
    }
    // Only the shortlist needs ordering: on a large folder the pool holds
    // every sentence sharing a word with the question.
    let keep = cfg.candidates.max(limit);
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if pool.len() > keep {
        pool.select_nth_unstable_by(keep, order);
        pool.truncate(keep);
    }
    pool.sort_unstable_by(order);

    let weight_of: HashMap<u32, f32> = terms.iter().copied().collect();
    let question_terms: Vec<u32> = terms.iter().map(|t| t.0).collect();
    let mut scored: Vec<Scored> = pool
        .into_iter()
        .map(|(s, base)| {
            let sent = kb.sentence(s);
            let coverage = share(sent.terms.iter(), &weight_of, total_weight);
            // Context costs a pass over three sentences; with no weight in
            // the score it is only needed for the answers returned (below).
            let context = if cfg.context > 0.0 {
                context_share(kb, s, &weight_of, total_weight)
            } else {
                0.0
            };
            let typed = has_answer_fact(kb, s, q, &question_terms);
            let prox = proximity(sent.terms, &weight_of);
            let lead = if sent.position != 0 {
                0.0
            } else if matches!(
                q.kind,
                AnswerKind::Definition
                    | AnswerKind::Manner
                    | AnswerKind::Reason
                    | AnswerKind::Keywords
            ) {
                cfg.lead
            } else {
                cfg.lead_factoid
            };
            let score = base
                + cfg.coverage * coverage
                + cfg.context * context
                + cfg.answer_type * typed
                + cfg.proximity * prox
                + lead
                    * title_norm(sent.article)
                        .max(article_norm(sent.article))
                        .min(1.0);
            Scored {
                sentence: s,
                score,
                coverage,
                context,
            }
        })
        .collect();
    scored.sort_unstable_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.sentence.cmp(&b.sentence))
    });
    if cfg.context <= 0.0 {
        for sc in scored.iter_mut().take(limit.max(1)) {
            sc.context = context_share(kb, sc.sentence, &weight_of, total_weight);
        }
    }
    scored
}

/// The question's keyword share over a sentence, its neighbours and its
/// article's title: pronouns ("he was born in 1856") live off context.
fn context_share(kb: &KnowledgeBase, s: u32, weight_of: &HashMap<u32, f32>, total: f32) -> f32 {
    let sent = kb.sentence(s);
    let article = &kb.articles()[sent.article as usize];
    let mut terms: Vec<u32> = sent.terms.to_vec();
    for neighbour in [s.wrapping_sub(1), s + 1] {
        if article.sentences.contains(&neighbour) {
            terms.extend_from_slice(kb.sentence(neighbour).terms);
        }
    }
    terms.extend_from_slice(&article.title_terms);
    share(terms.iter(), weight_of, total)
}

/// The idf-weighted share of the question's keywords among `terms`.
fn share<'a>(
    terms: impl Iterator<Item = &'a u32>,
    weight_of: &HashMap<u32, f32>,
    total: f32,
) -> f32 {
    let mut seen: Vec<u32> = Vec::new();
    let mut sum = 0.0;
    for t in terms {
        if let Some(w) = weight_of.get(t)
            && !seen.contains(t)
        {
            seen.push(*t);
            sum += w;
        }
    }
    (sum / total).min(1.0)
}

/// Matched distinct terms over the length of the shortest window that holds
/// them all: 1.0 when the question's words stand together.
fn proximity(terms: &[u32], weight_of: &HashMap<u32, f32>) -> f32 {
    let positions: Vec<(usize, u32)> = terms
        .iter()
        .enumerate()
        .filter(|(_, t)| weight_of.contains_key(t))
        .map(|(i, t)| (i, *t))
        .collect();
    let mut distinct: Vec<u32> = positions.iter().map(|p| p.1).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let k = distinct.len();
    if k < 2 {
        return 0.0;
    }
    // Sliding window over positions holding all k distinct terms.
    let mut best = usize::MAX;
    let mut counts: HashMap<u32, usize> = HashMap::default();
    let mut have = 0;
    let mut left = 0;
    for right in 0..positions.len() {
        let c = counts.entry(positions[right].1).or_default();
        *c += 1;
        if *c == 1 {
            have += 1;
        }
        while have == k {
            best = best.min(positions[right].0 - positions[left].0 + 1);
            let c = counts.entry(positions[left].1).or_default();
            *c -= 1;
            if *c == 0 {
                have -= 1;
            }
            left += 1;
        }
    }
    k as f32 / best as f32
}

/// The fact kinds that answer a question kind, best first.
pub fn wanted_kinds(kind: AnswerKind) -> &'static [FactKind] {
    match kind {
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

/// 1.0 when the sentence holds a fact of a wanted kind whose words are not
/// all in the question (a fact the question already names answers nothing).
fn has_answer_fact(kb: &KnowledgeBase, s: u32, q: &Question, question_terms: &[u32]) -> f32 {
    let kinds = wanted_kinds(q.kind);
    if kinds.is_empty() {
        return 0.0;
    }
    let sent = kb.sentence(s);
    let new_fact = sent.facts.iter().any(|f| {
        kinds.contains(&f.kind)
            && !super::phrase::named(
                kb,
                f.text(sent.text),
                question_terms,
                f.kind == FactKind::Person,
            )
    });
    new_fact as u8 as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proximity_rewards_adjacent_matches() {
        let w: HashMap<u32, f32> = [(1, 1.0), (2, 1.0)].into_iter().collect();
        assert_eq!(proximity(&[1, 2, 9, 9], &w), 1.0);
        assert!(proximity(&[1, 9, 9, 9, 2], &w) < 0.5);
        assert_eq!(proximity(&[1, 9], &w), 0.0);
    }

    #[test]
    fn share_counts_each_term_once() {
        let w: HashMap<u32, f32> = [(1, 1.0), (2, 3.0)].into_iter().collect();
        assert_eq!(share([1u32, 1, 1].iter(), &w, 4.0), 0.25);
        assert_eq!(share([1u32, 2].iter(), &w, 4.0), 1.0);
    }
}
