//! Term dictionaries: plain-text files compiled into one token trie (`trie.rs`) over folded text.
//!
//! File format (`dictionaries/README.md`): `term<TAB>category<TAB>code<TAB>tier`, `#` comments.
//! A term written all in capitals (`AVC`, `TA`, `IME`) only matches text written in capitals, so
//! that the abbreviation `TA` (tension artérielle) is found and the French possessive `ta` is not.
//!
//! The shipped dictionaries are read, folded and compiled by `build.rs` (which compiles this
//! file too, by `#[path]`) into a `static` [`Dictionary`] the process uses in place: start-up
//! parses and folds nothing (issue 16 §3). Extra files added to a builder are read at run time
//! into the same structure, the shipped terms first.

use super::normalize::{Folded, fold};
use super::trie::{StrSet, TokenTrie};
use crate::category::Category;
use crate::position::Position;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

/// An error in a dictionary file, naming the file and the line: `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {message}")]
pub struct DictionaryError {
    pub position: Position,
    pub message: String,
}

/// What a term means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermInfo {
    pub category: Category,
    /// CIM-10 or ATC code, when the term has one.
    pub code: Option<Cow<'static, str>>,
    pub sensitive: bool,
    /// Matches only where the original text is written in capitals.
    pub case_sensitive: bool,
    /// How the scanner extends a hit of this term (phrase heads, `dictionaries/phrases/`).
    pub rule: Rule,
}

/// What the scanner does with a hit beyond the term itself (`dictionaries/phrases/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rule {
    /// A term: the hit as it is (measures and drugs still take their value or dosage).
    #[default]
    Term,
    /// A phrase head that needs a complement ("troubles" + "de la marche", "cognitifs").
    Complement,
    /// A phrase head that needs a complement opened by a preposition ("difficultés" + "à
    /// marcher"; "difficultés financières" is no health datum).
    PrepComplement,
    /// A phrase head whose complement is optional ("fatigue", "fatigue importante").
    MaybeComplement,
    /// A verb phrase that needs a quantity ("a perdu" + "5 kg").
    Quantity,
    /// A night-time rising, up to the night ("se lève" + "trois fois par nuit pour uriner").
    Night,
    /// A stay or a leave with its dates, required ("hospitalisée" + "du 06/11 au 13/11").
    Period,
    /// An act head that needs a device or an organ of `phrases/devices.txt` after it ("pose" +
    /// "d'une sonde urinaire"); `true` when the device may take a complement after it.
    Device(bool),
    /// A longer phrase that is not health data ("troubles du voisinage"): it hides the head.
    Stop,
}

/// Whether a rule lets a complement follow.
fn rule_flag(r: Rule) -> bool {
    matches!(
        r,
        Rule::Complement | Rule::MaybeComplement | Rule::PrepComplement
    )
}

impl Rule {
    fn parse(s: &str) -> Option<Rule> {
        Some(match s {
            "complement" => Rule::Complement,
            "complement?" => Rule::MaybeComplement,
            "prep-complement" => Rule::PrepComplement,
            "quantity" => Rule::Quantity,
            "night" => Rule::Night,
            "period" => Rule::Period,
            "stop" => Rule::Stop,
            _ => return None,
        })
    }
}

/// Collects terms from files; [`DictionaryBuilder::build`] compiles them.
#[derive(Default)]
pub struct DictionaryBuilder {
    /// A compiled dictionary this one starts from (the shipped one): used as it is when
    /// nothing is added, copied into the fields below when something is.
    base: Option<&'static Dictionary>,
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    entries: Vec<Vec<TermInfo>>,
    devices: HashSet<String>,
    device_words: usize,
}

impl DictionaryBuilder {
    /// A builder that starts from a compiled dictionary (`build.rs`'s).
    pub(crate) fn from_compiled(base: &'static Dictionary) -> Self {
        DictionaryBuilder {
            base: Some(base),
            ..Self::default()
        }
    }

