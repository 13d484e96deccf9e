//! Data-driven detector tests: every `tests/cases/*.toml` file, each case a text with what must
//! and must not be found (format in `tests/cases/README.md`).

use crate::common::{Expect, check, located, scan, seen};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    expect: Vec<Expect>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    not: Vec<Expect>,
}

fn run_file(path: &Path) -> (usize, Vec<String>) {
    let src = std::fs::read_to_string(path).unwrap();
    let file: CaseFile = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut failures = Vec::new();
    for case in &file.case {
        // A case about sections reads its text as a document: sections are found there.
        let found = if case.expect.iter().any(|e| e.section.is_some()) {
            located(&case.text)
        } else {
            seen(&case.text, &scan(&case.text))
        };
        for f in check(&case.text, &found, &case.expect, &case.absent, &case.not) {
            failures.push(format!(
                "{} / {}: {f}",
                path.file_name().unwrap().to_string_lossy(),
                case.name
            ));
        }
    }
    (file.case.len(), failures)
}

/// Runs every case file; fails with the list of every failing case.
#[test]
fn detector_case_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected a case file per detector, found {}",
        files.len()
    );
    let mut total = 0;
    let mut failures = Vec::new();
    for f in &files {
        let (n, fails) = run_file(f);
        assert!(n > 0, "{} holds no case", f.display());
        total += n;
        failures.extend(fails);
    }
    assert!(total >= 200, "only {total} cases ran");
    assert!(
        failures.is_empty(),
        "{} of {total} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
