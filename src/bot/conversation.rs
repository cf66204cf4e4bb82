//! What the bot says, whoever delivers it: [`respond`] turns one
//! [`Input`] into a [`Response`] for the console chat and Telegram alike,
//! keeping per-conversation state (the question "More" pages through, the
//! last answer follow-ups lean on) in a [`Session`]. Nothing here formats
//! text; [`super::render`] does. Admin actions write files, so their
//! front end performs them; here they are only refused to others.

use std::time::{Duration, Instant};

use crate::KnowledgeBase;
use crate::answer::{self, Answer, RankConfig, Reply};

use super::admin::Outcome;
pub use super::commands::{Input, Listing, parse_input};
use super::followup::{self, Context};
use super::listing;
use super::smalltalk::{self, SmallTalk};
use super::summary::{Summary, summarize};

/// Answers shown first; "More" shows this many again.
pub(crate) const PAGE: usize = 1;
/// How many answers "More" can reach in all.
pub(crate) const MAX_ANSWERS: usize = 6;
/// Titles per /articles page.
pub(crate) const ARTICLES_PER_PAGE: usize = 20;
/// Titles the greeting mentions.
pub(crate) const GREETING_TITLES: usize = 3;

/// One line of /articles.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleLine {
    /// Its 1-based number in the list.
    pub(crate) number: usize,
    /// Its title, or its file name when it has none.
    pub(crate) title: String,
    /// Its address, when it has one.
    pub(crate) url: Option<String>,
    /// Its date, in lists by date.
    pub(crate) date: Option<String>,
}

/// One page of the article list.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticlesPage {
    /// Which articles the list shows.
    pub listing: Listing,
    /// Articles in the list.
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
    /// /help; admins also see their commands.
    Help {
        /// Whether the asker is an admin.
        admin: bool,
    },
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
        /// The question as the bot read it, when it was a follow-up.
        reading: Option<String>,
    },
    /// An article in a few of its sentences.
    Summary(Summary),
    /// A summary of "this article" before any answer.
    SummaryFirst,
    /// An article number no article has.
    NoSuchArticle(usize),
    /// An admin command from someone else.
    AdminOnly,
    /// What an admin action came to.
    Admin(Outcome),
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
    /// A message that only thanks the bot.
    Thanks,
    /// A message that only says goodbye.
    Bye,
}

/// A question as asked of the engine, kept for "More".
#[derive(Debug, Clone)]
struct Asked {
    question: String,
    shown: usize,
    prefer: Option<String>,
}

/// A conversation's memory: the question "More" pages through, and the
/// last answer, which follow-ups are read against until it expires.
#[derive(Debug, Clone)]
pub struct Session {
    last: Option<Asked>,
    context: Option<Context>,
    /// The next question is about this context's article first (a reply
    /// to one of the bot's answers).
    pinned: bool,
    ttl: Duration,
    admin: bool,
    /// With `--retrieval postgres`, the articles of the table the last
    /// question was answered over: what lists and numbered summaries
    /// read, there being no table of every article in memory.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) at_hand: Vec<String>,
}

impl Default for Session {
    fn default() -> Session {
        Session::with_ttl(followup::DEFAULT_TTL)
    }
}

impl Session {
    /// A session that remembers its last answer for `ttl`.
    pub fn with_ttl(ttl: Duration) -> Session {
        Session {
            last: None,
            context: None,
            pinned: false,
            ttl,
            admin: false,
            at_hand: Vec::new(),
        }
    }

    /// Says whether the person writing now is an admin (/help lists the
    /// admin commands for them).
    pub fn set_admin(&mut self, admin: bool) {
        self.admin = admin;
    }

    /// The last answer's context, while it is remembered.
    pub fn context(&self) -> Option<&Context> {
        self.context
            .as_ref()
            .filter(|c| c.alive(Instant::now(), self.ttl))
    }

    /// The question "More" pages through and the article it prefers.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn last_asked(&self) -> Option<(&str, Option<&str>)> {
        self.last
            .as_ref()
            .map(|a| (a.question.as_str(), a.prefer.as_deref()))
    }

    /// The next question replies to an answer given in `context`: its
    /// article comes first, and its entities resolve pronouns.
    pub fn reply_to(&mut self, mut context: Context) {
        context.at = Instant::now();
        self.context = Some(context);
        self.pinned = true;
    }
}

