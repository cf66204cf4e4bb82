//! Follow-up questions: what a conversation remembers of its last answer
//! (the article, the people, places, dates and organisations in it, and
//! what the question was about) and how a question that leans on it —
//! "When did he arrive?", "Where was she?", "How many?" — is read against
//! it. The front end asks the engine the resolved question and prefers
//! answers from the remembered article; the engine itself is unchanged.

use std::time::{Duration, Instant};

use crate::KnowledgeBase;
use crate::answer::{self, Answer, analyze_question};
use crate::facts::FactKind;

/// How long a chat's last answer is remembered by default.
pub const DEFAULT_TTL: Duration = Duration::from_secs(10 * 60);

/// Entities of one kind kept from an answer: enough to resolve a pronoun,
/// few enough that a session stays small.
const KEPT: usize = 4;

/// What a conversation remembers of its last answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// The answer's article id.
    pub(crate) article: String,
    /// People named in the answer, the answer phrase first when it is one:
    /// how to refer to each — by role ("the foreign minister") where the
    /// answer gives one, as articles mostly do after first naming someone,
    /// else by name.
    pub(crate) people: Vec<String>,
    /// Places named in the answer.
    pub(crate) places: Vec<String>,
    /// Dates in the answer.
    pub(crate) dates: Vec<String>,
    /// Organisations named in the answer.
    pub(crate) groups: Vec<String>,
    /// What the question was about: its words after the question word
    /// and auxiliary ([`topic_of`]).
    pub(crate) topic: String,
    /// The question's auxiliary ("did" in "What did he come to Kyiv
    /// for?"), so that "And when?" reads "When did he come to Kyiv?".
    pub(crate) auxiliary: Option<String>,
    /// The last question read as done to its object, when it asked which
    /// thing did something ([`Passive::of`]): "And how many?" then counts
    /// what was done to, not the thing asked for.
    pub(crate) passive: Option<Passive>,
    /// What the last answer said, for a follow-up asking another thing
    /// of the same event: after "Where did Iwaya go?" answered "Kyiv",
    /// "And when?" asks when he went *to Kyiv*, not when he went anywhere.
    pub(crate) answered: Option<Answered>,
    /// When it was answered.
    pub(crate) at: Instant,
}

/// The last answer's phrase, and the question word it answered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answered {
    /// The question word, lower case: "where", "when", "who", "whom",
    /// "what" or "which".
    pub(crate) asked: String,
    /// The phrase shown in bold.
    pub(crate) phrase: String,
    /// The preposition the question left at its end ("to" of "Who did
    /// he talk to?"), which the phrase takes back.
    pub(crate) stranded: Option<String>,
}

/// A "which ... did what to what" question turned round: "Which country
/// sent troops to Russia?" asked for the country; read as done to the
/// troops ("troops were sent to Russia"), it gives a follow-up the thing it
/// can ask of ("How many troops were sent to Russia?", "When were troops
/// sent to Russia?"), where "How many country sent troops" reads as
/// nonsense.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Passive {
    /// What was done to ("troops", "the land").
    object: String,
    /// Whether it is more than one (a count asks "how many" of it).
    plural: bool,
    /// The verb as done to it, and the words after ("sent to Russia").
    done: String,
}

