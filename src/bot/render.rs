//! Turns a [`Response`] into what a person reads: plain text for the
//! console and Telegram HTML for the bot, with the answer phrase emphasised
//! and a source line, in the words of a [`Catalogue`]. Telegram-agnostic
//! (no teloxide here): the adapter only sends the strings. Every piece of
//! article or user text is escaped for HTML.

use super::admin::{Outcome, Refusal};
use super::commands::{COMMANDS, Listing};
use super::conversation::{ArticleLine, ArticlesPage, Response};
use super::messages::{Catalogue, fill};
use super::summary::Summary;
use crate::answer::{Answer, Reply};

/// Telegram's limit on one message's text, in characters.
pub const TELEGRAM_MAX_CHARS: usize = 4096;

/// Where a reply is read: the surfaces differ in how "More" is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// The console chat: /more.
    Console,
    /// Telegram: a "More" button.
    Telegram,
}

/// Escapes text for Telegram's HTML parse mode.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn source_plain(a: &Answer) -> String {
    let title = if a.title.is_empty() {
        &a.article
    } else {
        &a.title
    };
    match &a.url {
        Some(url) => format!("— {title} ({url})"),
        None => format!("— {title}"),
    }
}

/// One answer as plain text, the phrase between `**`.
pub(crate) fn answer_plain(a: &Answer) -> String {
    let body = match a.highlight.clone() {
        Some(r) if a.text.get(r.clone()).is_some() => {
            format!(
                "{}**{}**{}",
                &a.text[..r.start],
                &a.text[r.clone()],
                &a.text[r.end..]
            )
        }
        _ => a.text.clone(),
    };
    format!("{body}\n{}", source_plain(a))
}

/// One answer as Telegram HTML: the phrase in bold, the source linked.
pub fn answer_html(a: &Answer) -> String {
    let body = match a.highlight.clone() {
        Some(r) if a.text.get(r.clone()).is_some() => format!(
            "{}<b>{}</b>{}",
            escape_html(&a.text[..r.start]),
            escape_html(&a.text[r.clone()]),
            escape_html(&a.text[r.end..])
        ),
        _ => escape_html(&a.text),
    };
    let title = escape_html(if a.title.is_empty() {
        &a.article
    } else {
        &a.title
    });
    let source = match &a.url {
        Some(url) if is_web(url) => {
            format!("<a href=\"{}\">{title}</a>", escape_html(url))
        }
        _ => format!("<i>{title}</i>"),
    };
    format!("{body}\n— {source}")
}

/// A ranked reply as plain text: every answer, or "I don't know" with the
/// closest articles (the command line's `ask`).
pub fn reply_plain(reply: &Reply, words: &Catalogue) -> String {
    if !reply.knows() {
        return unknown(&reply.suggestions, words);
    }
    join(reply.answers.iter().map(answer_plain))
}

/// A ranked reply as Telegram HTML.
pub fn reply_html(reply: &Reply, words: &Catalogue) -> String {
    if !reply.knows() {
        return escape_html(&unknown(&reply.suggestions, words));
    }
    join(reply.answers.iter().map(answer_html))
}

fn join(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join("\n\n")
}

fn unknown(suggestions: &[String], words: &Catalogue) -> String {
    let after = if suggestions.is_empty() {
        words.unknown_see_articles.to_string()
    } else {
        fill(
            words.unknown_closest,
            &[("titles", &suggestions.join("; "))],
        )
    };
    format!("{} {after}", words.unknown)
}

/// A response as plain text.
pub fn plain(response: &Response, words: &Catalogue, surface: Surface) -> String {
    match response {
        Response::Answers {
            answers,
            more,
            reading,
        } => {
            let mut text = join(answers.iter().map(answer_plain));
            if let Some(q) = reading {
                text = format!("{}\n{text}", fill(words.understood, &[("question", q)]));
            }
            if *more && surface == Surface::Console {
                text.push('\n');
                text.push_str(words.more_hint);
            }
            text
        }
        Response::Articles(list) => articles(list, words, surface, |l| {
            let mut line = format!("{}. {}", l.number, l.title);
            if let Some(date) = &l.date {
                line.push_str(&format!(" ({date})"));
            }
            line
        }),
        Response::Summary(summary) => summary_plain(summary, words),
        other => words_of(other, words, surface),
    }
}

