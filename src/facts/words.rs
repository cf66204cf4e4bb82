//! A sentence as the extractors see it: its words with their byte ranges,
//! lower-cased forms, possessive endings and lexicon classes, found once
//! and shared by every extractor. Deciding what the words mean is the
//! extractors' job.

use std::borrow::Cow;

use super::lexicon::{self, F_SHORT_TITLES};

/// One word of the sentence, as the extractor sees it.
#[derive(Debug, Clone)]
pub(super) struct Word<'a> {
    /// Byte offset of the word in the sentence.
    pub(super) start: usize,
    /// Byte offset just past the word.
    pub(super) end: usize,
    /// The word as written.
    pub(super) text: &'a str,
    /// The word lower-cased, quotes unified, without a possessive ending
    /// (and a dotted acronym without its dots).
    pub(super) lower: Cow<'a, str>,
    /// The word without a possessive ending.
    pub(super) base_end: usize,
    /// Whether the word ends in "'s".
    pub(super) possessive: bool,
    /// Whether the word starts with a capital.
    pub(super) capitalised: bool,
    /// The word's lexicon flags, looked up once.
    flags: u32,
}

impl Word<'_> {
    /// Is the (lower-cased) word in one of the lexicon's classes?
    pub(super) fn is(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// The words of `sentence`, in order.
#[cfg(test)]
pub(super) fn words_of(sentence: &str) -> Vec<Word<'_>> {
    crate::text::word_indices(sentence)
        .map(|(start, text)| word(start, text))
        .collect()
}

/// An empty vector of words of any lifetime in `v`'s allocation, so one
/// buffer serves sentence after sentence (`v` must be empty: collecting an
/// empty vector's iterator into a vector of a same-sized type reuses its
/// allocation).
pub(super) fn recycle<'b>(v: Vec<Word<'_>>) -> Vec<Word<'b>> {
    debug_assert!(v.is_empty());
    v.into_iter()
        .map(|_| unreachable!("recycled vectors are empty"))
        .collect()
}

/// The extractors' view of the word `text` at byte `start`.
pub(super) fn word(start: usize, text: &str) -> Word<'_> {
    let mut lower = lower_case(text);
    let possessive = lower.ends_with("'s") && lower.len() > 2;
    let base_len = if possessive {
        text.len()
            - text
                .chars()
                .rev()
                .take(2)
                .map(char::len_utf8)
                .sum::<usize>()
    } else {
        text.len()
    };
    if possessive {
        lower = match lower {
            Cow::Borrowed(l) => Cow::Borrowed(&l[..l.len() - 2]),
            Cow::Owned(mut l) => {
                l.truncate(l.len() - 2);
                Cow::Owned(l)
            }
        };
    }
    let capitalised = text.chars().next().is_some_and(char::is_uppercase);
    let flags = lexicon::flags(&lower);
    Word {
        start,
        end: start + text.len(),
        text,
        lower,
        base_end: start + base_len,
        possessive,
        capitalised,
        flags,
    }
}

fn lower_case(text: &str) -> Cow<'_, str> {
    // Most words are already plain lower-case ASCII: borrow those (this runs
    // for every word of every article at load time).
    let plain = text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'`')
        && !text.bytes().all(|b| b == b'.');
    if plain {
        return Cow::Borrowed(text);
    }
    // ASCII has no typographic quotes but the backtick, and lower-cases
    // byte by byte: one allocation instead of two and no char decoding.
    let mut lower = if text.is_ascii() {
        let mut l = text.to_ascii_lowercase();
        if l.contains('`') {
            l = l.replace('`', "'");
        }
        l
    } else {
        crate::text::unify_quotes(text).to_lowercase()
    };
    // Dotted acronyms ("U.S") compare without their dots.
    if text.contains('.') && text.chars().all(|c| c == '.' || c.is_uppercase()) {
        lower.retain(|c| c != '.');
    }
    Cow::Owned(lower)
}

/// The text between two words is plain white space (or an abbreviation's
/// full stop after a title or an initial).
pub(super) fn joined(sentence: &str, a: &Word, b: &Word) -> bool {
    let gap = &sentence[a.end..b.start];
    if gap.trim().is_empty() && !gap.contains('\n') {
        return true;
    }
    let t = gap.trim_start();
    t.starts_with('.')
        && t[1..].trim().is_empty()
        && (a.is(F_SHORT_TITLES) || a.text.chars().count() == 1)
}

/// Marks words `s..=e` as part of a fact, so later extractors skip them.
pub(super) fn take(taken: &mut [bool], s: usize, e: usize) {
    for t in taken.iter_mut().take(e + 1).skip(s) {
        *t = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn possessives_are_split_off_and_remembered() {
        let s = "Japan’s minister";
        let w = words_of(s);
        assert_eq!(w[0].lower, "japan");
        assert!(w[0].possessive && w[0].capitalised);
        assert_eq!(&s[w[0].start..w[0].base_end], "Japan");
    }

    #[test]
    fn dotted_acronyms_lose_their_dots() {
        let w = words_of("U.S officials");
        assert_eq!(w[0].lower, "us");
    }

    #[test]
    fn a_title_s_full_stop_still_joins() {
        let s = "Dr. Smith and Jones. Then";
        let w = words_of(s);
        assert!(joined(s, &w[0], &w[1]));
        assert!(!joined(s, &w[3], &w[4]));
    }
}
