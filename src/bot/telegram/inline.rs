//! Inline mode: `@bot question` typed in any chat offers up to
//! [`RESULTS`] answers, each the sentence with its phrase in bold and its
//! source, to send into that chat. Answers are remembered for
//! [`CACHE_FOR`] (a question typed arrives as one query per keystroke), and
//! Telegram is asked to keep them as long; the allowlist and the rate
//! limit apply to the user asking (a query the cache cannot answer counts
//! as a message), and at most [`CACHED`] queries are remembered.

use std::sync::Arc;
use std::time::{Duration, Instant};

use teloxide::prelude::*;
use teloxide::types::{
    InlineQuery, InlineQueryResult, InlineQueryResultArticle, InputMessageContent,
    InputMessageContentText, ParseMode,
};

use super::send::{no_preview, with_retry};
use super::{State, TgBot};
use crate::answer::{self, Answer, RankConfig};
use crate::bot::limits::Verdict;
use crate::bot::messages::Catalogue;
use crate::bot::render;
use crate::bot::translations;

/// Answers offered at most.
const RESULTS: usize = 3;
/// How long an answer to a query is reused.
const CACHE_FOR: Duration = Duration::from_secs(30);
/// Queries whose answers are remembered at most (the oldest go first).
pub(super) const CACHED: usize = 1_000;
/// Characters of a result's description.
const DESCRIPTION_CHARS: usize = 180;

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

fn result(n: usize, a: &Answer) -> InlineQueryResult {
    let title = shorten(a.highlight_text().unwrap_or(&a.text), 64);
    let source = if a.title.is_empty() {
        &a.article
    } else {
        &a.title
    };
    let description = shorten(&format!("{} — {source}", a.text), DESCRIPTION_CHARS);
    let content = InputMessageContentText::new(render::answer_html(a))
        .parse_mode(ParseMode::Html)
        .link_preview_options(no_preview());
    InlineQueryResult::Article(
        InlineQueryResultArticle::new(format!("a{n}"), title, InputMessageContent::Text(content))
            .description(description),
    )
}

/// A single result that only says something (private bot, no answer).
fn notice(text: &str) -> Vec<InlineQueryResult> {
    let content =
        InputMessageContentText::new(render::escape_html(text)).parse_mode(ParseMode::Html);
    vec![InlineQueryResult::Article(InlineQueryResultArticle::new(
        "notice",
        text,
        InputMessageContent::Text(content),
    ))]
}

/// Whether the rate limit lets `user` have a query answered.
fn within_limit(state: &State, user: i64) -> bool {
    let Some(limiter) = &state.limiter else {
        return true;
    };
    let verdict = limiter
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .check(user, Instant::now());
    match verdict {
        Verdict::Allow => true,
        Verdict::Warn => {
            tracing::info!(user, "rate limit: user is sending inline queries too fast");
            false
        }
        Verdict::Ignore => false,
    }
}

/// The results for `query`, from the cache or, if the rate limit lets
/// `user` have one more, answered anew; `None` when it does not.
async fn results(
    state: &Arc<State>,
    user: i64,
    query: &str,
    words: &'static Catalogue,
) -> Option<Vec<InlineQueryResult>> {
    // The "no answer" notice is in the asker's language, so the language
    // is part of what is cached.
    let key = format!("{}\n{}", words.inline_unknown, query.to_lowercase());
    if let Some((at, cached)) = state
        .inline_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&key)
        && at.elapsed() < CACHE_FOR
    {
        return Some(cached.clone());
    }
    // Answering costs a blocking thread; the cache above costs nothing.
    if !within_limit(state, user) {
        return None;
    }
    let handle = state.kb.clone();
    let question = query.to_string();
    let reply = tokio::task::spawn_blocking(move || {
        let kb = handle.table_for(&question);
        answer::answer(&kb, &question, &RankConfig::default(), RESULTS)
    })
    .await;
    let found = match reply {
        Ok(reply) if reply.knows() => reply
            .answers
            .iter()
            .enumerate()
            .map(|(n, a)| result(n, a))
            .collect(),
        Ok(_) => notice(words.inline_unknown),
        Err(_) => Vec::new(),
    };
    state
        .inline_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, (Instant::now(), found.clone()));
    Some(found)
}

pub(super) async fn on_inline(bot: TgBot, q: InlineQuery, state: Arc<State>) -> ResponseResult<()> {
    let user = q.from.id.0 as i64;
    let allowed = state.allowed.as_ref().is_none_or(|a| a.contains(&user));
    let query = crate::answer::clean_question(&q.query);
    let words = translations::catalogue_for(q.from.language_code.as_deref());
    let mut cache_for = CACHE_FOR;
    let found = if !allowed {
        tracing::info!(
            user,
            "inline query refused: user not in ARTICLEBOT_ALLOWED_CHATS"
        );
        notice(words.private)
    } else if !query.chars().any(char::is_alphanumeric) {
        Vec::new()
    } else {
        let started = Instant::now();
        match results(&state, user, &query, words).await {
            Some(found) => {
                tracing::info!(
                    user,
                    latency_ms = format!("{:.1}", started.elapsed().as_secs_f64() * 1000.0),
                    "inline query"
                );
                found
            }
            None => {
                // Kept by Telegram, the empty answer would outlast the limit.
                cache_for = Duration::ZERO;
                Vec::new()
            }
        }
    };
    // Personal: a refused user and an allowed one must not share Telegram's cache.
    with_retry("answerInlineQuery", || {
        bot.answer_inline_query(q.id.clone(), found.clone())
            .cache_time(cache_for.as_secs() as u32)
            .is_personal(true)
            .send()
    })
    .await?;
    Ok(())
}