impl Passive {
    /// `question` turned round, when it opens with "which" or "what", a
    /// noun or two, a verb in the past and its object.
    pub(crate) fn of(question: &str) -> Option<Passive> {
        let words = words_of(question);
        let (first, rest) = words.split_first()?;
        if !matches!(first.to_lowercase().as_str(), "which" | "what") {
            return None;
        }
        let verb = rest.iter().take(4).position(|w| participle(w).is_some())?;
        let focus = &rest[..verb];
        let opening = |w: &&str| {
            let w = w.to_lowercase();
            AUXILIARIES.contains(&w.as_str()) || QUESTION_WORDS.contains(&w.as_str())
        };
        if focus.is_empty() || focus.iter().any(opening) {
            return None;
        }
        let after = &rest[verb + 1..];
        let object_len = after
            .iter()
            .position(|w| {
                let w = w.to_lowercase();
                STRANDED.contains(&w.as_str()) || OBJECT_ENDS.contains(&w.as_str())
            })
            .unwrap_or(after.len());
        if !(1..=3).contains(&object_len) || after[..object_len].iter().any(opening) {
            return None;
        }
        // A common noun: a name done to ("visited Kyiv") reads no better
        // turned round, and no count asks of it.
        let head = after[object_len - 1];
        if head.chars().any(|c| !c.is_lowercase()) {
            return None;
        }
        let done = std::iter::once(participle(rest[verb])?)
            .chain(after[object_len..].iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        Some(Passive {
            object: after[..object_len].join(" "),
            plural: head.ends_with('s') && !head.ends_with("ss"),
            done,
        })
    }

    /// "were" or "was".
    fn be(&self) -> &'static str {
        if self.plural { "were" } else { "was" }
    }

    /// The object without the word that made it definite: what "how many"
    /// or "how much" takes ("the land" → "land").
    fn counted(&self) -> &str {
        let object = self.object.as_str();
        DETERMINERS
            .iter()
            .find_map(|d| object.strip_prefix(d).and_then(|o| o.strip_prefix(' ')))
            .unwrap_or(object)
    }
}

/// The verb's past participle, when `word` is a verb in the past: regular
/// ones as they are ("deployed"), irregular ones as [`IRREGULAR_PAST`]
/// gives them.
fn participle(word: &str) -> Option<&str> {
    if word.chars().any(|c| !c.is_lowercase()) {
        return None;
    }
    if let Some((_, done)) = IRREGULAR_PAST.iter().find(|(past, _)| *past == word) {
        return Some(done);
    }
    (word.len() >= 5 && word.ends_with("ed")).then_some(word)
}

/// Irregular verbs in the past a news question asks with, and their past
/// participles.
const IRREGULAR_PAST: &[(&str, &str)] = &[
    ("sent", "sent"),
    ("built", "built"),
    ("sold", "sold"),
    ("paid", "paid"),
    ("held", "held"),
    ("lost", "lost"),
    ("made", "made"),
    ("found", "found"),
    ("brought", "brought"),
    ("bought", "bought"),
    ("told", "told"),
    ("kept", "kept"),
    ("caught", "caught"),
    ("spent", "spent"),
    ("won", "won"),
    ("hit", "hit"),
    ("hurt", "hurt"),
    ("cut", "cut"),
    ("shot", "shot"),
    ("led", "led"),
    ("lent", "lent"),
    ("struck", "struck"),
    ("took", "taken"),
    ("gave", "given"),
    ("saw", "seen"),
    ("wrote", "written"),
    ("drove", "driven"),
    ("chose", "chosen"),
    ("broke", "broken"),
    ("stole", "stolen"),
    ("threw", "thrown"),
    ("drew", "drawn"),
    ("grew", "grown"),
    ("sank", "sunk"),
];

/// Words that end a verb's object besides [`STRANDED`]'s prepositions.
const OBJECT_ENDS: &[&str] = &[
    "as", "over", "across", "through", "against", "during", "after", "before", "near", "since",
    "under",
];

/// Words that make a noun definite, which a count drops ("how many the
/// troops" reads as nonsense).
const DETERMINERS: &[&str] = &["the", "a", "an", "its", "their", "his", "her", "our"];

/// A question read against a context.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The question with its pronouns or missing subject filled in.
    pub text: String,
    /// The article whose answers come first.
    pub article: String,
}

impl Context {
    /// What to remember of `answer`, given to `question` at `now`. Kinds of
    /// entity the answer does not name are kept from the `previous`
    /// context of the same article ("he" still means the minister after an
    /// answer that names only a city).
    pub(crate) fn of(
        kb: &KnowledgeBase,
        question: &str,
        answer: &Answer,
        now: Instant,
        previous: Option<&Context>,
    ) -> Context {
        let mut ctx = Context::named(kb, question, answer, now);
        if let Some(prev) = previous.filter(|p| p.article == ctx.article) {
            for (list, old) in [
                (&mut ctx.people, &prev.people),
                (&mut ctx.places, &prev.places),
                (&mut ctx.dates, &prev.dates),
                (&mut ctx.groups, &prev.groups),
            ] {
                if list.is_empty() {
                    list.clone_from(old);
                }
            }
        }
        ctx
    }

