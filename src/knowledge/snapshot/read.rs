//! Reading a table's snapshot from a map: the header, the checksum, the
//! sections as columns served in place, the small records decoded, and the
//! checks that the arrays fit together.

use std::sync::Arc;

use memmap2::Mmap;
use rustc_hash::FxHashMap as HashMap;

use super::codec::Reader;
use super::{CRC_AT, HEADER, MAGIC, SECTIONS, SnapshotError, VERSION, bad, build_fingerprint};
use crate::column::{Column, Plain, TextColumn};
use crate::ids::{ArticleId, SentenceId, TermId};
use crate::index::{Index, Lists, Surface};
use crate::knowledge::files::Stamp;
use crate::knowledge::{Article, KnowledgeBase, Metadata, Row, SkipReason, Skipped};
use crate::text::Lang;

/// Reads the snapshot in `map`; `folder` (when given) must be the one it
/// was made of.
pub(super) fn read(map: &Arc<Mmap>, folder: Option<&str>) -> Result<KnowledgeBase, SnapshotError> {
    if cfg!(target_endian = "big") {
        return Err(SnapshotError::NotSnapshot);
    }
    let bytes: &[u8] = map;
    if bytes.len() < HEADER {
        return Err(SnapshotError::Truncated);
    }
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4]));
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]));
    if bytes[..8] != MAGIC {
        return Err(SnapshotError::NotSnapshot);
    }
    let version = u32_at(8);
    if version != VERSION {
        return Err(SnapshotError::Version(version));
    }
    if u64_at(16) != build_fingerprint() {
        return Err(SnapshotError::OtherBuild);
    }
    if u64_at(24) != bytes.len() as u64 || u32_at(12) as usize != SECTIONS {
        return Err(SnapshotError::Truncated);
    }
    if bytes.len() < HEADER + SECTIONS * 16 {
        return Err(SnapshotError::Truncated);
    }
    let checksum_matches = || {
        let mut crc = crc32fast::Hasher::new();
        crc.update(&bytes[..CRC_AT]);
        crc.update(&bytes[CRC_AT + 4..]);
        crc.finalize() == u32_at(CRC_AT)
    };
    let mut sections = [(0usize, 0usize); SECTIONS];
    for (i, s) in sections.iter_mut().enumerate() {
        let at = usize::try_from(u64_at(HEADER + 16 * i)).ok();
        let len = usize::try_from(u64_at(HEADER + 16 * i + 8)).ok();
        match (at, len) {
            (Some(at), Some(len)) if at.checked_add(len).is_some_and(|e| e <= bytes.len()) => {
                *s = (at, len);
            }
            // A damaged section table is corruption the checksum names.
            _ if !checksum_matches() => return Err(SnapshotError::Checksum),
            _ => return Err(bad("a section past the end")),
        }
    }
    let column = |i: usize| ColumnAt(map, sections[i]);
    // The checksum on one core, the records and the text's UTF-8 on the
    // other: decoding is safe on any bytes, and its result is dropped
    // unless the checksum matches.
    let (checksum, (meta, text)) = rayon::join(checksum_matches, || {
        let (at, len) = sections[0];
        let meta = decode_meta(&bytes[at..at + len]);
        let text = column(1).get::<u8>().ok().and_then(TextColumn::new);
        (meta, text)
    });
    if !checksum {
        return Err(SnapshotError::Checksum);
    }
    let meta = meta.ok_or(bad("the records"))?;
    if folder.is_some_and(|f| f != meta.folder) {
        return Err(SnapshotError::OtherFolder);
    }
    let text = text.ok_or(bad("the text is not UTF-8"))?;
    let index = Index {
        vocab: meta.vocab,
        surface: meta.surface,
        postings: Lists {
            starts: column(5).get()?,
            items: column(6).get()?,
        },
        df: column(7).get()?,
        article_df: column(8).get()?,
        titles: Lists {
            starts: column(9).get()?,
            items: column(10).get()?,
        },
        sentence_lens: column(11).get()?,
        long_sentences: meta.long_sentences,
        article_lens: column(12).get()?,
        article_starts: column(13).get()?,
        live_terms: meta.live_terms,
        avg_sentence_len: meta.avg_sentence_len,
        avg_article_len: meta.avg_article_len,
        sentence_count: meta.sentence_count,
        article_count: meta.article_count,
        global: None,
    };
    let kb = KnowledgeBase {
        article_langs: meta.articles.iter().map(|a| a.lang).collect(),
        articles: meta.articles,
        langs: meta.langs,
        rows: column(3).get()?,
        text,
        tokens: column(2).get()?,
        facts: column(4).get()?,
        index,
        skipped: meta.skipped,
    };
    check(&kb)?;
    Ok(kb)
}

