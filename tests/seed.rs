//! The article the user gave (`knowledge/`): what `check` must find in it,
//! and questions about it answered with the right sentence and phrase,
//! through the library and through the binary. Unrelated questions must
//! get "I don't know".

use std::path::Path;
use std::process::Command;

use articlebot::KnowledgeBase;
use articlebot::answer::{RankConfig, answer};
use articlebot::facts::FactKind;

fn seed() -> KnowledgeBase {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"));
    KnowledgeBase::load(dir).expect("knowledge/ loads").0
}

/// (question, words the answer sentence must hold, acceptable phrases; empty = no phrase required)
const CASES: &[(&str, &str, &[&str])] = &[
    (
        "Who is Japan's foreign minister?",
        "Takeshi Iwaya",
        &["Takeshi Iwaya"],
    ),
    (
        "Who is Japan’s foreign minister?",
        "Takeshi Iwaya",
        &["Takeshi Iwaya"],
    ),
    (
        "who is japans foriegn minster",
        "Takeshi Iwaya",
        &["Takeshi Iwaya"],
    ),
    (
        "Who is Takeshi Iwaya?",
        "Takeshi Iwaya",
        &["Foreign Minister"],
    ),
    // "Who is X?" marks the role the sentence gives X, with its owner when
    // it comes right before the role.
    // A courtesy title the article never uses asks what the name alone
    // asks.
    ("Who is Mr Iwaya?", "Takeshi Iwaya", &["Foreign Minister"]),
    (
        "Who is Mr. Sybiha?",
        "Andrii Sybiha",
        &["Ukrainian counterpart"],
    ),
    (
        "Who is Rustem Umerov?",
        "Rustem Umerov",
        &["Ukraine’s Defence Minister"],
    ),
    (
        "who is umerov",
        "Rustem Umerov",
        &["Ukraine’s Defence Minister"],
    ),
    (
        "Who is Gen Nakatani?",
        "Gen Nakatani",
        &["Defence Minister"],
    ),
    (
        "Who is Andrii Sybiha?",
        "Andrii Sybiha",
        &["Ukrainian counterpart"],
    ),
    ("Where did Umerov go?", "Rustem Umerov", &["Naples"]),
    ("Where did Rustem Umerov go?", "Rustem Umerov", &["Naples"]),
    (
        "How many North Korean troops have been sent to Russia?",
        "12,000",
        &["up to 12,000"],
    ),
    (
        "How many North Korean troops were sent?",
        "12,000",
        &["up to 12,000"],
    ),
    (
        "When did Ukraine launch a surprise push in Kursk?",
        "surprise push",
        &["August 6"],
    ),
    (
        "Where did Japan's foreign minister arrive on Saturday?",
        "arrived in Kyiv",
        &["Kyiv"],
    ),
    (
        "WHERE DID THE FOREIGN MINISTER ARRIVE?",
        "arrived in Kyiv",
        &["Kyiv"],
    ),
    (
        "When did the foreign minister arrive in Kyiv?",
        "arrived in Kyiv",
        &["Saturday"],
    ),
    (
        "Who is Ukraine's defence minister?",
        "Rustem Umerov",
        &["Rustem Umerov"],
    ),
    (
        "Who was Japan's then-incoming defence minister?",
        "Gen Nakatani",
        &["Gen Nakatani"],
    ),
    (
        "Where was the G7 Defence Ministers Summit held?",
        "Palazzo Reale",
        &["Naples", "Palazzo Reale", "Italy"],
    ),
    (
        "When was the Group of Seven defence ministers summit?",
        "Summit",
        &["October 19"],
    ),
    (
        "Where did Ukraine's army fire artillery at North Korean soldiers?",
        "fired artillery",
        &["Kursk border region"],
    ),
    (
        "When did Iwaya hold a press conference in Tokyo?",
        "press conference",
        &["October 9"],
    ),
    (
        "Where did Iwaya hold a press conference?",
        "press conference",
        &["Tokyo"],
    ),
    (
        "What does the agreement require?",
        "immediate military assistance",
        &[],
    ),
    ("What was high on the agenda?", "grave concern", &[]),
    // "purpose" asks for the reason, which the sentence about the Kyiv
    // visit gives ("to discuss ..."); it names Iwaya by his office.
    (
        "Iwaya Kyiv visit purpose",
        "arrived in Kyiv on Saturday to discuss",
        &[],
    ),
    // A journey's "what ... for" asks its purpose: the sentence giving
    // it ("to discuss ..."), not the photo caption that names the
    // minister in full.
    (
        "What did the Japanese minister come to Kyiv for?",
        "arrived in Kyiv on Saturday to discuss",
        &[],
    ),
    // Light verbs ("take place", "go") carry a question's grammar, not its
    // topic: a table without them still answers.
    (
        "When did the fighting take place?",
        "small-scale fighting",
        &["Last week"],
    ),
    (
        "Why did Iwaya go to Kyiv?",
        "arrived in Kyiv on Saturday to discuss",
        &[],
    ),
    (
        "What will Iwaya discuss with Sybiha?",
        "further sanctions",
        &[],
    ),
    (
        "Who will Iwaya meet in Ukraine?",
        "Andrii Sybiha",
        &["Andrii Sybiha"],
    ),
    (
        "What did Ukrainian officials say last week?",
        "small-scale fighting",
        &[],
    ),
    (
        "Which intelligence assessments say troops were sent to Russia?",
        "intelligence assessments",
        &[],
    ),
    (
        "Which region did Ukraine push into on August 6?",
        "surprise push",
        &["Kursk border region"],
    ),
];

