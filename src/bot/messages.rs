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
    /// To a message that only thanks the bot.
    pub thanks: &'static str,
    /// To a message that only says goodbye.
    pub bye: &'static str,
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
    /// /help's heading of the admin commands, for admins.
    pub help_admin_commands: &'static str,
    /// /help's line for admins on sending files.
    pub help_admin_documents: &'static str,
    /// /articles WORDS heading: `{count}` articles (the words are not
    /// echoed: a reply never repeats what a user typed).
    pub articles_found: &'static str,
    /// /articles WORDS when no title has them.
    pub articles_none: &'static str,
    /// /latest heading.
    pub latest_heading: &'static str,
    /// /latest when no article has a date.
    pub latest_none: &'static str,
    /// /latest page line in the console: `{page}`, `{pages}`, `{next}`.
    pub latest_page: &'static str,
    /// A list's page line above its buttons: `{page}`, `{pages}`.
    pub page_of: &'static str,
    /// The label of a list's previous-page button.
    pub previous_button: &'static str,
    /// The label of a list's next-page button.
    pub next_button: &'static str,
    /// Above a follow-up's answer: `{question}`, the question as read.
    pub understood: &'static str,
    /// A summary's source line: `{source}`.
    pub summary_source: &'static str,
    /// A summary of “this article” before any answer.
    pub summary_first: &'static str,
    /// An article number that does not exist: `{number}`.
    pub no_such_article: &'static str,
    /// An admin command, or a file, from someone who is not an admin.
    pub admin_only: &'static str,
    /// An article added, one sentence: `{title}`.
    pub added_one: &'static str,
    /// An article added: `{title}`, `{count}` sentences.
    pub added_many: &'static str,
    /// An article saved that the reload does not have.
    pub not_loaded: &'static str,
    /// A file the loader would skip: `{reason}`.
    pub skipped: &'static str,
    /// A file of another type.
    pub wrong_type: &'static str,
    /// A file name holding a path.
    pub bad_name: &'static str,
    /// Writing the article failed.
    pub save_failed: &'static str,
    /// An address not fetched: `{reason}`.
    pub not_fetched: &'static str,
    /// Why: not http or https.
    pub fetch_scheme: &'static str,
    /// Why: a non-public address.
    pub fetch_not_public: &'static str,
    /// Why: too many redirects.
    pub fetch_redirects: &'static str,
    /// Why: too slow.
    pub fetch_timeout: &'static str,
    /// Why: too large.
    pub fetch_too_large: &'static str,
    /// Why: another content type: `{type}`.
    pub fetch_type: &'static str,
    /// Why: an HTTP error: `{status}`.
    pub fetch_status: &'static str,
    /// Why: the connection failed.
    pub fetch_unreachable: &'static str,
    /// /add without anything to add.
    pub add_usage: &'static str,
    /// /remove without a number.
    pub remove_usage: &'static str,
    /// An article moved to the trash: `{title}`.
    pub removed: &'static str,
    /// Moving it failed.
    pub remove_failed: &'static str,
    /// The folder reread: `{count}` articles.
    pub reloaded: &'static str,
    /// Rereading failed.
    pub reload_failed: &'static str,
    /// /stats figures: `{today}`, `{total}`, `{percent}`.
    pub stats: &'static str,
    /// /stats heading of the unanswered questions.
    pub stats_unanswered: &'static str,
    /// /stats with no unanswered question.
    pub stats_none: &'static str,
    /// The inline result shown outside the allowlist.
    pub inline_private: &'static str,
    /// The inline result when nothing answers.
    pub inline_unknown: &'static str,
    /// Command menu: /latest.
    pub command_latest: &'static str,
    /// Command menu: /summary.
    pub command_summary: &'static str,
    /// Command menu: /add.
    pub command_add: &'static str,
    /// Command menu: /remove.
    pub command_remove: &'static str,
    /// Command menu: /reload.
    pub command_reload: &'static str,
    /// Command menu: /stats.
    pub command_stats: &'static str,
    /// /help's line for /latest.
    pub help_latest: &'static str,
    /// /help's line for /summary.
    pub help_summary: &'static str,
    /// /help's line for /add.
    pub help_add: &'static str,
    /// /help's line for /remove.
    pub help_remove: &'static str,
    /// /help's line for /reload.
    pub help_reload: &'static str,
    /// /help's line for /stats.
    pub help_stats: &'static str,
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
    thanks: "You're welcome! Ask me anything else about my articles.",
    bye: "Goodbye! I'm here whenever you have a question about my articles.",
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
    help_articles: "the articles I have read (WORDS: those with WORDS in the title)",
    help_about: "version and source",
    help_more: "other sentences for the last question",
    help_admin_commands: "Admin commands (only you and the other admins see these):",
    help_admin_documents: "Send me a .txt, .md or .html file (at most 10 MB) or forward a channel post to add it as an article.",
    articles_found: "{count} article(s) with those words in the title:",
    articles_none: "No article has those words in its title. /articles lists them all.",
    latest_heading: "The newest articles:",
    latest_none: "None of my articles has a date; /articles lists them all.",
    latest_page: "Page {page} of {pages}. /latest {next} for more.",
    page_of: "Page {page} of {pages}.",
    previous_button: "‹ Previous",
    next_button: "Next ›",
    understood: "(I read that as: “{question}”)",
    summary_source: "— {source}",
    summary_first: "Ask me a question first, or send /summary with an article's number from /articles.",
    no_such_article: "There is no article number {number}; /articles lists them.",
    admin_only: "Sorry, only the bot's admins can add or remove articles, reload them or see statistics.",
    added_one: "Added “{title}” — 1 sentence.",
    added_many: "Added “{title}” — {count} sentences.",
    not_loaded: "The article was saved, but it has not loaded yet; try /reload in a moment.",
    skipped: "I did not add that file: it is {reason}. Nothing was written.",
    wrong_type: "I can add .txt, .md, .html and .htm files only.",
    bad_name: "That file's name holds a path (such as ../); send it under a plain name.",
    save_failed: "Sorry, I could not save the article (the log says why).",
    not_fetched: "I did not add that page: {reason}.",
    fetch_scheme: "only http and https addresses can be fetched",
    fetch_not_public: "it leads to a local or private network address, which I do not fetch",
    fetch_redirects: "it redirects more than 5 times",
    fetch_timeout: "the server did not send it within 15 seconds",
    fetch_too_large: "it is larger than 10 MB",
    fetch_type: "it is “{type}”, not a web page or text",
    fetch_status: "the server answered with HTTP status {status}",
    fetch_unreachable: "the server could not be reached",
    add_usage: "Send /add followed by a web address, or by the article's text (its first line is the title). You can also send me a file or forward a channel post.",
    remove_usage: "Send /remove followed by the article's number in /articles.",
    removed: "Removed “{title}”: its file is in the .trash folder beside it.",
    remove_failed: "Sorry, I could not move that article's file (the log says why).",
    reloaded: "Reloaded: I know {count} article(s) now.",
    reload_failed: "The reload failed; I still answer from the articles I had (the log says why).",
    stats: "Questions today: {today}. In all: {total}, of which {percent}% answered.",
    stats_unanswered: "Asked most often without an answer:",
    stats_none: "Every question so far had an answer.",
    inline_private: "This bot is private.",
    inline_unknown: "No answer in my articles",
    command_latest: "The newest articles",
    command_summary: "An article in a few sentences",
    command_add: "Add an article: text or a web address",
    command_remove: "Remove article N",
    command_reload: "Reread the articles now",
    command_stats: "Questions asked and unanswered",
    help_latest: "the newest articles, by date",
    help_summary: "N: article N in a few sentences (no N: the last answer's article)",
    help_add: "TEXT or URL: add an article",
    help_remove: "N: move article N to the trash",
    help_reload: "reread the knowledge folder now",
    help_stats: "questions today and in all, share answered, most asked unanswered",
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
