//! Matching the question's words against a sentence's stored term ids:
//! the idf-weighted share of the question a sentence (or a sentence with
//! its context) holds, and how close together its matches stand. The
//! ranker's per-candidate evidence; which sentences are candidates, and
//! what the evidence weighs, is `rank`'s business.

use rustc_hash::FxHashMap as HashMap;

use super::filter::TermFilter;
use crate::ids::TermId;
use crate::knowledge::Terms;

/// Scores the shortlist's sentences against the question's words in one
/// pass over each sentence's terms, with the words numbered 0..k and the
/// buffers reused: the shortlist is hundreds of sentences a question, and
/// a hash map and three vectors per sentence were a third of answering.
/// The answers' context (neighbours and title) is matched the same way.
pub(super) struct Matcher {
    /// Question word to its number.
    number: HashMap<TermId, u32>,
    /// The same words, for turning most other terms away cheaply.
    filter: TermFilter,
    weights: Vec<f32>,
    /// Per number: seen in this sentence / occurrences in the window.
    seen: Vec<bool>,
    counts: Vec<u32>,
    /// `(position, number)` of each question word in the sentence.
    matches: Vec<(u32, u32)>,
    /// The terms walked since the last `find`: where `find_more` goes on.
    walked: u32,
}

impl Matcher {
    /// A matcher for the question's words with their weights, in question
    /// order (a word given twice counts once, with its first weight).
    pub(super) fn new(terms: &[(TermId, f32)]) -> Matcher {
        let mut number = HashMap::default();
        let mut weights = Vec::new();
        for &(t, w) in terms {
            number.entry(t).or_insert_with(|| {
                weights.push(w);
                weights.len() as u32 - 1
            });
        }
        let k = weights.len();
        Matcher {
            filter: TermFilter::new(number.keys().copied()),
            number,
            weights,
            seen: vec![false; k],
            counts: vec![0; k],
            matches: Vec::new(),
            walked: 0,
        }
    }

    /// The share of the question's neighbouring word pairs ("stream
    /// capture", "Tesla's father") that stand together, in the same order
    /// (at most one word between), among the terms last found: a sentence
    /// that repeats the question's phrases likely says what it asks about.
    pub(super) fn adjacency(&mut self) -> f32 {
        let k = self.weights.len();
        if k < 2 {
            return 0.0;
        }
        let mut pairs = 0;
        for (i, &(at, n)) in self.matches.iter().enumerate() {
            let next = self.matches[i + 1..]
                .iter()
                .take_while(|m| m.0 <= at + 2)
                .any(|m| m.1 == n + 1);
            if next && !self.seen[n as usize] {
                self.seen[n as usize] = true;
                pairs += 1;
            }
        }
        for &(_, n) in &self.matches {
            self.seen[n as usize] = false;
        }
        pairs as f32 / (k - 1) as f32
    }

    /// Notes where the question's words occur in `terms`.
    pub(super) fn find(&mut self, terms: impl Iterator<Item = TermId>) {
        self.matches.clear();
        self.walked = 0;
        self.find_more(terms);
    }

    /// Notes the question's words in `terms` as well, as if they followed
    /// those last found: a sentence's share, then its context's, in one walk.
    pub(super) fn find_more(&mut self, terms: impl Iterator<Item = TermId>) {
        for t in terms {
            let i = self.walked;
            self.walked += 1;
            if !self.filter.may_hold(t) {
                continue;
            }
            if let Some(&n) = self.number.get(&t) {
                self.matches.push((i, n));
            }
        }
    }

    /// Whether question word `t` is among the terms last found.
    pub(super) fn holds(&self, t: TermId) -> bool {
        self.number
            .get(&t)
            .is_some_and(|&n| self.matches.iter().any(|m| m.1 == n))
    }

    /// The idf-weighted share of the question's words among the terms
    /// last found (each counted once, summed in order of first
    /// occurrence), with the number of distinct words matched.
    pub(super) fn coverage(&mut self, total: f32) -> (f32, u32) {
        let weights = std::mem::take(&mut self.weights);
        let (sum, distinct) = self.distinct_sum(&weights);
        self.weights = weights;
        ((sum / total).min(1.0), distinct)
    }

    /// The same share with each word weighed by `weights` (by number)
    /// instead of its idf, over their `total`.
    pub(super) fn share_by(&mut self, weights: &[f32], total: f32) -> f32 {
        if total <= 0.0 {
            return 0.0;
        }
        (self.distinct_sum(weights).0 / total).min(1.0)
    }

