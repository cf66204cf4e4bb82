//! Logging through `tracing`, filtered by `RUST_LOG` (default `info`), to
//! standard error — with the bot token scrubbed from every line and every
//! panic message, whatever level and whichever crate wrote it. A token in a
//! log is a stolen bot, so this is enforced at the writer, not by care at
//! each call site.

use std::io::Write;
use std::sync::OnceLock;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

static SECRETS: OnceLock<Vec<String>> = OnceLock::new();

/// Replaces every known secret in `text` with `[REDACTED]`.
pub(crate) fn redact(text: &str) -> String {
    redact_with(text, SECRETS.get().map_or(&[], Vec::as_slice))
}

fn redact_with(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if !s.is_empty() && out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "[REDACTED]");
        }
    }
    out
}

/// User-supplied text made safe for a log line: control characters (line
/// breaks, NUL, escape sequences) and invisible format characters (bidi
/// overrides, zero-width marks) are written as `\u{..}` escapes, so a
/// message cannot forge a log line, hide text or reorder what a reader sees.
/// Use it (`%Escaped(text)`) wherever a log line carries text from a user,
/// a file name or a web page.
pub struct Escaped<'a>(pub &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write as _;
        for c in self.0.chars() {
            if c == '\\' {
                f.write_str("\\\\")?;
            } else if hidden(c) {
                write!(f, "\\u{{{:x}}}", c as u32)?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// Characters a log line must not carry raw: controls (line breaks, NUL)
/// and invisible format characters (bidi overrides, zero-width marks).
fn hidden(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    c.is_control()
        || matches!(
            c.general_category(),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

/// One formatted log event made into exactly one line: the last line
/// break is kept, every other hidden character escaped. This is the
/// writer's guarantee for text that reached a log line without
/// [`Escaped`] (another crate's message, a multi-line error); the escape
/// character of the terminal's colours is the one control let through.
fn one_line(event: &str) -> String {
    let (body, end) = match event.strip_suffix('\n') {
        Some(body) => (body, "\n"),
        None => (event, ""),
    };
    let mut out = String::with_capacity(event.len() + 8);
    for c in body.chars() {
        if hidden(c) && c != '\u{1b}' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push_str(end);
    out
}

/// Registers the secrets to scrub: the bot token and its secret half
/// (after the colon), which alone is as good as the token.
fn remember_token(token: Option<&str>, others: &[String]) {
    let token = token.unwrap_or_default().trim();
    let mut secrets: Vec<String> = others.iter().filter(|s| !s.is_empty()).cloned().collect();
    if !token.is_empty() {
        if let Some((_, secret)) = token.split_once(':')
            && secret.len() >= 8
        {
            secrets.push(secret.to_string());
        }
        secrets.push(token.to_string());
    }
    let _ = SECRETS.set(secrets);
}

/// A writer that scrubs secrets from each log event before it reaches
/// stderr, and keeps each event on one line.
pub(crate) struct RedactingWriter;

impl Write for RedactingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // The formatter writes each event whole, in one call.
        let text = String::from_utf8_lossy(buf);
        std::io::stderr().write_all(one_line(&redact(&text)).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

impl<'a> MakeWriter<'a> for RedactingWriterMaker {
    type Writer = RedactingWriter;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter
    }
}

/// Makes [`RedactingWriter`]s for the subscriber.
pub(crate) struct RedactingWriterMaker;

/// Installs the subscriber and a panic hook, both scrubbing `token` and
/// the `others` secrets (a webhook's). Safe to call more than once (later
/// calls do nothing).
pub fn init(token: Option<&str>, others: &[String]) {
    remember_token(token, others);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(RedactingWriterMaker)
        // Colour codes only help a person at a terminal; in a file or a
        // journal they are noise.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
    std::panic::set_hook(Box::new(|info| {
        let msg = redact(&info.to_string());
        tracing::error!("panic: {msg}");
        eprintln!("{msg}");
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_forge_or_hide_a_log_line() {
        let forged = "hi\n2026-12-01T00:00:00Z  INFO forged log line";
        let out = Escaped(forged).to_string();
        assert!(!out.contains('\n'), "{out}");
        assert_eq!(out, "hi\\u{a}2026-12-01T00:00:00Z  INFO forged log line");
        assert_eq!(
            Escaped("a\0b\u{202E}c\r").to_string(),
            "a\\u{0}b\\u{202e}c\\u{d}"
        );
        assert_eq!(
            Escaped("zero\u{200B}width").to_string(),
            "zero\\u{200b}width"
        );
        // A backslash is doubled, so an escape cannot be faked either.
        assert_eq!(Escaped("a\\u{a}").to_string(), "a\\\\u{a}");
        assert_eq!(Escaped("Київ — 東京 ü").to_string(), "Київ — 東京 ü");
    }

    #[test]
    fn an_event_is_one_line() {
        assert_eq!(
            one_line("INFO a\nINFO forged\0\u{202E}\n"),
            "INFO a\\u{a}INFO forged\\u{0}\\u{202e}\n"
        );
        assert_eq!(
            one_line("\u{1b}[32mINFO\u{1b}[0m ok\n"),
            "\u{1b}[32mINFO\u{1b}[0m ok\n"
        );
    }

    #[test]
    fn scrubs_the_token_and_its_secret_half() {
        let token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw".to_string();
        let secret = token.split_once(':').unwrap().1.to_string();
        let secrets = vec![secret.clone(), token.clone()];
        let line = format!("GET https://api.telegram.org/bot{token}/getMe failed; secret {secret}");
        let out = redact_with(&line, &secrets);
        assert!(!out.contains(&secret) && !out.contains(&token), "{out}");
        assert!(out.contains("[REDACTED]"));
    }
}
