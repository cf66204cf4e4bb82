//! Splits a paragraph into sentences. Hand-written because the product lives
//! on its boundaries: abbreviations and titles ("Mr.", "Gen.", "U.S.",
//! "Oct.", "No. 5"), initials ("J. R. R. Tolkien"), decimals and thousands,
//! closing quotes and brackets, and ellipses all need care, and a reply is
//! exactly one sentence. Sentence ends of every script count (the CJK
//! full stops, the Devanagari danda, the Arabic question mark), each
//! language has its own abbreviations, and Thai, which puts a space
//! between sentences and clauses alike, is cut at spaces into pieces of a
//! readable length.

use crate::text::Lang;

/// Abbreviations after which a full stop does not end a sentence (lower
/// case, without the stop). "no" is handled apart: it is an abbreviation
/// only before a number.
const ABBREVIATIONS: &[&str] = &[
    "adm", "approx", "apr", "assn", "aug", "ave", "bros", "capt", "cf", "cmdr", "co", "col",
    "corp", "cpl", "dec", "dept", "dr", "e.g", "eg", "esq", "est", "etc", "feb", "fig", "fri",
    "ft", "gen", "gov", "hon", "i.e", "ie", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj",
    "mar", "messrs", "mon", "mr", "mrs", "ms", "mt", "nov", "oct", "op", "prof", "pvt", "rep",
    "reps", "rev", "sat", "sen", "sens", "sep", "sept", "sgt", "sr", "st", "sun", "supt", "thu",
    "thurs", "tue", "tues", "v", "vol", "vs", "wed",
];

/// Other languages' abbreviations after which a full stop does not end a
/// sentence (lower case, without the final stop): titles, "for example",
/// "million", street and month abbreviations.
fn abbreviations(lang: Lang) -> &'static [&'static str] {
    use whatlang::Lang as W;
    match lang.inner() {
        W::Eng => ABBREVIATIONS,
        W::Deu => &[
            "abs", "bd", "bspw", "bzw", "ca", "chr", "d.h", "dez", "dipl", "dr", "evtl", "feb",
            "geb", "gegr", "ggf", "hrsg", "inkl", "ing", "jan", "jh", "jhd", "mio", "mrd", "nov",
            "nr", "okt", "prof", "sept", "sog", "st", "str", "tel", "u.a", "usw", "v.a", "v.chr",
            "vgl", "z.b", "z.t",
        ],
        W::Fra => &[
            "av", "avr", "bd", "cf", "chap", "déc", "dr", "env", "etc", "févr", "janv", "juil",
            "m", "mlle", "mm", "mme", "nov", "oct", "p", "pr", "sept", "st", "ste", "vol",
        ],
        W::Spa => &[
            "abr", "ago", "aprox", "art", "av", "avda", "d", "dic", "dr", "dra", "dña", "ee.uu",
            "ene", "etc", "feb", "gral", "ing", "jul", "jun", "lic", "núm", "nov", "oct", "pág",
            "prof", "sept", "sr", "sra", "srta", "ud", "uds",
        ],
        W::Ita => &[
            "art", "avv", "dott", "ecc", "ing", "n", "pag", "prof", "sig", "sigg",
        ],
        W::Por => &["art", "av", "dr", "dra", "etc", "pág", "prof", "sr", "sra"],
        W::Nld => &[
            "bijv", "bv", "ca", "dhr", "dr", "enz", "m.a.w", "mevr", "nr", "o.a", "prof",
        ],
        W::Ron => &[
            "apr", "aug", "dec", "dl", "dna", "dr", "etc", "feb", "ian", "nov", "nr", "oct",
            "prof", "sept", "str", "ș.a",
        ],
        W::Rus => &[
            "акад", "ген", "гг", "долл", "им", "млн", "млрд", "напр", "обл", "проф", "руб", "св",
            "см", "т.д", "т.е", "т.к", "т.п", "тыс", "ул",
        ],
        W::Ukr => &[
            "вул", "ген", "грн", "див", "ім", "млн", "млрд", "обл", "проф", "рр", "т.б", "т.д",
            "тис",
        ],
        W::Ell => &["αρ", "δρ", "εκ", "κ", "κα", "π.χ", "στ", "χλμ"],
        W::Tur => &[
            "av", "bkz", "cad", "doç", "dr", "mah", "no", "örn", "prof", "sok", "vb", "yy",
        ],
        W::Vie => &["gs", "pgs", "th.s", "tp", "ts"],
        _ => &[],
    }
}

