//! The WASI preview 1 host a Checkout Guard module sees: just what a
//! `wasm32-wasip1` Rust command needs to read stdin, write stdout and stderr
//! and exit, served from memory and fully deterministic.
//!
//! This replaces `wasmtime-wasi`, whose preview 1 support is built on the
//! component model, async wasmtime, cap-std and a tokio-style runtime: far
//! more than a function that reads one JSON document and writes another needs,
//! and most of the runner's compile time.
//!
//! # What the module gets
//!
//! | import | behaviour |
//! | --- | --- |
//! | `fd_read` | fd 0 reads the input bytes, into the first non-empty iovec, as much as fits; 0 at the end. Other fds: `EBADF` |
//! | `fd_write` | fds 1 and 2 append the first non-empty ciovec to the captured stdout / stderr (at most [`WasiCtx::capture_cap`] bytes each: past it the run traps). Other fds: `EBADF` |
//! | `fd_fdstat_get` | fds 0–2: a character device (read rights on 0, write rights on 1 and 2). Other fds: `EBADF` |
//! | `fd_prestat_get`, `fd_prestat_dir_name` | `EBADF`: no preopened directories (how wasi-libc's preopen scan ends) |
//! | `fd_close` | fds 0–2: success, nothing happens. Other fds: `EBADF` |
//! | `args_sizes_get`, `args_get`, `environ_sizes_get`, `environ_get` | empty: no arguments, no environment |
//! | `clock_time_get`, `clock_res_get` | realtime fixed at [`FIXED_WALL_CLOCK_SECS`](crate::run::FIXED_WALL_CLOCK_SECS) (resolution 1 s); monotonic always 0 (resolution 1 ns); CPU-time clocks `EBADF`; unknown ids `EINVAL` |
//! | `random_get` | a fixed byte cycle ([`RANDOM_CYCLE`]), restarted every run |
//! | `sched_yield` | success |
//! | `proc_exit` | ends the run with that status (below 126; a larger one is a trap) |
//!
//! A guest pointer or length outside linear memory gives `EFAULT`, as in
//! wasmtime-wasi. The behaviours above are exactly those `wasmtime-wasi`
//! 48 gave the runner (one buffer per read and per write, the same random
//! bytes), so a module's instruction count is the same under both.
//!
//! # Unknown imports: a link error, not `ENOSYS`
//!
//! A module importing anything else (`path_open`, `poll_oneoff`, a non-WASI
//! module, ...) is refused when it is loaded, with an error naming the import
//! ([`check_imports`]). Answering `ENOSYS` would let such a module run down an
//! error path Shopify's full WASI host would not send it along, and report an
//! instruction count that means nothing; the functions today import only
//! `fd_read`, `fd_write`, `environ_*`, `random_get` and `proc_exit`. If the
//! engine ever needs another call, add it here.
//!
//! # Fuel
//!
//! Host functions run no wasm, so they consume no fuel: the module pays the
//! `call` operator (1) and nothing more, as on Shopify.

use crate::run::FIXED_WALL_CLOCK_SECS;
use std::fmt;
use wasmtime::{Caller, Extern, Linker, Module};

/// The import module name of WASI preview 1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// The preview 1 functions this host provides.
pub const SUPPORTED: &[&str] = &[
    "args_get",
    "args_sizes_get",
    "clock_res_get",
    "clock_time_get",
    "environ_get",
    "environ_sizes_get",
    "fd_close",
    "fd_fdstat_get",
    "fd_prestat_dir_name",
    "fd_prestat_get",
    "fd_read",
    "fd_write",
    "proc_exit",
    "random_get",
    "sched_yield",
];

/// The bytes `random_get` serves, in a cycle restarted at every run.
///
/// These are the bytes the runner served when it used wasmtime-wasi with
/// `Deterministic::new(b"checkout-guard-runner-fixed-rng!")`: wasmtime-wasi
/// draws each byte as `next_u32() as u8`, i.e. every fourth byte of that
/// phrase. Kept identical because they seed the module's hash maps (std's
/// `RandomState`), and the seeds change how many instructions a run takes.
pub const RANDOM_CYCLE: &[u8; 8] = b"ctarei-!";

