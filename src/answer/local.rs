//! The question's share in a sentence with each word weighed by its idf
//! among the sentence's article's sentences, which the ranker weighs as
//! `local`: the words naming an article's subject ("Tesla" in the article
//! on Tesla) stand in many of its sentences and tell its sentences apart
//! little; the words asking for one detail of it stand in few.

use super::lift::Lift;
use super::matcher::Matcher;
use crate::ids::{ArticleId, TermId};
use crate::index::bm25_idf;
use crate::knowledge::KnowledgeBase;

/// The question's known words weighed by their idf among one article's
/// sentences: worked out per article, and reused while the candidates
/// come from the same article.
pub(super) struct Local {
    /// Per matcher number, the word and the first of the ranker's heads
    /// (its place among the known words) with it.
    words: Vec<TermId>,
    heads: Vec<u32>,
    article: Option<ArticleId>,
    weights: Vec<f32>,
    total: f32,
}

impl Local {
    /// For the question's known words (as the ranker lists them, a word
    /// given twice counted once, as [`Matcher`] does).
    pub(super) fn new(terms: &[(TermId, f32)]) -> Local {
        let mut seen: Vec<TermId> = Vec::new();
        let mut heads = Vec::new();
        for (i, &(t, _)) in terms.iter().enumerate() {
            if !seen.contains(&t) {
                seen.push(t);
                heads.push(i as u32);
            }
        }
        Local {
            words: seen,
            heads,
            article: None,
            weights: Vec::new(),
            total: 0.0,
        }
    }

    /// The share of the question's known words the sentence last found by
    /// `matcher` holds, by their idf in `article`; `dfs` holds, per article
    /// in article order, how many of its sentences hold each word (by its
    /// place in the question's known words). A word the sentence holds in
    /// other words (`lifts`: the person's office for their name) counts as
    /// held, as in coverage.
    pub(super) fn share(
        &mut self,
        kb: &KnowledgeBase,
        dfs: &[(ArticleId, u32, u32)],
        article: ArticleId,
        matcher: &mut Matcher,
        lifts: &[Lift],
    ) -> f32 {
        if self.article != Some(article) {
            self.article = Some(article);
            let range = &kb.article_at(article).sentences;
            let n = (range.end.index() - range.start.index()) as u32;
            let from = dfs.partition_point(|d| d.0 < article);
            let rows = &dfs[from..];
            let rows = &rows[..rows.partition_point(|d| d.0 == article)];
            self.weights.clear();
            self.total = 0.0;
            for &h in &self.heads {
                let df = rows.iter().find(|d| d.1 == h).map_or(0, |d| d.2);
                let w = bm25_idf(df, n.max(1));
                self.weights.push(w);
                self.total += w;
            }
        }
        let lifted: f32 = lifts
            .iter()
            .filter_map(|&(t, _)| t.filter(|&t| !matcher.holds(t)))
            .filter_map(|t| self.words.iter().position(|&w| w == t))
            .map(|n| self.weights[n])
            .sum();
        (matcher.share_by(&self.weights, self.total) + lifted / self.total.max(1e-6)).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::answer::{RankConfig, analyze_question, candidates};
    use crate::knowledge::{Format, KnowledgeBase};

    #[test]
    fn the_articles_subject_weighs_less_than_the_detail_asked() {
        let kb = KnowledgeBase::from_texts([
            (
                "tesla.txt",
                "Tesla\n\nTesla was born in Smiljan. Tesla moved to Prague. \
                 Tesla worked for Edison. Tesla built a lab. \
                 The lab burned down in 1895.",
                Format::Text,
            ),
            (
                "fires.txt",
                "Fires\n\nA fire can destroy a lab. Tesla is a name.",
                Format::Text,
            ),
        ]);
        let q = "When did the lab of Tesla burn?";
        let found = candidates(&kb, q, &RankConfig::default(), 10);
        let local = |text: &str| {
            found
                .iter()
                .find(|(a, _)| a.text.contains(text))
                .map(|(_, f)| f.local)
                .unwrap_or_else(|| panic!("{text} is no candidate"))
        };
        // "Tesla" is in four of the article's five sentences: holding it
        // says little there; "burned" (and "lab") say which sentence.
        assert!(local("burned down") > local("Tesla built"));
        // In the other article "Tesla" is rare, so it counts more.
        assert!(local("Tesla is a name") > local("Tesla moved"));
        assert!(analyze_question(&kb, q).terms.len() >= 3);
    }
}
