//! The splitter on the boundaries it lives on: abbreviations, initials,
//! numbers, quotes, scripts, and sentences glued without a space.

use super::*;

fn split(text: &str) -> Vec<&str> {
    split_sentences(text)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

#[test]
fn abbreviation_list_is_sorted() {
    assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn splits_plain_sentences() {
    assert_eq!(split("One. Two! Three?"), vec!["One.", "Two!", "Three?"]);
}

#[test]
fn splits_sentences_a_copy_glued_together() {
    assert_eq!(
        split("She governed it as mayor.The candidate won. It rained."),
        vec![
            "She governed it as mayor.",
            "The candidate won.",
            "It rained."
        ]
    );
    assert_eq!(
        split("\"Nothing was wrong,\" she said.Lonnie, who saw it, agreed."),
        vec![
            "\"Nothing was wrong,\" she said.",
            "Lonnie, who saw it, agreed."
        ]
    );
    // Abbreviations, initials and names with a stop inside stay whole.
    for text in [
        "They use e.g.Python daily.",
        "He joined the U.S.Army in 1990.",
        "It runs on Node.js and Vue.js.",
        "See www.example.com.au for more.",
    ] {
        assert_eq!(split(text), vec![text], "{text}");
    }
}

#[test]
fn text_without_terminator_is_one_sentence() {
    assert_eq!(
        split("  A headline without a stop  "),
        vec!["A headline without a stop"]
    );
}

#[test]
fn empty_and_blank_give_nothing() {
    assert!(split("").is_empty());
    assert!(split("   ").is_empty());
}

#[test]
fn keeps_titles_together() {
    assert_eq!(
        split("Mr. Smith met Gen. Lee. They talked."),
        vec!["Mr. Smith met Gen. Lee.", "They talked."]
    );
    assert_eq!(
        split("Dr. Jones and Mrs. Brown left."),
        vec!["Dr. Jones and Mrs. Brown left."]
    );
}

#[test]
fn keeps_month_abbreviations() {
    assert_eq!(
        split("It opened on Oct. 9 in Tokyo. Crowds came."),
        vec!["It opened on Oct. 9 in Tokyo.", "Crowds came."]
    );
}

#[test]
fn number_abbreviation_only_before_digits() {
    assert_eq!(
        split("He is ranked No. 5 in the world."),
        vec!["He is ranked No. 5 in the world."]
    );
    assert_eq!(
        split("The answer was no. Then he left."),
        vec!["The answer was no.", "Then he left."]
    );
}

#[test]
fn keeps_initials() {
    assert_eq!(
        split("J. R. R. Tolkien wrote it. It sold."),
        vec!["J. R. R. Tolkien wrote it.", "It sold."]
    );
    assert_eq!(
        split("George W. Bush spoke."),
        vec!["George W. Bush spoke."]
    );
}

#[test]
fn dotted_acronyms_mid_sentence_and_at_the_end() {
    assert_eq!(
        split("The U.S. Army arrived. The U.K. agreed."),
        vec!["The U.S. Army arrived.", "The U.K. agreed."]
    );
    assert_eq!(
        split("Troops left the U.S. The war ended."),
        vec!["Troops left the U.S.", "The war ended."]
    );
    assert_eq!(
        split("At 10 a.m. Monday it began."),
        vec!["At 10 a.m. Monday it began."]
    );
}

#[test]
fn decimals_and_thousands_do_not_split() {
    assert_eq!(
        split("Growth was 3.5 percent. Up to 12,000 troops."),
        vec!["Growth was 3.5 percent.", "Up to 12,000 troops."]
    );
    assert_eq!(
        split("Version 1.2.3 shipped."),
        vec!["Version 1.2.3 shipped."]
    );
}

#[test]
fn closing_quotes_stay_with_their_sentence() {
    assert_eq!(
        split("He said, “We will win.” Then he left."),
        vec!["He said, “We will win.”", "Then he left."]
    );
    assert_eq!(split("\"Go!\" she said."), vec!["\"Go!\" she said."]);
    assert_eq!(
        split("It was 'fine.' Then rain."),
        vec!["It was 'fine.'", "Then rain."]
    );
}

#[test]
fn brackets_close_before_the_boundary() {
    assert_eq!(
        split("It grew (by a lot.) Next came more."),
        vec!["It grew (by a lot.)", "Next came more."]
    );
    assert_eq!(
        split("Prices rose. (See the chart.) Then fell."),
        vec!["Prices rose.", "(See the chart.)", "Then fell."]
    );
}

#[test]
fn ellipses() {
    assert_eq!(
        split("Wait... what happened? Nobody knew."),
        vec!["Wait... what happened?", "Nobody knew."]
    );
    assert_eq!(
        split("He paused… Then he spoke."),
        vec!["He paused…", "Then he spoke."]
    );
}

#[test]
fn lower_case_after_stop_does_not_split() {
    assert_eq!(
        split("See fig. below for details."),
        vec!["See fig. below for details."]
    );
    assert_eq!(
        split("It costs approx. ten dollars."),
        vec!["It costs approx. ten dollars."]
    );
}

#[test]
fn splits_before_digits_and_quotes() {
    assert_eq!(
        split("It ended. 2024 was hard."),
        vec!["It ended.", "2024 was hard."]
    );
    assert_eq!(
        split("It ended. “Now,” he said."),
        vec!["It ended.", "“Now,” he said."]
    );
}

#[test]
fn handles_cjk_full_stops_and_multibyte_text() {
    assert_eq!(
        split("東京に行った。大阪も。"),
        vec!["東京に行った。", "大阪も。"]
    );
    assert_eq!(split("Ça va. Über alles."), vec!["Ça va.", "Über alles."]);
}

fn split_in(code: &str, text: &str) -> Vec<String> {
    let lang = Lang::parse(code).expect("code");
    split_sentences_in(text, lang)
        .into_iter()
        .map(|r| text[r].to_string())
        .collect()
}

#[test]
fn sentence_ends_of_other_scripts() {
    assert_eq!(
        split_in("hi", "वह दिल्ली गया। उसने भाषण दिया।"),
        ["वह दिल्ली गया।", "उसने भाषण दिया।"]
    );
    assert_eq!(
        split_in("ar", "هل وصل الوزير؟ نعم وصل."),
        ["هل وصل الوزير؟", "نعم وصل."]
    );
    assert_eq!(
        split_in("zh", "他来了！你呢？好。"),
        ["他来了！", "你呢？", "好。"]
    );
}

#[test]
fn abbreviations_of_each_language() {
    assert_eq!(
        split_in(
            "de",
            "Es kamen ca. Tausend Leute, z.B. Ärzte. Dann ging es los."
        ),
        [
            "Es kamen ca. Tausend Leute, z.B. Ärzte.",
            "Dann ging es los."
        ]
    );
    assert_eq!(
        split_in("ru", "Погибли 5 тыс. Человек, т.е. много. Потом стихло."),
        ["Погибли 5 тыс. Человек, т.е. много.", "Потом стихло."]
    );
    assert_eq!(
        split_in("es", "Llegó el Sr. Pérez. Luego habló."),
        ["Llegó el Sr. Pérez.", "Luego habló."]
    );
}

#[test]
fn ordinals_with_a_stop_do_not_end_sentences() {
    assert_eq!(
        split_in(
            "de",
            "Tesla starb am 7. Januar 1943 in New York. Im 19. Jahrhundert war das anders."
        ),
        [
            "Tesla starb am 7. Januar 1943 in New York.",
            "Im 19. Jahrhundert war das anders."
        ]
    );
    assert_eq!(
        split_in("de", "Das war 1943. Danach kam der Krieg."),
        ["Das war 1943.", "Danach kam der Krieg."],
        "a year still ends a sentence"
    );
    assert_eq!(
        split_in("en", "He scored 7. Then he left."),
        ["He scored 7.", "Then he left."],
        "English writes no ordinal stops"
    );
}

#[test]
fn thai_is_cut_at_spaces_into_readable_pieces() {
    let clause = "ก".repeat(120);
    let text = format!("{clause} {clause} {clause}");
    let pieces = split_in("th", &text);
    assert_eq!(pieces.len(), 2, "{pieces:?}");
    assert!(pieces.iter().all(|p| p.chars().count() >= 120));
    assert_eq!(pieces.concat().replace(' ', ""), text.replace(' ', ""));
}

#[test]
fn question_and_exclamation_runs() {
    assert_eq!(
        split("Really?! Yes. Wow!!! Done"),
        vec!["Really?!", "Yes.", "Wow!!!", "Done"]
    );
}