    /// What the answer itself names.
    fn named(kb: &KnowledgeBase, question: &str, answer: &Answer, now: Instant) -> Context {
        let (topic, auxiliary, stranded) = topic_of(question);
        let asked = words_of(question)
            .first()
            .map(|w| w.to_lowercase())
            .filter(|w| ANSWERED_WORDS.contains(&w.as_str()));
        let answered = asked
            .zip(answer.highlight_text())
            .map(|(asked, phrase)| Answered {
                asked,
                phrase: phrase.trim().to_string(),
                stranded,
            })
            .filter(|a| !a.phrase.is_empty());
        let mut ctx = Context {
            article: answer.article.clone(),
            people: Vec::new(),
            places: Vec::new(),
            dates: Vec::new(),
            groups: Vec::new(),
            topic,
            auxiliary,
            passive: Passive::of(question),
            answered,
            at: now,
        };
        let Some(sentence) = kb.sentence(answer.sentence) else {
            return ctx;
        };
        let phrase = answer.highlight_text().unwrap_or_default();
        // The phrase that answered is the likeliest referent: it goes first.
        let mut facts: Vec<_> = sentence.facts.iter().collect();
        facts.sort_by_key(|f| !phrase.contains(f.text(sentence.text)));
        // "His counterpart" names nobody once the sentence is gone, nor does
        // an office two people of the sentence hold ("Ukraine's Defence
        // Minister Rustem Umerov and Japan's Defence Minister Gen
        // Nakatani"): such people are referred to by name.
        let office = |f: &crate::facts::Fact| {
            f.role(sentence.text)
                .filter(|r| !answer::is_relational(sentence.lang, r))
                .map(|r| r.trim().to_lowercase())
        };
        let offices: Vec<String> = facts.iter().filter_map(|f| office(f)).collect();
        let shared = |o: &String| offices.iter().filter(|x| *x == o).count() > 1;
        for fact in facts {
            let list = match fact.kind {
                FactKind::Person => &mut ctx.people,
                FactKind::Place => &mut ctx.places,
                FactKind::Date => &mut ctx.dates,
                FactKind::Organisation => &mut ctx.groups,
                FactKind::Number | FactKind::Name => continue,
            };
            let text = match (fact.kind, office(fact).filter(|o| !shared(o))) {
                (FactKind::Person, Some(role)) => format!("the {role}"),
                _ => fact.text(sentence.text).trim().to_string(),
            };
            if !text.is_empty() && !list.contains(&text) && list.len() < KEPT {
                list.push(text);
            }
        }
        ctx
    }

    /// A context that names only an article (after its summary).
    pub(crate) fn about(article: &str, now: Instant) -> Context {
        Context {
            article: article.to_string(),
            people: Vec::new(),
            places: Vec::new(),
            dates: Vec::new(),
            groups: Vec::new(),
            topic: String::new(),
            auxiliary: None,
            passive: None,
            answered: None,
            at: now,
        }
    }

    /// Whether the context is still remembered at `now`.
    pub(crate) fn alive(&self, now: Instant, ttl: Duration) -> bool {
        now.saturating_duration_since(self.at) <= ttl
    }
}

/// Words that stand for a person (and whether as an owner: "his").
fn person_pronoun(word: &str) -> Option<bool> {
    match word {
        "he" | "him" | "she" | "her" | "himself" | "herself" => Some(false),
        "his" | "hers" => Some(true),
        _ => None,
    }
}

