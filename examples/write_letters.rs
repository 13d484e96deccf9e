//! Writes the benches' generated inputs to a folder, so that programs other than the Criterion
//! benches (the peers of `benches/peers/`, `tamis batch` and `tamis scan` in
//! `scripts/bench/batch_cores.sh`) run over exactly the same corpus:
//!
//! - `letters/NNNNN.txt`: the letters of `corpus/text/` cycled until `SIZE` bytes (default
//!   10,000,000), one letter a file — the corpus of `tamis batch`;
//! - `letters.txt`: the same letters in one file, as `benches/pipeline.rs` checks them
//!   (`letters::letters(SIZE)`);
//! - `dossier.pdf`: the 200-page PDF of the bench (`letters::pdf`).
//!
//! Run: `cargo run --release --example write_letters -- OUT_DIR [SIZE]`.

#[path = "../benches/common/letters.rs"]
mod letters;

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: write_letters OUT_DIR [SIZE]"))?,
    );
    let size: usize = match args.next() {
        Some(s) => s.parse()?,
        None => 10_000_000,
    };
    let dir = out.join("letters");
    std::fs::create_dir_all(&dir)?;
    // Each file is one letter; the cycle and the cut are those of `letters::letters`, so the
    // folder and `letters.txt` hold the same letters (the latter with a blank line between).
    let all = letters::corpus_letters();
    let (mut total, mut count) = (0usize, 0usize);
    for letter in all.iter().cycle() {
        if total >= size {
            break;
        }
        std::fs::write(dir.join(format!("{count:05}.txt")), letter)?;
        total += letter.len() + 2;
        count += 1;
    }
    let text = letters::letters(size);
    std::fs::write(out.join("letters.txt"), &text)?;
    std::fs::write(
        out.join("dossier.pdf"),
        letters::pdf(&letters::letters(200 * 60 * 80), 200),
    )?;
    println!(
        "{count} letters ({total} bytes) in {}, letters.txt ({} bytes), dossier.pdf (200 pages)",
        dir.display(),
        text.len()
    );
    Ok(())
}
