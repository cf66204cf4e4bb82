//! A quick "certainly not one of the question's terms" test. Matching
//! looks up every term of hundreds of sentences per question, and nearly
//! all of them are not the question's: one bit test turns most lookups
//! away before the hash map is asked.

use crate::ids::TermId;

/// Bits in the filter: a question and its related words are at most a few
/// hundred terms, so few of 4,096 bits are set and most tests say no.
const BITS: usize = 4096;

/// A set of terms that may answer "maybe" for a term not in it, never
/// "no" for a term in it.
pub(super) struct TermFilter {
    bits: Box<[u64; BITS / 64]>,
}

impl TermFilter {
    /// A filter holding `terms`.
    pub(super) fn new(terms: impl IntoIterator<Item = TermId>) -> TermFilter {
        let mut bits = Box::new([0u64; BITS / 64]);
        for t in terms {
            let b = slot(t);
            bits[b / 64] |= 1 << (b % 64);
        }
        TermFilter { bits }
    }

    /// False only when `t` is certainly not in the set.
    #[inline]
    pub(super) fn may_hold(&self, t: TermId) -> bool {
        let b = slot(t);
        self.bits[b / 64] & (1 << (b % 64)) != 0
    }
}

/// Term ids are numbered by first sight, so their low bits spread evenly.
#[inline]
fn slot(t: TermId) -> usize {
    t.index() % BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_it_was_given_and_turns_most_others_away() {
        let given: Vec<TermId> = (0..50).map(|i| TermId::from_index(i * 7919)).collect();
        let f = TermFilter::new(given.iter().copied());
        assert!(given.iter().all(|&t| f.may_hold(t)));
        let others = (1..10_000)
            .map(|i| TermId::from_index(i * 7919 + 1))
            .filter(|&t| f.may_hold(t))
            .count();
        assert!(others < 500, "{others} of 9,999 let through");
    }
}