fn summary_plain(s: &Summary, words: &Catalogue) -> String {
    let mut source = s.source.clone().unwrap_or_default();
    for extra in [&s.date, &s.url].into_iter().flatten() {
        if !source.is_empty() {
            source.push_str(", ");
        }
        source.push_str(extra);
    }
    let mut out = format!("{}\n\n{}", s.title, s.sentences.join(" "));
    if !source.is_empty() {
        out.push('\n');
        out.push_str(&fill(words.summary_source, &[("source", &source)]));
    }
    out
}

fn summary_html(s: &Summary, words: &Catalogue) -> String {
    let title = escape_html(&s.title);
    let title = match &s.url {
        Some(url) if is_web(url) => format!("<a href=\"{}\"><b>{title}</b></a>", escape_html(url)),
        _ => format!("<b>{title}</b>"),
    };
    let mut out = format!("{title}\n\n{}", escape_html(&s.sentences.join(" ")));
    let source: Vec<&str> = [&s.source, &s.date]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !source.is_empty() {
        let line = fill(words.summary_source, &[("source", &source.join(", "))]);
        out.push_str(&format!("\n<i>{}</i>", escape_html(&line)));
    }
    out
}

/// A response as Telegram HTML (the "More" button is the adapter's).
// Only the Telegram adapter sends HTML; a bot without it still builds this.
#[cfg_attr(not(feature = "telegram"), allow(dead_code))]
pub(crate) fn html(response: &Response, words: &Catalogue, surface: Surface) -> String {
    match response {
        Response::Answers {
            answers, reading, ..
        } => {
            let text = join(answers.iter().map(answer_html));
            match reading {
                Some(q) => format!(
                    "<i>{}</i>\n{text}",
                    escape_html(&fill(words.understood, &[("question", q)]))
                ),
                None => text,
            }
        }
        Response::Articles(list) => articles(list, words, surface, |l| {
            let title = escape_html(&l.title);
            let mut line = match &l.url {
                Some(url) if is_web(url) => {
                    format!("{}. <a href=\"{}\">{title}</a>", l.number, escape_html(url))
                }
                _ => format!("{}. {title}", l.number),
            };
            if let Some(date) = &l.date {
                line.push_str(&format!(" ({})", escape_html(date)));
            }
            line
        }),
        Response::Summary(summary) => summary_html(summary, words),
        other => escape_html(&words_of(other, words, surface)),
    }
}

/// The responses that are only words, as plain text.
fn words_of(response: &Response, words: &Catalogue, surface: Surface) -> String {
    match response {
        Response::Greeting { articles, titles } => greeting(*articles, titles, words),
        Response::Help { admin } => help(words, surface, *admin),
        Response::About => about(words),
        Response::Unknown { suggestions } => unknown(suggestions, words),
        Response::NoMore => words.no_more.to_string(),
        Response::MoreFirst => words.more_first.to_string(),
        Response::UnknownCommand(c) => fill(words.unknown_command, &[("command", c)]),
        Response::Empty => words.empty.to_string(),
        Response::NotText => words.not_text.to_string(),
        Response::Thanks => words.thanks.to_string(),
        Response::Bye => words.bye.to_string(),
        Response::SummaryFirst => words.summary_first.to_string(),
        Response::NoSuchArticle(n) => fill(words.no_such_article, &[("number", &n.to_string())]),
        Response::AdminOnly => words.admin_only.to_string(),
        Response::Admin(outcome) => admin(outcome, words),
        Response::Answers { .. } | Response::Articles(_) | Response::Summary(_) => {
            unreachable!("formatted by plain and html")
        }
    }
}

