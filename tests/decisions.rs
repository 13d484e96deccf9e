//! The evaluation of the minimisation decisions (issue 4, item 7): every labelled case of
//! `corpus/cases/*.toml` (format in `corpus/cases/README.md`) is run through `tamis scan` with
//! the fictional directory and the case's context, and compared with what a care professional
//! or a DPO would decide under `policy/default.toml`.
//!
//! Scoring, per category:
//! - a `keep` or `remove` label is a true positive when the report holds a finding of that
//!   category whose text contains the label's text (whitespace-normalised, case-insensitive)
//!   with the expected action, else a false negative;
//! - each reported finding of the label's category whose text overlaps the label's (one
//!   contains the other) but carries the other action is a false positive (it contradicts the
//!   label), and so is each finding an `absent` trap matches (a trap set off);
//! - precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic mean; micro-F1 sums
//!   TP, FP and FN over all categories. Verdict accuracy: the share of cases whose message
//!   verdict is the expected one.

use crate::wire::{WireReport, scan_json_with};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The bar of issue 4 for micro-F1 (measured 0.993 on 2026-11-29, 96 cases).
const FLOOR_F1: f64 = 0.95;
/// The bar of issue 4 for verdict accuracy (measured 92/96 = 0.958 on 2026-11-29).
const FLOOR_VERDICT: f64 = 0.95;

/// The wire names the cases must cover, from the library itself: a new category, purpose or
/// role fails the coverage test until cases are written for it.
fn all_categories() -> Vec<&'static str> {
    tamis::Category::ALL.iter().map(|c| c.as_str()).collect()
}

fn all_purposes() -> Vec<&'static str> {
    tamis::policy::Purpose::ALL
        .iter()
        .map(|p| p.as_str())
        .collect()
}

fn all_roles() -> Vec<&'static str> {
    tamis::policy::Role::ALL
        .iter()
        .map(|r| r.as_str())
        .collect()
}

const FORMATS: [&str; 5] = ["text", "mail", "pdf", "cda", "xdm"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Case {
    pub(crate) name: String,
    /// Path under `corpus/`.
    pub(crate) input: String,
    pub(crate) purpose: Option<String>,
    #[serde(default)]
    pub(crate) to: Vec<String>,
    pub(crate) from: Option<String>,
    #[serde(default)]
    pub(crate) care_team: bool,
    #[serde(default)]
    pub(crate) consent: bool,
    #[serde(default)]
    pub(crate) opposition: bool,
    pub(crate) verdict: String,
    /// Why this is the right decision (for the reader; not checked).
    #[allow(dead_code)]
    pub(crate) why: String,
    #[serde(default)]
    pub(crate) keep: Vec<Label>,
    #[serde(default)]
    pub(crate) remove: Vec<Label>,
    #[serde(default)]
    pub(crate) absent: Vec<Label>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Label {
    pub(crate) category: String,
    pub(crate) text: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

pub(crate) fn corpus(p: &str) -> PathBuf {
    root().join("corpus").join(p)
}

/// Every case of every `corpus/cases/*.toml`, with its file name.
pub(crate) fn load() -> Vec<(String, Case)> {
    let dir = corpus("cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case file in {}", dir.display());
    let mut all = Vec::new();
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        let file: CaseFile =
            toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path.file_name().unwrap().to_string_lossy().into_owned();
        all.extend(file.case.into_iter().map(|c| (stem.clone(), c)));
    }
    all
}

/// The format of a case's input, from where it lies in the corpus.
pub(crate) fn format_of(input: &str) -> &'static str {
    match input.split('/').next() {
        Some("mail") => "mail",
        Some("pdf") => "pdf",
        Some("cda") => "cda",
        Some("xdm") => "xdm",
        _ => "text",
    }
}

/// The roles of the fictional directory (`annuaire.csv`), by lower-case address.
fn directory_roles() -> BTreeMap<String, String> {
    let src = std::fs::read_to_string(corpus("directory/annuaire.csv")).unwrap();
    let mut roles = BTreeMap::new();
    for line in src.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let mut fields = line.splitn(3, ',');
        if let (Some(address), Some(role)) = (fields.next(), fields.next()) {
            roles.insert(address.to_lowercase(), role.to_string());
        }
    }
    roles
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True and false positives and false negatives, with their precision, recall and F1 (shared
/// with the blind evaluation, `tests/blind.rs`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Score {
    pub(crate) tp: usize,
    pub(crate) fp: usize,
    pub(crate) fn_: usize,
}

impl Score {
    pub(crate) fn add(&mut self, o: Score) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    pub(crate) fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub(crate) fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// A row of the evaluation tables: `name`, TP, FP, FN, precision, recall, F1.
    pub(crate) fn row(&self, name: &str) -> String {
        format!(
            "{:<22} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>6.3}\n",
            name,
            self.tp,
            self.fp,
            self.fn_,
            self.precision(),
            self.recall(),
            self.f1()
        )
    }

    pub(crate) fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The reported findings of `category` whose text overlaps `text`, with their action.
fn matches<'r>(r: &'r WireReport, category: &str, text: &str) -> Vec<&'r str> {
    let want = norm(text);
    r.findings
        .iter()
        .filter(|f| f.category == category)
        .filter_map(|f| {
            let got = norm(f.text.as_deref()?);
            (got.contains(&want) || want.contains(&got))
                .then(|| f.action.as_deref().unwrap_or("none"))
        })
        .collect()
}