/// WASI errno values used here (`wasi_snapshot_preview1` `errno` enum).
pub mod errno {
    pub const SUCCESS: i32 = 0;
    pub const BADF: i32 = 8;
    pub const FAULT: i32 = 21;
    pub const INVAL: i32 = 28;
}

const STDIN: i32 = 0;
const STDOUT: i32 = 1;
const STDERR: i32 = 2;

/// `filetype::character_device`.
const FILETYPE_CHARACTER_DEVICE: u8 = 2;
/// `rights::fd_read`.
const RIGHTS_FD_READ: u64 = 1 << 1;
/// `rights::fd_write`.
const RIGHTS_FD_WRITE: u64 = 1 << 6;

/// Clock ids (`clockid` enum).
const CLOCK_REALTIME: i32 = 0;
const CLOCK_MONOTONIC: i32 = 1;
const CLOCK_PROCESS_CPUTIME: i32 = 2;
const CLOCK_THREAD_CPUTIME: i32 = 3;

/// The module called `proc_exit(status)`: the error that ends the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exit(pub i32);

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exited with status {}", self.0)
    }
}

impl std::error::Error for Exit {}

/// One run's WASI state: the input, the captured output, the random cycle.
#[derive(Debug)]
pub struct WasiCtx {
    stdin: Vec<u8>,
    stdin_pos: usize,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    capture_cap: usize,
    random_pos: usize,
}

impl WasiCtx {
    /// A context serving `stdin`, keeping at most `capture_cap` bytes of
    /// stdout and of stderr.
    pub fn new(stdin: Vec<u8>, capture_cap: usize) -> WasiCtx {
        WasiCtx { stdin, stdin_pos: 0, stdout: Vec::new(), stderr: Vec::new(), capture_cap, random_pos: 0 }
    }

    /// What the module wrote to stdout.
    pub fn stdout(&self) -> &[u8] {
        &self.stdout
    }

    /// What the module wrote to stderr.
    pub fn stderr(&self) -> &[u8] {
        &self.stderr
    }

    /// Most bytes kept of stdout, and of stderr.
    pub fn capture_cap(&self) -> usize {
        self.capture_cap
    }

    /// Moves the captured stdout and stderr out.
    pub fn take_output(&mut self) -> (Vec<u8>, Vec<u8>) {
        (std::mem::take(&mut self.stdout), std::mem::take(&mut self.stderr))
    }

    fn next_random(&mut self) -> u8 {
        let byte = RANDOM_CYCLE[self.random_pos % RANDOM_CYCLE.len()];
        self.random_pos = (self.random_pos + 1) % RANDOM_CYCLE.len();
        byte
    }
}

/// Store data that holds a [`WasiCtx`].
pub trait WasiView {
    fn wasi(&mut self) -> &mut WasiCtx;
}

/// Refuses a module that imports anything this host does not provide (see
/// the [module docs](self)); the message names every such import.
pub fn check_imports(module: &Module) -> Result<(), String> {
    let unknown: Vec<String> = module
        .imports()
        .filter(|import| !(import.module() == MODULE && SUPPORTED.contains(&import.name())))
        .map(|import| format!("{}::{}", import.module(), import.name()))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the module imports {} that the runner's WASI host does not provide (it provides {MODULE}::{{{}}}; \
         see runner/src/wasi.rs)",
        unknown.join(", "),
        SUPPORTED.join(", ")
    ))
}

/// A guest pointer or length outside linear memory.
struct Fault;

/// The linear memory and the WASI state of the calling instance. A module
/// without an exported memory gets `EFAULT` from every call that touches
/// memory.
fn memory_and_ctx<'a, T: WasiView + 'static>(caller: &'a mut Caller<'_, T>) -> Option<(&'a mut [u8], &'a mut WasiCtx)> {
    let Some(Extern::Memory(memory)) = caller.get_export("memory") else { return None };
    let (bytes, data) = memory.data_and_store_mut(caller);
    Some((bytes, data.wasi()))
}

