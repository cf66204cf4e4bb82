//! Reads one article file into a title, its metadata and clean paragraphs.
//! Three formats: plain text (`.txt`), Markdown with optional front matter
//! (`.md`), and saved web pages (`.html`, `.htm`, read by the `html` module).
//! Cleaning of clutter happens per line, in `push_paragraph`, so every
//! format gets the same rules.

use serde::Serialize;

use super::caption;
use super::clean::{Seen, clean_line};

/// What is known about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// Where the article was published, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was published, as written in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who published it ("South China Morning Post").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The language the file declares ("uk", "de-AT"): a `lang:` line, a
    /// `lang` key of the front matter, or a page's `<html lang>`. It
    /// overrides the language detected from the text when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// An article file after parsing and cleaning, before sentence splitting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedArticle {
    /// The title (may be empty when the file had none).
    pub title: String,
    /// Metadata from the file.
    pub meta: Metadata,
    /// Clean paragraphs, in order, each on one line.
    pub paragraphs: Vec<String>,
}

/// The formats the loader understands, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: title line, optional metadata, blank-line paragraphs.
    Text,
    /// Markdown with optional `---` front matter.
    Markdown,
    /// A saved web page.
    Html,
}

impl Format {
    /// The usual file extension of the format ("txt", "md", "html"): how a
    /// store's row names its format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    /// The format for a file extension, or `None` when it is not an article.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Parses `text` in the given format.
pub fn parse(text: &str, format: Format) -> ParsedArticle {
    let mut article = match format {
        Format::Text => parse_text(text),
        Format::Markdown => parse_markdown(text),
        // A saved page's captions are elements of their own.
        Format::Html => return super::html::parse(text),
    };
    lead_first(&mut article);
    article
}

/// Puts the lead first when a picture's caption was pasted glued before it
/// (see `caption`): the caption becomes a paragraph of its own after the
/// first one, kept for what it tells.
fn lead_first(article: &mut ParsedArticle) {
    let Some(first) = article.paragraphs.first_mut() else {
        return;
    };
    let Some(at) = caption::lead_start(&article.title, first) else {
        return;
    };
    let caption = first[..at].trim_end().to_string();
    first.drain(..at);
    article.paragraphs.insert(1, caption);
}

/// Splits text into blocks of lines separated by blank lines.
fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// One `key: value` metadata line, if it is one of the known keys with a
/// plausible value. Anything else is body text.
fn metadata_line(line: &str) -> Option<(&'static str, String)> {
    let (key, value) = line.split_once(':')?;
    let value = value.trim();
    let key = match key.trim().to_ascii_lowercase().as_str() {
        "url" | "link" => "url",
        "date" | "published" => "date",
        "source" | "publisher" => "source",
        "lang" | "language" => "lang",
        _ => return None,
    };
    let ok = match key {
        "url" => {
            (value.starts_with("http://") || value.starts_with("https://")) && !value.contains(' ')
        }
        "date" => value.chars().any(|c| c.is_ascii_digit()) && value.len() <= 40,
        "lang" => crate::text::Lang::parse(value).is_some(),
        _ => !value.is_empty() && value.len() <= 100 && !value.ends_with('.'),
    };
    ok.then(|| (key, value.to_string()))
}

fn set_meta(meta: &mut Metadata, key: &str, value: String) {
    match key {
        "url" => meta.url = Some(value),
        "date" => meta.date = Some(value),
        "source" => meta.source = Some(value),
        "lang" | "language" => meta.lang = Some(value),
        _ => {}
    }
}

/// A block of lines is metadata only when every line is; this is what keeps
/// a body line like "Source: officials said..." from being eaten.
fn metadata_block(lines: &[&str]) -> Option<Vec<(&'static str, String)>> {
    if lines.is_empty() {
        return None;
    }
    lines.iter().map(|l| metadata_line(l.trim())).collect()
}

fn parse_text(text: &str) -> ParsedArticle {
    let mut article = ParsedArticle::default();
    let mut seen = Seen::default();
    let mut blocks = blocks(text).into_iter();
    // Metadata may follow the title line directly, or form the next block.
    let mut meta_may_follow = false;
    // The title is the first line that is not clutter.
    for block in blocks.by_ref() {
        let Some(pos) = block.iter().position(|l| clean_line(l).is_some()) else {
            continue;
        };
        article.title = clean_line(block[pos]).unwrap_or_default();
        seen.first_time(&article.title);
        let rest = &block[pos + 1..];
        match metadata_block(rest) {
            Some(meta) => meta
                .into_iter()
                .for_each(|(k, v)| set_meta(&mut article.meta, k, v)),
            None if rest.is_empty() => meta_may_follow = true,
            None => push_paragraph(&mut article.paragraphs, rest, &mut seen),
        }
        break;
    }
    for block in blocks {
        if std::mem::take(&mut meta_may_follow)
            && let Some(meta) = metadata_block(&block)
        {
            meta.into_iter()
                .for_each(|(k, v)| set_meta(&mut article.meta, k, v));
            continue;
        }
        push_paragraph(&mut article.paragraphs, &block, &mut seen);
    }
    article
}

/// Joins a block's lines into paragraphs. Pasted web text often puts a
/// caption or a repeated line on its own line inside a block, so each line
/// is cleaned and deduplicated on its own before joining.
pub(super) fn push_paragraph(out: &mut Vec<String>, lines: &[&str], seen: &mut Seen) {
    let mut para = String::new();
    for line in lines {
        let Some(clean) = clean_line(line) else {
            continue;
        };
        if !seen.first_time(&clean) {
            continue;
        }
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(&clean);
    }
    if !para.is_empty() {
        out.push(para);
    }
}

fn parse_markdown(text: &str) -> ParsedArticle {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

    let mut article = ParsedArticle::default();
    let mut body = text;
    // Front matter: `---` lines around `key: value` pairs.
    let trimmed = text.trim_start_matches('\u{feff}');
    if let Some(rest) = trimmed.strip_prefix("---")
        && rest.starts_with(['\n', '\r'])
        && let Some(end) = rest.find("\n---")
    {
        for line in rest[..end].lines() {
            if let Some((k, v)) = line.split_once(':') {
                let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
                match k.trim().to_ascii_lowercase().as_str() {
                    "title" => article.title = v,
                    key => set_meta(&mut article.meta, key, v),
                }
            }
        }
        let after = &rest[end + 4..];
        body = after.split_once('\n').map_or("", |(_, b)| b);
    }
    let mut seen = Seen::default();
    if !article.title.is_empty() {
        seen.first_time(&article.title);
    }
    let mut current = String::new();
    let mut in_h1 = false;
    let mut blocks: Vec<String> = Vec::new();
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        let t = current.trim();
        if !t.is_empty() {
            blocks.push(t.to_string());
        }
        current.clear();
    };
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut blocks);
                in_h1 = level == HeadingLevel::H1 && article.title.is_empty();
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_h1 {
                    article.title = current.trim().to_string();
                    seen.first_time(&article.title);
                    current.clear();
                    in_h1 = false;
                } else {
                    flush(&mut current, &mut blocks);
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
            ) => flush(&mut current, &mut blocks),
            Event::Start(Tag::Item) => flush(&mut current, &mut blocks),
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push('\n'),
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    for block in blocks {
        let lines: Vec<&str> = block.lines().collect();
        if article.title.is_empty() {
            if let Some(pos) = lines.iter().position(|l| clean_line(l).is_some()) {
                article.title = clean_line(lines[pos]).unwrap_or_default();
                seen.first_time(&article.title);
                push_paragraph(&mut article.paragraphs, &lines[pos + 1..], &mut seen);
            }
            continue;
        }
        push_paragraph(&mut article.paragraphs, &lines, &mut seen);
    }
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_title_is_first_line_that_is_not_clutter() {
        let a = parse(
            "Advertisement\n\nThe Title\n\nBody one.\nstill one.\n\nBody two.",
            Format::Text,
        );
        assert_eq!(a.title, "The Title");
        assert_eq!(a.paragraphs, vec!["Body one. still one.", "Body two."]);
    }

    #[test]
    fn text_metadata_after_title() {
        let a = parse(
            "Title\nsource: South China Morning Post\nurl: https://example.com/a\n\nBody.",
            Format::Text,
        );
        assert_eq!(a.meta.source.as_deref(), Some("South China Morning Post"));
        assert_eq!(a.meta.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(a.paragraphs, vec!["Body."]);
        let b = parse("Title\n\ndate: 2024-10-19\n\nBody.", Format::Text);
        assert_eq!(b.meta.date.as_deref(), Some("2024-10-19"));
        assert_eq!(b.paragraphs, vec!["Body."]);
    }

    #[test]
    fn metadata_never_eats_a_body_line() {
        let a = parse(
            "Title\nSource: officials said the talks failed.\n\nMore.",
            Format::Text,
        );
        assert_eq!(a.meta, Metadata::default());
        assert_eq!(a.paragraphs[0], "Source: officials said the talks failed.");
        let b = parse(
            "Title\nsource: Reuters\nThe minister spoke.\n\nMore.",
            Format::Text,
        );
        assert_eq!(b.meta, Metadata::default());
        assert_eq!(b.paragraphs[0], "source: Reuters The minister spoke.");
        let c = parse(
            "Title\n\nBody first.\n\nurl: https://example.com",
            Format::Text,
        );
        assert_eq!(c.meta, Metadata::default());
    }

    #[test]
    fn a_caption_glued_before_the_lead_goes_after_it() {
        let a = parse(
            "Jerky\n\nSpiced strips of jerky Jerky is lean meat. It keeps.\n\nMore.",
            Format::Text,
        );
        assert_eq!(
            a.paragraphs,
            vec![
                "Jerky is lean meat. It keeps.",
                "Spiced strips of jerky",
                "More."
            ]
        );
    }

    #[test]
    fn text_repeated_caption_kept_once() {
        let cap = "Minister A and Minister B at the summit in Naples on October 19. Photo: AFP";
        let a = parse(&format!("T\n\n{cap}\n{cap}\n\nEnd."), Format::Text);
        assert_eq!(
            a.paragraphs,
            vec![
                "Minister A and Minister B at the summit in Naples on October 19.",
                "End."
            ]
        );
    }

    #[test]
    fn markdown_front_matter_and_syntax() {
        let md = "---\ntitle: \"Front Title\"\nurl: https://example.com/x\nsource: Example News\n---\n# Heading\n\nSome *emphasis* and a [link](https://x.y) and `code`.\n\n- item one\n- item two\n\n![alt text](img.png)\n";
        let a = parse(md, Format::Markdown);
        assert_eq!(a.title, "Front Title");
        assert_eq!(a.meta.source.as_deref(), Some("Example News"));
        assert!(
            a.paragraphs.contains(&"Heading".to_string()),
            "{:?}",
            a.paragraphs
        );
        assert!(
            a.paragraphs
                .contains(&"Some emphasis and a link and code.".to_string()),
            "{:?}",
            a.paragraphs
        );
        assert!(a.paragraphs.contains(&"item one".to_string()));
        assert!(a.paragraphs.contains(&"alt text".to_string()));
    }

    #[test]
    fn markdown_title_from_h1_without_front_matter() {
        let a = parse("# The H1 Title\n\nBody text here.", Format::Markdown);
        assert_eq!(a.title, "The H1 Title");
        assert_eq!(a.paragraphs, vec!["Body text here."]);
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_extension("TXT"), Some(Format::Text));
        assert_eq!(Format::from_extension("htm"), Some(Format::Html));
        assert_eq!(Format::from_extension("md"), Some(Format::Markdown));
        assert_eq!(Format::from_extension("pdf"), None);
    }
}
