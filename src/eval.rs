//! Measuring answer quality on a questions file, with exactly the rules of
//! the project's scoring script (`tests/fixtures/eval/score.py`, from the
//! bench's SCORING.md): Hit@1, Hit@3, MRR@10, phrase EM/F1, plus abstention,
//! reply length and speed. A test runs both on one fixture and compares.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use crate::answer::{self, RankConfig};
use crate::error::{Error, Result};
use crate::knowledge::KnowledgeBase;

/// Replies longer than this many characters count as misses (the scoring
/// rules' limit, which is also what replies are trimmed to).
pub(crate) const MAX_CHARS: usize = answer::MAX_REPLY_CHARS;
/// Token F1 a reply needs against a gold sentence to hit.
pub(crate) const F1_THRESHOLD: f64 = 0.6;
/// Replies read per question.
pub(crate) const K: usize = 10;

/// One question of a bench `questions.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuestion {
    /// Question id.
    pub id: String,
    /// The question text.
    pub question: String,
    /// The article the question is about.
    #[serde(default)]
    pub article: Option<String>,
    /// Gold answer strings (extractive sets).
    #[serde(default)]
    pub answers: Vec<String>,
    /// Gold sentences (sentence-selection sets).
    #[serde(default)]
    pub answer_sentences: Vec<String>,
}

/// One reply as a run file stores it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RunReply {
    /// Reply text.
    pub(crate) text: String,
    /// Article id.
    pub(crate) article: String,
    /// Answer phrase, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(crate) highlight: Option<String>,
}

/// One line of a run file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunLine {
    /// Question id.
    pub(crate) id: String,
    /// Replies, best first.
    pub(crate) answers: Vec<RunReply>,
    /// The engine's confidence in its first reply (also when it abstained),
    /// for calibrating the "I don't know" threshold. The scorer ignores it.
    #[serde(default)]
    pub(crate) confidence: f32,
    /// The kind of answer the question was taken to want (for analysis).
    #[serde(default)]
    pub(crate) kind: String,
}

/// The figures of one evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metrics {
    /// Gold questions.
    pub questions: usize,
    /// Questions with at least one reply.
    pub answered: usize,
    /// Share of questions whose first reply hits.
    #[serde(rename = "hit@1")]
    pub hit1: f64,
    /// Share with a hit in the first three.
    #[serde(rename = "hit@3")]
    pub hit3: f64,
    /// Mean reciprocal rank of the first hit in the first ten.
    #[serde(rename = "mrr@10")]
    pub mrr: f64,
    /// Mean length of the first reply, over answered questions.
    pub mean_top1_chars: f64,
    /// Exact match of the first reply's phrase, over all questions.
    pub phrase_em: f64,
    /// Token F1 of the first reply's phrase, over all questions.
    pub phrase_f1: f64,
    /// Share of questions the bot said it does not know.
    pub abstention: f64,
    /// Questions answered per second (one thread).
    pub questions_per_second: f64,
    /// Median answer latency in milliseconds.
    pub p50_ms: f64,
    /// 99th percentile answer latency in milliseconds.
    pub p99_ms: f64,
}

/// Reads a `questions.jsonl` (or a folder holding one).
pub fn read_questions(path: &Path) -> Result<Vec<GoldQuestion>> {
    let file = if path.is_dir() {
        path.join("questions.jsonl")
    } else {
        path.to_path_buf()
    };
    let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
        path: file.clone(),
        source,
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let q: GoldQuestion = serde_json::from_str(line).map_err(|source| Error::Questions {
            path: file.clone(),
            line: n + 1,
            source,
        })?;
        out.push(q);
    }
    Ok(out)
}

