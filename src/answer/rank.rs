//! Ranking sentences for a question: BM25 over sentences as the base, plus
//! evidence that a sentence really answers (the article is about the
//! question, the title matches, the sentence holds a fact of the wanted kind
//! that the question does not already name, the matched words sit close
//! together, the context around it covers the question). Every weight is a
//! named field of [`RankConfig`] with its reason.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::agree;
use super::matcher::Matcher;
use super::phrase;
use super::question::{AnswerKind, Question};
use super::soft::SoftMatcher;
use crate::facts::FactKind;
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::index::{Index, PostingIter};
use crate::knowledge::KnowledgeBase;
use crate::text::Lang;

/// The ranker's parameters. The feature weights are learned from the four
/// bench sets' dev parts by `bench/train-ranker.sh` (`weights.json`), and
/// for questions in other languages than English from the XQuAD
/// translations (`weights_other_languages.json`, see `per_language`); the
/// rest (BM25's `k1` and `b`, the candidate counts, the confidence
/// settings) were chosen by measuring on the same sets (`articlebot
/// eval`), never per question.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RankConfig {
    /// BM25 term-frequency saturation (Lucene's default range 1.2–2.0).
    pub k1: f32,
    /// BM25 length normalisation: sentences vary less in length than documents.
    pub b: f32,
    /// Weight of the sentence's BM25, normalised to the best sentence's.
    pub bm25: f32,
    /// Weight of the share of the question's keywords (idf-weighted) in the sentence.
    pub coverage: f32,
    /// Weight of the same share over the sentence, its neighbours and its
    /// article's title: pronouns ("he was born in 1856") live off context.
    pub context: f32,
    /// Weight of the article's BM25 against the whole question, normalised:
    /// a sentence in the article about the question is likelier right.
    pub article: f32,
    /// Weight of question keywords found in the article's title.
    pub title: f32,
    /// Weight of holding a fact of the kind the question asks for that the
    /// question itself does not name, for where / which place,
    /// organisation or name questions.
    pub answer_type: f32,
    /// The same for "who" questions and a person the question does not name.
    pub answer_person: f32,
    /// Weight of a person here holding the very office the question names
    /// ("Mayor Patrick Lindqvist" for "who is the mayor of Millbrook?"):
    /// stronger evidence than any person.
    pub answer_role: f32,
    /// The same for "when" questions and a date.
    pub answer_date: f32,
    /// The same for "how many/much/long" questions and a number.
    pub answer_number: f32,
    /// Weight of standing early in the article (1 / (1 + position)):
    /// news puts what matters first.
    pub early: f32,
    /// Weight of matched words close together (matched / window length).
    pub proximity: f32,
    /// Weight of being the article's first sentence when the question asks
    /// for a description ("what is X", "how did X become famous"): leads of
    /// news and encyclopedia articles summarise them. Scaled by title match.
    pub lead: f32,
    /// The same for questions that want a fact (who, when, how many), where
    /// the lead helps less.
    pub lead_factoid: f32,
    /// Weight of being a fragment: how far the sentence falls short of
    /// six words (captions, headings and datelines answer little).
    pub short: f32,
    /// Weight of the question's neighbouring word pairs standing together
    /// in the sentence, in order: it repeats the question's phrases.
    pub adjacency: f32,
    /// Weight of the share of the question the sentence holds only in
    /// other words (soldiers / troops): below an exact match's, since a
    /// related word is sometimes a different thing (soldiers / civilians).
    pub soft: f32,
    /// What a soft match counts for in confidence, against an exact one's
    /// one. The soft share is already scaled by each word's similarity, so
    /// at one a related word still counts below the word itself; and it counts
    /// only beside an exact match, never enough to answer on soft matches
    /// alone. Measured: 1 keeps 96.8% of wikiqa's questions unanswered over
    /// `knowledge/` (0.5: 97.3%) and answers a few more bench questions.
    pub soft_confidence: f32,
    /// Candidates scored in full, taken by BM25 plus article score.
    pub candidates: usize,
    /// The best candidates whose context is weighed in (when `context`
    /// weighs anything): it costs a pass over three sentences each.
    pub rerank: usize,
    /// Under this confidence the reply is "I don't know".
    pub min_confidence: f32,
    /// Whether questions in other languages than English are ranked with
    /// the feature weights learned from the XQuAD translations of eleven
    /// languages (`weights_other_languages.json`) instead of this config's.
    /// The English weights are learned from English sets of news,
    /// encyclopedia and sentence-selection pools, where an article's first
    /// sentences answer most (`early`); over the translations, whose
    /// questions are spread over every paragraph and whose facts (names,
    /// numbers in words) are found less often, they ranked the lead and
    /// the fact kinds far above what the words matched. Off when exploring
    /// weights for every language (`eval --config`).
    pub per_language: bool,
}

