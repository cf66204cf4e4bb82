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
    /// /articles, with a 1-based page number.
    Articles(usize),
    /// /about
    About,
    /// /more, or the "More" button: the next answers to the last question.
    More,
    /// A command the bot does not have (its name, at most 32 characters).
    UnknownCommand(String),
    /// A question.
    Question(String),
    /// Nothing to answer (blank, only invisible characters or symbols).
    Empty,
    /// A sticker, photo, voice message or anything else without text.
    NotText,
}

/// One command.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Command {
    /// Its name, without the slash.
    pub(crate) name: &'static str,
    /// Whether Telegram's command menu lists it (/more has a button there).
    pub(crate) in_menu: bool,
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
        menu: |c| c.command_start,
        help: |c| c.help_start,
        parse: |_| Input::Start,
    },
    Command {
        name: "help",
        in_menu: true,
        menu: |c| c.command_help,
        help: |c| c.help_help,
        parse: |_| Input::Help,
    },
    Command {
        name: "articles",
        in_menu: true,
        menu: |c| c.command_articles,
        help: |c| c.help_articles,
        // A page number or nothing; anything else shows the first page.
        parse: |args| Input::Articles(args.trim().parse().unwrap_or(1).max(1)),
    },
    Command {
        name: "about",
        in_menu: true,
        menu: |c| c.command_about,
        help: |c| c.help_about,
        parse: |_| Input::About,
    },
    Command {
        name: "more",
        in_menu: false,
        menu: |c| c.help_more,
        help: |c| c.help_more,
        parse: |_| Input::More,
    },
];

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
        assert_eq!(parse_input("/articles 3", None), Some(Input::Articles(3)));
        assert_eq!(
            parse_input("/articles ../../etc/passwd", None),
            Some(Input::Articles(1))
        );
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