/// Answers a question with enough answers for every "More" page, the
/// phrase marked in those of the page from `shown` on; answers from the
/// `prefer`red article, if any rank, come first.
pub(crate) fn ask(kb: &KnowledgeBase, question: &str, prefer: Option<&str>, shown: usize) -> Reply {
    let cfg = RankConfig::default();
    let Some(prefer) = prefer else {
        return answer::answer_marked(kb, question, &cfg, MAX_ANSWERS, shown..shown + PAGE);
    };
    // Which answers a page shows is known only after the reordering, so
    // every one is marked (a follow-up's cost, not every question's).
    let mut reply = answer::answer(kb, question, &cfg, 4 * MAX_ANSWERS);
    // A stable sort: each group keeps the ranker's order.
    reply.answers.sort_by_key(|a| a.article != prefer);
    reply.answers.truncate(MAX_ANSWERS);
    reply
}

/// The bot's one reply to one input.
pub fn respond(kb: &KnowledgeBase, session: &mut Session, input: Input) -> Response {
    match input {
        Input::Start => greeting(kb),
        Input::Help => Response::Help {
            admin: session.admin,
        },
        Input::About => Response::About,
        Input::Articles(listing, page) => articles(kb, listing, page),
        Input::Summary(number) => summary(kb, session, number),
        Input::More => more(kb, session),
        Input::Question(q) => question(kb, session, q),
        Input::Add(_) | Input::Remove(_) | Input::Reload | Input::Stats => Response::AdminOnly,
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

fn articles(kb: &KnowledgeBase, listing: Listing, page: usize) -> Response {
    let selected = listing::select(kb, &listing);
    let total = selected.len();
    let pages = total.div_ceil(ARTICLES_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let lines = selected
        .into_iter()
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
            date: (listing == Listing::Latest)
                .then(|| a.meta.date.clone())
                .flatten(),
        })
        .collect();
    Response::Articles(ArticlesPage {
        listing,
        total,
        page,
        pages,
        lines,
    })
}

/// /summary N, /summary, or a question asking what "this article" is about.
fn summary(kb: &KnowledgeBase, session: &mut Session, number: Option<usize>) -> Response {
    let article = match number {
        Some(n) => match n.checked_sub(1).and_then(|i| kb.articles().get(i)) {
            Some(a) => a,
            None => return Response::NoSuchArticle(n),
        },
        None => match session
            .context()
            .and_then(|c| kb.articles().iter().find(|a| a.id == c.article))
        {
            Some(a) => a,
            None => return Response::SummaryFirst,
        },
    };
    // "This article" now means the one summarized.
    session.context = Some(Context::about(&article.id, Instant::now()));
    Response::Summary(summarize(kb, article))
}

fn question(kb: &KnowledgeBase, session: &mut Session, q: String) -> Response {
    // A reply pins only the one question it carries, summaries included.
    let pinned = std::mem::take(&mut session.pinned);
    if followup::asks_for_summary(&q) {
        return summary(kb, session, None);
    }
    // Manners are answered in kind, and leave the conversation as it was:
    // a question after "thanks" still follows up on the last answer.
    match smalltalk::recognize(&q) {
        Some(SmallTalk::Hello) => return greeting(kb),
        Some(SmallTalk::Thanks) => return Response::Thanks,
        Some(SmallTalk::Bye) => return Response::Bye,
        None => {}
    }
    let q = smalltalk::without_manners(&q).to_string();
    let now = Instant::now();
    let context = session.context().cloned();
    let resolved = context.as_ref().and_then(|c| followup::resolve(kb, &q, c));
    let (text, prefer, reading) = match resolved {
        Some(r) => (r.text.clone(), Some(r.article), Some(r.text)),
        None => (q, context.filter(|_| pinned).map(|c| c.article), None),
    };
    let reply = ask(kb, &text, prefer.as_deref(), 0);
    let shown = reply.answers.len().min(PAGE);
    let response = if reply.knows() {
        let previous = session.context.as_ref();
        let read = reply.question.read_as.as_deref().unwrap_or(&text);
        session.context = Some(Context::of(kb, read, &reply.answers[0], now, previous));
        Response::Answers {
            more: reply.answers.len() > shown,
            answers: reply.answers[..shown].to_vec(),
            reading,
        }
    } else {
        Response::Unknown {
            suggestions: reply.suggestions,
        }
    };
    session.last = Some(Asked {
        question: text,
        shown,
        prefer,
    });
    response
}

/// The next page of the last question. The question is answered again
/// rather than its answers kept: a page costs milliseconds, and a session
/// stays a few bytes however many chats the bot remembers.
fn more(kb: &KnowledgeBase, session: &mut Session) -> Response {
    let Some(last) = &mut session.last else {
        return Response::MoreFirst;
    };
    let reply = ask(kb, &last.question, last.prefer.as_deref(), last.shown);
    if last.shown >= reply.answers.len() {
        return Response::NoMore;
    }
    let end = (last.shown + PAGE).min(reply.answers.len());
    let answers = reply.answers[last.shown..end].to_vec();
    last.shown = end;
    Response::Answers {
        answers,
        more: reply.answers.len() > end,
        reading: None,
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
    fn manners_are_answered_in_kind_and_keep_the_conversation() {
        let kb = kb();
        let mut session = Session::default();
        let ask = |session: &mut Session, q: &str| respond(&kb, session, Input::Question(q.into()));
        assert!(matches!(
            ask(&mut session, "Hi!"),
            Response::Greeting { articles: 1, .. }
        ));
        let first = ask(&mut session, "When did the bridge open?");
        assert!(matches!(first, Response::Answers { .. }), "{first:?}");
        assert_eq!(ask(&mut session, "thanks!"), Response::Thanks);
        // "More" still pages through the question before the thanks.
        let more = respond(&kb, &mut session, Input::More);
        assert!(matches!(more, Response::Answers { .. }), "{more:?}");
        assert_eq!(ask(&mut session, "Bye"), Response::Bye);
        // A question that thanks first is still a question.
        let q = ask(&mut session, "Thanks, and when did the bridge open?");
        assert!(matches!(q, Response::Answers { .. }), "{q:?}");
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
    fn follow_ups_lean_on_the_last_answer_until_it_expires() {
        let kb = KnowledgeBase::from_texts([
            (
                "a.txt",
                "Minister visits Kyiv\n\nForeign Minister Takeshi Iwaya met Andrii Sybiha in Kyiv on Saturday.\n\nThe foreign minister flew home to Tokyo on Monday.",
                crate::knowledge::Format::Text,
            ),
            (
                "b.txt",
                "Mayor opens bridge\n\nMayor Ann Lee opened the bridge in Oslo on Friday.",
                crate::knowledge::Format::Text,
            ),
        ]);
        let mut session = Session::with_ttl(Duration::from_secs(3600));
        let first = respond(
            &kb,
            &mut session,
            Input::Question("Whom did Takeshi Iwaya meet?".into()),
        );
        assert!(matches!(first, Response::Answers { .. }), "{first:?}");
        let next = respond(
            &kb,
            &mut session,
            Input::Question("Where did he fly?".into()),
        );
        let Response::Answers {
            answers, reading, ..
        } = &next
        else {
            panic!("{next:?}");
        };
        assert_eq!(
            reading.as_deref(),
            Some("Where did the foreign minister fly?")
        );
        assert_eq!(answers[0].highlight_text(), Some("Tokyo"));
        let summary = respond(
            &kb,
            &mut session,
            Input::Question("What is this article about?".into()),
        );
        let Response::Summary(s) = summary else {
            panic!("{summary:?}")
        };
        assert_eq!(s.title, "Minister visits Kyiv");
        let mut expired = Session::with_ttl(Duration::ZERO);
        respond(
            &kb,
            &mut expired,
            Input::Question("Whom did Takeshi Iwaya meet?".into()),
        );
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(
            respond(&kb, &mut expired, Input::Summary(None)),
            Response::SummaryFirst
        );
    }

    #[test]
    fn a_reply_asking_for_a_summary_pins_no_later_question() {
        let kb = kb();
        let mut session = Session::default();
        session.reply_to(Context::about("a", Instant::now()));
        let r = respond(
            &kb,
            &mut session,
            Input::Question("What is this article about?".into()),
        );
        assert!(matches!(r, Response::Summary(_)), "{r:?}");
        assert!(!session.pinned, "the pin outlived its question");
    }

    #[test]
    fn admin_commands_are_refused_here() {
        let kb = kb();
        let r = respond(&kb, &mut Session::default(), Input::Reload);
        assert_eq!(r, Response::AdminOnly);
    }

    #[test]
    fn articles_pages_are_clamped() {
        let kb = kb();
        let r = respond(
            &kb,
            &mut Session::default(),
            Input::Articles(Listing::All, 9),
        );
        let Response::Articles(list) = r else {
            panic!("{r:?}")
        };
        assert_eq!((list.page, list.pages, list.lines.len()), (1, 1, 1));
        assert_eq!(list.lines[0].title, "Harbour bridge");
    }
}