/// The feature weights learned from the bench's dev parts: written by
/// `bench/train-ranker.sh` (listwise logistic over the features of each
/// question's candidates), never by hand, so the script reproduces them.
const LEARNED: &str = include_str!("weights.json");

/// The feature weights for questions in other languages than English:
/// written by `bench/train-ranker.sh` from the XQuAD dev parts of the
/// eleven languages besides English, each weighing the same.
const LEARNED_OTHER: &str = include_str!("weights_other_languages.json");

/// `weights.json`'s fields: one per feature, as in [`RankConfig`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Learned {
    bm25: f32,
    coverage: f32,
    context: f32,
    article: f32,
    title: f32,
    answer_type: f32,
    answer_person: f32,
    answer_role: f32,
    answer_date: f32,
    answer_number: f32,
    early: f32,
    proximity: f32,
    lead: f32,
    lead_factoid: f32,
    short: f32,
    adjacency: f32,
    soft: f32,
}

fn learned() -> &'static Learned {
    static PARSED: std::sync::OnceLock<Learned> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        // Compiled in and checked by a test: a bad file never ships.
        serde_json::from_str(LEARNED).expect("src/answer/weights.json matches RankConfig")
    })
}

fn learned_other() -> &'static Learned {
    static PARSED: std::sync::OnceLock<Learned> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        serde_json::from_str(LEARNED_OTHER)
            .expect("src/answer/weights_other_languages.json matches RankConfig")
    })
}

impl Learned {
    /// `cfg` with these feature weights, its other settings kept.
    fn apply(&self, cfg: &mut RankConfig) {
        cfg.bm25 = self.bm25;
        cfg.coverage = self.coverage;
        cfg.context = self.context;
        cfg.article = self.article;
        cfg.title = self.title;
        cfg.answer_type = self.answer_type;
        cfg.answer_person = self.answer_person;
        cfg.answer_role = self.answer_role;
        cfg.answer_date = self.answer_date;
        cfg.answer_number = self.answer_number;
        cfg.early = self.early;
        cfg.proximity = self.proximity;
        cfg.lead = self.lead;
        cfg.lead_factoid = self.lead_factoid;
        cfg.short = self.short;
        cfg.adjacency = self.adjacency;
        cfg.soft = self.soft;
    }
}

impl Default for RankConfig {
    fn default() -> Self {
        let mut cfg = RankConfig {
            k1: 1.2,
            b: 0.5,
            bm25: 0.0,
            coverage: 0.0,
            context: 0.0,
            article: 0.0,
            title: 0.0,
            answer_type: 0.0,
            answer_person: 0.0,
            answer_role: 0.0,
            answer_date: 0.0,
            answer_number: 0.0,
            early: 0.0,
            proximity: 0.0,
            lead: 0.0,
            lead_factoid: 0.0,
            short: 0.0,
            adjacency: 0.0,
            soft: 0.0,
            soft_confidence: 1.0,
            candidates: 400,
            rerank: 50,
            min_confidence: 0.35,
            per_language: true,
        };
        learned().apply(&mut cfg);
        cfg
    }
}

