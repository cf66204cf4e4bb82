//! Bytes of an article file to text, in whatever encoding it was saved: a
//! byte-order mark first, then UTF-8 (nearly every file, borrowed as it
//! is), then the charset a web page declares (`<meta charset>`,
//! `http-equiv`, an XML declaration), then a guess from the bytes
//! (chardetng, the detector Firefox uses) for text without a label. A file
//! that is not text in any of them, binary data, is refused with its reason.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

use super::{Format, SkipReason};

/// How far into a page its charset declaration is looked for. The HTML
/// standard says 1,024 bytes; saved pages often put a long comment or
/// script first, so a few times that.
const DECLARATION_WINDOW: usize = 4096;

/// A file's text: UTF-8 as it is (a byte-order mark dropped), other
/// encodings decoded. Empty files and binary data are refused.
pub fn decode(bytes: &[u8], format: Format) -> Result<Cow<'_, str>, SkipReason> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SkipReason::Empty);
    }
    // A mark says it all, UTF-16 (whose text holds NUL bytes) included.
    if let Some((encoding, len)) = Encoding::for_bom(bytes) {
        return checked(encoding, &bytes[len..]);
    }
    if bytes.contains(&0) {
        return Err(SkipReason::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    // Bytes that are not UTF-8 are read as the page says, else as guessed;
    // a page declaring UTF-8 that is not is guessed too.
    let declared = match format {
        Format::Html => declared_charset(bytes).filter(|e| *e != UTF_8),
        Format::Text | Format::Markdown => None,
    };
    let encoding = declared.unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    });
    checked(encoding, bytes)
}

/// `bytes` decoded as `encoding`, unless the result does not look like
/// text: binary data decodes in any single-byte encoding, but to control
/// characters and, in multi-byte ones, to replacement characters.
fn checked<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, SkipReason> {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let (mut chars, mut odd) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c');
        if control || c == char::REPLACEMENT_CHARACTER {
            odd += 1;
        }
    }
    // One odd character in fifty: real text in the right encoding has
    // none, or a stray few.
    if odd * 50 > chars {
        return Err(SkipReason::NotText {
            encoding: encoding.name(),
        });
    }
    Ok(text)
}

/// The encoding a page declares near its start: `<meta charset=...>`,
/// `<meta http-equiv=Content-Type content="...; charset=...">`, or
/// `<?xml ... encoding="..."?>`. A declared UTF-16 means UTF-8, as in
/// browsers (text that reached here has no UTF-16 mark).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let lower = head.to_ascii_lowercase();
    let label = |from: usize| -> Option<&'static Encoding> {
        let rest = &lower[from..];
        let rest = rest.strip_prefix(b"=").unwrap_or(rest);
        let rest = &rest[rest.iter().take_while(|b| b" \t\"'=".contains(b)).count()..];
        let end = rest
            .iter()
            .position(|b| b" \t\r\n\"';/>?".contains(b))
            .unwrap_or(rest.len());
        Encoding::for_label(&rest[..end]).map(|e| {
            if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                UTF_8
            } else {
                e
            }
        })
    };
    if lower.starts_with(b"<?xml")
        && let Some(at) = find(&lower, b"encoding")
        && at < lower.iter().position(|&b| b == b'>').unwrap_or(0)
        && let Some(e) = label(at + b"encoding".len())
    {
        return Some(e);
    }
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        if let Some(c) = find(&lower[start..end], b"charset")
            && let Some(e) = label(start + c + b"charset".len())
        {
            return Some(e);
        }
        from = end;
    }
    None
}

/// Where `needle` first starts in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, bad) = encoding.encode(text);
        assert!(!bad, "{text} fits {}", encoding.name());
        bytes.into_owned()
    }

    #[test]
    fn utf8_is_borrowed_and_a_mark_dropped() {
        assert!(matches!(
            decode("Title\n\nBody.".as_bytes(), Format::Text),
            Ok(Cow::Borrowed("Title\n\nBody."))
        ));
        let marked = decode("\u{feff}Title".as_bytes(), Format::Text).unwrap();
        assert_eq!(marked, "Title");
    }

    #[test]
    fn declared_charsets_are_read() {
        let body = "Министр прибыл в Киев в субботу.";
        for head in [
            "<meta charset=\"windows-1251\">",
            "<META http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
            "<meta charset=cp1251 />",
        ] {
            let page = format!("<html><head>{head}</head><body><p>{body}</p></body></html>");
            let bytes = encode(encoding_rs::WINDOWS_1251, &page);
            let text = decode(&bytes, Format::Html).unwrap();
            assert!(text.contains(body), "{head}: {text}");
        }
        let xml = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><html><body><p>外務大臣はキーウに到着した。</p></body></html>";
        let bytes = encode(encoding_rs::SHIFT_JIS, xml);
        let text = decode(&bytes, Format::Html).unwrap();
        assert!(text.contains("外務大臣はキーウに到着した。"));
    }

    #[test]
    fn undeclared_text_is_guessed() {
        let latin =
            b"Caf\xe9 title\n\nThe caf\xe9 opened on the square, \xe9t\xe9 after \xe9t\xe9.";
        let text = decode(latin, Format::Text).unwrap();
        assert!(text.starts_with("Café title"), "{text}");
        let russian = "Заголовок\n\nМинистр иностранных дел прибыл в Киев в субботу утром.";
        let bytes = encode(encoding_rs::WINDOWS_1251, russian);
        let text = decode(&bytes, Format::Markdown).unwrap();
        assert_eq!(text, russian);
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Tytuł".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16, Format::Text).unwrap(), "Tytuł");
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(&[0, 159, 146, 150, 0, 1, 2], Format::Text),
            Err(SkipReason::Binary)
        ));
        // No NUL byte, but no text either: random bytes in any encoding.
        let noise: Vec<u8> = (0..4000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 1)
            .collect();
        assert!(matches!(
            decode(&noise, Format::Html),
            Err(SkipReason::NotText { .. })
        ));
        assert!(matches!(
            decode(b" \n\t", Format::Text),
            Err(SkipReason::Empty)
        ));
    }
}
