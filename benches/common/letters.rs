//! Generated inputs for the whole-pipeline bench (`benches/pipeline.rs`) and the tests
//! (`tests/linear.rs`, `tests/ordinary.rs`): French care letters of any size, a PDF of many
//! pages, and the pipeline with the corpus's directory.
//! Shared by `#[path]` inclusion; nothing here is run at build time.

#![allow(dead_code)]

use std::path::Path;

/// The pipeline with the fictional directory of `corpus/directory/` (its CSV and its Annuaire
/// Santé extract): every recipient of the corpus has its role.
pub fn pipeline() -> tamis::pipeline::Pipeline {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut directory = tamis::recipients::Directory::new();
    directory
        .load_csv(&root.join("corpus/directory/annuaire.csv"))
        .expect("directory");
    directory
        .load_extract(&root.join("corpus/directory/extract_mssante.txt"))
        .expect("extract");
    tamis::pipeline::Pipeline::new(tamis::decide::Setup {
        directory,
        ..tamis::decide::Setup::default()
    })
    .expect("engine")
}

/// The letters of `corpus/text/` (fictional, or copied with their licence), in name order.
pub fn corpus_letters() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/text");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/text")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("letter"))
        .collect()
}

/// At least `size` bytes of letters, one after the other (cut at a letter's end).
pub fn letters(size: usize) -> String {
    let all = corpus_letters();
    let mut text = String::with_capacity(size + 8192);
    for letter in all.iter().cycle() {
        if text.len() >= size {
            break;
        }
        text.push_str(letter);
        text.push_str("\n\n");
    }
    text
}

/// `lines` lines of a dense care register: every line a resident (civility, first name,
/// surname in capitals, birth date) with a diagnosis, a drug, a weight and a dependency level
/// — about six findings a line, an identity on each: the worst case for linking findings to
/// identities.
pub fn register(lines: usize) -> String {
    const FIRST: [&str; 8] = [
        "Jeanne", "Marcel", "Odette", "Lucien", "Simone", "Raymond", "Germaine", "André",
    ];
    const LAST: [&str; 8] = [
        "DUPONT",
        "LEROUX",
        "MARTIN",
        "FAURE",
        "GIRAUD",
        "BLANCHARD",
        "PERRIN",
        "CHEVALIER",
    ];
    const DX: [&str; 6] = [
        "diabète de type 2",
        "maladie d'Alzheimer",
        "insuffisance cardiaque",
        "maladie de Parkinson",
        "BPCO",
        "hypertension artérielle",
    ];
    const DRUG: [&str; 5] = [
        "metformine",
        "Kardegic",
        "donépézil",
        "lévothyrox",
        "furosémide",
    ];
    let mut out = String::with_capacity(lines * 120);
    for i in 0..lines {
        let civ = if i % 2 == 0 { "Mme" } else { "M." };
        out.push_str(&format!(
            "{civ} {} {}, née le {:02}/{:02}/19{}, {}, {} 75 mg, poids : {} kg, GIR {}.\n",
            FIRST[i % 8],
            LAST[(i / 8) % 8],
            1 + i % 28,
            1 + i % 12,
            30 + i % 20,
            DX[i % 6],
            DRUG[i % 5],
            50 + i % 30,
            1 + i % 6,
        ));
    }
    out
}

/// A PDF of `pages` pages (Helvetica, WinAnsi) showing `text` line by line, 60 lines a page.
pub fn pdf(text: &str, pages: usize) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1",
    "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" });
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).cycle();
    let mut kids: Vec<Object> = Vec::with_capacity(pages);
    for _ in 0..pages {
        let mut content = b"BT /F1 10 Tf 40 800 Td 12 TL\n".to_vec();
        for _ in 0..60 {
            let line = lines.next().unwrap_or("");
            content.push(b'(');
            for c in line.chars().take(110) {
                let b = encoding_rs::WINDOWS_1252
                    .encode(c.encode_utf8(&mut [0; 4]))
                    .0
                    .first()
                    .copied()
                    .unwrap_or(b'?');
                if matches!(b, b'(' | b')' | b'\\') {
                    content.push(b'\\');
                }
                content.push(b);
            }
            content.extend_from_slice(b") Tj T*\n");
        }
        content.extend_from_slice(b"ET\n");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("PDF written");
    out
}