impl RankConfig {
    /// The config a question in `lang` is ranked with: this one, or, with
    /// `per_language` and a language other than English, this one with the
    /// weights learned for other languages.
    fn for_lang(&self, lang: Lang) -> Cow<'_, RankConfig> {
        if !self.per_language || lang == Lang::ENGLISH {
            return Cow::Borrowed(self);
        }
        let mut cfg = self.clone();
        learned_other().apply(&mut cfg);
        Cow::Owned(cfg)
    }
}

/// A scored sentence with the evidence behind its score.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Scored {
    /// The sentence.
    pub(crate) sentence: SentenceId,
    /// Final score.
    pub(crate) score: f32,
    /// Share of the question's keyword weight the sentence holds.
    pub(crate) coverage: f32,
    /// Share held by the sentence with its neighbours and title (filled in
    /// for the answers returned; the rest only when it weighs in the score).
    pub(crate) context: f32,
    /// Share of the question's weight the sentence's context holds only
    /// in other words (see `soft`; filled in like `context`).
    pub(crate) soft_context: f32,
    /// The evidence the score was computed from.
    pub(crate) features: Features,
}

/// The question's keyword weights: sentence-level idf, with words the
/// table lacks weighted as the rarest possible (they are what the user is
/// asking about, so missing them must lower confidence). Returns the known
/// words with their weights, every word's weight in question order, and
/// the sum.
fn weights(kb: &KnowledgeBase, q: &Question) -> (Vec<(TermId, f32)>, Vec<f32>, f32) {
    let index = kb.index();
    let n = index.sentence_count.max(1) as f32;
    let max_idf = ((n + 0.5) / 0.5 + 1.0).ln();
    let mut known = Vec::new();
    let mut every = Vec::with_capacity(q.terms.len());
    let mut total = 0.0;
    for t in &q.terms {
        let w = match t.term {
            Some(id) if !index.postings(id).is_empty() || !index.title_articles(id).is_empty() => {
                let mut w = if index.postings(id).is_empty() {
                    max_idf
                } else {
                    index.idf(id)
                };
                if t.corrected_to.is_some() {
                    w *= 0.8;
                }
                known.push((id, w));
                w
            }
            _ => max_idf,
        };
        every.push(w);
        total += w;
    }
    (known, every, total)
}

/// Ranks sentences for an analyzed question, best first.
pub(crate) fn rank(
    kb: &KnowledgeBase,
    q: &Question,
    cfg: &RankConfig,
    limit: usize,
) -> Vec<Scored> {
    let cfg = &*cfg.for_lang(q.lang);
    let (terms, word_weights, total_weight) = weights(kb, q);
    if terms.is_empty() || total_weight <= 0.0 {
        return Vec::new();
    }
    let query = Query {
        kb,
        q,
        cfg,
        terms,
        word_weights,
        total_weight,
    };
    SCRATCH.with_borrow_mut(|scratch| {
        scratch.prepare(kb);
        let pool = pool(&query, scratch);
        score_pool(&query, limit, pool, scratch)
    })
}

/// What ranking one question works from, shared by its stages.
struct Query<'a> {
    kb: &'a KnowledgeBase,
    q: &'a Question,
    cfg: &'a RankConfig,
    /// The question's words the table has, with their weights ([`weights`]).
    terms: Vec<(TermId, f32)>,
    /// Every question word's weight, in question order.
    word_weights: Vec<f32>,
    /// The weight of all the question's words, the table's or not.
    total_weight: f32,
}

/// The sentences worth scoring, with the cheap part of their score, and
/// the normalisers that part was computed with.
struct Pool {
    candidates: Vec<(SentenceId, f32)>,
    norms: Norms,
}