fn greeting(articles: usize, titles: &[String], words: &Catalogue) -> String {
    if articles == 0 {
        return words.greeting_empty.to_string();
    }
    let count = articles.to_string();
    let mut s = if articles == 1 {
        words.greeting_one.to_string()
    } else {
        fill(words.greeting_many, &[("count", &count)])
    };
    if !titles.is_empty() {
        let quoted = format!("“{}”", titles.join("”, “"));
        s.push_str(&fill(words.greeting_examples, &[("titles", &quoted)]));
    }
    s.push_str(words.greeting_ask);
    s
}

/// What an admin action came to, in words.
fn admin(outcome: &Outcome, words: &Catalogue) -> String {
    match outcome {
        Outcome::Added { title, sentences } => {
            if *sentences == 1 {
                fill(words.added_one, &[("title", title)])
            } else {
                fill(
                    words.added_many,
                    &[("title", title), ("count", &sentences.to_string())],
                )
            }
        }
        Outcome::NotLoaded => words.not_loaded.to_string(),
        Outcome::Skipped(reason) => fill(words.skipped, &[("reason", reason)]),
        Outcome::WrongType => words.wrong_type.to_string(),
        Outcome::BadName => words.bad_name.to_string(),
        Outcome::SaveFailed => words.save_failed.to_string(),
        Outcome::NotFetched(refusal) => {
            let reason = match refusal {
                Refusal::Scheme => words.fetch_scheme.to_string(),
                Refusal::NotPublic => words.fetch_not_public.to_string(),
                Refusal::Redirects => words.fetch_redirects.to_string(),
                Refusal::Timeout => words.fetch_timeout.to_string(),
                Refusal::TooLarge => words.fetch_too_large.to_string(),
                Refusal::Type(t) => fill(words.fetch_type, &[("type", t)]),
                Refusal::Status(code) => fill(words.fetch_status, &[("status", &code.to_string())]),
                Refusal::Unreachable => words.fetch_unreachable.to_string(),
            };
            fill(words.not_fetched, &[("reason", &reason)])
        }
        Outcome::AddUsage => words.add_usage.to_string(),
        Outcome::RemoveUsage => words.remove_usage.to_string(),
        Outcome::NoSuchArticle(n) => fill(words.no_such_article, &[("number", &n.to_string())]),
        Outcome::Removed { title } => fill(words.removed, &[("title", title)]),
        Outcome::RemoveFailed => words.remove_failed.to_string(),
        Outcome::Reloaded { articles } => fill(words.reloaded, &[("count", &articles.to_string())]),
        Outcome::ReloadFailed => words.reload_failed.to_string(),
        Outcome::Stats(view) => {
            let mut out = fill(
                words.stats,
                &[
                    ("today", &view.today.to_string()),
                    ("total", &view.total.to_string()),
                    ("percent", &view.answered_percent.to_string()),
                ],
            );
            out.push('\n');
            if view.unanswered.is_empty() {
                out.push_str(words.stats_none);
            } else {
                out.push_str(words.stats_unanswered);
                for (q, n) in &view.unanswered {
                    out.push_str(&format!("\n{n}× {q}"));
                }
            }
            out
        }
    }
}

fn help(words: &Catalogue, surface: Surface, admin: bool) -> String {
    let more = match surface {
        Surface::Console => words.help_more_command,
        Surface::Telegram => words.help_more_button,
    };
    let mut s = format!("{} {more}\n\n{}\n", words.help_intro, words.help_commands);
    for c in COMMANDS.iter().filter(|c| c.in_menu && !c.admin) {
        s.push_str(&format!("/{} – {}\n", c.name, (c.help)(words)));
    }
    s.push('\n');
    s.push_str(words.help_groups);
    if admin {
        s.push_str(&format!("\n\n{}\n", words.help_admin_commands));
        for c in COMMANDS.iter().filter(|c| c.admin) {
            s.push_str(&format!("/{} – {}\n", c.name, (c.help)(words)));
        }
        s.push_str(words.help_admin_documents);
    }
    s
}

