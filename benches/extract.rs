//! Extraction benchmarks: PDFs, CDA documents, e-mails and Office documents (a 20-page DOCX, a
//! 5,000-row XLSX, the DOCX as LibreOffice writes it in RTF: `corpus/office/bench/`) of
//! `corpus/`, and poppler's
//! `pdftotext` on the same PDFs in the same run (the reference extractor of the field; each call
//! is a process, as when a Python tool shells out to it).
//!
//! Run: `cargo bench --bench extract -- --warm-up-time 1 --measurement-time 5`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use tamis::extract::{Limits, extract};
use tamis::report::Values;
use tamis::scan::{Engine, Scratch};

fn files(dir: &str, ext: &str) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, ext, out);
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case(ext)) {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
        ext,
        &mut paths,
    );
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

/// tamis on a set of files: extraction alone, then extraction with the scan and the report.
fn bench_tamis(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    set: &[(PathBuf, Vec<u8>)],
    engine: &Engine,
) {
    let limits = Limits::default();
    g.bench_function("tamis_extract", |b| {
        b.iter(|| {
            for (_, bytes) in set {
                black_box(extract(bytes, None, &limits).ok());
            }
        })
    });
    g.bench_function("tamis_extract_and_scan", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            for (_, bytes) in set {
                if let Ok(doc) = extract(bytes, None, &limits) {
                    black_box(tamis::pipeline::report(
                        "b",
                        &doc,
                        engine,
                        &mut scratch,
                        Values::None,
                    ));
                }
            }
        })
    });
}

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    let engine = Engine::builtin().unwrap();

    // PDFs readable by both tools (not the encrypted or damaged feature files).
    let pdfs: Vec<_> = files("corpus/pdf", "pdf")
        .into_iter()
        .filter(|(p, _)| {
            Command::new("pdftotext")
                .arg(p)
                .arg("-")
                .output()
                .map(|o| o.status.success() && !o.stdout.is_empty())
                .unwrap_or(false)
        })
        .collect();
    if pdfs.is_empty() {
        eprintln!("no PDF readable by pdftotext in corpus/pdf: PDF benches skipped");
    } else {
        let bytes: usize = pdfs.iter().map(|(_, b)| b.len()).sum();
        let pages: u32 = pdfs
            .iter()
            .map(|(_, b)| {
                extract(b, None, &limits).unwrap().parts[0]
                    .pages
                    .unwrap_or(0)
            })
            .sum();
        eprintln!(
            "PDF set: {} files, {bytes} bytes, {pages} pages",
            pdfs.len()
        );
        let mut g = c.benchmark_group("pdf");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(20);
        bench_tamis(&mut g, &pdfs, &engine);
        g.bench_function("pdftotext", |b| {
            b.iter(|| {
                for (path, _) in &pdfs {
                    let out = Command::new("pdftotext")
                        .arg(path)
                        .arg("-")
                        .output()
                        .unwrap();
                    black_box(out.stdout);
                }
            })
        });
        g.finish();
    }

    // CDA documents (the XML layer: extraction in one pass, the index kept for redaction).
    let cdas = files("corpus/cda", "xml");
    if cdas.is_empty() {
        eprintln!("no CDA in corpus/cda: CDA benches skipped");
    } else {
        let bytes: usize = cdas.iter().map(|(_, b)| b.len()).sum();
        eprintln!("CDA set: {} files, {bytes} bytes", cdas.len());
        let mut g = c.benchmark_group("cda");
        g.throughput(Throughput::Bytes(bytes as u64));
        bench_tamis(&mut g, &cdas, &engine);
        g.finish();
    }

    // Office documents (issue 14 §10): one group per file, extraction alone and with the scan.
    for (ext, what) in [
        ("docx", "docx_20_pages"),
        ("xlsx", "xlsx_5000_rows"),
        ("rtf", "rtf_20_pages"),
    ] {
        let set = files("corpus/office/bench", ext);
        if set.is_empty() {
            eprintln!("no {ext} in corpus/office/bench: skipped");
            continue;
        }
        let bytes: usize = set.iter().map(|(_, b)| b.len()).sum();
        let mut g = c.benchmark_group(what);
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(20);
        bench_tamis(&mut g, &set, &engine);
        g.finish();
    }

    let mails = files("corpus/mail", "eml");
    if mails.is_empty() {
        eprintln!("no e-mail in corpus/mail: e-mail benches skipped");
    } else {
        let bytes: usize = mails.iter().map(|(_, b)| b.len()).sum();
        eprintln!("e-mail set: {} files, {bytes} bytes", mails.len());
        let mut g = c.benchmark_group("mail");
        g.throughput(Throughput::Bytes(bytes as u64));
        bench_tamis(&mut g, &mails, &engine);
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