/// Whether the language writes ordinals as a number with a full stop
/// ("am 7. Januar", "im 19. Jahrhundert", "1. Dünya Savaşı"): there a
/// stop after a short number is an ordinal's, not a sentence end (on the
/// German XQuAD dev part, "Tesla starb am 7." was a sentence of its own).
fn writes_ordinal_dots(lang: Lang) -> bool {
    use whatlang::Lang as W;
    matches!(
        lang.inner(),
        W::Deu
            | W::Tur
            | W::Dan
            | W::Nob
            | W::Fin
            | W::Ces
            | W::Slk
            | W::Pol
            | W::Hun
            | W::Slv
            | W::Hrv
            | W::Srp
            | W::Est
            | W::Lav
            | W::Lit
    )
}

/// Thai pieces are joined until they are this many characters long: a
/// piece between two spaces is often a clause, too short to answer alone
/// (on the XQuAD Thai dev part, Hit@1 .36 at 60 characters, .48 at 100,
/// .52 at 150, .59 at 200).
const THAI_MIN_CHARS: usize = 200;

/// Words that, capitalised after a dotted acronym ("U.S."), almost always
/// start a new sentence rather than continue a name.
const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "After",
    "An",
    "And",
    "As",
    "At",
    "But",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Meanwhile",
    "On",
    "She",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "We",
    "When",
    "While",
    "You",
];

/// Returns the byte ranges of the sentences of `paragraph` in English,
/// trimmed of surrounding white space. Text without a sentence end is one
/// sentence.
pub fn split_sentences(paragraph: &str) -> Vec<std::ops::Range<usize>> {
    split_sentences_in(paragraph, Lang::ENGLISH)
}

/// [`split_sentences`] for a paragraph in `lang`.
pub fn split_sentences_in(paragraph: &str, lang: Lang) -> Vec<std::ops::Range<usize>> {
    let sentences = split_marked(paragraph, abbreviations(lang), writes_ordinal_dots(lang));
    if lang.inner() != whatlang::Lang::Tha {
        return sentences;
    }
    sentences
        .into_iter()
        .flat_map(|r| thai_pieces(paragraph, r))
        .collect()
}

/// Cuts a Thai sentence at its spaces into pieces of at least
/// [`THAI_MIN_CHARS`] characters (the last may be shorter).
fn thai_pieces(text: &str, range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let mut chars = 0;
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        if c == ' ' && chars >= THAI_MIN_CHARS {
            push_trimmed(&mut out, text, start, at);
            start = at;
            chars = 0;
        }
        chars += 1;
    }
    push_trimmed(&mut out, text, start, range.end);
    out
}

/// Whether `c` ends a sentence: full stop, ellipsis, question and
/// exclamation marks of every script.
fn is_terminator(c: char) -> bool {
    TERMINATORS.contains(&c)
}

const TERMINATORS: [char; 11] = ['.', '!', '?', '…', '。', '！', '？', '।', '॥', '؟', '۔'];