/// Per-thread score accumulators, one slot per article, reused from
/// question to question (only the slots a question touched are reset
/// afterwards), and the sentences a question touched with their BM25.
#[derive(Default)]
struct Scratch {
    article: Vec<f32>,
    title: Vec<f32>,
    /// Every sentence holding a question word, in sentence order, with its
    /// BM25 and its article.
    sentences: Vec<(SentenceId, f32, ArticleId)>,
    articles_touched: Vec<ArticleId>,
    titles_touched: Vec<ArticleId>,
    /// Set while a question is being ranked: if ranking ever unwound midway,
    /// the next question clears every slot instead of trusting them.
    dirty: bool,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

impl Scratch {
    fn prepare(&mut self, kb: &KnowledgeBase) {
        if self.dirty {
            *self = Scratch::default();
        }
        self.dirty = true;
        let a = kb.articles().len();
        self.article.resize(a, 0.0);
        self.title.resize(a, 0.0);
    }

    fn reset(&mut self) {
        for &a in &self.articles_touched {
            self.article[a.index()] = 0.0;
        }
        for &a in &self.titles_touched {
            self.title[a.index()] = 0.0;
        }
        self.sentences.clear();
        self.articles_touched.clear();
        self.titles_touched.clear();
        self.dirty = false;
    }
}

/// Adds `score` to slot `i`, noting the slot the first time (every score
/// added is positive, so a zero slot is an untouched one).
fn accumulate(slots: &mut [f32], touched: &mut Vec<ArticleId>, i: ArticleId, score: f32) {
    let slot = &mut slots[i.index()];
    if *slot == 0.0 {
        touched.push(i);
    }
    *slot += score;
}

/// One question word's place in the merge of postings.
struct Head<'a> {
    postings: PostingIter<'a>,
    current: Option<(SentenceId, u32)>,
    weight: f32,
    article_idf: f32,
    /// Occurrences in the current article so far.
    article_tf: u32,
}

impl<'a> Head<'a> {
    fn new(index: &'a Index, id: TermId, weight: f32) -> Head<'a> {
        let mut postings = index.postings(id).iter();
        Head {
            current: postings.next(),
            postings,
            weight,
            article_idf: index.article_idf(id),
            article_tf: 0,
        }
    }

    /// The next sentence holding the word, or [`END`] past the last.
    fn next(&self) -> SentenceId {
        self.current.map_or(END, |c| c.0)
    }
}

/// Past every sentence: sentence ids are below `u32::MAX` (4 GB of text
/// holds fewer sentences).
const END: SentenceId = SentenceId(u32::MAX);

/// Sentence `s`'s BM25 (`norm` is its length normalisation), in one pass
/// over the words that also moves past `s` and finds the next sentence.
fn score_sentence(heads: &mut [Head], s: SentenceId, norm: f32, k1: f32) -> (f32, SentenceId) {
    let mut score = 0.0f32;
    let mut next = END;
    for h in heads {
        if let Some((at, tf)) = h.current.filter(|c| c.0 == s) {
            let tf_f = tf as f32;
            score += h.weight * tf_f * (k1 + 1.0) / (tf_f + norm);
            h.article_tf += tf;
            h.current = h.postings.next();
            debug_assert!(h.current.is_none_or(|c| c.0 > at));
        }
        next = next.min(h.next());
    }
    (score, next)
}

/// Normalisers of the cheap scores over one question.
struct Norms {
    bm25: f32,
    article: f32,
    total_weight: f32,
}

impl Norms {
    fn article(&self, scratch: &Scratch, a: ArticleId) -> f32 {
        scratch.article[a.index()] / self.article
    }

