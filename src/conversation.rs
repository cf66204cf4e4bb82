//! What the bot says, independent of how it is delivered: commands
//! (/start, /help, /articles, /about), questions, "More" pages, and the
//! polite replies to odd input. The console chat and the Telegram adapter
//! both speak through this module, so they cannot drift apart.

use crate::KnowledgeBase;
use crate::answer::{self, RankConfig, Reply};
use crate::render;

/// Answers shown first; "More" shows this many again.
pub const PAGE: usize = 1;
/// How many answers "More" can reach in all.
pub const MAX_ANSWERS: usize = 6;
/// Titles per /articles page.
pub const ARTICLES_PER_PAGE: usize = 20;

/// What a user's message asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// /start
    Start,
    /// /help
    Help,
    /// /articles, with a 1-based page number.
    Articles(usize),
    /// /about
    About,
    /// A command the bot does not have.
    UnknownCommand(String),
    /// A question.
    Question(String),
    /// Nothing to answer (blank, only invisible characters).
    Empty,
}

/// Parses a message text. `bot_username` lets `/help@thisbot` count and
/// `/help@otherbot` be ignored (`None`).
pub fn parse_input(text: &str, bot_username: Option<&str>) -> Option<Input> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('/') {
        let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let (cmd, target) = head
            .split_once('@')
            .map_or((head, None), |(c, t)| (c, Some(t)));
        if let (Some(target), Some(me)) = (target, bot_username)
            && !target.eq_ignore_ascii_case(me)
        {
            return None;
        }
        return Some(match cmd.to_ascii_lowercase().as_str() {
            "start" => Input::Start,
            "help" => Input::Help,
            "articles" => Input::Articles(args.trim().parse().unwrap_or(1).max(1)),
            "about" => Input::About,
            other => Input::UnknownCommand(other.chars().take(32).collect()),
        });
    }
    let cleaned = answer::question::clean_question(text);
    if !cleaned.chars().any(char::is_alphanumeric) {
        return Some(Input::Empty);
    }
    Some(Input::Question(text.to_string()))
}

/// A few article titles, for the greeting.
fn some_titles(kb: &KnowledgeBase, n: usize) -> Vec<&str> {
    kb.articles()
        .iter()
        .map(|a| a.title.as_str())
        .filter(|t| !t.is_empty())
        .take(n)
        .collect()
}

/// The /start greeting (plain text; HTML-escape it before sending as HTML).
pub fn greeting(kb: &KnowledgeBase) -> String {
    let n = kb.articles().len();
    if n == 0 {
        return NO_ARTICLES_GREETING.to_string();
    }
    let titles = some_titles(kb, 3);
    let mut s = format!(
        "Hello! I answer questions about {n} news article{}",
        if n == 1 { "" } else { "s" }
    );
    if !titles.is_empty() {
        s.push_str(&format!(", such as “{}”", titles.join("”, “")));
    }
    s.push_str(". Ask me in plain words, for example “Who …?”, “When …?” or “How many …?”. /help shows the commands.");
    s
}

/// The /help text (plain).
pub fn help() -> String {
    "Ask a question in plain words and I reply with the sentence from my articles that answers it, \
the answer in bold and the article it comes from. Press “More” for other sentences.\n\n\
Commands:\n/start – what I know\n/help – this help\n/articles – the articles I have read\n/about – version and source\n\n\
In groups, mention me or reply to my message."
        .to_string()
}

/// The /about text (plain). Names the repository when the package
/// declares one, rather than guessing an address.
pub fn about() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let source = if repository.is_empty() {
        "open source (Rust, teloxide); see README.md in its repository".to_string()
    } else {
        repository.to_string()
    };
    format!(
        "articlebot {} – answers questions about a folder of news articles. Source: {source}",
        env!("CARGO_PKG_VERSION")
    )
}

