//! Numbers and quantities in a sentence: digits or number words with their
//! scale ("12 million", "40 percent"), the modifier in front ("up to",
//! "more than"), a currency sign, and the thing counted ("troops" in "12,000
//! North Korean troops"). Runs after dates, so a date's day and year are not
//! counted again.

use super::lexicon;
use super::lexicon::{
    F_CURRENCIES, F_LENGTH_UNITS, F_NUMBER_WORDS, F_OTHER_UNITS, F_SCALE_WORDS, F_TIME_UNITS,
};
use super::words::{Word, joined, take};
use super::{Fact, FactKind, Span};

/// Words in front of a number that belong to it; the first that fits wins.
const NUMBER_MODIFIERS: &[&[&str]] = &[
    &["up", "to"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["at", "least"],
    &["as", "many", "as"],
    &["as", "much", "as"],
    &["an", "estimated"],
    &["about"],
    &["around"],
    &["approximately"],
    &["nearly"],
    &["almost"],
    &["over"],
    &["under"],
    &["some"],
    &["roughly"],
    &["just"],
    &["only"],
    &["exactly"],
];

/// Finds the numbers of a sentence among the words not yet taken, marking
/// their words taken.
pub(super) fn numbers(sentence: &str, words: &[Word], taken: &mut [bool], facts: &mut Vec<Fact>) {
    let mut i = 0;
    while i < words.len() {
        if !starts_number(words, taken, i) {
            i += 1;
            continue;
        }
        let e = number_end(sentence, words, taken, i);
        let mut s = modifier_start(words, taken, i);
        // "Pounds 12m", "USD 5 billion": a currency written before the number.
        if s == i
            && i > 0
            && !taken[i - 1]
            && words[i - 1].is(F_CURRENCIES)
            && joined(sentence, &words[i - 1], &words[i])
        {
            s = i - 1;
        }
        let start = if s == i {
            currency_start(sentence, words[i].start)
        } else {
            words[s].start
        };
        let mut end = words[e].end;
        let mut last = e;
        if sentence[end..].starts_with('%') {
            end += 1;
        } else if let Some(u) = unit_end(sentence, words, taken, e) {
            // "about 3.5 kilometres", "4.2 million pesos": without its unit
            // the number answers nothing.
            end = words[u].end;
            last = u;
        }
        let mut fact = Fact::new(FactKind::Number, start, end);
        if let Some(x) = counted(words, e) {
            fact.parts[0] = Span::of(x.start..x.end);
        }
        take(taken, s, last);
        facts.push(fact);
        i = last + 1;
    }
}

/// Classes of the unit words a number's span takes in.
const UNIT_WORDS: u32 = F_CURRENCIES | F_LENGTH_UNITS | F_TIME_UNITS | F_OTHER_UNITS;

/// The last word of the unit of measure written right after the number
/// ending at `e` ("kilometres", "pesos", "square miles"), if there is one.
fn unit_end(sentence: &str, words: &[Word], taken: &[bool], e: usize) -> Option<usize> {
    let unit = |k: usize| {
        words
            .get(k)
            .filter(|w| !taken[k] && !w.capitalised && w.is(UNIT_WORDS) && !w.possessive)
            .filter(|w| joined(sentence, &words[k - 1], w))
            .is_some()
    };
    // "thousands of years", "millions of volts"
    let plural_number = words[e].lower.ends_with('s') && words[e].is(F_NUMBER_WORDS);
    if plural_number
        && words.get(e + 1).is_some_and(|w| w.lower == "of")
        && joined(sentence, &words[e], &words[e + 1])
        && unit(e + 2)
    {
        return Some(e + 2);
    }
    if !unit(e + 1) {
        return None;
    }
    // "square"/"cubic" measure only with the length unit after them.
    if matches!(words[e + 1].lower.as_ref(), "square" | "cubic") {
        return (unit(e + 2) && words[e + 2].is(F_LENGTH_UNITS)).then_some(e + 2);
    }
    Some(e + 1)
}

/// What a number measures, as its currency sign, percent sign or the unit
/// its span ends with tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// An amount of money ("$54 million", "4.2 million pesos").
    Money,
    /// A share ("40%", "12 per cent").
    Percent,
    /// A length or distance ("3.5 kilometres").
    Length,
    /// A span of time ("five hours").
    Time,
    /// Another unit: mass, area, volume, temperature, power.
    Other,
}