    /// Copies the compiled dictionary it starts from, if any, into the builder's own fields,
    /// so that files can be added after it.
    fn thaw(&mut self) {
        let Some(d) = self.base.take() else {
            return;
        };
        self.patterns = d.terms.iter().map(String::from).collect();
        self.index = self
            .patterns
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i))
            .collect();
        self.entries = (0..d.len()).map(|p| d.entries_of(p).to_vec()).collect();
        self.devices = d.devices.iter().map(String::from).collect();
        self.device_words = d.device_words;
    }

    /// Adds the shipped files in the order they are meant to be read: hand-curated term files
    /// first (they say how people write a term, and win ties over the generated CIM-10 and ATC
    /// lists, whose contents start with `# generated`), then the phrase files (a phrase takes
    /// over the same form from a term file). `build.rs` calls this on `dictionaries/`.
    pub fn add_shipped(
        &mut self,
        terms: &[(&str, &str)],
        phrases: &[(&str, &str)],
        devices: &str,
    ) -> Result<(), DictionaryError> {
        let generated = |c: &str| c.starts_with("# generated");
        for pass in [false, true] {
            for (name, contents) in terms {
                if generated(contents) == pass {
                    self.add_file(name, contents)?;
                }
            }
        }
        for (name, contents) in phrases {
            self.add_phrase_file(name, contents, devices)?;
        }
        Ok(())
    }

    /// Adds every term of one file. Terms already known keep their earlier meaning first (files
    /// added first win ties), later meanings are kept as fallbacks for the other case rule.
    pub fn add_file(&mut self, file: &str, contents: &str) -> Result<usize, DictionaryError> {
        self.thaw();
        let mut added = 0;
        for (n, line) in contents.lines().enumerate() {
            let err = |message: String| DictionaryError {
                position: Position::at_line(file, n + 1),
                message,
            };
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut split = line.split('\t');
            let (Some(term), Some(category), Some(code), Some(tier), None) = (
                split.next(),
                split.next(),
                split.next(),
                split.next(),
                split.next(),
            ) else {
                return Err(err(format!(
                    "expected 4 tab-separated columns (term, category, code, tier), found {}",
                    line.split('\t').count()
                )));
            };
            let cols = [term, category, code, tier];
            let term = cols[0].trim();
            let category: Category = cols[1]
                .trim()
                .parse()
                .map_err(|e: crate::category::UnknownCategory| err(e.to_string()))?;
            if !category.is_health() {
                return Err(err(format!(
                    "category {category} is an identifier; term files hold health terms only"
                )));
            }
            let code = cols[2].trim();
            let sensitive = match cols[3].trim() {
                "normal" => false,
                "sensitive" => true,
                other => {
                    return Err(err(format!(
                        "tier must be \"normal\" or \"sensitive\", found {other:?}"
                    )));
                }
            };
            let folded = fold(term);
            if folded.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                return Err(err("a term needs at least two letters or digits".into()));
            }
            let case_sensitive =
                term.chars().any(char::is_alphabetic) && !term.chars().any(char::is_lowercase);
            let info = TermInfo {
                category,
                code: (!code.is_empty()).then(|| Cow::Owned(code.into())),
                sensitive,
                case_sensitive,
                rule: Rule::Term,
            };
            if self.insert(folded, info) {
                added += 1;
            }
        }
        Ok(added)
    }

    /// Adds a term unless the same folded form with the same case rule is known; returns
    /// whether it was added.
    fn insert(&mut self, folded: String, info: TermInfo) -> bool {
        let id = *self.index.entry(folded.clone()).or_insert_with(|| {
            self.patterns.push(folded);
            self.entries.push(Vec::new());
            self.entries.len() - 1
        });
        let slot = &mut self.entries[id];
        if slot.iter().any(|e| e.case_sensitive == info.case_sensitive) {
            return false;
        }
        slot.push(info);
        true
    }

    /// Adds every phrase of one phrase file (`phrase<TAB>category<TAB>rule<TAB>tier`, rule one
    /// of `complement`, `complement?`, `prep-complement`, `quantity`, `night`, `period`, `stop`; category `-` with `stop`). A phrase
    /// replaces the meaning of the same term from a term file: its rule is what it is there for.
    ///
    /// `{device}` at the end of a phrase stands for any noun of `devices` (one a line, `#`
    /// comments) after an article ("pose {device}": "pose d'une sonde", "pose de PAC"…): the
    /// head goes in the automaton with [`Rule::Device`], the scanner checks the device.
    pub fn add_phrase_file(
        &mut self,
        file: &str,
        contents: &str,
        devices: &str,
    ) -> Result<usize, DictionaryError> {
        self.thaw();
        let nouns: Vec<&str> = devices
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        for noun in &nouns {
            let f = fold(noun);
            self.device_words = self.device_words.max(f.split([' ', '-']).count());
            self.devices.insert(f);
        }
        let mut added = 0;
        for (n, line) in contents.lines().enumerate() {
            let err = |message: String| DictionaryError {
                position: Position::at_line(file, n + 1),
                message,
            };
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [phrase, category, rule, tier] = cols[..] else {
                return Err(err(format!(
                    "expected 4 tab-separated columns (phrase, category, rule, tier), found {}",
                    cols.len()
                )));
            };
            let rule = Rule::parse(rule).ok_or_else(|| {
                err(format!(
                    "rule must be complement, complement?, prep-complement, quantity, night, period or stop, found {rule:?}"
                ))
            })?;
            // A stop phrase has no category of its own; it is stored as a clinical finding
            // that the scanner drops.
            let category: Category = match (category, rule) {
                ("-", Rule::Stop) => Category::ClinicalFinding,
                ("-", _) => return Err(err("only a stop phrase has no category".into())),
                (c, _) => c
                    .parse()
                    .map_err(|e: crate::category::UnknownCategory| err(e.to_string()))?,
            };
            if !category.is_health() {
                return Err(err(format!("category {category} is not a health category")));
            }
            let sensitive = match tier {
                "normal" => false,
                "sensitive" => true,
                other => {
                    return Err(err(format!(
                        "tier must be \"normal\" or \"sensitive\", found {other:?}"
                    )));
                }
            };
            // "pose {device}": the head alone, with the device rule; the scanner reads the
            // device after it (no expansion into thousands of patterns).
            let (forms, rule) = match phrase.strip_suffix("{device}") {
                Some(head) => {
                    if nouns.is_empty() {
                        return Err(err("{device} needs the device list".into()));
                    }
                    (vec![head.trim().to_string()], Rule::Device(rule_flag(rule)))
                }
                None if phrase.contains("{device}") => {
                    return Err(err("{device} must end the phrase".into()));
                }
                None => (vec![phrase.to_string()], rule),
            };
            for form in forms {
                let folded = fold(&form);
                if folded.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                    return Err(err("a phrase needs at least two letters or digits".into()));
                }
                let case_sensitive =
                    form.chars().any(char::is_alphabetic) && !form.chars().any(char::is_lowercase);
                let info = TermInfo {
                    category,
                    code: None,
                    sensitive,
                    case_sensitive,
                    rule,
                };
                // The phrase wins over a term of the same form.
                if let Some(&id) = self.index.get(&folded) {
                    self.entries[id].retain(|e| e.case_sensitive != case_sensitive);
                }
                if self.insert(folded, info) {
                    added += 1;
                }
            }
        }
        Ok(added)
    }

    /// Number of distinct terms (folded forms) so far.
    pub fn len(&self) -> usize {
        self.base.map_or(self.patterns.len(), Dictionary::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Compiles the trie (or, when nothing was added to a compiled dictionary, takes it as it
    /// is: a copy of its slices' addresses).
    pub fn build(self) -> Dictionary {
        if let Some(d) = self.base {
            return d.clone();
        }
        let mut entry_ends = Vec::with_capacity(self.entries.len());
        let mut entries = Vec::with_capacity(self.entries.len());
        for e in self.entries {
            entries.extend(e);
            entry_ends.push(entries.len() as u32);
        }
        let mut devices: Vec<String> = self.devices.into_iter().collect();
        devices.sort_unstable();
        Dictionary {
            trie: TokenTrie::new(&self.patterns),
            terms: StrSet::new(&self.patterns),
            entry_ends: entry_ends.into(),
            entries: entries.into(),
            devices: StrSet::new(&devices),
            device_words: self.device_words,
        }
    }
}

/// The compiled dictionary. Immutable, `Send + Sync`. Flat arrays only, borrowed from the
/// binary for the shipped dictionary (`build.rs`), owned for one built at run time; cloning a
/// borrowed one copies addresses.
#[derive(Clone, PartialEq)]
pub struct Dictionary {
    pub(crate) trie: TokenTrie,
    /// The folded terms; a term's number is its pattern in the trie.
    pub(crate) terms: StrSet,
    /// Term → the end of its meanings in `entries` (they start where the previous term's end).
    pub(crate) entry_ends: Cow<'static, [u32]>,
    pub(crate) entries: Cow<'static, [TermInfo]>,
    /// Folded device and organ nouns (`phrases/devices.txt`) for `Rule::Device` heads.
    pub(crate) devices: StrSet,
    /// The most words a device noun has.
    pub(crate) device_words: usize,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("terms", &self.len())
            .finish()
    }
}

/// One dictionary hit: folded byte range and the term's meaning.
#[derive(Debug, Clone, Copy)]
pub struct TermHit {
    pub start: usize,
    pub end: usize,
    pattern: u32,
    entry: u32,
}

impl Dictionary {
    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.entry_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entry_ends.is_empty()
    }

    /// The meanings of term `p`: one a case rule.
    fn entries_of(&self, p: usize) -> &[TermInfo] {
        let start = if p == 0 { 0 } else { self.entry_ends[p - 1] };
        self.entries
            .get(start as usize..self.entry_ends[p] as usize)
            .unwrap_or(&[])
    }

    /// The meaning of a hit.
    pub fn info(&self, hit: &TermHit) -> &TermInfo {
        &self.entries_of(hit.pattern as usize)[hit.entry as usize]
    }

    /// Is this folded phrase (words joined by single spaces or hyphens) a device or organ of
    /// `phrases/devices.txt`?
    pub fn is_device(&self, folded: &str) -> bool {
        self.devices.id(folded).is_some()
    }

    /// The most words a device noun has.
    pub fn device_words(&self) -> usize {
        self.device_words
    }

    /// Is this folded word a known term (any category)?
    pub fn contains_folded(&self, folded: &str) -> bool {
        self.terms.id(folded).is_some()
    }

    /// Leftmost-longest whole-word hits over `flat` (folded text with line breaks as spaces),
    /// keeping only those whose case rule holds in `original`. Appends to `out`.
    pub fn find(&self, folded: &Folded, flat: &str, original: &str, out: &mut Vec<TermHit>) {
        let first = out.len();
        // Every whole-word occurrence, overlapping ones included: a longer term that fails the
        // case rule cannot hide a shorter one that passes.
        self.trie.find(flat, |s, e, pattern| {
            let (os, oe) = folded.original_range(original, s, e);
            let span = &original[os..oe];
            let upper = !span.chars().any(char::is_lowercase);
            let entries = self.entries_of(pattern);
            // A capitalised abbreviation has priority over the lowercase word it folds to; a
            // case-sensitive term never matches text that is not in capitals.
            let entry = if upper {
                entries
                    .iter()
                    .position(|i| i.case_sensitive)
                    .or_else(|| entries.iter().position(|i| !i.case_sensitive))
            } else {
                entries.iter().position(|i| !i.case_sensitive)
            };
            if let Some(entry) = entry {
                out.push(TermHit {
                    start: s,
                    end: e,
                    pattern: pattern as u32,
                    entry: entry as u32,
                });
            }
        });
        // Leftmost-longest, non-overlapping.
        let hits = &mut out[first..];
        hits.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut keep = first;
        let mut last_end = 0;
        for i in first..out.len() {
            if out[i].start >= last_end {
                last_end = out[i].end;
                out[keep] = out[i];
                keep += 1;
            }
        }
        out.truncate(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(src: &str) -> Dictionary {
        let mut b = DictionaryBuilder::default();
        b.add_file("test.tsv", src).unwrap();
        b.build()
    }

    fn hits(d: &Dictionary, text: &str) -> Vec<String> {
        let f = Folded::new(text);
        let flat = f.text.replace('\n', " ");
        let mut out = Vec::new();
        d.find(&f, &flat, text, &mut out);
        out.iter()
            .map(|h| {
                let (a, b) = f.original_range(text, h.start, h.end);
                text[a..b].to_string()
            })
            .collect()
    }

    #[test]
    fn longest_whole_words_and_case_rule() {
        let d = dict(
            "diabète\tdiagnosis\tE14\tnormal\ndiabète de type 2\tdiagnosis\tE11\tnormal\n\
             TA\tclinical_finding\t\tnormal\nSEP\tdiagnosis\tG35\tnormal\n",
        );
        assert_eq!(
            hits(&d, "Diabète de type 2 et diabete."),
            ["Diabète de type 2", "diabete"]
        );
        assert_eq!(hits(&d, "TA 12/8, ta mère"), ["TA"]);
        assert_eq!(hits(&d, "sepsis, sept, SEP"), ["SEP"]);
        assert_eq!(hits(&d, "diabète de\ntype 2"), ["diabète de\ntype 2"]);
    }

    /// The byte automaton the trie replaced (issue 16 §2): every whole-word occurrence of a
    /// term, overlapping ones included, as `(start, end, pattern)`.
    fn reference(ac: &aho_corasick::AhoCorasick, flat: &str) -> Vec<(usize, usize, usize)> {
        use super::super::normalize::is_whole_word;
        let mut out: Vec<_> = ac
            .find_overlapping_iter(flat)
            .filter(|m| is_whole_word(flat, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        out.sort_unstable();
        out
    }

    /// The shipped files of `dir` (`dictionaries/terms`, `dictionaries/phrases`), as `build.rs`
    /// lists them: every `*.tsv`, sorted by name.
    fn shipped(dir: &str) -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries");
        let mut files: Vec<(String, String)> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// The compiled dictionary (`build.rs`) is exactly what reading the files at run time
    /// builds: same terms in the same order, same meanings, same trie arrays.
    #[test]
    fn compiled_dictionary_is_the_files_read_at_run_time() {
        let terms = shipped("terms");
        let phrases = shipped("phrases");
        let t: Vec<(&str, &str)> = terms.iter().map(|(a, b)| (&a[..], &b[..])).collect();
        let p: Vec<(&str, &str)> = phrases.iter().map(|(a, b)| (&a[..], &b[..])).collect();
        let devices = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("dictionaries/phrases/devices.txt"),
        )
        .unwrap();
        let mut b = DictionaryBuilder::default();
        b.add_shipped(&t, &p, &devices).unwrap();
        let run_time = b.build();
        let compiled = crate::scan::EngineBuilder::builtin().unwrap().dict.build();
        assert!(compiled.len() > 20_000, "{} terms", compiled.len());
        assert!(matches!(compiled.entries, Cow::Borrowed(_)));
        assert!(run_time.terms == compiled.terms, "terms differ");
        assert!(run_time.entries == compiled.entries, "meanings differ");
        assert!(run_time.entry_ends == compiled.entry_ends);
        assert!(run_time.devices == compiled.devices);
        assert_eq!(run_time.device_words, compiled.device_words);
        assert!(run_time.trie == compiled.trie, "tries differ");
    }

    /// Terms added to the shipped dictionary come after it and keep its meanings.
    #[test]
    fn extra_files_extend_the_compiled_dictionary() {
        let mut b = crate::scan::EngineBuilder::builtin().unwrap().dict;
        let before = b.len();
        b.add_file("extra.tsv", "maladie de tamis\tdiagnosis\tZ99\tnormal\n")
            .unwrap();
        assert_eq!(b.len(), before + 1);
        let d = b.build();
        assert!(matches!(d.entries, Cow::Owned(_)));
        let text = "Une maladie de Tamis et un diabète de type 2.";
        let f = Folded::new(text);
        let flat = f.text.replace('\n', " ");
        let mut out = Vec::new();
        d.find(&f, &flat, text, &mut out);
        let codes: Vec<_> = out.iter().map(|h| d.info(h).code.as_deref()).collect();
        assert_eq!(codes, [Some("Z99"), Some("E11")]);
    }

    /// Differential test: on every text of `corpus/` and every case file, the trie (the
    /// compiled one of the shipped dictionaries) finds exactly the occurrences the byte
    /// automaton found.
    #[test]
    fn trie_finds_what_the_automaton_found() {
        let dict = crate::scan::EngineBuilder::builtin().unwrap().dict.build();
        let patterns: Vec<&str> = dict.terms.iter().collect();
        use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("corpus"), root.join("tests/cases")];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| {
                    ["txt", "eml", "html", "xml", "toml", "csv", "ics", "vcf"]
                        .contains(&x.to_str().unwrap_or(""))
                }) {
                    files.push(p);
                }
            }
        }
        assert!(files.len() > 300, "{} files", files.len());
        let (mut texts, mut occurrences) = (0, 0);
        for p in files {
            let bytes = std::fs::read(&p).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let f = Folded::new(&text);
            let flat = f.text.replace('\n', " ");
            let want = reference(&ac, &flat);
            let mut got = Vec::new();
            dict.trie.find(&flat, |s, e, p| got.push((s, e, p)));
            got.sort_unstable();
            assert!(
                want == got,
                "{}: the trie and the automaton differ",
                p.display()
            );
            texts += 1;
            occurrences += got.len();
        }
        assert!(
            texts > 300 && occurrences > 5_000,
            "{texts} texts, {occurrences} hits"
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut b = DictionaryBuilder::default();
        let e = b
            .add_file(
                "x.tsv",
                "# c\nok\tdiagnosis\t\tnormal\nbad\tweight\t\tnormal\n",
            )
            .unwrap_err();
        assert_eq!((e.position.file(), e.position.line()), ("x.tsv", Some(3)));
        assert!(e.message.contains("unknown category"));
        let e = b.add_file("y.tsv", "a b\tdiagnosis\n").unwrap_err();
        assert!(e.message.contains("4 tab-separated"));
        let e = b.add_file("z.tsv", "abc\tdiagnosis\t\thigh\n").unwrap_err();
        assert!(e.message.contains("tier"));
    }
}
