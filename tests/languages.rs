//! Articles and questions in other languages: short news articles of our
//! own in Russian, Ukrainian, German, Spanish, Chinese and Arabic
//! (`tests/fixtures/lang/`), each asked in its own language. Each question
//! must get the sentence that answers first, and the answer phrase where
//! the script and the fact rules allow one. The articles are loaded as one
//! mixed folder, with the seed article in English beside them: a question
//! is answered from its own language's articles, never across languages.

use std::path::Path;

use articlebot::answer::{RankConfig, Reply, answer};
use articlebot::{KnowledgeBase, Lang};

/// Our six articles and the English seed article, in one folder.
fn mixed() -> KnowledgeBase {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for from in [root.join("knowledge"), root.join("tests/fixtures/lang")] {
        for entry in std::fs::read_dir(&from).expect("fixture folder") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    KnowledgeBase::load(dir.path()).expect("articles load").0
}

fn ask(kb: &KnowledgeBase, q: &str) -> Reply {
    answer(kb, q, &RankConfig::default(), 3)
}

/// (question, the article answering, words its first sentence holds, its
/// answer phrase or none where no phrase can be told)
const QUESTIONS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "Кто возглавляет профсоюз?",
        "ru-strike.txt",
        "Профсоюз завода возглавляет",
        Some("Ирина Соколова"),
    ),
    (
        "Сколько человек участвуют в забастовке?",
        "ru-strike.txt",
        "участвуют 4500 человек",
        Some("4500"),
    ),
    (
        "Когда рабочие начали забастовку?",
        "ru-strike.txt",
        "начали забастовку в понедельник",
        None,
    ),
    (
        "Хто перерізав стрічку?",
        "uk-bridge.txt",
        "Стрічку перерізав",
        Some("Олександр Бондар"),
    ),
    (
        "Скільки коштувало будівництво мосту?",
        "uk-bridge.txt",
        "коштувало 1,2 мільярда",
        Some("1,2"),
    ),
    (
        "Скільки автомобілів проїжджатимуть мостом щодня?",
        "uk-bridge.txt",
        "30000 автомобілів",
        Some("30000"),
    ),
    (
        "Скільки років тривали роботи?",
        "uk-bridge.txt",
        "Роботи тривали три роки",
        None,
    ),
    (
        "Какую прибавку к зарплате требуют рабочие?",
        "ru-strike.txt",
        "повысить зарплату на 15 процентов",
        None,
    ),
    (
        "Wer ist der Chef der GDL?",
        "de-strike.txt",
        "GDL-Chef Mario Reiß",
        None,
    ),
    (
        "Wie viele Züge sind betroffen?",
        "de-strike.txt",
        "rund 7000 Züge",
        Some("7000"),
    ),
    (
        "Wann sind die Verhandlungen gescheitert?",
        "de-strike.txt",
        "im Januar gescheitert",
        None,
    ),
    (
        "¿Quién ganó las elecciones en Valencia?",
        "es-election.txt",
        "ganó las elecciones municipales",
        Some("María López"),
    ),
    (
        "¿Cuándo asumirá López el cargo?",
        "es-election.txt",
        "el 15 de junio",
        None,
    ),
    (
        "¿Qué porcentaje de los votos obtuvo su partido?",
        "es-election.txt",
        "el 42 por ciento",
        None,
    ),
    (
        "新码头什么时候启用？",
        "zh-port.txt",
        "2024年9月3日正式启用",
        None,
    ),
    (
        "谁主持了启用仪式？",
        "zh-port.txt",
        "王建国主持了启用仪式",
        None,
    ),
    (
        "每年可处理多少个集装箱？",
        "zh-port.txt",
        "每年可处理500万个集装箱",
        Some("500"),
    ),
    (
        "كم سريرا يضم المستشفى؟",
        "ar-hospital.txt",
        "350 سريرا",
        Some("350"),
    ),
    (
        "من افتتح المستشفى؟",
        "ar-hospital.txt",
        "افتتح وزير الصحة",
        None,
    ),
    (
        "كم بلغت تكلفة المشروع؟",
        "ar-hospital.txt",
        "80 مليون دينار",
        Some("80"),
    ),
];

