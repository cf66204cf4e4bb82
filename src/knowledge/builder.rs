//! Analysis of one parsed article (its sentences, terms numbered per file,
//! facts) and the [`Builder`] that merges analyzed files, and articles
//! copied from a previous table, into a new [`KnowledgeBase`] with its
//! index. No file system here: reading files is [`super::files`].

use std::ops::Range;

use super::files::Stamp;
use super::{Article, Format, KnowledgeBase, Metadata, ParsedArticle, Row, SkipReason};
use super::{article, sentence};
use crate::facts::{self, Fact, NameMemory};
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::index::{Index, Source, intern};
use crate::text::{self, Lang, WordCache, WordForm};
use crate::varint;
use rustc_hash::FxHashMap as HashMap;

/// One file read and parsed, ready to merge. Terms are numbered per file
/// (`terms` is the file's own small vocabulary), so merging interns each
/// distinct term of a file once instead of every occurrence.
pub(super) struct Parsed {
    /// The article's id (its path under the folder).
    pub(super) id: String,
    title: String,
    meta: Metadata,
    lang: Lang,
    /// The file's stamp, set by the loader once read.
    pub(super) stamp: Option<Stamp>,
    terms: Vec<Box<str>>,
    /// Folded surface words with their (local) term, first sight first.
    surfaces: Vec<(Box<str>, u32)>,
    text: String,
    sentences: Vec<ParsedRow>,
    tokens: Vec<u32>,
    facts: Vec<Fact>,
    title_terms: Vec<u32>,
}

/// What the loader keeps of a file: its title, metadata and paragraphs,
/// each paragraph its sentences as the table holds them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Kept {
    /// The title.
    pub title: String,
    /// URL, date, source and declared language, where the file gave them.
    pub meta: Metadata,
    /// The language the table reads it in: the declared one, else the one
    /// detected from its text (ISO 639-1 code).
    pub language: &'static str,
    /// The body's paragraphs, in order.
    pub paragraphs: Vec<String>,
}

impl Parsed {
    /// What a caller vetting a file learns of it.
    pub(super) fn vetted(self) -> super::Vetted {
        super::Vetted {
            sentences: self.sentences.len(),
            title: self.title,
            meta: self.meta,
        }
    }

    /// What the table would hold of this file.
    pub(super) fn kept(self) -> Kept {
        let mut paragraphs: Vec<String> = Vec::new();
        let (mut start, mut last) = (0, None);
        for row in &self.sentences {
            let text = &self.text[start..row.text_end as usize];
            start = row.text_end as usize;
            match paragraphs.last_mut() {
                Some(p) if last == Some(row.paragraph) => {
                    p.push(' ');
                    p.push_str(text);
                }
                _ => paragraphs.push(text.to_string()),
            }
            last = Some(row.paragraph);
        }
        Kept {
            title: self.title,
            meta: self.meta,
            language: self.lang.code(),
            paragraphs,
        }
    }
}

/// Where a parsed sentence's parts end in its file's arrays.
struct ParsedRow {
    paragraph: u32,
    text_end: u32,
    tokens_end: u32,
    facts_end: u32,
}
/// Parses, cleans, splits and analyzes one article; pure and parallel-safe.
pub(super) fn parse_article(id: String, text: &str, format: Format) -> Result<Parsed, SkipReason> {
    let article = article::parse(text, format);
    let lang = article_lang(&article);
    text::with_word_cache(|words| analyze_article(id, article, lang, words))
}

/// The language an article declares, or else the one its text is in.
fn article_lang(article: &ParsedArticle) -> Lang {
    if let Some(lang) = article.meta.lang.as_deref().and_then(Lang::parse) {
        return lang;
    }
    // The detector reads the first few hundred characters of the body
    // (the title may be in another language than the text, as a site's
    // English slug), so copying more would be waste.
    let mut sample = String::new();
    for p in &article.paragraphs {
        if sample.len() > 4 * text::lang::DETECT_CHARS {
            break;
        }
        sample.push_str(p);
        sample.push('\n');
    }
    if sample.trim().is_empty() {
        sample.push_str(&article.title);
    }
    text::lang::detect(&sample)
}