/// Scores one case's labels against its report; `errors` gets a line per mistake.
fn score(case: &Case, r: &WireReport, errors: &mut Vec<String>) -> BTreeMap<String, Score> {
    let mut per: BTreeMap<String, Score> = BTreeMap::new();
    let labelled = case
        .keep
        .iter()
        .map(|l| (l, "keep"))
        .chain(case.remove.iter().map(|l| (l, "remove")));
    for (label, action) in labelled {
        let s = per.entry(label.category.clone()).or_default();
        let want = norm(&label.text);
        let found = r.findings.iter().any(|f| {
            f.category == label.category
                && f.action.as_deref() == Some(action)
                && f.text.as_deref().is_some_and(|t| norm(t).contains(&want))
        });
        if found {
            s.tp += 1;
        } else {
            s.fn_ += 1;
            errors.push(format!(
                "  missed: {} « {} » to {action}",
                label.category, label.text
            ));
        }
        let contradicting = matches(r, &label.category, &label.text)
            .into_iter()
            .filter(|a| *a != action)
            .count();
        if contradicting > 0 {
            s.fp += contradicting;
            errors.push(format!(
                "  contradicted: {} « {} » reported {contradicting}× not to {action}",
                label.category, label.text
            ));
        }
    }
    for label in &case.absent {
        let hits = matches(r, &label.category, &label.text).len();
        if hits > 0 {
            per.entry(label.category.clone()).or_default().fp += hits;
            errors.push(format!(
                "  trap set off: {} « {} » reported {hits}×",
                label.category, label.text
            ));
        }
    }
    per
}

pub(crate) fn args(case: &Case) -> Vec<String> {
    let mut a: Vec<String> = vec![
        "--directory".into(),
        corpus("directory/annuaire.csv").display().to_string(),
        "--annuaire".into(),
        corpus("directory/extract_mssante.txt")
            .display()
            .to_string(),
    ];
    if let Some(p) = &case.purpose {
        a.extend(["--purpose".into(), p.clone()]);
    }
    for t in &case.to {
        a.extend(["--to".into(), t.clone()]);
    }
    if let Some(f) = &case.from {
        a.extend(["--from".into(), f.clone()]);
    }
    for (flag, on) in [
        ("--care-team", case.care_team),
        ("--consent", case.consent),
        ("--opposition", case.opposition),
    ] {
        if on {
            a.push(flag.into());
        }
    }
    a
}

#[test]
fn every_case_parses_and_its_input_exists() {
    let cases = load();
    assert!(
        cases.len() >= 60,
        "{} cases, at least 60 wanted",
        cases.len()
    );
    let mut names = BTreeSet::new();
    for (file, c) in &cases {
        assert!(
            names.insert(c.name.clone()),
            "{file}: case {} twice",
            c.name
        );
        assert!(
            corpus(&c.input).is_file(),
            "{file}: {}: no input {}",
            c.name,
            c.input
        );
        assert!(
            ["pass", "minimise", "block"].contains(&c.verdict.as_str()),
            "{file}: {}: verdict {}",
            c.name,
            c.verdict
        );
        if let Some(p) = &c.purpose {
            assert!(
                all_purposes().contains(&p.as_str()),
                "{}: purpose {p}",
                c.name
            );
        }
        for l in c.keep.iter().chain(&c.remove).chain(&c.absent) {
            assert!(
                all_categories().contains(&l.category.as_str()),
                "{}: category {}",
                c.name,
                l.category
            );
            assert!(!l.text.trim().is_empty(), "{}: empty label text", c.name);
        }
    }
}

