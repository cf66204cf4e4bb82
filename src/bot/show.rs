//! The `show` command's report on single files: what the loader keeps of
//! each (title, url, date, source, language, paragraphs) or why it skips
//! it, as text for a person asking "why doesn't it know my page?" or as
//! one JSON object a line for a script. The file is read by
//! [`crate::knowledge::keep`], the loader's own reading.

use std::path::Path;

use serde_json::json;

use crate::knowledge::{Kept, SkipReason};

/// One file as a JSON object: `file`, `title`, `url`, `date`, `source`,
/// `language` (declared, else detected) and `paragraphs`, or `file`
/// and `skipped` (the reason in words).
pub fn json(file: &Path, kept: &Result<Kept, SkipReason>) -> serde_json::Value {
    let file = file.to_string_lossy();
    match kept {
        Ok(k) => json!({
            "file": file,
            "title": k.title,
            "url": k.meta.url,
            "date": k.meta.date,
            "source": k.meta.source,
            "language": k.language,
            "paragraphs": k.paragraphs,
        }),
        Err(reason) => json!({"file": file, "skipped": reason.to_string()}),
    }
}

/// One file as text: a header of what is known, then each paragraph
/// after a blank line; or the reason it is skipped.
pub fn text(file: &Path, kept: &Result<Kept, SkipReason>) -> String {
    let mut out = format!("== {}\n", file.display());
    match kept {
        Ok(k) => {
            let none = "(none)";
            for (label, value) in [
                ("title", Some(k.title.as_str()).filter(|t| !t.is_empty())),
                ("url", k.meta.url.as_deref()),
                ("date", k.meta.date.as_deref()),
                ("source", k.meta.source.as_deref()),
                ("language", Some(k.language)),
            ] {
                out.push_str(&format!("{label:<9} {}\n", value.unwrap_or(none)));
            }
            out.push_str(&format!("{} paragraph(s)\n", k.paragraphs.len()));
            for p in &k.paragraphs {
                out.push('\n');
                out.push_str(p);
                out.push('\n');
            }
        }
        Err(reason) => out.push_str(&format!("skipped: {reason}\n")),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Metadata;

    #[test]
    fn json_names_every_field_and_skips_say_why() {
        let kept = Ok(Kept {
            title: "Harbour bridge opens".into(),
            meta: Metadata {
                source: Some("Port News".into()),
                ..Metadata::default()
            },
            language: "en",
            paragraphs: vec!["The mayor opened it.".into()],
        });
        assert_eq!(
            json(Path::new("a.html"), &kept),
            json!({"file": "a.html", "title": "Harbour bridge opens", "url": null,
                   "date": null, "source": "Port News", "language": "en",
                   "paragraphs": ["The mayor opened it."]})
        );
        assert_eq!(
            json(Path::new("b.txt"), &Err(SkipReason::Empty)),
            json!({"file": "b.txt", "skipped": "empty file"})
        );
        let t = text(Path::new("a.html"), &kept);
        assert!(
            t.contains(
                "source    Port News\nlanguage  en\n1 paragraph(s)\n\nThe mayor opened it.\n"
            ),
            "{t}"
        );
    }
}
