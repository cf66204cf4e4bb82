//! Every sentence the bot says to a user, in one catalogue. Front ends and
//! renderers take their words from a [`Catalogue`] and never spell them
//! out, so a translation is one more catalogue, not a hunt through code.
//! Templates name their blanks (`{count}`), filled by `fill`.

/// The words of one language.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Catalogue {
    /// Greeting opening, one article.
    pub greeting_one: &'static str,
    /// Greeting opening, `{count}` articles.
    pub greeting_many: &'static str,
    /// Greeting's examples, `{titles}` already quoted and joined.
    pub greeting_examples: &'static str,
    /// Greeting's close, how to ask.
    pub greeting_ask: &'static str,
    /// Greeting while the folder holds no article.
    pub greeting_empty: &'static str,
    /// The console's line under the greeting.
    pub console_intro: &'static str,
    /// /help before the command list.
    pub help_intro: &'static str,
    /// /help's line on more answers where a "More" button shows them.
    pub help_more_button: &'static str,
    /// /help's line on more answers where /more shows them.
    pub help_more_command: &'static str,
    /// /help's heading of the command list.
    pub help_commands: &'static str,
    /// /help's last line.
    pub help_groups: &'static str,
    /// /about: `{version}`, `{source}`.
    pub about: &'static str,
    /// /about's source when the package names no repository.
    pub about_source: &'static str,
    /// /articles heading: `{count}`.
    pub articles_heading: &'static str,
    /// /articles page line: `{page}`, `{pages}`, `{next}`.
    pub articles_page: &'static str,
    /// "I don't know".
    pub unknown: &'static str,
    /// After "I don't know" when no article comes close.
    pub unknown_see_articles: &'static str,
    /// After "I don't know": `{titles}`, the closest articles.
    pub unknown_closest: &'static str,
    /// Under an answer in the console when /more has others.
    pub more_hint: &'static str,
    /// The label of Telegram's "More" button.
    pub more_button: &'static str,
    /// Appended when "More" has nothing left.
    pub no_more: &'static str,
    /// /more before any question.
    pub more_first: &'static str,
    /// A command the bot does not have: `{command}`.
    pub unknown_command: &'static str,
    /// A message with nothing to answer.
    pub empty: &'static str,
    /// Stickers, photos, voice.
    pub not_text: &'static str,
    /// To a user who floods (once, then silence).
    pub slow_down: &'static str,
    /// To a chat outside the allowlist (once).
    pub private: &'static str,
    /// When answering failed.
    pub failed: &'static str,
    /// A "More" button from before a restart or long forgotten.
    pub expired: &'static str,
    /// Command menu: /start.
    pub command_start: &'static str,
    /// Command menu: /help.
    pub command_help: &'static str,
    /// Command menu: /articles.
    pub command_articles: &'static str,
    /// Command menu: /about.
    pub command_about: &'static str,
    /// /help's line for /start.
    pub help_start: &'static str,
    /// /help's line for /help.
    pub help_help: &'static str,
    /// /help's line for /articles.
    pub help_articles: &'static str,
    /// /help's line for /about.
    pub help_about: &'static str,
    /// /help's line for /more.
    pub help_more: &'static str,
}

/// English.
pub const EN: Catalogue = Catalogue {
    greeting_one: "Hello! I answer questions about 1 news article",
    greeting_many: "Hello! I answer questions about {count} news articles",
    greeting_examples: ", such as {titles}",
    greeting_ask: ". Ask me in plain words, for example “Who …?”, “When …?” or “How many …?”. /help shows the commands.",
    greeting_empty: "Hello! I don't have any articles yet, so I can't answer questions. Add .txt, .md or .html files to my knowledge folder and I will read them within seconds.",
    console_intro: "(console chat: type a question, /help for commands, Ctrl-D to leave)",
    help_intro: "Ask a question in plain words and I reply with the sentence from my articles that answers it, the answer in bold and the article it comes from.",
    help_more_button: "Press “More” for other sentences.",
    help_more_command: "Type /more for other sentences.",
    help_commands: "Commands:",
    help_groups: "In groups, mention me or reply to my message.",
    about: "articlebot {version} – answers questions about a folder of news articles. Source: {source}",
    about_source: "open source (Rust, teloxide); see README.md in its repository",
    articles_heading: "I know {count} article(s):",
    articles_page: "Page {page} of {pages}. /articles {next} for more.",
    unknown: "Sorry, I don't know — nothing in my articles answers that.",
    unknown_see_articles: "Type /articles to see what I know about.",
    unknown_closest: "Closest articles: {titles}.",
    more_hint: "(/more for other sentences)",
    more_button: "More",
    no_more: "No more answers for that question.",
    more_first: "Ask me a question first; /more then shows other sentences that may answer it.",
    unknown_command: "I don't know the command /{command}. Try /help.",
    empty: "Send me a question about the news articles I know, for example “Who …?” or “When …?”.",
    not_text: "I can only read text. Send me a question as text.",
    slow_down: "You're sending messages faster than I can read them. Please slow down; I'll answer again in a minute.",
    private: "Sorry, this bot is private and does not answer in this chat.",
    failed: "Sorry, something went wrong while answering. Please try again.",
    expired: "This button has expired. Please ask your question again.",
    command_start: "What I know and how to ask",
    command_help: "How to ask, and the commands",
    command_articles: "The articles I have read",
    command_about: "Version and source",
    help_start: "what I know",
    help_help: "this help",
    help_articles: "the articles I have read",
    help_about: "version and source",
    help_more: "other sentences for the last question",
};

/// Fills a template's `{name}` blanks.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_blanks() {
        assert_eq!(
            fill(
                EN.articles_page,
                &[("page", "1"), ("pages", "3"), ("next", "2")]
            ),
            "Page 1 of 3. /articles 2 for more."
        );
        assert_eq!(fill("{x}{x}", &[("x", "a")]), "aa");
    }
}
