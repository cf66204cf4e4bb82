//! Word segmentation per script: Unicode words (UAX #29) for scripts that
//! put spaces between words; jieba's dictionary words for Chinese; and
//! overlapping character pairs for Japanese, Korean and Thai, which need
//! a dictionary this crate cannot ship (Japanese, Korean) or write words
//! without spaces (Thai): a pair of characters is the unit a question and
//! its answer most often share. A segment may overlap the next (pairs and
//! jieba's search mode do), so words are in start order, not disjoint.

use std::sync::LazyLock;

use super::Lang;
use super::wordbreak::word_indices;

/// How a language's text falls into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Segmenter {
    /// Unicode words (UAX #29).
    Words,
    /// Chinese: jieba's dictionary words and, for long ones, the words
    /// inside them.
    Jieba,
    /// Runs of Han, kana, Hangul or Thai letters as overlapping pairs of
    /// characters; Unicode words elsewhere.
    Pairs,
}

impl Segmenter {
    /// The segmenter for `lang`.
    pub(crate) fn of(lang: Lang) -> Segmenter {
        use whatlang::Lang as W;
        match lang.inner() {
            W::Cmn => Segmenter::Jieba,
            W::Jpn | W::Kor | W::Tha | W::Khm | W::Mya => Segmenter::Pairs,
            _ => Segmenter::Words,
        }
    }
}

/// Whether `lang`'s words are the Unicode words of its text (UAX #29),
/// as [`for_each_word`] gives them: then a caller that also needs the
/// Unicode words for itself may segment once.
pub(crate) fn splits_unicode_words(lang: Lang) -> bool {
    Segmenter::of(lang) == Segmenter::Words
}

static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

/// Calls `f(start, word)` for each word of `text` in `lang` (byte offset
/// into `text`), in start order.
pub(crate) fn for_each_word<'t>(lang: Lang, text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    match Segmenter::of(lang) {
        Segmenter::Words => {
            for (start, word) in word_indices(text) {
                f(start, word);
            }
        }
        Segmenter::Jieba => {
            // Search mode lists a long word's inner words before it.
            let mut tokens = JIEBA.cut_for_search(text, true);
            tokens.sort_by_key(|t| (t.byte_start, t.byte_end));
            for t in tokens {
                if t.word.chars().any(char::is_alphanumeric) {
                    f(t.byte_start, t.word);
                }
            }
        }
        Segmenter::Pairs => pairs(text, &mut f),
    }
}

/// The words of `text` in `lang`, with their byte offsets.
pub(crate) fn words(lang: Lang, text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for_each_word(lang, text, |s, w| out.push((s, w)));
    out
}

/// Whether `c` belongs to a script written without spaces between words
/// (or, for Hangul, with particles fused to words), where pairs of
/// characters stand in for words.
pub(crate) fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'      // Thai
        | '\u{1000}'..='\u{109F}'    // Myanmar
        | '\u{1780}'..='\u{17FF}'    // Khmer
        | '\u{1100}'..='\u{11FF}'    // Hangul jamo
        | '\u{3040}'..='\u{30FF}'    // kana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'    // Han
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'    // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'    // half-width kana
        | '\u{20000}'..='\u{2FA1F}')
        // The Thai letters' own digits are numbers, not letters.
        && !c.is_numeric()
}

/// Overlapping character pairs of every run of unspaced letters; a run of
/// one character is itself. The rest goes to Unicode words.
fn pairs<'t>(text: &'t str, f: &mut impl FnMut(usize, &'t str)) {
    let mut rest_start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_unspaced(c) {
            continue;
        }
        for (s, w) in word_indices(&text[rest_start..i]) {
            f(rest_start + s, w);
        }
        // The run's character starts, then its end.
        let mut starts = vec![i];
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if !is_unspaced(d) {
                break;
            }
            starts.push(j);
            end = j + d.len_utf8();
            iter.next();
        }
        if starts.len() == 1 {
            f(i, &text[i..end]);
        } else {
            for k in 0..starts.len() - 1 {
                let stop = starts.get(k + 2).copied().unwrap_or(end);
                f(starts[k], &text[starts[k]..stop]);
            }
        }
        rest_start = end;
    }
    for (s, w) in word_indices(&text[rest_start..]) {
        f(rest_start + s, w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(code: &str, text: &str) -> Vec<String> {
        let lang = Lang::parse(code).expect("code");
        words(lang, text)
            .into_iter()
            .map(|(_, w)| w.to_string())
            .collect()
    }

    #[test]
    fn pairs_of_unspaced_letters_and_words_elsewhere() {
        assert_eq!(
            segs("th", "ใน 1973 ซีเรีย"),
            ["ใน", "1973", "ซี", "ีเ", "เร", "รี", "ีย"]
        );
        assert_eq!(segs("ja", "東京にAI"), ["東京", "京に", "AI"]);
        assert_eq!(segs("ja", "猫"), ["猫"]);
    }

    #[test]
    fn chinese_is_cut_into_dictionary_words() {
        let w = segs("zh", "特斯拉是哪一年去世的？1943 年");
        assert!(w.contains(&"特斯拉".to_string()), "{w:?}");
        assert!(w.contains(&"去世".to_string()), "{w:?}");
        assert!(w.contains(&"1943".to_string()), "{w:?}");
        assert!(!w.iter().any(|x| x.contains('？')));
    }

    #[test]
    fn offsets_point_at_the_words() {
        for code in ["en", "zh", "th", "ja"] {
            let lang = Lang::parse(code).expect("code");
            let text = "Tesla 特斯拉去世 ซีเรีย 1943.";
            for (s, w) in words(lang, text) {
                assert_eq!(&text[s..s + w.len()], w);
            }
        }
    }
}
