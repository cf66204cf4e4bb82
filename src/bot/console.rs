//! The console chat: the bot's conversation on standard input and output,
//! answered from the live table (or the store's per input), formatted
//! like the Telegram replies.

use std::io::{BufRead, Write};

use super::conversation::{Session, parse_input};
use super::live::KbHandle;
use super::messages::Catalogue;
use super::render::{self, Surface};

/// Runs the chat until end of input or /quit. At a terminal (`tty`) it
/// prompts, and keeps the screen tidy when the user ends input with Ctrl-D.
pub fn run(
    handle: &KbHandle,
    follow_up: std::time::Duration,
    words: &Catalogue,
    mut input: impl BufRead,
    mut out: impl Write,
    tty: bool,
) -> std::io::Result<()> {
    let mut session = Session::with_ttl(follow_up);
    let greeting = handle.respond(&mut session, super::conversation::Input::Start);
    writeln!(
        out,
        "{}\n{}\n",
        render::plain(&greeting, words, Surface::Console),
        words.console_intro
    )?;
    loop {
        if tty {
            write!(out, "> ")?;
            out.flush()?;
        }
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            if tty {
                // Ctrl-D at the prompt: end the prompt's line.
                writeln!(out)?;
            }
            return Ok(());
        }
        if tty && !line.ends_with('\n') {
            // Ctrl-D in the middle of a line sends it without its newline;
            // the reply belongs on a line of its own.
            writeln!(out)?;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if matches!(line, "/quit" | "/exit") {
            return Ok(());
        }
        let input = parse_input(line, None).unwrap_or(super::conversation::Input::Empty);
        let response = handle.respond(&mut session, input);
        writeln!(
            out,
            "{}\n",
            render::plain(&response, words, Surface::Console)
        )?;
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KnowledgeBase;
    use crate::bot::messages::EN;

    fn chat_output(input: &str, tty: bool) -> String {
        let kb = KnowledgeBase::from_texts([(
            "a",
            "Harbour bridge\n\nThe bridge opened in 1932.",
            crate::knowledge::Format::Text,
        )]);
        let handle = KbHandle::new(kb);
        let mut out = Vec::new();
        let ttl = crate::bot::followup::DEFAULT_TTL;
        run(&handle, ttl, &EN, input.as_bytes(), &mut out, tty).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn ends_its_line_on_ctrl_d() {
        let out = chat_output("", true);
        assert!(out.ends_with("> \n"), "{out:?}");
        // Ctrl-D in the middle of a line: the reply starts on a new line.
        let out = chat_output("When did the bridge open?", true);
        let turns: Vec<&str> = out.split("> ").collect();
        assert_eq!(turns.len(), 3, "two prompts: {out:?}");
        assert!(
            turns[1].starts_with('\n') && turns[1].contains("1932"),
            "{out:?}"
        );
        assert_eq!(turns[2], "\n", "{out:?}");
    }

    #[test]
    fn without_a_terminal_prints_no_prompts() {
        let out = chat_output("When did the bridge open?\n", false);
        assert!(!out.contains("> "), "{out:?}");
        assert!(out.contains("1932"), "{out:?}");
    }

    #[test]
    fn more_before_any_question_asks_for_one() {
        let out = chat_output("/more\n", false);
        assert!(out.contains(EN.more_first), "{out:?}");
    }
}
