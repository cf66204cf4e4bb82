//! The command line as a user meets it: argument errors, error messages,
//! and the console chat following the knowledge folder while it runs.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn articlebot() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_articlebot"));
    c.env_remove("TELOXIDE_TOKEN")
        .env_remove("ARTICLEBOT_KNOWLEDGE")
        // The console speaks the locale's language: the tests read English.
        .env_remove("LANG")
        // No snapshot beside the tests' folders unless a test asks for one.
        .env("ARTICLEBOT_NO_CACHE", "true")
        .env_remove("ARTICLEBOT_CACHE_DIR")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

#[test]
fn ask_answers_the_same_from_the_cache_and_without_one() {
    let cache = tempfile::tempdir().unwrap();
    let ask = |cache_dir: &Path| {
        let out = articlebot()
            .env_remove("ARTICLEBOT_NO_CACHE")
            .arg("--cache-dir")
            .arg(cache_dir)
            .args(["--knowledge", "knowledge", "ask", "--json"])
            .args([
                "Who is Japan's foreign minister?",
                "How many North Korean troops?",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            out.stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (fresh, _) = ask(cache.path());
    assert!(cache.path().join("table.snapshot").is_file());
    let (cached, log) = ask(cache.path());
    assert!(log.contains("from=\"snapshot\""), "{log}");
    assert_eq!(cached, fresh);
    // A cache folder that cannot be made costs a warning, not the answers.
    let blocked = cache.path().join("table.snapshot").join("inside-a-file");
    let (answers, log) = ask(&blocked);
    assert_eq!(answers, fresh);
    assert!(log.contains("cannot write the table snapshot"), "{log}");
}

#[test]
fn ask_refuses_zero_answers() {
    let out = articlebot()
        .args(["ask", "--top", "0", "Who is Japan's foreign minister?"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--top"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("I don't know"));
}

#[test]
fn show_prints_what_the_loader_keeps_and_why_it_skips() {
    let out = articlebot()
        .args([
            "show",
            "--json",
            "tests/fixtures/articles/orchestra.html",
            "tests/fixtures/encodings/zh-gbk.html",
            "Cargo.toml",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let page = &lines[0];
    assert_eq!(page["file"], "tests/fixtures/articles/orchestra.html");
    assert_eq!(page["title"], "Youth orchestra starts its first world tour");
    assert_eq!(page["url"], "https://times.example.com/orchestra");
    assert_eq!(page["source"], "Example Times");
    assert_eq!(page["date"], serde_json::Value::Null);
    // Declared nowhere: detected from the text.
    assert_eq!(page["language"], "en");
    assert_eq!(
        page["paragraphs"],
        serde_json::json!([
            "The Riverside Youth Orchestra began its first world tour in Vienna on Sunday.",
            "Conductor Mira Sato said the 85 musicians will play in 12 cities."
        ])
    );
    // Declared by <html lang="zh-CN">.
    assert_eq!(lines[1]["language"], "zh");
    assert_eq!(lines[1]["title"], "风暴导致阿尔德港北码头关闭");
    assert_eq!(
        lines[2],
        serde_json::json!({"file": "Cargo.toml", "skipped": "not an article file (.txt, .md, .html)"})
    );

    let text = articlebot()
        .args(["show", "tests/fixtures/articles/orchestra.html"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("source    Example Times\n"), "{text}");
    assert!(text.contains("\n\nConductor Mira Sato said"), "{text}");
    let none = articlebot().args(["show", "Cargo.toml"]).output().unwrap();
    assert!(!none.status.success(), "nothing kept is a failure");
}

#[test]
fn eval_rejects_unknown_config_keys() {
    let out = articlebot()
        .args([
            "eval",
            "--questions",
            "tests/fixtures/questions.jsonl",
            "--config",
            r#"{"nonsense": 1}"#,
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown field `nonsense`"), "{err}");
}

#[test]
fn error_messages_say_the_cause_once() {
    for args in [
        &["--knowledge", "/nonexistent/articles", "check"][..],
        &["eval", "--questions", "/nonexistent/questions.jsonl"][..],
    ] {
        let out = articlebot().args(args).output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.matches("No such file or directory").count(),
            1,
            "{args:?}: {err}"
        );
        assert!(err.contains("/nonexistent/"), "names the path: {err}");
    }
}

/// The console chat notices a file added while it runs, like the bot.
#[test]
fn console_chat_picks_up_a_new_article() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bridge.txt"),
        "Harbour bridge\n\nThe harbour bridge opened in 1932.",
    )
    .unwrap();
    let mut chat = articlebot()
        .args(["--knowledge"])
        .arg(dir.path())
        .arg("chat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = chat.stdin.take().unwrap();
    let (tx, lines) = mpsc::channel();
    let stdout = chat.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    // Each reply ends with a blank line; collect one reply's lines.
    let mut ask = |q: &str| -> String {
        writeln!(stdin, "{q}").unwrap();
        stdin.flush().unwrap();
        let mut reply = String::new();
        loop {
            let line = lines.recv_timeout(Duration::from_secs(20)).unwrap();
            if line.is_empty() && !reply.is_empty() {
                return reply;
            }
            if !line.is_empty() && !line.starts_with("Hello!") && !line.starts_with("(console") {
                reply.push_str(&line);
                reply.push('\n');
            }
        }
    };
    let question = "Which animal lives at the zoo?";
    assert!(ask(question).contains("I don't know"));
    std::fs::write(
        dir.path().join("zoo.txt"),
        "City zoo\n\nThe zebra lives at the city zoo.",
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut reply = String::new();
    while Instant::now() < deadline {
        reply = ask(question);
        if reply.contains("zebra") {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(reply.contains("zebra"), "the new article answers: {reply}");
    drop(stdin);
    assert!(chat.wait().unwrap().success());
}

#[test]
fn check_fails_on_a_folder_with_no_article() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.csv"), "a,b\n").unwrap();
    let out = articlebot()
        .arg("--knowledge")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no article could be loaded"), "{err}");
}

#[test]
fn check_into_a_closed_pipe_does_not_panic() {
    // Enough articles for a report larger than a pipe's buffer, so the
    // report is still being written when the reader goes away.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..2000 {
        std::fs::write(
            dir.path().join(format!("a{i}.txt")),
            format!("Article number {i}\n\nThe town {i} opened a bridge."),
        )
        .unwrap();
    }
    let mut child = articlebot()
        .arg("--knowledge")
        .arg(dir.path())
        .arg("check")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe, as `check | head -1` does.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(first.starts_with("Knowledge folder"), "{first}");
    assert!(!err.contains("panic"), "{err}");
    assert!(out.status.success(), "{err}");
}

#[test]
fn the_console_speaks_the_locale_or_lang_language() {
    let run = |lang: &[(&str, &str)], args: &[&str]| {
        let mut c = articlebot();
        for (k, v) in lang {
            c.env(k, v);
        }
        let out = c.args(args).output().expect("runs");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let ru = run(
        &[("LANG", "ru_RU.UTF-8")],
        &["ask", "What is the capital of France?"],
    );
    assert!(ru.starts_with("К сожалению, я не знаю"), "{ru}");
    let de = run(
        &[("LANG", "ru_RU.UTF-8")],
        &["--lang", "de", "ask", "What is the capital of France?"],
    );
    assert!(de.starts_with("Das weiß ich leider nicht"), "{de}");
    let other = run(
        &[("LANG", "C.UTF-8")],
        &["ask", "What is the capital of France?"],
    );
    assert!(other.starts_with("Sorry, I don't know"), "{other}");
}
