//! Embeds `dictionaries/` in the binary, so that `tamis` is one offline file.
//! Every `dictionaries/terms/*.tsv` and `dictionaries/phrases/*.tsv` is picked up; the code lists and name lists by name.

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
        ("DEVICES", "phrases/devices.txt"),
        ("AFFIX_RULES", "affixes/rules.tsv"),
        ("AFFIX_EXCEPTIONS", "affixes/exceptions.txt"),
        ("CIM10_CODES", "codes/cim10.tsv"),
        ("ATC_CODES", "codes/atc.tsv"),
        ("FIRST_NAMES", "names/first_names.txt"),
        ("SURNAMES", "names/surnames.txt"),
        ("COMMON_WORD_SURNAMES", "names/common_word_surnames.txt"),
        ("NOT_NAMES", "names/not_names.txt"),
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