/// One section of a mapped snapshot, to be read as a column.
struct ColumnAt<'a>(&'a Arc<Mmap>, (usize, usize));

impl ColumnAt<'_> {
    /// The section as a column of `T`.
    fn get<T: Plain>(&self) -> Result<Column<T>, SnapshotError> {
        let (at, len) = self.1;
        let size = std::mem::size_of::<T>();
        if !len.is_multiple_of(size) {
            return Err(bad("a column of part values"));
        }
        Column::mapped(self.0, at, len / size).ok_or(bad("a column's values"))
    }
}

/// The small records of a snapshot, decoded.
struct Meta {
    folder: String,
    articles: Vec<Article>,
    skipped: Vec<Skipped>,
    langs: Vec<Lang>,
    vocab: HashMap<Box<str>, TermId>,
    surface: HashMap<Box<str>, Surface>,
    long_sentences: HashMap<SentenceId, u32>,
    live_terms: usize,
    avg_sentence_len: f32,
    avg_article_len: f32,
    sentence_count: u32,
    article_count: u32,
}

/// A language from the detector's code a snapshot stores.
fn lang_of(code: &str) -> Option<Lang> {
    let inner = whatlang::Lang::from_code(code)?;
    Lang::parse(code).filter(|l| l.inner() == inner)
}

/// The skip reason `write::reason_code` wrote as `code` (a file not text
/// in an encoding also names the encoding).
fn reason_of(code: u8, r: &mut Reader<'_>) -> Option<SkipReason> {
    Some(match code {
        1 => SkipReason::TooLarge,
        2 => SkipReason::Empty,
        3 => SkipReason::Binary,
        4 => SkipReason::NotText {
            encoding: encoding_rs::Encoding::for_label(r.str()?.as_bytes())?.name(),
        },
        5 => SkipReason::NoText,
        6 => SkipReason::TitleOnly,
        7 => SkipReason::ParserPanicked,
        _ => return None,
    })
}

/// Decodes the small records (`None` when they are not what was written).
fn decode_meta(bytes: &[u8]) -> Option<Meta> {
    let mut r = Reader(bytes);
    let folder = r.str()?.to_string();
    let n = r.count(40)?;
    let mut articles = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.str()?.to_string();
        let title = r.str()?.to_string();
        let own = |s: Option<&str>| s.map(str::to_string);
        let meta = Metadata {
            url: own(r.opt_str()?),
            date: own(r.opt_str()?),
            source: own(r.opt_str()?),
            lang: own(r.opt_str()?),
        };
        let lang = lang_of(r.str()?)?;
        let sentences = SentenceId(r.u32()?)..SentenceId(r.u32()?);
        let terms = r.count(4)?;
        let mut title_terms = Vec::with_capacity(terms);
        for _ in 0..terms {
            title_terms.push(TermId(r.u32()?));
        }
        let len = r.u32()?;
        let stamp = match r.u8()? {
            0 => None,
            1 => Some(Stamp::from_parts(r.u64()?, r.u64()? as i64, r.u32()?)?),
            _ => return None,
        };
        articles.push(Article {
            id,
            title,
            meta,
            lang,
            sentences,
            title_terms,
            len,
            stamp,
        });
    }
    let n = r.count(25)?;
    let mut skipped: Vec<Skipped> = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.str()?.to_string();
        let stamp = Stamp::from_parts(r.u64()?, r.u64()? as i64, r.u32()?)?;
        let reason = reason_of(r.u8()?, &mut r)?;
        // In id order, as `load::is_current` walks them.
        if skipped.last().is_some_and(|last| last.id >= id) {
            return None;
        }
        skipped.push(Skipped { id, stamp, reason });
    }
    let n = r.count(4)?;
    let mut langs = Vec::with_capacity(n);
    for _ in 0..n {
        langs.push(lang_of(r.str()?)?);
    }
    let n = r.count(4)?;
    let mut vocab = HashMap::with_capacity_and_hasher(n, Default::default());
    for i in 0..n {
        vocab.insert(Box::from(r.str()?), TermId::from_index(i));
    }
    let n = r.count(8)?;
    let mut surface = HashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        let word = r.str()?;
        let term = TermId(r.u32()?);
        surface.insert(Box::from(word), Surface::new(word, term));
    }
    let n = r.count(8)?;
    let mut long_sentences = HashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        long_sentences.insert(SentenceId(r.u32()?), r.u32()?);
    }
    let meta = Meta {
        folder,
        articles,
        skipped,
        langs,
        vocab,
        surface,
        long_sentences,
        live_terms: usize::try_from(r.u64()?).ok()?,
        avg_sentence_len: f32::from_bits(r.u32()?),
        avg_article_len: f32::from_bits(r.u32()?),
        sentence_count: r.u32()?,
        article_count: r.u32()?,
    };
    r.0.is_empty().then_some(meta)
}

