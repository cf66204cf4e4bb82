//! Writing a table's snapshot: the sections, as the module above lays
//! them out, streamed through one buffer with the CRC computed on the way
//! and written into the header at the end; the small records encoded by
//! `codec`.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};

use super::codec::Writer;
use super::{CRC_AT, HEADER, MAGIC, SECTIONS, VERSION, build_fingerprint};
use crate::knowledge::files::Stamp;
use crate::knowledge::{KnowledgeBase, SkipReason};

impl KnowledgeBase {
    /// Writes the snapshot to `file` (see the module documentation).
    pub(super) fn write_snapshot(&self, file: File, folder: &str) -> io::Result<()> {
        let meta = self.encode_meta(folder);
        let index = &self.index;
        let sections: [&[u8]; SECTIONS] = [
            &meta,
            self.text.column().as_bytes(),
            self.tokens.as_bytes(),
            self.rows.as_bytes(),
            self.facts.as_bytes(),
            index.postings.starts.as_bytes(),
            index.postings.items.as_bytes(),
            index.df.as_bytes(),
            index.article_df.as_bytes(),
            index.titles.starts.as_bytes(),
            index.titles.items.as_bytes(),
            index.sentence_lens.as_bytes(),
            index.article_lens.as_bytes(),
            index.article_starts.as_bytes(),
        ];
        let mut table = Vec::with_capacity(SECTIONS * 16);
        let mut at = (HEADER + SECTIONS * 16) as u64;
        for s in &sections {
            table.extend_from_slice(&at.to_le_bytes());
            table.extend_from_slice(&(s.len() as u64).to_le_bytes());
            at = (at + s.len() as u64).next_multiple_of(8);
        }
        let total = at;
        let mut header = [0u8; HEADER];
        header[..8].copy_from_slice(&MAGIC);
        header[8..12].copy_from_slice(&VERSION.to_le_bytes());
        header[12..16].copy_from_slice(&(SECTIONS as u32).to_le_bytes());
        header[16..24].copy_from_slice(&build_fingerprint().to_le_bytes());
        header[24..32].copy_from_slice(&total.to_le_bytes());
        // The CRC covers the header around it and everything after.
        let mut crc = crc32fast::Hasher::new();
        crc.update(&header[..CRC_AT]);
        crc.update(&header[CRC_AT + 4..]);
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(&header)?;
        let mut put = |out: &mut BufWriter<File>, bytes: &[u8]| -> io::Result<()> {
            crc.update(bytes);
            out.write_all(bytes)
        };
        put(&mut out, &table)?;
        let mut written = (HEADER + table.len()) as u64;
        for s in &sections {
            put(&mut out, s)?;
            written += s.len() as u64;
            let pad = written.next_multiple_of(8) - written;
            put(&mut out, &[0u8; 8][..pad as usize])?;
            written += pad;
        }
        debug_assert_eq!(written, total);
        let crc = crc.finalize();
        out.seek(SeekFrom::Start(CRC_AT as u64))?;
        out.write_all(&crc.to_le_bytes())?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        // On disk before the rename makes it the snapshot: after a crash
        // the checksum would refuse a torn file anyway, but a whole one
        // spares the next start a cold load.
        file.sync_all()
    }

    /// The small records, in the `codec` encoding.
    fn encode_meta(&self, folder: &str) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(folder);
        w.len(self.articles.len());
        for a in &self.articles {
            w.str(&a.id);
            w.str(&a.title);
            w.opt_str(a.meta.url.as_deref());
            w.opt_str(a.meta.date.as_deref());
            w.opt_str(a.meta.source.as_deref());
            w.opt_str(a.meta.lang.as_deref());
            w.str(a.lang.inner().code());
            w.u32(a.sentences.start.0);
            w.u32(a.sentences.end.0);
            w.len(a.title_terms.len());
            for t in &a.title_terms {
                w.u32(t.0);
            }
            w.u32(a.len);
            match a.stamp.map(Stamp::to_parts) {
                Some((len, secs, nanos)) => {
                    w.u8(1);
                    w.u64(len);
                    w.u64(secs as u64);
                    w.u32(nanos);
                }
                None => w.u8(0),
            }
        }
        w.len(self.skipped.len());
        for s in &self.skipped {
            w.str(&s.id);
            let (len, secs, nanos) = s.stamp.to_parts();
            w.u64(len);
            w.u64(secs as u64);
            w.u32(nanos);
            w.u8(reason_code(&s.reason));
            if let SkipReason::NotText { encoding } = s.reason {
                w.str(encoding);
            }
        }
        w.len(self.langs.len());
        for l in &self.langs {
            w.str(l.inner().code());
        }
        let index = &self.index;
        // Term ids number the vocabulary densely from 0 (`intern`).
        let mut terms: Vec<&str> = vec![""; index.vocab.len()];
        for (t, id) in &index.vocab {
            terms[id.index()] = t;
        }
        w.len(terms.len());
        for t in terms {
            w.str(t);
        }
        w.len(index.surface.len());
        for (word, term) in index.surface_words() {
            w.str(word);
            w.u32(term.0);
        }
        w.len(index.long_sentences.len());
        for (s, n) in &index.long_sentences {
            w.u32(s.0);
            w.u32(*n);
        }
        w.u64(index.live_terms as u64);
        w.u32(index.avg_sentence_len.to_bits());
        w.u32(index.avg_article_len.to_bits());
        w.u32(index.sentence_count);
        w.u32(index.article_count);
        w.0
    }
}

/// A skip reason of content as one byte (`read::reason_of` reads it back);
/// other reasons are never recorded.
pub(super) fn reason_code(reason: &SkipReason) -> u8 {
    match reason {
        SkipReason::TooLarge => 1,
        SkipReason::Empty => 2,
        SkipReason::Binary => 3,
        SkipReason::NotText { .. } => 4,
        SkipReason::NoText => 5,
        SkipReason::TitleOnly => 6,
        SkipReason::ParserPanicked => 7,
        _ => 0,
    }
}
