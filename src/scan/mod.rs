//! The scanning core: one engine, compiled once from `dictionaries/` and the pattern set,
//! immutable and shared by all threads, that finds identifiers and health data in text.
//!
//! ```
//! use tamis::scan::{Engine, Scratch};
//! use tamis::Category;
//!
//! let engine = Engine::builtin().unwrap();        // compile once, share by reference or Arc
//! let mut scratch = Scratch::default();           // one per thread
//! let text = "Mme Claire MARTIN, diabète de type 2, NIR 2 79 03 51 215 189 89.";
//! let found = engine.scan(text, &mut scratch);
//! assert!(found.iter().any(|m| m.category == Category::Nir));
//! assert!(found.iter().any(|m| m.category == Category::Diagnosis && m.code.as_deref() == Some("E11")));
//! ```

mod address;
mod affixes;
pub mod dictionary;
mod health;
mod identifiers;
mod names;
pub mod normalize;
mod phrases;
mod rows;
pub mod sections;
mod tokens;
mod trie;
pub mod validate;

use crate::category::Category;
use dictionary::{Dictionary, DictionaryBuilder, DictionaryError, TermHit};
use normalize::Folded;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/dictionaries.rs"));
}

/// One thing found in a text: where, what, how sure. It holds no text, only offsets, so that a
/// stray `{:?}` cannot leak a document's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub category: Category,
    /// Byte offsets into the scanned text (`text[start..end]` is what was found).
    pub start: usize,
    pub end: usize,
    /// 0.0 to 1.0: how sure the detector is (a valid check key, a cue, a dictionary hit…).
    pub confidence: f32,
    /// CIM-10 or ATC code, when there is one.
    pub code: Option<Box<str>>,
    /// The special tier: mental health, HIV and STIs, addictions, reproductive health, genetics.
    pub sensitive: bool,
}

/// Per-thread working memory for [`Engine::scan`]. Reuse it across texts to avoid allocations.
#[derive(Default)]
pub struct Scratch {
    folded: Folded,
    flat: String,
    hits: Vec<TermHit>,
    tokens: Vec<tokens::Token>,
    candidates: Vec<Candidate>,
    headings: Vec<sections::Heading>,
    key: String,
}

impl Scratch {
    /// The clinical section headings of the text last scanned (`Antécédents :`, `CONCLUSION`),
    /// in order, offsets in that text.
    pub fn headings(&self) -> &[sections::Heading] {
        &self.headings
    }
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scratch")
    }
}

/// A match before overlaps are resolved.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    m: Match,
    /// Higher wins an overlap; then the longer span, then the higher confidence.
    priority: u8,
    /// Index of a candidate this one lives inside and is kept with (a NIR inside a patient
    /// mailbox): it survives exactly when its parent does.
    parent: Option<usize>,
}

