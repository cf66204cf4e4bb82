//! `Column<T>`: one of the table's flat arrays, held either in memory (a
//! fresh load builds a `Vec`) or in place in a memory-mapped snapshot file
//! (a start from the cache reads it without parsing or copying). Either
//! way it reads as `&[T]`, so the table and index code does not know which.
//!
//! Only `Plain` types can live in a mapped file: fixed-layout values whose
//! bytes are their little-endian encoding, with a check of which bit
//! patterns are values. bytemuck's `Pod` would do for integers and rows but
//! cannot describe a `Fact` (its kind is an enum, not every byte is one);
//! this small trait with a per-type validity check covers both, and keeps
//! the unsafe code of the snapshot in this one file.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use memmap2::Mmap;

/// A fixed-layout value that a snapshot stores as its bytes.
///
/// # Safety
///
/// Implementors are `repr(C)` or `repr(transparent)` (or primitive) with no
/// padding bytes, `align_of` at most 8, and every byte pattern of
/// `size_of::<Self>()` bytes for which `valid` returns true is a valid
/// value of the type.
pub(crate) unsafe trait Plain: Copy + Send + Sync + 'static {
    /// Whether `bytes` (one value's worth) hold a valid value. Types where
    /// every pattern is valid keep the default.
    fn valid(_bytes: &[u8]) -> bool {
        true
    }
}

// SAFETY: primitives without padding; every pattern is a value.
unsafe impl Plain for u8 {}
// SAFETY: as above.
unsafe impl Plain for u32 {}
// SAFETY: `repr(transparent)` over a `u32`.
unsafe impl Plain for crate::ids::SentenceId {}
// SAFETY: as above.
unsafe impl Plain for crate::ids::ArticleId {}
// SAFETY: `Fact` is `repr(C)` of `u16`s, `Span`s (`repr(C)`, two `u16`s)
// and two bytes, 16 bytes without padding (asserted beside it); its only
// field with invalid patterns is the `repr(u8)` kind, checked here.
unsafe impl Plain for crate::facts::Fact {
    fn valid(bytes: &[u8]) -> bool {
        let kind = bytes[std::mem::offset_of!(crate::facts::Fact, kind)];
        usize::from(kind) < crate::facts::FactKind::ALL.len()
    }
}

/// Maps the file at `path` read-only.
///
/// The map is only sound while nobody changes the file: snapshots are
/// written to a temporary file and renamed over the old one, never written
/// in place, so a mapped snapshot's bytes stay as they were (a renamed-over
/// file lives on, unlinked, while it is mapped). Another program truncating
/// the file would fault the reader; the cache folder is the bot's own.
pub(crate) fn map_file(file: &std::fs::File) -> std::io::Result<Arc<Mmap>> {
    // SAFETY: see above; the bytes are only read through `Column`s, after
    // their checksum and layout were checked.
    unsafe { Mmap::map(file) }.map(Arc::new)
}

/// Copies `bytes` into an anonymous read-only map (tests and fuzzing read
/// snapshots from memory).
pub(crate) fn map_bytes(bytes: &[u8]) -> std::io::Result<Arc<Mmap>> {
    let mut map = memmap2::MmapMut::map_anon(bytes.len().max(1))?;
    map[..bytes.len()].copy_from_slice(bytes);
    map.make_read_only().map(Arc::new)
}

/// What keeps a column's memory alive.
enum Owner<T> {
    Vec(Vec<T>),
    Map(Arc<Mmap>),
}

/// One of the table's flat arrays (see the module documentation).
pub(crate) struct Column<T: Plain> {
    ptr: *const T,
    len: usize,
    owner: Owner<T>,
}

// SAFETY: a column is an immutable slice of `T` (`T: Send + Sync` by
// `Plain`) whose memory its owner keeps alive; neither a `Vec` nor a
// read-only map is written through it.
unsafe impl<T: Plain> Send for Column<T> {}
// SAFETY: as above; shared access only reads.
unsafe impl<T: Plain> Sync for Column<T> {}

impl<T: Plain> Column<T> {
    /// The column of `len` values at byte `offset` of `map`, or `None`
    /// when they do not fit in it, are misaligned or are not all valid.
    pub(crate) fn mapped(map: &Arc<Mmap>, offset: usize, len: usize) -> Option<Column<T>> {
        let size = std::mem::size_of::<T>();
        let bytes = map.get(offset..offset.checked_add(len.checked_mul(size)?)?)?;
        if !(bytes.as_ptr() as usize).is_multiple_of(std::mem::align_of::<T>()) {
            return None;
        }
        if size > 0 && !bytes.chunks_exact(size).all(T::valid) {
            return None;
        }
        Some(Column {
            ptr: bytes.as_ptr().cast(),
            len,
            owner: Owner::Map(Arc::clone(map)),
        })
    }