/// Question words, stripped from the front of a question to leave what
/// it is about.
const QUESTION_WORDS: &[&str] = &[
    "who", "whom", "whose", "what", "which", "when", "where", "why", "how", "many", "much", "long",
    "old", "far", "and", "so", "then",
];

/// Auxiliaries after a question word, stripped with it.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "did", "does", "do", "has", "have", "had", "will", "would", "can",
    "could", "should",
];

/// Words a follow-up opens with that say nothing of what it asks ("And
/// when?", "So where?", "OK, how many?").
const FILLERS: &[&str] = &["and", "so", "but", "ok", "okay", "also", "well", "then"];

/// Prepositions a "what ... for?" question leaves at its end: they belong
/// to its question word, not to its topic.
const STRANDED: &[&str] = &[
    "for", "about", "with", "from", "of", "to", "in", "at", "on", "by", "into",
];

/// Question words whose answer, a place, a date, a person or a thing,
/// can join the question's topic for the next question about the same
/// event ("When did Iwaya go *to Kyiv*?"). A count or a reason cannot.
const ANSWERED_WORDS: &[&str] = &["where", "when", "who", "whom", "what", "which"];

/// Words a date phrase may open with that are its own preposition ("last
/// week", "in 2019", "during the war").
const DATE_OPENERS: &[&str] = &[
    "in", "on", "at", "during", "since", "until", "before", "after", "last", "this", "next",
    "early", "late", "from", "by", "around", "about",
];

/// A question's words, punctuation trimmed.
fn words_of(question: &str) -> Vec<&str> {
    question
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// How many of `words` open the question: question words and auxiliaries.
fn opening(words: &[&str]) -> usize {
    words
        .iter()
        .take_while(|w| {
            let w = w.to_lowercase();
            QUESTION_WORDS.contains(&w.as_str()) || AUXILIARIES.contains(&w.as_str())
        })
        .count()
}

/// A question's words after its question word and auxiliaries, without a
/// preposition stranded at its end ("Were North Korean troops sent?" →
/// "North Korean troops sent"; "What did the minister come to Kyiv for?"
/// → "the minister come to Kyiv"), the auxiliary among its opening
/// words, lower case ("did"), and the stranded preposition ("for").
fn topic_of(question: &str) -> (String, Option<String>, Option<String>) {
    let words = words_of(question);
    let (opening, mut topic) = words.split_at(opening(&words));
    let auxiliary = opening
        .iter()
        .map(|w| w.to_lowercase())
        .find(|w| AUXILIARIES.contains(&w.as_str()));
    let asks_what = words
        .first()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "what" | "which" | "who" | "whom"));
    let mut stranded = None;
    if let [rest @ .., last] = topic
        && asks_what
        && !rest.is_empty()
        && STRANDED.contains(&last.to_lowercase().as_str())
    {
        stranded = Some(last.to_lowercase());
        topic = rest;
    }
    (topic.join(" "), auxiliary, stranded)
}

/// `topic` with the last answer's phrase joined where the question word
/// asking for it stood, when the follow-up asks something else of the
/// same event: "Iwaya go" and "Kyiv" (for "where") make "Iwaya go to
/// Kyiv"; "Iwaya arrive in Kyiv" and "Saturday" (for "when") make "Iwaya
/// arrive in Kyiv on Saturday"; "Iwaya meet" and "Andrii Sybiha" (for
/// "who") make "Iwaya meet Andrii Sybiha". A phrase the topic already
/// holds, or a follow-up asking the same thing again, leaves it as it is.
///
/// After "is" ("Who is Japan's foreign minister?") the answer says who
/// someone is, not who took part in something; after "for" ("What did he
/// come for?") it is a purpose. Neither joins.
fn with_last_answer(
    topic: &str,
    follow_up: &str,
    aux: &str,
    answered: Option<&Answered>,
) -> String {
    let Some(a) = answered else {
        return topic.to_string();
    };
    let lower = topic.to_lowercase();
    let identity = matches!(aux, "is" | "are" | "was" | "were");
    let joins = match a.asked.as_str() {
        "where" | "when" => true,
        _ => !identity && a.stranded.as_deref() != Some("for"),
    };
    if !joins || follow_up == a.asked || lower.contains(&a.phrase.to_lowercase()) {
        return topic.to_string();
    }
    let preposition = match a.asked.as_str() {
        "where" => place_preposition(lower.split_whitespace().last().unwrap_or_default()),
        "when" => date_preposition(&a.phrase),
        _ => a.stranded.as_deref(),
    };
    match preposition {
        Some(p) => format!("{topic} {p} {}", a.phrase),
        None => format!("{topic} {}", a.phrase),
    }
}

