//! Reading tags the way html5ever's tokenizer does, as far as the depth
//! model needs: names, where a tag ends (quoted values may hold `>`), `/>`,
//! and the comments and raw text that hold no tags. It does not decide
//! what a tag does to the stack: [`super`] does.

/// What a `<` starts.
pub(super) enum Markup {
    /// Nothing: the `<` is text.
    Text,
    /// A comment, doctype or bogus comment, ending before `end`.
    Other { end: usize },
    /// A start tag.
    Start(Tag),
    /// An end tag.
    End(Tag),
}

/// A tag as html5ever's tokenizer reads it.
pub(super) struct Tag {
    /// The name's bytes, as written.
    pub(super) name: std::ops::Range<usize>,
    /// Just past the closing `>` (or the end of the text).
    pub(super) end: usize,
    /// Ends in `/>`.
    pub(super) self_closing: bool,
    /// Has a `color`, `face` or `size` attribute (a `<font>` with one
    /// leaves SVG and MathML content).
    pub(super) presentational: bool,
}

/// What the `<` at `at` starts.
pub(super) fn markup(b: &[u8], at: usize) -> Markup {
    match (b.get(at + 1), b.get(at + 2)) {
        (Some(c), _) if c.is_ascii_alphabetic() => Markup::Start(tag(b, at + 1)),
        (Some(b'/'), Some(c)) if c.is_ascii_alphabetic() => Markup::End(tag(b, at + 2)),
        (Some(b'/'), Some(b'>')) => Markup::Other { end: at + 3 },
        (Some(b'/'), Some(_)) => Markup::Other {
            end: after(b, at + 2, b">"),
        },
        (Some(b'!'), _) if b[at + 1..].starts_with(b"!--") => Markup::Other {
            end: comment_end(b, at + 2),
        },
        (Some(b'!' | b'?'), _) => Markup::Other {
            end: after(b, at + 1, b">"),
        },
        _ => Markup::Text,
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Reads a tag whose name starts at `p`, attributes and all (a quoted
/// value may hold a `>`).
fn tag(b: &[u8], mut p: usize) -> Tag {
    let start = p;
    while p < b.len() && !is_space(b[p]) && b[p] != b'/' && b[p] != b'>' {
        p += 1;
    }
    let name = start..p;
    let (mut self_closing, mut presentational) = (false, false);
    loop {
        while p < b.len() && is_space(b[p]) {
            p += 1;
        }
        match b.get(p) {
            None => break,
            Some(b'>') => {
                p += 1;
                break;
            }
            Some(b'/') => {
                p += 1;
                if b.get(p) == Some(&b'>') {
                    self_closing = true;
                    p += 1;
                    break;
                }
                continue;
            }
            Some(_) => {}
        }
        // An attribute name may start with `=`.
        let attr = p;
        p += 1;
        while p < b.len() && !is_space(b[p]) && !matches!(b[p], b'/' | b'>' | b'=') {
            p += 1;
        }
        let attr = &b[attr..p];
        presentational |= [&b"color"[..], b"face", b"size"]
            .iter()
            .any(|a| attr.eq_ignore_ascii_case(a));
        while p < b.len() && is_space(b[p]) {
            p += 1;
        }
        if b.get(p) == Some(&b'=') {
            p += 1;
            while p < b.len() && is_space(b[p]) {
                p += 1;
            }
            match b.get(p) {
                Some(&q @ (b'"' | b'\'')) => p = after(b, p + 1, &[q]),
                _ => {
                    while p < b.len() && !is_space(b[p]) && b[p] != b'>' {
                        p += 1;
                    }
                }
            }
        }
    }
    Tag {
        name,
        end: p,
        self_closing,
        presentational,
    }
}

/// Just past the first `pat` at or after `from`, or the end of `b`.
fn after(b: &[u8], from: usize, pat: &[u8]) -> usize {
    b.get(from..)
        .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
        .map_or(b.len(), |p| from + p + pat.len())
}

/// Just past the end of a comment whose text starts at `from`: `-->`, or
/// `--!>`, which html5ever also accepts.
fn comment_end(b: &[u8], mut from: usize) -> usize {
    loop {
        let dashes = after(b, from, b"--");
        if dashes >= b.len() {
            return b.len();
        }
        match b[dashes..] {
            [b'>', ..] => return dashes + 1,
            [b'!', b'>', ..] => return dashes + 2,
            _ => from = dashes - 1,
        }
    }
}

/// Where the text of a `<script>`, `<style>`, `<title>`... ends: at the
/// next end tag of the same name.
pub(super) fn raw_text_end(b: &[u8], mut from: usize, name: &[u8]) -> usize {
    loop {
        let close = after(b, from, b"</");
        if close >= b.len() {
            return b.len();
        }
        let end = close + name.len();
        if b.get(close..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && b.get(end)
                .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return close - 2;
        }
        from = close;
    }
}