    /// The sum of `weights` of the distinct words among the terms last
    /// found, in order of first occurrence, and how many there are.
    fn distinct_sum(&mut self, weights: &[f32]) -> (f32, u32) {
        let (mut sum, mut distinct) = (0.0, 0);
        for &(_, n) in &self.matches {
            if !self.seen[n as usize] {
                self.seen[n as usize] = true;
                sum += weights[n as usize];
                distinct += 1;
            }
        }
        for &(_, n) in &self.matches {
            self.seen[n as usize] = false;
        }
        (sum, distinct)
    }

    /// A sentence's coverage, and its matched distinct words over the
    /// length of the shortest window that holds them all (1.0 when the
    /// question's words stand together; 0.0 when fewer than two match).
    pub(super) fn coverage_and_proximity(&mut self, terms: Terms, total: f32) -> (f32, f32) {
        self.find(terms.iter());
        let (coverage, distinct) = self.coverage(total);
        if distinct < 2 {
            return (coverage, 0.0);
        }
        // Sliding window over the matches holding all distinct words.
        let mut best = u32::MAX;
        let (mut have, mut left) = (0, 0);
        for right in 0..self.matches.len() {
            let c = &mut self.counts[self.matches[right].1 as usize];
            *c += 1;
            if *c == 1 {
                have += 1;
            }
            while have == distinct {
                best = best.min(self.matches[right].0 - self.matches[left].0 + 1);
                let c = &mut self.counts[self.matches[left].1 as usize];
                *c -= 1;
                if *c == 0 {
                    have -= 1;
                }
                left += 1;
            }
        }
        for &(_, n) in &self.matches {
            self.counts[n as usize] = 0;
        }
        (coverage, distinct as f32 / best as f32)
    }
}

/// A question's known words, each weighing 1: what the matchers' tests
/// match with.
#[cfg(test)]
pub(super) fn unit_terms(q: &super::Question) -> Vec<(TermId, f32)> {
    q.terms
        .iter()
        .filter_map(|t| t.term)
        .map(|t| (t, 1.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proximity_rewards_adjacent_matches() {
        let mut m = Matcher::new(&[(TermId(1), 1.0), (TermId(2), 1.0)]);
        let mut proximity = |ids: &[u32]| {
            let mut bytes = Vec::new();
            for &t in ids {
                crate::varint::push(&mut bytes, u64::from(t));
            }
            m.coverage_and_proximity(Terms::from_bytes(&bytes), 2.0)
        };
        assert_eq!(proximity(&[1, 2, 9, 9]), (1.0, 1.0));
        assert_eq!(proximity(&[9, 2, 9, 2, 1]), (1.0, 1.0), "the closest pair");
        let (coverage, apart) = proximity(&[1, 9, 9, 9, 2]);
        assert_eq!((coverage, apart), (1.0, 0.4));
        assert_eq!(proximity(&[1, 9]), (0.5, 0.0));
        assert_eq!(proximity(&[1, 1, 9]), (0.5, 0.0), "one word counts once");
    }

    #[test]
    fn coverage_counts_each_term_once() {
        let mut m = Matcher::new(&[(TermId(1), 1.0), (TermId(2), 3.0)]);
        let mut coverage = |ids: &[u32]| {
            m.find(ids.iter().map(|&t| TermId(t)));
            m.coverage(4.0)
        };
        assert_eq!(coverage(&[1, 1, 1]), (0.25, 1));
        assert_eq!(coverage(&[1, 9, 2]), (1.0, 2));
    }

    #[test]
    fn adjacency_counts_question_pairs_in_order() {
        let mut m = Matcher::new(&[(TermId(1), 1.0), (TermId(2), 1.0), (TermId(3), 1.0)]);
        let mut adjacency = |ids: &[u32]| {
            m.find(ids.iter().map(|&t| TermId(t)));
            m.adjacency()
        };
        assert_eq!(adjacency(&[1, 2, 3]), 1.0);
        assert_eq!(
            adjacency(&[1, 9, 2, 9, 9, 3]),
            0.5,
            "one word between is together"
        );
        assert_eq!(adjacency(&[3, 2, 1]), 0.0, "order matters");
        assert_eq!(adjacency(&[1, 1, 2, 9, 9, 9, 3]), 0.5);
    }
}