/// Checks that the arrays fit together, so that no view the engine hands
/// out can reach past an array or cut a character: the checksum says the
/// file is as written, this says what was written is a table. Linear in
/// rows and terms, never in text or postings.
fn check(kb: &KnowledgeBase) -> Result<(), SnapshotError> {
    let (articles, sentences) = (kb.articles.len(), kb.rows.len());
    let terms = kb.index.vocab.len();
    let index = &kb.index;
    if index.sentence_count as usize != sentences || index.article_count as usize != articles {
        return Err(bad("counts"));
    }
    // Rows: nondecreasing offsets within their arrays, text cut on
    // character boundaries, articles in order.
    let mut last = Row {
        article: ArticleId(0),
        paragraph: 0,
        text: 0,
        tokens: 0,
        facts: 0,
    };
    for row in kb.rows.iter() {
        if row.text < last.text
            || row.tokens < last.tokens
            || row.facts < last.facts
            || row.article < last.article
            || row.article.index() >= articles
            || !kb.text.is_char_boundary(row.text as usize)
            || row.tokens as usize > kb.tokens.len()
            || row.facts as usize > kb.facts.len()
        {
            return Err(bad("sentence rows"));
        }
        last = *row;
    }
    // Articles: consecutive sentence runs, matching the dense starts.
    let starts = &index.article_starts;
    if starts.len() != articles + 1 || starts.last().map(|s| s.index()) != Some(sentences) {
        return Err(bad("article starts"));
    }
    for (i, a) in kb.articles.iter().enumerate() {
        if a.sentences.start != starts[i]
            || a.sentences.end != starts[i + 1]
            || a.sentences.start > a.sentences.end
            || a.title_terms.iter().any(|t| t.index() >= terms)
            || kb.rows[a.sentences.start.index()..a.sentences.end.index()]
                .iter()
                .any(|r| r.article.index() != i)
        {
            return Err(bad("articles"));
        }
    }
    if kb.article_langs.len() != articles || index.article_lens.len() != articles {
        return Err(bad("per-article arrays"));
    }
    if index.sentence_lens.len() != sentences
        || index.sentence_lens.iter().enumerate().any(|(s, &n)| {
            n == crate::index::LONG
                && !index
                    .long_sentences
                    .contains_key(&SentenceId::from_index(s))
        })
    {
        return Err(bad("sentence lengths"));
    }
    // Term lists: one run per term, in order, within their items.
    let runs_fit = |starts: &[u32], items: usize| {
        starts.len() == terms + 1
            && starts.first() == Some(&0)
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts.last().is_some_and(|&e| e as usize <= items)
    };
    if !runs_fit(&index.postings.starts, index.postings.items.len())
        || !runs_fit(&index.titles.starts, index.titles.items.len())
        || index.df.len() != terms
        || index.article_df.len() != terms
        || index.titles.items.iter().any(|a| a.index() >= articles)
    {
        return Err(bad("term lists"));
    }
    if index.surface.values().any(|s| s.term.index() >= terms) || index.live_terms > terms {
        return Err(bad("vocabulary"));
    }
    Ok(())
}
