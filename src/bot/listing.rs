//! Which articles a list shows and in what order: every article, those
//! whose title holds the given words (through the one analyzer, so
//! "ministers" finds "Minister"), or the newest by their date. Dates are
//! read from the forms news files use ("2024-11-16", "16 November 2024",
//! "Nov 16, 2024"); an article without one is left out of /latest.

use crate::KnowledgeBase;
use crate::knowledge::Article;

use super::commands::Listing;

/// The articles `listing` shows, as (index in the table, article), in order.
pub(crate) fn select<'a>(kb: &'a KnowledgeBase, listing: &Listing) -> Vec<(usize, &'a Article)> {
    let all = kb.articles().iter().enumerate();
    match listing {
        Listing::All => all.collect(),
        Listing::Titles(words) => {
            // The words are read with each title's own language, so the
            // same analyzer stems both.
            all.filter(|(_, a)| {
                let wanted = crate::text::terms(a.lang, words);
                let title = crate::text::terms(a.lang, &a.title);
                !wanted.is_empty() && wanted.iter().all(|w| title.contains(w))
            })
            .collect()
        }
        Listing::Latest => {
            let mut dated: Vec<((u32, u32, u32), usize, &Article)> = all
                .filter_map(|(i, a)| Some((parse_date(a.meta.date.as_deref()?)?, i, a)))
                .collect();
            // Newest first; equal dates keep the folder's order.
            dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            dated.into_iter().map(|(_, i, a)| (i, a)).collect()
        }
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date as (year, month, day), from ISO ("2024-11-16T10:00Z") or written
/// forms ("16 November 2024", "November 16, 2024", "Sat, 16 Nov 2024").
pub(crate) fn parse_date(text: &str) -> Option<(u32, u32, u32)> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    // ISO first: year, month, day as the first three numbers.
    if let [y, m, d, ..] = numbers[..]
        && y > 1000
    {
        return valid(y, m, d);
    }
    let month = words.iter().find_map(|w| {
        let m = w.get(..3)?;
        MONTHS.iter().position(|&n| n == m).map(|i| i as u32 + 1)
    })?;
    let year = *numbers.iter().find(|&&n| n > 1000)?;
    let day = *numbers.iter().find(|&&n| (1..=31).contains(&n))?;
    valid(year, month, day)
}

fn valid(y: u32, m: u32, d: u32) -> Option<(u32, u32, u32)> {
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Format;

    #[test]
    fn reads_the_usual_date_forms() {
        assert_eq!(parse_date("2024-11-16"), Some((2024, 11, 16)));
        assert_eq!(parse_date("2024-11-16T08:00:00Z"), Some((2024, 11, 16)));
        assert_eq!(parse_date("16 November 2024"), Some((2024, 11, 16)));
        assert_eq!(parse_date("Nov 16, 2024"), Some((2024, 11, 16)));
        assert_eq!(
            parse_date("Sat, 16 Nov 2024 10:00 GMT"),
            Some((2024, 11, 16))
        );
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn searches_titles_and_orders_by_date() {
        let kb = KnowledgeBase::from_texts([
            (
                "a.txt",
                "Minister visits Kyiv\ndate: 2024-11-16\n\nThe minister arrived.",
                Format::Text,
            ),
            (
                "b.txt",
                "Volcano erupts\ndate: 2025-01-02\n\nLava flowed.",
                Format::Text,
            ),
            ("c.txt", "Ministers meet\n\nThey met.", Format::Text),
        ]);
        let titles = |l: &Listing| -> Vec<String> {
            select(&kb, l)
                .iter()
                .map(|(_, a)| a.title.clone())
                .collect()
        };
        assert_eq!(
            titles(&Listing::Titles("minister".into())),
            ["Minister visits Kyiv", "Ministers meet"]
        );
        assert_eq!(
            titles(&Listing::Latest),
            ["Volcano erupts", "Minister visits Kyiv"]
        );
        assert_eq!(titles(&Listing::All).len(), 3);
    }
}