#[test]
fn seed_article_questions_get_the_right_sentence_and_phrase() {
    let kb = seed();
    let cfg = RankConfig::default();
    let mut failures = Vec::new();
    for (q, holds, phrases) in CASES {
        let reply = answer(&kb, q, &cfg, 1);
        let Some(first) = reply.answers.first() else {
            failures.push(format!("{q}: no answer"));
            continue;
        };
        if !first.text.contains(holds) {
            failures.push(format!("{q}: sentence {:?} lacks {holds:?}", first.text));
        }
        if !phrases.is_empty() && !phrases.iter().any(|p| first.highlight_text() == Some(*p)) {
            failures.push(format!(
                "{q}: phrase {:?}, wanted one of {phrases:?}",
                first.highlight_text()
            ));
        }
        assert!(first.article.ends_with(".txt"));
        assert!(
            first
                .title
                .starts_with("Japan’s foreign minister visits Ukraine")
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// One question in a conversation: how it was read (for a follow-up), the
/// first answer's text and its phrase in bold.
fn converse(
    kb: &KnowledgeBase,
    session: &mut articlebot::bot::conversation::Session,
    question: &str,
) -> (Option<String>, String, Option<String>) {
    use articlebot::bot::conversation::{Input, Response, respond};
    match respond(kb, session, Input::Question(question.into())) {
        Response::Answers {
            answers, reading, ..
        } => (
            reading,
            answers[0].text.clone(),
            answers[0].highlight_text().map(str::to_string),
        ),
        other => panic!("{question}: {other:?}"),
    }
}

/// A follow-up asking something else of the same event keeps what the
/// last answer said: after "Kyiv" for "Where did Iwaya go?", "And when?"
/// asks when he went to Kyiv (the Saturday arrival), not when he went
/// anywhere (the Tokyo press conference on October 9).
#[test]
fn a_follow_up_asks_about_the_event_the_last_answer_told() {
    use articlebot::bot::conversation::Session;
    let kb = seed();
    let mut session = Session::default();
    let mut ask = |question: &str| converse(&kb, &mut session, question);
    let (_, _, phrase) = ask("Where did Iwaya go?");
    assert_eq!(phrase.as_deref(), Some("Kyiv"));
    let (reading, text, phrase) = ask("And when?");
    assert_eq!(reading.as_deref(), Some("When did Iwaya go to Kyiv?"));
    assert!(text.contains("arrived in Kyiv"), "{text}");
    assert_eq!(phrase.as_deref(), Some("Saturday"));
    let (reading, text, _) = ask("And why?");
    assert_eq!(
        reading.as_deref(),
        Some("Why did Iwaya go to Kyiv on Saturday?")
    );
    assert!(text.contains("to discuss"), "{text}");
    // The same after a mistyped question word: the follow-up reads what
    // was understood ("Where"), not what was typed ("Wher").
    let mut session = Session::default();
    let mut ask = |question: &str| {
        let (reading, _, phrase) = converse(&kb, &mut session, question);
        (reading, phrase)
    };
    assert_eq!(ask("Wher did Iwaya go?").1.as_deref(), Some("Kyiv"));
    let (reading, phrase) = ask("And when?");
    assert_eq!(reading.as_deref(), Some("When did Iwaya go to Kyiv?"));
    assert_eq!(phrase.as_deref(), Some("Saturday"));
}

/// After "Which country sent troops to Russia?" (North Korean), "And how
/// many?" counts the troops, and "And when?" asks when they were sent:
/// the article does not say, so no count ("12,000 North Korean") is marked
/// as the time.
#[test]
fn a_follow_up_to_which_country_counts_the_troops() {
    use articlebot::bot::conversation::Session;
    let kb = seed();
    let mut session = Session::default();
    let mut ask = |question: &str| {
        let (reading, _, phrase) = converse(&kb, &mut session, question);
        (reading, phrase)
    };
    let (_, phrase) = ask("Which country sent troops to Russia?");
    assert_eq!(phrase.as_deref(), Some("North Korean"));
    let (reading, phrase) = ask("And how many?");
    assert_eq!(
        reading.as_deref(),
        Some("How many troops were sent to Russia?")
    );
    assert_eq!(phrase.as_deref(), Some("up to 12,000"));
    let (reading, phrase) = ask("And when?");
    assert_eq!(reading.as_deref(), Some("When were troops sent to Russia?"));
    assert!(
        phrase.as_deref().is_none_or(|p| !p.contains("12,000")),
        "{phrase:?}"
    );
}

/// The article says when Iwaya arrived, calling him "Japan's foreign
/// minister", and names Sybiha only as the one he will meet: asked when
/// Sybiha arrived, the arrival sentence (whose next sentence names Sybiha)
/// must not be given, least of all with its date in bold.
#[test]
fn a_sentence_about_another_minister_does_not_answer_for_the_named_one() {
    let kb = seed();
    let cfg = RankConfig::default();
    let arrival = "arrived in Kyiv on Saturday";
    for q in [
        "When did Sybiha arrive?",
        "when did andrii sybiha arrive in kyiv",
    ] {
        let reply = answer(&kb, q, &cfg, 3);
        assert!(
            reply.answers.iter().all(|a| !a.text.contains(arrival)),
            "{q}: {:?}",
            reply.answers
        );
    }
    for q in [
        "When did Iwaya arrive?",
        "When did Takeshi Iwaya arrive in Kyiv?",
    ] {
        let reply = answer(&kb, q, &cfg, 1);
        let first = reply.answers.first().expect("answered");
        assert!(first.text.contains(arrival), "{q}: {}", first.text);
        assert_eq!(first.highlight_text(), Some("Saturday"), "{q}");
    }
}

/// The photo caption names "Ukraine's Defence Minister Rustem Umerov": no
/// phrase in bold may cut his name in half ("Defence Minister Rustem"),
/// whatever else the question asks of the caption.
#[test]
fn no_phrase_cuts_a_persons_name_in_half() {
    let kb = seed();
    let cfg = RankConfig::default();
    let name = "Rustem Umerov";
    for q in [
        "Where did Umerov go?",
        "Where was Umerov?",
        "where was the ukrainian defence minister",
    ] {
        let reply = answer(&kb, q, &cfg, 3);
        let first = reply.answers.first().expect("answered");
        let at = first.text.find(name).expect("the caption");
        let name_range = at..at + name.len();
        if let Some(h) = &first.highlight {
            let inside = |i: usize| name_range.start < i && i < name_range.end;
            assert!(
                !inside(h.start) && !inside(h.end),
                "{q}: {:?}",
                first.highlight_text()
            );
        }
    }
}

/// A "who" question that names someone asks for someone else: the person
/// named, or their role, is never the phrase in bold, in any of the
/// answers given (the lead sentence names Iwaya and only "his Ukrainian
/// counterpart").
#[test]
fn the_person_a_who_question_names_is_not_its_answer() {
    let kb = seed();
    let cfg = RankConfig::default();
    for q in [
        "Who will Iwaya meet to discuss North Korea?",
        "Who did Takeshi Iwaya meet?",
        "Who will Iwaya meet in Ukraine?",
    ] {
        let reply = answer(&kb, q, &cfg, 3);
        assert!(!reply.answers.is_empty(), "{q}: no answer");
        for a in &reply.answers {
            let bold = a.highlight_text().unwrap_or_default();
            assert!(
                !bold.contains("Iwaya") && !bold.contains("Foreign Minister"),
                "{q}: {bold:?} in {:?}",
                a.text
            );
        }
    }
}

/// "Ukraine's army fired artillery at North Korean soldiers": a people is
/// no one's name, so "who" gets no phrase there rather than the soldiers'
/// nationality.
#[test]
fn a_nationality_is_no_answer_to_who() {
    let kb = seed();
    let reply = answer(&kb, "who fired artillery", &RankConfig::default(), 1);
    let first = reply.answers.first().expect("an answer");
    assert!(first.text.contains("fired artillery"), "{}", first.text);
    assert_ne!(first.highlight_text(), Some("North Korean"));
}

/// Nor to "what weapons": the soldiers' people is not what was fired. It
/// still answers "which country", and "what nationality".
#[test]
fn a_nationality_is_no_answer_to_what_thing_but_answers_which_country() {
    let kb = seed();
    let cfg = RankConfig::default();
    for question in [
        "what weapons did ukraine fire",
        "what kind of weapons did ukraine fire",
    ] {
        let reply = answer(&kb, question, &cfg, 1);
        let first = reply.answers.first().expect("an answer");
        assert!(first.text.contains("fired artillery"), "{}", first.text);
        assert_ne!(first.highlight_text(), Some("North Korean"), "{question}");
    }
    for question in [
        "Which country sent troops to Russia?",
        "What nationality are the troops sent to Russia?",
    ] {
        let reply = answer(&kb, question, &cfg, 1);
        let first = reply.answers.first().expect("an answer");
        assert_eq!(first.highlight_text(), Some("North Korean"), "{question}");
    }
}

/// Questions about other things entirely: the bot must admit it doesn't know.
const UNRELATED: &[&str] = &[
    "how long was i love lucy on the air",
    "What is the capital of France?",
    "How tall is Mount Everest?",
    "who wrote the novel moby dick",
    "when was the telephone invented",
    "what is photosynthesis",
    "how many people live in brazil",
    "who won the world cup in 2014",
    "what does the federal reserve do",
    "where is the great barrier reef",
    "how does a jet engine work",
    "what is the boiling point of water",
    "who painted the mona lisa",
    "what language is spoken in argentina",
    "how many planets are in the solar system",
    "what causes earthquakes",
    "who discovered penicillin",
    "when did the berlin wall fall",
    "what is the population of tokyo in 2020",
    "how did james dean die",
];

#[test]
fn unrelated_questions_get_i_dont_know() {
    let kb = seed();
    let cfg = RankConfig::default();
    let answered: Vec<&str> = UNRELATED
        .iter()
        .copied()
        .filter(|q| answer(&kb, q, &cfg, 1).knows())
        .collect();
    // At least 95% must abstain.
    assert!(
        answered.len() * 20 <= UNRELATED.len(),
        "answered unrelated questions: {answered:?}"
    );
}

#[test]
fn an_age_nobody_tells_is_not_known_but_one_told_is() {
    let cfg = RankConfig::default();
    // The seed article names Iwaya often and never gives his age.
    let reply = answer(&seed(), "How old is Iwaya?", &cfg, 1);
    assert!(!reply.knows(), "{:?}", reply.answers);
    let kb = KnowledgeBase::from_texts([(
        "a.txt",
        "Singer retires\n\nThe singer will give her last concert in Porto on Friday. \
         Ana Lopes, who is 79 years old, first sang there in 1968.",
        articlebot::knowledge::Format::Text,
    )]);
    let reply = answer(&kb, "How old is Ana Lopes?", &cfg, 1);
    let first = reply.answers.first().expect("the age is told");
    assert!(first.text.contains("79 years old"), "{first:?}");
    assert!(
        first.highlight_text().is_some_and(|h| h.starts_with("79")),
        "{first:?}"
    );
}

#[test]
fn check_finds_the_seed_facts_and_no_clutter() {
    let kb = seed();
    assert_eq!(kb.articles().len(), 1);
    let a = &kb.articles()[0];
    assert_eq!(a.meta.source.as_deref(), Some("South China Morning Post"));
    let texts: Vec<&str> = kb.sentences().map(|s| s.text).collect();
    for clutter in [
        "Advertisement",
        "Reading Time",
        "Why you can trust SCMP",
        "Photo: AFP",
        "Photo: Kyodo",
    ] {
        assert!(
            texts.iter().all(|t| !t.contains(clutter)),
            "{clutter} in {texts:?}"
        );
    }
    assert!(!texts.contains(&"3"));
    assert_eq!(
        texts.iter().filter(|t| t.contains("Palazzo Reale")).count(),
        1,
        "caption kept once"
    );
    let facts: Vec<(FactKind, String, Option<String>)> = kb
        .facts()
        .map(|(s, f)| {
            (
                f.kind,
                f.text(s.text).to_string(),
                f.role(s.text).map(str::to_string),
            )
        })
        .collect();
    let has = |k: FactKind, t: &str| facts.iter().any(|f| f.0 == k && f.1 == t);
    assert!(facts.contains(&(
        FactKind::Person,
        "Takeshi Iwaya".into(),
        Some("Foreign Minister".into())
    )));
    assert!(facts.contains(&(
        FactKind::Person,
        "Rustem Umerov".into(),
        Some("Defence Minister".into())
    )));
    assert!(facts.contains(&(
        FactKind::Person,
        "Gen Nakatani".into(),
        Some("Defence Minister".into())
    )));
    assert!(has(FactKind::Person, "Andrii Sybiha"));
    assert!(has(FactKind::Place, "Kyiv"));
    assert!(has(FactKind::Place, "Kursk border region"));
    assert!(has(FactKind::Date, "August 6"));
    assert!(has(FactKind::Date, "October 19"));
    assert!(has(FactKind::Number, "up to 12,000"));
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_articlebot"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("ARTICLEBOT_KNOWLEDGE")
        .env_remove("LANG");
    c
}

#[test]
fn ask_json_through_the_binary() {
    let out = bin()
        .args([
            "ask",
            "--json",
            "Who is Japan's foreign minister?",
            "What is the capital of France?",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let first = &lines[0]["answers"][0];
    assert_eq!(first["highlight"], "Takeshi Iwaya");
    assert_eq!(
        first["article"],
        "japan-foreign-minister-visits-ukraine-north-korean-troops.txt"
    );
    assert!(first["text"].as_str().unwrap().contains("Takeshi Iwaya"));
    assert!(first["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        lines[1]["answers"].as_array().unwrap().len(),
        0,
        "unknown: empty answers"
    );
}

#[test]
fn ask_reads_questions_from_stdin() {
    use std::io::Write;
    let mut child = bin()
        .args(["ask"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "Where did the foreign minister arrive?\n\nHow tall is Mount Everest?\n".as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("**Kyiv**"), "{text}");
    assert!(text.contains("I don't know"), "{text}");
}

#[test]
fn check_command_reports_the_seed() {
    let out = bin().args(["check"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "Loaded 1 article(s)",
        "Takeshi Iwaya (Foreign Minister",
        "Rustem Umerov (Defence Minister, Ukraine)",
        "Gen Nakatani",
        "Andrii Sybiha",
        "Kyiv",
        "Kursk border region",
        "August 6",
        "October 19",
        "12,000",
        "South China Morning Post",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    let json = bin().args(["check", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["articles"], 1);
    assert!(v["facts"]["person"].as_u64().unwrap() >= 4);
}

#[test]
fn check_fails_on_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["check", "--knowledge"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article could be loaded"));
    let env = bin()
        .arg("check")
        .env("ARTICLEBOT_KNOWLEDGE", dir.path())
        .output()
        .unwrap();
    assert!(!env.status.success(), "ARTICLEBOT_KNOWLEDGE is honoured");
}

#[test]
fn odd_questions_get_a_sensible_reply() {
    let kb = seed();
    let cfg = RankConfig::default();
    let long = "why ".repeat(2500);
    // None of these can be answered: the reply must say so and point the
    // user on, to /articles or to the article a word matched. Exact, so an
    // empty, echoing or misrouted reply fails.
    let to_list = "Type /articles to see what I know about.";
    let closest = "Closest articles: Japan’s foreign minister visits Ukraine, stresses mutual concern over North Korean troops.";
    let odd = [
        ("", to_list),
        ("   ", to_list),
        ("?!.,;", to_list),
        ("🙂🙂🙂", to_list),
        (&long, to_list),
        ("Кто министр иностранных дел Японии?", to_list),
        ("日本の外務大臣は誰ですか", to_list),
        ("<b>who</b> is &amp; minister", closest),
        ("\u{202E}\u{200B}who\u{0000}\u{0007}", to_list),
        ("'; DROP TABLE articles; --", to_list),
        ("../../etc/passwd", to_list),
    ];
    for (q, pointer) in odd {
        let reply = answer(&kb, q, &cfg, 3);
        for a in &reply.answers {
            assert!(a.text.chars().count() <= articlebot::answer::MAX_REPLY_CHARS);
        }
        let words = &articlebot::bot::messages::EN;
        let plain = articlebot::bot::render::reply_plain(&reply, words);
        assert_eq!(
            plain,
            format!("{} {pointer}", words.unknown),
            "reply to {q:?}"
        );
    }
    assert!(!answer(&kb, "", &cfg, 1).knows());
    assert!(!answer(&kb, "🙂🙂🙂", &cfg, 1).knows());
}
