//! A picture's caption glued before an article's lead. Text copied from an
//! encyclopedia page keeps the lead image's caption as the first words of
//! the first paragraph, with no full stop between them ("Spiced strips of
//! jerky Jerky is lean meat ..."): one sentence to the splitter, which the
//! ranker then takes for the article's first sentence and shows whole. This
//! module finds where the lead starts, so the loader can give it back its
//! place as the article's first sentence and keep the caption after it.

/// How far into the paragraph a caption may reach, in bytes: a caption is
/// a line or two.
const MOST_CAPTION: usize = 300;

/// Titles longer than this many words are headlines, which a lead does not
/// repeat word for word; only a subject's name (an encyclopedia's title) is
/// looked for.
const MOST_TITLE_WORDS: usize = 8;

/// Words after which the title is still inside the sentence, not the start
/// of a new one ("the new Yankee Stadium was", "as Apple was").
const INSIDE: &[&str] = &[
    "a", "about", "an", "and", "as", "at", "but", "by", "first", "for", "former", "from", "in",
    "into", "last", "late", "new", "of", "old", "on", "onto", "or", "over", "than", "that", "the",
    "to", "under", "which", "who", "whose", "with",
];

/// The verbs a lead defines its subject with ("Jerky is lean meat"); a
/// caption names what the picture shows and has none of them, so text
/// before the title holding one is a sentence of its own, not a caption.
const COPULAS: &[&str] = &["is", "was", "are", "were", "has", "had", "have"];

/// Where the lead starts in `paragraph`, the first of an article titled
/// `title`, when a caption was glued before it: the title (after "A",
/// "An" or "The"), capitalised, right after a caption's last word without
/// punctuation between them, and defined there — followed by "is", "was",
/// "are" or "were", or by a parenthesis or dash in a sentence that goes on
/// to one of them ("Liquid oxygen — abbreviated LOx — is one of").
pub(super) fn lead_start(title: &str, paragraph: &str) -> Option<usize> {
    let words = title.split_whitespace().count();
    if words == 0 || words > MOST_TITLE_WORDS {
        return None;
    }
    let reach = floor_char_boundary(paragraph, MOST_CAPTION.min(paragraph.len()));
    for (p, _) in paragraph[..reach].match_indices(' ') {
        let start = p + 1;
        let before = &paragraph[..p];
        let Some(last) = before.split(' ').next_back() else {
            continue;
        };
        // A caption ends in a word or a bracketed year, "(1948)".
        if !last.ends_with(|c: char| c.is_alphanumeric() || c == ')')
            || INSIDE.contains(&last.to_lowercase().as_str())
        {
            continue;
        }
        let Some(after) = titled(title, &paragraph[start..]) else {
            continue;
        };
        // Inside a parenthesis, or after a sentence with a verb of its
        // own, the title is named in passing.
        if before.matches('(').count() > before.matches(')').count() || holds_copula(before) {
            continue;
        }
        if defines(after) {
            return Some(start);
        }
    }
    None
}

/// The text after the title when `text` starts with it as a lead would:
/// capitalised, or after a capitalised article ("A wiki ()", "The
/// Parthenon ()").
fn titled<'a>(title: &str, text: &'a str) -> Option<&'a str> {
    if text.starts_with(|c: char| c.is_uppercase())
        && let Some(after) = starts_with_title(title, text)
    {
        return Some(after);
    }
    let article = ["A ", "An ", "The "]
        .iter()
        .find(|a| text.starts_with(**a))?;
    starts_with_title(title, &text[article.len()..])
}

/// The text after `title` when `text` starts with it, letter case aside.
fn starts_with_title<'a>(title: &str, text: &'a str) -> Option<&'a str> {
    let mut rest = text.char_indices();
    for t in title.chars() {
        let (_, c) = rest.next()?;
        if !c.to_lowercase().eq(t.to_lowercase()) {
            return None;
        }
    }
    Some(rest.next().map_or("", |(i, _)| &text[i..]))
}