/// How a place joins the verb before it: "visit Kyiv", "arrive in Kyiv",
/// "go to Kyiv", "meet in Kyiv".
fn place_preposition(verb: &str) -> Option<&'static str> {
    let starts = |stems: &[&str]| stems.iter().any(|s| verb.starts_with(s));
    if starts(&[
        "visit", "tour", "reach", "flee", "fled", "escap", "leave", "left",
    ]) {
        None
    } else if starts(&["arriv", "settl", "land"]) || !answer::is_motion_word(verb) {
        Some("in")
    } else {
        Some("to")
    }
}

/// How a date joins a sentence: "on Saturday", "on October 9", "in 2019",
/// "in the 1990s", and "last week" as it is.
fn date_preposition(date: &str) -> Option<&'static str> {
    let words: Vec<String> = date
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let first = words.first().map(String::as_str).unwrap_or_default();
    if DATE_OPENERS.contains(&first) || crate::facts::is_relative_day(first) {
        return None;
    }
    let day_number = |w: &String| w.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n));
    let a_day = words.iter().any(|w| crate::facts::is_weekday(w))
        || (words.len() > 1 && words.iter().any(day_number));
    Some(if a_day { "on" } else { "in" })
}

/// `question` without the words it opens with that say nothing of what
/// it asks ("And when?" → "when?").
fn without_fillers(question: &str) -> String {
    let words: Vec<&str> = question.split_whitespace().collect();
    let skip = words
        .iter()
        .take_while(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            FILLERS.contains(&w.as_str())
        })
        .count();
    match words.get(skip..) {
        Some(rest) if !rest.is_empty() => rest.join(" "),
        _ => question.trim().to_string(),
    }
}

/// A follow-up with no words of its own, its fillers gone ("when?" of
/// "and when?"), asked about `ctx`'s topic: "When did the minister come
/// to Kyiv?".
fn on_the_last_topic(asked: &str, ctx: &Context) -> String {
    let asked = asked.trim_end_matches(['?', '!', '.', ' ']);
    let mut chars = asked.chars();
    let asked: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => asked.to_string(),
    };
    let lower = asked.to_lowercase();
    // "How many" and "how much" take the topic as their noun ("How many
    // North Korean troops sent?"); the other question words take its
    // auxiliary back ("When did the minister come to Kyiv?").
    let counts = lower.starts_with("how many") || lower.starts_with("how much");
    let ends_in_question_word = lower
        .split_whitespace()
        .last()
        .is_some_and(|w| QUESTION_WORDS.contains(&w) || matches!(w, "time" | "often"));
    let many = lower.starts_with("how many");
    match (&ctx.auxiliary, &ctx.passive) {
        (_, Some(p)) if counts && many == p.plural => {
            format!("{asked} {} {} {}?", p.counted(), p.be(), p.done)
        }
        (None, Some(p)) if !counts && ends_in_question_word => {
            format!("{asked} {} {} {}?", p.be(), p.object, p.done)
        }
        (Some(aux), _) if !counts && ends_in_question_word => {
            let word = lower.split_whitespace().next().unwrap_or_default();
            let topic = with_last_answer(&ctx.topic, word, aux, ctx.answered.as_ref());
            format!("{asked} {aux} {topic}?")
        }
        _ if counts => {
            let topic = ctx.topic.strip_prefix("the ").unwrap_or(&ctx.topic);
            format!("{asked} {topic}?")
        }
        _ if ends_in_question_word => match auxiliary_inside(&ctx.topic) {
            // "How many troops were sent?" then "When?": "When were troops sent?"
            Some((subject, aux, rest)) => format!("{asked} {aux} {subject} {rest}?"),
            None => format!("{asked} {}?", ctx.topic),
        },
        _ => format!("{asked} {}?", ctx.topic),
    }
}

