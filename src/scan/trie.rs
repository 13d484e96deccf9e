//! Dictionary terms as a trie over tokens, not bytes.
//!
//! A folded text is cut into *units*: each maximal run of word characters (`is_word_char`) is
//! one unit, and every other character is a unit of its own (a space, a hyphen, an apostrophe).
//! A term is the sequence of its units, so `maladie d'alzheimer` is `maladie`, ` `, `d`, `'`,
//! `alzheimer`. A whole-word match always starts and ends on unit boundaries, so matching unit
//! by unit finds exactly the whole-word matches a byte automaton finds, with one hash lookup per
//! unit instead of one transition per byte, and a build that only interns the units of the
//! terms (no failure links: a match can only start where a unit starts).
//!
//! The walk from a unit is bounded by the longest term (in units), so a scan costs at most
//! `units × longest term` steps: linear in the text.
//!
//! The compiled trie is flat arrays only (a string set with an open-addressing hash index, the
//! root's children by unit, the other nodes' children sorted by unit), so that `build.rs` can
//! compile the shipped dictionaries into `static` arrays the process uses in place, with no work
//! at start-up (issue 16 §3); a trie built at run time (extra term files) has the same arrays,
//! owned. This file is compiled into `build.rs` too (`#[path]`): one build, one hash function.

use super::normalize::is_word_char;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

/// Node 0 is the root.
const ROOT: u32 = 0;
/// Not a unit of any term, or no such child.
pub(crate) const NONE: u32 = u32::MAX;

/// The hash of the string sets: 8 bytes a step, little-endian, the same in `build.rs` and at
/// run time on any target (no `usize`, no random seed).
#[inline]
fn hash(s: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = s.len() as u64;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// A set of distinct strings numbered in the order given: the strings end to end in `text`,
/// `ends[i]` the end of string `i`, and `slots` (a power of two long, at most half full) an
/// open-addressing index holding `i + 1` (0: empty).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct StrSet {
    pub(crate) text: Cow<'static, str>,
    pub(crate) ends: Cow<'static, [u32]>,
    pub(crate) slots: Cow<'static, [u32]>,
}

impl StrSet {
    /// The set of `words`, numbered in order; a repeated word keeps its first number (and
    /// its later copies are unreachable, so callers give distinct words).
    pub(crate) fn new<S: AsRef<str>>(words: &[S]) -> Self {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(words.len());
        let size = (2 * words.len()).next_power_of_two().max(2);
        let mut slots = vec![0u32; size];
        for (i, w) in words.iter().enumerate() {
            let w = w.as_ref();
            text.push_str(w);
            ends.push(text.len() as u32);
            let mut s = hash(w) as usize & (size - 1);
            while slots[s] != 0 {
                s = (s + 1) & (size - 1);
            }
            slots[s] = i as u32 + 1;
        }
        StrSet {
            text: text.into(),
            ends: ends.into(),
            slots: slots.into(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// String `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let s = self.text.get(start..self.ends[i] as usize);
        debug_assert!(
            s.is_some(),
            "build.rs writes ends on the text's character boundaries"
        );
        s.unwrap_or("")
    }

    /// The number of `word`, if it is in the set.
    #[inline]
    pub(crate) fn id(&self, word: &str) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut s = hash(word) as usize & mask;
        loop {
            let slot = self.slots[s];
            if slot == 0 {
                return None;
            }
            if self.get(slot as usize - 1) == word {
                return Some(slot - 1);
            }
            s = (s + 1) & mask;
        }
    }

    /// The strings, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// The compiled trie. Immutable, `Send + Sync`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenTrie {
    /// The units of the terms; a unit's id is its number in the set.
    pub(crate) vocab: StrSet,
    /// Unit id → the root's child by that unit, `NONE` when no term starts with it.
    pub(crate) root: Cow<'static, [u32]>,
    /// Node → its first edge in `edge_unit`/`edge_child` (one more entry than nodes); the
    /// edges of a node are sorted by unit. The root's are in `root` instead.
    pub(crate) edge_start: Cow<'static, [u32]>,
    pub(crate) edge_unit: Cow<'static, [u32]>,
    pub(crate) edge_child: Cow<'static, [u32]>,
    /// Node → `pattern + 1` of the term ending there, 0 when none does.
    pub(crate) terminal: Cow<'static, [u32]>,
    /// The most units a term has.
    pub(crate) longest: usize,
    /// The longest unit of a term, in bytes: a longer word of a text is no unit of a term.
    pub(crate) widest: usize,
    /// Unit ids of the one-byte ASCII units (spaces, signs, letters, digits), without hashing.
    pub(crate) ascii: [u32; 128],
}

impl Default for TokenTrie {
    fn default() -> Self {
        TokenTrie::new::<&str>(&[])
    }
}

/// One unit of a text: byte range, whether it is a word, and its id (`NONE` if no term has it).
#[derive(Clone, Copy)]
struct Unit {
    start: u32,
    end: u32,
    word: bool,
    id: u32,
}

/// The units of `text`: maximal runs of word characters, and every other character alone.
/// ASCII bytes are classified byte by byte; only other characters are decoded.
fn units(text: &str) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    // The character at `i`: its length and whether it is a word character.
    let class = move |i: usize| -> (usize, bool) {
        let b = bytes[i];
        if b.is_ascii() {
            (1, b.is_ascii_alphanumeric())
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.len_utf8(), is_word_char(c))
        }
    };
    std::iter::from_fn(move || {
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        let (len, word) = class(i);
        i += len;
        if word {
            while i < bytes.len() {
                let (len, w) = class(i);
                if !w {
                    break;
                }
                i += len;
            }
        }
        Some((start, i, word))
    })
}

