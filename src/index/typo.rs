//! The screen typo correction puts the vocabulary through before computing
//! real edit distances: each surface word's length and a signature of its
//! letters, and the lower bound of the distance that the two give. Which
//! candidate wins, and the distance itself, are the question analyzer's
//! business.

use crate::ids::TermId;

/// A surface word's term, with what typo correction screens it by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Surface {
    /// The term the word analyzes to.
    pub(crate) term: TermId,
    /// Length in characters (saturating).
    chars: u16,
    /// The word's letters counted in 32 buckets of 2 bits each (a count
    /// saturates at 3).
    letters: u64,
}

impl Surface {
    /// The signature of `word`, which analyzes to `term`.
    pub(crate) fn new(word: &str, term: TermId) -> Surface {
        let mut letters = 0u64;
        let mut chars = 0u16;
        for c in word.chars() {
            chars = chars.saturating_add(1);
            let shift = (c as u32 % 32) * 2;
            if (letters >> shift) & 3 < 3 {
                letters += 1 << shift;
            }
        }
        Surface {
            term,
            chars,
            letters,
        }
    }

    /// Whether this word may lie within `tolerance` edits of `probe`'s:
    /// false only when it surely does not, so a screened-out word is never
    /// one typo correction would have picked.
    pub(super) fn may_be_within(&self, probe: &Surface, tolerance: usize) -> bool {
        (self.chars as usize).abs_diff(probe.chars as usize) <= tolerance
            && letters_distance(self.letters, probe.letters) <= tolerance
    }
}

/// A lower bound of the Damerau–Levenshtein distance of two words from
/// their letter buckets: max(letters only in one, letters only in the
/// other). An insertion, deletion or substitution moves it by at most one,
/// a transposition not at all, and sharing buckets or saturating counts
/// only lowers it.
///
/// Typo correction screens every surface word of the right length with
/// this, so it works on all 32 buckets at once (a loop over the buckets
/// was most of a mistyped question's time): with `sum` the buckets'
/// total and `apart` the sum of their differences, the counts only in
/// one word add up to `(apart + sum(a) - sum(b)) / 2`, those only in the
/// other to `(apart - sum(a) + sum(b)) / 2`.
fn letters_distance(a: u64, b: u64) -> usize {
    let apart =
        apart(a & LOW_PAIRS, b & LOW_PAIRS) + apart((a >> 2) & LOW_PAIRS, (b >> 2) & LOW_PAIRS);
    let (sa, sb) = (bucket_sum(a), bucket_sum(b));
    // apart ≥ |sa − sb|, so this never goes below zero.
    let more = (apart + sa - sb) / 2;
    let fewer = apart - more;
    more.max(fewer)
}

/// The low two bits of every nibble.
const LOW_PAIRS: u64 = 0x3333_3333_3333_3333;
/// The lowest bit of every nibble.
const NIBBLE_ONES: u64 = 0x1111_1111_1111_1111;

/// The sum of the 2-bit counts held in `x`.
fn bucket_sum(x: u64) -> usize {
    ((x & 0x5555_5555_5555_5555).count_ones() + 2 * (x & 0xAAAA_AAAA_AAAA_AAAA).count_ones())
        as usize
}

/// Σ |x − y| over nibbles each holding a count of 0 to 3.
fn apart(x: u64, y: u64) -> usize {
    // 4 + x − y in every nibble, from 1 to 7: no borrow crosses nibbles.
    let d = (x | (NIBBLE_ONES << 2)) - y;
    // Nibbles where x ≥ y, as a mask of their four bits.
    let ahead = ((d >> 2) & NIBBLE_ONES) * 0xF;
    // x ≥ y: d − 4 is d's low two bits; x < y: 4 − d is (!d & 3) + 1.
    let behind = (!d & LOW_PAIRS) + NIBBLE_ONES;
    let v = (d & LOW_PAIRS & ahead) | (behind & !ahead);
    ((v & NIBBLE_ONES).count_ones()
        + 2 * (v & (NIBBLE_ONES << 1)).count_ones()
        + 4 * (v & (NIBBLE_ONES << 2)).count_ones()) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bound as first written, bucket by bucket.
    fn letters_distance_by_bucket(a: u64, b: u64) -> usize {
        let (mut more, mut fewer) = (0usize, 0usize);
        for i in 0..32 {
            let x = (a >> (2 * i)) & 3;
            let y = (b >> (2 * i)) & 3;
            if x > y {
                more += (x - y) as usize;
            } else {
                fewer += (y - x) as usize;
            }
        }
        more.max(fewer)
    }

    #[test]
    fn letters_distance_counts_as_bucket_by_bucket() {
        // Every signature is a valid one (32 counts of 0 to 3), so random
        // words of bits cover them, and the extremes are added by hand.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut pairs = vec![(0, 0), (0, u64::MAX), (u64::MAX, 0), (u64::MAX, u64::MAX)];
        for _ in 0..200_000 {
            let (a, b) = (next(), next());
            // Sparse signatures, as real words have, as well as dense ones.
            pairs.push((a, b));
            pairs.push((a & next() & next(), b & next() & next()));
            pairs.push((a, a ^ (1 << (next() % 64))));
        }
        for (a, b) in pairs {
            assert_eq!(
                letters_distance(a, b),
                letters_distance_by_bucket(a, b),
                "{a:#x} / {b:#x}"
            );
        }
    }

    #[test]
    fn letters_distance_never_exceeds_the_edit_distance() {
        let words = [
            "minister",
            "minster",
            "ministre",
            "kyiv",
            "kiev",
            "aaaaab",
            "baaaaa",
            "aaaaaaaa",
            "a",
            "",
            "iwaya",
            "ıwaya",
            "pérez",
            "perez",
            "foriegn",
            "foreign",
            "ωμέγα",
            "naïve",
            "naive",
            "sybiha",
            "sybhia",
            "zzzz",
            "ab",
            "ba",
        ];
        for a in words {
            for b in words {
                let bound = letters_distance(
                    Surface::new(a, TermId(0)).letters,
                    Surface::new(b, TermId(0)).letters,
                );
                assert!(
                    bound <= strsim::damerau_levenshtein(a, b),
                    "{a} / {b}: bound {bound}"
                );
            }
        }
        let bound = |a, b| {
            letters_distance(
                Surface::new(a, TermId(0)).letters,
                Surface::new(b, TermId(0)).letters,
            )
        };
        assert_eq!(
            bound("foriegn", "foreign"),
            0,
            "a transposition costs nothing"
        );
        assert_eq!(bound("kyiv", "kiev"), 1);
    }
}
