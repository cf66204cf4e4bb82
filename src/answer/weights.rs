//! The ranker's parameters, [`RankConfig`], and the feature weights it is
//! built with: learned by `bench/train-ranker.sh` into `weights.json` (English
//! questions) and `weights_other_languages.json` (every other language),
//! compiled in and read once.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

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
    /// Weight of the same share over the sentence and the one before it
    /// only: a sentence continues the one before it ("The company installed
    /// arc lights" after the one naming the company) far more often than it
    /// announces the one after it.
    pub context_before: f32,
    /// Weight of the share of the question's names ("Tesla", written with
    /// a capital) that only the sentence before holds, when the sentence
    /// opens pointing back to it ("He", "It", "The firm"): the question's
    /// subject is then its subject, which `context_before` alone cannot
    /// tell from a sentence that merely follows one about something else.
    pub continued: f32,
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
    /// Weight of a number counting the very thing a "how many" question
    /// counts ("29 days" for "how many days are in a leap year", "in 27
    /// years" for "the highest level in how many years"): stronger evidence
    /// than any number, which may count something else.
    pub counted: f32,
    /// Weight of defining something the question names, for a question
    /// asking for a description ("what are private labels"): a word of the
    /// question before the sentence's first "is a", "are the", "refers to
    /// the" ... within ten words ("Private label products or services are
    /// typically those manufactured ..."). Unlike `lead`, it finds the
    /// definition wherever it stands: after an image caption, or further
    /// down an article about something else.
    pub definition: f32,
    /// Weight of standing early in the article (1 / (1 + position), a
    /// fifth less in an article of 200 sentences or more): news puts what
    /// matters first, a reference work spreads its facts through it.
    pub early: f32,
    /// Weight of naming a thing of the kind the question's focus noun asks
    /// for with a word the question does not hold ("Botswana" for "which
    /// African country", from WordNet's hypernyms): English questions asking
    /// for a place, an organisation or a thing, best `kind_rerank`
    /// candidates only.
    pub kind: f32,
    /// Weight of how well the sentence's best answer phrase fits, by the
    /// answer-phrase model (σ of its best span's score over two): a
    /// sentence holding something shaped like the answer near the words
    /// the question matched (a name for "which team", a date for "when")
    /// beats one that only repeats the question. For questions asking for
    /// a fact or a thing of a named kind only, whose answers have a shape;
    /// best `phrase_rerank` candidates only.
    pub phrase: f32,
    /// Weight of matched words close together (matched / window length).
    pub proximity: f32,
    /// Weight of being the article's first sentence when the question asks
    /// for a description ("what is X", "how did X become famous"): leads of
    /// news and encyclopedia articles summarise them. Scaled by title match.
    pub lead: f32,
    /// The same for questions that want a fact (who, when, how many), where
    /// the lead helps less.
    pub lead_factoid: f32,
    /// Weight of being the article's first sentence, for a question that
    /// wants a kind of fact (who, when, how many), when the sentence holds
    /// none the question does not already name: a lead or subtitle sums up
    /// the story ("Foreign Minister Takeshi Iwaya will meet his Ukrainian
    /// counterpart") and is often matched well, yet the fact asked for is
    /// told further down. Scaled by title match, as `lead_factoid`.
    pub lead_without_answer: f32,
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
    /// Weight of the share of the question held, each word weighed by its
    /// idf among its article's sentences: the words naming the article's
    /// subject are in many of its sentences, the ones asking about one
    /// detail of it in few.
    pub local: f32,
    /// Weight of the question's share over the sentence's paragraph (up to
    /// six sentences either side): a question written while reading a
    /// paragraph spreads its words over the paragraph's sentences.
    pub paragraph: f32,
    /// Weight of the article's length (its sentences over 200, at most 1):
    /// with open articles of every length, whether a long one's sentence
    /// is likelier right than a short one's.
    pub article_length: f32,
    /// What each feature's weight gains (or loses) in a long article, in
    /// proportion to `article_length`: a reference work of hundreds of
    /// sentences is read otherwise than a news story of thirty (its facts
    /// spread through it, its paragraphs lean on each other, its subject's
    /// name is in every other sentence). Learned with the weights.
    pub long_article: LongArticle,
    /// What a soft match counts for in confidence, against an exact one's
    /// one. The soft share is already scaled by each word's similarity, so
    /// at one a related word still counts below the word itself; and it counts
    /// only beside an exact match, never enough to answer on soft matches
    /// alone. Measured: 1 keeps 96.8% of wikiqa's questions unanswered over
    /// `knowledge/` (0.5: 97.3%) and answers a few more bench questions.
    pub soft_confidence: f32,
    /// What a word of the sentences before the one that asks weighs in a
    /// sentence's score, against its idf ("NASA launched Artemis II on
    /// Wednesday. How many astronauts are on board?"): such words say which
    /// story, and count in full for the article's score, but the sentence
    /// asked for is the one that matches the asking. Measured on rtqa's dev
    /// part, whose 150 questions of more than one sentence are the bench's
    /// only ones: Hit@1 .381 at 1, .389 to .391 from 0.35 to 0.5, .386 at
    /// 0.3; the other sets have none and are unchanged.
    pub setup: f32,
    /// Candidates scored in full, taken by BM25 plus article score. Every
    /// fact of each is checked against what the question says of its answer,
    /// most of a "who was president of ..." question's time. Measured
    /// against 400: Hit@1 the same or up to two questions better on every
    /// set at 200 and at 100; p99 a quarter less on trecqa, 6 to 8% on
    /// squad and rtqa.
    /// The learner's dumps keep 400 (`bench/ranker-explore.json`): it learns
    /// from the widest pool.
    pub candidates: usize,
    /// The best candidates whose context is weighed in (when `context` or
    /// `context_before` weighs anything): it costs a pass over three
    /// sentences each.
    pub rerank: usize,
    /// The best candidates, before context, whose kind (`kind`) is weighed
    /// in (when context is): it reads every word of a sentence, nearly all
    /// the time of a "which country" question over 50 candidates. Measured
    /// with the learned weights: Hit@1 at 10 the same as at 20 and 50 on
    /// rtqa, wikiqa and trecqa, one squad question more; a twelfth of a
    /// trecqa question's time less than at 20.
    pub kind_rerank: usize,
    /// The best candidates, after context, whose answer phrase is weighed
    /// in (when `phrase` weighs anything): it scores every span of a
    /// sentence. At 3 against 5: the same Hit@1 but one squad question,
    /// the same phrase F1 to 0.0003, a tenth of a question's time less.
    pub phrase_rerank: usize,
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

