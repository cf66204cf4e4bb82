//! The table snapshot reader on arbitrary bytes: an error, never a panic.
//! The first byte picks how the rest is read: as a whole file (which the
//! header and checksum nearly always refuse), or as the body after a real
//! snapshot's header with the checksum made to match, so the fuzzer
//! reaches the section table, the records and the structural checks.
#![no_main]

use std::sync::OnceLock;

use articlebot::KnowledgeBase;
use articlebot::knowledge::Format;
use libfuzzer_sys::fuzz_target;

/// A real snapshot's first 64 bytes (this build's magic, version and
/// fingerprint).
fn header() -> &'static [u8] {
    static HEADER: OnceLock<Vec<u8>> = OnceLock::new();
    HEADER.get_or_init(|| {
        let kb = KnowledgeBase::from_texts([(
            "a.txt",
            "Bridge opens\n\nMayor Elena Novak opened the bridge on Monday.",
            Format::Text,
        )]);
        let dir = std::env::temp_dir().join(format!("articlebot-fuzz-{}", std::process::id()));
        let path = dir.join("table.snapshot");
        kb.save_snapshot(&dir, &path).expect("a snapshot is written");
        let bytes = std::fs::read(&path).expect("and read back");
        let _ = std::fs::remove_dir_all(&dir);
        bytes[..64].to_vec()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let bytes = if pick % 2 == 0 {
        rest.to_vec()
    } else {
        let mut b = header().to_vec();
        b.extend_from_slice(rest);
        let len = b.len() as u64;
        b[24..32].copy_from_slice(&len.to_le_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(&b[..32]);
        crc.update(&b[36..]);
        let sum = crc.finalize();
        b[32..36].copy_from_slice(&sum.to_le_bytes());
        b
    };
    if let Ok(kb) = KnowledgeBase::from_snapshot_bytes(&bytes) {
        // Whatever was accepted holds together: every view can be made.
        for s in kb.sentences() {
            let _ = (s.text.len(), s.facts.len());
        }
    }
});