/// An error while building the engine.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("dictionary: {0}")]
    Dictionary(#[from] DictionaryError),
    #[error("{0}")]
    Affix(#[from] affixes::AffixError),
}

/// A sorted list of words compiled by `build.rs`: the words end to end in `text`, `ends[i]`
/// the end of word `i` (two relocations in the binary, not one a word).
#[derive(Clone, Copy, Default)]
pub(crate) struct Table {
    text: &'static str,
    ends: &'static [u32],
}

impl Table {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn word(&self, i: usize) -> &'static str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let s = self.text.get(start..self.ends[i] as usize);
        debug_assert!(
            s.is_some(),
            "build.rs writes ends on the text's character boundaries"
        );
        s.unwrap_or("")
    }

    /// The index of `word`, by binary search.
    fn find(&self, word: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.word(mid).cmp(word) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// A word list compiled by `build.rs` (folded, sorted, deduplicated) with its hash index: used
/// where the binary has it, nothing built at start-up.
#[derive(Default)]
pub(crate) struct WordList(trie::StrSet);

impl WordList {
    fn new(set: &'static trie::StrSet) -> Self {
        WordList(set.clone())
    }

    #[inline]
    pub fn contains(&self, folded: &str) -> bool {
        self.0.id(folded).is_some()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// Name lists, folded.
#[derive(Default)]
pub(crate) struct NameLists {
    first: WordList,
    surnames: WordList,
    common_word_surnames: WordList,
    not_names: WordList,
}

/// A code list compiled by `build.rs`: the codes (upper case, no dot) sorted, the category
/// names, and one byte a code (category index × 2 + sensitive).
#[derive(Clone, Copy, Default)]
pub(crate) struct CodeList(Table, &'static [&'static str], &'static [u8]);

impl CodeList {
    /// Category and tier of a code (upper case, no dot).
    pub fn get(&self, code: &str) -> Option<(Category, bool)> {
        let i = self.0.find(code)?;
        let info = *self.2.get(i)?;
        // `build.rs` copies the category as written; `code_lists_name_known_categories`
        // checks that every one parses.
        let category = self.1.get(usize::from(info >> 1))?.parse().ok()?;
        Some((category, info & 1 == 1))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// Builds an [`Engine`]. Start from [`EngineBuilder::builtin`] (the dictionaries shipped in the
/// binary) or [`EngineBuilder::empty`] and add files.
#[derive(Default)]
pub struct EngineBuilder {
    dict: DictionaryBuilder,
    affixes: affixes::Affixes,
    cim10: CodeList,
    atc: CodeList,
    names: NameLists,
    headings: sections::Headings,
}

impl EngineBuilder {
    /// No dictionaries at all (identifier patterns only).
    pub fn empty() -> Self {
        Self::default()
    }

    /// The dictionaries shipped in the binary (`dictionaries/`).
    pub fn builtin() -> Result<Self, BuildError> {
        // Everything read, folded and indexed by `build.rs`: used in place (the term and phrase
        // files by `DictionaryBuilder::add_shipped`).
        let (codes, categories, info) = embedded::CIM10_CODES;
        let cim10 = CodeList(codes, categories, info);
        let (codes, categories, info) = embedded::ATC_CODES;
        let atc = CodeList(codes, categories, info);
        Ok(EngineBuilder {
            dict: DictionaryBuilder::from_compiled(&embedded::DICTIONARY),
            affixes: affixes::Affixes::new(
                embedded::AFFIX_RULES,
                embedded::AFFIX_EXCEPTIONS.clone(),
            )?,
            cim10,
            atc,
            names: NameLists {
                first: WordList::new(&embedded::FIRST_NAMES),
                surnames: WordList::new(&embedded::SURNAMES),
                common_word_surnames: WordList::new(&embedded::COMMON_WORD_SURNAMES),
                not_names: WordList::new(&embedded::NOT_NAMES),
            },
            headings: sections::Headings::new(
                &embedded::SECTION_HEADINGS,
                embedded::SECTION_KINDS,
                &embedded::SECTION_FIRST_WORDS,
            ),
        })
    }

    /// Adds a term file (`term<TAB>category<TAB>code<TAB>tier`).
    pub fn add_terms(&mut self, file: &str, contents: &str) -> Result<&mut Self, BuildError> {
        self.dict.add_file(file, contents)?;
        Ok(self)
    }

    /// Adds a phrase file (`phrase<TAB>category<TAB>rule<TAB>tier`, `dictionaries/phrases/`);
    /// `{device}` expands over the nouns of `devices`.
    pub fn add_phrases(
        &mut self,
        file: &str,
        contents: &str,
        devices: &str,
    ) -> Result<&mut Self, BuildError> {
        self.dict.add_phrase_file(file, contents, devices)?;
        Ok(self)
    }

    /// Compiles the engine.
    pub fn build(self) -> Result<Engine, BuildError> {
        Ok(Engine {
            dict: self.dict.build(),
            affixes: self.affixes,
            cim10: self.cim10,
            atc: self.atc,
            names: self.names,
            headings: self.headings,
            patterns: identifiers::Patterns::new(),
            health: health::Patterns::new(),
            address: address::Patterns::new(),
            person: names::Patterns::new(),
        })
    }
}

/// The compiled scanner. Immutable and `Send + Sync`: build it once, share it (`&Engine` or
/// `Arc<Engine>`) between threads, each with its own [`Scratch`].
pub struct Engine {
    dict: Dictionary,
    affixes: affixes::Affixes,
    cim10: CodeList,
    atc: CodeList,
    names: NameLists,
    headings: sections::Headings,
    patterns: identifiers::Patterns,
    health: health::Patterns,
    address: address::Patterns,
    person: names::Patterns,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("terms", &self.dict.len())
            .field("cim10_codes", &self.cim10.len())
            .field("atc_codes", &self.atc.len())
            .field("first_names", &self.names.first.len())
            .field("surnames", &self.names.surnames.len())
            .finish()
    }
}

/// What the detectors share while scanning one text.
pub(crate) struct Ctx<'a> {
    pub original: &'a str,
    pub folded: &'a Folded,
    /// The folded text with line breaks as spaces (dictionary terms may wrap).
    pub flat: &'a str,
    /// The words of the folded text.
    pub tokens: &'a [tokens::Token],
}

impl Ctx<'_> {
    /// The original byte range of a folded range.
    pub fn orig(&self, start: usize, end: usize) -> (usize, usize) {
        self.folded.original_range(self.original, start, end)
    }

    /// The original text of a folded range.
    pub fn orig_str(&self, start: usize, end: usize) -> &str {
        let (a, b) = self.orig(start, end);
        &self.original[a..b]
    }
}

impl Engine {
    /// The engine with the dictionaries shipped in the binary.
    pub fn builtin() -> Result<Engine, BuildError> {
        EngineBuilder::builtin()?.build()
    }

    /// Category and tier (`true` = sensitive) of a CIM-10 code, written with or without its
    /// dot (`E11.9`, `E119`), if the code exists.
    pub fn cim10_code(&self, code: &str) -> Option<(Category, bool)> {
        let key: String = code
            .chars()
            .filter(|c| *c != '.')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        self.cim10.get(key.as_str())
    }

    /// Tier (`true` = sensitive) of an ATC code, if the code exists.
    pub fn atc_code(&self, code: &str) -> Option<bool> {
        self.atc
            .get(code.trim().to_ascii_uppercase().as_str())
            .map(|(_, sensitive)| sensitive)
    }

    /// Number of distinct dictionary terms.
    pub fn term_count(&self) -> usize {
        self.dict.len()
    }

    /// Finds every identifier and health datum in `text`, non-overlapping, sorted by offset.
    pub fn scan(&self, text: &str, scratch: &mut Scratch) -> Vec<Match> {
        let Scratch {
            folded,
            flat,
            hits,
            tokens,
            candidates,
            headings,
            key,
        } = scratch;
        folded.fold_into(text);
        // Same length, same map: only '\n' (one byte) becomes ' '.
        flat.clear();
        for (i, line) in folded.text.split('\n').enumerate() {
            if i > 0 {
                flat.push(' ');
            }
            flat.push_str(line);
        }
        candidates.clear();
        tokens.clear();
        tokens::tokenize(text, folded, tokens);
        let ctx = Ctx {
            original: text,
            folded,
            flat,
            tokens,
        };
        headings.clear();
        sections::find(&self.headings, &ctx, headings, key);
        identifiers::find(&self.patterns, &ctx, candidates);
        rows::find(&ctx, candidates);
        address::find(&self.address, &ctx, candidates);
        names::find(&self.person, &self.names, &self.dict, &ctx, candidates);
        affixes::find(
            &self.affixes,
            &self.names,
            &|w| self.dict.contains_folded(w),
            &ctx,
            candidates,
        );
        hits.clear();
        self.dict.find(folded, flat, text, hits);
        health::find(
            &self.health,
            &self.dict,
            hits,
            &self.cim10,
            &self.atc,
            &ctx,
            candidates,
        );
        resolve(candidates)
    }
}

/// Keeps the best of overlapping candidates: higher priority, then longer, then surer.
fn resolve(candidates: &mut Vec<Candidate>) -> Vec<Match> {
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].parent.is_none())
        .collect();
    order.sort_by(|&a, &b| {
        let (ca, cb) = (&candidates[a], &candidates[b]);
        cb.priority
            .cmp(&ca.priority)
            .then((cb.m.end - cb.m.start).cmp(&(ca.m.end - ca.m.start)))
            .then(cb.m.confidence.total_cmp(&ca.m.confidence))
            .then(ca.m.start.cmp(&cb.m.start))
    });
    // Accepted spans, by start.
    let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
    let mut kept = vec![false; candidates.len()];
    for i in order {
        let (s, e) = (candidates[i].m.start, candidates[i].m.end);
        let overlaps_before = taken
            .range(..e)
            .next_back()
            .is_some_and(|(_, &end)| end > s);
        if !overlaps_before {
            taken.insert(s, e);
            kept[i] = true;
        }
    }
    for i in 0..candidates.len() {
        if let Some(p) = candidates[i].parent {
            kept[i] = kept[p];
        }
    }
    let mut out: Vec<Match> = candidates
        .drain(..)
        .zip(kept)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c.m)
        .collect();
    out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    out
}

