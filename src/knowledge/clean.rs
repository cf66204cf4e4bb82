//! Removes web-page clutter from pasted article text: advertising markers,
//! reading-time and trust badges, lone counters, share and subscribe lines,
//! bare photo credits, and lines repeated verbatim (a caption pasted twice).
//! Captions themselves are kept (they hold who, where and when); only their
//! trailing credit ("Photo: AFP") goes. Every rule is a pattern of clutter,
//! not a line from some article.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// Whole lines that carry no content.
static CLUTTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:
          advertisements?|advertising|sponsored(?:\s+content)?|ad|promoted|paid\s+content
        | (?:story\s+)?continues?\s+below(?:\s+advertisement)?|scroll\s+to\s+continue.*
        | reading\s+time\s*:?\s*\d+\s*(?:min|mins|minutes?)
        | \d+\s*(?:min|mins|minutes?)\s+read
        | why\s+you\s+can\s+trust\s+\S+(?:\s+\S+)?
        | [\d.,]+\s*[km]?(?:\s+(?:comments?|shares?|likes?|views?|replies))?
        | (?:share|share\s+this(?:\s+(?:article|story|page|post))?|tweet|email|e-mail|print|copy\s+link|link\s+copied)(?:\s*[|/·•]\s*\S+)*
        | (?:whatsapp|facebook|twitter|linkedin|telegram|reddit|pinterest|x|email)(?:\s*[|/·•]\s*(?:whatsapp|facebook|twitter|linkedin|telegram|reddit|pinterest|x|email|copy\s+link))+
        | subscribe(?:\s+now)?(?:\s+to\s+.{0,60})?|sign\s+up(?:\s+.{0,80})?|newsletter|get\s+the\s+newsletter.*
        | follow\s+us(?:\s+on\s+.{0,40})?|click\s+here.{0,80}|read\s+more(?:\s*:.*)?|read\s+next(?:\s*:.*)?|recommended(?:\s+for\s+you)?
        | related(?:\s+(?:articles?|stories|topics|coverage|news))?\s*:?|more\s+on\s+this(?:\s+story)?|you\s+may\s+also\s+like|most\s+(?:read|popular)
        | comments?|leave\s+a\s+comment|listen\s+to\s+this\s+article|save(?:\s+article)?|gift\s+(?:this\s+)?article|bookmark
        | (?:photo|image|picture|video|graphic|illustration|credit)s?\s*:\s*[^.!?]{1,60}
        | (?:\(\s*)?(?:photo|image)s?\s+by\s+[^.!?]{1,60}(?:\))?
        | (?:getty\s+images|afp|reuters|ap\s+photo|shutterstock)(?:\s*/\s*\S+)*
        | (?:©|\(c\)|copyright).{0,120}|all\s+rights\s+reserved\.?
        | (?:updated|published|last\s+updated)\s*:?\s*.{0,40}\d.{0,20}
        | skip\s+to\s+(?:main\s+)?content|cookie\s+.{0,60}|accept(?:\s+all)?\s+cookies
        | [|•·\-–—_*=~\#]+
        )$",
    )
    .expect("clutter pattern is valid")
});

/// Marks an encyclopedia leaves in copied text: footnote numbers ("\[12\]",
/// "\[note 3\]") and maintenance tags ("\[citation needed\]", "\[vague\]").
/// An editor's word in brackets ("\[his\]") is text, and stays, and so does
/// a letter ("\[a\]" is a footnote there, but "a\[i\]" is code elsewhere).
static FOOTNOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\[(?:
          \d{1,3} | (?:note|nb)\s\d{1,3}
        | [a-z][a-z\ ,']{0,40}\ needed | vague | update | dubious | disputed | discuss
        | who\? | when\? | which\? | according\ to\ whom\? | not\ in\ citation\ given
        | original\ research\?
        )\]",
    )
    .expect("footnote pattern is valid")
});

