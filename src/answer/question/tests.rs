//! Question analysis on a small table of our own.

use super::*;
use crate::knowledge::Format;

fn kb() -> KnowledgeBase {
    KnowledgeBase::from_texts([(
        "a.txt",
        "Minister visits Kyiv\n\nForeign Minister Takeshi Iwaya arrived in Kyiv on Saturday. Up to 12,000 troops were sent to Russia.",
        Format::Text,
    )])
}

fn kind(q: &str) -> AnswerKind {
    analyze_question(&kb(), q).kind
}

#[test]
fn question_words_give_answer_kinds() {
    assert_eq!(kind("Who is Japan's foreign minister?"), AnswerKind::Person);
    assert_eq!(
        kind("who is the highest scoring nba player"),
        AnswerKind::Person
    );
    assert_eq!(kind("Who is Takeshi Iwaya?"), AnswerKind::Definition);
    assert_eq!(kind("who is on the album cover"), AnswerKind::Person);
    assert_eq!(kind("who is japans foriegn minster"), AnswerKind::Person);
    assert_eq!(
        kind("who sings the song never ending story"),
        AnswerKind::Person
    );
    assert_eq!(kind("When did he arrive?"), AnswerKind::Date);
    assert_eq!(kind("In what year did Tesla die?"), AnswerKind::Date);
    assert_eq!(
        kind("How many North Korean troops were sent?"),
        AnswerKind::Number
    );
    assert_eq!(kind("how much did it cost"), AnswerKind::Number);
    assert_eq!(kind("Where did the minister arrive?"), AnswerKind::Place);
    assert_eq!(kind("Which country sent troops?"), AnswerKind::Place);
    assert_eq!(kind("What party does he lead?"), AnswerKind::Organisation);
    assert_eq!(
        kind("Which fast food chain brought back the game?"),
        AnswerKind::Organisation
    );
    assert_eq!(kind("In which US state did it fall?"), AnswerKind::Place);
    // The head noun is looked for past adjectives only, not past a verb.
    assert_ne!(kind("Which film shows the city?"), AnswerKind::Place);
    // Past "did" the noun is the verb's subject, not what is asked.
    assert_eq!(
        kind("What did the Japanese minister say in Kyiv?"),
        AnswerKind::Thing
    );
    assert_eq!(kind("What did Luther state about it?"), AnswerKind::Thing);
    assert_eq!(kind("What country did he visit?"), AnswerKind::Place);
    assert_eq!(kind("Why did he go?"), AnswerKind::Reason);
    assert_eq!(kind("How did he travel?"), AnswerKind::Manner);
    assert_eq!(kind("What is a treaty?"), AnswerKind::Definition);
    assert_eq!(kind("Did Japan send troops?"), AnswerKind::YesNo);
    assert_eq!(kind("Iwaya Kyiv visit purpose"), AnswerKind::Reason);
    assert_eq!(
        kind("What did the Japanese minister come to Kyiv for?"),
        AnswerKind::Reason
    );
    assert_eq!(kind("What were the funds used for?"), AnswerKind::Reason);
    assert_ne!(
        kind("What is the Rhine Gorge known for?"),
        AnswerKind::Reason
    );
    assert_eq!(kind("election date"), AnswerKind::Date);
    assert_eq!(kind("troops kursk"), AnswerKind::Keywords);
    assert_eq!(kind("date"), AnswerKind::Keywords);
}

#[test]
fn a_possessive_owner_makes_a_role_of_the_noun() {
    // Like "the": whose office is asked about.
    assert_eq!(kind("Who is Ukraine's defence chief?"), AnswerKind::Person);
    assert_eq!(kind("Who is the defence chief?"), AnswerKind::Person);
    assert_eq!(
        kind("Who is Japan's Takeshi Iwaya?"),
        AnswerKind::Definition
    );
}

