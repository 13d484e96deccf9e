//! Embeds `dictionaries/` in the binary, so that `tamis` is one offline file.
//! Every `dictionaries/terms/*.tsv` and `dictionaries/phrases/*.tsv` is picked up; the code lists and name lists by name.
//!
//! Everything is compiled here, with the scanner's own code (`src/scan/normalize.rs`,
//! `trie.rs`, `dictionary.rs` and `src/category.rs` are compiled into this script too), so that
//! a process parses, folds and indexes nothing at start (issue 16 §3): the term and phrase
//! files into the token trie and its meanings as `static` arrays (`DICTIONARY`), the name lists
//! and code lists into sorted static tables. A malformed line fails the build with its file and
//! line.

/// The crate's modules this script needs, at their paths in `src/`.
#[allow(dead_code)]
mod src {
    pub mod category;
    pub mod position;
    pub mod section;
    pub mod scan {
        pub mod dictionary;
        pub mod normalize;
        pub mod trie;
    }
}

use src::category;
use src::position::{self, Position};
use src::scan::dictionary::{Dictionary, DictionaryBuilder, TermInfo};
use src::scan::normalize;
use src::scan::trie::StrSet;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").unwrap();
    let dict = Path::new(&root).join("dictionaries");
    println!("cargo:rerun-if-changed=dictionaries");
    let mut out = String::new();
    let mut shipped: Vec<Vec<(String, String)>> = Vec::new();
    for dir in ["terms", "phrases"] {
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
        let mut read = Vec::new();
        for p in &files {
            println!("cargo:rerun-if-changed={}", p.display());
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let contents =
                fs::read_to_string(p).unwrap_or_else(|e| panic!("dictionaries/{dir}/{name}: {e}"));
            read.push((name, contents));
        }
        shipped.push(read);
    }
    let devices_path = dict.join("phrases/devices.txt");
    println!("cargo:rerun-if-changed={}", devices_path.display());
    let devices = fs::read_to_string(&devices_path).unwrap_or_default();
    let (terms, phrases) = (refs(&shipped[0]), refs(&shipped[1]));
    let mut builder = DictionaryBuilder::default();
    if let Err(e) = builder.add_shipped(&terms, &phrases, &devices) {
        panic!("dictionaries: {e}");
    }
    let mut emit = Emitter::default();
    out.push_str(&emit.dictionary(&builder.build()));
    // One word a line, `#` comments: folded, sorted, deduplicated, hashed (`StrSet`).
    for (name, rel) in [
        ("FIRST_NAMES", "names/first_names.txt"),
        ("SURNAMES", "names/surnames.txt"),
        ("COMMON_WORD_SURNAMES", "names/common_word_surnames.txt"),
        ("NOT_NAMES", "names/not_names.txt"),
        ("COMMUNES", "places/communes.txt"),
        ("AFFIX_EXCEPTIONS", "affixes/exceptions.txt"),
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
        let set = emit.set(&StrSet::new(&words));
        let _ = writeln!(
            out,
            "/// `{rel}`, folded, sorted, deduplicated.\npub static {name}: super::trie::StrSet = {set};"
        );
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
            let fail = |m: &str| {
                panic!(
                    "{}: {m}",
                    Position::at_line(format!("dictionaries/{rel}"), n + 1)
                )
            };
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
    // Clinical section headings: `heading<TAB>kind`, keyed as the scanner reads a line's
    // first words (`src/scan/sections.rs::key`), one byte a heading: the kind's index in
    // `SectionKind::ALL`, plus 128 when the heading is written in capitals (`ATCD`, `CAT`:
    // a heading only in capitals), plus 64 for a closing formula (`cordialement …`: the first
    // words of a line, whatever follows).
    let rel = "sections/headings.tsv";
    let p = dict.join(rel);
    println!("cargo:rerun-if-changed={}", p.display());
    let contents = fs::read_to_string(&p).unwrap_or_default();
    let mut rows: Vec<(String, u8)> = Vec::new();
    for (n, line) in contents.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |m: &str| -> ! { panic!("dictionaries/{rel}:{}: {m}", n + 1) };
        let Some((heading, kind)) = line.split_once('\t') else {
            fail("expected heading<TAB>kind");
        };
        let kind: src::section::SectionKind =
            kind.trim().parse().unwrap_or_else(|e: String| fail(&e));
        let index = src::section::SectionKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0) as u8;
        let heading = heading.trim();
        // "cordialement …": the first words of a line, whatever follows (a closing formula).
        let (heading, prefix) = match heading.strip_suffix('…') {
            Some(h) => (h.trim_end(), true),
            None => (heading, false),
        };
        let upper =
            heading.chars().any(char::is_alphabetic) && !heading.chars().any(char::is_lowercase);
        let key = heading_key(&normalize::fold(heading));
        if key.is_empty() || key.split(' ').count() > 8 {
            fail("a heading has one to eight words");
        }
        if rows.iter().any(|(k, _)| *k == key) {
            fail("heading listed twice (after folding)");
        }
        if prefix && key.split(' ').count() > 5 {
            fail("a closing formula has one to five words");
        }
        rows.push((
            key,
            index | if upper { 128 } else { 0 } | if prefix { 64 } else { 0 },
        ));
    }
    rows.sort();
    let keys: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let kinds: Vec<u8> = rows.iter().map(|r| r.1).collect();
    // The first token of every heading: a line whose first word is none of them costs one
    // lookup.
    let mut first: Vec<String> = keys
        .iter()
        .map(|k| {
            let word = k.split(' ').next().unwrap_or("");
            match word.find('\'') {
                Some(q) => word[..=q].to_string(),
                None => word.to_string(),
            }
        })
        .collect();
    first.sort_unstable();
    first.dedup();
    let first = emit.set(&StrSet::new(&first));
    let set = emit.set(&StrSet::new(&keys));
    let _ = writeln!(
        out,
        "/// `{rel}`, keyed, sorted.\npub static SECTION_HEADINGS: super::trie::StrSet = {set};\n/// The kind of each heading (index in `SectionKind::ALL`, +128: capitals only, +64: line opening).\npub static SECTION_KINDS: &[u8] = &{kinds:?};\n/// The first word of every heading.\npub static SECTION_FIRST_WORDS: super::trie::StrSet = {first};"
    );
    // The affix rules are 32 lines, read at start (`affixes::Affixes::new`).
    let rules = dict.join("affixes/rules.tsv");
    println!("cargo:rerun-if-changed={}", rules.display());
    if rules.exists() {
        let _ = writeln!(
            out,
            "pub static AFFIX_RULES: &str = include_str!({:?});",
            rules.display().to_string()
        );
    } else {
        out.push_str("pub static AFFIX_RULES: &str = \"\";\n");
    }
    out.push_str(&emit.out);
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("dictionaries.rs");
    fs::write(dest, out).unwrap();
}

