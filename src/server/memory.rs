//! Memory a large read freed goes back to the system.
//!
//! glibc keeps what a request freed in its arenas, for reuse: after one SLA report of a
//! year (~100 000 lines at UNO's volume) a process stayed ~140 MB larger than it needed
//! (RSS 420 → 280 MB after a trim, measured), above the 300 MB an app server may hold
//! (BENCHMARKS.md). `malloc_trim` hands the free pages back.

/// Returns the heap's free pages to the system (glibc; elsewhere nothing). It walks the
/// allocator's arenas: call it off the async workers, after a large read is dropped.
pub fn release_free() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases memory that is already free, under the
    // allocator's own locks; it reads and writes nothing of ours.
    unsafe {
        libc::malloc_trim(0);
    }
}
