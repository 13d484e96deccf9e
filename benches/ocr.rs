//! OCR benchmarks (issue 15 §9): one page read by Tesseract (the pixels already decoded), and a
//! scanned PDF extracted whole (decoding, OCR, judgement), on the generated scans of
//! `corpus/scan/`. Without Tesseract it says so and measures nothing.
//!
//! Run: `OMP_THREAD_LIMIT=1 cargo bench --bench ocr -- --warm-up-time 1 --measurement-time 20`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tamis::extract::{Limits, extract};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/scan")
            .join(name),
    )
    .unwrap()
}

fn bench(c: &mut Criterion) {
    if !tamis::ocr::available() {
        eprintln!(
            "OCR benches skipped: Tesseract is not installed (apt install tesseract-ocr-fra)"
        );
        return;
    }
    let mut g = c.benchmark_group("ocr");
    g.sample_size(10);
    let tiff = read("fax-two-pages.tiff");
    let fax = tamis::ocr::decode::image_file(&tiff, 40_000_000, 2).unwrap();
    g.bench_function("recognise fax page 204x196 dpi", |b| {
        b.iter(|| tamis::ocr::recognise(black_box(&fax[0])).unwrap())
    });
    let jpeg = read("photo-dupont.jpg");
    let photo = tamis::ocr::decode::image_file(&jpeg, 40_000_000, 1).unwrap();
    g.bench_function("recognise phone photo", |b| {
        b.iter(|| tamis::ocr::recognise(black_box(&photo[0])).unwrap())
    });
    let limits = Limits::default();
    for name in ["copier-dupont-dct.pdf", "fax-martin-g4.pdf"] {
        let bytes = read(name);
        g.bench_function(format!("extract {name}"), |b| {
            b.iter(|| extract(black_box(&bytes), None, &limits).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
