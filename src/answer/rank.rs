//! Ranking sentences for a question: the candidate loop. Only sentences of
//! articles in the question's language are candidates; one merge of the
//! question words' postings gives each sentence's and each article's BM25,
//! the best by that cheap score are shortlisted, and each is scored by its
//! named evidence ([`Features`], found in `features`) weighted by
//! [`RankConfig`] (`weights`), the best few again with their context.

use serde::Serialize;

use super::Phrased;
use super::actor;
use super::context::{context_shares, context_terms, paragraph_share};
use super::continued;
use super::features::{Asked, Features, Matched};
use super::lift::{lifted, lifts_of, motion_words, named_otherwise, stand_in};
use super::local::Local;
use super::matcher::Matcher;
use super::question::Question;
use super::soft::SoftMatcher;
use super::standing::article_length;
use super::weights::RankConfig;
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::index::{Index, PostingIter};
use crate::knowledge::KnowledgeBase;
use crate::text::Lang;

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
    /// What the reply shows and its phrase, when worked out for the
    /// `phrase` feature: the reply reuses them.
    #[serde(skip)]
    pub(crate) phrased: Option<Phrased>,
}

/// English light verbs (Jespersen's: have, do, make, take, give, get,
/// go, come, put, set, keep; "have" and "do" are stop words already) in
/// every form, and the event words they make ("take place", "happen",
/// "occur"): they carry a question's grammar, not its topic.
#[rustfmt::skip]
const LIGHT_WORDS: &[&str] = &[
    "make", "makes", "making", "made",
    "take", "takes", "taking", "took", "taken",
    "give", "gives", "giving", "gave", "given",
    "get", "gets", "getting", "got", "gotten",
    "go", "goes", "going", "went", "gone",
    "come", "comes", "coming", "came",
    "put", "puts", "putting",
    "set", "sets", "setting",
    "keep", "keeps", "keeping", "kept",
    "place", "happen", "happens", "happened", "happening",
    "occur", "occurs", "occurred", "occurring",
];

/// The share of a missing word's weight a light word keeps. Half: over
/// `knowledge/` alone, 0.25 and 0.5 answer the same questions, and with
/// either the share of wikiqa's questions answered there stays 6 of 187.
const LIGHT_SHARE: f32 = 0.5;

