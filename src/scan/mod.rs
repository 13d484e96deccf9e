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
mod tokens;
pub mod validate;

use crate::category::Category;
use dictionary::{Dictionary, DictionaryBuilder, DictionaryError, TermHit};
use normalize::Folded;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
    #[error("code list {file}:{line}: {message}")]
    CodeList {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Affix(#[from] affixes::AffixError),
    #[error("cannot compile the dictionary automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// Name lists, folded.
#[derive(Default)]
pub(crate) struct NameLists {
    first: HashSet<String>,
    surnames: HashSet<String>,
    common_word_surnames: HashSet<String>,
    not_names: HashSet<String>,
}

/// Builds an [`Engine`]. Start from [`EngineBuilder::builtin`] (the dictionaries shipped in the
/// binary) or [`EngineBuilder::empty`] and add files.
#[derive(Default)]
pub struct EngineBuilder {
    dict: DictionaryBuilder,
    affixes: affixes::Affixes,
    cim10: HashMap<Box<str>, (Category, bool)>,
    atc: HashMap<Box<str>, bool>,
    names: NameLists,
}

fn name_list(contents: &str) -> HashSet<String> {
    contents
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(normalize::fold)
        .collect()
}

impl EngineBuilder {
    /// No dictionaries at all (identifier patterns only).
    pub fn empty() -> Self {
        Self::default()
    }

    /// The dictionaries shipped in the binary (`dictionaries/`).
    pub fn builtin() -> Result<Self, BuildError> {
        let mut b = Self::default();
        // Hand-curated files first: they say how people write a term, and win ties over the
        // generated CIM-10 and ATC lists.
        let generated = |c: &str| c.starts_with("# generated");
        for pass in [false, true] {
            for (name, contents) in embedded::TERM_FILES {
                if generated(contents) == pass {
                    b.dict.add_file(name, contents)?;
                }
            }
        }
        // Phrase heads last: a phrase takes over the same form from a term file.
        for (name, contents) in embedded::PHRASE_FILES {
            b.dict.add_phrase_file(name, contents, embedded::DEVICES)?;
        }
        b.add_cim10_codes("codes/cim10.tsv", embedded::CIM10_CODES)?;
        b.add_atc_codes("codes/atc.tsv", embedded::ATC_CODES)?;
        b.affixes = affixes::Affixes::new(embedded::AFFIX_RULES, embedded::AFFIX_EXCEPTIONS)?;
        b.names.first = name_list(embedded::FIRST_NAMES);
        b.names.surnames = name_list(embedded::SURNAMES);
        b.names.common_word_surnames = name_list(embedded::COMMON_WORD_SURNAMES);
        b.names.not_names = name_list(embedded::NOT_NAMES);
        Ok(b)
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

    /// Adds CIM-10 codes (`code<TAB>category<TAB>tier`), used to validate codes written in text.
    pub fn add_cim10_codes(&mut self, file: &str, contents: &str) -> Result<&mut Self, BuildError> {
        for (n, cols) in code_lines(contents) {
            let err = |message: String| BuildError::CodeList {
                file: file.into(),
                line: n,
                message,
            };
            let [code, category, tier] = cols[..] else {
                return Err(err("expected code, category, tier".into()));
            };
            let category: Category = category.parse().map_err(|e| err(format!("{e}")))?;
            self.cim10
                .insert(code.into(), (category, parse_tier(tier).map_err(err)?));
        }
        Ok(self)
    }

    /// Adds ATC codes (`code<TAB>tier`).
    pub fn add_atc_codes(&mut self, file: &str, contents: &str) -> Result<&mut Self, BuildError> {
        for (n, cols) in code_lines(contents) {
            let err = |message: String| BuildError::CodeList {
                file: file.into(),
                line: n,
                message,
            };
            let [code, tier] = cols[..] else {
                return Err(err("expected code, tier".into()));
            };
            self.atc.insert(code.into(), parse_tier(tier).map_err(err)?);
        }
        Ok(self)
    }

    /// Compiles the engine.
    pub fn build(self) -> Result<Engine, BuildError> {
        Ok(Engine {
            dict: self.dict.build()?,
            affixes: self.affixes,
            cim10: self.cim10,
            atc: self.atc,
            names: self.names,
            patterns: identifiers::Patterns::new(),
            health: health::Patterns::new(),
            address: address::Patterns::new(),
            person: names::Patterns::new(),
        })
    }
}

fn code_lines(contents: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    contents
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| {
            (
                n + 1,
                l.trim_end_matches('\r')
                    .split('\t')
                    .map(str::trim)
                    .collect(),
            )
        })
}

fn parse_tier(s: &str) -> Result<bool, String> {
    match s {
        "normal" => Ok(false),
        "sensitive" => Ok(true),
        _ => Err(format!(
            "tier must be \"normal\" or \"sensitive\", found {s:?}"
        )),
    }
}

/// The compiled scanner. Immutable and `Send + Sync`: build it once, share it (`&Engine` or
/// `Arc<Engine>`) between threads, each with its own [`Scratch`].
pub struct Engine {
    dict: Dictionary,
    affixes: affixes::Affixes,
    cim10: HashMap<Box<str>, (Category, bool)>,
    atc: HashMap<Box<str>, bool>,
    names: NameLists,
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
        self.cim10.get(key.as_str()).copied()
    }

    /// Tier (`true` = sensitive) of an ATC code, if the code exists.
    pub fn atc_code(&self, code: &str) -> Option<bool> {
        self.atc
            .get(code.trim().to_ascii_uppercase().as_str())
            .copied()
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
pub(crate) fn pattern(src: &str) -> regex::Regex {
    let src = src.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]");
    regex::Regex::new(&src).expect("built-in pattern")
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