#[test]
fn a_mistyped_question_word_is_read_as_meant() {
    assert_eq!(kind("Wher did the minister arrive?"), AnswerKind::Place);
    assert_eq!(kind("Whta year did the war start?"), AnswerKind::Date);
    assert_eq!(kind("Wen did he arrive?"), AnswerKind::Date);
    // Real words stay: "were" is one edit from "where".
    assert_eq!(kind("Were troops sent?"), AnswerKind::YesNo);
    let q = analyze_question(&kb(), "Wher did the minister arrive?");
    assert!(!q.terms.iter().any(|t| t.word == "wher"));
    assert_eq!(q.read_as.as_deref(), Some("Where did the minister arrive?"));
    let q = analyze_question(&kb(), "so, wen did he arrive?");
    assert_eq!(
        q.read_as, None,
        "only a first word is read as a question word"
    );
    let q = analyze_question(&kb(), "wen did he arrive?");
    assert_eq!(q.read_as.as_deref(), Some("when did he arrive?"));
    assert_eq!(
        analyze_question(&kb(), "Where did he arrive?").read_as,
        None
    );
}

#[test]
fn a_lower_case_role_asks_for_a_person() {
    assert_eq!(kind("Who is the police commissioner?"), AnswerKind::Person);
}

#[test]
fn role_owner_and_measure_constraints() {
    let kb = kb();
    let c = analyze_question(&kb, "Who is the prime minister of Japan?").constraints;
    let folded = |v: &[super::constraint::Named]| -> Vec<String> {
        v.iter().map(|n| n.folded.clone()).collect()
    };
    assert_eq!(folded(&c.role), ["prime", "minister"]);
    assert_eq!(folded(&c.owner), ["japan"]);
    let c = analyze_question(&kb, "Who is the Ukrainian foreign minister?").constraints;
    assert_eq!(folded(&c.role), ["foreign", "minister"]);
    assert_eq!(folded(&c.owner), ["ukrainian"]);
    let c = analyze_question(&kb, "How much did the new airport cost?").constraints;
    assert_eq!(c.measure, Some(super::constraint::Wanted::Money));
    assert_eq!(c.subject.map(|n| n.folded).as_deref(), Some("airport"));
    let measure = |q: &str| analyze_question(&kb, q).constraints.measure;
    use super::constraint::Wanted;
    assert_eq!(
        measure("How far is the mine from the town?"),
        Some(Wanted::Length)
    );
    assert_eq!(
        measure("How many workers were killed?"),
        Some(Wanted::Count)
    );
    assert_eq!(measure("How many days did it last?"), Some(Wanted::Time));
    assert_eq!(measure("How much water was used?"), None);
    assert!(
        analyze_question(&kb, "Who was named Person of the Year?")
            .constraints
            .is_empty()
    );
}

#[test]
fn where_someone_went_is_a_destination() {
    let kb = kb();
    let c = |q: &str| analyze_question(&kb, q).constraints;
    let went = c("Where did Iwaya go?");
    assert!(went.destination);
    assert_eq!(went.going, ["go"]);
    assert_eq!(c("Which city did Iwaya visit?").going, ["visit"]);
    // Something sent: a destination, but no one's going.
    let sent = c("Where were the troops sent?");
    assert!(sent.destination && sent.going.is_empty());
    // A noun of going is asked about, not a verb another can stand for.
    let tour = c("Iwaya embarked on a tour of which city?");
    assert!(tour.destination && tour.going.is_empty());
    // Getting away asks where to, but "fled Smiljan" is where from: no
    // other verb stands for it.
    let fled = c("To which country did they flee?");
    assert!(fled.destination && fled.going.is_empty());
    // An origin, or no going at all.
    assert!(!c("Where did his talents come from?").destination);
    assert!(!c("Where did Iwaya hold a press conference?").destination);
    // Not a "where" question, but its verb of going still counts.
    let when = c("When did Iwaya go to Kyiv?");
    assert!(!when.destination);
    assert_eq!(when.going, ["go"]);
}

#[test]
fn what_year_wants_a_year() {
    let q = analyze_question(&kb(), "What year did the war start?");
    assert_eq!(q.kind, AnswerKind::Date);
    assert!(q.wants_year);
    assert!(!q.terms.iter().any(|t| t.word == "year"));
}

#[test]
fn how_many_keeps_the_counted_noun() {
    let q = analyze_question(&kb(), "How many troops were sent?");
    assert_eq!(q.focus.as_deref(), Some("troops"));
    assert!(q.terms.iter().any(|t| t.word == "troops"));
    assert!(!q.terms.iter().any(|t| t.word == "many"));
}