/// A topic in the passive whose auxiliary follows its subject ("troops
/// were sent to Russia", of "How many troops were sent to Russia?"), split
/// there: the subject, the auxiliary and the rest, so a question word can
/// take the auxiliary before the subject again.
fn auxiliary_inside(topic: &str) -> Option<(String, &str, String)> {
    let words: Vec<&str> = topic.split_whitespace().collect();
    let at = words
        .iter()
        .take(4)
        .position(|w| matches!(w.to_lowercase().as_str(), "is" | "are" | "was" | "were"))?;
    if at == 0 || participle(words.get(at + 1)?).is_none() {
        return None;
    }
    Some((words[..at].join(" "), words[at], words[at + 1..].join(" ")))
}

/// Reads `question` against `ctx`: pronouns for people ("he", "her",
/// "his"), groups ("they"), places ("there") and dates ("then") become the
/// context's entities; a question with no words of its own ("How many?",
/// "Where?") gets the last question's topic. `None` when it needs neither.
pub(crate) fn resolve(kb: &KnowledgeBase, question: &str, ctx: &Context) -> Option<Resolved> {
    let mut changed = false;
    let mut out: Vec<String> = Vec::new();
    for raw in question.split_whitespace() {
        let start = raw.find(|c: char| c.is_alphanumeric()).unwrap_or(raw.len());
        let end = raw.rfind(|c: char| c.is_alphanumeric()).map_or(start, |i| {
            i + raw[i..].chars().next().map_or(1, char::len_utf8)
        });
        let (lead, word, tail) = (
            &raw[..start],
            &raw[start..end.max(start)],
            &raw[end.max(start)..],
        );
        let lower = word.to_lowercase();
        let replacement = match person_pronoun(&lower) {
            Some(owner) => ctx
                .people
                .first()
                .map(|p| if owner { format!("{p}'s") } else { p.clone() }),
            None => match lower.as_str() {
                "they" | "them" => ctx.people.first().or(ctx.groups.first()).cloned(),
                "their" | "theirs" => ctx
                    .people
                    .first()
                    .or(ctx.groups.first())
                    .map(|p| format!("{p}'s")),
                "there" => ctx.places.first().map(|p| format!("in {p}")),
                "then" => ctx.dates.first().map(|d| format!("on {d}")),
                _ => None,
            },
        };
        match replacement {
            Some(r) => {
                changed = true;
                out.push(format!("{lead}{r}{tail}"));
            }
            None => out.push(raw.to_string()),
        }
    }
    let mut text = out.join(" ");
    if !changed {
        // No word of its own to look for: the question is about the last one's subject.
        let asked = without_fillers(question);
        if !analyze_question(kb, &asked).terms.is_empty() || ctx.topic.is_empty() {
            return None;
        }
        text = on_the_last_topic(&asked, ctx);
    }
    Some(Resolved {
        text,
        article: ctx.article.clone(),
    })
}

/// Whether a question asks what the conversation's article is about
/// ("What is this article about?", "Summarize it", "tl;dr").
pub(crate) fn asks_for_summary(question: &str) -> bool {
    let q: String = question
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ';' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = q.split_whitespace().collect();
    let has = |w: &str| words.contains(&w);
    let about_it = (has("about") || has("summary") || has("gist"))
        && ["article", "story", "piece", "text", "it", "this", "that"]
            .iter()
            .any(|w| has(w))
        && (has("what") || has("summary") || has("gist"));
    let summarize = words
        .first()
        .is_some_and(|w| matches!(*w, "summarize" | "summarise" | "summary" | "tl;dr" | "tldr"));
    about_it || summarize
}

#[cfg(test)]
mod tests;