    fn title(&self, scratch: &Scratch, a: ArticleId) -> f32 {
        scratch.title[a.index()] / self.total_weight
    }
}

/// Every sentence holding a question word (and the leads of articles whose
/// title does), with the cheap part of its score; fills the accumulators.
fn pool(query: &Query, scratch: &mut Scratch) -> Pool {
    let Query {
        kb,
        cfg,
        ref terms,
        total_weight,
        ..
    } = *query;
    let index = kb.index();
    merge_postings(query, scratch);
    let Scratch {
        title,
        sentences,
        titles_touched,
        ..
    } = scratch;
    for &(id, w) in terms {
        for &a in index.title_articles(id) {
            accumulate(title, titles_touched, a, w);
        }
    }
    let max_of = |slots: &[f32], touched: &[ArticleId]| {
        touched
            .iter()
            .map(|&i| slots[i.index()])
            .fold(0.0f32, f32::max)
            .max(1e-6)
    };
    let norms = Norms {
        bm25: sentences
            .iter()
            .map(|&(_, score, _)| score)
            .fold(0.0f32, f32::max)
            .max(1e-6),
        article: max_of(&scratch.article, &scratch.articles_touched),
        total_weight,
    };
    let scratch = &*scratch;
    // Answers come from articles in the question's language only: a
    // sentence in another language holding the question's names or
    // numbers is no answer the asker can read.
    let same_lang = |a: ArticleId| kb.lang_of(a) == query.q.lang;
    // The cheap part of the score, for the shortlist.
    let mut candidates: Vec<(SentenceId, f32)> = scratch
        .sentences
        .iter()
        .filter(|&&(_, _, a)| same_lang(a))
        .map(|&(s, bm25, a)| {
            (
                s,
                cfg.bm25 * bm25 / norms.bm25
                    + cfg.article * norms.article(scratch, a)
                    + cfg.title * norms.title(scratch, a),
            )
        })
        .collect();
    // Lead sentences of articles whose title matches answer "what is X".
    if cfg.lead > 0.0 {
        for &a in &scratch.titles_touched {
            let sentences = &kb.article_at(a).sentences;
            let first = sentences.start;
            if sentences.end > first
                && same_lang(a)
                && scratch
                    .sentences
                    .binary_search_by_key(&first, |&(s, _, _)| s)
                    .is_err()
            {
                candidates.push((
                    first,
                    cfg.article * norms.article(scratch, a) + cfg.title * norms.title(scratch, a),
                ));
            }
        }
    }
    Pool { candidates, norms }
}

/// Fills the scratch's sentences (each sentence holding a question word,
/// with its BM25 and article) and article slots (each article's BM25
/// against the whole question).
fn merge_postings(query: &Query, scratch: &mut Scratch) {
    let Query {
        kb, cfg, ref terms, ..
    } = *query;
    let index = kb.index();
    let avg = index.avg_sentence_len.max(1.0);
    let avg_a = index.avg_article_len.max(1.0);
    let Scratch {
        article,
        sentences,
        articles_touched,
        ..
    } = scratch;
    let article_bm25 = |a: ArticleId, tf: u32, aidf: f32| {
        let len = index.article_len(a) as f32;
        let tf = tf as f32;
        aidf * tf * (cfg.k1 + 1.0) / (tf + cfg.k1 * (1.0 - cfg.b + cfg.b * len / avg_a))
    };
    // Sentence and article BM25 in one merge of the words' postings, in
    // sentence order: each sentence's score is summed right away, and an
    // article's sentences are consecutive, so its words' counts are
    // complete when the merge leaves it. Reading the postings front to back
    // and writing the results in order avoids a per-sentence score array,
    // whose scattered reads were most of the time on a large folder.
    // Per sentence and per article, contributions are added in question
    // word order, as the words are listed.
    let mut heads: Vec<Head> = terms
        .iter()
        .map(|&(id, w)| Head::new(index, id, w))
        .collect();
    // BM25's length normalisation of a sentence: the same expression for
    // each length, so the same float, but computed once per question for
    // the lengths nearly every sentence has instead of once per posting.
    let length_norm = |len: u32| cfg.k1 * (1.0 - cfg.b + cfg.b * len as f32 / avg);
    let short_norms: Vec<f32> = (0..256).map(length_norm).collect();
    let mut articles = index.article_cursor();
    let mut open_article: Option<ArticleId> = None;
    let mut close_article = |a: ArticleId, heads: &mut [Head]| {
        for h in heads.iter_mut().filter(|h| h.article_tf > 0) {
            let score = article_bm25(a, h.article_tf, h.article_idf);
            accumulate(article, articles_touched, a, score);
            h.article_tf = 0;
        }
    };
    let mut next = heads.iter().map(Head::next).min().unwrap_or(END);
    while next != END {
        let s = next;
        let a = articles.article(s);
        if let Some(open) = open_article.filter(|&open| open != a) {
            close_article(open, &mut heads);
        }
        open_article = Some(a);
        let len = index.sentence_len(s);
        let norm = short_norms
            .get(len as usize)
            .copied()
            .unwrap_or_else(|| length_norm(len));
        let (score, after) = score_sentence(&mut heads, s, norm, cfg.k1);
        sentences.push((s, score, a));
        next = after;
    }
    if let Some(open) = open_article {
        close_article(open, &mut heads);
    }
}

/// The evidence about one candidate sentence, each roughly in 0..1; the
/// score is their sum weighted by [`RankConfig`]'s fields of the same name
/// (see there for what each means and why it counts).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub(crate) struct Features {
    pub(crate) bm25: f32,
    pub(crate) article: f32,
    pub(crate) title: f32,
    pub(crate) coverage: f32,
    pub(crate) context: f32,
    pub(crate) answer_type: f32,
    pub(crate) answer_person: f32,
    pub(crate) answer_role: f32,
    pub(crate) answer_date: f32,
    pub(crate) answer_number: f32,
    pub(crate) proximity: f32,
    pub(crate) lead: f32,
    pub(crate) lead_factoid: f32,
    pub(crate) short: f32,
    pub(crate) adjacency: f32,
    pub(crate) soft: f32,
    pub(crate) early: f32,
}

