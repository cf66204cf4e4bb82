//! Usage figures for the operator (/stats): questions today and in all,
//! the share answered, and the questions most often left unanswered — so
//! the operator knows which articles to add. Kept in a small JSON file
//! beside the knowledge folder (written to a temporary file and renamed),
//! holding question texts truncated and no user or chat id. Counting
//! touches memory only; the caller writes what changed ([`Stats::unsaved`])
//! where file I/O may block.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Characters of a question kept.
const QUESTION_CHARS: usize = 100;
/// Distinct unanswered questions kept (the rarest go first).
const KEPT_UNANSWERED: usize = 300;
/// Unanswered questions /stats shows.
const SHOWN: usize = 5;
/// How often a long-running caller writes changed figures (and once at
/// the end).
pub const SAVE_EVERY: Duration = Duration::from_secs(2);

/// What the file holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Figures {
    /// Today's date (UTC), "YYYY-MM-DD".
    day: String,
    today: u64,
    total: u64,
    answered: u64,
    /// Unanswered questions (lower-cased, truncated) and how often asked.
    unanswered: Vec<(String, u64)>,
}

/// The figures /stats shows.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// Questions today (UTC).
    pub today: u64,
    /// Questions in all.
    pub total: u64,
    /// Share answered, in percent.
    pub answered_percent: u64,
    /// The most frequent unanswered questions, with their counts.
    pub unanswered: Vec<(String, u64)>,
}

/// The figures and where they are kept.
#[derive(Debug)]
pub struct Stats {
    path: Option<PathBuf>,
    figures: Figures,
    /// Changed since the last [`Stats::unsaved`].
    dirty: bool,
}

/// A copy of the figures to write, taken so the writing needs no lock.
#[derive(Debug)]
pub struct Unsaved {
    path: PathBuf,
    figures: Figures,
}

impl Unsaved {
    /// Writes the figures to a temporary file, renamed over the old one,
    /// so a crash never leaves half a file. Blocking file I/O.
    pub fn write(self) -> std::io::Result<()> {
        let temp = self.path.with_extension("json.part");
        let bytes = serde_json::to_vec(&self.figures).map_err(std::io::Error::other)?;
        std::fs::write(&temp, bytes)?;
        std::fs::rename(&temp, &self.path)
    }
}

/// Where the figures of the knowledge folder `dir` are kept: a file
/// beside it, named after it (`knowledge.stats.json`), so writing it never
/// touches the watched folder.
pub fn path_for(dir: &Path) -> Option<PathBuf> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let name = dir.file_name()?.to_string_lossy().into_owned();
    Some(dir.with_file_name(format!("{name}.stats.json")))
}

/// Today's date in UTC, "YYYY-MM-DD".
pub fn today() -> String {
    date_of(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    )
}

/// The UTC date of a Unix time, "YYYY-MM-DD".
pub fn date_of(unix_seconds: i64) -> String {
    let (y, m, d) = civil_from_days(unix_seconds.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl Stats {
    /// The figures kept at `path` (none yet when it is missing or
    /// unreadable); `None` keeps them in memory only.
    pub fn open(path: Option<PathBuf>) -> Stats {
        let figures = path
            .as_deref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Stats {
            path,
            figures,
            dirty: false,
        }
    }

    /// Counts a question asked on `day` (in memory only).
    pub fn record(&mut self, question: &str, answered: bool, day: &str) {
        let f = &mut self.figures;
        if f.day != day {
            f.day = day.to_string();
            f.today = 0;
        }
        f.today += 1;
        f.total += 1;
        if answered {
            f.answered += 1;
        } else {
            let key: String = question
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
                .chars()
                .filter(|c| !c.is_control())
                .take(QUESTION_CHARS)
                .collect();
            match f.unanswered.iter_mut().find(|(q, _)| *q == key) {
                Some((_, n)) => *n += 1,
                None => {
                    if f.unanswered.len() >= KEPT_UNANSWERED {
                        // The rarest, and of those the oldest, makes room.
                        let min = f.unanswered.iter().map(|(_, n)| *n).min().unwrap_or(0);
                        if let Some(i) = f.unanswered.iter().position(|(_, n)| *n == min) {
                            f.unanswered.remove(i);
                        }
                    }
                    f.unanswered.push((key, 1));
                }
            }
        }
        self.dirty = true;
    }

    /// The figures as of `day`.
    pub fn view(&self, day: &str) -> View {
        let f = &self.figures;
        let mut top = f.unanswered.clone();
        top.sort_by_key(|q| std::cmp::Reverse(q.1));
        top.truncate(SHOWN);
        View {
            today: if f.day == day { f.today } else { 0 },
            total: f.total,
            answered_percent: (f.answered * 100).checked_div(f.total).unwrap_or(0),
            unanswered: top,
        }
    }

    /// The figures to write, if they changed since the last call and
    /// have a file; they count as saved from now on (see
    /// [`Stats::not_saved`]).
    pub fn unsaved(&mut self) -> Option<Unsaved> {
        let path = self.path.clone()?;
        std::mem::take(&mut self.dirty).then(|| Unsaved {
            path,
            figures: self.figures.clone(),
        })
    }

    /// Writing what [`Stats::unsaved`] gave failed: the next call gives
    /// the figures again.
    pub fn not_saved(&mut self) {
        self.dirty = true;
    }

    /// Writes the figures now if they changed (blocking file I/O).
    pub fn save(&mut self) {
        if let Some(unsaved) = self.unsaved()
            && let Err(e) = unsaved.write()
        {
            tracing::warn!("could not save the question figures: {e}");
            self.not_saved();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_keeps_only_truncated_questions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.stats.json");
        let mut s = Stats::open(Some(path.clone()));
        s.record("Who won?", true, "2025-01-01");
        s.record("Why is the sky green?", false, "2025-01-02");
        s.record("why is  the sky GREEN?", false, "2025-01-02");
        s.record(&"long ".repeat(100), false, "2025-01-02");
        s.save();
        let v = Stats::open(Some(path.clone())).view("2025-01-02");
        assert_eq!((v.today, v.total, v.answered_percent), (3, 4, 25));
        assert_eq!(v.unanswered[0], ("why is the sky green?".to_string(), 2));
        assert!(v.unanswered[1].0.chars().count() <= QUESTION_CHARS);
        assert_eq!(s.view("2025-01-03").today, 0);
        assert!(s.unsaved().is_none(), "nothing changed since the save");
        s.record("Who lost?", true, "2025-01-03");
        assert!(s.unsaved().is_some());
        assert!(s.unsaved().is_none());
        s.not_saved();
        assert!(s.unsaved().is_some(), "a failed write is retried");
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_088), (2024, 12, 31));
        assert_eq!(today().len(), 10);
    }
}