/// The pages of a citation, left after a word or a sentence's end
/// ("arrived.:162–164 In February", "New York City:57–60 where"): they
/// glue two sentences into one and a number onto the answer.
static PAGES: LazyLock<Regex> = LazyLock::new(|| {
    // After a word of letters only or a sentence's end: "3pp.io:4439" is
    // a host and its port.
    Regex::new(
        r#"(^|\s)([\p{L}'’-]+|\S*[.!?"”)\]]):\d{1,4}(?:[–-]\d{1,4})?(?:,\s?\d{1,4}(?:[–-]\d{1,4})?)*([\s,.;]|$)"#,
    )
    .expect("pages pattern is valid")
});

/// The line without an encyclopedia's footnote marks and citation pages.
fn strip_footnotes(line: &str) -> std::borrow::Cow<'_, str> {
    // Most lines have neither a bracket nor a colon before a digit: the
    // patterns run only on those that may.
    let bytes = line.as_bytes();
    let bracket = bytes.contains(&b'[');
    let pages = bytes
        .windows(2)
        .any(|w| w[0] == b':' && w[1].is_ascii_digit());
    let mut out = std::borrow::Cow::Borrowed(line);
    // `replace_all` borrows when nothing matched: no copy for a line
    // with a bracket or a clock time but no mark.
    if bracket && let std::borrow::Cow::Owned(s) = FOOTNOTE.replace_all(&out, "") {
        out = std::borrow::Cow::Owned(s);
    }
    if pages && let std::borrow::Cow::Owned(s) = PAGES.replace_all(&out, "$1$2$3") {
        out = std::borrow::Cow::Owned(s);
    }
    out
}

/// A credit at the end of a caption: "... on October 9. Photo: Kyodo".
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([.!?)”\x22])\s*\(?(?:photo|image|picture|video|file\s+photo|credit)s?\s*(?::|by)\s*[^.!?]{1,60}\)?$")
        .expect("credit pattern is valid")
});

/// Is this whole (trimmed) line clutter?
pub(crate) fn is_clutter(line: &str) -> bool {
    let line = line.trim();
    // Every clutter pattern is short; a long line is content, and skipping
    // the regex on paragraphs keeps loading fast.
    !line.is_empty() && line.len() <= MAX_CLUTTER_BYTES && CLUTTER.is_match(line)
}

/// No clutter line is longer than this (the longest pattern is a copyright
/// line of ~130 characters).
const MAX_CLUTTER_BYTES: usize = 240;

/// The line without a trailing photo credit.
pub(crate) fn strip_credit(line: &str) -> &str {
    // A credit is at most ~80 characters at the very end: only that tail
    // needs the regex, not the whole paragraph.
    let mut from = line.len().saturating_sub(100);
    while !line.is_char_boundary(from) {
        from -= 1;
    }
    if !may_end_in_credit(&line.as_bytes()[from..]) {
        return line;
    }
    match TRAILING_CREDIT.captures(&line[from..]) {
        Some(c) => {
            let keep = from + c.get(1).map_or(0, |m| m.end());
            &line[..keep]
        }
        None => line,
    }
}

/// Whether `tail` may end in a credit: [`TRAILING_CREDIT`] needs a ':' or
/// a "by" (in any case) after the credit's word, and most lines' last
/// hundred bytes have neither, so this spares the regex on them. 'b' and
/// 'y' have no case forms outside ASCII (the regex's Unicode case folding
/// pairs only "k" and "s" among ASCII letters with other characters), so
/// the byte test misses nothing the regex would match.
fn may_end_in_credit(tail: &[u8]) -> bool {
    tail.iter().enumerate().any(|(i, &b)| {
        b == b':' || (b | 0x20 == b'b' && tail.get(i + 1).is_some_and(|&y| y | 0x20 == b'y'))
    })
}

/// Remembers the lines an article has shown so a repeated one is kept once.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    lines: HashSet<u64>,
    /// The line's letters and digits, lower-cased (UTF-8).
    key: Vec<u8>,
}

