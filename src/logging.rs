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
pub fn redact(text: &str) -> String {
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

/// Registers the secrets to scrub: the bot token and its secret half
/// (after the colon), which alone is as good as the token.
fn remember_token() {
    let token = std::env::var("TELOXIDE_TOKEN").unwrap_or_default();
    let mut secrets = Vec::new();
    if !token.is_empty() {
        if let Some((_, secret)) = token.split_once(':')
            && secret.len() >= 8
        {
            secrets.push(secret.to_string());
        }
        secrets.push(token);
    }
    let _ = SECRETS.set(secrets);
}

/// A writer that scrubs secrets line by line before they reach stderr.
pub struct RedactingWriter;

impl Write for RedactingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        std::io::stderr().write_all(redact(&text).as_bytes())?;
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
pub struct RedactingWriterMaker;

/// Installs the subscriber and a panic hook that also scrubs secrets.
/// Safe to call more than once (later calls do nothing).
pub fn init() {
    remember_token();
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