/// What the number `text` (a number fact's whole text) measures; `None`
/// for a bare count.
pub(crate) fn measure(text: &str) -> Option<Measure> {
    let first = text.split([' ', '\u{a0}']).next().unwrap_or("");
    if text.contains(['$', '€', '£', '¥']) || lexicon::is_in(F_CURRENCIES, &first.to_lowercase())
    {
        return Some(Measure::Money);
    }
    let last = text.rsplit([' ', '\u{a0}']).next().unwrap_or("");
    if last.ends_with('%') || last.eq_ignore_ascii_case("percent") || last == "cent" {
        return Some(Measure::Percent);
    }
    let flags = lexicon::flags(&last.to_lowercase());
    [
        (F_CURRENCIES, Measure::Money),
        (F_LENGTH_UNITS, Measure::Length),
        (F_TIME_UNITS, Measure::Time),
        (F_OTHER_UNITS, Measure::Other),
    ]
    .into_iter()
    .find_map(|(flag, m)| (flags & flag != 0).then_some(m))
}

/// Word `i` is free and a number that stands for a quantity.
fn starts_number(words: &[Word], taken: &[bool], i: usize) -> bool {
    let w = &words[i];
    // A capitalised number word mid-sentence is part of a name ("Group of Seven").
    let named = i > 0 && w.capitalised && !w.text.starts_with(|c: char| c.is_ascii_digit());
    if taken[i] || named || !is_number_word(w) || (w.lower == "one" && !next_is_scale(words, i)) {
        return false;
    }
    // A number word must sit in plain text, not inside an identifier like
    // "G7"; ordinals and "5m", "3bn", "10k" are numbers.
    !(w.text.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.text.chars().any(|c| c.is_alphabetic())
        && !w.lower.ends_with("st")
        && !w.lower.ends_with("nd")
        && !w.lower.ends_with("rd")
        && !w.lower.ends_with("th")
        && !w.lower.ends_with('m')
        && !w.lower.ends_with("bn")
        && !w.lower.ends_with('k'))
}

/// The last word of the number starting at `i`: further number and scale
/// words ("12 million", "two hundred"), up to "per cent".
fn number_end(sentence: &str, words: &[Word], taken: &[bool], i: usize) -> usize {
    let mut e = i;
    while e + 1 < words.len()
        && !taken[e + 1]
        && (is_number_word(&words[e + 1]) || words[e + 1].is(F_SCALE_WORDS))
        && joined(sentence, &words[e], &words[e + 1])
    {
        if words[e + 1].lower == "per" {
            if words.get(e + 2).is_some_and(|x| x.lower == "cent") {
                e += 2;
            }
            break;
        }
        e += 1;
    }
    e
}

/// The first word of the number at `i` with its modifier, if one is in
/// front and free.
fn modifier_start(words: &[Word], taken: &[bool], i: usize) -> usize {
    for m in NUMBER_MODIFIERS {
        if i >= m.len() {
            let from = i - m.len();
            if (0..m.len()).all(|k| words[from + k].lower == m[k] && !taken[from + k]) {
                return from;
            }
        }
    }
    i
}

/// Where a number starting at byte `start` begins once a currency sign
/// written before it ("$19", "US$19") is counted in.
fn currency_start(sentence: &str, start: usize) -> usize {
    let before = &sentence[..start];
    let Some(c) = before.chars().next_back() else {
        return start;
    };
    if !matches!(c, '$' | '€' | '£' | '¥') {
        return start;
    }
    let sign = start - c.len_utf8();
    if before[..sign].ends_with("US") {
        sign - 2
    } else {
        sign
    }
}

