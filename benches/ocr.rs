//! OCR benchmarks (issue 15 §9): one page read by Tesseract (the pixels already decoded), and a
//! scanned PDF extracted whole (decoding, OCR, judgement), on the generated scans of
//! `corpus/scan/`; a page of text drawn as paths (issue 21, `corpus/pdf/drawn/outlines/`: a
//! LibreOffice letter through Ghostscript `-dNoOutputFonts`) rendered, and extracted whole
//! (rendering, OCR, judgement). Without Tesseract it says so and measures only the rendering.
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

/// The outlined letter of `corpus/pdf/drawn/outlines/`.
const OUTLINED: &str = "corpus/pdf/drawn/outlines/producer-libreoffice-odt.pdf";

fn bench(c: &mut Criterion) {
    let outlined =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(OUTLINED)).unwrap();
    let limits = Limits::default();
    let page = tamis::extract::pdf::render_page(&outlined, 1, &limits).unwrap();
    // What the rendering finds: an A4 page at 300 dpi, with the letter's ink on it.
    let ink = page.pixels.iter().filter(|p| **p < 128).count();
    assert!(page.dpi == 300 && page.width >= 2479 && page.height >= 3507);
    assert!(ink > 100_000, "{ink}");
    c.bench_function("ocr/render outlined letter page 300 dpi", |b| {
        b.iter(|| tamis::extract::pdf::render_page(black_box(&outlined), 1, &limits).unwrap())
    });
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
    let drawn = extract(&outlined, None, &limits).unwrap();
    assert!(drawn.parts[0].opaque.is_none() && drawn.parts[0].segments.iter().any(|s| s.is_ocr()));
    g.bench_function("extract outlined letter (render + OCR)", |b| {
        b.iter(|| extract(black_box(&outlined), None, &limits).unwrap())
    });
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