impl Features {
    /// The features' names, in [`Features::values`]' order: the learning
    /// script reads them from the dump's first line.
    pub(crate) const NAMES: [&'static str; 17] = [
        "bm25",
        "article",
        "title",
        "coverage",
        "context",
        "answer_type",
        "answer_person",
        "answer_date",
        "answer_number",
        "proximity",
        "lead",
        "lead_factoid",
        "short",
        "adjacency",
        "soft",
        "early",
        "answer_role",
    ];

    /// The values, in [`Features::NAMES`]' order.
    pub(crate) fn values(&self) -> [f32; 17] {
        [
            self.bm25,
            self.article,
            self.title,
            self.coverage,
            self.context,
            self.answer_type,
            self.answer_person,
            self.answer_date,
            self.answer_number,
            self.proximity,
            self.lead,
            self.lead_factoid,
            self.short,
            self.adjacency,
            self.soft,
            self.early,
            self.answer_role,
        ]
    }

    /// The weighted sum, in a fixed order so equal inputs give equal floats.
    fn score(&self, cfg: &RankConfig) -> f32 {
        cfg.bm25 * self.bm25
            + cfg.article * self.article
            + cfg.title * self.title
            + cfg.coverage * self.coverage
            + cfg.context * self.context
            + cfg.answer_type * self.answer_type
            + cfg.answer_person * self.answer_person
            + cfg.answer_date * self.answer_date
            + cfg.answer_number * self.answer_number
            + cfg.proximity * self.proximity
            + cfg.lead * self.lead
            + cfg.lead_factoid * self.lead_factoid
            + cfg.short * self.short
            + cfg.adjacency * self.adjacency
            + cfg.soft * self.soft
            + cfg.early * self.early
            + cfg.answer_role * self.answer_role
    }
}