/// SQuAD v1.1 normalisation as score.py does it: lower case, no ASCII or
/// Unicode punctuation, no a/an/the, single spaces.
pub(crate) fn normalize(s: &str) -> String {
    let lowered = s.to_lowercase();
    let kept: String = lowered
        .chars()
        .filter(|c| {
            !c.is_ascii_punctuation()
                && c.general_category_group() != GeneralCategoryGroup::Punctuation
        })
        .collect();
    // Python's \b(a|an|the)\b: whole runs of word characters.
    let mut out = String::with_capacity(kept.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if matches!(word.as_str(), "a" | "an" | "the") {
            out.push(' ');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in kept.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `s` holds a character of a script written without spaces
/// between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar): score.py's
/// `unspaced`, the same code point ranges.
pub(crate) fn unspaced(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x0E00..=0x0EFF
            | 0x1000..=0x109F
            | 0x1780..=0x17FF
            | 0x3040..=0x30FF
            | 0x3400..=0x9FFF
            | 0xF900..=0xFAFF
            | 0x20000..=0x2FA1F)
    })
}

/// The tokens F1 counts: words, or the characters (spaces left out) of
/// text in an unspaced script, which has no words to count.
fn tokens(s: &str) -> Vec<&str> {
    if unspaced(s) {
        s.char_indices()
            .filter(|&(_, c)| c != ' ')
            .map(|(i, c)| &s[i..i + c.len_utf8()])
            .collect()
    } else {
        s.split_whitespace().collect()
    }
}

/// Whole-token containment of a normalised gold answer in a normalised
/// reply; for a gold answer in an unspaced script, containment of its
/// characters with spaces ignored on both sides.
fn contains(reply: &str, gold: &str) -> bool {
    if gold.is_empty() {
        return false;
    }
    if unspaced(gold) {
        return reply.replace(' ', "").contains(&gold.replace(' ', ""));
    }
    format!(" {reply} ").contains(&format!(" {gold} "))
}

/// Bag-of-tokens F1 of two normalised strings (characters for text in an
/// unspaced script, see [`tokens`]).
pub(crate) fn f1(reply: &str, gold: &str) -> f64 {
    let p = tokens(reply);
    let g = tokens(gold);
    if p.is_empty() || g.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for t in &g {
        *counts.entry(t).or_default() += 1;
    }
    let mut same = 0i64;
    for t in &p {
        if let Some(c) = counts.get_mut(t)
            && *c > 0
        {
            *c -= 1;
            same += 1;
        }
    }
    if same == 0 {
        return 0.0;
    }
    let prec = same as f64 / p.len() as f64;
    let rec = same as f64 / g.len() as f64;
    2.0 * prec * rec / (prec + rec)
}

/// Does one reply hit the gold question?
pub(crate) fn is_hit(q: &GoldQuestion, reply: &RunReply) -> bool {
    if reply.text.chars().count() > MAX_CHARS {
        return false;
    }
    let rn = normalize(&reply.text);
    if !q.answer_sentences.is_empty() {
        return q
            .answer_sentences
            .iter()
            .any(|g| f1(&rn, &normalize(g)) >= F1_THRESHOLD);
    }
    q.answers.iter().any(|a| contains(&rn, &normalize(a)))
}

/// Scores a run against gold questions (score.py's `score`).
pub(crate) fn score(gold: &[GoldQuestion], run: &HashMap<String, Vec<RunReply>>) -> Metrics {
    let n = gold.len();
    let mut m = Metrics {
        questions: n,
        ..Metrics::default()
    };
    let (mut h1, mut h3, mut rr, mut em, mut pf1) = (0usize, 0usize, 0.0f64, 0.0f64, 0.0f64);
    let mut lens = Vec::new();
    for q in gold {
        let replies = run.get(&q.id).map(|r| &r[..r.len().min(K)]).unwrap_or(&[]);
        let first = replies.iter().position(|r| is_hit(q, r)).map(|p| p + 1);
        if let Some(top) = replies.first() {
            m.answered += 1;
            lens.push(top.text.chars().count() as f64);
            if let Some(phrase) = top.highlight.as_deref().filter(|p| !p.is_empty())
                && !q.answers.is_empty()
            {
                let pn = normalize(phrase);
                let golds: Vec<String> = q.answers.iter().map(|a| normalize(a)).collect();
                em += golds
                    .iter()
                    .map(|g| (pn == *g) as u8 as f64)
                    .fold(0.0, f64::max);
                pf1 += golds.iter().map(|g| f1(&pn, g)).fold(0.0, f64::max);
            }
        }
        match first {
            Some(1) => {
                h1 += 1;
                h3 += 1;
            }
            Some(r) if r <= 3 => h3 += 1,
            _ => {}
        }
        if let Some(r) = first {
            rr += 1.0 / r as f64;
        }
    }
    let nf = n.max(1) as f64;
    m.hit1 = h1 as f64 / nf;
    m.hit3 = h3 as f64 / nf;
    m.mrr = rr / nf;
    m.phrase_em = em / nf;
    m.phrase_f1 = pf1 / nf;
    m.mean_top1_chars = if lens.is_empty() {
        0.0
    } else {
        lens.iter().sum::<f64>() / lens.len() as f64
    };
    m.abstention = (n - m.answered) as f64 / nf;
    m
}

