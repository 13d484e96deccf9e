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
    ] {
        let p = dict.join(rel);
        println!("cargo:rerun-if-changed={}", p.display());
        let contents = fs::read_to_string(&p).unwrap_or_default();
        let mut words: Vec<String> = contents
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(normalize::fold)
            .collect();
        words.sort_unstable();
        words.dedup();
        out.push_str(&format!(
            "/// `{rel}`, folded, sorted, deduplicated.\npub static {name}: &[&str] = &{words:?};\n"
        ));
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
        out.push_str(&format!(
            "/// `{rel}`: (code, category, sensitive), sorted by code.\npub static {name}: &[(&str, &str, bool)] = &{rows:?};\n"
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
