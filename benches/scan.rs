//! Scanning benchmarks: engine start-up (compiling the shipped dictionaries) and throughput on
//! the French letters of `corpus/text/`, repeated to 1 MiB.
//!
//! Run: `cargo bench --bench scan -- --warm-up-time 1 --measurement-time 5`.
//! Inputs: every `corpus/text/*.txt` (fictional letters written for tamis, and the BSD/MIT
//! samples copied from edsnlp and the ANS medico-social guide; see `corpus/README.md`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tamis::scan::{Engine, Scratch};

fn corpus() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/text");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let one: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut text = String::new();
    while text.len() < 1 << 20 {
        text.push_str(&one);
        text.push_str("\n\n");
    }
    text
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.bench_function("build_builtin", |b| {
        b.iter(|| black_box(Engine::builtin().unwrap()))
    });
    // What a process pays before its first answer: the build (the dictionaries are compiled by
    // build.rs) and the regexes a letter reaches, compiled on their first use.
    let first = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/text/consultation_cardiologie.txt"),
    )
    .unwrap();
    g.bench_function("build_then_one_letter", |b| {
        b.iter(|| {
            let engine = Engine::builtin().unwrap();
            black_box(engine.scan(&first, &mut Scratch::default()).len())
        })
    });
    g.finish();

    let engine = Engine::builtin().unwrap();
    let text = corpus();
    let mut scratch = Scratch::default();
    // A bench that finds nothing measures nothing (STYLE.md §11).
    let found = engine.scan(&text, &mut scratch).len();
    assert!(found > 5_000, "only {found} findings in the bench text");
    eprintln!("bench text: {} bytes, {found} findings", text.len());

    let mut g = c.benchmark_group("scan");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("corpus_1MiB", |b| {
        b.iter(|| black_box(engine.scan(black_box(&text), &mut scratch).len()))
    });
    let letter = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/text/lettre_liaison_ehpad.txt"),
    )
    .unwrap();
    g.throughput(Throughput::Bytes(letter.len() as u64));
    g.bench_function("one_letter", |b| {
        b.iter(|| black_box(engine.scan(black_box(&letter), &mut scratch).len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
