//! The span rules on sentences of our own.

use super::context::Context;
use super::model::{GROUPS, MODEL, Model, NAMES, Scorer, WEIGHTS_FILE, parse_model, weight_names};
use super::words::*;
use super::*;
use crate::answer::{RankConfig, analyze_question, answer};
use crate::knowledge::Format;

/// A few sentences of our own, one per kind of question.
fn kb() -> KnowledgeBase {
    KnowledgeBase::from_texts([(
        "a.txt",
        "Japanese minister visits Kyiv\n\n\
         Foreign Minister Takeshi Iwaya travelled to Kyiv on Saturday to discuss \
         reconstruction aid with his Ukrainian counterpart Andrii Sybiha.\n\n\
         Northwind Holdings bought a small battery maker called Voltaic for 40 million \
         euros last year.\n\n\
         The bridge was closed because the river had flooded the lower road.\n\n\
         The committee chose Lisbon as the host city for the next summit.\n\n\
         Farmers protected the harvest by covering the vines with nets.\n\n\
         The museum, a former railway station, reopened in March after a long renovation.",
        Format::Text,
    )])
}

/// The first answer's sentence and phrase.
fn ask(kb: &KnowledgeBase, q: &str) -> (String, Option<String>) {
    let reply = answer(kb, q, &RankConfig::default(), 1);
    let first = reply.answers.first().expect("an answer");
    (
        first.text.clone(),
        first.highlight_text().map(str::to_string),
    )
}

#[test]
fn why_marks_the_purpose_clause() {
    let (text, phrase) = ask(&kb(), "Why did Iwaya go to Kyiv?");
    assert!(text.contains("reconstruction aid"), "{text}");
    let phrase = phrase.expect("a phrase");
    assert!(
        phrase.starts_with("discuss") || phrase.starts_with("to discuss"),
        "{phrase}"
    );
    assert!(phrase.ends_with("Andrii Sybiha"), "{phrase}");
}

#[test]
fn why_marks_the_cause_after_because() {
    let (_, phrase) = ask(&kb(), "Why was the bridge closed?");
    let phrase = phrase.expect("a phrase");
    assert!(phrase.contains("river had flooded"), "{phrase}");
}

#[test]
fn what_did_marks_the_object() {
    let (_, phrase) = ask(&kb(), "What did Northwind Holdings buy?");
    assert!(phrase.expect("a phrase").ends_with("Voltaic"));
}

#[test]
fn how_marks_the_means() {
    let (_, phrase) = ask(&kb(), "How did the farmers protect the harvest?");
    assert_eq!(phrase.as_deref(), Some("covering the vines with nets"));
}

#[test]
fn which_marks_a_name_the_question_lacks() {
    let (_, phrase) = ask(&kb(), "Which city did the committee choose?");
    assert_eq!(phrase.as_deref(), Some("Lisbon"));
}

#[test]
fn which_marks_the_word_of_the_kind_asked_for() {
    let kb = KnowledgeBase::from_texts([(
        "f.txt",
        "Festival moves\n\nThe jazz festival, led by Maria Lopez since its start, \
         will be held in Chicago from next summer.",
        Format::Text,
    )]);
    let (_, phrase) = ask(&kb, "Which city will hold the jazz festival?");
    assert_eq!(phrase.as_deref(), Some("Chicago"));
    let (_, phrase) = ask(&kb, "Which person leads the jazz festival?");
    assert_ne!(phrase.as_deref(), Some("Chicago"));
}

#[test]
fn what_is_marks_the_appositive() {
    let (_, phrase) = ask(&kb(), "What is the museum?");
    assert_eq!(phrase.as_deref(), Some("a former railway station"));
}

#[test]
fn a_phrase_keeps_its_currency_sign_and_article() {
    let text = "He paid $19 million for the old mill.";
    let at = |w: &str| text.find(w).unwrap();
    assert_eq!(&text[widen(text, at("19")..at(" for"))], "$19 million");
    assert_eq!(&text[widen(text, at("old")..at("."))], "the old mill");
    let named = "They met at the Palazzo Reale.";
    let start = named.find("Palazzo").unwrap();
    assert_eq!(
        &named[widen(named, start..named.len() - 1)],
        "Palazzo Reale"
    );
    let r = widen(text, at("19")..at(" for"));
    assert_eq!(&text[phrase_core(text, r)], "19 million");
    assert_eq!(&text[phrase_core(text, at("the")..at("."))], "old mill");
}

