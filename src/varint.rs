//! LEB128 variable-length integers: the encoding of the table's two largest
//! arrays of small numbers, a sentence's term ids and the index's posting
//! gaps. Seven bits a byte, the high bit set on every byte but the last, so
//! a value under 128 takes one byte and a term id of a 50,000-term
//! vocabulary at most three.

/// Bytes `v` takes.
pub(crate) fn len(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

/// Writes `v` at the start of `out`, returning the bytes written.
pub(crate) fn write(out: &mut [u8], mut v: u64) -> usize {
    let mut i = 0;
    while v >= 0x80 {
        out[i] = (v as u8) | 0x80;
        v >>= 7;
        i += 1;
    }
    out[i] = v as u8;
    i + 1
}

/// Appends `v` to `out`.
pub(crate) fn push(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads one value from the front of `bytes` and advances past it. The
/// bytes are the table's own, so a value cut short simply ends there.
pub(crate) fn read(bytes: &mut &[u8]) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some((&b, rest)) = bytes.split_first() {
        *bytes = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    v
}

/// Number of values in `bytes` (each ends with a byte under 128).
pub(crate) fn count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b < 0x80).count()
}

/// The values of `bytes`, in order.
pub(crate) fn values(mut bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    std::iter::from_fn(move || (!bytes.is_empty()).then(|| read(&mut bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_the_round_trip() {
        let values_in = [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
        ];
        let mut bytes = Vec::new();
        for &v in &values_in {
            let before = bytes.len();
            push(&mut bytes, v);
            assert_eq!(bytes.len() - before, len(v), "{v}");
        }
        assert_eq!(count(&bytes), values_in.len());
        assert_eq!(values(&bytes).collect::<Vec<_>>(), values_in);
        let mut fixed = vec![0u8; bytes.len()];
        let mut at = 0;
        for &v in &values_in {
            at += write(&mut fixed[at..], v);
        }
        assert_eq!(fixed, bytes);
        assert_eq!((len(127), len(128), len(u32::MAX as u64)), (1, 2, 5));
    }
}
