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

use super::normalize::is_word_char;
use rustc_hash::FxHashMap as HashMap;

/// Node 0 is the root.
const ROOT: u32 = 0;
/// Not a unit of any term.
const NONE: u32 = u32::MAX;

/// The compiled trie. Immutable, `Send + Sync`.
pub struct TokenTrie {
    /// Unit text → unit id.
    vocab: HashMap<Box<str>, u32>,
    /// `(node, unit)` → child node.
    next: HashMap<(u32, u32), u32>,
    /// Node → `pattern + 1` of the term ending there, 0 when none does.
    terminal: Vec<u32>,
    /// The most units a term has.
    longest: usize,
    /// The longest unit of a term, in bytes: a longer word of a text is no unit of a term.
    widest: usize,
    /// Unit ids of the one-byte ASCII units (spaces, signs, letters, digits), without hashing.
    ascii: [u32; 128],
}

impl Default for TokenTrie {
    fn default() -> Self {
        TokenTrie {
            vocab: HashMap::default(),
            next: HashMap::default(),
            terminal: Vec::new(),
            longest: 0,
            widest: 0,
            ascii: [NONE; 128],
        }
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
        // About six units a term: sized once rather than grown.
        let n = patterns.len();
        let mut trie = TokenTrie {
            vocab: HashMap::with_capacity_and_hasher(2 * n, Default::default()),
            next: HashMap::with_capacity_and_hasher(6 * n, Default::default()),
            terminal: Vec::with_capacity(6 * n),
            ..Self::default()
        };
        trie.terminal.push(0);
        for (p, pattern) in patterns.iter().enumerate() {
            let pattern = pattern.as_ref();
            let mut node = ROOT;
            let mut n = 0;
            for (s, e, _) in units(pattern) {
                let unit = &pattern[s..e];
                let id = match trie.vocab.get(unit) {
                    Some(&id) => id,
                    None => {
                        let id = trie.vocab.len() as u32;
                        trie.vocab.insert(unit.into(), id);
                        trie.widest = trie.widest.max(unit.len());
                        if let [b] = unit.as_bytes()
                            && b.is_ascii()
                        {
                            trie.ascii[usize::from(*b)] = id;
                        }
                        id
                    }
                };
                let fresh = trie.terminal.len() as u32;
                node = *trie.next.entry((node, id)).or_insert(fresh);
                if node == fresh {
                    trie.terminal.push(0);
                }
                n += 1;
            }
            if node != ROOT {
                trie.terminal[node as usize] = p as u32 + 1;
                trie.longest = trie.longest.max(n);
            }
        }
        trie
    }

    /// The id of a unit of a text, `NONE` when no term has it.
    #[inline]
    fn id(&self, unit: &str) -> u32 {
        match unit.as_bytes() {
            [b] if b.is_ascii() => self.ascii[usize::from(*b)],
            u if u.len() > self.widest => NONE,
            _ => self.vocab.get(unit).copied().unwrap_or(NONE),
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
                let Some(&child) = self.next.get(&(node, u.id)) else {
                    break;
                };
                node = child;
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
    fn no_terms_no_work() {
        assert!(found(&[], "anything").is_empty());
    }
}