#[test]
fn gaps_tell_phrase_joins_from_breaks() {
    assert_eq!(gap_of(" "), Gap::Space);
    assert_eq!(gap_of("-"), Gap::Joiner);
    assert_eq!(gap_of(" - "), Gap::Punct);
    assert_eq!(gap_of(", "), Gap::Comma);
    assert_eq!(gap_of(" ("), Gap::Open);
    assert_eq!(gap_of(") "), Gap::Close);
    assert_eq!(gap_of(" \u{201c}"), Gap::Quote);
    assert!(Gap::Joiner.inside() && !Gap::Comma.inside());
}

#[test]
fn a_dateline_is_told_apart() {
    let kb = KnowledgeBase::from_texts([(
        "a.txt",
        "Flood\n\nWASHINGTON (AP) — The river rose on Monday. Floods hit Nashville.",
        Format::Text,
    )]);
    let q = analyze_question(&kb, "What rose?");
    let sentences: Vec<Sentence> = kb.sentences().collect();
    let ctx = Context::new(&kb, &sentences[0], &q, None, 0..sentences[0].text.len());
    assert_eq!(ctx.dateline, 2, "{:?}", sentences[0].text);
    let ctx = Context::new(&kb, &sentences[1], &q, None, 0..sentences[1].text.len());
    assert_eq!(ctx.dateline, 0);
}

#[test]
fn the_scorer_adds_up_the_listed_features() {
    let kb = kb();
    let q = analyze_question(&kb, "Why did Iwaya go to Kyiv?");
    let sent = kb.sentences().nth(1).expect("the Kyiv sentence");
    let model = &*MODEL;
    let ctx = Context::new(&kb, &sent, &q, None, 0..sent.text.len());
    let names = weight_names();
    let mut full = vec![0.0; names.len()];
    for line in WEIGHTS_FILE.lines() {
        if let Some((name, w)) = line.split_once('\t')
            && let Some(i) = names.iter().position(|n| n == name)
        {
            full[i] = w.parse().unwrap();
        }
    }
    let listed = candidates(&kb, &sent, &q, None, 0..sent.text.len());
    let mut scored = Vec::new();
    let empty = Scorer {
        weights: &model.weights[ctx.group as usize],
        score: 0.0,
    };
    ctx.for_each(&empty, |core, s| {
        scored.push((widen(ctx.text, core), s.score))
    });
    assert!(!listed.is_empty());
    assert_eq!(listed.len(), scored.len());
    for (c, (range, score)) in listed.iter().zip(&scored) {
        assert_eq!(c.range, *range);
        let sum: f64 = c.features.iter().map(|&(k, v)| full[k] * v).sum();
        assert!((sum - score).abs() < 1e-9, "{sum} vs {score}");
    }
}

#[test]
fn the_shipped_weights_name_only_known_features() {
    let names = weight_names();
    let mut threshold = false;
    for line in WEIGHTS_FILE.lines().filter(|l| !l.starts_with('#')) {
        let (name, value) = line.split_once('\t').expect("name<TAB>value");
        assert!(value.parse::<f64>().is_ok(), "{line}");
        threshold |= name == "threshold";
        assert!(
            name == "threshold" || names.iter().any(|n| n == name),
            "unknown weight {name}"
        );
    }
    assert!(threshold);
    assert_eq!(names.len(), NAMES.len() * (GROUPS.len() + 1));
}

#[test]
fn an_unsure_model_marks_nothing() {
    let kb = kb();
    let sent = kb.sentences().nth(1).expect("a sentence");
    let q = analyze_question(&kb, "Why did Iwaya go to Kyiv?");
    let ctx = Context::new(&kb, &sent, &q, None, 0..sent.text.len());
    let weights = parse_model(WEIGHTS_FILE).weights;
    let with = |threshold: f64| Model {
        weights: weights.clone(),
        threshold,
    };
    assert!(Verdict::by(&with(0.0), &ctx).phrase().is_some());
    let unsure = Verdict::by(&with(1.01), &ctx);
    assert_eq!(unsure.phrase(), None, "no span is that sure");
    // The ranker still weighs how well the best span fits.
    assert!(unsure.fit() > 0.0);
}
