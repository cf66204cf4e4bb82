//! Words that mean (nearly) the same: the soft match between a question's
//! terms and a sentence's terms that are not the same stem (soldiers /
//! troops, killed / died, purchase / buy, defense / defence). The table
//! `en.txt` is derived from WordNet 3.0 and GloVe-derived word vectors by
//! `scripts/related/build.js` (how and why: `scripts/related/README.md`;
//! licences: `LICENCE.md`); it is compiled in and parsed once, on first
//! use, into a compact structure keyed by the analyzer's terms, so a lookup
//! speaks the index's language. This module owns the table only: how much a
//! soft match counts is the ranker's business.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::text;

mod kinds;

pub(crate) use kinds::Kind;

/// The table as shipped: one line per word, `word<TAB>other:score ...`,
/// each pair once, scores in 1..=100; `#` starts a comment line.
const DATA: &str = include_str!("en.txt");

static TABLE: OnceLock<Related> = OnceLock::new();

/// The parsed table: every term that has related terms, and its related
/// terms with their similarity, best first. Terms live end to end in one
/// string and neighbour lists end to end in one array, so the whole table
/// is a handful of allocations.
#[derive(Debug, Default)]
pub(crate) struct Related {
    /// Every term's text, end to end.
    text: String,
    /// Term `i` is `text[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<u32>,
    /// Term ids by their text's hash.
    ids: hashbrown::HashTable<u32>,
    /// Term `i`'s related terms are `links[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    /// All neighbour lists, each sorted by similarity, descending.
    links: Vec<Link>,
}

/// One related term and how close it is.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Link {
    term: u32,
    similarity: f32,
}

/// The related terms of one term, best first, as `(term, similarity)` with
/// similarity in (0, 1].
#[derive(Debug, Clone)]
pub(crate) struct Neighbours {
    table: &'static Related,
    links: std::slice::Iter<'static, Link>,
}

impl Iterator for Neighbours {
    type Item = (&'static str, f32);

    fn next(&mut self) -> Option<Self::Item> {
        let link = self.links.next()?;
        Some((self.table.term(link.term), link.similarity))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.links.size_hint()
    }
}

impl ExactSizeIterator for Neighbours {}

/// The terms related to `term` (an analyzer term, i.e. a stem such as
/// "soldier"), best first; empty for a term the table does not know. The
/// table is parsed on the first call.
pub(crate) fn related(term: &str) -> Neighbours {
    let table = table();
    Neighbours {
        table,
        links: table.links_of(term).iter(),
    }
}

/// How close two analyzer terms are in meaning, when the table relates
/// them (`None` for unrelated terms and for a term and itself: an exact
/// match is not a soft one).
#[cfg(test)]
pub(crate) fn similarity(a: &str, b: &str) -> Option<f32> {
    let table = table();
    let b = table.id(b)?;
    table
        .links_of(a)
        .iter()
        .find(|link| link.term == b)
        .map(|link| link.similarity)
}

/// Parses the related-words and kinds tables now rather than on the first
/// question that needs each ([`crate::answer::prepare`]).
pub(crate) fn prepare() {
    table();
    kinds::prepare();
}

/// The table, parsed on first use.
pub(crate) fn table() -> &'static Related {
    TABLE.get_or_init(|| parse(DATA).0)
}

impl Related {
    fn term(&self, id: u32) -> &str {
        let i = id as usize;
        &self.text[self.bounds[i] as usize..self.bounds[i + 1] as usize]
    }

    fn id(&self, term: &str) -> Option<u32> {
        self.ids
            .find(hash(term), |&id| self.term(id) == term)
            .copied()
    }

    fn links_of(&self, term: &str) -> &[Link] {
        match self.id(term) {
            Some(id) => {
                let i = id as usize;
                &self.links[self.offsets[i] as usize..self.offsets[i + 1] as usize]
            }
            None => &[],
        }
    }

    /// How many distinct terms the table names (a word whose only
    /// neighbours share its stem is named but has none).
    pub(crate) fn terms(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    /// How many (term, related term) entries there are; each pair counts
    /// twice, once from each side.
    #[cfg(test)]
    pub(crate) fn links(&self) -> usize {
        self.links.len()
    }

    /// The bytes the table holds on the heap (capacities, not lengths, so
    /// the figure is what the process pays).
    #[cfg(test)]
    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.bounds.capacity() * size_of::<u32>()
            + self.ids.allocation_size()
            + self.offsets.capacity() * size_of::<u32>()
            + self.links.capacity() * size_of::<Link>()
    }
}

fn hash(term: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(term.as_bytes())
}