/// Does the folded text, on the same line and within `window` bytes before `start`, hold `cue`?
pub(crate) fn cue_before(text: &str, start: usize, window: usize, cue: &regex::Regex) -> bool {
    let mut from = start.saturating_sub(window);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let slice = &text[from..start];
    let slice = slice.rfind('\n').map_or(slice, |i| &slice[i + 1..]);
    cue.is_match(slice)
}

/// Compiles a built-in pattern. Word boundaries and digits are ASCII: the folded text has
/// (almost) no non-ASCII letters left, and Unicode `\b` would force the slow engine of `regex`.
pub(crate) fn pattern(src: &str) -> Pattern {
    let src = src.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]");
    let p = Pattern {
        src: src.into(),
        re: std::sync::OnceLock::new(),
    };
    // Debug builds (the tests) compile every pattern with the engine, so that a broken one
    // fails at once rather than on the first text that reaches it.
    if cfg!(debug_assertions) {
        let _ = p.regex();
    }
    p
}

/// A built-in regular expression, compiled on its first use: a text that never reaches a
/// detector does not pay for its patterns. Compiling all of them was 62 M instructions, three
/// quarters of a one-letter `tamis scan` once the dictionaries were compiled by `build.rs`
/// (issue 16 §3). Derefs to the [`regex::Regex`].
pub(crate) struct Pattern {
    src: Box<str>,
    re: std::sync::OnceLock<regex::Regex>,
}

