//! The one command table: parsing a message, the /help list and
//! Telegram's command menu are all read from `COMMANDS`, so a command is
//! added in one place.

use super::messages::Catalogue;

/// What a user's message asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// /start
    Start,
    /// /help
    Help,
    /// /articles (every title, or those with the given words) or /latest,
    /// with a 1-based page number.
    Articles(Listing, usize),
    /// /summary: of the article with this number in /articles, or of the
    /// last answer's article.
    Summary(Option<usize>),
    /// /about
    About,
    /// /more, or the "More" button: the next answers to the last question.
    More,
    /// /add (admins): pasted text, or an address to fetch.
    Add(String),
    /// /remove N (admins): the article's number in /articles, if given.
    Remove(Option<usize>),
    /// /reload (admins).
    Reload,
    /// /stats (admins).
    Stats,
    /// A command the bot does not have (its name, at most 32 characters).
    UnknownCommand(String),
    /// A question.
    Question(String),
    /// Nothing to answer (blank, only invisible characters or symbols).
    Empty,
    /// A sticker, photo, voice message or anything else without text.
    NotText,
}

/// Which articles a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// Every article, in the folder's order.
    All,
    /// Articles whose title holds every one of these words.
    Titles(String),
    /// The newest first, by their date.
    Latest,
}

impl Input {
    /// Whether only admins may ask for this.
    pub fn is_admin(&self) -> bool {
        matches!(
            self,
            Input::Add(_) | Input::Remove(_) | Input::Reload | Input::Stats
        )
    }
}

/// One command.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Command {
    /// Its name, without the slash.
    pub(crate) name: &'static str,
    /// Whether Telegram's command menu lists it (/more has a button there).
    pub(crate) in_menu: bool,
    /// Whether only admins may use it (their menu and /help list it).
    pub(crate) admin: bool,
    /// Its line in Telegram's command menu.
    #[cfg_attr(not(feature = "telegram"), allow(dead_code))]
    pub(crate) menu: fn(&Catalogue) -> &'static str,
    /// Its line in /help.
    pub(crate) help: fn(&Catalogue) -> &'static str,
    /// The input it makes, from its arguments.
    pub(crate) parse: fn(&str) -> Input,
}

/// Every command, in the order /help and the menu list them.
pub(crate) const COMMANDS: &[Command] = &[
    Command {
        name: "start",
        in_menu: true,
        admin: false,
        menu: |c| c.command_start,
        help: |c| c.help_start,
        parse: |_| Input::Start,
    },
    Command {
        name: "help",
        in_menu: true,
        admin: false,
        menu: |c| c.command_help,
        help: |c| c.help_help,
        parse: |_| Input::Help,
    },
    Command {
        name: "articles",
        in_menu: true,
        admin: false,
        menu: |c| c.command_articles,
        help: |c| c.help_articles,
        // A page number, words to look for in titles, or nothing.
        parse: |args| match args.trim() {
            "" => Input::Articles(Listing::All, 1),
            words => match words.parse::<usize>() {
                Ok(page) => Input::Articles(Listing::All, page.max(1)),
                Err(_) => Input::Articles(Listing::Titles(bounded(words, 200)), 1),
            },
        },
    },
    Command {
        name: "latest",
        in_menu: true,
        admin: false,
        menu: |c| c.command_latest,
        help: |c| c.help_latest,
        parse: |args| Input::Articles(Listing::Latest, args.trim().parse().unwrap_or(1).max(1)),
    },
    Command {
        name: "summary",
        in_menu: true,
        admin: false,
        menu: |c| c.command_summary,
        help: |c| c.help_summary,
        parse: |args| Input::Summary(args.trim().parse().ok()),
    },
    Command {
        name: "about",
        in_menu: true,
        admin: false,
        menu: |c| c.command_about,
        help: |c| c.help_about,
        parse: |_| Input::About,
    },
    Command {
        name: "more",
        in_menu: false,
        admin: false,
        menu: |c| c.help_more,
        help: |c| c.help_more,
        parse: |_| Input::More,
    },
    Command {
        name: "add",
        in_menu: true,
        admin: true,
        menu: |c| c.command_add,
        help: |c| c.help_add,
        parse: |args| Input::Add(args.trim().to_string()),
    },
    Command {
        name: "remove",
        in_menu: true,
        admin: true,
        menu: |c| c.command_remove,
        help: |c| c.help_remove,
        parse: |args| Input::Remove(args.trim().parse().ok()),
    },
    Command {
        name: "reload",
        in_menu: true,
        admin: true,
        menu: |c| c.command_reload,
        help: |c| c.help_reload,
        parse: |_| Input::Reload,
    },
    Command {
        name: "stats",
        in_menu: true,
        admin: true,
        menu: |c| c.command_stats,
        help: |c| c.help_stats,
        parse: |_| Input::Stats,
    },
];

/// At most `max` characters of `text`.
fn bounded(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Parses a message text. `bot_username` lets `/help@thisbot` count and
/// `/help@otherbot` be ignored (`None`).
pub fn parse_input(text: &str, bot_username: Option<&str>) -> Option<Input> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('/') {
        let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let (name, target) = head
            .split_once('@')
            .map_or((head, None), |(c, t)| (c, Some(t)));
        if let (Some(target), Some(me)) = (target, bot_username)
            && !target.eq_ignore_ascii_case(me)
        {
            return None;
        }
        let name = name.to_ascii_lowercase();
        return Some(match COMMANDS.iter().find(|c| c.name == name) {
            Some(command) => (command.parse)(args),
            None => Input::UnknownCommand(name.chars().take(32).collect()),
        });
    }
    let cleaned = crate::answer::clean_question(text);
    if !cleaned.chars().any(char::is_alphanumeric) {
        return Some(Input::Empty);
    }
    Some(Input::Question(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_with_bot_names_and_arguments() {
        assert_eq!(parse_input("/start", None), Some(Input::Start));
        assert_eq!(parse_input("/help@MyBot", Some("mybot")), Some(Input::Help));
        assert_eq!(parse_input("/help@OtherBot", Some("mybot")), None);
        assert_eq!(
            parse_input("/articles 3", None),
            Some(Input::Articles(Listing::All, 3))
        );
        assert_eq!(
            parse_input("/articles ../../etc/passwd", None),
            Some(Input::Articles(
                Listing::Titles("../../etc/passwd".into()),
                1
            ))
        );
        assert_eq!(
            parse_input("/latest 2", None),
            Some(Input::Articles(Listing::Latest, 2))
        );
        assert_eq!(
            parse_input("/summary 4", None),
            Some(Input::Summary(Some(4)))
        );
        assert_eq!(parse_input("/summary", None), Some(Input::Summary(None)));
        assert_eq!(parse_input("/remove x", None), Some(Input::Remove(None)));
        assert!(parse_input("/add https://x.y/", None).unwrap().is_admin());
        assert!(!parse_input("/summary", None).unwrap().is_admin());
        assert_eq!(parse_input("/MORE", None), Some(Input::More));
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
    fn every_command_parses_to_itself() {
        for c in COMMANDS {
            let input = parse_input(&format!("/{}", c.name), None).unwrap();
            assert!(
                !matches!(input, Input::UnknownCommand(_)),
                "/{} is in the table",
                c.name
            );
        }
    }
}
