//! What the fuzzers found or reached, kept: every file of `tests/data/fuzz/<target>/` (crashes
//! once fixed, and inputs that reach deep redaction paths) goes through `tamis scan` and
//! `tamis redact` as a user runs them, with a policy that removes everything. Each run ends with
//! a report or a clear error — never a panic — and the error never repeats a value of the input.

use crate::wire::tamis;
use std::path::{Path, PathBuf};

const RECIPIENT: &str = "medecin@fuzz.mssante.fr";

/// Every file under `tests/data/fuzz/`, sorted.
fn inputs() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz"),
        &mut out,
    );
    out.sort();
    out
}

/// The values a scan finds in `bytes` (those an error message must never repeat). None when
/// the input cannot be read at all (then no value was found either).
fn found_values(bytes: &[u8], name: &str) -> Vec<String> {
    let limits = tamis::extract::Limits::default();
    let Ok(doc) = tamis::extract::extract(bytes, Some(name), &limits) else {
        return Vec::new();
    };
    let report = tamis::pipeline::report(
        name,
        &doc,
        crate::common::engine(),
        &mut tamis::scan::Scratch::default(),
        tamis::report::Values::Clear,
    );
    report
        .findings
        .iter()
        .filter_map(|f| f.found.clone())
        .filter(|v| v.chars().count() >= 4)
        .collect()
}

/// What is wrong with one run's end, if anything: a panic, an exit status other than 0/1/2, no
/// report on 0/1 (`report` is what must hold it), no message on 2, a value of the input in the
/// error output.
fn problem(
    what: &str,
    out: &std::process::Output,
    report: Option<&[u8]>,
    values: &[String],
) -> Option<String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("panicked") {
        return Some(format!("{what}: panicked"));
    }
    match out.status.code() {
        Some(0 | 1) => {
            if let Some(bytes) = report
                && serde_json::from_slice::<serde_json::Value>(bytes).is_err()
            {
                return Some(format!("{what}: exit 0/1 without a JSON report"));
            }
        }
        Some(2) if stderr.trim().starts_with("tamis:") => {}
        Some(2) => return Some(format!("{what}: exit 2 without a clear error: {stderr}")),
        other => return Some(format!("{what}: exit {other:?}")),
    }
    values
        .iter()
        .find(|v| stderr.contains(v.as_str()))
        .map(|_| format!("{what}: the error output repeats a value of the input"))
}

#[test]
fn fuzz_inputs_end_with_a_report_or_a_clear_error_never_a_panic() {
    let files = inputs();
    assert!(!files.is_empty(), "tests/data/fuzz/ holds no input");
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("remove-everything.toml");
    std::fs::write(&policy, tamis::policy::Policy::remove_everything_toml()).unwrap();
    let directory = dir.path().join("directory.csv");
    std::fs::write(
        &directory,
        format!("address,role,structure,trusted\n{RECIPIENT},health_professional,,true\n"),
    )
    .unwrap();
    let mut problems = Vec::new();
    for (i, input) in files.iter().enumerate() {
        let bytes = std::fs::read(input).unwrap();
        let name = input.file_name().unwrap().to_string_lossy().to_string();
        let values = found_values(&bytes, &name);
        let shown = input.display();

        let scan = tamis()
            .args(["scan", "--format", "json"])
            .arg(input)
            .output()
            .unwrap();
        problems.extend(problem(
            &format!("{shown}: scan"),
            &scan,
            Some(&scan.stdout),
            &values,
        ));

        let out = dir.path().join(format!("{i}.out"));
        let report = dir.path().join(format!("{i}.json"));
        let redact = tamis()
            .arg("redact")
            .args([
                "--purpose",
                "care_coordination",
                "--to",
                RECIPIENT,
                "--care-team",
            ])
            .arg("--policy")
            .arg(&policy)
            .arg("--directory")
            .arg(&directory)
            .args(["--values", "clear", "--report"])
            .arg(&report)
            .arg("-o")
            .arg(&out)
            .arg(input)
            .output()
            .unwrap();
        let written = (redact.status.code() == Some(0)).then(|| std::fs::read(&report).unwrap());
        problems.extend(problem(
            &format!("{shown}: redact"),
            &redact,
            written.as_deref(),
            &values,
        ));
        if redact.status.code() != Some(0) {
            assert!(
                !out.exists(),
                "{shown}: a copy written although redaction failed"
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    println!("{} fuzz input(s) scanned and redacted", files.len());
}