fn range(memory: &[u8], ptr: i32, len: u64) -> Result<std::ops::Range<usize>, Fault> {
    let start = ptr as u32 as usize;
    let len = usize::try_from(len).map_err(|_| Fault)?;
    let end = start.checked_add(len).ok_or(Fault)?;
    if end > memory.len() {
        return Err(Fault);
    }
    Ok(start..end)
}

fn read_u32(memory: &[u8], ptr: u32) -> Result<u32, Fault> {
    let r = range(memory, ptr as i32, 4)?;
    let mut bytes = [0; 4];
    bytes.copy_from_slice(&memory[r]);
    Ok(u32::from_le_bytes(bytes))
}

fn write_bytes(memory: &mut [u8], ptr: i32, bytes: &[u8]) -> Result<(), Fault> {
    let r = range(memory, ptr, bytes.len() as u64)?;
    memory[r].copy_from_slice(bytes);
    Ok(())
}

fn write_u32(memory: &mut [u8], ptr: i32, value: u32) -> Result<(), Fault> {
    write_bytes(memory, ptr, &value.to_le_bytes())
}

fn write_u64(memory: &mut [u8], ptr: i32, value: u64) -> Result<(), Fault> {
    write_bytes(memory, ptr, &value.to_le_bytes())
}

/// The first non-empty buffer of an `iovec`/`ciovec` array (`len` entries of
/// `{ buf: u32, buf_len: u32 }` at `iovs`), checked against memory; an empty
/// range when every buffer is empty. wasmtime-wasi reads and writes one buffer
/// per call too: Rust's std then loops, so the count of calls, and of
/// instructions, stays as it was.
fn first_non_empty(memory: &[u8], iovs: i32, len: i32) -> Result<std::ops::Range<usize>, Fault> {
    let entries = range(memory, iovs, u64::from(len as u32) * 8)?;
    for entry in entries.step_by(8) {
        let buf = read_u32(memory, entry as u32)?;
        let buf_len = read_u32(memory, entry as u32 + 4)?;
        if buf_len != 0 {
            return range(memory, buf as i32, u64::from(buf_len));
        }
    }
    Ok(0..0)
}

/// Turns a host function's outcome into its errno.
fn errno(result: Result<(), Fault>) -> i32 {
    match result {
        Ok(()) => errno::SUCCESS,
        Err(Fault) => errno::FAULT,
    }
}

/// The host functions, as plain functions of the memory and the context
/// (testable without wasmtime).
mod host {
    use super::*;

    pub fn fd_read(memory: &mut [u8], ctx: &mut WasiCtx, fd: i32, iovs: i32, len: i32, nread: i32) -> i32 {
        if fd != STDIN {
            return errno::BADF;
        }
        let result = first_non_empty(memory, iovs, len).and_then(|buf| {
            let rest = &ctx.stdin[ctx.stdin_pos..];
            let n = rest.len().min(buf.len());
            memory[buf.start..buf.start + n].copy_from_slice(&rest[..n]);
            write_u32(memory, nread, n as u32)?;
            ctx.stdin_pos += n;
            Ok(())
        });
        errno(result)
    }

    /// `Ok(errno)`, or `Err` when the capture cap is passed (a trap).
    pub fn fd_write(
        memory: &mut [u8],
        ctx: &mut WasiCtx,
        fd: i32,
        iovs: i32,
        len: i32,
        nwritten: i32,
    ) -> Result<i32, String> {
        let cap = ctx.capture_cap;
        let sink = match fd {
            STDOUT => &mut ctx.stdout,
            STDERR => &mut ctx.stderr,
            _ => return Ok(errno::BADF),
        };
        let buf = match first_non_empty(memory, iovs, len) {
            Ok(buf) => buf,
            Err(Fault) => return Ok(errno::FAULT),
        };
        if buf.len() > cap - sink.len() {
            let name = if fd == STDOUT { "stdout" } else { "stderr" };
            return Err(format!("the module wrote more than the runner keeps of {name} ({cap} bytes)"));
        }
        sink.extend_from_slice(&memory[buf.clone()]);
        Ok(errno(write_u32(memory, nwritten, buf.len() as u32)))
    }

