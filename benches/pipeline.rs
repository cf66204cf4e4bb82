//! Load, question analysis and answering, measured with criterion over the
//! corpus the repository carries (`knowledge/` and the test fixtures), and
//! over a larger folder when `ARTICLEBOT_BENCH_DIR` names one (with its
//! questions in `ARTICLEBOT_BENCH_QUESTIONS`, a questions.jsonl). Each bench
//! asserts what it computed, so a bench that got faster by breaking fails.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use articlebot::KnowledgeBase;
use articlebot::answer::{RankConfig, analyze_question, answer};
use criterion::{Criterion, criterion_group, criterion_main};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bench_folder(c: &mut Criterion, name: &str, dir: &Path, questions: &[String], min_hits: usize) {
    let (kb, _) = KnowledgeBase::load(dir).expect("bench folder loads");
    let articles = kb.articles().len();
    let sentences = kb.sentences().len();
    c.bench_function(&format!("{name}/load"), |b| {
        b.iter(|| {
            let (kb, _) = KnowledgeBase::load(black_box(dir)).unwrap();
            assert_eq!(
                (kb.articles().len(), kb.sentences().len()),
                (articles, sentences)
            );
        })
    });
    c.bench_function(&format!("{name}/analyze_question"), |b| {
        b.iter(|| {
            for q in questions {
                let a = analyze_question(&kb, black_box(q));
                assert!(!a.text.is_empty());
            }
        })
    });
    let cfg = RankConfig::default();
    c.bench_function(&format!("{name}/answer"), |b| {
        b.iter(|| {
            let answered = questions
                .iter()
                .filter(|q| answer(&kb, black_box(q), &cfg, 10).knows())
                .count();
            assert!(
                answered >= min_hits,
                "{answered} answered, expected at least {min_hits}"
            );
        })
    });
}

fn pipeline(c: &mut Criterion) {
    let seed = [
        "Who is Japan's foreign minister?",
        "How many North Korean troops were sent?",
        "When did Ukraine launch a surprise push?",
        "Where did the foreign minister arrive?",
        "What is the capital of France?",
    ]
    .map(String::from);
    bench_folder(c, "seed", &root().join("knowledge"), &seed, 4);
    let fixtures: Vec<String> =
        articlebot::eval::read_questions(&root().join("tests/fixtures/questions.jsonl"))
            .unwrap()
            .into_iter()
            .map(|q| q.question)
            .collect();
    bench_folder(
        c,
        "fixtures",
        &root().join("tests/fixtures/articles"),
        &fixtures,
        5,
    );
    if let Ok(dir) = std::env::var("ARTICLEBOT_BENCH_DIR") {
        let qfile = std::env::var("ARTICLEBOT_BENCH_QUESTIONS")
            .map(PathBuf::from)
            .expect("ARTICLEBOT_BENCH_QUESTIONS names the questions");
        let questions: Vec<String> = articlebot::eval::read_questions(&qfile)
            .unwrap()
            .into_iter()
            .map(|q| q.question)
            .take(200)
            .collect();
        let min = questions.len() / 2;
        bench_folder(c, "custom", Path::new(&dir), &questions, min);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = pipeline
}
criterion_main!(benches);