fn about(words: &Catalogue) -> String {
    // Names the repository only when the package declares one, rather than
    // guessing an address.
    let repository = env!("CARGO_PKG_REPOSITORY");
    let source = if repository.is_empty() {
        words.about_source
    } else {
        repository
    };
    fill(
        words.about,
        &[("version", env!("CARGO_PKG_VERSION")), ("source", source)],
    )
}

fn articles(
    list: &ArticlesPage,
    words: &Catalogue,
    surface: Surface,
    line: impl Fn(&ArticleLine) -> String,
) -> String {
    let ArticlesPage {
        ref listing,
        total,
        page,
        pages,
        ref lines,
    } = *list;
    let count = total.to_string();
    let mut out = match listing {
        Listing::All => fill(words.articles_heading, &[("count", &count)]),
        Listing::Titles(_) if total == 0 => words.articles_none.to_string(),
        Listing::Titles(_) => fill(words.articles_found, &[("count", &count)]),
        Listing::Latest if total == 0 => words.latest_none.to_string(),
        Listing::Latest => words.latest_heading.to_string(),
    };
    if surface == Surface::Telegram {
        // Titles are escaped by the caller's `line`; the heading here.
        out = escape_html(&out);
    }
    for l in lines {
        out.push('\n');
        out.push_str(&line(l));
    }
    if pages > 1 {
        let (page, next) = (page.to_string(), (page % pages + 1).to_string());
        let values = [
            ("page", page.as_str()),
            ("pages", &pages.to_string()),
            ("next", &next),
        ];
        // Telegram pages with buttons; the console by command.
        let template = match (surface, listing) {
            (Surface::Telegram, _) | (_, Listing::Titles(_)) => words.page_of,
            (Surface::Console, Listing::All) => words.articles_page,
            (Surface::Console, Listing::Latest) => words.latest_page,
        };
        out.push('\n');
        out.push_str(&fill(template, &values));
    }
    out
}

