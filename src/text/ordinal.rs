//! English ordinals written in digits ("5th", "19th") read as the word
//! ("fifth", "nineteenth"), so "the 5th president" finds "the
//! university's fifth president" and "the nineteenth century" answers a
//! question about the 19th. Both sides go through the analyzer, so either
//! spelling matches the other.

/// The words of the ordinals an article spells out: up to the twentieth,
/// then the tens (news writes "the 21st century" in digits, and so do
/// questions).
const WORDS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// The word an English ordinal in digits stands for ("5th" -> "fifth"),
/// or `None` when `folded` is not one, its ending does not fit its number
/// ("5st"), or the number is past the words kept.
pub(super) fn as_word(folded: &str) -> Option<&'static str> {
    let digits = folded.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let ending = &folded[digits.len()..];
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: usize = digits.parse().ok()?;
    let expected = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    if ending != expected {
        return None;
    }
    WORDS.get(n.checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::as_word;

    #[test]
    fn digits_with_the_fitting_ending_read_as_the_word() {
        assert_eq!(as_word("5th"), Some("fifth"));
        assert_eq!(as_word("1st"), Some("first"));
        assert_eq!(as_word("2nd"), Some("second"));
        assert_eq!(as_word("13th"), Some("thirteenth"));
        assert_eq!(as_word("20th"), Some("twentieth"));
    }

    #[test]
    fn other_numbers_and_endings_stay_numbers() {
        for word in [
            "5", "5st", "11st", "21st", "0th", "05th", "850th", "5m", "th",
        ] {
            assert_eq!(as_word(word), None, "{word}");
        }
    }
}
