//! The `check` command's report on a loaded folder, as text for a person
//! or JSON for a script: what loaded, what was skipped and why, and the
//! facts found.

use std::path::Path;

use serde_json::json;

use crate::facts::{Fact, FactKind};
use crate::{KnowledgeBase, LoadReport};

/// One fact as JSON: kind, byte range in its sentence, text, and role,
/// owner and unit where it has them.
pub(crate) fn fact_json(fact: &Fact, sentence: &str) -> serde_json::Value {
    let mut v = json!({
        "kind": fact.kind,
        "start": fact.start,
        "end": fact.end,
        "text": fact.text(sentence),
    });
    for (key, part) in [
        ("role", fact.role(sentence).map(str::to_string)),
        ("of", fact.of(sentence).map(str::to_string)),
        ("unit", fact.unit(sentence)),
    ] {
        if let Some(part) = part {
            v[key] = json!(part);
        }
    }
    v
}

/// The `check` report as JSON: counts, skipped files, every article with its facts.
pub fn json(kb: &KnowledgeBase, report: &LoadReport) -> serde_json::Value {
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
                .flat_map(|s| s.facts.iter().map(move |f| fact_json(f, s.text)))
                .collect();
            json!({
                "id": a.id, "title": a.title, "url": a.meta.url, "date": a.meta.date, "source": a.meta.source,
                "lang": a.lang.code(), "declared_lang": a.meta.lang,
                "sentences": kb.sentences_of(a).len(),
                "facts": fact_list,
            })
        })
        .collect();
    json!({
        "articles": kb.articles().len(),
        "sentences": kb.sentence_count(),
        "terms": kb.index().term_count(),
        "languages": kb.languages().iter().map(|l| l.code()).collect::<Vec<_>>(),
        "table_bytes": kb.heap_bytes(),
        "facts": facts,
        "skipped": report.warnings,
        "ignored": {"hidden": report.hidden, "other_extensions": report.other_extensions},
        "seconds": report.seconds,
        "per_article": articles,
    })
}

/// The `check` report as text; fact lists only for folders of at most 20
/// articles, where a person reads them.
pub fn text(kb: &KnowledgeBase, report: &LoadReport, dir: &Path) -> String {
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
    let langs: Vec<String> = kb
        .languages()
        .iter()
        .map(|l| {
            let n = kb.articles().iter().filter(|a| a.lang == *l).count();
            format!("{} ({}) {n}", l.name(), l.code())
        })
        .collect();
    let _ = writeln!(out, "Languages: {}", langs.join(", "));
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
        let declared = if a
            .meta
            .lang
            .as_deref()
            .and_then(crate::Lang::parse)
            .is_some()
        {
            "declared"
        } else {
            "detected"
        };
        let _ = writeln!(
            out,
            "  language: {} ({}, {declared})",
            a.lang.name(),
            a.lang.code()
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{NameMemory, extract};

    #[test]
    fn json_resolves_the_parts() {
        let s = "Japanese Foreign Minister Takeshi Iwaya met 12,000 troops.";
        let mut memory = NameMemory::default();
        let json: Vec<_> = extract(s, crate::Lang::ENGLISH, &mut memory)
            .iter()
            .map(|f| fact_json(f, s))
            .collect();
        assert_eq!(json[0]["text"], "Takeshi Iwaya");
        assert_eq!(json[0]["role"], "Foreign Minister");
        assert_eq!(json[0]["of"], "Japanese");
        assert_eq!(json[1]["kind"], "number");
        assert_eq!(json[1]["unit"], "troops");
        assert!(json[1].get("role").is_none());
    }
}
