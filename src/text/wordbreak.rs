//! Unicode words (UAX #29) of a text, as `unicode_segmentation`'s
//! `unicode_word_indices` gives them, with a fast path of our own for the
//! text nearly every article is made of: Latin, Greek and Cyrillic letters,
//! ASCII digits, and the punctuation of news writing (curly quotes and
//! apostrophes, dashes, the ellipsis). The crate's own fast path covers
//! ASCII only, and one curly apostrophe sends a sentence through its full
//! state machine and category tables: a tenth of a news folder's load time.
//! Any other character hands the whole text to the crate, so the words are
//! always the crate's (the tests compare the two on every character the
//! fast path accepts).

use unicode_segmentation::{UnicodeSegmentation, UnicodeWordIndices};

/// The Unicode words of `text` with their byte offsets, in order.
pub(crate) fn word_indices(text: &str) -> WordIndices<'_> {
    WordIndices::Simple {
        text,
        pos: 0,
        emitted: 0,
    }
}

/// Iterator of [`word_indices`].
pub(crate) enum WordIndices<'a> {
    /// Every character so far is one [`class`] knows.
    Simple {
        text: &'a str,
        pos: usize,
        /// Words given so far, for the crate to pass over if a character
        /// further on is one the fast path does not know.
        emitted: usize,
    },
    /// Anything else: the crate's full algorithm.
    Crate(std::iter::Skip<UnicodeWordIndices<'a>>),
}

/// A character's part in word breaking, for the characters the fast path
/// handles (UAX #29's Word_Break values, merged where the rules that apply
/// without Hebrew, Katakana, emoji and combining marks treat them alike).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ALetter.
    Letter,
    /// Numeric (ASCII digits only).
    Digit,
    /// ExtendNumLet ("_").
    Connector,
    /// MidLetter (":"): joins letters.
    MidLetter,
    /// MidNumLet and Single_Quote ("." "'" and the curly single quotes):
    /// join letters, and digits.
    MidNumLet,
    /// MidNum ("," ";"): joins digits.
    MidNum,
    /// Breaks on both sides and is no word (spaces, other punctuation).
    Other,
    /// Not handled here.
    Unknown,
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        return ascii_class(c as u8);
    }
    match c {
        // No-break space, guillemets, degree sign, pound and euro signs,
        // dashes, curly double quotes, the ellipsis.
        '\u{a0}'
        | '\u{ab}'
        | '\u{bb}'
        | '\u{b0}'
        | '\u{a3}'
        | '\u{20ac}'
        | '\u{2010}'..='\u{2015}'
        | '\u{201c}'..='\u{201f}'
        | '\u{2026}' => Class::Other,
        '\u{2018}' | '\u{2019}' => Class::MidNumLet,
        // Letters of Latin-1, Latin Extended-A and -B, Greek and Cyrillic
        // (their signs, marks and punctuation are left to the crate).
        '\u{c0}'..='\u{24f}'
        | '\u{388}'..='\u{3ff}'
        | '\u{400}'..='\u{481}'
        | '\u{48a}'..='\u{52f}'
            if c.is_alphabetic() =>
        {
            Class::Letter
        }
        _ => Class::Unknown,
    }
}

const fn ascii_class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'_' => Class::Connector,
        b':' => Class::MidLetter,
        b'.' | b'\'' => Class::MidNumLet,
        b',' | b';' => Class::MidNum,
        _ => Class::Other,
    }
}

/// Whether `mid` between `prev` and `next` keeps them in one word (WB6,
/// WB7, WB11, WB12).
fn joins(mid: Class, prev: Class, next: Class) -> bool {
    match mid {
        Class::MidLetter => prev == Class::Letter && next == Class::Letter,
        Class::MidNumLet => {
            (prev == Class::Letter && next == Class::Letter)
                || (prev == Class::Digit && next == Class::Digit)
        }
        Class::MidNum => prev == Class::Digit && next == Class::Digit,
        _ => false,
    }
}

/// Letters, digits and connectors stay together whatever their order
/// (WB5, WB8–WB10, WB13a, WB13b).
fn is_core(c: Class) -> bool {
    matches!(c, Class::Letter | Class::Digit | Class::Connector)
}

/// The classes of the ASCII characters, looked up rather than matched:
/// nearly every byte of an article is one.
static ASCII: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = ascii_class(b as u8);
        b += 1;
    }
    table
};

/// The class and length of the character at byte `i` (a character
/// boundary) of `text`; `Class::Other` past the end, where a word breaks.
#[inline(always)]
fn char_at(text: &str, i: usize) -> (Class, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (ASCII[b as usize], 1),
        Some(_) => wide_char_at(text, i),
        None => (Class::Other, 0),
    }
}

#[cold]
fn wide_char_at(text: &str, i: usize) -> (Class, usize) {
    text[i..]
        .chars()
        .next()
        .map_or((Class::Other, 0), |c| (class(c), c.len_utf8()))
}