/// Scores the shortlist of the pool in full, best first.
fn score_pool(query: &Query, limit: usize, pool: Pool, scratch: &mut Scratch) -> Vec<Scored> {
    let Query {
        kb,
        q,
        cfg,
        ref terms,
        ref word_weights,
        total_weight,
    } = *query;
    let Pool {
        candidates: mut pool,
        norms,
    } = pool;
    // Only the shortlist needs ordering: on a large folder the pool holds
    // every sentence sharing a word with the question.
    let keep = cfg.candidates.max(limit);
    let order =
        |a: &(SentenceId, f32), b: &(SentenceId, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if pool.len() > keep {
        pool.select_nth_unstable_by(keep, order);
        pool.truncate(keep);
    }
    pool.sort_unstable_by(order);

    let mut matcher = Matcher::new(terms);
    let mut soft = SoftMatcher::new(kb, q, word_weights);
    let any_soft = !soft.is_empty();
    let question_terms: Vec<TermId> = terms.iter().map(|t| t.0).collect();
    let memo = agree::Memo::default();
    let mut scored: Vec<Scored> = pool
        .into_iter()
        .map(|(s, _)| {
            let sent = kb.sentence_at(s);
            let (coverage, proximity) = matcher.coverage_and_proximity(sent.terms, total_weight);
            let adjacency = matcher.adjacency();
            let soft_share = if any_soft {
                soft.sentence_share(sent.terms, total_weight)
            } else {
                0.0
            };
            let a = sent.article;
            let (article, title) = (norms.article(scratch, a), norms.title(scratch, a));
            let about = title.max(article).min(1.0);
            let first = sent.position == 0;
            let bm25 = scratch
                .sentences
                .binary_search_by_key(&s, |&(s, _, _)| s)
                .map_or(0.0, |i| scratch.sentences[i].1 / norms.bm25);
            let len = kb.index().sentence_len(s) as f32;
            let (typed, role) = has_answer_fact(kb, s, q, &question_terms, &memo);
            let typed_as = |kinds: &[AnswerKind]| {
                if kinds.contains(&q.kind) { typed } else { 0.0 }
            };
            let features = Features {
                bm25,
                article,
                title,
                coverage,
                context: 0.0,
                answer_type: typed_as(&[
                    AnswerKind::Place,
                    AnswerKind::Organisation,
                    AnswerKind::Entity,
                ]),
                answer_person: typed_as(&[AnswerKind::Person]),
                answer_role: if role { 1.0 } else { 0.0 },
                answer_date: typed_as(&[AnswerKind::Date]),
                answer_number: typed_as(&[AnswerKind::Number, AnswerKind::Duration]),
                early: 1.0 / (1.0 + sent.position as f32),
                proximity,
                lead: if first && q.kind.wants_description() {
                    about
                } else {
                    0.0
                },
                lead_factoid: if first && !q.kind.wants_description() {
                    about
                } else {
                    0.0
                },
                short: (1.0 - len / SHORT_SENTENCE).max(0.0),
                adjacency,
                soft: soft_share,
            };
            Scored {
                sentence: s,
                score: features.score(cfg),
                coverage,
                context: 0.0,
                soft_context: 0.0,
                features,
            }
        })
        .collect();
    let by_score = |a: &Scored, b: &Scored| {
        b.score
            .total_cmp(&a.score)
            .then(a.sentence.cmp(&b.sentence))
    };
    scored.sort_unstable_by(by_score);
    // Context costs a pass over three sentences: it is weighed in for the
    // best few only, which it reorders, and filled in for the answers.
    let rerank = if cfg.context > 0.0 { cfg.rerank } else { 0 };
    for sc in scored.iter_mut().take(rerank.max(limit.max(1))) {
        sc.context = context_share(kb, sc.sentence, &mut matcher, total_weight);
        sc.features.context = sc.context;
        if any_soft {
            sc.soft_context = soft.share(context_terms(kb, sc.sentence), total_weight);
        }
    }
    let head = scored.len().min(rerank);
    for sc in &mut scored[..head] {
        sc.score = sc.features.score(cfg);
    }
    scored[..head].sort_unstable_by(by_score);
    scratch.reset();
    scored
}

/// Sentences shorter than this many words are fragments more often than
/// answers (captions, headings, datelines).
const SHORT_SENTENCE: f32 = 6.0;

/// The terms of a sentence, its neighbours and its article's title: what
/// a reader has in view when reading the sentence.
fn context_terms(kb: &KnowledgeBase, s: SentenceId) -> impl Iterator<Item = TermId> + '_ {
    let sent = kb.sentence_at(s);
    let article = kb.article_at(sent.article);
    let neighbours = [SentenceId(s.0.wrapping_sub(1)), SentenceId(s.0 + 1)]
        .into_iter()
        .filter(|n| article.sentences.contains(n))
        .flat_map(|n| kb.sentence_at(n).terms.iter());
    sent.terms
        .iter()
        .chain(neighbours)
        .chain(article.title_terms.iter().copied())
}

