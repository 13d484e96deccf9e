//! Times the extraction of one file, without scanning (for profiling the readers):
//! `cargo run --release --example extract_file -- FILE [REPEAT]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: extract_file FILE [REPEAT]");
    let repeat: usize = args
        .next()
        .map_or(1, |n| n.parse().expect("REPEAT is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let limits = tamis::extract::Limits::default();
    let start = std::time::Instant::now();
    let mut segments = 0;
    for _ in 0..repeat {
        let doc = tamis::extract::extract(&bytes, None, &limits).expect("within limits");
        segments = doc.parts.iter().map(|p| p.segments.len()).sum::<usize>();
    }
    let each = start.elapsed() / repeat as u32;
    println!(
        "{path}: {} bytes, {segments} segments, {each:?} per extraction",
        bytes.len()
    );
}
