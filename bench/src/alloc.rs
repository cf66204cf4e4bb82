//! The allocator of each child process: each engine with the one it runs
//! best with. The articlebot binary ships with mimalloc, which cut its
//! load's CPU by about a sixth. tantivy's indexing was no faster on
//! mimalloc, and slower on news articles (BENCHMARKS.md), so its child
//! keeps the system allocator, as tantivy's users have it. The choice is
//! read from the environment at the first allocation, before any memory
//! could have come from the other one.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU8, Ordering};

/// Set (to anything) in a child that must use the system allocator.
pub const SYSTEM_ALLOCATOR: &str = "ARTICLEBOT_COMPARE_SYSTEM_ALLOCATOR";
const SYSTEM_ALLOCATOR_C: &std::ffi::CStr = c"ARTICLEBOT_COMPARE_SYSTEM_ALLOCATOR";

/// mimalloc or the system allocator, as the environment says.
pub struct EngineAlloc;

/// 0 until decided, then 1 for mimalloc, 2 for the system allocator.
static CHOICE: AtomicU8 = AtomicU8::new(0);

fn system() -> bool {
    match CHOICE.load(Ordering::Relaxed) {
        1 => false,
        2 => true,
        _ => {
            // SAFETY: `getenv` reads the environment without allocating;
            // the first allocation happens before any thread could set it.
            let set = unsafe { !libc::getenv(SYSTEM_ALLOCATOR_C.as_ptr()).is_null() };
            CHOICE.store(if set { 2 } else { 1 }, Ordering::Relaxed);
            set
        }
    }
}

// SAFETY: every call goes to the same allocator for the whole process
// (decided once, before the first allocation), which upholds its contract.
unsafe impl GlobalAlloc for EngineAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if system() {
            unsafe { System.alloc(layout) }
        } else {
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if system() {
            unsafe { System.alloc_zeroed(layout) }
        } else {
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if system() {
            unsafe { System.dealloc(ptr, layout) }
        } else {
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if system() {
            unsafe { System.realloc(ptr, layout, new_size) }
        } else {
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}