#[test]
fn a_common_word_the_articles_lack_is_no_typo() {
    let kb = KnowledgeBase::from_texts([(
        "a.txt",
        "Cup final\n\nThe competition ended on Sunday. The winners got 4.2 million pesos.",
        Format::Text,
    )]);
    // Three letters from "competition", within the tolerance for its
    // length, but a word of its own.
    assert_eq!(correct(&kb, Lang::ENGLISH, "compensation"), None);
    assert_eq!(
        correct(&kb, Lang::ENGLISH, "competiton").map(|(w, _)| w),
        Some("competition".to_string())
    );
    let q = analyze_question(&kb, "How much compensation did the winners get?");
    assert!(q.terms.iter().all(|t| t.corrected_to.is_none()), "{q:?}");
}

#[test]
fn words_the_articles_write_another_way_are_read_their_way() {
    let kb = KnowledgeBase::from_texts([(
        "a.txt",
        "World War I\n\nWorld War I (WWI) lasted until 11 November 1918. Foreign Minister \
         Takeshi Iwaya arrived in Kyiv.",
        Format::Text,
    )]);
    let terms = |q: &str| {
        analyze_question(&kb, q)
            .terms
            .into_iter()
            .map(|t| (t.term, t.corrected_to))
            .collect::<Vec<_>>()
    };
    let term = |w: &str| {
        kb.index()
            .term_id(&text::term_of_folded(Lang::ENGLISH, w).expect("a term"))
    };
    // A courtesy title the articles never use is left out, before a name
    // only.
    assert_eq!(terms("Who is Mr Iwaya?"), terms("Who is Iwaya?"));
    assert_eq!(terms("who is dr iwaya"), terms("who is iwaya"));
    assert_eq!(terms("what is ms").len(), 1, "nothing follows it");
    // A numeral after letters, in Roman figures.
    let ww1 = terms("when did ww1 end");
    assert!(ww1.contains(&(term("wwi"), Some("wwi".into()))), "{ww1:?}");
    // "ww" alone is no numbered thing.
    assert!(
        terms("when did ww end")
            .iter()
            .all(|(_, fixed)| fixed.is_none())
    );
    // A courtesy title the articles use stays a word of the question.
    let kb = KnowledgeBase::from_texts([(
        "a.txt",
        "Visit\n\nMr Iwaya arrived in Kyiv. Foreign Minister Takeshi Iwaya met Sybiha.",
        Format::Text,
    )]);
    assert_eq!(analyze_question(&kb, "Who is Mr Iwaya?").terms.len(), 2);
}

#[test]
fn corrects_typos_but_never_known_words() {
    let q = analyze_question(&kb(), "Where did Iwaya arive? When did the minster come?");
    let minster = q.terms.iter().find(|t| t.word == "minster").expect("kept");
    assert_eq!(minster.corrected_to.as_deref(), Some("minister"));
    let arive = q.terms.iter().find(|t| t.word == "arive").expect("kept");
    assert_eq!(arive.corrected_to, None, "short words are left alone");
    let kb = kb();
    assert_eq!(
        correct(&kb, Lang::ENGLISH, "troops"),
        None,
        "an existing word is not corrected"
    );
    assert_eq!(
        correct(&kb, Lang::ENGLISH, "troooops").map(|c| c.0),
        Some("troops".to_string())
    );
}

#[test]
fn curly_quotes_casing_and_possessives_match() {
    let a = analyze_question(&kb(), "WHO is JAPAN’S Foreign Minister?");
    let b = analyze_question(&kb(), "who is japan's foreign minister");
    let ta: Vec<_> = a.known_terms().collect();
    let tb: Vec<_> = b.known_terms().collect();
    assert_eq!(ta, tb);
}

#[test]
fn a_piece_across_words_the_articles_lack_is_no_keyword() {
    let kb = KnowledgeBase::from_texts([("th.txt", "ตลาด\n\nตลาดน้ำเปิดให้บริการแล้ว", Format::Text)]);
    // "ำต" joins two words the article has apart: no keyword of its own.
    let q = analyze_question(&kb, "น้ำตลาด");
    assert!(q.terms.iter().all(|t| t.term.is_some()), "{:?}", q.terms);
    assert!(q.terms.len() >= 4);
    // A piece nothing covers stays, as the word the articles lack.
    let q = analyze_question(&kb, "ตลาดสด");
    assert!(q.terms.iter().any(|t| t.term.is_none()));
}