#[test]
fn the_cases_cover_every_category_purpose_role_and_format() {
    let cases = load();
    let roles = directory_roles();
    let mut missing = Vec::new();
    let labelled: BTreeSet<&str> = cases
        .iter()
        .flat_map(|(_, c)| c.keep.iter().chain(&c.remove))
        .map(|l| l.category.as_str())
        .collect();
    let kept: BTreeSet<&str> = cases
        .iter()
        .flat_map(|(_, c)| &c.keep)
        .map(|l| l.category.as_str())
        .collect();
    let removed: BTreeSet<&str> = cases
        .iter()
        .flat_map(|(_, c)| &c.remove)
        .map(|l| l.category.as_str())
        .collect();
    for c in all_categories() {
        if !labelled.contains(c) {
            missing.push(format!("category {c}"));
        }
    }
    // Every category that some cell keeps is also seen kept, and every one seen removed
    // (iban is needed nowhere).
    for c in all_categories().into_iter().filter(|c| *c != "iban") {
        if !kept.contains(c) {
            missing.push(format!("category {c} kept"));
        }
    }
    for c in all_categories() {
        if !removed.contains(c) {
            missing.push(format!("category {c} removed"));
        }
    }
    let purposes: BTreeSet<&str> = cases
        .iter()
        .filter_map(|(_, c)| c.purpose.as_deref())
        .collect();
    missing.extend(
        all_purposes()
            .into_iter()
            .filter(|p| !purposes.contains(p))
            .map(|p| format!("purpose {p}")),
    );
    let seen_roles: BTreeSet<&str> = cases
        .iter()
        .flat_map(|(_, c)| &c.to)
        .filter_map(|a| roles.get(&a.to_lowercase()).map(String::as_str))
        .collect();
    missing.extend(
        all_roles()
            .into_iter()
            .filter(|r| !seen_roles.contains(r))
            .map(|r| format!("role {r}")),
    );
    let formats: BTreeSet<&str> = cases.iter().map(|(_, c)| format_of(&c.input)).collect();
    missing.extend(
        FORMATS
            .iter()
            .filter(|f| !formats.contains(*f))
            .map(|f| format!("format {f}")),
    );
    let verdicts: BTreeSet<&str> = cases.iter().map(|(_, c)| c.verdict.as_str()).collect();
    missing.extend(
        ["pass", "minimise", "block"]
            .iter()
            .filter(|v| !verdicts.contains(*v))
            .map(|v| format!("verdict {v}")),
    );
    let traps = cases.iter().filter(|(_, c)| !c.absent.is_empty()).count();
    if traps < 5 {
        missing.push(format!("only {traps} cases with traps"));
    }
    assert!(missing.is_empty(), "the cases do not cover: {missing:?}");
}

#[test]
fn decisions_meet_the_bar_of_issue_4() {
    let cases = load();
    let mut total: BTreeMap<String, Score> = BTreeMap::new();
    let mut right_verdicts = 0;
    let mut failing = Vec::new();
    for (file, case) in &cases {
        let a = args(case);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let (_, r) = scan_json_with(&corpus(&case.input), &a);
        let mut errors = Vec::new();
        for (cat, s) in score(case, &r, &mut errors) {
            total.entry(cat).or_default().add(s);
        }
        if r.verdict == case.verdict {
            right_verdicts += 1;
        } else {
            errors.insert(
                0,
                format!("  verdict {} (expected {})", r.verdict, case.verdict),
            );
        }
        if !errors.is_empty() {
            failing.push(format!("{file} / {}:\n{}", case.name, errors.join("\n")));
        }
    }
    let mut micro = Score::default();
    let mut table = String::from(
        "Minimisation decisions: labelled cases of corpus/cases (tests/decisions.rs)\n\n",
    );
    table.push_str(&format!(
        "{:<22} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}\n",
        "category", "TP", "FP", "FN", "precision", "recall", "F1"
    ));
    for c in all_categories() {
        let s = total.get(c).copied().unwrap_or_default();
        micro.add(s);
        table.push_str(&s.row(c));
    }
    let accuracy = ratio(right_verdicts, cases.len());
    table.push_str(&micro.row("micro (all)"));
    table.push('\n');
    table.push_str(&format!(
        "verdict accuracy: {right_verdicts}/{} = {accuracy:.3}\n",
        cases.len()
    ));
    if !failing.is_empty() {
        table.push_str(&format!(
            "\n{} case(s) with a mistake:\n{}\n",
            failing.len(),
            failing.join("\n")
        ));
    }
    println!("{table}");
    let out = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("eval-decisions.txt"), &table).unwrap();
    assert!(
        micro.f1() >= FLOOR_F1,
        "micro-F1 {:.3} below {FLOOR_F1}",
        micro.f1()
    );
    assert!(
        accuracy >= FLOOR_VERDICT,
        "verdict accuracy {accuracy:.3} below {FLOOR_VERDICT}"
    );
}
