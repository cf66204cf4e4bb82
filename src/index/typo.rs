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
fn letters_distance(a: u64, b: u64) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

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
