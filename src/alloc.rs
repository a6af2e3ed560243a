//! The function modules' allocator: a bump allocator over wasm linear memory.
//!
//! A function run is one short-lived call: nothing needs freeing before the
//! instance is thrown away, so `dealloc` does nothing and the module carries no
//! general-purpose allocator (dlmalloc is ~10 kB of code and costs
//! instructions on every allocation). Growing the most recent allocation
//! happens in place, so a `Vec` or `String` that grows as it is filled leaves
//! no garbage behind. Memory use stays within a small multiple of the input
//! size, far under Shopify's 10,000 kB.
//!
//! Only the wasm binaries install it; native builds and tests use the system allocator.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::Cell;

const PAGE: usize = 65_536;

pub struct Bump {
    /// Next free address and end of the memory owned so far (0 until first use).
    next: Cell<usize>,
    end: Cell<usize>,
    /// Start of the most recent allocation, for in-place growth.
    last: Cell<usize>,
}

// SAFETY: wasm32-wasip1 modules are single-threaded.
unsafe impl Sync for Bump {}

impl Bump {
    pub const fn new() -> Self {
        Bump { next: Cell::new(0), end: Cell::new(0), last: Cell::new(usize::MAX) }
    }

    /// A block of `size` bytes at `align`, growing memory by whole pages.
    fn take(&self, size: usize, align: usize) -> Option<usize> {
        if self.end.get() == 0 {
            // First use: everything past the current memory size is ours.
            let top = wasm32::memory_size(0) * PAGE;
            self.next.set(top);
            self.end.set(top);
        }
        for _ in 0..2 {
            let start = self.next.get().checked_add(align - 1)? & !(align - 1);
            let end = start.checked_add(size)?;
            if end <= self.end.get() {
                self.next.set(end);
                self.last.set(start);
                return Some(start);
            }
            let pages = (end - self.end.get()).div_ceil(PAGE);
            let previous = wasm32::memory_grow(0, pages);
            if previous == usize::MAX {
                return None;
            }
            if previous * PAGE != self.end.get() {
                // Memory grew elsewhere: continue from the new pages.
                self.next.set(previous * PAGE);
            }
            self.end.set((previous + pages) * PAGE);
        }
        None
    }
}

unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.take(layout.size(), layout.align()) {
            Some(start) => start as *mut u8,
            None => core::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Giving back the most recent allocation is free; anything else waits for the instance to end.
        if ptr as usize == self.last.get() && ptr as usize + layout.size() == self.next.get() {
            self.next.set(ptr as usize);
            self.last.set(usize::MAX);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let start = ptr as usize;
        let is_last = start == self.last.get() && start + layout.size() == self.next.get();
        if is_last && start.checked_add(new_size).is_some_and(|end| end <= self.end.get()) {
            self.next.set(start + new_size);
            return ptr;
        }
        if is_last && new_size > layout.size() {
            // Grow in place when the pages after it can be had.
            let extra = new_size - layout.size();
            let pages = (start + new_size).saturating_sub(self.end.get()).div_ceil(PAGE);
            let previous = wasm32::memory_grow(0, pages);
            if previous != usize::MAX && previous * PAGE == self.end.get() {
                self.end.set((previous + pages) * PAGE);
                self.next.set(self.next.get() + extra);
                return ptr;
            }
        }
        // SAFETY: the caller guarantees `layout` describes `ptr`; the new block does not overlap it.
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let new = self.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            }
            new
        }
    }
}
