//! Learns the ranker's feature weights from `articlebot eval --features`
//! dumps of the bench's dev parts, and reports how well they carry over to
//! a set left out of training. Run by `bench/train-ranker.sh`, which
//! writes the shipped `src/answer/weights.json`.
//!
//! The model is linear (the ranker's score is a weighted sum of named
//! features), fitted listwise: per question, a softmax over its candidates,
//! maximising the probability mass on the candidates that hit. Each set
//! weighs the same in the loss however many questions it has, so squad's
//! 4,317 questions do not drown the news and sentence-selection sets.
//! Full-batch Adam from zero, a fixed number of steps, in one thread:
//! the same dumps give the same weights, to the last digit written. The
//! penalty on the weights is picked from a few by how well the models
//! carry over to a set left out, never by how well they fit the sets
//! they were trained on.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Parser;
use serde::Deserialize;

/// Command line.
#[derive(Parser)]
#[command(about = "Learn the ranker's weights from feature dumps")]
struct Args {
    /// NAME=FILE: a set's dump (`articlebot eval --features FILE`).
    #[arg(long = "set", required = true)]
    sets: Vec<String>,
    /// Write the all-sets weights here (JSON object, feature -> weight).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also train on all sets but one and score the one left out.
    #[arg(long)]
    leave_one_out: bool,
    /// Optimisation steps.
    #[arg(long, default_value_t = 600)]
    steps: usize,
    /// L2 penalty on the weights. Given several (comma-separated) with
    /// `--leave-one-out`, the one whose models score best on the sets
    /// left out (mean Hit@1 over the sets) is kept.
    #[arg(long, value_delimiter = ',', default_value = "0.001")]
    l2: Vec<f64>,
    /// Also learn each feature's shift in a long article (the feature
    /// times `article_length`), written under `long_article`.
    #[arg(long)]
    long_article: bool,
    /// L2 penalty on the long-article shifts: more than on the weights, so
    /// that a long article departs from them only where the sets insist
    /// (see `bench/train-ranker.sh`).
    #[arg(long, default_value_t = 0.01)]
    long_article_l2: f64,
}

/// Each weight's L2 penalty: `l2`, or `shift_l2` for a long-article shift.
fn penalties(names: &[String], l2: f64, shift_l2: f64) -> Vec<f64> {
    names
        .iter()
        .map(|n| {
            if n.starts_with("long_article.") {
                shift_l2
            } else {
                l2
            }
        })
        .collect()
}

/// Appends to every candidate's row each feature times the article's
/// length, named `long_article.NAME`: a linear model of them is the
/// ranker's weights plus their shift in a long article.
fn add_long_article(sets: &mut [Set], names: &mut Vec<String>) -> Result<()> {
    let l = names
        .iter()
        .position(|n| n == "article_length")
        .context("--long-article wants an article_length feature")?;
    let others: Vec<usize> = (0..names.len()).filter(|&i| i != l).collect();
    for set in sets.iter_mut() {
        for q in &mut set.questions {
            for row in &mut q.rows {
                let length = row[l];
                row.extend(others.iter().map(|&i| row[i] * length).collect::<Vec<_>>());
            }
        }
    }
    let shifted: Vec<String> = others
        .iter()
        .map(|&i| format!("long_article.{}", names[i]))
        .collect();
    names.extend(shifted);
    Ok(())
}

/// The weights as `weights.json` holds them: one field per feature, the
/// long-article shifts in an object of their own.
fn weights_json(names: &[String], w: &[f64]) -> serde_json::Value {
    let mut top = serde_json::Map::new();
    let mut long = serde_json::Map::new();
    for (name, &x) in names.iter().zip(w) {
        match name.strip_prefix("long_article.") {
            Some(f) => long.insert(f.to_string(), x.into()),
            None => top.insert(name.clone(), x.into()),
        };
    }
    if !long.is_empty() {
        top.insert("long_article".into(), long.into());
    }
    top.into()
}

#[derive(Deserialize)]
struct Header {
    features: Vec<String>,
}

#[derive(Deserialize)]
struct Line {
    candidates: Vec<Candidate>,
}

#[derive(Deserialize)]
struct Candidate {
    f: Vec<f64>,
    hit: bool,
}

