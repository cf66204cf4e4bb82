//! The features of every candidate span of one sentence for one question:
//! `Context` reads the sentence's words once and walks its spans.

use std::ops::Range;

use super::model::{F, Group, Sink};
use super::words::*;
use crate::answer::question::Question;
use crate::facts::FactKind;
use crate::ids::TermId;
use crate::knowledge::{KnowledgeBase, Sentence};
use crate::related;
use crate::text::{self, Lang};

/// Longest candidate, in words, for questions answered by a name or a
/// short phrase; nearly every SQuAD answer is this short.
const MAX_WORDS: usize = 6;
/// Longest candidate for "why", "how" and "what is" questions, whose
/// answers are clauses ("to ask for more air defence").
const MAX_DESCRIPTION_WORDS: usize = 12;

/// Everything about one sentence and question that every candidate's
/// features read.
pub(super) struct Context<'a> {
    pub(super) text: &'a str,
    pub(super) words: Vec<Word>,
    /// `gaps[i]` is what comes before word `i`; `gaps[n]` what follows the last.
    pub(super) gaps: Vec<Gap>,
    /// Positions of the words the question holds.
    pub(super) matched: Vec<usize>,
    /// The question's total idf, for the window shares.
    pub(super) question_weight: f64,
    pub(super) facts: Vec<FactSpan>,
    /// The fact rules' pick, as a [`phrase_core`] range.
    pub(super) pick: Option<Range<usize>>,
    /// Words before this position are a news dateline.
    pub(super) dateline: usize,
    pub(super) group: Group,
    pub(super) wants_year: bool,
}

