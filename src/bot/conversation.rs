//! What the bot says, whoever delivers it: [`respond`] turns one
//! [`Input`] into a [`Response`] for the console chat and Telegram alike,
//! keeping per-conversation state (the question "More" pages through) in a
//! [`Session`]. Nothing here formats text; [`super::render`] does.

use crate::KnowledgeBase;
use crate::answer::{self, Answer, RankConfig, Reply};

pub use super::commands::{Input, parse_input};

/// Answers shown first; "More" shows this many again.
pub(crate) const PAGE: usize = 1;
/// How many answers "More" can reach in all.
pub(crate) const MAX_ANSWERS: usize = 6;
/// Titles per /articles page.
pub(crate) const ARTICLES_PER_PAGE: usize = 20;
/// Titles the greeting mentions.
const GREETING_TITLES: usize = 3;

/// One line of /articles.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleLine {
    /// Its 1-based number in the list.
    pub(crate) number: usize,
    /// Its title, or its file name when it has none.
    pub(crate) title: String,
    /// Its address, when it has one.
    pub(crate) url: Option<String>,
}

/// One page of the article list.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticlesPage {
    /// Articles known.
    pub total: usize,
    /// This page, 1-based.
    pub page: usize,
    /// How many pages there are.
    pub pages: usize,
    /// This page's lines.
    pub lines: Vec<ArticleLine>,
}

/// What the bot replies, before it is worded and formatted.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// /start: how many articles, and a few titles.
    Greeting {
        /// Articles known.
        articles: usize,
        /// A few of their titles.
        titles: Vec<String>,
    },
    /// /help.
    Help,
    /// /about.
    About,
    /// One page of /articles.
    Articles(ArticlesPage),
    /// Answers to a question, or its next page.
    Answers {
        /// The answers to show now.
        answers: Vec<Answer>,
        /// Whether "More" has others.
        more: bool,
    },
    /// Nothing in the articles answers.
    Unknown {
        /// Titles of the closest articles, if any came close.
        suggestions: Vec<String>,
    },
    /// "More" when every answer has been shown.
    NoMore,
    /// /more before any question.
    MoreFirst,
    /// A command the bot does not have.
    UnknownCommand(String),
    /// A message with nothing to answer.
    Empty,
    /// A message without text.
    NotText,
}

/// A conversation's memory: the question "More" pages through.
#[derive(Debug, Clone, Default)]
pub struct Session {
    last: Option<(String, usize)>,
}

/// Answers a question with enough answers for every "More" page, the
/// phrase marked in those of the page from `shown` on.
pub(crate) fn ask(kb: &KnowledgeBase, question: &str, shown: usize) -> Reply {
    answer::answer_marked(
        kb,
        question,
        &RankConfig::default(),
        MAX_ANSWERS,
        shown..shown + PAGE,
    )
}

/// The bot's one reply to one input.
pub fn respond(kb: &KnowledgeBase, session: &mut Session, input: Input) -> Response {
    match input {
        Input::Start => greeting(kb),
        Input::Help => Response::Help,
        Input::About => Response::About,
        Input::Articles(page) => articles(kb, page),
        Input::More => more(kb, session),
        Input::Question(q) => question(kb, session, q),
        Input::UnknownCommand(c) => Response::UnknownCommand(c),
        Input::Empty => Response::Empty,
        Input::NotText => Response::NotText,
    }
}

fn greeting(kb: &KnowledgeBase) -> Response {
    Response::Greeting {
        articles: kb.articles().len(),
        titles: kb
            .articles()
            .iter()
            .map(|a| a.title.clone())
            .filter(|t| !t.is_empty())
            .take(GREETING_TITLES)
            .collect(),
    }
}

fn articles(kb: &KnowledgeBase, page: usize) -> Response {
    let total = kb.articles().len();
    let pages = total.div_ceil(ARTICLES_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let lines = kb
        .articles()
        .iter()
        .enumerate()
        .skip((page - 1) * ARTICLES_PER_PAGE)
        .take(ARTICLES_PER_PAGE)
        .map(|(i, a)| ArticleLine {
            number: i + 1,
            title: if a.title.is_empty() {
                a.id.clone()
            } else {
                a.title.clone()
            },
            url: a.meta.url.clone(),
        })
        .collect();
    Response::Articles(ArticlesPage {
        total,
        page,
        pages,
        lines,
    })
}

fn question(kb: &KnowledgeBase, session: &mut Session, q: String) -> Response {
    let reply = ask(kb, &q, 0);
    let shown = reply.answers.len().min(PAGE);
    let response = if reply.knows() {
        Response::Answers {
            more: reply.answers.len() > shown,
            answers: reply.answers[..shown].to_vec(),
        }
    } else {
        Response::Unknown {
            suggestions: reply.suggestions,
        }
    };
    session.last = Some((q, shown));
    response
}

/// The next page of the last question. The question is answered again
/// rather than its answers kept: a page costs milliseconds, and a session
/// stays a few bytes however many chats the bot remembers.
fn more(kb: &KnowledgeBase, session: &mut Session) -> Response {
    let Some((q, shown)) = &mut session.last else {
        return Response::MoreFirst;
    };
    let reply = ask(kb, q, *shown);
    if *shown >= reply.answers.len() {
        return Response::NoMore;
    }
    let end = (*shown + PAGE).min(reply.answers.len());
    let answers = reply.answers[*shown..end].to_vec();
    *shown = end;
    Response::Answers {
        answers,
        more: reply.answers.len() > end,
    }
}

impl Response {
    /// Whether "More" has other answers after this one.
    #[cfg_attr(not(feature = "telegram"), allow(dead_code))]
    pub(crate) fn has_more(&self) -> bool {
        matches!(self, Response::Answers { more: true, .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::from_texts([(
            "a",
            "Harbour bridge\n\nThe bridge opened in 1932. The bridge is long. The bridge is grey.",
            crate::knowledge::Format::Text,
        )])
    }

    #[test]
    fn more_pages_through_the_last_question() {
        let kb = kb();
        let mut session = Session::default();
        assert_eq!(respond(&kb, &mut session, Input::More), Response::MoreFirst);
        let first = respond(
            &kb,
            &mut session,
            Input::Question("When did the bridge open?".into()),
        );
        let Response::Answers { answers, .. } = &first else {
            panic!("{first:?}");
        };
        assert!(answers[0].text.contains("1932"));
        let mut seen = vec![answers[0].sentence];
        loop {
            match respond(&kb, &mut session, Input::More) {
                Response::Answers { answers, .. } => seen.push(answers[0].sentence),
                Response::NoMore => break,
                other => panic!("{other:?}"),
            }
            assert!(seen.len() <= MAX_ANSWERS);
        }
        let distinct: std::collections::HashSet<_> = seen.iter().collect();
        assert_eq!(distinct.len(), seen.len(), "no answer shown twice");
    }

    #[test]
    fn unknown_offers_no_more() {
        let kb = kb();
        let mut session = Session::default();
        let r = respond(
            &kb,
            &mut session,
            Input::Question("What is the capital of France?".into()),
        );
        assert!(matches!(r, Response::Unknown { .. }), "{r:?}");
        assert_eq!(respond(&kb, &mut session, Input::More), Response::NoMore);
    }

    #[test]
    fn articles_pages_are_clamped() {
        let kb = kb();
        let r = respond(&kb, &mut Session::default(), Input::Articles(9));
        let Response::Articles(list) = r else {
            panic!("{r:?}")
        };
        assert_eq!((list.page, list.pages, list.lines.len()), (1, 1, 1));
        assert_eq!(list.lines[0].title, "Harbour bridge");
    }
}