#[test]
fn questions_in_six_languages_get_their_sentence_and_phrase() {
    let kb = mixed();
    let mut failures = Vec::new();
    for &(q, article, holds, phrase) in QUESTIONS {
        let reply = ask(&kb, q);
        let Some(first) = reply.answers.first() else {
            failures.push(format!("{q}: no answer"));
            continue;
        };
        if first.article != article || !first.text.contains(holds) {
            failures.push(format!("{q}: got {:?} from {}", first.text, first.article));
            continue;
        }
        if let Some(p) = phrase
            && first.highlight_text() != Some(p)
        {
            failures.push(format!(
                "{q}: phrase {:?}, not {p:?}",
                first.highlight_text()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_article_is_read_in_its_language() {
    let kb = mixed();
    let lang_of = |id: &str| {
        kb.articles()
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.lang.code())
    };
    for (id, code) in [
        ("ru-strike.txt", "ru"),
        ("uk-bridge.txt", "uk"),
        ("de-strike.txt", "de"),
        ("es-election.txt", "es"),
        ("zh-port.txt", "zh"),
        ("ar-hospital.txt", "ar"),
        (
            "japan-foreign-minister-visits-ukraine-north-korean-troops.txt",
            "en",
        ),
    ] {
        assert_eq!(lang_of(id), Some(code), "{id}");
    }
    assert_eq!(kb.languages().len(), 7);
}

#[test]
fn no_answer_comes_from_another_language() {
    let kb = mixed();
    // "Reiss" is the German article's "Reiß" to the analyzer, but an
    // English or Spanish question gets no German sentence.
    for q in [
        "When did Mario Reiss announce the strike?",
        "¿Cuándo anunció Mario Reiß la huelga?",
        // Russian words for the Ukrainian article's bridge.
        "Сколько стоило строительство моста в Днепре?",
    ] {
        let reply = ask(&kb, q);
        assert!(
            reply.answers.iter().all(|a| {
                let lang = kb
                    .articles()
                    .iter()
                    .find(|x| x.id == a.article)
                    .map(|x| x.lang);
                lang == Some(reply.question.lang)
            }),
            "{q}: {:?}",
            reply.answers
        );
        assert!(!reply.knows(), "{q}: {:?}", reply.answers);
    }
    // The English seed article still answers in English.
    let reply = ask(&kb, "Who is Japan's foreign minister?");
    assert_eq!(reply.question.lang, Lang::ENGLISH);
    assert_eq!(reply.answers[0].highlight_text(), Some("Takeshi Iwaya"));
}

#[test]
fn a_declared_language_overrides_detection() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Short enough to read as Russian to the detector; the file says
    // Ukrainian, and Ukrainian questions find it.
    std::fs::write(
        dir.path().join("short.txt"),
        "Новини\nlang: uk\n\nПрезидент приїхав до Києва в понеділок.",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("front.md"),
        "---\ntitle: Nachrichten\nlang: de-AT\n---\n\nDer Präsident kam am Montag nach Wien.",
    )
    .expect("write");
    let kb = KnowledgeBase::load(dir.path()).expect("load").0;
    let lang = |id: &str| kb.articles().iter().find(|a| a.id == id).map(|a| a.lang);
    assert_eq!(lang("short.txt"), Lang::parse("uk"));
    assert_eq!(lang("front.md"), Lang::parse("de"));
    let reply = ask(&kb, "Коли президент приїхав до Києва?");
    assert_eq!(reply.question.lang.code(), "uk");
    assert!(reply.answers[0].text.contains("понеділок"));
}

/// With articles in the question's language loaded (whose threshold is
/// calibrated per language: `answer/calibration.rs`), questions about
/// something none of them tells still get "I don't know".
#[test]
fn off_topic_questions_beside_articles_in_their_language_get_no_answer() {
    let kb = mixed();
    for q in [
        "Кто выиграл чемпионат мира по футболу в 2018 году?",
        "Сколько людей живёт в Москве?",
        "Wer hat den Nobelpreis für Literatur 2016 gewonnen?",
        "Wie hoch ist der Eiffelturm?",
        "¿Cuál es la capital de Australia?",
        "¿Quién escribió Don Quijote?",
        "谁发明了电话？",
        "长城有多长？",
        "ما هي عاصمة فرنسا؟",
        "من كتب رواية الحرب والسلام؟",
        "Скільки людей живе в Києві?",
        "Хто написав Кобзар?",
    ] {
        let reply = ask(&kb, q);
        assert!(!reply.knows(), "{q}: {:?}", reply.answers);
    }
}

#[test]
fn off_topic_questions_in_other_languages_get_no_answer() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let kb = KnowledgeBase::load(&seed).expect("seed loads").0;
    for q in [
        "Кто выиграл чемпионат мира по футболу в 2018 году?",
        "Wer hat den Nobelpreis für Literatur 2016 gewonnen?",
        "¿Cuál es la capital de Australia?",
        "谁发明了电话？",
        "ما هي عاصمة فرنسا؟",
        "Скільки людей живе в Києві?",
        "Quelle est la hauteur de la tour Eiffel ?",
    ] {
        assert!(!ask(&kb, q).knows(), "{q}");
    }
}
