//! Saved web pages (`.html`, `.htm`) into a title, metadata and the
//! article's paragraphs, and nothing of the page around them. Finding the
//! article is dom_smoothie's, a port of Readability.js (Firefox's Reader
//! View): it scores the page's blocks by their text, links and class names
//! and keeps the best subtree with its siblings, so menus, link lists,
//! teasers and comments go, wherever the page puts them. Around it this
//! module adds what the crate has not: the depth bound that keeps hostile
//! pages fast ([`super::nesting`]), the page's url, source, date and
//! language ([`meta`]), a title without the site's name, and the same
//! per-line clutter rules and once-only repeated lines as pasted text
//! ([`super::clean`]).

mod meta;

use dom_query::Document;
use dom_smoothie::{Config, Readability};

use super::article::{ParsedArticle, push_paragraph};
use super::clean::Seen;

/// The article of a saved page.
pub(super) fn parse(html: &str) -> ParsedArticle {
    // A page nested thousands deep would cost html5ever quadratic time.
    let html = super::nesting::bound_depth(html);
    let doc = Document::from(html.as_ref());
    let page = meta::Page::read(&doc);
    drop_marked_clutter(&doc);
    // No document url is given, so making a reader cannot fail; reading
    // fails only when the page has no text block at all.
    let found = Readability::with_document(doc, None, Some(Config::default()))
        .and_then(|mut r| Ok((r.parse()?, r)))
        .ok()
        .filter(|(a, _)| !a.text_content.trim().is_empty());
    let (title, text) = match &found {
        Some((a, reader)) => (a.title.trim().to_string(), article_text(&reader.doc)),
        None => (page.title.clone(), body_text(&html)),
    };
    let found = found.map(|(a, _)| a);
    let mut article = ParsedArticle {
        title: meta::without_site_name(&title, page.source.as_deref()),
        meta: page.metadata(found.as_ref()),
        paragraphs: Vec::new(),
    };
    let mut seen = Seen::default();
    seen.first_time(&article.title);
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block.lines().collect();
        push_paragraph(&mut article.paragraphs, &lines, &mut seen);
    }
    article
}

/// The text of the article the reader kept in `doc`, without its lists of
/// links: Readability keeps a list inside the article whatever it holds,
/// and a "More stories" list is headlines of other articles. Blocks come
/// apart by a blank line, `<br>` lines by a line break: the shape
/// `push_paragraph` reads.
fn article_text(doc: &Document) -> String {
    let root = doc.select("#readability-page-1");
    let lists = root.select("ul, ol");
    for list in lists.nodes() {
        if link_share(list) > LINK_LIST_SHARE {
            // The list's heading ("More stories") goes with it.
            if let Some(h) = list.prev_element_sibling().filter(|h| {
                h.node_name()
                    .is_some_and(|n| matches!(&*n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
            }) {
                h.remove_from_parent();
            }
            list.remove_from_parent();
        }
    }
    root.formatted_text().to_string()
}

/// A list whose text is more than this share links is a list of links.
const LINK_LIST_SHARE: f64 = 0.8;

/// Removes the small blocks whose class or id names them page furniture
/// ("ad-slot", "share-bar"). Readability weighs class names, but its last,
/// most lenient attempt, the one a short page ends with, ignores them, and
/// it unwraps a `<div>` around a lone paragraph, name and all. A large
/// block is kept whatever its name: it may be the story in a wrapper with
/// an unlucky one (`<div class="paywall">`).
fn drop_marked_clutter(doc: &Document) {
    let total = letters(&doc.select("body").text());
    let marked = doc.select("body [class], body [id]");
    for node in marked.nodes() {
        if is_marked_clutter(node) && letters(&node.text()) * 3 < total {
            node.remove_from_parent();
        }
    }
}

/// Letters and digits in `text`.
fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Class and id names of page furniture, as a name's first `-` part
/// ("ad-slot") or whole ("advertisement"). Only `-` parts: `ad_body` is
/// not an ad. A name of more than [`MAX_NAME_PARTS`] parts is a slug of
/// text ("sharing-with-a-single-developer", a section's id), not one.
const CLUTTER_NAMES: [&str; 18] = [
    "ad",
    "ads",
    "advert",
    "advertisement",
    "adslot",
    "sponsor",
    "sponsored",
    "promo",
    "outbrain",
    "taboola",
    "newsletter",
    "share",
    "sharing",
    "social",
    "related",
    "subscribe",
    "breadcrumb",
    "breadcrumbs",
];

/// The most `-` parts a furniture name has ("related-articles-box").
const MAX_NAME_PARTS: usize = 3;

/// Whether `node`'s class or id names it page furniture.
fn is_marked_clutter(node: &dom_query::NodeRef<'_>) -> bool {
    let names = [node.attr("class"), node.attr("id")];
    names.iter().flatten().any(|names| {
        names.split_whitespace().any(|name| {
            let name = name.to_ascii_lowercase();
            let first = name.split('-').next().unwrap_or("");
            (CLUTTER_NAMES.contains(&first) && name.split('-').count() <= MAX_NAME_PARTS)
                || CLUTTER_NAMES.contains(&name.as_str())
        })
    })
}

/// The share of `node`'s letters that are inside links.
fn link_share(node: &dom_query::NodeRef<'_>) -> f64 {
    let all = letters(&node.text());
    if all == 0 {
        return 0.0;
    }
    let linked: usize = dom_query::Selection::from(*node)
        .select("a")
        .iter()
        .map(|a| letters(&a.text()))
        .sum();
    linked as f64 / all as f64
}

/// Every text of the page's body but scripts, styles and templates: what
/// is kept of a page with no block of text Readability would take.
fn body_text(html: &str) -> String {
    let doc = Document::from(html);
    doc.select("script, style, noscript, template, svg")
        .remove();
    doc.select("body").formatted_text().to_string()
}

#[cfg(test)]
mod tests;
