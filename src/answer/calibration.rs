//! Each language's "I don't know" threshold. Confidence is the share of
//! the question's keyword weight an answer holds, and languages differ in
//! how much of a question their analyzers can match at all (inflections,
//! compounds, segmentation), so one threshold is strict in some and lax in
//! others. Each language's threshold is the one under which questions
//! about articles that are not loaded get "I don't know" as often as
//! English ones do at the ranker's `min_confidence`: learned from the
//! XQuAD dev parts by `scripts/confidence/calibrate.sh` into
//! `confidence.tsv`, never edited by hand.

use crate::text::Lang;

/// `confidence.tsv`: a language code and its threshold as a share of
/// `min_confidence`, one a line; `#` starts a comment.
const TABLE: &str = include_str!("confidence.tsv");

/// The share of `min_confidence` under which an answer in `lang` is "I
/// don't know": 1 for English and for languages not calibrated.
pub(super) fn threshold_scale(lang: Lang) -> f32 {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(code, _)| *code == lang.code())
        .and_then(|(_, scale)| scale.trim().parse().ok())
        .unwrap_or(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_keeps_the_ranker_threshold_and_every_line_parses() {
        assert_eq!(threshold_scale(Lang::ENGLISH), 1.0);
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let (code, scale) = line.split_once('\t').expect("code, tab, scale");
            let lang = Lang::parse(code).expect("a language code");
            let scale: f32 = scale.parse().expect("a number");
            assert!((0.5..=2.0).contains(&scale), "{line}");
            assert_eq!(threshold_scale(lang), scale);
        }
    }

    #[test]
    fn languages_not_calibrated_keep_the_ranker_threshold() {
        let french = Lang::parse("fr").expect("fr");
        assert_eq!(threshold_scale(french), 1.0);
    }
}