impl TokenTrie {
    /// Builds the trie of `patterns` (folded terms); a match reports the pattern's index.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Self {
        let n = patterns.len();
        // Interning and edges by hashing, then laid out flat.
        let mut vocab: HashMap<&str, u32> =
            HashMap::with_capacity_and_hasher(2 * n, Default::default());
        let mut words: Vec<&str> = Vec::with_capacity(2 * n);
        let mut next: HashMap<(u32, u32), u32> =
            HashMap::with_capacity_and_hasher(6 * n, Default::default());
        let mut terminal: Vec<u32> = Vec::with_capacity(6 * n);
        terminal.push(0);
        let (mut longest, mut widest) = (0, 0);
        let mut ascii = [NONE; 128];
        for (p, pattern) in patterns.iter().enumerate() {
            let pattern = pattern.as_ref();
            let mut node = ROOT;
            let mut n = 0;
            for (s, e, _) in units(pattern) {
                let unit = &pattern[s..e];
                let id = *vocab.entry(unit).or_insert_with(|| {
                    let id = words.len() as u32;
                    words.push(unit);
                    widest = widest.max(unit.len());
                    if let [b] = unit.as_bytes()
                        && b.is_ascii()
                    {
                        ascii[usize::from(*b)] = id;
                    }
                    id
                });
                let fresh = terminal.len() as u32;
                node = *next.entry((node, id)).or_insert(fresh);
                if node == fresh {
                    terminal.push(0);
                }
                n += 1;
            }
            if node != ROOT {
                terminal[node as usize] = p as u32 + 1;
                longest = longest.max(n);
            }
        }
        let mut root = vec![NONE; words.len()];
        let mut edges: Vec<(u32, u32, u32)> = Vec::with_capacity(next.len());
        for (&(node, unit), &child) in &next {
            if node == ROOT {
                root[unit as usize] = child;
            } else {
                edges.push((node, unit, child));
            }
        }
        edges.sort_unstable();
        let mut edge_start = Vec::with_capacity(terminal.len() + 1);
        let mut e = 0;
        for node in 0..=terminal.len() as u32 {
            while e < edges.len() && edges[e].0 < node {
                e += 1;
            }
            edge_start.push(e as u32);
        }
        TokenTrie {
            vocab: StrSet::new(&words),
            root: root.into(),
            edge_start: edge_start.into(),
            edge_unit: edges.iter().map(|e| e.1).collect::<Vec<_>>().into(),
            edge_child: edges.iter().map(|e| e.2).collect::<Vec<_>>().into(),
            terminal: terminal.into(),
            longest,
            widest,
            ascii,
        }
    }

    /// The id of a unit of a text, `NONE` when no term has it.
    #[inline]
    fn id(&self, unit: &str) -> u32 {
        match unit.as_bytes() {
            [b] if b.is_ascii() => self.ascii[usize::from(*b)],
            u if u.len() > self.widest => NONE,
            _ => self.vocab.id(unit).unwrap_or(NONE),
        }
    }

    /// The child of `node` by `unit`, `NONE` when there is none.
    #[inline]
    fn child(&self, node: u32, unit: u32) -> u32 {
        if unit == NONE {
            return NONE;
        }
        if node == ROOT {
            return self.root.get(unit as usize).copied().unwrap_or(NONE);
        }
        let (s, e) = (
            self.edge_start[node as usize] as usize,
            self.edge_start[node as usize + 1] as usize,
        );
        match self.edge_unit[s..e].binary_search(&unit) {
            Ok(k) => self.edge_child[s + k],
            Err(_) => NONE,
        }
    }

    /// Calls `hit(start, end, pattern)` for every whole-word occurrence of a term in `text`
    /// (overlapping ones included), in order of start, shortest first at one start.
    pub fn find(&self, text: &str, mut hit: impl FnMut(usize, usize, usize)) {
        if self.longest == 0 {
            return;
        }
        let units: Vec<Unit> = units(text)
            .map(|(s, e, word)| Unit {
                start: s as u32,
                end: e as u32,
                word,
                id: self.id(&text[s..e]),
            })
            .collect();
        for i in 0..units.len() {
            let first = units[i];
            // A term starting with a sign must not touch a word before it (a word unit is
            // maximal, so nothing before it is a word character).
            if first.id == NONE || (!first.word && i > 0 && units[i - 1].word) {
                continue;
            }
            let mut node = ROOT;
            for (j, u) in units[i..].iter().enumerate().take(self.longest) {
                node = self.child(node, u.id);
                if node == NONE {
                    break;
                }
                let pattern = self.terminal[node as usize];
                // A term ending with a sign must not touch a word after it.
                let touches = !u.word && units.get(i + j + 1).is_some_and(|n| n.word);
                if pattern != 0 && !touches {
                    hit(first.start as usize, u.end as usize, pattern as usize - 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(patterns: &[&str], text: &str) -> Vec<(String, usize)> {
        let t = TokenTrie::new(patterns);
        let mut out = Vec::new();
        t.find(text, |s, e, p| out.push((text[s..e].to_string(), p)));
        out
    }

    #[test]
    fn whole_words_overlapping_and_signs() {
        let p = [
            "diabete",
            "diabete de type 2",
            "type 2",
            "vih+",
            "+ 3",
            "n'",
        ];
        assert_eq!(
            found(&p, "diabete de type 2, diabetes, vih+ et vih+x"),
            [
                ("diabete".into(), 0),
                ("diabete de type 2".into(), 1),
                ("type 2".into(), 2),
                ("vih+".into(), 3)
            ]
        );
        // A sign-led term after a word character is not whole-word ("x+ 3"); after a space it is.
        assert_eq!(found(&p, "x+ 3"), []);
        assert_eq!(found(&p, "x + 3"), [("+ 3".into(), 4)]);
    }

    #[test]
    fn string_set_numbers_and_finds() {
        let words = [
            "",
            "a",
            "maladie",
            "d'alzheimer",
            "une chaine de plus de huit octets",
        ];
        let set = StrSet::new(&words);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(set.id(w), Some(i as u32));
            assert_eq!(set.get(i), *w);
        }
        assert_eq!(set.id("maladi"), None);
        assert_eq!(StrSet::new::<&str>(&[]).id("a"), None);
    }

    #[test]
    fn no_terms_no_work() {
        assert!(found(&[], "anything").is_empty());
    }
}