/// Splits an article into sentences and numbers its terms in a
/// vocabulary of its own; finds the facts of each sentence.
fn analyze_article(
    id: String,
    article: ParsedArticle,
    lang: Lang,
    words: &mut WordCache,
) -> Result<Parsed, SkipReason> {
    let mut p = Parsed {
        id,
        title: String::new(),
        meta: Metadata::default(),
        lang,
        stamp: None,
        terms: Vec::new(),
        surfaces: Vec::new(),
        text: String::new(),
        sentences: Vec::new(),
        tokens: Vec::new(),
        facts: Vec::new(),
        title_terms: Vec::new(),
    };
    let mut vocab = FileVocab::default();
    let mut memory = NameMemory::default();
    let mut scratch = facts::Scratch::default();
    // Where each of the sentence's terms starts in its text.
    let mut starts: Vec<usize> = Vec::new();
    // The sentence's Unicode words: the facts' words, and its terms' too
    // where the language's words are Unicode words (one segmentation of
    // each sentence, not two).
    let mut unicode_words: Vec<(usize, &str)> = Vec::new();
    let shared = text::splits_unicode_words(lang);
    for (n, para) in article.paragraphs.iter().enumerate() {
        for range in sentence::split_sentences_in(para, lang) {
            let text = &para[range];
            let first_token = p.tokens.len();
            starts.clear();
            unicode_words.clear();
            unicode_words.extend(text::word_indices(text));
            let mut term = |start: usize, word: &str| {
                // A folded word that differs from its term is how users may
                // type it; one equal to its term is added at the end.
                if let Some(id) = vocab.term(lang, word, words, &mut p, |f| {
                    f.folded.chars().any(char::is_alphabetic) && f.term != Some(f.folded)
                }) {
                    p.tokens.push(id);
                    starts.push(start);
                }
            };
            if shared {
                for &(start, word) in &unicode_words {
                    term(start, word);
                }
            } else {
                text::for_each_word(lang, text, term);
            }
            let first_fact = p.facts.len();
            facts::extract_into(
                text,
                &unicode_words,
                lang,
                &mut memory,
                &mut scratch,
                &mut p.facts,
            );
            let tokens = &p.tokens[first_token..];
            for fact in &mut p.facts[first_fact..] {
                let sentence = SentenceTerms {
                    starts: &starts,
                    tokens,
                    terms: &p.terms,
                    by_word: &vocab.by_word,
                };
                if let Some(run) = fact_terms(fact, text, lang, &sentence, words) {
                    fact.set_terms(run);
                }
            }
            p.text.push_str(text);
            p.sentences.push(ParsedRow {
                paragraph: n as u32,
                text_end: p.text.len() as u32,
                tokens_end: p.tokens.len() as u32,
                facts_end: p.facts.len() as u32,
            });
        }
    }
    if p.sentences.is_empty() {
        return Err(if article.title.is_empty() {
            SkipReason::NoText
        } else {
            SkipReason::TitleOnly
        });
    }
    // Title words are typo-correction targets even when they are their own
    // term: a title-only term has no postings to add it at the end.
    vocab.part = Part::Title;
    text::for_each_word(lang, &article.title, |_, word| {
        if let Some(id) = vocab.term(lang, word, words, &mut p, |f| {
            f.folded.chars().any(char::is_alphabetic)
        }) {
            p.title_terms.push(id);
        }
    });
    p.title = article.title;
    p.meta = article.meta;
    Ok(p)
}

/// One sentence's terms as analyzed, for [`fact_terms`].
struct SentenceTerms<'a> {
    /// Where each term's word starts in the sentence.
    starts: &'a [usize],
    /// The terms, as local ids into `terms`.
    tokens: &'a [u32],
    /// The file's terms so far.
    terms: &'a [Box<str>],
    /// The file's local term id of each cached word it has shown
    /// ([`FileVocab::by_word`]).
    by_word: &'a HashMap<u32, Shown>,
}