/// One question: its candidates' feature rows and labels, in the dump's
/// (the current ranker's) order.
struct Question {
    rows: Vec<Vec<f64>>,
    hits: Vec<bool>,
}

struct Set {
    name: String,
    questions: Vec<Question>,
}

fn read_set(spec: &str) -> Result<(Set, Vec<String>)> {
    let (name, path) = spec.split_once('=').context("--set wants NAME=FILE")?;
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let mut lines = text.lines();
    let header: Header = serde_json::from_str(lines.next().context("empty dump")?)?;
    let mut questions = Vec::new();
    for line in lines {
        let l: Line = serde_json::from_str(line)?;
        questions.push(Question {
            rows: l.candidates.iter().map(|c| c.f.clone()).collect(),
            hits: l.candidates.iter().map(|c| c.hit).collect(),
        });
    }
    Ok((
        Set {
            name: name.to_string(),
            questions,
        },
        header.features,
    ))
}

fn dot(w: &[f64], x: &[f64]) -> f64 {
    w.iter().zip(x).map(|(a, b)| a * b).sum()
}

/// Mean listwise loss over the sets (each set's mean, averaged) and its
/// gradient.
fn loss_and_gradient(sets: &[&Set], w: &[f64], l2: &[f64]) -> (f64, Vec<f64>) {
    let d = w.len();
    let mut grad = vec![0.0; d];
    let mut loss = 0.0;
    for set in sets {
        let useful: Vec<&Question> = set
            .questions
            .iter()
            .filter(|q| q.hits.iter().any(|&h| h) && !q.hits.iter().all(|&h| h))
            .collect();
        let scale = 1.0 / (useful.len().max(1) as f64 * sets.len() as f64);
        for q in useful {
            let scores: Vec<f64> = q.rows.iter().map(|x| dot(w, x)).collect();
            let max = scores.iter().copied().fold(f64::MIN, f64::max);
            let exp: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
            let all: f64 = exp.iter().sum();
            let pos: f64 = exp
                .iter()
                .zip(&q.hits)
                .filter(|(_, h)| **h)
                .map(|(e, _)| e)
                .sum();
            loss += scale * (all.ln() - pos.ln());
            for ((x, e), &h) in q.rows.iter().zip(&exp).zip(&q.hits) {
                let p_all = e / all;
                let p_pos = if h { e / pos } else { 0.0 };
                for (g, xi) in grad.iter_mut().zip(x) {
                    *g += scale * (p_all - p_pos) * xi;
                }
            }
        }
    }
    for ((g, wi), l2) in grad.iter_mut().zip(w).zip(l2) {
        *g += 2.0 * l2 * wi;
        loss += l2 * wi * wi;
    }
    (loss, grad)
}

fn train(sets: &[&Set], d: usize, steps: usize, l2: &[f64]) -> Vec<f64> {
    let mut w = vec![0.0; d];
    let (mut m, mut v) = (vec![0.0; d], vec![0.0; d]);
    let (lr, b1, b2, eps) = (0.05, 0.9, 0.999, 1e-8);
    for t in 1..=steps {
        let (_, g) = loss_and_gradient(sets, &w, l2);
        for i in 0..d {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            let mh = m[i] / (1.0 - b1.powi(t as i32));
            let vh = v[i] / (1.0 - b2.powi(t as i32));
            w[i] -= lr * mh / (vh.sqrt() + eps);
        }
    }
    w
}

/// Hit@1 when each question's candidates are reordered by `w` (ties keep
/// the dump's order); `None` scores the dump's own order.
fn hit1(set: &Set, w: Option<&[f64]>) -> f64 {
    let hits = set
        .questions
        .iter()
        .filter(|q| {
            let best = match w {
                None => 0,
                Some(w) => {
                    let mut best = 0;
                    let mut best_score = f64::MIN;
                    for (i, x) in q.rows.iter().enumerate() {
                        let s = dot(w, x);
                        if s > best_score {
                            best = i;
                            best_score = s;
                        }
                    }
                    best
                }
            };
            q.hits.get(best).copied().unwrap_or(false)
        })
        .count();
    hits as f64 / set.questions.len().max(1) as f64
}