impl<'a> Iterator for WordIndices<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let (text, pos, emitted) = match self {
            WordIndices::Crate(words) => return words.next(),
            WordIndices::Simple { text, pos, emitted } => (*text, pos, emitted),
        };
        match simple_word(text, pos) {
            Ok(Some(word)) => {
                *emitted += 1;
                Some(word)
            }
            Ok(None) => None,
            // A word already given ended before a character whose class
            // is known and settles the break, so the crate gives the same
            // words up to there.
            Err(Unknown) => {
                let skip = *emitted;
                *self = WordIndices::Crate(text.unicode_word_indices().skip(skip));
                self.next()
            }
        }
    }
}

/// A character the fast path does not know was met.
struct Unknown;

/// The next word of `text` from byte `pos` on, moving `pos` past it.
fn simple_word<'a>(text: &'a str, pos: &mut usize) -> Result<Option<(usize, &'a str)>, Unknown> {
    loop {
        if *pos >= text.len() {
            return Ok(None);
        }
        let (first, len) = char_at(text, *pos);
        if first == Class::Unknown {
            return Err(Unknown);
        }
        if !is_core(first) {
            *pos += len;
            continue;
        }
        let start = *pos;
        let mut prev = first;
        // A run of connectors alone holds no letter or digit: no word.
        let mut alnum = first != Class::Connector;
        let mut end = start + len;
        loop {
            let (c, len) = char_at(text, end);
            if is_core(c) {
                alnum |= c != Class::Connector;
                prev = c;
                end += len;
                continue;
            }
            match c {
                Class::Unknown => return Err(Unknown),
                Class::MidLetter | Class::MidNumLet | Class::MidNum => {}
                _ => break,
            }
            let (next, next_len) = char_at(text, end + len);
            if next == Class::Unknown {
                return Err(Unknown);
            }
            if !joins(c, prev, next) {
                break;
            }
            prev = next;
            end += len + next_len;
        }
        *pos = end;
        if alnum {
            return Ok(Some((start, &text[start..end])));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path's words, failing if it handed the text to the crate.
    fn ours(text: &str) -> Vec<(usize, &str)> {
        let mut iter = word_indices(text);
        let words: Vec<_> = iter.by_ref().collect();
        assert!(
            matches!(iter, WordIndices::Simple { .. }),
            "{text:?} should take the fast path"
        );
        words
    }

    fn crates(text: &str) -> Vec<(usize, &str)> {
        text.unicode_word_indices().collect()
    }

    /// Every character the fast path accepts, in every context where a
    /// rule could treat it differently, breaks as the crate breaks it.
    #[test]
    fn every_accepted_character_breaks_as_the_crate_does() {
        let contexts = [
            "a{}b", "1{}2", "{}", "a{}", "{}a", "1{}a", "a{}1", "_{}_", "{}{}", "a{}{}b", "1{}{}2",
            "{}_", "é{}é", " {} ", "a.{}", "1,{}",
        ];
        let mut accepted = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if class(c) == Class::Unknown {
                continue;
            }
            accepted += 1;
            for context in contexts {
                let text = context.replace("{}", &c.to_string());
                assert_eq!(
                    ours(&text),
                    crates(&text),
                    "{c:?} (U+{:04X}) in {text:?}",
                    c as u32
                );
            }
        }
        assert!(accepted > 900, "only {accepted} characters accepted");
    }

    /// Random texts over letters, digits and every joining and breaking
    /// character, some with characters left to the crate.
    #[test]
    fn random_texts_break_as_the_crate_does() {
        let alphabet: Vec<char> = "aZé1_.,;:'’‘ \n\r\t-“”—…ЖλΩ0ß\"\u{a0}\u{ad}\u{301}\u{37e}\u{387}\u{b7}\u{200d}²😀🇺שカ٣"
            .chars()
            .collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300_000 {
            let len = (next() % 14) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(
                word_indices(&text).collect::<Vec<_>>(),
                crates(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn news_writing_takes_the_fast_path() {
        let text =
            "Japan’s minister said “up to 12,000 troops” — about 3.5 km… Ålesund’s mayor, Сибіга.";
        assert_eq!(ours(text), crates(text));
        assert!(ours(text).contains(&(0, "Japan’s")));
        assert!(ours(text).iter().any(|&(_, w)| w == "12,000"));
    }

    #[test]
    fn other_scripts_go_to_the_crate() {
        for text in ["東京に行く", "cafe\u{301} au lait", "x² + y²", "שלום עולם"] {
            let mut iter = word_indices(text);
            let words: Vec<_> = iter.by_ref().collect();
            assert!(matches!(iter, WordIndices::Crate(_)), "{text}");
            assert_eq!(words, crates(text));
        }
    }
}
