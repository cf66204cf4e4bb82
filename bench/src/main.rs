//! `compare`: articlebot against tantivy on the same folder of articles and
//! the same questions, measured in one run, each engine in its own child
//! process so that its peak memory is its own.
//!
//! Without `--engine` the program is the parent: it runs itself once per
//! engine, collects one JSON line from each and prints a Markdown table with
//! the ratios. With `--engine` it is a child and measures that engine only.
//!
//! What is timed, for each engine:
//! - articlebot: `KnowledgeBase::load` whole — reading, cleaning, sentence
//!   splitting, fact extraction, the index — as the bot does at start-up;
//!   then the reload of the folder after one file changed (`live::KbHandle`),
//!   and the writing of the table's snapshot.
//! - articlebot from its snapshot, in a third process: the start the bot
//!   makes when the cache holds a valid snapshot (`load_cached`: mapped,
//!   checked, the folder's file stamps compared), to its first answer; then
//!   the same questions, so its peak memory compares with the cold start's.
//! - tantivy: indexing only (one document per sentence, `en_stem`, positions,
//!   one indexing thread, in RAM, committed and merged). Reading and
//!   splitting into sentences is done first, untimed, with articlebot's own
//!   cleaner and splitter, so both index the same sentences.
//! - queries: every question once, one at a time on one thread. articlebot
//!   runs its whole answer path (analysis, typo correction, ranking, phrase),
//!   top 10; tantivy a `QueryParser` query over the text with query syntax
//!   stripped, top 10.
//!
//! Each child starts with the folder's files in the page cache (the parent
//! reads them first) and after a `sync`, so no child is timed reading from
//! disk or beside the write-back of an earlier child's snapshot.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, ValueEnum};
use serde::{Deserialize, Serialize};

mod alloc;

/// mimalloc for articlebot's children, as its binary ships; the system
/// allocator for tantivy's, which indexes faster on it (`alloc`).
#[global_allocator]
static ALLOCATOR: alloc::EngineAlloc = alloc::EngineAlloc;