    pub fn fd_fdstat_get(memory: &mut [u8], fd: i32, stat: i32) -> i32 {
        let rights = match fd {
            STDIN => RIGHTS_FD_READ,
            STDOUT | STDERR => RIGHTS_FD_WRITE,
            _ => return errno::BADF,
        };
        // struct fdstat { filetype: u8, flags: u16 @2, rights_base: u64 @8, rights_inheriting: u64 @16 }
        let mut bytes = [0u8; 24];
        bytes[0] = FILETYPE_CHARACTER_DEVICE;
        bytes[8..16].copy_from_slice(&rights.to_le_bytes());
        errno(write_bytes(memory, stat, &bytes))
    }

    pub fn sizes(memory: &mut [u8], count: i32, size: i32) -> i32 {
        errno(write_u32(memory, count, 0).and_then(|()| write_u32(memory, size, 0)))
    }

    pub fn clock_time_get(memory: &mut [u8], id: i32, time: i32) -> i32 {
        let now = match id {
            CLOCK_REALTIME => FIXED_WALL_CLOCK_SECS * 1_000_000_000,
            CLOCK_MONOTONIC => 0,
            CLOCK_PROCESS_CPUTIME | CLOCK_THREAD_CPUTIME => return errno::BADF,
            _ => return errno::INVAL,
        };
        errno(write_u64(memory, time, now))
    }

    pub fn clock_res_get(memory: &mut [u8], id: i32, resolution: i32) -> i32 {
        let res = match id {
            CLOCK_REALTIME => 1_000_000_000,
            CLOCK_MONOTONIC => 1,
            CLOCK_PROCESS_CPUTIME | CLOCK_THREAD_CPUTIME => return errno::BADF,
            _ => return errno::INVAL,
        };
        errno(write_u64(memory, resolution, res))
    }

    pub fn random_get(memory: &mut [u8], ctx: &mut WasiCtx, buf: i32, len: i32) -> i32 {
        let result = range(memory, buf, u64::from(len as u32)).map(|r| {
            for byte in &mut memory[r] {
                *byte = ctx.next_random();
            }
        });
        errno(result)
    }
}

