//! A question's words the articles lack but write another way, which are
//! no typos (`typo.rs` handles those): a courtesy title before a name ("Mr
//! Iwaya" where they write "Iwaya") and a numeral after letters ("ww1"
//! where they write "WWI"). Without this, such a word counts as one no
//! article holds, at the weight of the rarest word, and an answerable
//! question gets "I don't know".

use crate::ids::TermId;
use crate::knowledge::KnowledgeBase;
use crate::text::{self, Lang};

/// English courtesy titles. Each also has other uses ("MS" the illness,
/// "Dr" a drive), so one is dropped only when the articles never use it
/// and a word follows it ([`drops_courtesy_title`]).
const COURTESY_TITLES: &[&str] = &["mr", "mrs", "ms", "mx", "dr", "prof", "messrs"];

/// Whether word `k` of the question (folded) is a courtesy title to leave
/// out: English, followed by another word, and in no article. "Who is Mr
/// Iwaya?" then asks what "Who is Iwaya?" asks.
pub(super) fn drops_courtesy_title(
    kb: &KnowledgeBase,
    lang: Lang,
    words: &[(usize, String)],
    k: usize,
) -> bool {
    lang == Lang::ENGLISH
        && k + 1 < words.len()
        && COURTESY_TITLES.contains(&words[k].1.as_str())
        && known_term(kb, lang, &words[k].1).is_none()
}

/// `folded`'s term when some sentence or title of the articles holds it.
fn known_term(kb: &KnowledgeBase, lang: Lang, folded: &str) -> Option<TermId> {
    let id = kb.index().term_id(&text::term_of_folded(lang, folded)?)?;
    kb.index().is_live(id).then_some(id)
}

/// `folded`, a word the articles lack, as they write it in Roman figures
/// ([`roman`]), with its term.
pub(super) fn in_roman_figures(
    kb: &KnowledgeBase,
    lang: Lang,
    folded: &str,
) -> Option<(String, TermId)> {
    let w = roman(folded)?;
    known_term(kb, lang, &w).map(|id| (w, id))
}

/// "ww1" as "wwi", "ww2" as "wwii": letters then a number from 1 to 39 in
/// Roman figures, the way abbreviations of numbered things are written
/// both ways.
fn roman(folded: &str) -> Option<String> {
    let split = folded.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = folded.split_at(split);
    if letters.len() < 2
        || !letters.chars().all(|c| c.is_ascii_lowercase())
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let n: usize = digits.parse().ok().filter(|n| (1..40).contains(n))?;
    const ONES: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    Some(format!("{letters}{}{}", "x".repeat(n / 10), ONES[n % 10]))
}

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn numerals_after_letters_read_as_roman_figures() {
        assert_eq!(roman("ww1").as_deref(), Some("wwi"));
        assert_eq!(roman("ww2").as_deref(), Some("wwii"));
        assert_eq!(roman("xl14").as_deref(), Some("xlxiv"));
        assert_eq!(roman("ab39").as_deref(), Some("abxxxix"));
        for no in ["w1", "ww", "1ww", "ww40", "ww0", "w2w", "ww1a", "ww۱"] {
            assert_eq!(roman(no), None, "{no}");
        }
    }
}