#[derive(Parser)]
#[command(about = "articlebot vs tantivy on the same articles and questions")]
struct Cli {
    /// Folder of articles (.txt, .md, .html).
    #[arg(long)]
    articles: PathBuf,
    /// questions.jsonl (one {"question": ...} per line).
    #[arg(long)]
    questions: PathBuf,
    /// Use at most this many questions (the first ones).
    #[arg(long)]
    limit: Option<usize>,
    /// Measure one engine in this process (the parent sets this).
    #[arg(long)]
    engine: Option<Engine>,
    /// The snapshot's cache folder (the parent sets this: a temporary one).
    #[arg(long, hide = true)]
    cache_dir: Option<PathBuf>,
    /// Print the children's JSON lines too.
    #[arg(long)]
    json: bool,
    /// Also list each engine's N slowest questions (on stderr), to see what
    /// drives the p99.
    #[arg(long, default_value_t = 0)]
    slowest: usize,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Engine {
    Articlebot,
    Tantivy,
    /// articlebot started from the snapshot the `articlebot` child wrote.
    Snapshot,
}

/// What one engine measured.
#[derive(Serialize, Deserialize)]
struct Measured {
    engine: String,
    articles: usize,
    sentences: usize,
    bytes: u64,
    load_s: f64,
    reload_one_s: Option<f64>,
    /// Peak RSS including the reload, when the old and the new table are
    /// both alive for a moment (articlebot only).
    reload_peak_rss_mb: Option<f64>,
    queries: usize,
    answered: usize,
    p50_ms: f64,
    p99_ms: f64,
    qps: f64,
    peak_rss_mb: f64,
    /// Seconds to write the table's snapshot, and its size (articlebot).
    snapshot_write_s: Option<f64>,
    snapshot_mb: Option<f64>,
    /// Seconds from start to the first answer (the snapshot child).
    first_answer_s: Option<f64>,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.engine {
        Some(Engine::Articlebot) => emit(&articlebot_side(&cli)?),
        Some(Engine::Tantivy) => emit(&tantivy_side(&cli)?),
        Some(Engine::Snapshot) => emit(&snapshot_side(&cli)?),
        None => parent(&cli),
    }
}

fn emit(m: &Measured) -> Result<()> {
    println!("{}", serde_json::to_string(m)?);
    Ok(())
}

/// Runs each engine in a child process and prints the table.
fn parent(cli: &Cli) -> Result<()> {
    let me = std::env::current_exe()?;
    let cache = std::env::temp_dir().join(format!("articlebot-compare-{}", std::process::id()));
    let mut results = Vec::new();
    // Every child starts alike: the folder's files in the page cache (the
    // tantivy child reads them untimed; without this the first child, and
    // it alone, would time reading them from disk), and nothing an earlier
    // child wrote (a snapshot of hundreds of MB) still being written back
    // while the next one is timed.
    warm(&cli.articles)?;
    for engine in ["articlebot", "tantivy", "snapshot"] {
        // SAFETY: `sync` takes no arguments and cannot fail.
        unsafe { libc::sync() };
        let mut cmd = Command::new(&me);
        cmd.arg("--articles")
            .arg(&cli.articles)
            .arg("--questions")
            .arg(&cli.questions)
            .arg("--cache-dir")
            .arg(&cache)
            .args(["--engine", engine]);
        if let Some(n) = cli.limit {
            cmd.args(["--limit", &n.to_string()]);
        }
        cmd.args(["--slowest", &cli.slowest.to_string()]);
        if engine == "tantivy" {
            cmd.env(alloc::SYSTEM_ALLOCATOR, "1");
        } else {
            cmd.env_remove(alloc::SYSTEM_ALLOCATOR);
        }
        cmd.stderr(std::process::Stdio::inherit());
        let out = cmd
            .output()
            .with_context(|| format!("running the {engine} child"))?;
        if !out.status.success() {
            bail!(
                "{engine} child failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let line = String::from_utf8(out.stdout)?;
        if cli.json {
            print!("{line}");
        }
        results.push(serde_json::from_str::<Measured>(line.trim())?);
    }
    let _ = std::fs::remove_dir_all(&cache);
    print_table(&results[0], &results[1], &results[2]);
    Ok(())
}

/// Reads every file under `dir` once, so it is in the page cache.
fn warm(dir: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_file() {
            std::fs::read(entry.path())?;
        }
    }
    Ok(())
}

fn print_table(a: &Measured, t: &Measured, s: &Measured) {
    let mb = a.bytes as f64 / 1e6;
    println!(
        "articles {} · {:.1} MB · questions {} · sentences: articlebot {}, tantivy {}",
        a.articles, mb, a.queries, a.sentences, t.sentences
    );
    println!();
    println!("| | articlebot | tantivy | articlebot / tantivy |");
    println!("|---|---|---|---|");
    let row = |name: &str, x: f64, y: f64, unit: &str| {
        println!(
            "| {name} | {x:.3} {unit} | {y:.3} {unit} | {:.2}× |",
            x / y.max(1e-12)
        );
    };
    row("load + index", a.load_s, t.load_s, "s");
    row("throughput", mb / a.load_s, mb / t.load_s, "MB/s");
    row("query p50", a.p50_ms, t.p50_ms, "ms");
    row("query p99", a.p99_ms, t.p99_ms, "ms");
    row("queries/s", a.qps, t.qps, "");
    row(
        "peak RSS (load + queries)",
        a.peak_rss_mb,
        t.peak_rss_mb,
        "MB",
    );
    if let (Some(r), Some(rss)) = (a.reload_one_s, a.reload_peak_rss_mb) {
        println!(
            "| reload after one file changed | {r:.3} s, peak RSS {rss:.0} MB | — | {:.1}% of articlebot's full load |",
            100.0 * r / a.load_s
        );
    }
    if let (Some(w), Some(size)) = (a.snapshot_write_s, a.snapshot_mb) {
        println!("| snapshot write (after the load) | {w:.3} s, {size:.0} MB | — | |");
    }
    if let Some(first) = s.first_answer_s {
        println!(
            "| start from the snapshot, to the first answer | {first:.3} s | — | {:.1}% of articlebot's cold load |",
            100.0 * first / a.load_s
        );
        println!(
            "| peak RSS (snapshot start + queries) | {:.0} MB | — | {:.2}× articlebot's cold start |",
            s.peak_rss_mb,
            s.peak_rss_mb / a.peak_rss_mb.max(1e-12)
        );
        println!(
            "| query p99 from the snapshot | {:.3} ms | — | answered {} |",
            s.p99_ms, s.answered
        );
    }
    println!(
        "| answered (top 10 not empty) | {} | {} | |",
        a.answered, t.answered
    );
}

#[derive(Deserialize)]
struct QuestionLine {
    question: String,
}

fn questions(cli: &Cli) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(&cli.questions)
        .with_context(|| format!("reading {}", cli.questions.display()))?;
    let mut qs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        qs.push(serde_json::from_str::<QuestionLine>(line)?.question);
    }
    qs.truncate(cli.limit.unwrap_or(usize::MAX));
    Ok(qs)
}