/// Builds the table from its text, and the numbers (1-based) of the lines
/// that did not parse (they are skipped; a test keeps the list empty).
///
/// Every word goes through the analyzer (`fold_word`, `term_of_folded`), so
/// keys and values are the terms the index holds. Words that share a term
/// merge, keeping each pair's best similarity; a pair whose two words are
/// one term is no soft match and is dropped, and so is a word the analyzer
/// makes a stop word.
fn parse(data: &str) -> (Related, Vec<usize>) {
    let mut table = Related {
        bounds: vec![0],
        ..Related::default()
    };
    // Each distinct word is analyzed once: it appears on its own line and in
    // the lists of up to dozens of others.
    let mut words: FxHashMap<&str, Option<u32>> = FxHashMap::default();
    // Each pair as one sortable number: term, related term, then 255 - score
    // so that the best score of a (term, related term) sorts first.
    let mut pairs: Vec<u64> = Vec::new();
    let mut malformed = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((head, list)) = line.split_once('\t') else {
            malformed.push(n + 1);
            continue;
        };
        if head.is_empty() || list.is_empty() {
            malformed.push(n + 1);
            continue;
        }
        let a = table.term_of(&mut words, head);
        for item in list.split(' ') {
            let Some((word, score)) = item.split_once(':') else {
                malformed.push(n + 1);
                break;
            };
            let score = match score.parse::<u8>() {
                Ok(s) if (1..=100).contains(&s) && !word.is_empty() => s,
                _ => {
                    malformed.push(n + 1);
                    break;
                }
            };
            let b = table.term_of(&mut words, word);
            if let (Some(a), Some(b)) = (a, b)
                && a != b
            {
                pairs.push(pack(a, b, score));
                pairs.push(pack(b, a, score));
            }
        }
    }
    // One u64 sort and a dedup keep each (term, related term) once, with its
    // best score; each term's short list is then ordered by score.
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| *p >> 8);
    let terms = table.terms();
    table.offsets = Vec::with_capacity(terms + 1);
    table.links = Vec::with_capacity(pairs.len());
    let mut next = pairs.iter().map(|&p| unpack(p)).peekable();
    for id in 0..terms as u32 {
        let start = table.links.len();
        table.offsets.push(start as u32);
        while let Some((_, term, score)) = next.next_if(|p| p.0 == id) {
            table.links.push(Link {
                term,
                similarity: f32::from(score) / 100.0,
            });
        }
        table.links[start..].sort_unstable_by(|x, y| {
            y.similarity
                .total_cmp(&x.similarity)
                .then(x.term.cmp(&y.term))
        });
    }
    table.offsets.push(table.links.len() as u32);
    table.text.shrink_to_fit();
    table.bounds.shrink_to_fit();
    table
        .ids
        .shrink_to_fit(|&id| hash(term_at(&table.text, &table.bounds, id)));
    (table, malformed)
}

/// Term ids in a packed pair are 24 bits wide ([`Related::intern`] stops
/// there): far more than the table's tens of thousands of terms.
const MAX_TERMS: u32 = 1 << 24;

fn pack(a: u32, b: u32, score: u8) -> u64 {
    (u64::from(a) << 40) | (u64::from(b) << 8) | u64::from(255 - score)
}

fn unpack(p: u64) -> (u32, u32, u8) {
    ((p >> 40) as u32, (p >> 8) as u32, 255 - p as u8)
}

fn term_at<'a>(text: &'a str, bounds: &[u32], id: u32) -> &'a str {
    let i = id as usize;
    &text[bounds[i] as usize..bounds[i + 1] as usize]
}