impl Seen {
    /// True the first time a line (compared without case, spacing or
    /// punctuation) is offered; false for its repeats. Short lines such as
    /// "Yes." may repeat legitimately, so they always pass.
    ///
    /// Lines are remembered by a 64-bit SipHash of their letters and digits
    /// (keyed per process, so no text can be made to collide on purpose)
    /// instead of a lower-cased copy each: every paragraph of every article
    /// passes here, and the copies were a measurable share of load time.
    pub(crate) fn first_time(&mut self, line: &str) -> bool {
        use std::hash::BuildHasher;
        static KEYS: LazyLock<std::collections::hash_map::RandomState> =
            LazyLock::new(std::collections::hash_map::RandomState::new);
        let chars = if line.is_ascii() {
            self.ascii_key(line.as_bytes())
        } else {
            self.key_of(line)
        };
        chars < 24 || self.lines.insert(KEYS.hash_one(&self.key))
    }

    /// Puts an ASCII line's letters and digits, lower-cased, in `key`;
    /// returns how many. Nearly every line of most articles is ASCII: each
    /// byte is written and kept or not without a branch, which the mix of
    /// letters, spaces and punctuation would mispredict.
    fn ascii_key(&mut self, bytes: &[u8]) -> usize {
        self.key.clear();
        self.key.resize(bytes.len(), 0);
        let mut n = 0;
        for &b in bytes {
            // `| 0x20` lower-cases a letter and leaves a digit as it is.
            self.key[n] = b | 0x20;
            n += usize::from(b.is_ascii_alphanumeric());
        }
        self.key.truncate(n);
        n
    }

    /// [`Seen::ascii_key`] for any line: the letters and digits lower-cased
    /// with the Unicode tables, counted in characters.
    fn key_of(&mut self, line: &str) -> usize {
        self.key.clear();
        let mut chars = 0;
        for c in line.chars() {
            if c.is_ascii_alphanumeric() {
                self.key.push(c.to_ascii_lowercase() as u8);
                chars += 1;
            } else if c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    self.key
                        .extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
                    chars += 1;
                }
            }
        }
        chars
    }
}

/// Whether an ASCII `line` (trimmed) has no white space to collapse:
/// single spaces only, no tabs or line breaks. Most lines are so, and are
/// copied whole rather than word by word.
fn is_collapsed(line: &str) -> bool {
    let mut after_space = false;
    line.is_ascii()
        && line.bytes().all(|b| {
            let space = b == b' ';
            let doubled = space && after_space;
            after_space = space;
            !doubled && !matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
        })
}