/// A heading's key: its folded words as the tokenizer cuts them (`src/scan/tokens.rs`: runs of
/// word characters with inner hyphens, an elided article ending its word), joined by spaces.
/// The scanner builds the same key from a line's tokens.
fn heading_key(folded: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = folded.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_word = chars
            .get(i + 1)
            .is_some_and(|&n| normalize::is_word_char(n));
        if normalize::is_word_char(c) || (c == '-' && !word.is_empty() && next_word) {
            word.push(c);
        } else if c == '\'' && !word.is_empty() {
            word.push(c);
            words.push(std::mem::take(&mut word));
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    // Joined by spaces, except after an elided article: "motif d'hospitalisation".
    let mut key = String::new();
    for w in words {
        if !key.is_empty() && !key.ends_with('\'') {
            key.push(' ');
        }
        key.push_str(&w);
    }
    key
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

/// `(name, contents)` pairs as the builder takes them.
fn refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (&a[..], &b[..])).collect()
}

/// Writes arrays as numbered statics (`A1`, `A2`… in a block of their own), so that the values
/// that use them borrow them (`Cow::Borrowed`).
#[derive(Default)]
struct Emitter {
    out: String,
    n: usize,
}

impl Emitter {
    /// A `static` array of `len` items of `ty`; returns how to borrow it.
    fn array(&mut self, ty: &str, items: &str, len: usize) -> String {
        self.n += 1;
        let _ = writeln!(self.out, "static A{}: [{ty}; {len}] = {items};", self.n);
        format!("std::borrow::Cow::Borrowed(&A{})", self.n)
    }

