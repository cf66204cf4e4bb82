//! Dates and times in a sentence: "August 6", "10 July 1856", "Saturday",
//! "last week", a year where the words around it make it one, decades,
//! centuries and times of day. Dates go first, so the numbers inside them
//! are not counted again as quantities.

use super::lexicon::{F_MONTHS, F_PERIOD_WORDS, F_RELATIVE_DAYS, F_WEEKDAYS};
use super::words::{Word, take};
use super::{Fact, FactKind};

/// Finds the dates of a sentence, marking their words taken.
pub(super) fn dates(sentence: &str, words: &[Word], taken: &mut [bool], facts: &mut Vec<Fact>) {
    let mut i = 0;
    while i < words.len() {
        let Some((s, e)) = date_at(sentence, words, taken, i) else {
            i += 1;
            continue;
        };
        take(taken, s, e);
        let mut end = words[e].end;
        // "a.m." and "p.m." keep their final stop.
        if matches!(words[e].lower.as_ref(), "a.m" | "p.m") && sentence[end..].starts_with('.') {
            end += 1;
        }
        facts.push(Fact::new(FactKind::Date, words[s].start, end));
        i = e + 1;
    }
}

/// The words (first, last) of a date that word `i` anchors, if it anchors
/// one. The rules are tried in order and the first whose anchor fits
/// decides, even when it then finds no date.
fn date_at(sentence: &str, words: &[Word], taken: &[bool], i: usize) -> Option<(usize, usize)> {
    let n = words.len();
    let w = &words[i];
    if w.is(F_MONTHS) && w.capitalised {
        month_date(sentence, words, taken, i)
    } else if (w.is(F_WEEKDAYS) && w.capitalised) || w.is(F_RELATIVE_DAYS) {
        Some((i, i))
    } else if (w.lower == "last" || w.lower == "next" || w.lower == "this")
        && i + 1 < n
        && words[i + 1].is(F_PERIOD_WORDS)
    {
        Some((i, i + 1))
    } else if is_year(w) && !taken[i] {
        year_in_context(sentence, words, i).then_some((i, i))
    } else if is_decade(w) || is_century(w) {
        Some((i, i))
    } else if i + 1 < n
        && matches!(
            words[i + 1].lower.as_ref(),
            "century" | "a.m" | "p.m" | "am" | "pm"
        )
        && (is_day(w) || w.lower.contains(':'))
    {
        // "10 a.m.", "10:30 pm", "19 century"
        Some((i, i + 1))
    } else {
        None
    }
}

/// A month with the day and year around it: "August 6", "October 15,
/// 1951", "10 July 1856", "May 2024".
fn month_date(sentence: &str, words: &[Word], taken: &[bool], i: usize) -> Option<(usize, usize)> {
    let n = words.len();
    let w = &words[i];
    // "May" and "March" are also ordinary words: need a number beside them.
    let ambiguous = matches!(w.lower.as_ref(), "may" | "march" | "jan" | "mar" | "sep");
    let mut e = i;
    if i + 1 < n && is_day(&words[i + 1]) && gap_ok(sentence, w, &words[i + 1]) {
        e = i + 1;
        if i + 2 < n && is_year(&words[i + 2]) {
            e = i + 2;
        }
    } else if i + 1 < n && is_year(&words[i + 1]) {
        e = i + 1;
    }
    let mut s = i;
    if i > 0 && is_day(&words[i - 1]) && !taken[i - 1] {
        s = i - 1;
    }
    (!(ambiguous && s == i && e == i)).then_some((s, e))
}

/// A four-digit number is a year only at the sentence's edges or beside
/// words that make it one ("in 2024", "2024 election", "1951,"): otherwise
/// it is a quantity.
fn year_in_context(sentence: &str, words: &[Word], i: usize) -> bool {
    let w = &words[i];
    let prev = i.checked_sub(1).map(|p| words[p].lower.as_ref());
    let next_gap = sentence[w.end..].chars().next();
    let prev_ok = prev.is_none_or(|p| {
        matches!(
            p,
            "in" | "since"
                | "by"
                | "until"
                | "till"
                | "from"
                | "of"
                | "during"
                | "before"
                | "after"
                | "early"
                | "late"
                | "mid"
                | "year"
                | "around"
                | "circa"
                | "and"
                | "to"
                | "between"
                | "born"
                | "died"
                | "the"
                | "c"
        )
    });
    let next_ok = next_gap.is_none_or(|c| ",.;:)–-".contains(c))
        || words.get(i + 1).is_some_and(|x| {
            matches!(
                x.lower.as_ref(),
                "and" | "to" | "when" | "election" | "season" | "census" | "olympics"
            )
        });
    prev_ok || next_ok
}

/// A day of the month: 1 to 31, maybe with an ordinal ending ("6th").
fn is_day(w: &Word) -> bool {
    // Every word of every sentence is asked: the first byte turns nearly
    // all away before any trimming or parsing.
    w.lower.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && w.lower
            .trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
            .parse::<u32>()
            .is_ok_and(|d| (1..=31).contains(&d))
}

fn is_year(w: &Word) -> bool {
    w.text.len() == 4
        && w.text
            .parse::<u32>()
            .is_ok_and(|y| (1000..=2099).contains(&y))
}

/// "1990s".
fn is_decade(w: &Word) -> bool {
    w.lower.len() == 5
        && w.text.len() == 5
        && w.lower.ends_with('s')
        && w.lower[..4]
            .parse::<u32>()
            .is_ok_and(|y| (1000..=2090).contains(&y) && y % 10 == 0)
}

/// A century written as one word, a number first.
fn is_century(w: &Word) -> bool {
    w.lower.chars().next().is_some_and(|c| c.is_ascii_digit()) && w.lower.ends_with("century")
}

/// Only full stops, commas and spaces between a month and its day
/// ("Aug. 6", "October, 19").
fn gap_ok(sentence: &str, a: &Word, b: &Word) -> bool {
    let gap = &sentence[a.end..b.start];
    gap.trim_matches(|c: char| c == '.' || c == ',')
        .trim()
        .is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts_of, has};
    use crate::facts::FactKind;

    #[test]
    fn dates_weekdays_and_years() {
        let s = "Ukraine launched a push on August 6, and they met on October 19 and on Saturday in 2024.";
        assert!(has(s, FactKind::Date, "August 6"));
        assert!(has(s, FactKind::Date, "October 19"));
        assert!(has(s, FactKind::Date, "Saturday"));
        assert!(has(s, FactKind::Date, "2024"));
        assert!(has(
            "It ran from October 15, 1951, to May 6, 1957.",
            FactKind::Date,
            "October 15, 1951"
        ));
        assert!(has(
            "It ran from October 15, 1951, to May 6, 1957.",
            FactKind::Date,
            "May 6, 1957"
        ));
        assert!(has(
            "He was born on 10 July 1856 in Smiljan.",
            FactKind::Date,
            "10 July 1856"
        ));
        assert!(has("The 1990s were calm.", FactKind::Date, "1990s"));
    }

    #[test]
    fn may_the_verb_is_not_a_date() {
        assert!(
            !facts_of("They May agree soon.")
                .iter()
                .any(|f| f.0 == FactKind::Date)
        );
    }
}