/// Answers every question with the engine, timing each; returns the run
/// (score.py's input format) and the metrics.
pub fn evaluate(
    kb: &KnowledgeBase,
    gold: &[GoldQuestion],
    cfg: &RankConfig,
) -> (Vec<RunLine>, Metrics) {
    evaluate_with(gold, cfg, |_| kb)
}

/// [`evaluate`] with each question answered over the table `table` gives
/// for it (a store's retrieval builds one per question; its time counts
/// in the question's latency).
pub fn evaluate_with<T: std::ops::Deref<Target = KnowledgeBase>>(
    gold: &[GoldQuestion],
    cfg: &RankConfig,
    mut table: impl FnMut(&str) -> T,
) -> (Vec<RunLine>, Metrics) {
    let mut run = Vec::with_capacity(gold.len());
    let mut latencies = Vec::with_capacity(gold.len());
    let started = Instant::now();
    for q in gold {
        let t = Instant::now();
        // The scorer reads the first reply's phrase only, and a user sees
        // one answer at a time: the phrase is looked for where it is shown.
        let kb = table(&q.question);
        let reply = answer::answer_marked(&kb, &q.question, cfg, K, 0..1);
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
        run.push(RunLine {
            id: q.id.clone(),
            confidence: reply.confidence,
            kind: serde_json::to_value(reply.question.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            answers: reply
                .answers
                .iter()
                .map(|a| RunReply {
                    text: a.text.clone(),
                    article: a.article.clone(),
                    highlight: a.highlight_text().map(str::to_string),
                })
                .collect(),
        });
    }
    let elapsed = started.elapsed().as_secs_f64();
    let by_id: HashMap<String, Vec<RunReply>> = run
        .iter()
        .map(|l| (l.id.clone(), l.answers.clone()))
        .collect();
    let mut m = score(gold, &by_id);
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    m.p50_ms = pct(0.5);
    m.p99_ms = pct(0.99);
    m.questions_per_second = if elapsed > 0.0 {
        gold.len() as f64 / elapsed
    } else {
        0.0
    };
    (run, m)
}

/// Candidates per question in a features dump: enough to hold the right
/// sentence for most questions the ranker nearly gets.
pub const FEATURE_CANDIDATES: usize = 30;

/// Writes, for learning the ranker's weights (`bench/train-ranker`), each
/// question's best candidates with their features and whether each hits:
/// a first line `{"features": [names]}`, then one object per question.
pub fn dump_features(
    kb: &KnowledgeBase,
    gold: &[GoldQuestion],
    cfg: &RankConfig,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        serde_json::json!({ "features": answer::Features::NAMES })
    )?;
    for q in gold {
        let candidates: Vec<serde_json::Value> =
            answer::candidates(kb, &q.question, cfg, FEATURE_CANDIDATES)
                .into_iter()
                .map(|(a, f)| {
                    let reply = RunReply {
                        text: a.text,
                        article: a.article,
                        highlight: None,
                    };
                    serde_json::json!({ "f": f.values(), "hit": is_hit(q, &reply) })
                })
                .collect();
        writeln!(
            out,
            "{}",
            serde_json::json!({ "id": q.id, "candidates": candidates })
        )?;
    }
    Ok(())
}

