//! The table's named ids: which article, which sentence, which term. Each
//! is a `u32` (the table addresses at most 4 GB, so no count overflows
//! one) behind its own type, so a sentence id cannot be passed where an
//! article id belongs, and an id is turned into an array index in one
//! place, [`index`](SentenceId::index), instead of by a cast at every use.
//!
//! Ids are handed out by the table that holds them: only the engine makes
//! them, and an id means nothing to another table (a reload numbers
//! afresh).

use serde::Serialize;

macro_rules! id {
    ($(#[$doc:meta])* $vis:vis $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
        #[serde(transparent)]
        #[repr(transparent)]
        $vis struct $name(pub(crate) u32);

        impl $name {
            /// The id as an index into the table's arrays, which number
            /// their entries from 0 in id order.
            #[inline]
            $vis fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id! {
    /// An article of the table, numbered from 0 in the order of their ids
    /// (paths).
    pub ArticleId
}

id! {
    /// A sentence of the table, numbered from 0 article after article, so
    /// an article's sentences are consecutive.
    pub SentenceId
}

id! {
    /// A term (an analyzed word) of the table's vocabulary, numbered from
    /// 0 in order of first sight. Only the engine reads terms: the
    /// vocabulary is not public.
    pub(crate) TermId
}

impl ArticleId {
    /// The id of the article at `index` in the table's articles (the table
    /// holds fewer than `u32::MAX`: it refuses text past 4 GB).
    #[inline]
    pub(crate) fn from_index(index: usize) -> ArticleId {
        ArticleId(index as u32)
    }
}

impl SentenceId {
    /// The id of the sentence at `index` in the table's rows (fewer than
    /// `u32::MAX`, as for articles).
    #[inline]
    pub(crate) fn from_index(index: usize) -> SentenceId {
        SentenceId(index as u32)
    }

    /// The ids of a run of consecutive sentences (an article's).
    #[inline]
    pub(crate) fn run(
        range: &std::ops::Range<SentenceId>,
    ) -> impl ExactSizeIterator<Item = SentenceId> + use<> {
        (range.start.0..range.end.0).map(SentenceId)
    }
}

impl TermId {
    /// The id of the term at `index` in the vocabulary (fewer than
    /// `u32::MAX` terms: each is in text under 4 GB).
    #[inline]
    pub(crate) fn from_index(index: usize) -> TermId {
        TermId(index as u32)
    }
}
