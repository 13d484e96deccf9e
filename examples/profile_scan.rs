//! Profiling aid: scans a file repeated 20 times, five times over, and prints the time.
//! `cargo build --release --example profile_scan && perf record ./target/release/examples/profile_scan FILE`
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap().repeat(20);
    let e = tamis::scan::Engine::builtin().unwrap();
    let mut s = tamis::scan::Scratch::default();
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..5 {
        n += e.scan(&text, &mut s).len();
    }
    eprintln!("{} bytes x5 in {:?}, {n}", text.len(), t.elapsed());
}
