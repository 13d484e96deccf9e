//! Words of the folded text with their capitalisation in the original, for the detectors that
//! read structure (addresses, person names) rather than patterns.

use super::Ctx;
use super::normalize::{Folded, is_word_char};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// Folded byte range.
    pub s: usize,
    pub e: usize,
    /// First letter in capitals in the original.
    pub cap: bool,
    /// Every letter in capitals in the original, and at least two letters.
    pub upper: bool,
}

impl Token {
    pub fn text<'a>(&self, ctx: &Ctx<'a>) -> &'a str {
        &ctx.folded.text[self.s..self.e]
    }
}

/// Splits the folded text into words: runs of letters and digits, with inner `-` and `'`
/// (`jean-pierre`, `d'usage`). Appends to `out`.
pub(crate) fn tokenize(original: &str, folded: &Folded, out: &mut Vec<Token>) {
    let text = folded.text.as_str();
    let mut iter = text.char_indices().peekable();
    while let Some((s, c)) = iter.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut e = s + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            if is_word_char(c) {
                e = i + c.len_utf8();
                iter.next();
            } else if c == '-' || c == '\'' {
                // Inner only: followed by a word character.
                let next = text[i + 1..].chars().next();
                if next.is_some_and(is_word_char) && c == '-' {
                    iter.next();
                } else if c == '\'' {
                    // An elided article ends its own token: "d'usage" -> "d'", "usage".
                    e = i + 1;
                    iter.next();
                    break;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let (a, b) = folded.original_range(original, s, e);
        let orig = &original[a..b];
        let mut letters = orig.chars().filter(|c| c.is_alphabetic());
        let cap = letters.next().is_some_and(char::is_uppercase);
        let upper = cap
            && orig.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !orig.chars().any(char::is_lowercase);
        out.push(Token { s, e, cap, upper });
    }
}

/// The text between two tokens (folded).
pub(crate) fn gap<'a>(ctx: &Ctx<'a>, a: &Token, b: &Token) -> &'a str {
    &ctx.folded.text[a.e..b.s]
}
