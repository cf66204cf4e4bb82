//! The index's stored lists: the flat per-term runs every list kind uses,
//! and the varint codec of the sentence postings with the iterator that
//! decodes them. How the lists are filled is `build`'s business; this
//! module only fixes their layout and bytes.

use std::ops::Range;

use crate::column::{Column, Plain};
use crate::ids::{SentenceId, TermId};
use crate::varint;

/// The sentences holding one term, in sentence order, with how often.
///
/// Stored compressed: postings are the largest part of the index and are
/// only ever read front to back, so each is a LEB128 varint of the gap from
/// the previous sentence shifted left by one, its low bit saying whether an
/// occurrence count follows (as another varint; most terms occur once in a
/// sentence). A posting takes about 1.5 bytes instead of 5.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Postings<'a> {
    /// The term's encoded run (see [`Posting`]).
    pub(super) bytes: &'a [u8],
    /// Number of postings in `bytes`, kept so `len` need not decode them.
    pub(super) len: u32,
}

impl<'a> Postings<'a> {
    /// Number of sentences holding the term.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether no sentence holds the term.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `(sentence, occurrences)` pairs, in sentence order.
    pub(crate) fn iter(&self) -> PostingIter<'a> {
        PostingIter {
            bytes: self.bytes,
            sentence: 0,
        }
    }
}

/// The `(sentence, occurrences)` pairs of [`Postings`], decoded as they go.
#[derive(Debug, Clone)]
pub(crate) struct PostingIter<'a> {
    bytes: &'a [u8],
    sentence: u32,
}

impl Iterator for PostingIter<'_> {
    type Item = (SentenceId, u32);

    fn next(&mut self) -> Option<(SentenceId, u32)> {
        if self.bytes.is_empty() {
            return None;
        }
        let code = varint::read(&mut self.bytes);
        self.sentence += (code >> 1) as u32;
        let tf = if code & 1 == 1 {
            varint::read(&mut self.bytes) as u32
        } else {
            1
        };
        Some((SentenceId(self.sentence), tf))
    }
}

/// One posting as stored: the gap code and, if above one, the occurrences.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Posting {
    /// The gap from the previous sentence, shifted left by one, with the
    /// low bit set when `tf` follows.
    code: u64,
    /// Occurrences in the sentence (written only when above one).
    tf: u32,
}

impl Posting {
    /// The posting of a sentence `gap` after the term's previous one.
    pub(super) fn new(gap: u32, tf: u32) -> Posting {
        Posting {
            code: (u64::from(gap) << 1) | u64::from(tf > 1),
            tf,
        }
    }

    /// The same posting with its gap counted from sentence `from` rather
    /// than 0: the two-thread build measures a half's first posting of a
    /// term from 0 and rebases it on the other half's last.
    pub(super) fn rebased(self, from: u32) -> Posting {
        Posting {
            code: self.code - (u64::from(from) << 1),
            ..self
        }
    }

    /// Bytes [`Posting::write`] takes.
    pub(super) fn encoded_len(&self) -> usize {
        varint::len(self.code)
            + if self.tf > 1 {
                varint::len(u64::from(self.tf))
            } else {
                0
            }
    }

    /// Writes the posting at the start of `out`, which must hold
    /// [`Posting::encoded_len`] bytes.
    pub(super) fn write(&self, out: &mut [u8]) {
        let at = varint::write(out, self.code);
        if self.tf > 1 {
            varint::write(&mut out[at..], u64::from(self.tf));
        }
    }
}

/// Per-term runs of `T`, stored flat.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lists<T: Plain> {
    /// `starts[t]..starts[t + 1]` is term `t`'s run in `items`.
    pub(crate) starts: Column<u32>,
    /// Every term's run, one after another.
    pub(crate) items: Column<T>,
}

impl<T: Plain> Lists<T> {
    /// Where term `term`'s run lies in `items` (empty for an unknown id).
    fn range(&self, term: TermId) -> Range<usize> {
        match (
            self.starts.get(term.index()),
            self.starts.get(term.index() + 1),
        ) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        }
    }

    /// Term `term`'s run.
    pub(super) fn get(&self, term: TermId) -> &[T] {
        &self.items[self.range(term)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_encode_gaps_and_counts_above_one() {
        // Gap 5, once: 5 << 1 = 0x0a. Gap 200, three times: 200 << 1 | 1 =
        // 401 = 0x91 0x03 in LEB128, then the count 0x03.
        let mut bytes = [0u8; 4];
        let (a, b) = (Posting::new(5, 1), Posting::new(200, 3));
        assert_eq!((a.encoded_len(), b.encoded_len()), (1, 3));
        a.write(&mut bytes[..1]);
        b.write(&mut bytes[1..]);
        assert_eq!(bytes, [0x0a, 0x91, 0x03, 0x03]);
        let postings = Postings {
            bytes: &bytes,
            len: 2,
        };
        assert_eq!(
            postings.iter().collect::<Vec<_>>(),
            [(SentenceId(5), 1), (SentenceId(205), 3)]
        );
        assert_eq!(b.rebased(150).encoded_len(), 2, "gap 50: 101 then 3");
    }
}
