//! The store's candidate query timed alone, for BENCHMARKS.md's scale
//! run: each question of a questions.jsonl (its first COUNT, default all)
//! asked of the store at URL (`Store::candidates_within`, the top 300 by
//! BM25, fetching at most SCORED sentences: default the store's own
//! budget, `all` for the exhaustive query), after one warm-up pass;
//! prints the count, p50 and p99 in milliseconds, and the mean number of
//! candidates. With `--compare`, also how close the budgeted query comes
//! to the exhaustive one (untimed): the share of the exhaustive top 300
//! it finds, and of the articles `--retrieval postgres` would read (the
//! first 40 the candidates name).
//!
//! `cargo run --release --example store_candidates -- URL questions.jsonl [COUNT] [SCORED|all] [--compare]`

use std::time::Instant;

use articlebot::store::{ARTICLES, CANDIDATES, Candidate, SCORED, Store};

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let compare = args.iter().any(|a| a == "--compare");
    args.retain(|a| a != "--compare");
    let (Some(url), Some(path)) = (args.first(), args.get(1)) else {
        anyhow::bail!(
            "usage: store_candidates URL questions.jsonl [COUNT] [SCORED|all] [--compare]"
        );
    };
    let count: usize = args.get(2).map_or(Ok(usize::MAX), |c| c.parse())?;
    let scored: i64 = match args.get(3).map(String::as_str) {
        None => SCORED,
        Some("all") => i64::MAX,
        Some(n) => n.parse()?,
    };
    let store = Store::connect(url)?;
    let mut questions = articlebot::eval::read_questions(std::path::Path::new(path))?;
    questions.truncate(count);
    for q in &questions {
        store.candidates_within(&q.question, CANDIDATES, scored)?;
    }
    let mut ms = Vec::with_capacity(questions.len());
    let mut found = 0;
    for q in &questions {
        let t = Instant::now();
        found += store
            .candidates_within(&q.question, CANDIDATES, scored)?
            .len();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    let pct = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "questions={} scored={} p50={:.2}ms p99={:.2}ms mean_candidates={:.0}",
        ms.len(),
        if scored == i64::MAX {
            "all".to_string()
        } else {
            scored.to_string()
        },
        pct(0.5),
        pct(0.99),
        found as f64 / ms.len().max(1) as f64
    );
    if compare {
        let (mut sentences, mut exhaustive_sentences) = (0, 0);
        let (mut articles, mut exhaustive_articles) = (0, 0);
        let mut same_first = 0;
        for q in &questions {
            let budgeted = store.candidates_within(&q.question, CANDIDATES, scored)?;
            let exact = store.candidates_within(&q.question, CANDIDATES, i64::MAX)?;
            let key = |c: &Candidate| (c.article.clone(), c.position);
            sentences += exact
                .iter()
                .filter(|e| budgeted.iter().any(|b| key(b) == key(e)))
                .count();
            exhaustive_sentences += exact.len();
            let (mine, theirs) = (first_articles(&budgeted), first_articles(&exact));
            articles += theirs.iter().filter(|a| mine.contains(a)).count();
            exhaustive_articles += theirs.len();
            same_first += usize::from(mine.first() == theirs.first());
        }
        println!(
            "of the exhaustive query's: top sentences found {:.3}, articles found {:.3}, same best article {:.3}",
            sentences as f64 / exhaustive_sentences.max(1) as f64,
            articles as f64 / exhaustive_articles.max(1) as f64,
            same_first as f64 / questions.len().max(1) as f64
        );
    }
    Ok(())
}

/// The articles `Retriever::articles` would read: the first [`ARTICLES`]
/// the candidates name, best first.
fn first_articles(candidates: &[Candidate]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for c in candidates {
        if ids.len() == ARTICLES {
            break;
        }
        if !ids.contains(&c.article) {
            ids.push(c.article.clone());
        }
    }
    ids
}