/// The shift of each feature's weight in a long article
/// ([`RankConfig::long_article`]): a sentence of an article of `n`
/// sentences weighs feature `f` at `f + min(n / 200, 1) * long_article.f`.
/// Each field is the shift of [`RankConfig`]'s field of the same name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LongArticle {
    /// In a long article, added to [`RankConfig::bm25`].
    pub bm25: f32,
    /// In a long article, added to [`RankConfig::article`].
    pub article: f32,
    /// In a long article, added to [`RankConfig::title`].
    pub title: f32,
    /// In a long article, added to [`RankConfig::coverage`].
    pub coverage: f32,
    /// In a long article, added to [`RankConfig::context`].
    pub context: f32,
    /// In a long article, added to [`RankConfig::answer_type`].
    pub answer_type: f32,
    /// In a long article, added to [`RankConfig::answer_person`].
    pub answer_person: f32,
    /// In a long article, added to [`RankConfig::answer_date`].
    pub answer_date: f32,
    /// In a long article, added to [`RankConfig::answer_number`].
    pub answer_number: f32,
    /// In a long article, added to [`RankConfig::proximity`].
    pub proximity: f32,
    /// In a long article, added to [`RankConfig::lead`].
    pub lead: f32,
    /// In a long article, added to [`RankConfig::lead_factoid`].
    pub lead_factoid: f32,
    /// In a long article, added to [`RankConfig::short`].
    pub short: f32,
    /// In a long article, added to [`RankConfig::adjacency`].
    pub adjacency: f32,
    /// In a long article, added to [`RankConfig::soft`].
    pub soft: f32,
    /// In a long article, added to [`RankConfig::early`].
    pub early: f32,
    /// In a long article, added to [`RankConfig::answer_role`].
    pub answer_role: f32,
    /// In a long article, added to [`RankConfig::lead_without_answer`].
    pub lead_without_answer: f32,
    /// In a long article, added to [`RankConfig::context_before`].
    pub context_before: f32,
    /// In a long article, added to [`RankConfig::kind`].
    pub kind: f32,
    /// In a long article, added to [`RankConfig::phrase`].
    pub phrase: f32,
    /// In a long article, added to [`RankConfig::counted`].
    pub counted: f32,
    /// In a long article, added to [`RankConfig::definition`].
    pub definition: f32,
    /// In a long article, added to [`RankConfig::continued`].
    pub continued: f32,
    /// In a long article, added to [`RankConfig::local`].
    pub local: f32,
    /// In a long article, added to [`RankConfig::paragraph`].
    pub paragraph: f32,
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
    context_before: f32,
    continued: f32,
    article: f32,
    title: f32,
    answer_type: f32,
    answer_person: f32,
    answer_role: f32,
    answer_date: f32,
    answer_number: f32,
    counted: f32,
    definition: f32,
    early: f32,
    kind: f32,
    phrase: f32,
    proximity: f32,
    lead: f32,
    lead_factoid: f32,
    lead_without_answer: f32,
    short: f32,
    adjacency: f32,
    soft: f32,
    local: f32,
    paragraph: f32,
    article_length: f32,
    /// Absent in the other languages' file: their articles are short.
    #[serde(default)]
    long_article: LongArticle,
}

