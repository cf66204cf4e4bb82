//! The `articlebot` command: argument parsing, logging, loading the
//! knowledge folder, then one mode — Telegram bot, console chat, `ask`,
//! `check` or `eval`. All answering lives in the library; this file only
//! wires it to the outside world.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use articlebot::answer::{self, RankConfig};
use articlebot::eval;
use articlebot::facts::FactKind;
use articlebot::{KnowledgeBase, LoadReport, render};
use clap::{Parser, Subcommand};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "articlebot",
    version,
    about = "A Telegram bot that answers questions about a folder of news articles."
)]
struct Cli {
    /// The folder of article files (.txt, .md, .html).
    #[arg(
        long,
        global = true,
        env = "ARTICLEBOT_KNOWLEDGE",
        default_value = "knowledge"
    )]
    knowledge: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Load the folder and report articles, sentences, terms, facts and skipped files.
    Check {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Answer each question given (or each line of standard input).
    Ask {
        /// Questions; none means read them from standard input, one a line.
        questions: Vec<String>,
        /// How many answers per question (default 1 for text, 10 for JSON).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        top: Option<u16>,
        /// One JSON object per question.
        #[arg(long)]
        json: bool,
    },
    /// An interactive console chat, formatted like the Telegram replies.
    Chat,
    /// Run a questions.jsonl against the knowledge and print quality and speed figures.
    Eval {
        /// A questions.jsonl file (or a folder holding one).
        #[arg(long)]
        questions: PathBuf,
        /// Write the ranked answers here, in the scorer's run format.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Ranker parameters as a JSON object (fields of RankConfig; others keep their defaults).
        #[arg(long)]
        config: Option<String>,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run the Telegram bot (long polling; needs TELOXIDE_TOKEN).
    Telegram,
}

fn main() -> ExitCode {
    // A .env file is a convenience for the token; its absence is normal.
    let _ = dotenvy::dotenv();
    articlebot::logging::init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let command = cli.command.unwrap_or_else(|| {
        if std::env::var_os("TELOXIDE_TOKEN").is_some_and(|t| !t.is_empty()) {
            Command::Telegram
        } else {
            Command::Chat
        }
    });
    match command {
        Command::Check { json } => check(&cli.knowledge, json),
        Command::Ask {
            questions,
            top,
            json,
        } => {
            let kb = load(&cli.knowledge)?;
            ask(
                &kb,
                questions,
                top.map_or(if json { 10 } else { 1 }, usize::from),
                json,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Chat => {
            let handle = articlebot::live::KbHandle::new(load(&cli.knowledge)?);
            // The console chat is the first thing a newcomer runs; it follows
            // the folder like the Telegram bot does.
            let _watcher = match articlebot::live::watch(cli.knowledge.clone(), handle.clone()) {
                Ok(w) => Some(w),
                Err(e) => {
                    tracing::warn!(
                        "cannot watch {} for changes (restart to pick up new articles): {e}",
                        cli.knowledge.display()
                    );
                    None
                }
            };
            let stdin = std::io::stdin();
            let tty = stdin.is_terminal();
            chat(&handle, stdin.lock(), std::io::stdout().lock(), tty)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            questions,
            output,
            config,
            json,
        } => {
            let kb = load(&cli.knowledge)?;
            eval_cmd(&kb, &questions, output.as_deref(), config.as_deref(), json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Telegram => {
            articlebot::telegram::run(cli.knowledge)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Loads the folder, printing each skipped file as a warning.
fn load(dir: &Path) -> anyhow::Result<KnowledgeBase> {
    let (kb, report) =
        KnowledgeBase::load(dir).with_context(|| format!("loading {}", dir.display()))?;
    for w in &report.warnings {
        tracing::warn!("{w}");
    }
    Ok(kb)
}

fn check(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let (kb, report) = match KnowledgeBase::load(dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {:#}", anyhow::Error::from(e));
            return Ok(ExitCode::FAILURE);
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&check_json(&kb, &report))?
        );
    } else {
        print!("{}", check_text(&kb, &report, dir));
    }
    Ok(ExitCode::SUCCESS)
}

fn check_json(kb: &KnowledgeBase, report: &LoadReport) -> serde_json::Value {
    let facts: serde_json::Map<String, serde_json::Value> = kb
        .fact_counts()
        .into_iter()
        .map(|(k, n)| (k.label().to_string(), json!(n)))
        .collect();
    let articles: Vec<serde_json::Value> = kb
        .articles()
        .iter()
        .map(|a| {
            let fact_list: Vec<serde_json::Value> = kb
                .sentences_of(a)
                .flat_map(|s| s.facts.iter().map(move |f| f.to_json(s.text)))
                .collect();
            json!({
                "id": a.id, "title": a.title, "url": a.meta.url, "date": a.meta.date, "source": a.meta.source,
                "sentences": a.sentences.len(),
                "facts": fact_list,
            })
        })
        .collect();
    json!({
        "articles": kb.articles().len(),
        "sentences": kb.sentence_count(),
        "terms": kb.index().term_count(),
        "table_bytes": kb.heap_bytes(),
        "facts": facts,
        "skipped": report.warnings,
        "ignored": {"hidden": report.hidden, "other_extensions": report.other_extensions},
        "seconds": report.seconds,
        "per_article": articles,
    })
}

fn check_text(kb: &KnowledgeBase, report: &LoadReport, dir: &Path) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "Knowledge folder: {}", dir.display());
    let _ = writeln!(
        out,
        "Loaded {} article(s), {} sentence(s), {} term(s) in {:.3} s; table arrays {:.1} MB",
        kb.articles().len(),
        kb.sentence_count(),
        kb.index().term_count(),
        report.seconds,
        kb.heap_bytes() as f64 / 1e6
    );
    let facts: Vec<String> = kb
        .fact_counts()
        .iter()
        .map(|(k, n)| format!("{} {n}", k.label()))
        .collect();
    let _ = writeln!(out, "Facts: {}", facts.join(", "));
    let _ = writeln!(
        out,
        "Skipped {} file(s); ignored {} hidden and {} with other extensions",
        report.warnings.len(),
        report.hidden,
        report.other_extensions
    );
    for w in &report.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
    let many = kb.articles().len() > 20;
    for a in kb.articles() {
        let sentences: Vec<_> = kb.sentences_of(a).collect();
        let nfacts: usize = sentences.iter().map(|s| s.facts.len()).sum();
        let _ = writeln!(out, "\n{} — {}", a.id, a.title);
        if let Some(src) = &a.meta.source {
            let _ = writeln!(out, "  source: {src}");
        }
        if let Some(url) = &a.meta.url {
            let _ = writeln!(out, "  url: {url}");
        }
        let _ = writeln!(out, "  {} sentence(s), {nfacts} fact(s)", sentences.len());
        if many {
            continue;
        }
        for kind in FactKind::ALL {
            // A set beside the list: a long article has tens of thousands
            // of facts, and a scan of the list per fact made `check` take
            // seconds where the load took a fraction of one.
            let mut listed = std::collections::HashSet::new();
            let mut items: Vec<String> = Vec::new();
            for s in &sentences {
                for f in s.facts.iter().filter(|f| f.kind == kind) {
                    let mut item = f.text(s.text).to_string();
                    if let Some(role) = f.role(s.text) {
                        item = match f.of(s.text) {
                            Some(of) => format!("{item} ({role}, {of})"),
                            None => format!("{item} ({role})"),
                        };
                    }
                    if listed.insert(item.clone()) {
                        items.push(item);
                    }
                }
            }
            if !items.is_empty() {
                let _ = writeln!(out, "  {}: {}", kind.label(), items.join("; "));
            }
        }
    }
    out
}

fn ask(kb: &KnowledgeBase, questions: Vec<String>, top: usize, json: bool) -> anyhow::Result<()> {
    let cfg = RankConfig::default();
    let mut out = std::io::stdout().lock();
    let one = |q: &str, out: &mut dyn Write| -> anyhow::Result<()> {
        let reply = answer::answer(kb, q, &cfg, top);
        if json {
            let answers: Vec<serde_json::Value> = reply
                .answers
                .iter()
                .map(|a| json!({"text": a.text, "article": a.article, "title": a.title, "url": a.url, "score": a.score, "highlight": a.highlight_text()}))
                .collect();
            writeln!(out, "{}", json!({"question": q, "answers": answers}))?;
        } else {
            writeln!(out, "{}\n", render::reply_plain(&reply))?;
        }
        Ok(())
    };
    if questions.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line?;
            if !line.trim().is_empty() {
                one(&line, &mut out)?;
            }
        }
    } else {
        for q in &questions {
            one(q, &mut out)?;
        }
    }
    Ok(())
}

/// The console chat: one line in, one reply out, each answered from the
/// table current at that moment. At a terminal it prompts, and it keeps
/// the screen tidy when the user ends input with Ctrl-D.
fn chat(
    handle: &articlebot::live::KbHandle,
    mut input: impl BufRead,
    mut out: impl Write,
    tty: bool,
) -> anyhow::Result<()> {
    let greeting = articlebot::conversation::greeting(&handle.current());
    writeln!(
        out,
        "{greeting}\n(console chat: type a question, /help for commands, Ctrl-D to leave)\n"
    )?;
    let mut session = articlebot::conversation::Session::default();
    loop {
        if tty {
            write!(out, "> ")?;
            out.flush()?;
        }
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            if tty {
                // Ctrl-D at the prompt: end the prompt's line.
                writeln!(out)?;
            }
            break;
        }
        if tty && !line.ends_with('\n') {
            // Ctrl-D in the middle of a line sends it without its newline;
            // the reply belongs on a line of its own.
            writeln!(out)?;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if matches!(line, "/quit" | "/exit") {
            break;
        }
        writeln!(out, "{}\n", session.respond_plain(&handle.current(), line))?;
        out.flush()?;
    }
    Ok(())
}

fn eval_cmd(
    kb: &KnowledgeBase,
    questions: &Path,
    output: Option<&Path>,
    config: Option<&str>,
    json: bool,
) -> anyhow::Result<()> {
    let gold = eval::read_questions(questions)?;
    let cfg: RankConfig = match config {
        Some(c) => serde_json::from_str(c).context("parsing --config")?,
        None => RankConfig::default(),
    };
    let (run, m) = eval::evaluate(kb, &gold, &cfg);
    if let Some(path) = output {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        for line in &run {
            writeln!(f, "{}", serde_json::to_string(line)?)?;
        }
        f.flush()?;
    }
    if json {
        println!("{}", serde_json::to_string(&m)?);
    } else {
        println!(
            "questions={} answered={} hit@1={:.4} hit@3={:.4} mrr@10={:.4} phrase_em={:.4} phrase_f1={:.4} abstention={:.4} mean_top1_chars={:.1} qps={:.0} p50={:.3}ms p99={:.3}ms",
            m.questions,
            m.answered,
            m.hit1,
            m.hit3,
            m.mrr,
            m.phrase_em,
            m.phrase_f1,
            m.abstention,
            m.mean_top1_chars,
            m.questions_per_second,
            m.p50_ms,
            m.p99_ms
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat_output(input: &str, tty: bool) -> String {
        let kb = KnowledgeBase::from_texts([(
            "a",
            "Harbour bridge\n\nThe bridge opened in 1932.",
            articlebot::knowledge::article::Format::Text,
        )]);
        let handle = articlebot::live::KbHandle::new(kb);
        let mut out = Vec::new();
        chat(&handle, input.as_bytes(), &mut out, tty).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn console_ends_its_line_on_ctrl_d() {
        let out = chat_output("", true);
        assert!(out.ends_with("> \n"), "{out:?}");
        // Ctrl-D in the middle of a line: the reply starts on a new line.
        let out = chat_output("When did the bridge open?", true);
        let turns: Vec<&str> = out.split("> ").collect();
        assert_eq!(turns.len(), 3, "two prompts: {out:?}");
        assert!(
            turns[1].starts_with('\n') && turns[1].contains("1932"),
            "{out:?}"
        );
        assert_eq!(turns[2], "\n", "{out:?}");
    }

    #[test]
    fn console_without_a_terminal_prints_no_prompts() {
        let out = chat_output("When did the bridge open?\n", false);
        assert!(!out.contains("> "), "{out:?}");
        assert!(out.contains("1932"), "{out:?}");
    }
}
