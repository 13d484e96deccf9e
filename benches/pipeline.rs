//! The whole check (extract → locate → classify → decide → report) on generated French care
//! letters of 10 KB, 100 KB, 1 MB and 10 MB, and on a 200-page PDF: the bench that shows
//! whether the pipeline's cost grows with its input as its size says (issue: a quadratic
//! linking step made 1 MB take 10 s). Decisions run: one recipient, a declared purpose.
//!
//! Run: `cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 5`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tamis::context::Context;
use tamis::report::Values;
use tamis::scan::Scratch;

#[path = "common/letters.rs"]
mod letters;

fn bench(c: &mut Criterion) {
    let pipeline = letters::pipeline();
    let context = Context {
        purpose: Some("medico_social_follow_up".into()),
        to: vec!["planning@saad-les-rochers.mssante.fr".into()],
        care_team: true,
        ..Context::default()
    };
    let mut scratch = Scratch::default();
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);
    for (label, size) in [
        ("10KB", 10_000),
        ("100KB", 100_000),
        ("1MB", 1_000_000),
        ("10MB", 10_000_000),
    ] {
        let text = letters::letters(size);
        let checked = pipeline
            .check(
                text.as_bytes(),
                Some("lettres.txt"),
                &context,
                Values::None,
                &mut scratch,
            )
            .expect("checked");
        // A bench that finds nothing measures nothing (STYLE.md §11).
        assert!(checked.report.findings.len() * 1000 > text.len());
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("letters", label), &text, |b, text| {
            b.iter(|| {
                let c = pipeline.check(
                    black_box(text.as_bytes()),
                    Some("lettres.txt"),
                    &context,
                    Values::None,
                    &mut scratch,
                );
                black_box(c.map(|c| c.report.findings.len()))
            })
        });
    }
    let pdf = letters::pdf(&letters::letters(200 * 60 * 80), 200);
    let checked = pipeline
        .check(
            &pdf,
            Some("dossier.pdf"),
            &context,
            Values::None,
            &mut scratch,
        )
        .expect("checked");
    assert!(checked.report.findings.len() > 2_000);
    g.throughput(Throughput::Bytes(pdf.len() as u64));
    g.bench_function("pdf_200_pages", |b| {
        b.iter(|| {
            let c = pipeline.check(
                black_box(&pdf),
                Some("dossier.pdf"),
                &context,
                Values::None,
                &mut scratch,
            );
            black_box(c.map(|c| c.report.findings.len()))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
