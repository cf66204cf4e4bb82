//! Runs one extractor over saved web pages and prints, a line per page,
//! what `articlebot show --json` prints (`file`, `title`, `paragraphs`),
//! so `html_score.py` scores every extractor the same way; the time spent
//! per page (reading the file aside) goes to standard error.
//!
//!     html-extractors EXTRACTOR PAGE... > out.jsonl
//!
//! EXTRACTOR: articlebot, dom_smoothie, trafilatura, rs-trafilatura.

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().expect("extractor name");
    let mut total = Duration::ZERO;
    let mut pages = 0;
    for path in args {
        let html = std::fs::read_to_string(&path).expect("a UTF-8 page");
        let started = Instant::now();
        let (title, paragraphs) = extract(&which, &html);
        total += started.elapsed();
        pages += 1;
        let paragraphs: Vec<String> = paragraphs
            .iter()
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        println!(
            "{}",
            serde_json::json!({"file": path, "title": title, "paragraphs": paragraphs})
        );
    }
    eprintln!(
        "{which}: {pages} pages, {:.2} ms per page",
        total.as_secs_f64() * 1000.0 / pages.max(1) as f64
    );
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn extract(which: &str, html: &str) -> (String, Vec<String>) {
    match which {
        "articlebot" => {
            use articlebot::knowledge::{Format, article};
            let a = article::parse(html, Format::Html);
            (a.title, a.paragraphs)
        }
        "dom_smoothie" => {
            let cfg = dom_smoothie::Config {
                text_mode: dom_smoothie::TextMode::Formatted,
                ..Default::default()
            };
            match dom_smoothie::Readability::new(html, None, Some(cfg)).and_then(|mut r| r.parse()) {
                Ok(a) => (a.title, lines(&a.text_content)),
                Err(_) => (String::new(), Vec::new()),
            }
        }
        "trafilatura" => match trafilatura::extract(html, &trafilatura::Options::default()) {
            Ok(r) => (r.metadata.title.clone(), lines(&r.content_text)),
            Err(_) => (String::new(), Vec::new()),
        },
        "rs-trafilatura" => match rs_trafilatura::extract(html) {
            Ok(r) => (r.metadata.title.clone().unwrap_or_default(), lines(&r.content_text)),
            Err(_) => (String::new(), Vec::new()),
        },
        other => panic!("unknown extractor {other}"),
    }
}
