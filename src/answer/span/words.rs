//! The sentence's words as the span rules see them: closed classes, the
//! gaps between words, facts as spans, the dateline, and the edges a phrase
//! is scored and shown with.

use std::ops::Range;

use crate::facts::FactKind;

/// What a word is for the span rules: its closed class, or content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Det,
    Of,
    To,
    Loc,
    By,
    Prep,
    Aux,
    Conj,
    Rel,
    Because,
    Pron,
    OtherStop,
    Content,
}

pub(super) fn class_of(folded: &str, has_term: bool) -> Class {
    match folded {
        "the" | "a" | "an" | "this" | "that" | "these" | "those" | "his" | "her" | "its"
        | "their" | "our" | "my" | "your" | "some" | "any" | "each" | "every" | "no" => Class::Det,
        "of" => Class::Of,
        "to" => Class::To,
        "in" | "on" | "at" | "from" | "near" | "into" | "onto" | "inside" => Class::Loc,
        "by" => Class::By,
        "for" | "with" | "about" | "after" | "before" | "during" | "between" | "through"
        | "against" | "among" | "within" | "without" | "via" | "per" | "across" | "toward"
        | "towards" | "upon" | "over" | "under" | "than" | "until" | "above" | "below" | "off"
        | "out" | "up" | "down" | "around" | "behind" | "beyond" | "despite" => Class::Prep,
        "is" | "are" | "was" | "were" | "be" | "been" | "being" | "am" | "has" | "have" | "had"
        | "having" | "do" | "does" | "did" | "will" | "would" | "can" | "could" | "shall"
        | "should" | "may" | "might" | "must" => Class::Aux,
        "and" | "or" | "but" | "nor" => Class::Conj,
        "which" | "who" | "whom" | "whose" | "where" | "when" | "while" | "what" | "why"
        | "how" => Class::Rel,
        "because" | "since" | "so" | "due" | "as" => Class::Because,
        "he" | "she" | "it" | "they" | "we" | "i" | "you" | "him" | "them" | "us" | "me"
        | "himself" | "herself" | "itself" | "themselves" => Class::Pron,
        _ if has_term => Class::Content,
        _ => Class::OtherStop,
    }
}

/// What separates two words (or a word from the sentence's edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    /// Only spaces.
    Space,
    /// A hyphen, slash, apostrophe, period or ampersand: inside a phrase.
    Joiner,
    Comma,
    Open,
    Close,
    Quote,
    /// Colon, semicolon, dash between spaces, and the rest.
    Punct,
}

impl Gap {
    /// Whether a span may hold this gap.
    pub(super) fn inside(self) -> bool {
        matches!(self, Gap::Space | Gap::Joiner)
    }
}

pub(super) fn gap_of(s: &str) -> Gap {
    let t = s.trim();
    if t.is_empty() {
        return Gap::Space;
    }
    if t.contains(',') {
        return Gap::Comma;
    }
    if t.contains(['(', '[', '{']) {
        return Gap::Open;
    }
    if t.contains([')', ']', '}']) {
        return Gap::Close;
    }
    if t.contains(['"', '“', '”', '«', '»']) {
        return Gap::Quote;
    }
    let joiner = t.chars().all(|c| {
        matches!(
            c,
            '-' | '/' | '\'' | '’' | '.' | '&' | '+' | '$' | '€' | '£' | '¥' | '%' | '#'
        )
    });
    // "New York-based" joins; "war - and" with spaces around is a dash.
    let dash = t.chars().any(|c| matches!(c, '-' | '–' | '—')) && s.starts_with(' ');
    if joiner && !dash {
        return Gap::Joiner;
    }
    Gap::Punct
}

/// One word of the sentence as the span rules see it.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) range: Range<usize>,
    pub(super) class: Class,
    /// Its term is one of the question's.
    pub(super) in_question: bool,
    /// Its term's idf when it is the question's, else 0.
    pub(super) weight: f64,
    /// Its term is the question's focus noun.
    pub(super) focus: bool,
    /// It names a kind of the question's focus noun ("Chicago" for "city").
    pub(super) kind: bool,
    /// A word of approximation before a number ("about", "nearly", "up").
    pub(super) approx: bool,
    pub(super) capital: bool,
    pub(super) digit: bool,
    /// A four-digit year.
    pub(super) year: bool,
    /// In capitals, two letters or more.
    pub(super) upper: bool,
    /// A leading article ("the", "a", "an").
    pub(super) article: bool,
    /// "because", "since", "due".
    pub(super) because: bool,
    /// Ends in "'s" or "’s".
    pub(super) possessive: bool,
    /// A content word ending in "-ed" or "-ing".
    pub(super) verbish: bool,
    /// The nearest question word before this one.
    pub(super) matched_before: Option<usize>,
    /// The nearest question word after this one.
    pub(super) matched_after: Option<usize>,
}

