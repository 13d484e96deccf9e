//! Redaction benchmarks: per format, the corpus files with their names, birth dates, NIRs,
//! diagnoses and medications marked for removal (whatever the policy would decide), then
//! - `scan`: extraction + scan + report (the cost of a check, for the ratio),
//! - `redact`: the rewriting alone,
//! - `redact_and_verify`: rewriting, then reading the copy again and counting leftovers, as
//!   `tamis redact` does before it returns a copy.
//!
//! Files the redaction refuses (a format or place it cannot rewrite) are left out and listed.
//! Run: `cargo bench --bench redact -- --warm-up-time 1 --measurement-time 5`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use tamis::Category;
use tamis::extract::{Extraction, Limits, extract};
use tamis::report::{Action, Report, Values, Verdict};
use tamis::scan::{Engine, Scratch};

const REMOVED: [Category; 5] = [
    Category::PersonName,
    Category::BirthDate,
    Category::Nir,
    Category::Diagnosis,
    Category::Medication,
];

struct Input {
    bytes: Vec<u8>,
    doc: Extraction,
    report: Report,
}

fn files(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
        })
        .collect();
    paths.sort();
    paths
}

/// The inputs of a set that redact, with their decided reports.
fn prepare(paths: &[PathBuf], engine: &Engine) -> Vec<Input> {
    let limits = Limits::default();
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for p in paths {
        let bytes = std::fs::read(p).unwrap();
        let Ok(doc) = extract(&bytes, None, &limits) else {
            continue;
        };
        let mut report = tamis::pipeline::report("", &doc, engine, &mut scratch, Values::None);
        for f in &mut report.findings {
            f.action = Some(if REMOVED.contains(&f.category) {
                Action::Remove
            } else {
                Action::Keep
            });
        }
        report.verdict = Verdict::Minimise;
        match tamis::redact::redact(&bytes, &doc, &report, &limits) {
            Ok(_) => out.push(Input { bytes, doc, report }),
            Err(e) => eprintln!("left out {}: {e}", p.display()),
        }
    }
    out
}

fn bench_set(c: &mut Criterion, name: &str, paths: Vec<PathBuf>, engine: &Engine) {
    let set = prepare(&paths, engine);
    if set.is_empty() {
        eprintln!("{name}: nothing to redact");
        return;
    }
    let bytes: usize = set.iter().map(|i| i.bytes.len()).sum();
    let limits = Limits::default();
    let mut g = c.benchmark_group(format!("redact_{name}"));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("scan", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            for i in &set {
                let doc = extract(&i.bytes, None, &limits).unwrap();
                black_box(tamis::pipeline::report(
                    "",
                    &doc,
                    engine,
                    &mut scratch,
                    Values::None,
                ));
            }
        })
    });
    g.bench_function("redact", |b| {
        b.iter(|| {
            for i in &set {
                black_box(tamis::redact::redact(&i.bytes, &i.doc, &i.report, &limits).unwrap());
            }
        })
    });
    g.bench_function("redact_and_verify", |b| {
        b.iter(|| {
            for i in &set {
                let done = tamis::redact::redact(&i.bytes, &i.doc, &i.report, &limits).unwrap();
                let expected = tamis::redact::expected_counts(&i.doc, &i.report);
                let again = extract(&done.bytes, None, &limits).unwrap();
                assert!(tamis::redact::leftovers(&again, &expected).is_empty());
            }
        })
    });
    g.finish();
}

fn redaction(c: &mut Criterion) {
    let engine = Engine::builtin().unwrap();
    bench_set(c, "text", files("corpus/text", &["txt"]), &engine);
    bench_set(c, "html", files("corpus/html", &["html"]), &engine);
    bench_set(c, "mail", files("corpus/mail", &["eml"]), &engine);
    bench_set(c, "pdf", files("corpus/pdf/producers", &["pdf"]), &engine);
    bench_set(c, "cda", files("corpus/cda", &["xml"]), &engine);
    bench_set(c, "xdm", files("corpus/xdm", &["eml", "zip"]), &engine);
    // Issue 14 §10: a 20-page DOCX and a 5,000-row XLSX.
    bench_set(c, "docx", files("corpus/office/bench", &["docx"]), &engine);
    bench_set(c, "xlsx", files("corpus/office/bench", &["xlsx"]), &engine);
    bench_set(c, "rtf", files("corpus/office/bench", &["rtf"]), &engine);
}

criterion_group!(benches, redaction);
criterion_main!(benches);