/// Where `fact`'s terms, as the analyzer finds them in the fact's own
/// text, are among its sentence's tokens: the run from the first word at
/// or after the fact's start, if the terms there are the same. Nearly
/// always they are; a fact starting inside a word may not be ("US$5" of
/// "AUS$5": "us" is not the term of "AUS"), and is then analyzed from its
/// text when answering. A word the file has shown already is compared by
/// its local id, which stands for one term, without reading its forms.
fn fact_terms(
    fact: &Fact,
    text: &str,
    lang: Lang,
    sentence: &SentenceTerms<'_>,
    words: &mut WordCache,
) -> Option<Range<usize>> {
    let SentenceTerms {
        starts,
        tokens,
        terms,
        by_word,
    } = *sentence;
    let first = starts.partition_point(|&s| s < usize::from(fact.start));
    let mut next = Some(first);
    text::for_each_word(lang, fact.text(text), |_, word| {
        let Some(at) = next else { return };
        let found = words.get(lang, word);
        let same = match by_word.get(&found.id()).map(|s| s.term) {
            Some(None) => return,
            Some(Some(id)) => tokens.get(at) == Some(&id),
            None => match words.form(found).term {
                None => return,
                Some(term) => tokens.get(at).is_some_and(|&t| *terms[t as usize] == *term),
            },
        };
        next = same.then_some(at + 1);
    });
    Some(first..next?)
}

/// One file's own vocabulary while it is analyzed.
#[derive(Default)]
struct FileVocab {
    /// By cached word first (no hashing of the term), then by term, since
    /// several spellings share one.
    by_word: HashMap<u32, Shown>,
    by_term: HashMap<Box<str>, u32>,
    /// The part being analyzed.
    part: Part,
}

/// What a file made of one cached word it showed.
#[derive(Debug, Clone, Copy)]
struct Shown {
    /// Its local term id (`None` for a stop word).
    term: Option<u32>,
    /// The part of the file its form was last weighed as a surface word
    /// in, listed or not: the rule is the same for every word of a part.
    weighed: Option<Part>,
}

/// Which part of a file the analyzer reads: their words are weighed as
/// surface forms by different rules.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Part {
    #[default]
    Body,
    Title,
}

impl FileVocab {
    /// The local term id of `word` (`None` for a stop word), listing its
    /// folded form as a surface word when `surface` says so. A word seen
    /// before in the file is answered from `by_word` without reading its
    /// forms in the cache.
    fn term(
        &mut self,
        lang: Lang,
        word: &str,
        words: &mut WordCache,
        p: &mut Parsed,
        surface: fn(&WordForm<'_>) -> bool,
    ) -> Option<u32> {
        let found = words.get(lang, word);
        let shown = self.by_word.entry(found.id()).or_insert_with(|| {
            let term = words.form(found).term.map(|term| {
                *self.by_term.entry(term.into()).or_insert_with(|| {
                    p.terms.push(term.into());
                    p.terms.len() as u32 - 1
                })
            });
            Shown {
                term,
                weighed: None,
            }
        });
        let id = shown.term?;
        if shown.weighed != Some(self.part) {
            shown.weighed = Some(self.part);
            let form = words.form(found);
            if surface(&form) {
                p.surfaces.push((form.folded.into(), id));
            }
        }
        Some(id)
    }
}

/// The table under construction. Parsed files are merged one at a time, in
/// id order, so term and sentence ids do not depend on parse scheduling;
/// the index lists are built once at the end from the merged terms.
#[derive(Default)]
pub(super) struct Builder {
    vocab: HashMap<Box<str>, TermId>,
    surface: HashMap<Box<str>, TermId>,
    articles: Vec<Article>,
    rows: Vec<Row>,
    text: String,
    tokens: Vec<u8>,
    facts: Vec<Fact>,
}

impl Builder {
    /// A builder whose term ids are those of `old`, so `old`'s articles can
    /// be copied in.
    pub(super) fn continuing(old: &KnowledgeBase, fresh_bytes: usize) -> Builder {
        let mut builder = Builder {
            vocab: old.index.vocab.clone(),
            surface: old.index.surface_terms(),
            ..Builder::default()
        };
        // Mostly a copy of `old`, plus `fresh_bytes` of new or changed
        // files (bounding their text as in a first load).
        builder.reserve(
            old.text.len() + fresh_bytes,
            old.tokens.len() + fresh_bytes / 4,
            old.rows.len() + fresh_bytes / 160,
        );
        builder.facts.reserve(old.facts.len() + fresh_bytes / 160);
        builder.articles.reserve(old.articles.len());
        builder
    }