impl<'a> Context<'a> {
    /// The context of the words of `sent` inside byte range `window` (what
    /// the reply shows of it).
    pub(super) fn new(
        kb: &KnowledgeBase,
        sent: &Sentence<'a>,
        q: &Question,
        fact_pick: Option<Range<usize>>,
        window: Range<usize>,
    ) -> Context<'a> {
        let question_terms: Vec<TermId> = q.known_terms().collect();
        let focus: Option<TermId> = q
            .focus
            .as_deref()
            .and_then(|f| text::term_of_folded(q.lang, f))
            .and_then(|t| kb.index().term_id(&t));
        // The kinds table is English; "which city" asks for a kind of city.
        let kind_of: Option<related::Kind> = q
            .focus
            .as_deref()
            .filter(|_| q.lang == Lang::ENGLISH)
            .map(related::Kind::new);
        let text = sent.text;
        let lang = sent.lang;
        let mut ids = sent.terms.iter();
        let mut words = Vec::new();
        text::with_word_cache(|cache| {
            for (start, word) in text::words(lang, text) {
                let form = cache.lookup(lang, word).1;
                let id = if form.term.is_some() {
                    ids.next()
                } else {
                    None
                };
                if start < window.start || start + word.len() > window.end {
                    continue;
                }
                // Spans are made of disjoint words: of the overlapping
                // pairs of an unspaced script, or jieba's words inside
                // words, the first to start is kept.
                if words.last().is_some_and(|w: &Word| w.range.end > start) {
                    continue;
                }
                let in_question = id.is_some_and(|id| question_terms.contains(&id));
                let folded = form.folded;
                // A stop word is a function word even where the analyzer
                // keeps it as a term.
                let class = class_of(
                    folded,
                    form.term.is_some() && !text::is_stop_word_in(lang, folded),
                );
                words.push(Word {
                    range: start..start + word.len(),
                    class,
                    in_question,
                    weight: match id {
                        Some(id) if in_question => f64::from(kb.index().idf(id)),
                        _ => 0.0,
                    },
                    focus: id.is_some() && id == focus,
                    // The question's own words never answer it ("Russia" for
                    // "which country sent troops to Russia").
                    kind: class == Class::Content
                        && !in_question
                        && kind_of.as_ref().is_some_and(|k| k.is_named_by(folded)),
                    capital: word.chars().next().is_some_and(char::is_uppercase),
                    digit: word.bytes().any(|b| b.is_ascii_digit()),
                    year: is_year(folded),
                    upper: word.chars().filter(|c| c.is_alphabetic()).count() > 1
                        && !word.chars().any(char::is_lowercase),
                    article: matches!(folded, "the" | "a" | "an"),
                    because: matches!(folded, "because" | "since" | "due"),
                    approx: matches!(
                        folded,
                        "about"
                            | "around"
                            | "nearly"
                            | "almost"
                            | "roughly"
                            | "approximately"
                            | "some"
                            | "over"
                            | "more"
                            | "up"
                            | "less"
                            | "fewer"
                            | "just"
                            | "only"
                            | "estimated"
                    ),
                    possessive: word.ends_with("'s") || word.ends_with("’s"),
                    verbish: class == Class::Content
                        && folded.len() > 4
                        && (folded.ends_with("ed") || folded.ends_with("ing")),
                    matched_before: None,
                    matched_after: None,
                });
            }
        });
        let n = words.len();
        let gaps: Vec<Gap> = (0..=n)
            .map(|i| {
                let from = if i == 0 {
                    window.start
                } else {
                    words[i - 1].range.end
                };
                let to = if i == n {
                    window.end
                } else {
                    words[i].range.start
                };
                gap_of(&text[from..to])
            })
            .collect();
        // A hyphenated name is one word to a reader whatever its parts are:
        // "Chick-fil-A" ends with an article, "In-N-Out" with a preposition,
        // and a phrase may neither end nor stop at them.
        for k in 1..n {
            let gap = &text[words[k - 1].range.end..words[k].range.start];
            if gaps[k] == Gap::Joiner && gap == "-" {
                for w in &mut words[k - 1..=k] {
                    w.class = Class::Content;
                    w.article = false;
                }
            }
        }
        // A capitalised function word between capitalised words inside the
        // sentence is part of a name ("The New York Times", "Bank Of
        // America"), not a function word a phrase should stop at.
        for k in 1..n.saturating_sub(1) {
            let (w, next) = (&words[k], &words[k + 1]);
            if w.capital
                && w.class != Class::Content
                && gaps[k] == Gap::Space
                && gaps[k + 1].inside()
                && next.capital
                && &text[w.range.clone()] != "I"
            {
                words[k].class = Class::Content;
                words[k].article = false;
            }
        }
        let matched: Vec<usize> = (0..n).filter(|&i| words[i].in_question).collect();
        let mut last = None;
        for (k, w) in words.iter_mut().enumerate() {
            w.matched_before = last;
            if w.in_question {
                last = Some(k);
            }
        }
        let mut next = None;
        for (k, w) in words.iter_mut().enumerate().rev() {
            w.matched_after = next;
            if w.in_question {
                next = Some(k);
            }
        }
        let question_weight = question_terms
            .iter()
            .map(|&id| f64::from(kb.index().idf(id)))
            .sum();
        let wanted = q.kind.wanted_facts();
        let facts = sent
            .facts
            .iter()
            .map(|f| {
                let range = f.start as usize..f.end as usize;
                FactSpan {
                    kind: f.kind,
                    core: phrase_core(text, range.clone()),
                    range,
                    wanted: wanted.contains(&f.kind),
                }
            })
            .collect();
        let dateline = dateline(text, &words);
        Context {
            dateline,
            text,
            words,
            gaps,
            matched,
            question_weight,
            facts,
            pick: fact_pick.map(|p| phrase_core(text, p)),
            group: Group::of(q.kind),
            wants_year: q.wants_year,
        }
    }

    /// Whether candidate span `range` (as `for_each` gives it) is the fact
    /// rules' pick.
    pub(super) fn is_fact_pick(&self, range: &Range<usize>) -> bool {
        self.pick
            .as_ref()
            .is_some_and(|p| *p == phrase_core(self.text, range.clone()))
    }

    /// Calls `each(core, features)` for every candidate span, the
    /// features added to a copy of `empty`; `core` is the span's words,
    /// which [`widen`] makes the phrase shown (for the best span only: for
    /// every span it was a twentieth of a question's time). What depends
    /// on one edge only is worked out once per word and copied in; the
    /// rest as the span grows word by word.
    pub(super) fn for_each<S: Sink>(&self, empty: &S, mut each: impl FnMut(Range<usize>, S)) {
        let words = &self.words;
        let n = words.len();
        let max_len = if matches!(self.group, Group::Clause | Group::Description) {
            MAX_DESCRIPTION_WORDS
        } else {
            MAX_WORDS
        };
        let edge = |side: fn(&Self, usize, &mut S)| -> Vec<S> {
            (0..n)
                .map(|k| {
                    let mut s = empty.clone();
                    side(self, k, &mut s);
                    s
                })
                .collect()
        };
        let lefts = edge(Self::left_features);
        let rights = edge(Self::right_features);
        for i in 0..n {
            // A leading article changes neither the phrase nor its score.
            if words[i].article {
                continue;
            }
            let mut run = Run::default();
            for j in i..n.min(i + max_len) {
                if j > i && !self.gaps[j].inside() {
                    break;
                }
                run.push(&words[j], self.gaps[j] == Gap::Joiner && j > i);
                // Only stop words, or only the question's own words: never an
                // answer; nor, but for one in forty answers, a span ending with
                // a stop word ("the town of"), which is a third of all spans.
                if run.content == run.named || words[j].class != Class::Content {
                    continue;
                }
                let core = words[i].range.start..words[j].range.end;
                let mut s = lefts[i].clone();
                s.extend(&rights[j]);
                self.span_features(i, j, &run, &core, &mut s);
                each(core, s);
            }
        }
    }

    /// The features of a span starting at word `i` that depend on that edge only.
    pub(super) fn left_features<S: Sink>(&self, i: usize, f: &mut S) {
        let w = &self.words[i];
        f.on(self.left(i), true);
        let cut = i.checked_sub(1).is_some_and(|k| {
            let prev = &self.words[k];
            // A sentence's first word is capitalised whatever it is; one
            // the question holds is likelier a name.
            let any_first = k == 0 && !prev.in_question;
            self.gaps[i].inside()
                && prev.capital
                && !prev.possessive
                && prev.class == Class::Content
                && !any_first
        });
        f.on(F::cap_cut_left, cut);
        f.on(F::first_stop, w.class != Class::Content);
        f.on(F::first_cap, w.capital);
        f.on(F::first_to, w.class == Class::To);
        f.on(F::first_because, w.because);
        f.on(F::first_by, w.class == Class::By);
        f.on(
            F::first_prep,
            matches!(w.class, Class::Prep | Class::Loc | Class::Of),
        );
        let left = w.matched_before;
        f.on(F::after_q, left.is_some_and(|k| self.only_stop(k + 1..i)));
        f.set(F::q_near_left, self.count(i.saturating_sub(3)..i) / 3.0);
        f.set(F::q_idf_left3, self.share(i.saturating_sub(3)..i));
        f.set(
            F::q_idf_left8,
            self.share(i.saturating_sub(8)..i.saturating_sub(3)),
        );
    }

    /// The features of a span ending at word `j` that depend on that edge only.
    pub(super) fn right_features<S: Sink>(&self, j: usize, f: &mut S) {
        let w = &self.words[j];
        f.on(self.right(j), true);
        f.on(
            F::cap_cut_right,
            self.gaps[j + 1].inside()
                && self
                    .words
                    .get(j + 1)
                    .is_some_and(|w| w.capital && w.class == Class::Content),
        );
        f.on(F::last_stop, w.class != Class::Content);
        f.on(F::focus_last, w.focus);
        f.on(F::kind_last, w.kind);
        f.on(
            F::focus_right,
            self.words.get(j + 1).is_some_and(|w| w.focus),
        );
        let right = w.matched_after;
        f.on(F::before_q, right.is_some_and(|k| self.only_stop(j + 1..k)));
        f.set(F::q_near_right, self.count(j + 1..j + 4) / 3.0);
        f.set(F::q_idf_right3, self.share(j + 1..j + 4));
        f.set(F::q_idf_right8, self.share(j + 4..j + 9));
    }

    /// The features of span `i..=j` as a whole; `run` has its words'
    /// summary, `core` is its byte range (see [`phrase_core`]: a span starts and
    /// ends with a word).
    pub(super) fn span_features<S: Sink>(
        &self,
        i: usize,
        j: usize,
        run: &Run,
        core: &Range<usize>,
        f: &mut S,
    ) {
        let len = j - i + 1;
        f.on(F::first_possessive, len > 1 && self.words[i].possessive);
        f.on(F::first_approx, len > 1 && self.words[i].approx);
        f.on(
            match len {
                1 => F::len1,
                2 => F::len2,
                3 => F::len3,
                4 => F::len4,
                5 => F::len5,
                6..=8 => F::len6_8,
                _ => F::len9_,
            },
            true,
        );
        f.set(F::q_share, run.named as f64 / run.content as f64);
        f.on(F::q_any, run.named > 0);
        f.on(F::all_cap, run.all_cap);
        f.on(F::cap_start, run.all_cap && i == 0);
        f.on(F::upper, run.upper);
        f.on(F::dateline, j < self.dateline);
        f.on(F::digit, run.digit);
        let year = len == 1 && self.words[i].year;
        f.on(F::year, year);
        f.on(F::year_wanted, year && self.wants_year);
        f.on(F::verbish, run.verbish);
        f.on(F::focus_in, run.focus);
        f.on(F::kind_in, run.kind);
        f.on(F::has_joiner, run.joiner);
        let has = |c: Class| run.classes & (1 << c as u16) != 0;
        f.on(F::has_conj, has(Class::Conj));
        f.on(F::has_of, has(Class::Of));
        f.on(
            F::has_prep,
            has(Class::Prep) || has(Class::Loc) || has(Class::By) || has(Class::To),
        );
        f.on(F::has_aux, has(Class::Aux));
        f.on(F::has_rel, has(Class::Rel));
        f.on(F::has_pron, has(Class::Pron));
        let (before, after) = (self.gaps[i], self.gaps[j + 1]);
        f.on(F::in_parens, before == Gap::Open && after == Gap::Close);
        f.on(F::in_quotes, before == Gap::Quote && after == Gap::Quote);
        f.on(F::appositive, before == Gap::Comma && after == Gap::Comma);
        self.distance(i, j, f);
        self.facts(core, f);
    }

    /// Whether only stop words, joined by spaces, fill word positions `r`.
    pub(super) fn only_stop(&self, r: Range<usize>) -> bool {
        r.clone().all(|k| self.words[k].class != Class::Content)
            && (r.start..=r.end).all(|k| self.gaps[k].inside())
    }

    /// How many question words are at positions `r`.
    pub(super) fn count(&self, r: Range<usize>) -> f64 {
        self.matched.iter().filter(|k| r.contains(k)).count() as f64
    }

    /// The share of the question's idf its words at positions `r` hold.
    pub(super) fn share(&self, r: Range<usize>) -> f64 {
        if self.question_weight <= 0.0 {
            return 0.0;
        }
        let n = self.words.len();
        let r = r.start.min(n)..r.end.min(n);
        self.words[r].iter().map(|w| w.weight).sum::<f64>() / self.question_weight
    }

    /// What comes before word `i`: punctuation, or the previous word's class.
    pub(super) fn left(&self, i: usize) -> F {
        match self.gaps[i] {
            Gap::Comma => return F::left_comma,
            Gap::Open => return F::left_open,
            Gap::Quote => return F::left_quote,
            Gap::Punct | Gap::Close => return F::left_punct,
            Gap::Space | Gap::Joiner => {}
        }
        let Some(w) = i.checked_sub(1).map(|k| &self.words[k]) else {
            return F::left_start;
        };
        if w.in_question {
            return F::left_q;
        }
        match w.class {
            Class::Det => F::left_det,
            Class::Of => F::left_of,
            Class::To => F::left_to,
            Class::Loc => F::left_loc,
            Class::By => F::left_by,
            Class::Prep => F::left_prep,
            Class::Aux => F::left_aux,
            Class::Conj => F::left_conj,
            Class::Rel => F::left_rel,
            Class::Because => F::left_because,
            Class::Pron => F::left_pron,
            Class::OtherStop | Class::Content => F::left_content,
        }
    }

    /// What comes after word `j`.
    pub(super) fn right(&self, j: usize) -> F {
        match self.gaps[j + 1] {
            Gap::Comma => return F::right_comma,
            Gap::Close => return F::right_close,
            Gap::Quote => return F::right_quote,
            Gap::Punct | Gap::Open => return F::right_punct,
            Gap::Space | Gap::Joiner => {}
        }
        let Some(w) = self.words.get(j + 1) else {
            return F::right_end;
        };
        if w.in_question {
            return F::right_q;
        }
        match w.class {
            Class::Det => F::right_det,
            Class::Of => F::right_of,
            Class::To => F::right_to,
            Class::Loc => F::right_loc,
            Class::By => F::right_by,
            Class::Prep => F::right_prep,
            Class::Aux => F::right_aux,
            Class::Conj => F::right_conj,
            Class::Rel | Class::Because => F::right_rel,
            Class::Pron => F::right_pron,
            Class::OtherStop | Class::Content => F::right_content,
        }
    }

    /// How far the nearest question word is from span `i..=j`, and
    /// whether the span lies between question words.
    pub(super) fn distance<S: Sink>(&self, i: usize, j: usize, f: &mut S) {
        let (left, right) = (self.words[i].matched_before, self.words[j].matched_after);
        let d = left
            .map(|k| i - k)
            .into_iter()
            .chain(right.map(|k| k - j))
            .min();
        f.on(
            match d {
                None => F::dist_none,
                Some(1) => F::dist1,
                Some(2) => F::dist2,
                Some(3) => F::dist3,
                Some(4..=6) => F::dist4_6,
                Some(7..=10) => F::dist7_10,
                Some(_) => F::dist11_,
            },
            true,
        );
        f.on(F::between, left.is_some() && right.is_some());
    }

    /// How the span whose [`phrase_core`] is `core` lies against the facts the
    /// loader found.
    pub(super) fn facts<S: Sink>(&self, core: &Range<usize>, f: &mut S) {
        let (s, e) = (core.start, core.end);
        let (mut exact_wanted, mut exact_other) = (false, false);
        let (mut inside, mut holds, mut cut) = (false, false, false);
        for fact in &self.facts {
            let (fs, fe) = (fact.range.start, fact.range.end);
            if fact.core == *core {
                exact_wanted |= fact.wanted;
                exact_other |= !fact.wanted;
                f.on(
                    match fact.kind {
                        FactKind::Person => F::is_person,
                        FactKind::Place => F::is_place,
                        FactKind::Organisation => F::is_organisation,
                        FactKind::Name => F::is_name,
                        FactKind::Date => F::is_date,
                        FactKind::Number => F::is_number,
                    },
                    true,
                );
            } else if fs <= s && e <= fe {
                inside |= fact.wanted;
            } else if s <= fs && fe <= e {
                holds |= fact.wanted;
            } else if fs < e && s < fe {
                cut = true;
            }
        }
        f.on(F::fact_wanted, exact_wanted);
        f.on(F::fact_other, exact_other);
        f.on(F::in_fact_wanted, inside);
        f.on(F::holds_fact_wanted, holds);
        f.on(F::fact_cut, cut);
        f.on(F::fact_pick, self.pick.as_ref() == Some(core));
    }
}