/// Adds the WASI preview 1 host to `linker`.
pub fn add_to_linker<T: WasiView + 'static>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    linker.func_wrap(MODULE, "fd_read", |mut c: Caller<'_, T>, fd: i32, iovs: i32, len: i32, nread: i32| -> i32 {
        match memory_and_ctx(&mut c) {
            Some((memory, ctx)) => host::fd_read(memory, ctx, fd, iovs, len, nread),
            None => errno::FAULT,
        }
    })?;
    linker.func_wrap(
        MODULE,
        "fd_write",
        |mut c: Caller<'_, T>, fd: i32, iovs: i32, len: i32, nwritten: i32| -> wasmtime::Result<i32> {
            match memory_and_ctx(&mut c) {
                Some((memory, ctx)) => {
                    host::fd_write(memory, ctx, fd, iovs, len, nwritten).map_err(wasmtime::Error::msg)
                }
                None => Ok(errno::FAULT),
            }
        },
    )?;
    linker.func_wrap(MODULE, "fd_fdstat_get", |mut c: Caller<'_, T>, fd: i32, stat: i32| -> i32 {
        match memory_and_ctx(&mut c) {
            Some((memory, _)) => host::fd_fdstat_get(memory, fd, stat),
            None => errno::FAULT,
        }
    })?;
    linker.func_wrap(MODULE, "fd_prestat_get", |_: Caller<'_, T>, _fd: i32, _prestat: i32| -> i32 { errno::BADF })?;
    linker.func_wrap(MODULE, "fd_prestat_dir_name", |_: Caller<'_, T>, _fd: i32, _path: i32, _len: i32| -> i32 {
        errno::BADF
    })?;
    linker.func_wrap(MODULE, "fd_close", |_: Caller<'_, T>, fd: i32| -> i32 {
        if (STDIN..=STDERR).contains(&fd) {
            errno::SUCCESS
        } else {
            errno::BADF
        }
    })?;
    for sizes in ["args_sizes_get", "environ_sizes_get"] {
        linker.func_wrap(MODULE, sizes, |mut c: Caller<'_, T>, count: i32, size: i32| -> i32 {
            match memory_and_ctx(&mut c) {
                Some((memory, _)) => host::sizes(memory, count, size),
                None => errno::FAULT,
            }
        })?;
    }
    // Nothing to write: no arguments, no environment.
    for get in ["args_get", "environ_get"] {
        linker.func_wrap(MODULE, get, |_: Caller<'_, T>, _list: i32, _buf: i32| -> i32 { errno::SUCCESS })?;
    }
    linker.func_wrap(MODULE, "clock_time_get", |mut c: Caller<'_, T>, id: i32, _precision: i64, time: i32| -> i32 {
        match memory_and_ctx(&mut c) {
            Some((memory, _)) => host::clock_time_get(memory, id, time),
            None => errno::FAULT,
        }
    })?;
    linker.func_wrap(MODULE, "clock_res_get", |mut c: Caller<'_, T>, id: i32, resolution: i32| -> i32 {
        match memory_and_ctx(&mut c) {
            Some((memory, _)) => host::clock_res_get(memory, id, resolution),
            None => errno::FAULT,
        }
    })?;
    linker.func_wrap(MODULE, "random_get", |mut c: Caller<'_, T>, buf: i32, len: i32| -> i32 {
        match memory_and_ctx(&mut c) {
            Some((memory, ctx)) => host::random_get(memory, ctx, buf, len),
            None => errno::FAULT,
        }
    })?;
    linker.func_wrap(MODULE, "sched_yield", |_: Caller<'_, T>| -> i32 { errno::SUCCESS })?;
    linker.func_wrap(MODULE, "proc_exit", |_: Caller<'_, T>, status: i32| -> wasmtime::Result<()> {
        // As wasmtime-wasi: WASI exit statuses are below 126.
        if !(0..126).contains(&status) {
            return Err(wasmtime::Error::msg("exit with invalid exit status outside of [0..126)"));
        }
        Err(wasmtime::Error::new(Exit(status)))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iovec(memory: &mut [u8], at: i32, buf: u32, len: u32) {
        write_u32(memory, at, buf).ok();
        write_u32(memory, at + 4, len).ok();
    }

    #[test]
    fn reads_stdin_into_the_first_non_empty_buffer() {
        let mut memory = vec![0u8; 256];
        let mut ctx = WasiCtx::new(b"hello world".to_vec(), 1024);
        iovec(&mut memory, 0, 100, 0);
        iovec(&mut memory, 8, 100, 5);
        iovec(&mut memory, 16, 120, 50);
        assert_eq!(host::fd_read(&mut memory, &mut ctx, 0, 0, 3, 200), errno::SUCCESS);
        assert_eq!(read_u32(&memory, 200).ok(), Some(5));
        assert_eq!(&memory[100..105], b"hello");
        assert_eq!(memory[120], 0, "only one buffer per call");
        iovec(&mut memory, 8, 100, 50);
        assert_eq!(host::fd_read(&mut memory, &mut ctx, 0, 8, 1, 200), errno::SUCCESS);
        assert_eq!(read_u32(&memory, 200).ok(), Some(6));
        assert_eq!(&memory[100..106], b" world");
        assert_eq!(host::fd_read(&mut memory, &mut ctx, 0, 8, 1, 200), errno::SUCCESS);
        assert_eq!(read_u32(&memory, 200).ok(), Some(0), "end of input");
        assert_eq!(host::fd_read(&mut memory, &mut ctx, 1, 8, 1, 200), errno::BADF);
        iovec(&mut memory, 8, 250, 50);
        assert_eq!(host::fd_read(&mut memory, &mut ctx, 0, 8, 1, 200), errno::FAULT);
    }

    #[test]
    fn writes_are_captured_up_to_the_cap() {
        let mut memory = vec![0u8; 256];
        memory[100..110].copy_from_slice(b"0123456789");
        let mut ctx = WasiCtx::new(Vec::new(), 12);
        iovec(&mut memory, 0, 100, 0);
        iovec(&mut memory, 8, 100, 10);
        iovec(&mut memory, 16, 100, 10);
        assert_eq!(host::fd_write(&mut memory, &mut ctx, 1, 0, 3, 200), Ok(errno::SUCCESS));
        assert_eq!(read_u32(&memory, 200).ok(), Some(10));
        assert_eq!(ctx.stdout(), b"0123456789", "one buffer per call");
        assert_eq!(host::fd_write(&mut memory, &mut ctx, 2, 8, 1, 200), Ok(errno::SUCCESS));
        assert_eq!(ctx.stderr(), b"0123456789");
        assert!(host::fd_write(&mut memory, &mut ctx, 1, 8, 1, 200).is_err(), "past the cap");
        assert_eq!(host::fd_write(&mut memory, &mut ctx, 0, 8, 1, 200), Ok(errno::BADF));
        assert_eq!(host::fd_write(&mut memory, &mut ctx, 1, 250, 1, 200), Ok(errno::FAULT));
    }

    #[test]
    fn random_bytes_cycle_across_calls() {
        let mut memory = vec![0u8; 64];
        let mut ctx = WasiCtx::new(Vec::new(), 0);
        assert_eq!(host::random_get(&mut memory, &mut ctx, 0, 5), errno::SUCCESS);
        assert_eq!(host::random_get(&mut memory, &mut ctx, 5, 6), errno::SUCCESS);
        assert_eq!(&memory[..11], b"ctarei-!cta");
        assert_eq!(host::random_get(&mut memory, &mut ctx, 60, 8), errno::FAULT);
    }

    #[test]
    fn clocks_are_fixed() {
        let mut memory = vec![0u8; 64];
        assert_eq!(host::clock_time_get(&mut memory, CLOCK_REALTIME, 0), errno::SUCCESS);
        assert_eq!(memory[..8], (FIXED_WALL_CLOCK_SECS * 1_000_000_000).to_le_bytes());
        assert_eq!(host::clock_time_get(&mut memory, CLOCK_MONOTONIC, 0), errno::SUCCESS);
        assert_eq!(memory[..8], [0; 8]);
        assert_eq!(host::clock_time_get(&mut memory, CLOCK_THREAD_CPUTIME, 0), errno::BADF);
        assert_eq!(host::clock_time_get(&mut memory, 9, 0), errno::INVAL);
        assert_eq!(host::clock_res_get(&mut memory, CLOCK_MONOTONIC, 0), errno::SUCCESS);
        assert_eq!(memory[..8], 1u64.to_le_bytes());
    }

    #[test]
    fn stdio_is_a_character_device() {
        let mut memory = vec![0u8; 64];
        assert_eq!(host::fd_fdstat_get(&mut memory, 1, 0), errno::SUCCESS);
        assert_eq!(memory[0], FILETYPE_CHARACTER_DEVICE);
        assert_eq!(memory[8..16], RIGHTS_FD_WRITE.to_le_bytes());
        assert_eq!(host::fd_fdstat_get(&mut memory, 3, 0), errno::BADF);
        assert_eq!(host::sizes(&mut memory, 0, 4), errno::SUCCESS);
        assert_eq!(memory[..8], [0; 8]);
    }
}