/// The question's keyword weights: sentence-level idf, with words the
/// table lacks weighted as the rarest possible (they are what the user is
/// asking about, so missing them must lower confidence). Returns the known
/// words with their weights, every word's weight in question order, and
/// the sum.
fn weights(kb: &KnowledgeBase, q: &Question, setup: f32) -> (Vec<(TermId, f32)>, Vec<f32>, f32) {
    let index = kb.index();
    let n = index.sentence_count.max(1) as f32;
    let max_idf = ((n + 0.5) / 0.5 + 1.0).ln();
    let mut known = Vec::new();
    let mut every = Vec::with_capacity(q.terms.len());
    let mut total = 0.0;
    for t in &q.terms {
        let w = match t.term {
            Some(id) if index.is_live(id) => {
                let mut w = if index.postings(id).is_empty() {
                    max_idf
                } else {
                    index.idf(id)
                };
                if t.corrected_to.is_some() {
                    w *= 0.8;
                }
                if t.setup {
                    w *= setup;
                }
                known.push((id, w));
                w
            }
            // A light verb ("take place", "go", "get") says little of what
            // the question is about: a table without it is no sign that
            // nothing answers ("Where did the fighting take place?").
            _ if q.lang == Lang::ENGLISH && LIGHT_WORDS.contains(&t.word.as_str()) => {
                max_idf * LIGHT_SHARE
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
    let (terms, word_weights, total_weight) = weights(kb, q, cfg.setup);
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
    /// Per article (in article order) and question word (by its place in
    /// the question's known words): the article's sentences holding it
    /// (for [`Local`]).
    article_df: Vec<(ArticleId, u32, u32)>,
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
        self.article_df.clear();
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
    /// Sentences of the current article holding the word so far.
    article_df: u32,
    /// The word's BM25 in a sentence holding it once, by sentence length
    /// below [`SHORT`]: most postings are such, and a lookup spares them
    /// the division (the same expression, so the same float).
    once: Vec<f32>,
}

impl<'a> Head<'a> {
    fn new(index: &'a Index, id: TermId, weight: f32, norms: &[f32], k1: f32) -> Head<'a> {
        let mut postings = index.postings(id).iter();
        Head {
            current: postings.next(),
            postings,
            weight,
            article_idf: index.article_idf(id),
            article_tf: 0,
            article_df: 0,
            once: norms
                .iter()
                .map(|&norm| bm25_term(weight, 1, norm, k1))
                .collect(),
        }
    }

    /// This word's BM25 in its current sentence, moving past it.
    fn take(&mut self, (norm, short): LengthNorm, k1: f32) -> f32 {
        let Some((at, tf)) = self.current else {
            return 0.0;
        };
        self.article_tf += tf;
        self.article_df += 1;
        self.current = self.postings.next();
        debug_assert!(self.current.is_none_or(|c| c.0 > at));
        match short {
            Some(len) if tf == 1 => self.once[len],
            _ => bm25_term(self.weight, tf, norm, k1),
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

/// Sentence lengths whose BM25 normalisation is computed once per
/// question (nearly every sentence is shorter).
const SHORT: usize = 256;

/// One word's BM25 in a sentence holding it `tf` times (`norm` is the
/// sentence's length normalisation).
fn bm25_term(weight: f32, tf: u32, norm: f32, k1: f32) -> f32 {
    let tf = tf as f32;
    weight * tf * (k1 + 1.0) / (tf + norm)
}

/// A sentence's BM25 length normalisation, with its length when below
/// [`SHORT`] (the key to the words' [`Head::once`] tables).
type LengthNorm = (f32, Option<usize>);

/// Sentence `s`'s BM25: its words' contributions added in question word
/// order, moving every word holding it past it.
fn score_sentence(heads: &mut [Head], s: SentenceId, norm: LengthNorm, k1: f32) -> f32 {
    let mut score = 0.0f32;
    for h in heads.iter_mut().filter(|h| h.next() == s) {
        score += h.take(norm, k1);
    }
    score
}

/// The word whose next sentence comes first, that sentence, and the first
/// next sentence of the other words (the same sentence when one of them
/// holds it too); `None` past every word's last.
fn front(heads: &[Head]) -> Option<(usize, SentenceId, SentenceId)> {
    let (mut word, mut first, mut second) = (0, END, END);
    for (i, h) in heads.iter().enumerate() {
        let next = h.next();
        if next < first {
            (word, first, second) = (i, next, first);
        } else if next < second {
            second = next;
        }
    }
    (first != END).then_some((word, first, second))
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

/// An article's part of its sentences' cheap score: the BM25 weight, and
/// its article and title scores weighted, all as its length says.
type CheapParts = (f32, f32, f32);

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
    // The cheap part of the score, for the shortlist. An article's
    // sentences come in one run, so its parts are computed once per run
    // (the same floats, added in the same order).
    // Weighed as the article's length says (`RankConfig::long_article`).
    let cheap_parts = |a: ArticleId| {
        let (l, long) = (article_length(kb, a), &cfg.long_article);
        (
            cfg.bm25 + l * long.bm25,
            (cfg.article + l * long.article) * norms.article(scratch, a),
            (cfg.title + l * long.title) * norms.title(scratch, a),
        )
    };
    let mut candidates: Vec<(SentenceId, f32)> = Vec::with_capacity(scratch.sentences.len());
    let mut run: Option<(ArticleId, Option<CheapParts>)> = None;
    for &(s, bm25, a) in &scratch.sentences {
        let parts = match run {
            Some((open, parts)) if open == a => parts,
            _ => {
                let parts = same_lang(a).then(|| cheap_parts(a));
                run = Some((a, parts));
                parts
            }
        };
        if let Some((bm25_weight, article, title)) = parts {
            candidates.push((s, bm25_weight * bm25 / norms.bm25 + article + title));
        }
    }
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
                let (_, article, title) = cheap_parts(a);
                candidates.push((first, article + title));
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
        article_df,
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
    // BM25's length normalisation of a sentence: the same expression for
    // each length, so the same float, but computed once per question for
    // the lengths nearly every sentence has instead of once per posting.
    let length_norm = |len: u32| cfg.k1 * (1.0 - cfg.b + cfg.b * len as f32 / avg);
    let short_norms: Vec<f32> = (0..SHORT as u32).map(length_norm).collect();
    let mut heads: Vec<Head> = terms
        .iter()
        .map(|&(id, w)| Head::new(index, id, w, &short_norms, cfg.k1))
        .collect();
    let mut articles = index.article_cursor();
    let mut open_article: Option<ArticleId> = None;
    let mut close_article = |a: ArticleId, heads: &mut [Head]| {
        for (i, h) in heads
            .iter_mut()
            .enumerate()
            .filter(|(_, h)| h.article_tf > 0)
        {
            let score = article_bm25(a, h.article_tf, h.article_idf);
            accumulate(article, articles_touched, a, score);
            article_df.push((a, i as u32, h.article_df));
            h.article_tf = 0;
            h.article_df = 0;
        }
    };
    let norm_of = |s: SentenceId| {
        let len = index.sentence_len(s);
        match short_norms.get(len as usize) {
            Some(&norm) => (norm, Some(len as usize)),
            None => (length_norm(len), None),
        }
    };
    while let Some((first, s, second)) = front(&heads) {
        // Until `second`, the sentences hold only the first word: a run
        // of them is scored without looking at the other words (most
        // sentences of a large folder hold one question word, and the
        // frequent words' long lists come in such runs).
        let alone = second > s;
        let mut at = s;
        loop {
            let a = articles.article(at);
            if let Some(open) = open_article.filter(|&open| open != a) {
                close_article(open, &mut heads);
            }
            open_article = Some(a);
            let score = if alone {
                // The same sum as `score_sentence`'s, of one word.
                0.0f32 + heads[first].take(norm_of(at), cfg.k1)
            } else {
                score_sentence(&mut heads, at, norm_of(at), cfg.k1)
            };
            sentences.push((at, score, a));
            match heads[first].next() {
                next if alone && next < second => at = next,
                _ => break,
            }
        }
    }
    if let Some(open) = open_article {
        close_article(open, &mut heads);
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
    // A question in an article ("In America, what do we call the first
    // 10 amendments?", a quiz's own wording, a heading "What happens
    // next?") repeats the asker's words best and answers nothing.
    pool.retain(|&(s, _)| !asks(kb.sentence_at(s).text));
    let stand_ins = named_otherwise(kb, q, terms, &mut pool);
    let motion = motion_words(q, word_weights);
    let mut actors = actor::Actors::default();

    let mut matcher = Matcher::new(terms);
    let mut soft = SoftMatcher::new(kb, q, word_weights);
    let any_soft = !soft.is_empty();
    let asked = Asked::new(kb, q, terms);
    let named = continued::named(q, terms);
    let mut local = Local::new(terms);
    let mut scored: Vec<Scored> = pool
        .into_iter()
        .map(|(s, _)| {
            let sent = kb.sentence_at(s);
            let (mut coverage, proximity) =
                matcher.coverage_and_proximity(sent.terms, total_weight);
            // Words of going are looked for in the best few only (below).
            let lifts = lifts_of(kb, q, &stand_ins, &[], &mut actors, s);
            if !lifts.is_empty() {
                coverage = (coverage + lifted(&matcher, &lifts, total_weight)).min(1.0);
            }
            let adjacency = matcher.adjacency();
            let local_share =
                local.share(kb, &scratch.article_df, sent.article, &mut matcher, &lifts);
            let soft_share = if any_soft {
                soft.sentence_share(sent.terms, total_weight)
            } else {
                0.0
            };
            let a = sent.article;
            let mut bm25 = scratch
                .sentences
                .binary_search_by_key(&s, |&(s, _, _)| s)
                .map_or(0.0, |i| scratch.sentences[i].1);
            // The office or given name stands for the name once: its BM25
            // as if written.
            if let Some((_, w)) = stand_in(&stand_ins, s) {
                let index = kb.index();
                let len = index.sentence_len(s) as f32;
                let norm = cfg.k1 * (1.0 - cfg.b + cfg.b * len / index.avg_sentence_len.max(1.0));
                bm25 += bm25_term(w, 1, norm, cfg.k1);
            }
            let bm25 = bm25 / norms.bm25;
            let features = asked.features(
                s,
                Matched {
                    bm25,
                    article: norms.article(scratch, a),
                    title: norms.title(scratch, a),
                    coverage,
                    proximity,
                    adjacency,
                    soft: soft_share,
                    local: local_share,
                },
            );
            Scored {
                sentence: s,
                score: features.score(cfg),
                coverage,
                context: 0.0,
                soft_context: 0.0,
                features,
                phrased: None,
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
    let rerank = if cfg.context > 0.0 || cfg.context_before > 0.0 || cfg.continued != 0.0 {
        cfg.rerank
    } else {
        0
    };
    // Kinds are weighed for the best few only, as context is; without
    // context they are filled in for the answers (the learner's dump).
    let kinded = if rerank > 0 { cfg.kind_rerank } else { limit };
    for (i, sc) in scored.iter_mut().take(rerank.max(limit.max(1))).enumerate() {
        let lifts = lifts_of(kb, q, &stand_ins, &motion, &mut actors, sc.sentence);
        // A sentence telling where someone went holds the question's verb
        // of going: weighed for the best few only, which it reorders, as
        // reading a sentence's places costs more than its terms.
        if lifts.len() > usize::from(stand_in(&stand_ins, sc.sentence).is_some()) {
            matcher.find(kb.sentence_at(sc.sentence).terms.iter());
            sc.coverage = (sc.coverage + lifted(&matcher, &motion, total_weight)).min(1.0);
            sc.features.coverage = sc.coverage;
            let article = kb.sentence_at(sc.sentence).article;
            sc.features.local = local.share(kb, &scratch.article_df, article, &mut matcher, &lifts);
        }
        (sc.context, sc.features.context_before) =
            context_shares(kb, sc.sentence, &mut matcher, total_weight, &lifts);
        sc.features.context = sc.context;
        sc.features.continued =
            continued::share(kb, sc.sentence, &mut matcher, &named, total_weight);
        sc.features.paragraph =
            paragraph_share(kb, sc.sentence, &mut matcher, total_weight, &lifts);
        if i < kinded {
            sc.features.kind = asked.kind(sc.sentence);
        }
        if any_soft {
            sc.soft_context = soft.share(context_terms(kb, sc.sentence), total_weight);
        }
    }
    let head = scored.len().min(rerank);
    for sc in &mut scored[..head] {
        sc.score = sc.features.score(cfg);
    }
    scored[..head].sort_unstable_by(by_score);
    // The answer phrase costs scoring every span of a sentence: weighed in
    // for the best few after context, which it reorders; when it weighs
    // nothing, filled in for the answers instead (the learner's dump).
    let (phrased, filled) = if cfg.phrase != 0.0 {
        (cfg.phrase_rerank, cfg.phrase_rerank)
    } else {
        (0, limit)
    };
    for sc in scored.iter_mut().take(filled) {
        sc.phrased = asked.phrase(sc.sentence);
        sc.features.phrase = sc.phrased.as_ref().map_or(0.0, Phrased::fit);
    }
    let head = scored.len().min(phrased);
    for sc in &mut scored[..head] {
        sc.score = sc.features.score(cfg);
    }
    scored[..head].sort_unstable_by(by_score);
    scratch.reset();
    scored
}

/// Whether a sentence is a question of its own: it ends with a question
/// mark (Latin, full-width or Arabic) outside quotation marks or brackets.
/// A question someone is quoted asking ("Thesis 86, which asks: \"Why does
/// the pope ...?\"") is a statement about them, and may answer.
fn asks(text: &str) -> bool {
    text.trim_end().ends_with(['?', '\u{ff1f}', '\u{61f}'])
}
