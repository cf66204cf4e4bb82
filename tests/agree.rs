//! No confident wrong answers: over the seed article and three articles of
//! our own (`tests/fixtures/own/`: a mine strike, a stadium vote, a
//! volcano), a question whose role, owner or kind of number the best
//! sentence does not share gets a weaker answer or "I don't know", never
//! someone else's name or another kind of number in bold; and the answer
//! phrase keeps its whole name ("Dar es Salaam") and its unit ("about 3.5
//! kilometres").

use std::path::Path;

use articlebot::KnowledgeBase;
use articlebot::answer::{RankConfig, Reply, answer};
use articlebot::facts::FactKind;

/// The seed article and our three, loaded together from a temporary folder.
fn kb() -> KnowledgeBase {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for from in [root.join("knowledge"), root.join("tests/fixtures/own")] {
        for entry in std::fs::read_dir(&from).expect("fixture folder") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let (kb, _) = KnowledgeBase::load(dir.path()).expect("articles load");
    assert_eq!(kb.articles().len(), 4);
    kb
}

fn ask(kb: &KnowledgeBase, q: &str) -> Reply {
    answer(kb, q, &RankConfig::default(), 3)
}

/// (question, words the first answer's sentence must hold, its phrase)
const RIGHT: &[(&str, &str, &str)] = &[
    // The seed article's: Japan's foreign minister is not the Ukrainian one.
    (
        "Who is the Ukrainian foreign minister?",
        "Ukrainian counterpart, Andrii Sybiha",
        "Andrii Sybiha",
    ),
    (
        "Who is Japan's foreign minister?",
        "Takeshi Iwaya",
        "Takeshi Iwaya",
    ),
    (
        "Who is Japan's defence minister?",
        "Gen Nakatani",
        "Gen Nakatani",
    ),
    // Two contractors were killed; about 2,300 returned to work.
    (
        "How many workers were killed?",
        "contractors were killed",
        "two",
    ),
    ("How many contractors were killed?", "were killed", "two"),
    // The land's price, not the stadium's.
    ("How much did the land cost?", "for the land", "$54 million"),
    (
        "How much did the stadium cost?",
        "stadium will cost",
        "$640 million",
    ),
    // 212 people on the ferry, not its 14 crew or 14 minutes.
    (
        "How many people were on the ferry?",
        "ferry carrying 212",
        "212",
    ),
    // A place with a lower-case joiner stays whole.
    (
        "Where did the ferry arrive?",
        "arrived in Dar es Salaam",
        "Dar es Salaam",
    ),
    // A mistyped question word.
    (
        "Wher did the ferry arrive?",
        "arrived in Dar es Salaam",
        "Dar es Salaam",
    ),
    // Units belong to the number.
    (
        "How far is the mine from the town?",
        "The mine lies",
        "about 3.5 kilometres",
    ),
    (
        "How far is Mkoani from the crater?",
        "village of Mkoani",
        "about 6 kilometres",
    ),
    (
        "How much will Minera Altiplano pay the families?",
        "to the families",
        "4.2 million pesos",
    ),
    (
        "How much did the strike cost Minera Altiplano?",
        "lost output",
        "about 38 million dollars",
    ),
    // A lower-case role before the name, an appositive after it.
    (
        "Who is the police commissioner?",
        "police commissioner",
        "Tomás Aguirre",
    ),
    (
        "Who is the president of the union?",
        "National Mineworkers Union",
        "Marisol Fuentes",
    ),
    (
        "Who is the chief executive of Minera Altiplano?",
        "chief executive",
        "Lucía Herrera",
    ),
    // Tanzania's defence minister is not Ukraine's.
    (
        "Who is the defence minister of Tanzania?",
        "helicopters",
        "Juma Mwakasege",
    ),
    (
        "Who is the prime minister of Tanzania?",
        "evacuation camp",
        "Halima Mrisho",
    ),
    // A company is no person: it answers "which company", not "who".
    (
        "Which company owns the mine?",
        "which owns the mine",
        "Minera Altiplano",
    ),
];

#[test]
fn constrained_questions_get_the_right_sentence_and_phrase() {
    let kb = kb();
    let mut failures = Vec::new();
    for (q, holds, phrase) in RIGHT {
        let reply = ask(&kb, q);
        let Some(first) = reply.answers.first() else {
            failures.push(format!("{q}: no answer"));
            continue;
        };
        if !first.text.contains(holds) {
            failures.push(format!("{q}: sentence {:?} lacks {holds:?}", first.text));
        }
        if first.highlight_text() != Some(*phrase) {
            failures.push(format!(
                "{q}: phrase {:?}, wanted {phrase:?}",
                first.highlight_text()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        RIGHT.len(),
        failures.join("\n")
    );
}

/// Questions none of the articles answers: "I don't know".
#[test]
fn questions_about_what_no_article_names_get_i_dont_know() {
    let kb = kb();
    // France is named nowhere: a union's president is not its president.
    // No article mentions an airport: the stadium's cost is not its cost.
    for q in [
        "Who is the president of France?",
        "How much did the new airport cost?",
    ] {
        let reply = ask(&kb, q);
        assert!(
            !reply.knows(),
            "{q}: answered {:?}",
            reply.answers.first().map(|a| &a.text)
        );
    }
}

/// Questions whose role or owner no sentence shares: whatever comes back,
/// nobody in bold (the seed names Japan's defence minister, the volcano
/// article Tanzania's prime minister; neither is Japan's prime minister).
#[test]
fn someone_elses_role_is_never_the_answer() {
    let kb = kb();
    let reply = ask(&kb, "Who is the prime minister of Japan?");
    for a in &reply.answers {
        let phrase = a.highlight_text();
        assert!(
            !matches!(
                phrase,
                Some("Gen Nakatani" | "Halima Mrisho" | "Rustem Umerov")
            ),
            "answered {phrase:?} in {:?}",
            a.text
        );
    }
    if let Some(first) = reply.answers.first() {
        assert_eq!(first.highlight_text(), None, "{:?}", first.text);
    }
}

/// "Who will buy the land?": the authority that will buy it, not the man
/// who buys trucks.
#[test]
fn the_object_asked_about_picks_the_sentence() {
    let kb = kb();
    let reply = ask(&kb, "Who will buy the land?");
    let first = reply.answers.first().expect("answered");
    assert!(
        first
            .text
            .contains("Riverside Development Authority will buy the land"),
        "{:?}",
        first.text
    );
    assert_ne!(first.highlight_text(), Some("Frank DeLuca"));
}

/// "How much did the new airport cost?" was answered **2** (from a 7-to-2
/// vote): a cost is money, so no bare number is ever its phrase.
#[test]
fn a_cost_is_never_a_bare_number() {
    let kb = kb();
    for q in [
        "How much did the stadium cost?",
        "How much did the council vote cost?",
        "What was the price of the land?",
    ] {
        for a in &ask(&kb, q).answers {
            if let Some(p) = a.highlight_text() {
                assert!(
                    p.contains('$') || p.contains("pesos") || p.contains("dollars"),
                    "{q}: {p:?} in {:?}",
                    a.text
                );
            }
        }
    }
}

/// The mining company is never taken for a person, wherever it speaks.
#[test]
fn a_company_is_not_a_person() {
    let kb = kb();
    let people: Vec<String> = kb
        .facts()
        .filter(|(_, f)| f.kind == FactKind::Person)
        .map(|(s, f)| f.text(s.text).to_string())
        .collect();
    for not_person in [
        "Minera Altiplano",
        "Antofagasta",
        "San José del Salar",
        "Salaam",
    ] {
        assert!(
            !people.iter().any(|p| p == not_person),
            "{not_person} among people: {people:?}"
        );
    }
    let reply = ask(&kb, "Who owns the mine?");
    let first = reply.answers.first().expect("answered");
    assert!(
        first.text.contains("which owns the mine"),
        "{:?}",
        first.text
    );
    // Not a person, but the owner all the same: the span model marks it
    // as the answer to "who owns", which the fact rules never read as a
    // person.
    assert_eq!(first.highlight_text(), Some("Minera Altiplano"));
}

/// A relative shares the name the question gives: "Tesla's mother" is
/// Đuka Tesla, and naming "Tesla" does not rule her out as it rules out
/// the person a "who" question names (see `seed.rs`).
#[test]
fn a_relative_sharing_the_named_persons_name_is_the_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("inventor.txt"),
        "The inventor's family\n\n\
         Nikola Tesla was born in 1856 in the village of Smiljan. \
         His mother, Đuka Tesla, made household tools and recited long epic poems from memory. \
         His father, Milutin Tesla, was an Orthodox priest.\n",
    )
    .expect("write article");
    let (kb, _) = KnowledgeBase::load(dir.path()).expect("article loads");
    for (q, name) in [
        ("Who was Tesla's mother?", "Đuka Tesla"),
        ("Who was Tesla's father?", "Milutin Tesla"),
    ] {
        let reply = ask(&kb, q);
        let first = reply.answers.first().expect("answered");
        assert_eq!(first.highlight_text(), Some(name), "{q}: {}", first.text);
    }
}
