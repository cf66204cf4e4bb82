//! The follow-up rules on sentences of our own: pronouns, the last
//! question's topic, the last answer joined to the next question, expiry.

use super::*;

fn ctx() -> Context {
    Context {
        article: "a.txt".into(),
        people: vec!["Takeshi Iwaya".into()],
        places: vec!["Kyiv".into()],
        dates: vec!["Saturday".into()],
        groups: vec!["the Foreign Ministry".into()],
        topic: "North Korean troops sent to Russia".into(),
        auxiliary: Some("were".into()),
        passive: None,
        answered: None,
        at: Instant::now(),
    }
}

fn kb() -> KnowledgeBase {
    KnowledgeBase::from_texts([(
        "a.txt",
        "Visit\n\nTakeshi Iwaya arrived in Kyiv on Saturday.",
        crate::knowledge::Format::Text,
    )])
}

#[test]
fn pronouns_become_the_last_answers_entities() {
    let kb = kb();
    let r = resolve(&kb, "When did he arrive?", &ctx()).unwrap();
    assert_eq!(r.text, "When did Takeshi Iwaya arrive?");
    assert_eq!(r.article, "a.txt");
    let r = resolve(&kb, "What is his job?", &ctx()).unwrap();
    assert_eq!(r.text, "What is Takeshi Iwaya's job?");
    let r = resolve(&kb, "Who else was there?", &ctx()).unwrap();
    assert_eq!(r.text, "Who else was in Kyiv?");
    assert_eq!(resolve(&kb, "Who arrived in Kyiv?", &ctx()), None);
}

#[test]
fn people_are_remembered_by_office_but_by_name_when_the_role_is_a_relation() {
    let kb = KnowledgeBase::from_texts([(
        "a.txt",
        "Visit\n\nForeign Minister Takeshi Iwaya will meet his Ukrainian counterpart, Andrii Sybiha, in Kyiv.",
        crate::knowledge::Format::Text,
    )]);
    let cfg = crate::answer::RankConfig::default();
    let remembered = |question: &str| {
        let reply = crate::answer::answer(&kb, question, &cfg, 1);
        Context::of(&kb, question, &reply.answers[0], Instant::now(), None).people
    };
    // "the counterpart" would name nobody in the next question.
    assert_eq!(
        remembered("Who will Iwaya meet?")
            .first()
            .map(String::as_str),
        Some("Andrii Sybiha")
    );
    assert_eq!(
        remembered("Who will meet Sybiha?")
            .first()
            .map(String::as_str),
        Some("the foreign minister")
    );
}

#[test]
fn people_sharing_an_office_are_remembered_by_name() {
    let kb = KnowledgeBase::from_texts([(
        "a.txt",
        "Summit in Naples\n\nUkraine’s Defence Minister Rustem Umerov and Japan’s Defence Minister \
         Gen Nakatani met in Naples on October 19. The two ministers talked about the war and \
         about the help that the allies have promised to send over the winter.",
        crate::knowledge::Format::Text,
    )]);
    let cfg = crate::answer::RankConfig::default();
    let question = "Who is Rustem Umerov?";
    let reply = crate::answer::answer(&kb, question, &cfg, 1);
    let people = Context::of(&kb, question, &reply.answers[0], Instant::now(), None).people;
    assert_eq!(people, ["Rustem Umerov", "Gen Nakatani"]);
}

#[test]
fn a_question_without_a_subject_takes_the_last_topic() {
    let r = resolve(&kb(), "How many?", &ctx()).unwrap();
    assert_eq!(r.text, "How many North Korean troops sent to Russia?");
    let r = resolve(&kb(), "and where?", &ctx()).unwrap();
    assert_eq!(r.text, "Where were North Korean troops sent to Russia?");
}

/// "Which country sent troops?" asked for the country: a count after it
/// counts the troops, and "when" asks when they were sent.
#[test]
fn a_follow_up_to_which_did_what_asks_of_what_was_done_to() {
    let after = |question: &str, follow_up: &str| {
        let (topic, auxiliary, _) = topic_of(question);
        let c = Context {
            topic,
            auxiliary,
            passive: Passive::of(question),
            ..ctx()
        };
        resolve(&kb(), follow_up, &c).unwrap().text
    };
    let sent = "Which country sent troops to Russia?";
    assert_eq!(
        after(sent, "And how many?"),
        "How many troops were sent to Russia?"
    );
    assert_eq!(after(sent, "and when?"), "When were troops sent to Russia?");
    // The count's own topic holds its auxiliary after the subject.
    let count = "How many troops were sent to Russia?";
    assert_eq!(
        after(count, "And when?"),
        "When were troops sent to Russia?"
    );
    let bought = "What company bought the land?";
    assert_eq!(after(bought, "How much?"), "How much land was bought?");
    assert_eq!(after(bought, "When?"), "When was the land bought?");
    // "How many" of one plot of land: the old reading, not a wrong count.
    assert_eq!(
        after(bought, "How many?"),
        "How many company bought the land?"
    );
    let taken = "Which rebels took two hostages in the raid?";
    assert_eq!(
        after(taken, "Where?"),
        "Where were two hostages taken in the raid?"
    );
    for question in [
        "What happened in Kyiv?",
        "Which is the largest city?",
        "Which minister visited Kyiv?",
        "Who sent troops to Russia?",
        "Which country sends troops?",
    ] {
        assert_eq!(Passive::of(question), None, "{question}");
    }
}