/// Parses both learned weight files now rather than on first use.
pub(super) fn prepare() {
    learned();
    learned_other();
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
        cfg.context_before = self.context_before;
        cfg.continued = self.continued;
        cfg.article = self.article;
        cfg.title = self.title;
        cfg.answer_type = self.answer_type;
        cfg.answer_person = self.answer_person;
        cfg.answer_role = self.answer_role;
        cfg.answer_date = self.answer_date;
        cfg.answer_number = self.answer_number;
        cfg.counted = self.counted;
        cfg.definition = self.definition;
        cfg.early = self.early;
        cfg.kind = self.kind;
        cfg.phrase = self.phrase;
        cfg.proximity = self.proximity;
        cfg.lead = self.lead;
        cfg.lead_factoid = self.lead_factoid;
        cfg.lead_without_answer = self.lead_without_answer;
        cfg.short = self.short;
        cfg.adjacency = self.adjacency;
        cfg.soft = self.soft;
        cfg.local = self.local;
        cfg.paragraph = self.paragraph;
        cfg.article_length = self.article_length;
        cfg.long_article = self.long_article.clone();
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
            context_before: 0.0,
            continued: 0.0,
            article: 0.0,
            title: 0.0,
            answer_type: 0.0,
            answer_person: 0.0,
            answer_role: 0.0,
            answer_date: 0.0,
            answer_number: 0.0,
            counted: 0.0,
            definition: 0.0,
            early: 0.0,
            kind: 0.0,
            phrase: 0.0,
            proximity: 0.0,
            lead: 0.0,
            lead_factoid: 0.0,
            lead_without_answer: 0.0,
            short: 0.0,
            adjacency: 0.0,
            soft: 0.0,
            local: 0.0,
            paragraph: 0.0,
            article_length: 0.0,
            long_article: LongArticle::default(),
            soft_confidence: 1.0,
            setup: 0.4,
            candidates: 200,
            rerank: 50,
            kind_rerank: 10,
            phrase_rerank: 3,
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
    pub(crate) fn for_lang(&self, lang: Lang) -> Cow<'_, RankConfig> {
        if !self.per_language || lang == Lang::ENGLISH {
            return Cow::Borrowed(self);
        }
        let mut cfg = self.clone();
        learned_other().apply(&mut cfg);
        Cow::Owned(cfg)
    }
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