/// Whether the text after a title defines it: a copula next, or a
/// parenthesis or dash and a copula later in the same sentence.
fn defines(after: &str) -> bool {
    let next = after.split(' ').nth(1).unwrap_or("");
    if after.starts_with(' ') && COPULAS[..4].contains(&next) {
        return true;
    }
    if !(after.starts_with(" (") || after.starts_with(" —") || after.starts_with(" –")) {
        return false;
    }
    let sentence = after.split(". ").next().unwrap_or(after);
    sentence.split(' ').any(|w| COPULAS[..4].contains(&w))
}

/// Whether `text` holds one of [`COPULAS`] as a word.
fn holds_copula(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic())
        .any(|w| COPULAS.contains(&w.to_lowercase().as_str()))
}

/// The largest char boundary of `s` at or below `at`.
fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::lead_start;

    fn split<'a>(title: &str, paragraph: &'a str) -> Option<(&'a str, &'a str)> {
        lead_start(title, paragraph).map(|at| (paragraph[..at].trim_end(), &paragraph[at..]))
    }

    #[test]
    fn a_caption_glued_before_the_lead_is_told_apart() {
        assert_eq!(
            split(
                "Jerky",
                "Spiced strips of jerky Jerky is lean meat that has been dried."
            ),
            Some((
                "Spiced strips of jerky",
                "Jerky is lean meat that has been dried."
            ))
        );
        assert_eq!(
            split(
                "Parthenon",
                "Night view The Parthenon () is a temple on the Acropolis."
            ),
            Some((
                "Night view",
                "The Parthenon () is a temple on the Acropolis."
            ))
        );
        assert_eq!(
            split(
                "Liquid oxygen",
                "The blue colour of liquid oxygen in a flask Liquid oxygen — LOx — is one of \
                 the physical forms of oxygen."
            )
            .map(|(caption, _)| caption),
            Some("The blue colour of liquid oxygen in a flask")
        );
        assert_eq!(
            split(
                "Berlin Blockade",
                "Berliners watching a plane land (1948) The Berlin blockade (June 1948 – May \
                 1949) was a crisis."
            )
            .map(|(caption, _)| caption),
            Some("Berliners watching a plane land (1948)")
        );
        // The title named again in a caption is passed over for the lead.
        assert_eq!(
            split(
                "Three-phase power",
                "A transformer Three-phase power lines Three-phase power is a method of \
                 transmission."
            )
            .map(|(_, lead)| lead),
            Some("Three-phase power is a method of transmission.")
        );
    }

    #[test]
    fn a_title_named_inside_a_sentence_is_no_lead() {
        // Its own lead, nothing glued before it.
        assert_eq!(split("Jerky", "Jerky is lean meat."), None);
        // A sentence going on through the title.
        assert_eq!(
            split(
                "Yankee Stadium",
                "The first game at the new Yankee Stadium was an exhibition."
            ),
            None
        );
        assert_eq!(
            split(
                "Jupiter",
                "It was first seen by telescope. Surrounding Jupiter is a ring."
            ),
            None
        );
        // Inside a parenthesis: another name the title is part of.
        assert_eq!(
            split(
                "Diaphragm pump",
                "A diaphragm pump (also known as an Air Operated Double Diaphragm Pump (AODD)) \
                 is a pump."
            ),
            None
        );
        // Not defined there: a name in passing.
        assert_eq!(
            split("Apple", "Investors cheered Apple (AAPL) shares on Monday."),
            None
        );
        // A headline is not repeated by its lead.
        assert_eq!(
            split(
                "Japan's foreign minister visits Kyiv to discuss the war with Ukraine's leaders",
                "Tokyo Japan's foreign minister visits Kyiv to discuss the war with Ukraine's \
                 leaders is news."
            ),
            None
        );
    }
}