fn is_web(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// Splits text into messages of at most `max` characters, at paragraph
/// breaks where possible, else at sentence ends, else at spaces, never
/// inside an HTML tag or entity.
pub fn split_message(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > max {
        let limit = rest.char_indices().nth(max).map_or(rest.len(), |(b, _)| b);
        let window = &rest[..limit];
        let cut = [
            window.rfind("\n\n"),
            window.rfind(". ").map(|i| i + 1),
            window.rfind('\n'),
            window.rfind(' '),
        ]
        .into_iter()
        .flatten()
        .find(|&i| i > limit / 3 && safe_cut(window, i))
        .unwrap_or_else(|| hard_cut(window));
        let (head, tail) = rest.split_at(cut);
        out.push(head.trim_end().to_string());
        rest = tail.trim_start();
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// A cut must not fall inside a tag (`<a href="...">`) or an entity (`&amp;`),
/// nor between an opening and closing tag.
fn safe_cut(text: &str, at: usize) -> bool {
    let head = &text[..at];
    let in_tag = head.rfind('<') > head.rfind('>');
    let in_entity = head
        .rfind('&')
        .is_some_and(|a| !head[a..].contains(';') && at - a < 10);
    let opens =
        head.matches("<b>").count() + head.matches("<i>").count() + head.matches("<a ").count();
    let closes =
        head.matches("</b>").count() + head.matches("</i>").count() + head.matches("</a>").count();
    !in_tag && !in_entity && opens == closes
}

fn hard_cut(window: &str) -> usize {
    let mut at = window.len();
    while at > 0 && !(window.is_char_boundary(at) && safe_cut(window, at)) {
        at -= 1;
    }
    if at == 0 {
        // No safe place at all (one enormous tag): cut at a char boundary.
        at = window.len();
        while !window.is_char_boundary(at) {
            at -= 1;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str, hl: Option<std::ops::Range<usize>>, url: Option<&str>) -> Answer {
        Answer {
            sentence: crate::SentenceId::default(),
            text: text.into(),
            highlight: hl,
            article: "a.txt".into(),
            title: "A <Title>".into(),
            url: url.map(str::to_string),
            score: 1.0,
        }
    }

    #[test]
    fn html_escapes_article_text_and_bolds_the_phrase() {
        let a = answer(
            "Tom & <Jerry> met Takeshi Iwaya.",
            Some(18..31),
            Some("https://x.y/?a=1&b=2"),
        );
        let h = answer_html(&a);
        assert!(
            h.starts_with("Tom &amp; &lt;Jerry&gt; met <b>Takeshi Iwaya</b>."),
            "{h}"
        );
        assert!(
            h.contains("<a href=\"https://x.y/?a=1&amp;b=2\">A &lt;Title&gt;</a>"),
            "{h}"
        );
    }

    #[test]
    fn non_http_urls_are_not_linked() {
        let h = answer_html(&answer("x", None, Some("javascript:alert(1)")));
        assert!(!h.contains("href"), "{h}");
    }

    #[test]
    fn responses_render_for_each_surface() {
        use crate::bot::messages::EN;
        let list = Response::Articles(ArticlesPage {
            listing: Listing::All,
            total: 21,
            page: 2,
            pages: 2,
            lines: vec![ArticleLine {
                number: 21,
                title: "Tom & <Jerry>".into(),
                url: Some("https://x.y/?a=1&b=2".into()),
                date: None,
            }],
        });
        assert_eq!(
            plain(&list, &EN, Surface::Console),
            "I know 21 article(s):\n21. Tom & <Jerry>\nPage 2 of 2. /articles 1 for more."
        );
        assert_eq!(
            html(&list, &EN, Surface::Telegram),
            "I know 21 article(s):\n21. <a href=\"https://x.y/?a=1&amp;b=2\">Tom &amp; &lt;Jerry&gt;</a>\nPage 2 of 2."
        );
        let help_console = plain(&Response::Help { admin: false }, &EN, Surface::Console);
        let help_telegram = plain(&Response::Help { admin: false }, &EN, Surface::Telegram);
        let help_admin = plain(&Response::Help { admin: true }, &EN, Surface::Telegram);
        assert!(!help_telegram.contains("/remove") && help_admin.contains("/remove"));
        assert!(
            help_console.contains(EN.help_more_command),
            "{help_console}"
        );
        assert!(
            help_telegram.contains(EN.help_more_button),
            "{help_telegram}"
        );
        assert!(help_console.contains("/articles – the articles I have read"));
        let unknown = Response::Unknown {
            suggestions: vec!["A <b>".into()],
        };
        assert_eq!(
            html(&unknown, &EN, Surface::Telegram),
            "Sorry, I don't know — nothing in my articles answers that. Closest articles: A &lt;b&gt;."
        );
    }

    #[test]
    fn plain_marks_the_phrase() {
        let a = answer("He met Takeshi Iwaya.", Some(7..20), None);
        assert_eq!(answer_plain(&a), "He met **Takeshi Iwaya**.\n— A <Title>");
    }

    #[test]
    fn splits_long_text_at_paragraphs_and_sentences() {
        let para = "Sentence one is here. ".repeat(100);
        let text = format!("{para}\n\n{para}\n\n{para}");
        let parts = split_message(&text, TELEGRAM_MAX_CHARS);
        assert!(parts.len() >= 2);
        assert!(
            parts
                .iter()
                .all(|p| p.chars().count() <= TELEGRAM_MAX_CHARS)
        );
        assert_eq!(
            parts.concat().replace(char::is_whitespace, ""),
            text.replace(char::is_whitespace, "")
        );
    }

    #[test]
    fn never_cuts_inside_tags_or_entities() {
        let text = format!("{}<b>{}</b> &amp; end", "a".repeat(4090), "b".repeat(20));
        for p in split_message(&text, TELEGRAM_MAX_CHARS) {
            assert!(p.chars().count() <= TELEGRAM_MAX_CHARS);
            assert_eq!(p.matches("<b>").count(), p.matches("</b>").count(), "{p}");
        }
        let one_word = "x".repeat(9000);
        let parts = split_message(&one_word, TELEGRAM_MAX_CHARS);
        assert_eq!(parts.len(), 3);
    }
}
