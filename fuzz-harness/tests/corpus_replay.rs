//! Replays the committed fuzz corpus (fuzz/corpus/<target>/) through the same functions the
//! fuzz targets call, on stable, in the normal test run: an input that once crashed a target
//! and was kept stays a failing test if the crash comes back (docs/RELIABILITY.md).

use std::path::PathBuf;

use agentdesk_fuzz_harness::TARGETS;

fn corpus_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target)
}

#[test]
fn every_target_has_a_corpus_and_every_corpus_file_replays_without_a_panic() {
    let mut total = 0;
    for (target, run) in TARGETS {
        let dir = corpus_dir(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_file())
            .collect();
        files.sort();
        assert!(
            !files.is_empty(),
            "{target}: empty corpus in {}",
            dir.display()
        );
        for file in &files {
            let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!(
                    "{target}: {} crashes (replay: cargo +nightly fuzz run {target} {})",
                    file.display(),
                    file.display()
                );
            }
        }
        total += files.len();
    }
    assert!(total > 0);
}

#[test]
fn the_fuzz_crate_declares_exactly_the_harness_targets() {
    let manifest = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/Cargo.toml"),
    )
    .unwrap();
    for (target, _) in TARGETS {
        assert!(
            manifest.contains(&format!("name = \"{target}\"")),
            "fuzz/Cargo.toml lacks the [[bin]] {target}"
        );
        let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../fuzz/fuzz_targets/{target}.rs"));
        assert!(source.is_file(), "{} is missing", source.display());
    }
    let bins = manifest.matches("[[bin]]").count();
    assert_eq!(
        bins,
        TARGETS.len(),
        "fuzz/Cargo.toml has {bins} targets, the harness {}",
        TARGETS.len()
    );
}