/// The question's keyword share over a sentence's context
/// ([`context_terms`]): pronouns ("he was born in 1856") live off context.
fn context_share(kb: &KnowledgeBase, s: SentenceId, matcher: &mut Matcher, total: f32) -> f32 {
    matcher.find(context_terms(kb, s));
    matcher.coverage(total).0
}

/// 1.0 when the sentence holds a fact of a wanted kind whose words are not
/// all in the question (a fact the question already names answers nothing)
/// and that does not contradict what the question says of its answer
/// (someone else's role, another kind of number: see `agree`); 0.5 when
/// the question names whose role or what cost it asks about and no fact
/// here is shown to be that one's; -1.0 when its only such facts
/// contradict it; 0.0 when it has none. And whether such a fact is a
/// person holding the office the question names.
fn has_answer_fact(
    kb: &KnowledgeBase,
    s: SentenceId,
    q: &Question,
    question_terms: &[TermId],
    memo: &agree::Memo,
) -> (f32, bool) {
    let kinds = q.kind.wanted_facts();
    if kinds.is_empty() {
        return (0.0, false);
    }
    let sent = kb.sentence_at(s);
    let check = agree::Check::new(kb, s, q, memo);
    let (mut fits, mut agrees, mut conflicts, mut role) = (false, false, false, false);
    for f in sent.facts.iter() {
        if !kinds.contains(&f.kind)
            || phrase::fact_named(kb, &sent, f, question_terms, f.kind == FactKind::Person)
        {
            continue;
        }
        match check.as_ref().map(|c| c.fit(f)) {
            Some(agree::Fit::Conflicts) => conflicts = true,
            Some(agree::Fit::Agrees) => {
                (fits, agrees) = (true, true);
                role |= check.as_ref().is_some_and(|c| c.holds_the_role(f));
            }
            _ => fits = true,
        }
    }
    // Only candidates that contradict the question (someone else's role,
    // a count of those who returned for "how many were killed"): the
    // sentence is about something else, which counts against it as much as
    // a fitting fact counts for.
    if !fits && conflicts {
        return (-1.0, false);
    }
    // The question names whose role or what cost it asks about, and no
    // fact here is shown to be that one's ("the stadium will cost" for
    // the land's cost): half the evidence of one that is.
    let names_its_subject = !q.constraints.owner.is_empty() || q.constraints.subject.is_some();
    let typed = match (fits, agrees) {
        (false, _) => 0.0,
        (true, false) if check.is_some() && names_its_subject => 0.5,
        (true, _) => 1.0,
    };
    (typed, role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_languages_are_ranked_with_their_own_learned_weights() {
        let cfg = RankConfig::default();
        assert!(matches!(cfg.for_lang(Lang::ENGLISH), Cow::Borrowed(_)));
        let ru = Lang::parse("ru").expect("ru");
        let other = cfg.for_lang(ru);
        assert_eq!(other.early, learned_other().early);
        assert_eq!(other.bm25, learned_other().bm25);
        // Only the feature weights change: the rest is the caller's.
        assert_eq!(other.min_confidence, cfg.min_confidence);
        assert_eq!(other.candidates, cfg.candidates);
        let explore = RankConfig {
            per_language: false,
            early: 0.25,
            ..RankConfig::default()
        };
        assert_eq!(explore.for_lang(ru).early, 0.25);
    }
}
