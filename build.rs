//! Embeds `dictionaries/` in the binary, so that `tamis` is one offline file.
//! Every `dictionaries/terms/*.tsv` and `dictionaries/phrases/*.tsv` is picked up; the code lists and name lists by name.
//!
//! The name lists and code lists are compiled here into sorted static tables (folded with the
//! scanner's own `normalize.rs`), so that a process does not fold and hash 80,000 lines at each
//! start (issue 16 §3); a malformed code line fails the build with its file and line.

#[allow(dead_code)]
#[path = "src/scan/normalize.rs"]
mod normalize;

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").unwrap();
    let dict = Path::new(&root).join("dictionaries");
    println!("cargo:rerun-if-changed=dictionaries");
    let mut out = String::new();
    for (name, dir) in [("TERM_FILES", "terms"), ("PHRASE_FILES", "phrases")] {
        let mut files: Vec<_> = fs::read_dir(dict.join(dir))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        println!("cargo:rerun-if-changed={}", dict.join(dir).display());
        out.push_str(&format!(
            "/// `(file name, contents)` of every `{dir}/*.tsv`, sorted by name.\n"
        ));
        out.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
        for p in &files {
            println!("cargo:rerun-if-changed={}", p.display());
            out.push_str(&format!(
                "    ({:?}, include_str!({:?})),\n",
                p.file_name().unwrap().to_string_lossy(),
                p.display().to_string()
            ));
        }
        out.push_str("];\n");
    }
    for (name, rel) in [
        ("FIRST_NAMES", "names/first_names.txt"),
        ("SURNAMES", "names/surnames.txt"),
        ("COMMON_WORD_SURNAMES", "names/common_word_surnames.txt"),
        ("NOT_NAMES", "names/not_names.txt"),
        ("COMMUNES", "places/communes.txt"),
    ] {
        let p = dict.join(rel);
        println!("cargo:rerun-if-changed={}", p.display());
        let contents = fs::read_to_string(&p).unwrap_or_default();
        let mut words: Vec<String> = contents
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(normalize::fold)
            // Commune names are looked up word by word: "Nogent-sur-Marne" as people write it,
            // "Nogent sur Marne" (src/scan/address.rs).
            .map(|w| {
                if name == "COMMUNES" {
                    w.replace('-', " ")
                } else {
                    w
                }
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        out.push_str(&format!("/// `{rel}`, folded, sorted, deduplicated.\n"));
        out.push_str(&table(name, &words));
    }
    // `code<TAB>category<TAB>tier` (CIM-10) and `code<TAB>tier` (ATC), sorted by code.
    for (name, rel, columns) in [
        ("CIM10_CODES", "codes/cim10.tsv", 3),
        ("ATC_CODES", "codes/atc.tsv", 2),
    ] {
        let p = dict.join(rel);
        println!("cargo:rerun-if-changed={}", p.display());
        let contents = fs::read_to_string(&p).unwrap_or_default();
        let mut rows: Vec<(String, String, bool)> = Vec::new();
        for (n, line) in contents.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let fail = |m: &str| panic!("dictionaries/{rel}:{}: {m}", n + 1);
            if cols.len() != columns {
                fail(&format!("expected {columns} tab-separated columns"));
            }
            let sensitive = match cols[columns - 1] {
                "normal" => false,
                "sensitive" => true,
                _ => fail("tier must be \"normal\" or \"sensitive\""),
            };
            let category = if columns == 3 { cols[1] } else { "medication" };
            rows.push((cols[0].to_ascii_uppercase(), category.into(), sensitive));
        }
        rows.sort();
        rows.dedup_by(|a, b| a.0 == b.0);
        let codes: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let mut categories: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        categories.sort_unstable();
        categories.dedup();
        // One byte a code: the category's index in `categories`, times two, plus the tier.
        let info: Vec<u8> = rows
            .iter()
            .map(|r| {
                let c = categories.iter().position(|c| *c == r.1).unwrap_or(0);
                (c as u8) << 1 | u8::from(r.2)
            })
            .collect();
        out.push_str(&format!(
            "/// `{rel}`: codes sorted, one byte of category and tier a code.\n\
             pub static {name}: (crate::scan::Table, &[&str], &[u8]) = ({}, &{categories:?}, &{info:?});\n",
            table_value(&codes)
        ));
    }
    for (name, rel) in [
        ("DEVICES", "phrases/devices.txt"),
        ("AFFIX_RULES", "affixes/rules.tsv"),
        ("AFFIX_EXCEPTIONS", "affixes/exceptions.txt"),
    ] {
        let p = dict.join(rel);
        println!("cargo:rerun-if-changed={}", p.display());
        if p.exists() {
            out.push_str(&format!(
                "pub static {name}: &str = include_str!({:?});\n",
                p.display().to_string()
            ));
        } else {
            out.push_str(&format!("pub static {name}: &str = \"\";\n"));
        }
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("dictionaries.rs");
    fs::write(dest, out).unwrap();
}

/// A sorted word list as one string and the end offset of each word: two relocations in the
/// binary instead of one for each of tens of thousands of `&str`.
fn table_value(words: &[String]) -> String {
    let mut ends = Vec::with_capacity(words.len());
    let mut text = String::new();
    for w in words {
        text.push_str(w);
        ends.push(text.len() as u32);
    }
    format!("crate::scan::Table {{ text: {text:?}, ends: &{ends:?} }}")
}

fn table(name: &str, words: &[String]) -> String {
    format!(
        "pub static {name}: crate::scan::Table = {};\n",
        table_value(words)
    )
}