#[test]
fn cleans_invisible_and_control_characters() {
    assert_eq!(clean_question("a\u{200B}b\u{0007}c\n d"), "ab c d");
    assert_eq!(
        clean_question(&"x".repeat(5000)).chars().count(),
        MAX_QUESTION_CHARS
    );
}

/// The words of the sentences before the one that asks.
fn setup_words(q: &str) -> Vec<String> {
    analyze_question(&kb(), q)
        .terms
        .into_iter()
        .filter(|t| t.setup)
        .map(|t| t.word)
        .collect()
}

#[test]
fn words_before_the_asking_sentence_are_its_setup() {
    assert_eq!(
        setup_words("Iwaya arrived in Kyiv on Saturday. How many troops were sent?"),
        ["iwaya", "arrived", "kyiv", "saturday"]
    );
    assert!(setup_words("How many troops were sent to Russia?").is_empty());
    // Initials, short abbreviations and a number at a sentence's end.
    assert!(setup_words("How many U.S. troops were sent?").is_empty());
    assert!(setup_words("Did Mr. Iwaya arrive in Kyiv?").is_empty());
    assert_eq!(
        setup_words("Troops were sent in 2024. Where to?"),
        ["troops", "sent", "2024"]
    );
}

#[test]
fn a_german_ordinal_or_abbreviation_ends_no_sentence() {
    let de = Lang::parse("de").expect("de");
    assert_eq!(
        asking_sentence_start(de, "Wer lebte im 18. Jahrhundert?"),
        0
    );
    assert_eq!(
        asking_sentence_start(de, "Welche Objekte bzw. Formationen gibt es?"),
        0
    );
    let text = "In China kam er zu dem Schluss. Wie hieß er?";
    assert_eq!(&text[asking_sentence_start(de, text)..], "Wie hieß er?");
}

#[test]
fn the_first_question_word_asks_and_a_later_one_opens_a_clause() {
    assert_eq!(
        kind("Who did the minister meet when he arrived?"),
        AnswerKind::Person
    );
    assert_eq!(
        kind("What troops were there when the minister arrived?"),
        AnswerKind::Entity
    );
    assert_eq!(
        kind("Where did he go when the troops were sent?"),
        AnswerKind::Place
    );
    // "How" asks wherever it stands.
    assert_eq!(
        kind("The city where he arrived sent how many troops?"),
        AnswerKind::Number
    );
}

#[test]
fn how_many_counts_the_noun_ending_its_phrase() {
    let focus = |q: &str| analyze_question(&kb(), q).focus;
    assert_eq!(
        focus("His win gives Democrats how many Senate seats?").as_deref(),
        Some("seats")
    );
    assert_eq!(
        focus("How many troops were sent to Russia?").as_deref(),
        Some("troops")
    );
    assert_eq!(
        focus("how many people live in brazil").as_deref(),
        Some("people")
    );
}

#[test]
fn when_to_do_something_asks_in_what_case_not_on_what_date() {
    assert_eq!(kind("when to use a semicolon"), AnswerKind::Manner);
    assert_eq!(kind("When did the minister arrive?"), AnswerKind::Date);
}

#[test]
fn the_kind_or_name_a_question_asks_for_is_no_keyword() {
    let words = |q: &str| -> Vec<String> {
        analyze_question(&kb(), q)
            .terms
            .into_iter()
            .map(|t| t.word)
            .collect()
    };
    for q in [
        "What kind of troops were sent?",
        "Which type of troops were sent to Russia?",
        "What is the name of the minister's city?",
        "what sorts of troops were sent",
    ] {
        let w = words(q);
        assert!(
            w.iter()
                .all(|w| !matches!(w.as_str(), "kind" | "type" | "name" | "sorts")),
            "{q}: {w:?}"
        );
        assert!(w.iter().any(|w| w == "troops" || w == "city"), "{q}: {w:?}");
    }
}