/// The span model's training table (`eval --span-features`, read by
/// `scripts/span/train.py`): a first line naming the weights, then one
/// line per question with its kind, its article and every candidate span
/// of its first reply's sentence with the candidate's active features.
/// Which span is right is left to the script, which reads the gold.
pub fn span_features(kb: &KnowledgeBase, gold: &[GoldQuestion], cfg: &RankConfig) -> Vec<String> {
    let mut out = vec![serde_json::json!({ "names": answer::span::weight_names() }).to_string()];
    for q in gold {
        let reply = answer::answer(kb, &q.question, cfg, K);
        let Some(first) = reply.answers.first() else {
            continue;
        };
        let sent = kb.sentence_at(first.sentence);
        let shown = answer::Shown::of(kb, first.sentence, &reply.question);
        let Some(window) = shown.window else {
            continue;
        };
        let spans: Vec<serde_json::Value> =
            answer::span::candidates(kb, &sent, &reply.question, shown.fact, window)
                .into_iter()
                .map(|c| {
                    let features: Vec<String> = c
                        .features
                        .iter()
                        .map(|(k, v)| {
                            if *v == 1.0 {
                                k.to_string()
                            } else {
                                format!("{k}:{v}")
                            }
                        })
                        .collect();
                    serde_json::json!([&sent.text[c.range], features.join(" ")])
                })
                .collect();
        out.push(
            serde_json::json!({
                "id": q.id,
                "kind": reply.question.kind,
                "article": q.article,
                "spans": spans,
            })
            .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspaced_scripts_are_scored_by_characters() {
        let reply = normalize("特斯拉于 1943 年去世。");
        assert!(contains(&reply, &normalize("1943 年")));
        assert!(contains(&reply, &normalize("1943年")));
        assert!(!contains(&reply, &normalize("1944 年")));
        // A gold answer in a spaced script keeps whole tokens.
        assert!(contains("si 单位", "si"));
        assert!(!contains("sis 单位", "si"));
        // Characters count for F1: all 3 gold characters, in a reply of 5.
        let f = f1("纽约酒店们", "纽约店");
        assert!((f - 2.0 * 0.6 * 1.0 / 1.6).abs() < 1e-9, "{f}");
        assert_eq!(f1("1943", "1943 年"), 0.0, "a word and a character differ");
    }

    #[test]
    fn a_bad_questions_line_names_its_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("questions.jsonl");
        std::fs::write(
            &path,
            "{\"id\": \"q1\", \"question\": \"Who?\", \"answers\": [\"x\"], \"article\": \"a.txt\"}\n\nnot json\n",
        )
        .unwrap();
        match read_questions(dir.path()) {
            Err(Error::Questions { line: 3, .. }) => {}
            other => panic!("expected line 3, got {other:?}"),
        }
    }

    #[test]
    fn normalizes_like_squad() {
        assert_eq!(normalize("The Cat’s  hat!"), "cats hat");
        assert_eq!(normalize("an apple, a pear"), "apple pear");
        assert_eq!(normalize("Up to 12,000"), "up to 12000");
        assert_eq!(normalize("—“quoted”—"), "quoted");
    }

    #[test]
    fn f1_is_bag_of_tokens() {
        assert_eq!(f1("a b c", "a b c"), 1.0);
        assert_eq!(f1("a a", "a"), 2.0 / 3.0);
        assert_eq!(f1("", "a"), 0.0);
    }

    #[test]
    fn whole_token_containment() {
        let q = GoldQuestion {
            id: "1".into(),
            question: String::new(),
            article: None,
            answers: vec!["art".into()],
            answer_sentences: vec![],
        };
        let r = |t: &str| RunReply {
            text: t.into(),
            article: String::new(),
            highlight: None,
        };
        assert!(!is_hit(&q, &r("a party")));
        assert!(is_hit(&q, &r("modern art.")));
        assert!(!is_hit(&q, &r(&format!("art {}", "x".repeat(MAX_CHARS)))));
    }
}