/// Weights rounded to four decimals: what is written is what is shipped.
fn rounded(w: &[f64]) -> Vec<f64> {
    w.iter().map(|x| (x * 1e4).round() / 1e4).collect()
}

/// Each set's Hit@1 under the model trained on all the others.
fn held_out_hit1(sets: &[Set], d: usize, steps: usize, l2: &[f64]) -> Vec<f64> {
    sets.iter()
        .enumerate()
        .map(|(i, set)| {
            let others: Vec<&Set> = sets
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, s)| s)
                .collect();
            hit1(set, Some(&rounded(&train(&others, d, steps, l2))))
        })
        .collect()
}

fn main() -> Result<()> {
    let args = Args::parse();
    let mut sets = Vec::new();
    let mut names: Option<Vec<String>> = None;
    for spec in &args.sets {
        let (set, features) = read_set(spec)?;
        if names.as_ref().is_some_and(|n| *n != features) {
            bail!("{}: other features than the first dump", set.name);
        }
        names = Some(features);
        sets.push(set);
    }
    let mut names = names.unwrap_or_default();
    if args.long_article {
        add_long_article(&mut sets, &mut names)?;
    }
    let d = names.len();
    let all: Vec<&Set> = sets.iter().collect();
    if args.l2.len() > 1 && !args.leave_one_out {
        bail!("several --l2 values are chosen between by --leave-one-out");
    }
    // Per penalty, each set's Hit@1 under the model trained without it.
    // The first of equally good penalties is kept.
    let mut best: Option<(f64, Vec<f64>, f64)> = None;
    if args.leave_one_out {
        for &l2 in &args.l2 {
            let held_out = held_out_hit1(
                &sets,
                d,
                args.steps,
                &penalties(&names, l2, args.long_article_l2),
            );
            let mean = held_out.iter().sum::<f64>() / held_out.len().max(1) as f64;
            if args.l2.len() > 1 {
                println!("l2 {l2}: held-out Hit@1 mean {mean:.4}");
            }
            if best.as_ref().is_none_or(|(_, _, m)| mean > *m) {
                best = Some((l2, held_out, mean));
            }
        }
    }
    let l2 = best.as_ref().map_or(args.l2[0], |(l2, _, _)| *l2);
    let w = rounded(&train(
        &all,
        d,
        args.steps,
        &penalties(&names, l2, args.long_article_l2),
    ));
    println!("l2 {l2}");
    println!("| set | dump order | all-sets model | trained without it |");
    println!("|---|---|---|---|");
    for (i, set) in sets.iter().enumerate() {
        let held_out = best
            .as_ref()
            .map_or("-".into(), |(_, h, _)| format!("{:.3}", h[i]));
        println!(
            "| {} | {:.3} | {:.3} | {} |",
            set.name,
            hit1(set, None),
            hit1(set, Some(&w)),
            held_out
        );
    }
    let json = serde_json::to_string_pretty(&weights_json(&names, &w))? + "\n";
    match &args.out {
        Some(path) => {
            std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))?
        }
        None => print!("{json}"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_article_shifts_are_the_features_times_the_length_nested_apart() {
        let mut names = vec!["bm25".to_string(), "article_length".to_string()];
        let mut sets = vec![Set {
            name: "s".into(),
            questions: vec![Question {
                rows: vec![vec![0.8, 0.5], vec![0.2, 1.0]],
                hits: vec![true, false],
            }],
        }];
        add_long_article(&mut sets, &mut names).unwrap();
        assert_eq!(names, ["bm25", "article_length", "long_article.bm25"]);
        assert_eq!(sets[0].questions[0].rows[0], [0.8, 0.5, 0.4]);
        assert_eq!(sets[0].questions[0].rows[1], [0.2, 1.0, 0.2]);
        // The shifts are penalised apart from the weights.
        assert_eq!(penalties(&names, 0.001, 0.01), [0.001, 0.001, 0.01]);
        let json = weights_json(&names, &[1.5, -0.25, 2.0]);
        assert_eq!(
            json.to_string(),
            r#"{"article_length":-0.25,"bm25":1.5,"long_article":{"bm25":2.0}}"#
        );
    }
}
