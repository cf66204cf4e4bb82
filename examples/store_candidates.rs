//! The store's candidate query timed alone, for BENCHMARKS.md's scale
//! run: each question of a questions.jsonl asked of the store at `--store`
//! (`Store::candidates`, the top 300 by BM25), after one warm-up pass;
//! prints the count, p50 and p99 in milliseconds, and the mean number of
//! candidates.
//!
//! `cargo run --release --example store_candidates -- URL questions.jsonl`

use std::time::Instant;

use articlebot::store::{CANDIDATES, Store};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(path)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: store_candidates URL questions.jsonl");
    };
    let store = Store::connect(&url)?;
    let questions = articlebot::eval::read_questions(std::path::Path::new(&path))?;
    for q in &questions {
        store.candidates(&q.question, CANDIDATES)?;
    }
    let mut ms = Vec::with_capacity(questions.len());
    let mut found = 0;
    for q in &questions {
        let t = Instant::now();
        found += store.candidates(&q.question, CANDIDATES)?.len();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    let pct = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "questions={} p50={:.2}ms p99={:.2}ms mean_candidates={:.0}",
        ms.len(),
        pct(0.5),
        pct(0.99),
        found as f64 / ms.len().max(1) as f64
    );
    Ok(())
}