    /// Reserves room for about this much text, terms and sentences.
    pub(super) fn reserve(&mut self, text: usize, tokens: usize, sentences: usize) {
        self.text.reserve(text);
        self.tokens.reserve(tokens);
        self.rows.reserve(sentences);
    }

    /// Adds a parsed file; refuses one that would take the table's text or
    /// terms past what 32-bit offsets address (4 GB).
    pub(super) fn add(&mut self, p: Parsed) -> Result<(), SkipReason> {
        if self.text.len() + p.text.len() > u32::MAX as usize
            || self.tokens.len() + 5 * p.tokens.len() > u32::MAX as usize
            || self.facts.len() + p.facts.len() > u32::MAX as usize
        {
            return Err(SkipReason::TableFull);
        }
        let ids: Vec<TermId> = p.terms.iter().map(|t| intern(&mut self.vocab, t)).collect();
        for (surface, local) in p.surfaces {
            self.surface.entry(surface).or_insert(ids[local as usize]);
        }
        let a = ArticleId::from_index(self.articles.len());
        let first = SentenceId::from_index(self.rows.len());
        let (text, facts) = (self.text.len() as u32, self.facts.len() as u32);
        let (mut text_start, mut tokens_start, mut facts_start) = (0, 0, 0);
        for row in &p.sentences {
            self.rows.push(Row {
                article: a,
                paragraph: row.paragraph,
                text: text + text_start,
                tokens: self.tokens.len() as u32,
                facts: facts + facts_start,
            });
            for &t in &p.tokens[tokens_start as usize..row.tokens_end as usize] {
                varint::push(&mut self.tokens, u64::from(ids[t as usize].0));
            }
            (text_start, tokens_start, facts_start) = (row.text_end, row.tokens_end, row.facts_end);
        }
        self.text.push_str(&p.text);
        self.facts.extend_from_slice(&p.facts);
        let mut title_terms: Vec<TermId> = p.title_terms.iter().map(|&t| ids[t as usize]).collect();
        title_terms.sort_unstable();
        title_terms.dedup();
        self.articles.push(Article {
            id: p.id,
            title: p.title,
            meta: p.meta,
            lang: p.lang,
            sentences: first..SentenceId::from_index(self.rows.len()),
            title_terms,
            len: p.tokens.len() as u32,
            stamp: p.stamp,
        });
        Ok(())
    }

    /// Copies article `a` of `old` (whose term ids this builder shares).
    pub(super) fn copy(&mut self, old: &KnowledgeBase, a: ArticleId) {
        let article = old.article_at(a);
        let new_a = ArticleId::from_index(self.articles.len());
        let first = SentenceId::from_index(self.rows.len());
        let range = article.sentences.start.index()..article.sentences.end.index();
        if !range.is_empty() {
            let head = old.rows[range.start];
            let end = old.rows.get(range.end);
            let text_end = end.map_or(old.text.len(), |r| r.text as usize);
            let tokens_end = end.map_or(old.tokens.len(), |r| r.tokens as usize);
            let facts_end = end.map_or(old.facts.len(), |r| r.facts as usize);
            let (text, tokens, facts) = (
                self.text.len() as u32,
                self.tokens.len() as u32,
                self.facts.len() as u32,
            );
            for row in &old.rows[range] {
                self.rows.push(Row {
                    article: new_a,
                    text: text + (row.text - head.text),
                    tokens: tokens + (row.tokens - head.tokens),
                    facts: facts + (row.facts - head.facts),
                    ..*row
                });
            }
            self.text.push_str(&old.text[head.text as usize..text_end]);
            self.tokens
                .extend_from_slice(&old.tokens[head.tokens as usize..tokens_end]);
            self.facts
                .extend_from_slice(&old.facts[head.facts as usize..facts_end]);
        }
        self.articles.push(Article {
            sentences: first..SentenceId::from_index(self.rows.len()),
            ..article.clone()
        });
    }

