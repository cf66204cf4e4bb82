//! What a saved page says about itself besides its text: its address
//! (`<link rel=canonical>`, `og:url`), publisher (`og:site_name`), date
//! (`article:published_time`, JSON-LD `datePublished`, `<time datetime>`)
//! and declared language (`<html lang>`), and the title without the
//! site's name that pages add to it.

use dom_query::Document;

use crate::knowledge::Metadata;

/// The metadata read from a page's markup before the article is looked
/// for (finding it changes the document).
#[derive(Debug, Default)]
pub(super) struct Page {
    /// The page's `<title>`, else its first `<h1>`: the title of a page
    /// no article was found in.
    pub(super) title: String,
    url: Option<String>,
    pub(super) source: Option<String>,
    date: Option<String>,
    time: Option<String>,
    language: Option<String>,
}

impl Page {
    /// Reads the metadata of `doc`.
    pub(super) fn read(doc: &Document) -> Page {
        let attr = |selector: &str, name: &str| {
            doc.select(selector)
                .iter()
                .filter_map(|n| n.attr(name))
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                .find(|v| !v.is_empty())
        };
        let text = |selector: &str| {
            doc.select(selector)
                .iter()
                .map(|n| n.text().split_whitespace().collect::<Vec<_>>().join(" "))
                .find(|t| !t.is_empty())
        };
        Page {
            title: text("head title")
                .or_else(|| text("h1"))
                .unwrap_or_default(),
            url: attr("link[rel=canonical]", "href")
                .or_else(|| attr("meta[property='og:url']", "content"))
                .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
            source: attr("meta[property='og:site_name']", "content"),
            date: attr("meta[property='article:published_time']", "content"),
            time: attr("time[datetime]", "datetime"),
            language: attr("html[lang]", "lang")
                .or_else(|| attr("meta[http-equiv='content-language' i]", "content")),
        }
    }

    /// The article's metadata: the page's own tags first, then what the
    /// reader found in JSON-LD (`datePublished`, the publisher), then a
    /// `<time>` on the page.
    pub(super) fn metadata(&self, found: Option<&dom_smoothie::Article>) -> Metadata {
        let clean = |v: &Option<String>| {
            v.as_deref()
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
        };
        let found =
            |f: fn(&dom_smoothie::Article) -> &Option<String>| found.and_then(|a| clean(f(a)));
        Metadata {
            url: self.url.clone().or_else(|| {
                found(|a| &a.url).filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            }),
            date: self
                .date
                .clone()
                .or_else(|| found(|a| &a.published_time))
                .or_else(|| self.time.clone()),
            source: self.source.clone().or_else(|| found(|a| &a.site_name)),
            lang: self.language.clone(),
        }
    }
}

/// Characters that part a title from the site's name ("Title - Site",
/// "Site | Title").
const SEPARATORS: [&str; 8] = [" | ", " - ", " – ", " — ", " · ", " :: ", " » ", ": "];

/// `title` without `site` before or after a separator, when it holds more
/// than the name.
pub(super) fn without_site_name(title: &str, site: Option<&str>) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) else {
        return title;
    };
    let same = |a: &str| a.trim().eq_ignore_ascii_case(site);
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && same(tail)
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(sep)
            && same(head)
            && !tail.trim().is_empty()
        {
            return tail.trim().to_string();
        }
    }
    title
}
