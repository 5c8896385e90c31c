//! The gateway binary asks glibc for a heap on huge pages by executing itself again with the
//! tunable set (gateway/src/heap.rs): the running process has it in its environment, under the
//! same process id, with its arguments; an explicit choice in `GLIBC_TUNABLES` is kept.
#![cfg(all(target_os = "linux", target_env = "gnu"))]
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A gateway on a free loopback port that stops by itself; killed, and its scratch directory
/// removed, when dropped.
struct Gateway(Child, PathBuf);

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        let _ = std::fs::remove_dir_all(&self.1);
    }
}

fn start(dir: &Path, tunables: Option<&str>) -> Gateway {
    let port_file = dir.join("port");
    let mut command = Command::new(env!("CARGO_BIN_EXE_agentdesk-gateway"));
    command
        .args([
            "--listen",
            "127.0.0.1:0",
            "--no-media",
            "--max-lifetime-secs",
            "60",
        ])
        .arg("--directory")
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/test-directory.toml"))
        .arg("--port-file")
        .arg(&port_file)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match tunables {
        Some(value) => command.env("GLIBC_TUNABLES", value),
        None => command.env_remove("GLIBC_TUNABLES"),
    };
    let gateway = Gateway(command.spawn().expect("the gateway starts"), dir.to_owned());
    let deadline = Instant::now() + Duration::from_secs(30);
    while !port_file.exists() {
        assert!(
            Instant::now() < deadline,
            "the gateway did not listen within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    gateway
}

/// A fresh directory of this test run for the port file.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "agentdesk-huge-pages-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// The process's environment and arguments, NUL-separated as /proc gives them.
fn proc_strings(pid: u32, what: &str) -> Vec<String> {
    let bytes = std::fs::read(format!("/proc/{pid}/{what}")).expect("/proc of the gateway");
    bytes
        .split(|&b| b == 0)
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

#[test]
fn the_gateway_runs_with_huge_pages_asked_for_under_its_own_pid_and_arguments() {
    let dir = scratch("default");
    let gateway = start(&dir, None);
    let pid = gateway.0.id();
    let env = proc_strings(pid, "environ");
    assert!(
        env.iter()
            .any(|v| v == "GLIBC_TUNABLES=glibc.malloc.hugetlb=1"),
        "the gateway's environment: {env:?}"
    );
    let args = proc_strings(pid, "cmdline");
    assert!(args.iter().any(|a| a == "--max-lifetime-secs"), "{args:?}");
    assert!(
        args[0].ends_with("agentdesk-gateway"),
        "argv[0] kept: {args:?}"
    );
}

#[test]
fn an_explicit_choice_in_glibc_tunables_is_kept() {
    let dir = scratch("explicit");
    let gateway = start(&dir, Some("glibc.malloc.hugetlb=0"));
    let env = proc_strings(gateway.0.id(), "environ");
    assert!(
        env.iter()
            .any(|v| v == "GLIBC_TUNABLES=glibc.malloc.hugetlb=0"),
        "{env:?}"
    );
}
