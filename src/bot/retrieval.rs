//! `--retrieval postgres` in the conversation: each input is answered
//! over a small table the store's full-text search makes for it (see
//! `crate::store::Retriever`), not over a table of every article in
//! memory. The conversation itself is unchanged ([`respond`] on that
//! table): a follow-up's, "More"'s and "this article"'s table also holds
//! the article the session remembers, so they read as over the whole
//! archive; lists and numbered summaries read the articles the last
//! question's table held (an archive of millions is not listed in a
//! chat), a list of titles with given words searches for them, and the
//! greeting counts the store's articles.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::commands::{Input, Listing};
use super::conversation::{GREETING_TITLES, Response, Session, respond};
use crate::KnowledgeBase;
use crate::store::{Retriever, StoreError};

/// Retrievers, one connection each, shared by the chats a bot serves: a
/// question takes a free one, or waits its turn for one.
pub(crate) struct Pool {
    retrievers: Vec<Mutex<Retriever>>,
    next: AtomicUsize,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("connections", &self.retrievers.len())
            .finish()
    }
}

impl Pool {
    /// `connections` retrievers (at least one) from the store at `url`.
    pub(crate) fn connect(url: &str, connections: usize) -> Result<Pool, StoreError> {
        let retrievers = (0..connections.max(1))
            .map(|_| Retriever::connect(url).map(Mutex::new))
            .collect::<Result<_, _>>()?;
        Ok(Pool {
            retrievers,
            next: AtomicUsize::new(0),
        })
    }

    /// Runs `work` on a free retriever, or waits its turn for one.
    fn with<T>(&self, work: impl FnOnce(&mut Retriever) -> T) -> T {
        for r in &self.retrievers {
            if let Ok(mut r) = r.try_lock() {
                return work(&mut r);
            }
        }
        let turn = self.next.fetch_add(1, Ordering::Relaxed) % self.retrievers.len();
        // A poisoned retriever still holds a connection and texts: a
        // question that panicked on it left nothing half-written.
        let mut r = self.retrievers[turn]
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        work(&mut r)
    }

    /// The table of `question`'s candidates that also holds the articles
    /// `keep`.
    pub(crate) fn table(
        &self,
        question: &str,
        keep: &[String],
    ) -> Result<Arc<KnowledgeBase>, StoreError> {
        self.with(|r| r.table_with(question, keep))
    }
}

/// The bot's reply to `input` in `session`, over the table the store
/// gives for it. A store that cannot be reached makes it an empty table
/// (the reply says it does not know), and a warning in the log.
pub(crate) fn answer(pool: &Pool, session: &mut Session, input: Input) -> Response {
    let remembered: Vec<String> = session
        .context()
        .map(|c| c.article.clone())
        .into_iter()
        .collect();
    if input == Input::Start {
        // The store's count and newest titles: no table holds them all.
        match pool.with(|r| r.overview(GREETING_TITLES)) {
            Ok((articles, titles)) => return Response::Greeting { articles, titles },
            Err(e) => tracing::warn!("reading the store failed: {}", crate::error::chain(&e)),
        }
    }
    let (query, keep, asks) = match &input {
        Input::Question(q) => (q.clone(), remembered, true),
        Input::More => match session.last_asked() {
            Some((q, prefer)) => (
                q.to_string(),
                prefer.map(str::to_string).into_iter().collect(),
                true,
            ),
            None => (String::new(), Vec::new(), false),
        },
        Input::Summary(None) => (String::new(), remembered, false),
        Input::Articles(Listing::Titles(words), _) => (words.clone(), Vec::new(), false),
        Input::Articles(..) | Input::Summary(Some(_)) => {
            (String::new(), session.at_hand.clone(), false)
        }
        _ => (String::new(), Vec::new(), false),
    };
    let kb = match pool.table(&query, &keep) {
        Ok(kb) => kb,
        Err(e) => {
            tracing::warn!(
                "retrieving from the store failed, answering from nothing: {}",
                crate::error::chain(&e)
            );
            Arc::new(KnowledgeBase::default())
        }
    };
    if asks {
        session.at_hand = kb.articles().iter().map(|a| a.id.clone()).collect();
    }
    respond(&kb, session, input)
}