    /// Bytes held on the heap (a mapped column holds none: the kernel's
    /// page cache does).
    pub(crate) fn heap_bytes(&self) -> usize {
        match &self.owner {
            Owner::Vec(v) => v.capacity() * std::mem::size_of::<T>(),
            Owner::Map(_) => 0,
        }
    }

    /// The values' bytes, as a snapshot stores them.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        // SAFETY: `Plain` types have no padding, so every byte of the
        // slice is initialised; the length is the slice's size in bytes.
        unsafe {
            std::slice::from_raw_parts(self.ptr.cast::<u8>(), self.len * std::mem::size_of::<T>())
        }
    }
}

impl<T: Plain> Deref for Column<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        // SAFETY: `ptr` and `len` describe memory the owner keeps alive and
        // never changes: a `Vec`'s buffer (it is never touched after the
        // column is made) or a range of the map checked by `mapped`.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl<T: Plain> From<Vec<T>> for Column<T> {
    fn from(v: Vec<T>) -> Column<T> {
        Column {
            ptr: v.as_ptr(),
            len: v.len(),
            owner: Owner::Vec(v),
        }
    }
}

impl<T: Plain> Default for Column<T> {
    fn default() -> Column<T> {
        Vec::new().into()
    }
}

impl<T: Plain> Clone for Column<T> {
    fn clone(&self) -> Column<T> {
        match &self.owner {
            Owner::Vec(v) => v.clone().into(),
            Owner::Map(map) => Column {
                ptr: self.ptr,
                len: self.len,
                owner: Owner::Map(Arc::clone(map)),
            },
        }
    }
}

impl<T: Plain + fmt::Debug> fmt::Debug for Column<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A column of UTF-8 text: every sentence's text, end to end.
#[derive(Clone, Default)]
pub(crate) struct TextColumn(Column<u8>);

impl TextColumn {
    /// The text in `bytes`, if it is UTF-8.
    pub(crate) fn new(bytes: Column<u8>) -> Option<TextColumn> {
        // simdutf8: the whole text of a large table is checked at every
        // start from a snapshot, several times faster than `std`'s check.
        simdutf8::basic::from_utf8(&bytes).ok()?;
        Some(TextColumn(bytes))
    }

    /// The bytes, as a snapshot stores them.
    pub(crate) fn column(&self) -> &Column<u8> {
        &self.0
    }
}

impl From<String> for TextColumn {
    fn from(s: String) -> TextColumn {
        TextColumn(s.into_bytes().into())
    }
}

impl Deref for TextColumn {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        // SAFETY: both constructors hold UTF-8 only (a `String`'s bytes,
        // or bytes `new` checked), and a column never changes.
        unsafe { std::str::from_utf8_unchecked(&self.0) }
    }
}

impl fmt::Debug for TextColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TextColumn({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_reads_as_its_vec_and_clones_independently() {
        let c: Column<u32> = vec![1, 2, 3].into();
        let d = c.clone();
        assert_eq!(&*c, &[1, 2, 3]);
        assert_eq!(&*d, &[1, 2, 3]);
        assert_eq!(c.as_bytes(), &[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
        let t = TextColumn::from("héllo".to_string());
        assert_eq!(&*t, "héllo");
        assert!(TextColumn::new(vec![0xff, 0x41].into()).is_none());
    }

    #[test]
    fn a_mapped_column_reads_in_place_and_refuses_what_does_not_fit() {
        let words: Vec<u8> = [7u32, 8, 9].iter().flat_map(|v| v.to_le_bytes()).collect();
        let map = map_bytes(&words).unwrap();
        let c = Column::<u32>::mapped(&map, 4, 2).unwrap();
        assert_eq!(&*c, &[8, 9]);
        assert_eq!(c.heap_bytes(), 0, "the page cache holds it");
        assert_eq!(&*c.clone(), &[8, 9]);
        assert!(Column::<u32>::mapped(&map, 4, 3).is_none(), "past the end");
        assert!(Column::<u32>::mapped(&map, 2, 1).is_none(), "misaligned");
        assert!(Column::<u32>::mapped(&map, usize::MAX, 2).is_none());
    }

    #[test]
    fn a_fact_kind_byte_is_its_place_in_all() {
        use crate::facts::{Fact, FactKind};
        for (i, k) in FactKind::ALL.iter().enumerate() {
            assert_eq!(*k as u8 as usize, i, "{k:?}");
        }
        // A fact's bytes with a kind past the last are refused.
        let at = std::mem::offset_of!(Fact, kind);
        let mut bytes = [0u8; 16];
        assert!(Fact::valid(&bytes));
        bytes[at] = FactKind::ALL.len() as u8;
        assert!(!Fact::valid(&bytes));
    }
}