/// The sentences of `paragraph`, with `abbreviations` (and, where the
/// language writes them so, ordinals) never ending one.
fn split_marked(
    paragraph: &str,
    abbreviations: &[&str],
    ordinal_dots: bool,
) -> Vec<std::ops::Range<usize>> {
    thread_local! {
        /// The paragraph's characters, one buffer per thread for every
        /// paragraph it splits.
        static CHARS: std::cell::RefCell<Vec<(usize, char)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // Most paragraphs of news are one sentence: its only terminators close
    // the paragraph, and the characters need not be listed.
    let Some(first) = next_terminator(paragraph, 0) else {
        return whole(paragraph);
    };
    if ends_paragraph(&paragraph[first..]) {
        return whole(paragraph);
    }
    CHARS.with_borrow_mut(|chars| {
        chars.clear();
        chars.extend(paragraph.char_indices());
        split_chars(paragraph, chars, abbreviations, ordinal_dots)
    })
}

/// The paragraph as one sentence, trimmed (none if it is blank).
fn whole(paragraph: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    push_trimmed(&mut out, paragraph, 0, paragraph.len());
    out
}

/// Whether `rest`, starting with a terminator, is only terminators and
/// closers: the run [`split_chars`] would take whole and find nothing after.
fn ends_paragraph(rest: &str) -> bool {
    rest.chars()
        .skip_while(|&c| is_terminator(c))
        .all(is_closer)
}

/// The byte offset of the first terminator of `text` at or after byte
/// `from` (a character boundary). Bytes are scanned, not characters:
/// only ASCII terminators and the first bytes of the others are looked at
/// twice.
fn next_terminator(text: &str, from: usize) -> Option<usize> {
    /// The bytes a terminator starts with: '.', '!', '?', and the lead
    /// bytes of the non-ASCII ones (a lead byte starts other characters too,
    /// so it is decoded).
    static MAY_START: [bool; 256] = {
        let mut table = [false; 256];
        let mut i = 0;
        while i < TERMINATORS.len() {
            let mut buf = [0; 4];
            table[TERMINATORS[i].encode_utf8(&mut buf).as_bytes()[0] as usize] = true;
            i += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(&b) = bytes.get(at) {
        if MAY_START[b as usize] && text[at..].chars().next().is_some_and(is_terminator) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// [`split_marked`] over the paragraph's `chars` (byte offset, char).
fn split_chars(
    paragraph: &str,
    chars: &[(usize, char)],
    abbreviations: &[&str],
    ordinal_dots: bool,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        // Straight to the next terminator, found in the bytes.
        let Some(at) = next_terminator(paragraph, chars[i].0) else {
            break;
        };
        i = chars.partition_point(|&(b, _)| b < at);
        let (_, c) = chars[i];
        // Take the whole run of terminators ("?!", "...") and what closes
        // after them (quotes, brackets).
        let mut j = i;
        while j < chars.len() && is_terminator(chars[j].1) {
            j += 1;
        }
        while j < chars.len() && is_closer(chars[j].1) {
            j += 1;
        }
        let end_byte = chars.get(j).map_or(paragraph.len(), |&(b, _)| b);
        // A boundary needs white space next (or a CJK full stop), then a
        // plausible sentence opening.
        let cjk = matches!(c, '。' | '！' | '？');
        let next_ws = j < chars.len() && chars[j].1.is_whitespace();
        if j >= chars.len() {
            break;
        }
        if !(next_ws || cjk) {
            if glued(chars, i, j, c) {
                push_trimmed(&mut out, paragraph, start, end_byte);
                start = chars[j].0;
            }
            i = j;
            continue;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k >= chars.len() {
            break;
        }
        let next_word = word_at(chars, k);
        let ordinal = ordinal_dots && c == '.' && j - i == 1 && is_ordinal(chars, i);
        if !ordinal && is_boundary(chars, i, j - i, c, next_word, cjk, abbreviations) {
            push_trimmed(&mut out, paragraph, start, end_byte);
            start = chars[k].0;
        }
        i = k;
    }
    push_trimmed(&mut out, paragraph, start, paragraph.len());
    out
}

/// Whether the terminator `c` at char `i`, closed at `j`, ends a sentence
/// glued to the next one by a copy that lost the space: "as mayor.The
/// candidate", "in Mexico City.This is". A word of two lower-case letters
/// or more before it and a capitalised word after it tell it from an
/// abbreviation ("e.g.", "U.S.Army") or a name ("Node.js").
fn glued(chars: &[(usize, char)], i: usize, j: usize, c: char) -> bool {
    let lower = |k: Option<usize>| {
        k.and_then(|k| chars.get(k))
            .is_some_and(|&(_, c)| c.is_lowercase())
    };
    matches!(c, '.' | '!' | '?')
        && lower(i.checked_sub(1))
        && lower(i.checked_sub(2))
        && chars.get(j).is_some_and(|&(_, c)| c.is_uppercase())
        && lower(Some(j + 1))
}

/// Whether the full stop at char `i` follows a number of one to three
/// digits standing as a word of its own: an ordinal where the language
/// writes them with a stop (a year, four digits, still ends a sentence).
fn is_ordinal(chars: &[(usize, char)], i: usize) -> bool {
    let digits = chars[..i]
        .iter()
        .rev()
        .take_while(|&&(_, c)| c.is_ascii_digit())
        .count();
    let before = i.checked_sub(digits + 1).map(|k| chars[k].1).unwrap_or(' ');
    (1..=3).contains(&digits) && (before.is_whitespace() || is_opener(before))
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '\u{201D}' | '\u{2019}' | '»' | '」' | '』'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '\u{201C}' | '\u{2018}' | '\u{00AB}' | '「' | '『' | '¿' | '¡'
    )
}

/// The word (letters, digits, dots) starting at char index `k`, skipping
/// opening quotes and brackets.
fn word_at(chars: &[(usize, char)], mut k: usize) -> String {
    while k < chars.len() && is_opener(chars[k].1) {
        k += 1;
    }
    chars[k..]
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '-' || *c == '\'')
        .collect()
}

/// The word that ends just before char index `i` (letters, digits, dots).
fn word_before(chars: &[(usize, char)], i: usize) -> String {
    let mut b = i;
    while b > 0 && (chars[b - 1].1.is_alphanumeric() || chars[b - 1].1 == '.') {
        b -= 1;
    }
    chars[b..i].iter().map(|&(_, c)| c).collect()
}

fn is_boundary(
    chars: &[(usize, char)],
    i: usize,
    run: usize,
    term: char,
    next_word: String,
    cjk: bool,
    abbreviations: &[&str],
) -> bool {
    if cjk {
        return true;
    }
    let first = next_word.chars().next();
    let next_upper = first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let next_starts = first.is_some_and(|c| !c.is_lowercase());
    // An ellipsis or '!'/'?' ends a sentence only before an opening word.
    if term != '.' || run > 1 {
        return next_starts;
    }
    if !next_starts {
        return false;
    }
    let before = word_before(chars, i);
    let lower = before.to_lowercase();
    // Initials: "J. R. R. Tolkien", "George W. Bush".
    if before.chars().count() == 1 && before.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    // "No. 5" but "There was no. Then..." is rare enough to ignore.
    if (lower == "no" || lower == "nos") && std::ptr::eq(abbreviations, ABBREVIATIONS) {
        return !first.is_some_and(|c| c.is_ascii_digit());
    }
    // English's long list is sorted for a binary search; the others are short.
    let listed = if std::ptr::eq(abbreviations, ABBREVIATIONS) {
        ABBREVIATIONS.binary_search(&lower.as_str()).is_ok()
    } else {
        abbreviations.contains(&lower.as_str())
    };
    if listed {
        return false;
    }
    // Dotted acronyms: "U.S.", "a.m.". They end a sentence only when a
    // typical sentence opener follows.
    if lower.contains('.') {
        let next_clean = next_word.trim_end_matches('.');
        return SENTENCE_STARTERS.contains(&next_clean)
            || (next_upper && next_word.chars().all(|c| c.is_ascii_digit()));
    }
    true
}

fn push_trimmed(out: &mut Vec<std::ops::Range<usize>>, text: &str, start: usize, end: usize) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(start + lead..end - trail);
    }
}

#[cfg(test)]
mod tests;