    fn u32s(&mut self, v: &[u32]) -> String {
        self.array("u32", &format!("{v:?}"), v.len())
    }

    /// A `StrSet` value over static arrays.
    fn set(&mut self, s: &StrSet) -> String {
        let ends = self.u32s(&s.ends);
        let slots = self.u32s(&s.slots);
        format!(
            "super::trie::StrSet {{ text: std::borrow::Cow::Borrowed({:?}), ends: {ends}, slots: {slots} }}",
            &*s.text
        )
    }

    /// The compiled dictionary: its arrays as statics, the `DICTIONARY` that borrows them.
    fn dictionary(&mut self, d: &Dictionary) -> String {
        let t = &d.trie;
        let vocab = self.set(&t.vocab);
        let terms = self.set(&d.terms);
        let devices = self.set(&d.devices);
        let root = self.u32s(&t.root);
        let edge_start = self.u32s(&t.edge_start);
        let edge_unit = self.u32s(&t.edge_unit);
        let edge_child = self.u32s(&t.edge_child);
        let terminal = self.u32s(&t.terminal);
        let entry_ends = self.u32s(&d.entry_ends);
        let mut items = String::from("[");
        for e in d.entries.iter() {
            let TermInfo {
                category,
                code,
                sensitive,
                case_sensitive,
                rule,
            } = e;
            let flags = u8::from(*sensitive) | u8::from(*case_sensitive) << 1;
            let _ = writeln!(
                items,
                "t(C::{category:?}, {:?}, {flags}, R::{rule:?}),",
                code.as_deref()
            );
        }
        items.push(']');
        let entries = self.array("super::dictionary::TermInfo", &items, d.entries.len());
        let mut out = String::from(
            "/// A meaning: `flags` is sensitive (1) and case-sensitive (2).\n\
             const fn t(category: crate::category::Category, code: Option<&'static str>, flags: u8,\n\
                 rule: super::dictionary::Rule) -> super::dictionary::TermInfo {\n\
                 super::dictionary::TermInfo {\n\
                     category,\n\
                     code: match code { Some(c) => Some(std::borrow::Cow::Borrowed(c)), None => None },\n\
                     sensitive: flags & 1 != 0, case_sensitive: flags & 2 != 0, rule }\n\
             }\n\
             use crate::category::Category as C;\n\
             use super::dictionary::Rule as R;\n",
        );
        let _ = write!(
            out,
            "/// The shipped term and phrase files, compiled (`DictionaryBuilder::add_shipped`).\n\
             pub static DICTIONARY: super::dictionary::Dictionary = super::dictionary::Dictionary {{\n\
             trie: super::trie::TokenTrie {{ vocab: {vocab}, root: {root}, edge_start: {edge_start}, \
             edge_unit: {edge_unit}, edge_child: {edge_child}, terminal: {terminal}, \
             longest: {}, widest: {}, ascii: {:?} }},\n\
             terms: {terms}, entry_ends: {entry_ends}, entries: {entries}, devices: {devices}, \
             device_words: {} }};\n",
            t.longest, t.widest, t.ascii, d.device_words
        );
        out
    }
}