    /// The table, with its index built from the merged terms.
    pub(super) fn finish(self) -> KnowledgeBase {
        let Builder {
            vocab,
            surface,
            articles,
            mut rows,
            mut text,
            mut tokens,
            mut facts,
        } = self;
        let mut sentence_starts: Vec<u32> = rows.iter().map(|r| r.tokens).collect();
        sentence_starts.push(tokens.len() as u32);
        let article_sentences: Vec<Range<SentenceId>> =
            articles.iter().map(|a| a.sentences.clone()).collect();
        let titles: Vec<&[TermId]> = articles.iter().map(|a| &a.title_terms[..]).collect();
        let index = Index::build(
            vocab,
            surface,
            &Source {
                tokens: &tokens,
                sentence_starts: &sentence_starts,
                article_sentences: &article_sentences,
                titles: &titles,
            },
        );
        drop(titles);
        // The arrays were reserved for their files' bytes, which the text
        // and terms rarely reach. Trimming them copies each whole into
        // fresh pages while the old ones are still held: a cost in time and
        // in peak memory for address space only, since reserved pages that
        // were never written take no memory. Arrays that grew by doubling
        // past their reserve (texts with no known size) are trimmed.
        if half_empty(rows.capacity(), rows.len()) {
            rows.shrink_to_fit();
        }
        if half_empty(text.capacity(), text.len()) {
            text.shrink_to_fit();
        }
        if half_empty(tokens.capacity(), tokens.len()) {
            tokens.shrink_to_fit();
        }
        if half_empty(facts.capacity(), facts.len()) {
            facts.shrink_to_fit();
        }
        let article_langs = articles.iter().map(|a| a.lang).collect();
        KnowledgeBase {
            langs: languages(&articles),
            article_langs,
            articles,
            rows: rows.into(),
            text: text.into(),
            tokens: tokens.into(),
            facts: facts.into(),
            index,
            skipped: Vec::new(),
        }
    }
}

/// Whether an array uses less than half its room: one that doubled its
/// capacity while growing, worth trimming (see `Builder::finish`).
fn half_empty(capacity: usize, len: usize) -> bool {
    capacity / 2 > len
}

/// The languages of `articles`, most articles first.
fn languages(articles: &[Article]) -> Vec<Lang> {
    let mut counts: Vec<(Lang, usize)> = Vec::new();
    for a in articles {
        match counts.iter_mut().find(|(l, _)| *l == a.lang) {
            Some((_, n)) => *n += 1,
            None => counts.push((a.lang, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code().cmp(b.0.code())));
    counts.into_iter().map(|(l, _)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_columns_read_back_what_the_analyzer_saw() {
        // Term ids past one varint byte, a run-on sentence past the one-byte
        // length, and articles of one and of many sentences.
        let many: String = (0..400).map(|i| format!("word{i} ")).collect();
        let long = format!("Title\n\n{many}ends here.\n\nShort one. Another one.");
        let texts = [
            ("a.txt", "Alpha\n\nOne sentence only.", Format::Text),
            ("b.txt", long.as_str(), Format::Text),
            (
                "c.txt",
                "Story\n\nMinister Anna Berg visited Oslo on Monday. She met 3 farmers there.\n\nThe talks ended in March 2003.",
                Format::Text,
            ),
            ("d.txt", "Delta\n\nWord7 and word399 again.", Format::Text),
        ];
        let kb = KnowledgeBase::from_texts(texts);
        assert!(kb.index.term_count() > 400);
        let text_of: HashMap<TermId, &str> =
            kb.index.vocab.iter().map(|(t, &id)| (id, &**t)).collect();
        let mut longest = 0;
        for (id, s) in kb.sentences().enumerate() {
            let analyzed: Vec<String> = text::terms(s.lang, s.text);
            let stored: Vec<&str> = s.terms.iter().map(|t| text_of[&t]).collect();
            assert_eq!(stored, analyzed, "{}", s.text);
            assert_eq!(s.terms.len(), analyzed.len());
            let id = SentenceId::from_index(id);
            assert_eq!(kb.index.sentence_len(id) as usize, analyzed.len());
            longest = longest.max(analyzed.len());
        }
        assert!(longest > 255, "a sentence longer than a length byte");
        for (a, article) in kb.articles().iter().enumerate() {
            assert_eq!(kb.index.article_len(ArticleId::from_index(a)), article.len);
        }
        // The article cursor agrees with the rows, visiting every sentence
        // and visiting a sparse increasing subset.
        for step in [1, 2, 3, 7] {
            let mut cursor = kb.index.article_cursor();
            for s in (0..kb.sentence_count()).step_by(step) {
                let s = SentenceId::from_index(s);
                assert_eq!(cursor.article(s), kb.article_id_of(s), "{s:?} by {step}");
            }
        }
    }

    #[test]
    fn facts_know_their_terms_as_answering_would_analyze_them() {
        use crate::answer::phrase;
        let seed = KnowledgeBase::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"),
        )
        .expect("knowledge/ loads")
        .0;
        // "Russia" ends inside "Russia's" but has its terms; "US$5 million"
        // starts inside "AUS", whose term is not "us": that fact has no run.
        let made = KnowledgeBase::from_texts([(
            "a.txt",
            "Troops\n\nTroops fought in Russia's Kursk border region on Monday. \
             The firm paid AUS$5 million to 12,000 farmers. Foreign Minister Takeshi Iwaya’s visit.",
            Format::Text,
        )]);
        for (kb, expected_without) in [(&seed, vec![]), (&made, vec!["US$5 million"])] {
            let mut without = Vec::new();
            let mut with = Vec::new();
            for s in kb.sentences() {
                let stored: Vec<_> = s.terms.iter().collect();
                for f in s.facts {
                    let mut analyzed = Vec::new();
                    text::for_each_term(s.lang, f.text(s.text), |_, _, t| {
                        analyzed.push(kb.index.term_id(t));
                    });
                    // Whatever the question names, the fact answers as
                    // its text does, run or not ("5 million" of "AUS$5
                    // million" is not all it says).
                    let questions = [vec![], stored.clone()]
                        .into_iter()
                        .chain(stored.iter().map(|&t| vec![t]));
                    for q in questions {
                        for any in [false, true] {
                            assert_eq!(
                                phrase::fact_named(kb, &s, f, &q, any),
                                phrase::named(kb, s.lang, f.text(s.text), &q, any),
                                "{:?} {q:?} {any}",
                                f.text(s.text)
                            );
                        }
                    }
                    let Some(run) = f.terms() else {
                        without.push(f.text(s.text));
                        continue;
                    };
                    let ids: Vec<Option<TermId>> = stored[run].iter().copied().map(Some).collect();
                    assert_eq!(ids, analyzed, "{:?} in {:?}", f.text(s.text), s.text);
                    with.push(f.text(s.text));
                }
            }
            assert_eq!(without, expected_without);
            assert!(with.len() > 5, "{with:?}");
        }
        assert!(
            made.facts()
                .any(|(s, f)| f.text(s.text) == "Russia" && f.terms().is_some()),
            "a fact ending inside a word keeps its run"
        );
    }
}