/// Sizes of the article files the loader would read.
fn folder_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && format_of(e.path()).is_some())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn format_of(path: &Path) -> Option<articlebot::knowledge::Format> {
    use articlebot::knowledge::Format;
    match path.extension()?.to_str()? {
        "txt" => Some(Format::Text),
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" => Some(Format::Html),
        _ => None,
    }
}

/// Questions answered, latency p50 and p99 (ms), and questions per second.
struct Timing(usize, f64, f64, f64);

/// One engine's figures, with the peak memory so far.
fn measured(
    engine: &str,
    cli: &Cli,
    (articles, sentences): (usize, usize),
    load_s: f64,
    qs: &[String],
    Timing(answered, p50_ms, p99_ms, qps): Timing,
) -> Measured {
    Measured {
        engine: engine.into(),
        articles,
        sentences,
        bytes: folder_bytes(&cli.articles),
        load_s,
        reload_one_s: None,
        reload_peak_rss_mb: None,
        queries: qs.len(),
        answered,
        p50_ms,
        p99_ms,
        qps,
        peak_rss_mb: peak_rss_mb(),
        snapshot_write_s: None,
        snapshot_mb: None,
        first_answer_s: None,
    }
}

/// Latency percentiles and throughput of running `f` on every question.
fn time_queries(qs: &[String], slowest: usize, mut f: impl FnMut(&str) -> bool) -> Timing {
    let mut lat = Vec::with_capacity(qs.len());
    let mut answered = 0;
    let started = Instant::now();
    for q in qs {
        let t = Instant::now();
        answered += f(q) as usize;
        lat.push((t.elapsed().as_secs_f64() * 1e3, q));
    }
    let total = started.elapsed().as_secs_f64();
    lat.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, q) in lat.iter().take(slowest) {
        eprintln!("{ms:9.2} ms  {q}");
    }
    let mut lat: Vec<f64> = lat.into_iter().map(|(ms, _)| ms).collect();
    lat.sort_by(f64::total_cmp);
    let p = |q: f64| {
        lat.get(((lat.len().max(1) - 1) as f64 * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    Timing(
        answered,
        p(0.5),
        p(0.99),
        qs.len() as f64 / total.max(1e-12),
    )
}

/// Peak resident memory of this process (Linux), in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn articlebot_side(cli: &Cli) -> Result<Measured> {
    use articlebot::KnowledgeBase;
    use articlebot::answer::{RankConfig, answer};
    use articlebot::bot::live::KbHandle;

    let qs = questions(cli)?;
    let started = Instant::now();
    let (kb, _report) = KnowledgeBase::load(&cli.articles)?;
    let load_s = started.elapsed().as_secs_f64();
    let (articles, sentences) = (kb.articles().len(), kb.sentences().len());
    let cfg = RankConfig::default();
    let timing = time_queries(&qs, cli.slowest, |q| {
        !answer(&kb, q, &cfg, 10).answers.is_empty()
    });
    // Peak memory of loading and answering, read before the reload, which
    // holds two tables for a moment and is reported on its own.
    let mut m = measured(
        "articlebot",
        cli,
        (articles, sentences),
        load_s,
        &qs,
        timing,
    );

    // The table's snapshot, for the snapshot child to start from (the
    // reload below edits a file and puts it back, time and all).
    if let Some(cache) = &cli.cache_dir {
        let path = articlebot::knowledge::snapshot::snapshot_path(cache);
        let t = Instant::now();
        kb.save_snapshot(&cli.articles, &path)?;
        m.snapshot_write_s = Some(t.elapsed().as_secs_f64());
        m.snapshot_mb = Some(std::fs::metadata(&path)?.len() as f64 / 1e6);
    }

    // Reload after one file changed, as the watcher does it.
    let handle = KbHandle::new(kb);
    let changed = walkdir::WalkDir::new(&cli.articles)
        .into_iter()
        .filter_map(|e| e.ok())
        .find(|e| e.file_type().is_file() && format_of(e.path()).is_some())
        .context("no article file")?
        .into_path();
    let original = std::fs::read(&changed)?;
    let mut edited = original.clone();
    edited.extend_from_slice(b"\n\nOne more paragraph, added for the reload benchmark.\n");
    // The user's file gets its bytes back however this function ends.
    let modified = std::fs::metadata(&changed)?.modified().ok();
    let restore = Restore(changed.clone(), original, modified);
    std::fs::write(&changed, &edited)?;
    let t = Instant::now();
    let ok = handle.reload(&cli.articles);
    let reload_one_s = t.elapsed().as_secs_f64();
    drop(restore);
    if !ok {
        bail!("reload failed");
    }
    m.reload_one_s = Some(reload_one_s);
    m.reload_peak_rss_mb = Some(peak_rss_mb());
    Ok(m)
}

/// articlebot started as the bot starts with a valid snapshot in its
/// cache: to the first answer, then every question.
fn snapshot_side(cli: &Cli) -> Result<Measured> {
    use articlebot::KnowledgeBase;
    use articlebot::answer::{RankConfig, answer};
    use articlebot::knowledge::snapshot::{Start, snapshot_path};

    let qs = questions(cli)?;
    let cache = cli.cache_dir.as_ref().context("--cache-dir")?;
    let cfg = RankConfig::default();
    let started = Instant::now();
    let (kb, _report, start) = KnowledgeBase::load_cached(&cli.articles, &snapshot_path(cache))?;
    let load_s = started.elapsed().as_secs_f64();
    if !matches!(start, Start::Snapshot) {
        bail!("the snapshot was not used: {start:?}");
    }
    if let Some(q) = qs.first() {
        answer(&kb, q, &cfg, 10);
    }
    let first_answer_s = started.elapsed().as_secs_f64();
    let (articles, sentences) = (kb.articles().len(), kb.sentences().len());
    let timing = time_queries(&qs, cli.slowest, |q| {
        !answer(&kb, q, &cfg, 10).answers.is_empty()
    });
    let mut m = measured("snapshot", cli, (articles, sentences), load_s, &qs, timing);
    m.first_answer_s = Some(first_answer_s);
    Ok(m)
}

/// Writes a file's original bytes and modification time back when
/// dropped (so the folder is as it was for the snapshot child).
struct Restore(PathBuf, Vec<u8>, Option<std::time::SystemTime>);

impl Drop for Restore {
    fn drop(&mut self) {
        let restored = std::fs::write(&self.0, &self.1).and_then(|()| match self.2 {
            Some(t) => std::fs::File::options()
                .write(true)
                .open(&self.0)?
                .set_modified(t),
            None => Ok(()),
        });
        if let Err(e) = restored {
            eprintln!("could not restore {}: {e}", self.0.display());
        }
    }
}

/// Query syntax stripped: only letters, digits and spaces reach the parser,
/// lower-cased so that AND / OR / NOT are words, not operators.
fn strip_syntax(q: &str) -> String {
    q.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase()
}

fn tantivy_side(cli: &Cli) -> Result<Measured> {
    use articlebot::knowledge::{article, decode, sentence::split_sentences};
    use tantivy::collector::TopDocs;
    use tantivy::query::QueryParser;
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    use tantivy::{Index, IndexWriter, TantivyDocument, doc};

    let qs = questions(cli)?;
    // Untimed: the same files, cleaned and split by articlebot's own code.
    let mut sentences: Vec<String> = Vec::new();
    let mut articles = 0;
    for entry in walkdir::WalkDir::new(&cli.articles)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let Some(format) = format_of(entry.path()) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let Ok(text) = decode(&bytes, format) else {
            continue;
        };
        let parsed = article::parse(&text, format);
        articles += 1;
        for paragraph in parsed.paragraphs.iter() {
            for r in split_sentences(paragraph) {
                sentences.push(paragraph[r].to_string());
            }
        }
    }

    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("en_stem")
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = schema.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(indexing),
    );
    let index = Index::create_in_ram(schema.build());
    let started = Instant::now();
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 50_000_000)?;
    for s in &sentences {
        writer.add_document(doc!(text => s.as_str()))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let load_s = started.elapsed().as_secs_f64();

    let parser = QueryParser::for_index(&index, vec![text]);
    let top = TopDocs::with_limit(10);
    let timing = time_queries(&qs, cli.slowest, |q| {
        let (query, _errors) = parser.parse_query_lenient(&strip_syntax(q));
        searcher
            .search(&query, &top)
            .is_ok_and(|hits| !hits.is_empty())
    });
    Ok(measured(
        "tantivy",
        cli,
        (articles, sentences.len()),
        load_s,
        &qs,
        timing,
    ))
}
