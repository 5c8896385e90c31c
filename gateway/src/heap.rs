//! The gateway's heap on 2 MiB pages (transparent huge pages).
//!
//! An idle edge wakes ~4,000 connections a second (20,000 agents, a ping from each every 5 s,
//! docs/protocol.md §6), each untouched since its last ping. What a ping touches (the task, its
//! mailbox, its socket's buffers, the runtime's record of the socket) lies on a handful of
//! different 4 KiB pages of a ~200 MiB heap, so every wake-up also walks the page tables a
//! handful of times. On 2 MiB pages the whole heap is ~100 pages, which the CPU's TLB holds.
//! Measured on the idle benchmark: 4–6 % less CPU a ping for the same resident memory
//! (bench/gateway-findings.md, fifth pass).
//!
//! glibc's malloc asks the kernel for huge pages (`madvise(MADV_HUGEPAGE)`, which Debian's
//! default THP mode `madvise` waits for) only with its tunable `glibc.malloc.hugetlb=1`, and
//! reads its tunables once, when the process starts. So the gateway, started without it,
//! executes itself again with it: same process id, arguments and environment otherwise. A
//! `GLIBC_TUNABLES` that already names the tunable is left alone (`glibc.malloc.hugetlb=0` turns
//! this off, docs/deploy.md §7), and so is a failed exec: the gateway then runs on 4 KiB pages.

use std::ffi::{OsStr, OsString};

/// The tunable (glibc 2.35 and later; older ones ignore it).
const TUNABLE: &str = "glibc.malloc.hugetlb";
/// The environment variable glibc reads its tunables from.
const VARIABLE: &str = "GLIBC_TUNABLES";

/// The `GLIBC_TUNABLES` to restart with, or `None` when the current one already decides.
fn with_huge_pages(current: Option<&OsStr>) -> Option<OsString> {
    match current {
        Some(value) if value.to_string_lossy().contains(TUNABLE) => None,
        Some(value) if !value.is_empty() => {
            let mut value = value.to_owned();
            value.push(format!(":{TUNABLE}=1"));
            Some(value)
        }
        _ => Some(OsString::from(format!("{TUNABLE}=1"))),
    }
}

/// Restarts the process with huge pages asked for, unless its environment already decides.
/// Returns only when it does not restart. Call it first thing in `main`, before any thread.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn restart_on_huge_pages() {
    use std::os::unix::process::CommandExt as _;

    let Some(tunables) = with_huge_pages(std::env::var_os(VARIABLE).as_deref()) else {
        return;
    };
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let mut command = std::process::Command::new(exe);
    if let Some(arg0) = args.next() {
        command.arg0(arg0);
    }
    // `exec` returns only on failure; the gateway then runs as it is.
    let error = command.args(args).env(VARIABLE, tunables).exec();
    eprintln!("agentdesk-gateway: running on 4 KiB pages (cannot restart with {TUNABLE}: {error})");
}

/// Elsewhere there is no glibc tunable to set.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn restart_on_huge_pages() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tunable_is_added_to_what_is_there_and_an_explicit_choice_is_kept() {
        assert_eq!(
            with_huge_pages(None).as_deref(),
            Some(OsStr::new("glibc.malloc.hugetlb=1"))
        );
        assert_eq!(
            with_huge_pages(Some(OsStr::new(""))).as_deref(),
            Some(OsStr::new("glibc.malloc.hugetlb=1"))
        );
        assert_eq!(
            with_huge_pages(Some(OsStr::new("glibc.malloc.arena_max=2"))).as_deref(),
            Some(OsStr::new(
                "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"
            ))
        );
        assert_eq!(
            with_huge_pages(Some(OsStr::new("glibc.malloc.hugetlb=0"))),
            None
        );
    }
}