#[test]
fn a_follow_up_takes_the_last_questions_auxiliary_but_not_its_preposition() {
    let question = "What did the Japanese minister come to Kyiv for?";
    let (topic, auxiliary, _) = topic_of(question);
    let c = Context {
        topic,
        auxiliary,
        ..ctx()
    };
    let r = resolve(&kb(), "And when?", &c).unwrap();
    assert_eq!(r.text, "When did the Japanese minister come to Kyiv?");
    let r = resolve(&kb(), "ok, how many?", &c).unwrap();
    assert_eq!(r.text, "How many Japanese minister come to Kyiv?");
}

#[test]
fn a_follow_up_about_the_same_event_keeps_the_last_answer() {
    let asked = |topic: &str, aux: &str, asked: &str, phrase: &str, follow_up: &str| {
        let c = Context {
            topic: topic.into(),
            auxiliary: Some(aux.into()),
            answered: Some(Answered {
                asked: asked.into(),
                phrase: phrase.into(),
                stranded: None,
            }),
            ..ctx()
        };
        resolve(&kb(), follow_up, &c).unwrap().text
    };
    assert_eq!(
        asked("Iwaya go", "did", "where", "Kyiv", "And when?"),
        "When did Iwaya go to Kyiv?"
    );
    assert_eq!(
        asked("Iwaya visit", "did", "which", "Kyiv", "and when?"),
        "When did Iwaya visit Kyiv?"
    );
    assert_eq!(
        asked("Iwaya arrive", "did", "where", "Kyiv", "Why?"),
        "Why did Iwaya arrive in Kyiv?"
    );
    assert_eq!(
        asked(
            "Iwaya arrive in Kyiv",
            "did",
            "when",
            "Saturday",
            "And why?"
        ),
        "Why did Iwaya arrive in Kyiv on Saturday?"
    );
    assert_eq!(
        asked("the summit open", "did", "when", "2019", "where?"),
        "Where did the summit open in 2019?"
    );
    assert_eq!(
        asked("Iwaya meet", "did", "who", "Andrii Sybiha", "And where?"),
        "Where did Iwaya meet Andrii Sybiha?"
    );
    // Asked again, or already said: nothing to add.
    assert_eq!(
        asked("Iwaya go", "did", "where", "Kyiv", "And where?"),
        "Where did Iwaya go?"
    );
    assert_eq!(
        asked("Iwaya go to Kyiv", "did", "when", "Kyiv", "Why?"),
        "Why did Iwaya go to Kyiv?"
    );
    // Who someone is, and what something was for, are not part of an event.
    assert_eq!(
        asked(
            "Japan's foreign minister",
            "is",
            "who",
            "Takeshi Iwaya",
            "And when?"
        ),
        "When is Japan's foreign minister?"
    );
}

#[test]
fn the_last_answer_joins_with_the_words_a_reader_would_use() {
    assert_eq!(place_preposition("go"), Some("to"));
    assert_eq!(place_preposition("travelled"), Some("to"));
    assert_eq!(place_preposition("visited"), None);
    assert_eq!(place_preposition("arrive"), Some("in"));
    assert_eq!(place_preposition("meet"), Some("in"));
    assert_eq!(date_preposition("Saturday"), Some("on"));
    assert_eq!(date_preposition("October 9"), Some("on"));
    assert_eq!(date_preposition("9 October 2024"), Some("on"));
    assert_eq!(date_preposition("2019"), Some("in"));
    assert_eq!(date_preposition("August 2024"), Some("in"));
    assert_eq!(date_preposition("the 1990s"), Some("in"));
    assert_eq!(date_preposition("last week"), None);
    assert_eq!(date_preposition("yesterday"), None);
    let (_, _, stranded) = topic_of("Who did Iwaya talk to?");
    assert_eq!(stranded.as_deref(), Some("to"));
}

#[test]
fn topics_drop_the_question_words() {
    assert_eq!(
        topic_of("Were North Korean troops sent to Russia?"),
        (
            "North Korean troops sent to Russia".into(),
            Some("were".into()),
            None
        )
    );
    assert_eq!(
        topic_of("Who is Japan's foreign minister?"),
        ("Japan's foreign minister".into(), Some("is".into()), None)
    );
}

#[test]
fn contexts_expire() {
    let c = ctx();
    assert!(c.alive(c.at + Duration::from_secs(5), Duration::from_secs(10)));
    assert!(!c.alive(c.at + Duration::from_secs(11), Duration::from_secs(10)));
}

#[test]
fn recognises_requests_for_a_summary() {
    for q in [
        "What is this article about?",
        "what's the story about",
        "Summarize it",
        "tl;dr",
        "Give me a summary of the article",
    ] {
        assert!(asks_for_summary(q), "{q}");
    }
    for q in ["What did the minister say about Russia?", "Who is he?"] {
        assert!(!asks_for_summary(q), "{q}");
    }
}