/// A fact of the sentence, as the span features compare spans with it.
pub(super) struct FactSpan {
    pub(super) kind: FactKind,
    pub(super) range: Range<usize>,
    /// The range without what scoring ignores (see [`phrase_core`]).
    pub(super) core: Range<usize>,
    pub(super) wanted: bool,
}

/// How many words of the sentence are a news dateline: a first word in
/// capitals up to the dash or colon that closes it within a few words
/// ("WASHINGTON (AP) —", "NASHVILLE, Tenn. (AP) —"); 0 when there is none.
pub(super) fn dateline(text: &str, words: &[Word]) -> usize {
    if !words.first().is_some_and(|w| w.upper && w.range.len() > 2) {
        return 0;
    }
    (1..words.len().min(6))
        .find(|&k| {
            let gap = &text[words[k - 1].range.end..words[k].range.start];
            gap.contains(['—', '–', ':']) || gap.contains(" - ")
        })
        .unwrap_or(0)
}

/// A phrase's range without what the scoring ignores at its edges: a
/// leading article, currency signs, a percent sign, spaces.
pub(super) fn phrase_core(text: &str, range: Range<usize>) -> Range<usize> {
    let mut r = range;
    loop {
        let t = &text[r.clone()];
        let trimmed =
            t.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '$' | '€' | '£' | '¥'));
        let mut skip = t.len() - trimmed.len();
        for article in ["the ", "a ", "an "] {
            if trimmed
                .get(..article.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(article))
            {
                skip += article.len();
                break;
            }
        }
        if skip == 0 {
            break;
        }
        r.start += skip;
    }
    let t = &text[r.clone()];
    r.end = r.start
        + t.trim_end_matches(|c: char| c.is_whitespace() || c == '%')
            .len();
    r
}

/// Takes in an article and a currency sign before the span and a percent
/// sign after it, so the phrase reads "the river had flooded", "$19
/// million", "5.9%" (scoring ignores them, readers do not); a name keeps
/// no article.
pub(super) fn widen(text: &str, range: Range<usize>) -> Range<usize> {
    let mut r = range;
    if let Some(c) = text[..r.start].chars().next_back()
        && matches!(c, '$' | '€' | '£' | '¥')
    {
        r.start -= c.len_utf8();
    }
    // "the Palazzo Reale" stays "Palazzo Reale": a name needs no article.
    let named = text[r.clone()].starts_with(char::is_uppercase);
    let before = &text[..r.start];
    if let Some(word) = before.strip_suffix(' ').and_then(|b| b.rsplit(' ').next())
        && matches!(word, "the" | "The" | "a" | "A" | "an" | "An")
        && !named
    {
        r.start -= word.len() + 1;
    }
    if text[r.end..].starts_with('%') {
        r.end += 1;
    }
    r
}

pub(super) fn is_year(folded: &str) -> bool {
    folded.len() == 4
        && folded.bytes().all(|b| b.is_ascii_digit())
        && (b"10".as_slice()..=b"20".as_slice()).contains(&&folded.as_bytes()[..2])
}

/// The words of a growing span, summed up for its features.
#[derive(Debug, Default)]
pub(super) struct Run {
    pub(super) content: usize,
    /// Content words the question holds.
    pub(super) named: usize,
    /// One bit per [`Class`] among the words.
    pub(super) classes: u16,
    pub(super) all_cap: bool,
    pub(super) digit: bool,
    pub(super) verbish: bool,
    pub(super) focus: bool,
    /// Some word names a kind of the focus noun.
    pub(super) kind: bool,
    pub(super) joiner: bool,
    pub(super) upper: bool,
}

impl Run {
    /// Adds word `w`; `joined` when a hyphen or the like ties it to the last.
    pub(super) fn push(&mut self, w: &Word, joined: bool) {
        if self.classes == 0 {
            self.all_cap = true;
        }
        self.classes |= 1 << w.class as u16;
        if w.class == Class::Content {
            self.content += 1;
            self.named += usize::from(w.in_question);
            self.all_cap &= w.capital;
        }
        self.digit |= w.digit;
        self.verbish |= w.verbish;
        self.focus |= w.focus;
        self.kind |= w.kind;
        self.joiner |= joined;
        self.upper |= w.upper;
    }
}
