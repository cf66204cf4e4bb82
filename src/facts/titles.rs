//! Titles in quotation marks: a show, a film, a book, a song or a law
//! ("“Succession,” the HBO drama", "Prior to \"Jaws,\""). Quoted, a title
//! is one name, whatever its words would be read as alone ("Jaws" after
//! "prior to" is no place), and it is often what a "which show" or "which
//! novel" question asks for. Runs first, so the other extractors leave a
//! title's words alone.

use super::lexicon::F_NAME_JOINERS;
use super::words::{Word, take};
use super::{Fact, FactKind};

/// The most words a quoted title has; a longer quotation is speech.
const MAX_TITLE_WORDS: usize = 6;

/// Words a title leaves in lower case ("Respect for Marriage Act",
/// "Tonight with Belafonte"), besides the name joiners ("of") and words of
/// three letters or fewer.
const TITLE_SMALL_WORDS: &[&str] = &["with", "from", "into", "over", "upon", "than", "without"];

/// Finds the quoted titles of a sentence among the words not yet taken.
pub(super) fn titles(sentence: &str, words: &[Word], taken: &mut [bool], facts: &mut Vec<Fact>) {
    let mut i = 0;
    while i < words.len() {
        let title = (!taken[i] && words[i].capitalised && opens(sentence, words[i].start))
            .then(|| {
                (i..words.len().min(i + MAX_TITLE_WORDS))
                    .take_while(|&j| !taken[j] && !quote_between(sentence, &words[i], &words[j]))
                    .find(|&j| closes(sentence, words[j].end))
            })
            .flatten()
            .filter(|&j| titled(&words[i..=j]));
        match title {
            Some(j) => {
                facts.push(Fact::new(FactKind::Name, words[i].start, words[j].end));
                take(taken, i, j);
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

/// Whether a double quotation mark stands right before byte `at`.
fn opens(sentence: &str, at: usize) -> bool {
    sentence[..at].ends_with(['"', '\u{201c}'])
}

/// Whether a double quotation mark closes right after byte `at`, maybe
/// after the comma or full stop American style puts inside it. A question
/// or an exclamation inside quotation marks is speech.
fn closes(sentence: &str, at: usize) -> bool {
    let rest = &sentence[at..];
    let rest = rest.strip_prefix([',', '.']).unwrap_or(rest);
    rest.starts_with(['"', '\u{201d}'])
}

/// Whether a quotation mark stands between words `a` and `b`: the quote
/// ended before `b`.
fn quote_between(sentence: &str, a: &Word, b: &Word) -> bool {
    a.end < b.start && sentence[a.end..b.start].contains(['"', '\u{201c}', '\u{201d}'])
}

/// Whether quoted words read as a title: one or two words starting with a
/// capital ("Goblin mode"), or title case ("Star Trek: The Original
/// Series"), where speech ("We are incredibly proud") is not.
fn titled(words: &[Word]) -> bool {
    words.len() <= 2
        || words.iter().all(|w| {
            w.capitalised
                || w.text.chars().count() <= 3
                || w.is(F_NAME_JOINERS)
                || TITLE_SMALL_WORDS.contains(&w.lower.as_ref())
        })
}

#[cfg(test)]
mod tests {
    use super::super::FactKind;
    use super::super::tests::facts_of;

    /// The names of `sentence`, as text.
    fn names(sentence: &str) -> Vec<String> {
        facts_of(sentence)
            .into_iter()
            .filter(|f| f.0 == FactKind::Name)
            .map(|f| f.1)
            .collect()
    }

    #[test]
    fn a_quoted_title_is_one_name() {
        let n = names("“Succession,” the HBO drama, was the clear frontrunner.");
        assert!(n.contains(&"Succession".to_string()), "{n:?}");
        let n = names("Prior to \"Jaws,\" the summer season was quiet.");
        assert!(n.contains(&"Jaws".to_string()), "{n:?}");
        let n = names("Her portrayal in \"Star Trek: The Original Series\" made history.");
        assert!(
            n.contains(&"Star Trek: The Original Series".to_string()),
            "{n:?}"
        );
        let n = names("He chose “Goblin mode” as the word of the year.");
        assert!(n.contains(&"Goblin mode".to_string()), "{n:?}");
    }

    #[test]
    fn quoted_speech_is_no_title() {
        let n = names("\"We are incredibly proud of the team,\" said Jamie Iannone.");
        assert!(!n.iter().any(|t| t.starts_with("We")), "{n:?}");
        let n = names("He vowed to “sort the game out” soon.");
        assert!(n.is_empty(), "{n:?}");
        let n = names("\"Why now?\" she asked.");
        assert!(!n.iter().any(|t| t.starts_with("Why")), "{n:?}");
    }
}
