//! `articlebot eval` computes the same figures as the project's scoring
//! script (a copy of the bench's score.py, in tests/fixtures/eval) on two
//! small fixtures: English articles, and Chinese and Thai ones, which are
//! scored by characters.

use std::process::Command;

#[test]
fn eval_matches_score_py() {
    let ours = compare("tests/fixtures/articles", "tests/fixtures/questions.jsonl");
    // The fixture is easy: most questions must hit, and the unanswerable one abstain.
    assert!(ours["hit@1"].as_f64().unwrap() >= 5.0 / 7.0, "{ours}");
    assert!(ours["abstention"].as_f64().unwrap() > 0.0, "{ours}");
}

#[test]
fn eval_matches_score_py_on_unspaced_scripts() {
    let ours = compare(
        "tests/fixtures/unspaced/articles",
        "tests/fixtures/unspaced/questions.jsonl",
    );
    assert!(ours["hit@1"].as_f64().unwrap() >= 4.0 / 7.0, "{ours}");
    assert!(ours["phrase_f1"].as_f64().unwrap() > 0.0, "{ours}");
}

/// Runs `eval` on `articles` with `questions` and checks its figures are
/// score.py's; returns ours.
fn compare(articles: &str, questions: &str) -> serde_json::Value {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_articlebot"))
        .current_dir(root)
        .args([
            "--knowledge",
            articles,
            "eval",
            "--questions",
            questions,
            "--json",
            "--output",
        ])
        .arg(&run)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let py = Command::new("python3")
        .current_dir(root)
        .args(["tests/fixtures/eval/score.py", questions])
        .arg(&run)
        .arg("--json")
        .output()
        .expect("python3 runs the reference scorer");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
    for key in [
        "questions",
        "answered",
        "hit@1",
        "hit@3",
        "mrr@10",
        "mean_top1_chars",
        "phrase_em",
        "phrase_f1",
    ] {
        let a = ours[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} in ours: {ours}"));
        let b = theirs[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} in theirs: {theirs}"));
        assert!((a - b).abs() < 1e-9, "{key}: ours {a}, score.py {b}");
    }
    ours
}