/// The thing counted by a number ending at word `e`: the first lower-case
/// content word within reach.
fn counted<'w, 'a>(words: &'w [Word<'a>], e: usize) -> Option<&'w Word<'a>> {
    words[e + 1..words.len().min(e + 5)]
        .iter()
        .find(|x| !x.capitalised && !crate::text::is_stop_word(&x.lower) && !is_number_word(x))
}

fn is_number_word(w: &Word) -> bool {
    w.text.chars().next().is_some_and(|c| c.is_ascii_digit()) || w.is(F_NUMBER_WORDS)
}

fn next_is_scale(words: &[Word], i: usize) -> bool {
    words
        .get(i + 1)
        .is_some_and(|w| w.is(F_SCALE_WORDS) || w.is(F_NUMBER_WORDS))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts_of, has};
    use crate::facts::{FactKind, NameMemory, extract};

    #[test]
    fn numbers_with_modifiers_and_units() {
        let s = "Up to 12,000 North Korean troops have been sent.";
        let mut memory = NameMemory::default();
        let f = extract(s, crate::text::Lang::ENGLISH, &mut memory);
        let n = f
            .iter()
            .find(|x| x.kind == FactKind::Number)
            .expect("a number");
        assert_eq!(n.text(s), "Up to 12,000");
        assert_eq!(n.unit(s).as_deref(), Some("troops"));
        assert!(has(
            "The bidder paid $19 million for lunch.",
            FactKind::Number,
            "$19 million"
        ));
        assert!(has("Inflation hit 3.5% in May.", FactKind::Number, "3.5%"));
        assert!(has(
            "Some 40 percent agreed.",
            FactKind::Number,
            "Some 40 percent"
        ));
        assert!(has(
            "They sent thousands of troops.",
            FactKind::Number,
            "thousands"
        ));
    }

    #[test]
    fn currency_signs_belong_to_the_number() {
        assert!(has(
            "It cost US$5 million.",
            FactKind::Number,
            "US$5 million"
        ));
        assert!(has("Tickets were €40 each.", FactKind::Number, "€40"));
    }

    #[test]
    fn units_of_measure_belong_to_the_number() {
        let cases = [
            (
                "The mine lies about 3.5 kilometres north.",
                "about 3.5 kilometres",
            ),
            (
                "It will pay 4.2 million pesos to the families.",
                "4.2 million pesos",
            ),
            (
                "The area has been inhabited for thousands of years.",
                "thousands of years",
            ),
            (
                "Last year the company spent Pounds 12m on advertising.",
                "Pounds 12m",
            ),
            (
                "The park covers 40 square miles of forest.",
                "40 square miles",
            ),
        ];
        for (sentence, number) in cases {
            assert!(has(sentence, FactKind::Number, number), "{sentence}");
        }
        // A counted thing is no unit: the number stays bare.
        assert!(has(
            "A ferry carrying 212 people left.",
            FactKind::Number,
            "212"
        ));
    }

    #[test]
    fn what_a_number_measures() {
        use super::{Measure, measure};
        assert_eq!(measure("$54 million"), Some(Measure::Money));
        assert_eq!(measure("4.2 million pesos"), Some(Measure::Money));
        assert_eq!(measure("Pounds 12m"), Some(Measure::Money));
        assert_eq!(measure("about 3.5 kilometres"), Some(Measure::Length));
        assert_eq!(measure("about five hours"), Some(Measure::Time));
        assert_eq!(measure("38 acres"), Some(Measure::Other));
        assert_eq!(measure("40%"), Some(Measure::Percent));
        assert_eq!(measure("About 2,300"), None);
    }

    #[test]
    fn identifiers_are_not_numbers() {
        assert!(
            !facts_of("The G7 met.")
                .iter()
                .any(|f| f.0 == FactKind::Number)
        );
    }
}