impl Related {
    /// The id of `word`'s term, interning it on first sight; `None` for a
    /// word the analyzer drops.
    fn term_of<'d>(
        &mut self,
        words: &mut FxHashMap<&'d str, Option<u32>>,
        word: &'d str,
    ) -> Option<u32> {
        if let Some(&id) = words.get(word) {
            return id;
        }
        let en = text::Lang::ENGLISH;
        let id = text::term_of_folded(en, &text::fold_word(en, word))
            .and_then(|term| self.intern(&term));
        words.insert(word, id);
        id
    }

    /// The id of `term`, added on first sight; `None` past [`MAX_TERMS`].
    fn intern(&mut self, term: &str) -> Option<u32> {
        let h = hash(term);
        if let Some(&id) = self
            .ids
            .find(h, |&id| term_at(&self.text, &self.bounds, id) == term)
        {
            return Some(id);
        }
        let id = self.terms() as u32;
        if id >= MAX_TERMS {
            return None;
        }
        self.text.push_str(term);
        self.bounds.push(self.text.len() as u32);
        let (text, bounds) = (&self.text, &self.bounds);
        self.ids
            .insert_unique(h, id, |&id| hash(term_at(text, bounds, id)));
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The similarity of two words as written, through the analyzer.
    fn words_similarity(a: &str, b: &str) -> Option<f32> {
        let term = |w: &str| {
            text::terms(text::Lang::ENGLISH, w)
                .pop()
                .expect("a word with a term")
        };
        similarity(&term(a), &term(b))
    }

    #[test]
    fn the_shipped_table_parses_fully() {
        let (table, malformed) = parse(DATA);
        assert_eq!(malformed, Vec::<usize>::new());
        assert!(table.terms() > 8_000, "{} terms", table.terms());
        assert!(table.links() > 50_000, "{} links", table.links());
    }

    #[test]
    fn words_that_mean_the_same_are_related() {
        for (a, b, at_least) in [
            ("soldiers", "troops", 0.6),
            ("killed", "died", 0.5),
            ("purchase", "buy", 0.8),
            ("defense", "defence", 0.8),
            ("attack", "assault", 0.6),
            ("bought", "purchased", 0.6),
            ("trip", "visit", 0.3),
        ] {
            let s = words_similarity(a, b);
            assert!(s.is_some_and(|s| s >= at_least), "{a} ~ {b}: {s:?}");
        }
    }

    #[test]
    fn unrelated_words_and_antonyms_are_not_related() {
        for (a, b) in [
            ("soldiers", "banana"),
            ("increase", "decrease"),
            ("north", "south"),
            ("win", "lose"),
            ("monday", "tuesday"),
        ] {
            assert_eq!(words_similarity(a, b), None, "{a} ~ {b}");
        }
    }

    #[test]
    fn lists_are_symmetric_sorted_and_free_of_self_links() {
        let table = table();
        for id in 0..table.terms() as u32 {
            let term = table.term(id);
            let list = table.links_of(term);
            assert!(list.windows(2).all(|w| w[0].similarity >= w[1].similarity));
            for link in list {
                assert_ne!(link.term, id, "{term} is related to itself");
                assert!(link.similarity > 0.0 && link.similarity <= 1.0);
                let other = table.term(link.term);
                assert_eq!(
                    similarity(other, term),
                    Some(link.similarity),
                    "{term} ~ {other}"
                );
            }
        }
    }

    #[test]
    fn forms_sharing_a_stem_merge_keeping_the_best_score() {
        let data = "# a comment\ntroops\tsoldiers:80 soldier:90 troop:95\nthe\tdog:50\n";
        let (table, malformed) = parse(data);
        assert!(malformed.is_empty());
        let list: Vec<_> = table
            .links_of("troop")
            .iter()
            .map(|l| (table.term(l.term), l.similarity))
            .collect();
        // "troop" is the same term as "troops", and "the" is a stop word.
        assert_eq!(list, vec![("soldier", 0.9)]);
        assert_eq!(table.links_of("dog"), &[]);
    }

    #[test]
    fn malformed_lines_are_reported_by_number() {
        let data = "no tab here\nx\ty:0\nx\ty:101\nx\ty\nx\t\ngood\tfine:50\n";
        let (table, malformed) = parse(data);
        assert_eq!(malformed, vec![1, 2, 3, 4, 5]);
        assert_eq!(table.links_of("good").len(), 1);
    }

    #[test]
    fn an_unknown_term_has_no_neighbours() {
        assert_eq!(related("zzzqqq").len(), 0);
        assert!(related("soldier").any(|(t, _)| t == "troop"));
    }

    /// Prints what the table costs and a sample of its pairs (run with
    /// `cargo test --release --lib related -- --ignored --nocapture`).
    #[test]
    #[ignore = "a measurement, not a check"]
    fn measure() {
        let started = std::time::Instant::now();
        let (table, _) = parse(DATA);
        let elapsed = started.elapsed();
        println!(
            "en.txt {} bytes; parsed in {elapsed:?}; {} terms, {} links ({} pairs); heap {} bytes",
            DATA.len(),
            table.terms(),
            table.links(),
            table.links() / 2,
            table.heap_bytes()
        );
        for (a, b) in [
            ("soldiers", "troops"),
            ("killed", "died"),
            ("purchase", "buy"),
            ("bought", "buy"),
            ("attack", "assault"),
            ("defense", "defence"),
            ("trip", "visit"),
            ("reason", "purpose"),
            ("soldiers", "civilians"),
            ("killed", "wounded"),
        ] {
            println!("  {a} ~ {b}: {:?}", words_similarity(a, b));
        }
        for word in ["soldier", "kill", "minist", "trip"] {
            let list: Vec<_> = related(word).take(12).collect();
            println!("  {word}: {list:?}");
        }
        // A fixed-seed sample, so two runs print the same pairs.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let at = (state % table.links.len() as u64) as usize;
            let owner = table.offsets.partition_point(|&o| o as usize <= at) - 1;
            let link = table.links[at];
            println!(
                "  {} ~ {}: {:.2}",
                table.term(owner as u32),
                table.term(link.term),
                link.similarity
            );
        }
    }
}
