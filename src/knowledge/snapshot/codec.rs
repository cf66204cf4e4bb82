//! The byte encoding of a snapshot's small records (articles, vocabulary,
//! surface words): little-endian integers and length-prefixed strings,
//! written to a buffer and read back by a reader that answers `None`,
//! never panics, when the bytes run out or are not what was written.

/// Appends values to a buffer.
#[derive(Default)]
pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    pub(super) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    pub(super) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    /// A count or length, as a `u32` (the table's counts all fit one).
    pub(super) fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    pub(super) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    pub(super) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
}

/// Reads values back from bytes a [`Writer`] wrote.
pub(super) struct Reader<'a>(pub(super) &'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count of items each at least `min_bytes` long: refused when the
    /// rest could not hold them, so a corrupt count cannot make a reader
    /// reserve gigabytes.
    pub(super) fn count(&mut self, min_bytes: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(min_bytes.max(1)) <= self.0.len()).then_some(n)
    }

    pub(super) fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }

    pub(super) fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_and_short_input_is_none() {
        let mut w = Writer::default();
        w.u8(7);
        w.u32(70_000);
        w.u64(u64::MAX - 1);
        w.str("Kyiv, Київ");
        w.opt_str(None);
        w.opt_str(Some("x"));
        let mut r = Reader(&w.0);
        assert_eq!(r.u8(), Some(7));
        assert_eq!(r.u32(), Some(70_000));
        assert_eq!(r.u64(), Some(u64::MAX - 1));
        assert_eq!(r.str(), Some("Kyiv, Київ"));
        assert_eq!(r.opt_str(), Some(None));
        assert_eq!(r.opt_str(), Some(Some("x")));
        assert!(r.0.is_empty());
        for cut in 0..w.0.len() {
            let mut r = Reader(&w.0[..cut]);
            let all = (|| {
                r.u8()?;
                r.u32()?;
                r.u64()?;
                r.str()?;
                r.opt_str()?;
                r.opt_str()
            })();
            assert_eq!(all, None, "cut at {cut}");
        }
        assert_eq!(
            Reader(&[9, 0, 0, 0, 1, 2]).count(1),
            None,
            "9 items in 2 bytes"
        );
    }
}
