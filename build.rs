//! Build script: a fingerprint of everything that decides what a table
//! holds (the sources under `src/` with their word lists and weights, the
//! locked crate versions, the package version), compiled in as
//! `ARTICLEBOT_TABLE_BUILD`. A table snapshot records it, and a build
//! with another fingerprint rebuilds the table instead of trusting a
//! snapshot another analyzer made. Coarse on purpose: any change to the
//! sources invalidates snapshots, which costs one cold load, where a
//! missed change would cost wrong answers.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = Vec::new();
    collect(&root.join("src"), &mut files);
    files.sort();
    let mut hash = Fnv::default();
    hash.write(env!("CARGO_PKG_VERSION").as_bytes());
    for file in files.iter().chain([&root.join("Cargo.lock")]) {
        let rel = file.strip_prefix(&root).unwrap_or(file);
        hash.write(rel.to_string_lossy().as_bytes());
        hash.write(&[0]);
        // A missing lock file (a dependent's build) still fingerprints.
        hash.write(&std::fs::read(file).unwrap_or_default());
        hash.write(&[0xff]);
    }
    println!("cargo:rustc-env=ARTICLEBOT_TABLE_BUILD={:016x}", hash.0);
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=build.rs");
}

/// Every file under `dir`, recursively.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