impl Pattern {
    fn regex(&self) -> &regex::Regex {
        self.re
            .get_or_init(|| regex::Regex::new(&self.src).expect("built-in pattern"))
    }
}

impl std::ops::Deref for Pattern {
    type Target = regex::Regex;

    #[inline]
    fn deref(&self) -> &regex::Regex {
        self.regex()
    }
}

/// Group `name` of a match of a built-in pattern that always sets it (outside any `?`, `*` or
/// alternative). Groups are read by name, never by number, so that editing a pattern cannot
/// shift them; a missing one is a bug of the pattern, which the tests that reach it show.
pub(crate) fn group<'h>(caps: &regex::Captures<'h>, name: &str) -> regex::Match<'h> {
    caps.name(name)
        .unwrap_or_else(|| panic!("built-in pattern without its group {name}"))
}

/// The number a date pattern's group writes: its ASCII digits (`\d{1,4}`, or one digit a box,
/// `0 7`), spaces skipped. Nothing to fail on, so no default to hide a failure; saturates
/// rather than wraps.
pub(crate) fn digits(s: &str) -> u32 {
    debug_assert!(
        s.bytes().all(|b| b.is_ascii_digit() || b == b' '),
        "not digits"
    );
    s.bytes().filter(u8::is_ascii_digit).fold(0u32, |n, b| {
        n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    })
}

/// Priority of a category in overlaps: validated identifiers first, then structured ones,
/// names, and dictionary terms last.
pub(crate) fn priority(c: Category) -> u8 {
    use Category::*;
    match c {
        Nir | Iban => 10,
        Email => 9,
        Rpps | Adeli | Finess | Siret | Ipp => 8,
        Phone | BirthDate => 7,
        Address => 6,
        PersonName => 5,
        _ => 4,
    }
}

impl Candidate {
    pub(crate) fn new(category: Category, start: usize, end: usize, confidence: f32) -> Self {
        Candidate {
            m: Match {
                category,
                start,
                end,
                confidence,
                code: None,
                sensitive: false,
            },
            priority: priority(category),
            parent: None,
        }
    }
}

#[cfg(test)]
mod tables {
    use super::*;

    /// The tables `build.rs` compiles: sorted (binary search), categories known, non-empty.
    #[test]
    fn code_lists_name_known_categories() {
        for (codes, categories, info) in [embedded::CIM10_CODES, embedded::ATC_CODES] {
            assert!(codes.len() > 1_000 && codes.len() == info.len());
            assert!((1..codes.len()).all(|i| codes.word(i - 1) < codes.word(i)));
            for category in categories {
                assert!(category.parse::<Category>().is_ok(), "{category}");
            }
            assert!(info.iter().all(|b| usize::from(b >> 1) < categories.len()));
        }
        for list in [
            &embedded::FIRST_NAMES,
            &embedded::SURNAMES,
            &embedded::COMMON_WORD_SURNAMES,
            &embedded::NOT_NAMES,
            &embedded::COMMUNES,
            &embedded::AFFIX_EXCEPTIONS,
            &embedded::SECTION_HEADINGS,
            &embedded::SECTION_FIRST_WORDS,
        ] {
            assert!(list.len() > 0 && (1..list.len()).all(|i| list.get(i - 1) < list.get(i)));
            assert!(
                list.iter()
                    .enumerate()
                    .all(|(i, w)| list.id(w) == Some(i as u32))
            );
        }
        assert_eq!(
            embedded::SECTION_KINDS.len(),
            embedded::SECTION_HEADINGS.len()
        );
        let engine = Engine::builtin().unwrap();
        assert_eq!(
            engine.cim10_code("e11.9"),
            Some((Category::Diagnosis, false))
        );
        assert_eq!(engine.cim10_code("U99.9"), None);
        assert!(engine.atc_code("N06AB03").is_some());
        assert!(engine.names.first.contains("nadia") && !engine.names.first.contains("zzz"));
    }
}