/// Cleans one line: `None` when it is clutter, else the line without a
/// trailing credit, white space collapsed.
pub(crate) fn clean_line(line: &str) -> Option<String> {
    let line = line.trim();
    if line.is_empty() || is_clutter(line) {
        return None;
    }
    let kept = strip_footnotes(strip_credit(line));
    let kept = kept.trim();
    if kept.is_empty() {
        return None;
    }
    if is_collapsed(kept) {
        return Some(kept.to_string());
    }
    let mut out = String::with_capacity(kept.len());
    for word in kept.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encyclopedia_footnotes_and_citation_pages_go() {
        for (line, kept) in [
            (
                "he was forced to stop, just as the police arrived.:162–164 In February 1912, an article appeared.",
                "he was forced to stop, just as the police arrived. In February 1912, an article appeared.",
            ),
            (
                "In June 1884, he relocated to New York City:57–60 where he was hired.",
                "In June 1884, he relocated to New York City where he was hired.",
            ),
            (
                "by hiding in a river crevice.[citation needed] It was around this time.",
                "by hiding in a river crevice. It was around this time.",
            ),
            (
                "The wall was built in 122.[3][4] It ran 73 miles.",
                "The wall was built in 122. It ran 73 miles.",
            ),
            (
                "It was rebuilt [when?] by the city.",
                "It was rebuilt by the city.",
            ),
        ] {
            assert_eq!(clean_line(line).as_deref(), Some(kept), "{line:?}");
        }
        // Times, ratios, verses and an editor's word are text.
        for line in [
            "The train left at 10:30 on Monday.",
            "The vote was 7:2 in favour.",
            "As John 3:16 says.",
            "The server is at 3pp.io:4439 for now.",
            "He said [his] plan would work.",
            "Set a[i] to zero.",
        ] {
            assert_eq!(clean_line(line).as_deref(), Some(line), "{line:?}");
        }
    }

    #[test]
    fn a_line_is_copied_whole_only_when_nothing_collapses() {
        for line in [
            "One two three.",
            "One  two",
            "One\ttwo",
            "One\x0btwo",
            "One\x1ftwo",
            "Caf\u{e9} two",
            "One\u{a0} two",
            "a",
            "",
        ] {
            let joined = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if is_collapsed(line) {
                assert_eq!(joined, line, "{line:?}");
            }
        }
        assert!(is_collapsed("One two three."));
        assert!(!is_collapsed("One  two"));
    }

    #[test]
    fn removes_typical_clutter_lines() {
        for line in [
            "Advertisement",
            "ADVERTISEMENT",
            "Reading Time:1 minute",
            "Reading time: 3 minutes",
            "5 min read",
            "Why you can trust SCMP",
            "3",
            "1,204",
            "12 comments",
            "Share",
            "Share this article",
            "Subscribe",
            "Sign up for our newsletter",
            "Photo: AFP",
            "Read more: Something else happened",
            "Getty Images",
            "© 2024 Some Media Ltd",
            "Story continues below advertisement",
            "Facebook | Twitter | Email",
        ] {
            assert!(is_clutter(line), "{line:?} should be clutter");
        }
    }

    #[test]
    fn keeps_content_lines() {
        for line in [
            "Japan’s foreign minister arrived in Kyiv on Saturday.",
            "Share prices fell 3 per cent on Monday.",
            "Advertisement revenue rose sharply last year.",
            "3 people were injured.",
            "Photo agencies were not allowed in.",
            "Subscribers to the service complained about the outage.",
            "Russia strikes Kyiv in a wave of drone attacks",
            "LinkedIn () is a social networking website for people. Founded in 2002, it grew.",
            "Twitter is an online social networking service.",
            "Twitter",
            "LinkedIn",
        ] {
            assert!(!is_clutter(line), "{line:?} is content");
        }
    }

    #[test]
    fn strips_caption_credit_but_keeps_caption() {
        assert_eq!(
            strip_credit("The minister in Tokyo on October 9. Photo: Kyodo"),
            "The minister in Tokyo on October 9."
        );
        assert_eq!(
            strip_credit("Troops in Naples, Italy, on October 19. Photo: AFP"),
            "Troops in Naples, Italy, on October 19."
        );
        assert_eq!(strip_credit("No credit here."), "No credit here.");
        assert_eq!(
            strip_credit("Troops on October 19. VIDEO BY Reuters"),
            "Troops on October 19."
        );
        assert_eq!(
            strip_credit("Troops on October 19. File Photo: AP"),
            "Troops on October 19."
        );
    }

    #[test]
    fn repeated_lines_are_kept_once() {
        let mut seen = Seen::default();
        let caption =
            "Ukraine’s Defence Minister Rustem Umerov and Japan’s Defence Minister Gen Nakatani.";
        assert!(seen.first_time(caption));
        assert!(!seen.first_time(caption));
        assert!(!seen.first_time(&caption.replace('’', "'").to_uppercase()));
        assert!(seen.first_time("Yes."));
        assert!(seen.first_time("Yes."));
    }

    #[test]
    fn clean_line_collapses_space_and_drops_clutter() {
        assert_eq!(clean_line("  Two   words  ").as_deref(), Some("Two words"));
        assert_eq!(clean_line("Advertisement"), None);
        assert_eq!(clean_line("   "), None);
    }
}