/// One page of the article list as Telegram HTML, and the page count.
pub fn articles_html(kb: &KnowledgeBase, page: usize) -> (String, usize) {
    let pages = kb.articles().len().div_ceil(ARTICLES_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let mut out = format!("I know {} article(s):\n", kb.articles().len());
    for (i, a) in kb
        .articles()
        .iter()
        .enumerate()
        .skip((page - 1) * ARTICLES_PER_PAGE)
        .take(ARTICLES_PER_PAGE)
    {
        let title = render::escape_html(if a.title.is_empty() { &a.id } else { &a.title });
        let line = match &a.meta.url {
            Some(url) if url.starts_with("http") => format!(
                "{}. <a href=\"{}\">{title}</a>",
                i + 1,
                render::escape_html(url)
            ),
            _ => format!("{}. {title}", i + 1),
        };
        out.push_str(&line);
        out.push('\n');
    }
    if pages > 1 {
        out.push_str(&format!(
            "Page {page} of {pages}. /articles {} for more.",
            (page % pages) + 1
        ));
    }
    (out.trim_end().to_string(), pages)
}

/// The same list as plain text.
pub fn articles_plain(kb: &KnowledgeBase, page: usize) -> String {
    let (html, _) = articles_html(kb, page);
    strip_html(&html)
}

/// Removes tags and unescapes the four entities, for console output.
fn strip_html(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Answers a question with enough answers for every "More" page.
pub fn ask(kb: &KnowledgeBase, question: &str) -> Reply {
    answer::answer(kb, question, &RankConfig::default(), MAX_ANSWERS)
}

/// Reply for unknown commands (HTML-safe: the command is escaped).
pub fn unknown_command(cmd: &str) -> String {
    format!("I don't know the command /{}. Try /help.", cmd)
}

/// The greeting while the knowledge folder holds no article (a valid
/// state: the folder is the user's, and may be emptied).
pub const NO_ARTICLES_GREETING: &str = "Hello! I don't have any articles yet, so I can't answer questions. Add .txt, .md or .html files to my knowledge folder and I will read them within seconds.";
/// Reply for a message with nothing to answer.
pub const EMPTY_REPLY: &str =
    "Send me a question about the news articles I know, for example “Who …?” or “When …?”.";
/// Reply to a user who sends too many messages (sent once, then silence).
pub const SLOW_DOWN_REPLY: &str = "You're sending messages faster than I can read them. Please slow down; I'll answer again in a minute.";
/// Reply to /more when every answer to the last question has been shown.
pub const NO_MORE_REPLY: &str = "No more answers for that question.";
/// Reply to /more before any question was asked.
pub const MORE_BEFORE_QUESTION_REPLY: &str =
    "Ask me a question first; /more then shows other sentences that may answer it.";
/// Reply for stickers, photos, voice and other non-text messages.
pub const NOT_TEXT_REPLY: &str = "I can only read text. Send me a question as text.";

/// A console conversation: remembers the last question for "/more".
#[derive(Debug, Default)]
pub struct Session {
    last: Option<(Reply, usize)>,
}

impl Session {
    /// Responds to one console line, in plain text.
    pub fn respond_plain(&mut self, kb: &KnowledgeBase, line: &str) -> String {
        if line.trim().eq_ignore_ascii_case("/more") {
            return match &mut self.last {
                Some((reply, shown)) if *shown < reply.answers.len() => {
                    let next = &reply.answers[*shown..(*shown + PAGE).min(reply.answers.len())];
                    *shown += next.len();
                    next.iter()
                        .map(render::answer_plain)
                        .collect::<Vec<_>>()
                        .join("\n\n")
                }
                Some(_) => NO_MORE_REPLY.to_string(),
                None => MORE_BEFORE_QUESTION_REPLY.to_string(),
            };
        }
        match parse_input(line, None) {
            Some(Input::Start) => greeting(kb),
            Some(Input::Help) => help().replace("Press “More”", "Type /more"),
            Some(Input::Articles(p)) => articles_plain(kb, p),
            Some(Input::About) => about(),
            Some(Input::UnknownCommand(c)) => unknown_command(&c),
            Some(Input::Empty) | None => EMPTY_REPLY.to_string(),
            Some(Input::Question(q)) => {
                let reply = ask(kb, &q);
                let shown = reply.answers.len().min(PAGE);
                let mut first = reply.clone();
                first.answers.truncate(PAGE);
                let mut text = render::reply_plain(&first);
                if reply.answers.len() > shown {
                    text.push_str("\n(/more for other sentences)");
                }
                self.last = Some((reply, shown));
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_with_bot_names_and_arguments() {
        assert_eq!(parse_input("/start", None), Some(Input::Start));
        assert_eq!(parse_input("/help@MyBot", Some("mybot")), Some(Input::Help));
        assert_eq!(parse_input("/help@OtherBot", Some("mybot")), None);
        assert_eq!(parse_input("/articles 3", None), Some(Input::Articles(3)));
        assert_eq!(
            parse_input("/articles ../../etc/passwd", None),
            Some(Input::Articles(1))
        );
        assert_eq!(
            parse_input("/nope", None),
            Some(Input::UnknownCommand("nope".into()))
        );
    }

    #[test]
    fn blank_and_symbol_only_messages_are_empty() {
        assert_eq!(parse_input("   ", None), Some(Input::Empty));
        assert_eq!(parse_input("🙂🙂", None), Some(Input::Empty));
        assert_eq!(parse_input("\u{200B}", None), Some(Input::Empty));
        assert_eq!(parse_input("?!", None), Some(Input::Empty));
        assert_eq!(
            parse_input("Who?", None),
            Some(Input::Question("Who?".into()))
        );
    }

    #[test]
    fn more_before_any_question_asks_for_one() {
        let kb = KnowledgeBase::from_texts([(
            "a",
            "Harbour bridge\n\nThe bridge opened in 1932. It is long.",
            crate::knowledge::Format::Text,
        )]);
        let mut session = Session::default();
        assert_eq!(
            session.respond_plain(&kb, "/more"),
            MORE_BEFORE_QUESTION_REPLY
        );
        session.respond_plain(&kb, "When did the bridge open?");
        let mut replies = Vec::new();
        for _ in 0..MAX_ANSWERS + 1 {
            replies.push(session.respond_plain(&kb, "/more"));
        }
        assert_eq!(replies.last().unwrap(), NO_MORE_REPLY, "{replies:?}");
    }

    #[test]
    fn strip_html_unescapes() {
        assert_eq!(strip_html("<b>a &amp; b</b> &lt;x&gt;"), "a & b <x>");
    }
}
