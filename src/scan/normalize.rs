//! Text normalisation for matching: case and accents folded, ligatures and `œ`/`æ` expanded,
//! typographic spaces, hyphens and apostrophes unified, whitespace runs collapsed — with a map
//! from every byte of the folded text back to the original bytes.
//!
//! Every detector runs on the folded text, so that `Diabète`, `DIABETE` and `diabete` are one
//! word, and `06 12 34 56 78` written with non-breaking spaces is still a phone number. The map
//! brings each match back to the exact bytes of the original, which redaction will splice.

/// A folded copy of a text and the map back to the original.
///
/// Invariants: `starts.len() == text.len()`; `starts[i]` is the byte offset, in the original, of
/// the character that produced folded byte `i`; `starts` is non-decreasing.
#[derive(Default, Clone)]
pub struct Folded {
    /// Folded text: lowercase, no accents, whitespace runs as one `' '` or, when the run holds a
    /// line break, one `'\n'`.
    pub text: String,
    starts: Vec<u32>,
}

impl std::fmt::Debug for Folded {
    // The folded text is document content: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Folded")
            .field("len", &self.text.len())
            .finish()
    }
}

/// What one original character becomes in the folded text.
enum Fold {
    Char(char),
    Str(&'static str),
    Space,
    Newline,
    Drop,
}

#[inline]
fn fold_char(c: char) -> Fold {
    use Fold::*;
    if c.is_ascii() {
        return match c {
            '\n' => Newline,
            ' ' | '\t' | '\r' | '\x0b' | '\x0c' => Space,
            '`' => Char('\''),
            _ => Char(c.to_ascii_lowercase()),
        };
    }
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'ā' | 'Ā' => {
            Char('a')
        }
        'ç' | 'Ç' | 'ć' | 'Ć' | 'č' | 'Č' => Char('c'),
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ē' | 'Ē' | 'ė' | 'ę' | 'ě' | 'Ě' => {
            Char('e')
        }
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ī' | 'Ī' | 'ı' => Char('i'),
        'ñ' | 'Ñ' | 'ń' | 'ň' => Char('n'),
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ō' | 'Ō' => {
            Char('o')
        }
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'ū' | 'Ū' | 'ů' => Char('u'),
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => Char('y'),
        'š' | 'Š' | 'ś' => Char('s'),
        'ž' | 'Ž' | 'ź' | 'ż' => Char('z'),
        'ł' | 'Ł' => Char('l'),
        'œ' | 'Œ' => Str("oe"),
        'æ' | 'Æ' => Str("ae"),
        'ß' => Str("ss"),
        'ﬀ' => Str("ff"),
        'ﬁ' => Str("fi"),
        'ﬂ' => Str("fl"),
        'ﬃ' => Str("ffi"),
        'ﬄ' => Str("ffl"),
        'ﬅ' | 'ﬆ' => Str("st"),
        // Apostrophes and primes people and word processors type for "'".
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' | '\u{201B}' => Char('\''),
        // Hyphens, dashes and the minus sign.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => Char('-'),
        // Masculine ordinal written for "n°".
        'º' => Char('°'),
        // Soft hyphen, zero-width characters, byte-order mark.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Drop,
        // Combining marks (text in NFD form).
        '\u{0300}'..='\u{036F}' => Drop,
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Newline,
        _ if c.is_whitespace() => Space,
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                // A capital outside the table: fold its lowercase form (Ė -> ė -> e).
                (Some(l), None) if l != c => fold_char(l),
                _ => Char(c),
            }
        }
    }
}

impl Folded {
    /// Folds `original` into `self`, reusing the buffers.
    pub fn fold_into(&mut self, original: &str) {
        self.text.clear();
        self.starts.clear();
        self.text.reserve(original.len());
        self.starts.reserve(original.len());
        // 0 = not in a whitespace run, 1 = in a run of spaces, 2 = in a run holding a newline.
        let mut run = 0u8;
        let bytes = original.as_bytes();
        let mut i = 0;
        // ASCII letters, digits and punctuation: the common case, copied a run at a time and
        // lowered in place (each byte its own offset), not pushed a character at a time.
        let plain = |b: u8| b.is_ascii() && !b.is_ascii_whitespace() && b != b'`';
        while i < bytes.len() {
            let b = bytes[i];
            let offset = i as u32;
            if plain(b) {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| !plain(b))
                    .map_or(bytes.len(), |n| i + n);
                let at = self.text.len();
                self.text.push_str(&original[i..end]);
                self.text[at..].make_ascii_lowercase();
                self.starts.extend(offset..end as u32);
                run = 0;
                i = end;
                continue;
            }
            let c = original[i..].chars().next().expect("char boundary");
            let (fold, len) = (fold_char(c), c.len_utf8());
            i += len;
            match fold {
                Fold::Char(f) => {
                    run = 0;
                    self.push(f, offset);
                }
                Fold::Str(s) => {
                    run = 0;
                    for f in s.chars() {
                        self.push(f, offset);
                    }
                }
                Fold::Space => {
                    if run == 0 && !self.text.is_empty() {
                        self.push(' ', offset);
                        run = 1;
                    }
                }
                Fold::Newline => {
                    if run == 1 {
                        // The run's space becomes its newline.
                        self.text.pop();
                        self.text.push('\n');
                    } else if run == 0 && !self.text.is_empty() {
                        self.push('\n', offset);
                    }
                    run = 2;
                }
                Fold::Drop => {}
            }
        }
    }

    /// Folds a whole string (convenience for terms and tests).
    pub fn new(original: &str) -> Folded {
        let mut f = Folded::default();
        f.fold_into(original);
        f
    }

    #[inline]
    fn push(&mut self, c: char, offset: u32) {
        if c.is_ascii() {
            self.text.push(c);
            self.starts.push(offset);
            return;
        }
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.starts.push(offset);
        }
    }

    /// Maps the folded byte range `start..end` back to a byte range of `original` (the text this
    /// was folded from), covering whole original characters.
    pub fn original_range(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.text.len());
        let o_start = self.starts[start] as usize;
        let last = self.starts[end - 1] as usize;
        let o_end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        (o_start, o_end)
    }

    /// The original byte offset of the character that produced folded byte `i`.
    #[inline]
    pub fn original_offset(&self, i: usize) -> usize {
        self.starts[i] as usize
    }
}

/// Folds a string to its matching form, with no map (for dictionary terms and cues).
pub fn fold(s: &str) -> String {
    // Tens of thousands of terms are folded at start-up: one buffer a thread, not two
    // allocations a term.
    thread_local!(static BUF: std::cell::RefCell<Folded> = Default::default());
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        buf.fold_into(s);
        buf.text.trim().to_string()
    })
}

/// Is `c` part of a word for whole-word matching?
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `start..end` of `text` is a whole word: neither side touches a word character.
#[inline]
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-at-a-time fold the run-at-a-time ASCII path replaced (issue 16 §5).
    fn reference(original: &str) -> Folded {
        let mut f = Folded::default();
        let mut run = 0u8;
        for (i, c) in original.char_indices() {
            let offset = i as u32;
            let fold = if c.is_ascii() && !c.is_ascii_whitespace() && c != '`' {
                Fold::Char(c.to_ascii_lowercase())
            } else {
                fold_char(c)
            };
            match fold {
                Fold::Char(x) => {
                    run = 0;
                    f.push(x, offset);
                }
                Fold::Str(s) => {
                    run = 0;
                    s.chars().for_each(|x| f.push(x, offset));
                }
                Fold::Space => {
                    if run == 0 && !f.text.is_empty() {
                        f.push(' ', offset);
                        run = 1;
                    }
                }
                Fold::Newline => {
                    if run == 1 {
                        f.text.pop();
                        f.text.push('\n');
                    } else if run == 0 && !f.text.is_empty() {
                        f.push('\n', offset);
                    }
                    run = 2;
                }
                Fold::Drop => {}
            }
        }
        f
    }

    #[test]
    fn ascii_runs_fold_as_characters_did() {
        let mut texts: Vec<String> = [
            "",
            "ABC def`G\x0bH\tI \r\n J",
            "Œdème  DU\u{a0}Genou — N° 12; ﬁn\n\n  x",
            "  \n lead",
        ]
        .map(String::from)
        .to_vec();
        // The letters of the corpus and the ordinary mail (headers, HTML, base64, URLs).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (dir, ext) in [("corpus/text", "txt"), ("corpus/ordinary", "eml")] {
            for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                if e.path().extension().is_some_and(|x| x == ext) {
                    let bytes = std::fs::read(e.path()).unwrap();
                    texts.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
        // The four texts above, the 16 letters and the ordinary mail: a corpus not read fails.
        assert!(texts.len() > 100, "{} texts", texts.len());
        for t in &texts {
            let (got, want) = (Folded::new(t), reference(t));
            assert!(got.text == want.text && got.starts == want.starts);
        }
    }

    #[test]
    fn folds_case_accents_ligatures_and_spaces() {
        let s = "Œdème  du\u{00A0}PIED, maladie d’Alzheimer ; ﬁèvre\r\n\n  DIABÈTE";
        let f = Folded::new(s);
        assert_eq!(
            f.text,
            "oedeme du pied, maladie d'alzheimer ; fievre\ndiabete"
        );
        let i = f.text.find("alzheimer").unwrap();
        let (a, b) = f.original_range(s, i, i + "alzheimer".len());
        assert_eq!(&s[a..b], "Alzheimer");
        let (a, b) = f.original_range(s, 0, 6);
        assert_eq!(&s[a..b], "Œdème");
        let i = f.text.find("fievre").unwrap();
        let (a, b) = f.original_range(s, i, i + 6);
        assert_eq!(&s[a..b], "ﬁèvre");
    }

    #[test]
    fn nfd_marks_are_dropped() {
        let s = "dia\u{0062}e\u{0300}te";
        assert_eq!(Folded::new(s).text, "diabete");
    }

    #[test]
    fn whole_word() {
        assert!(is_whole_word("un AVC.", 3, 6));
        assert!(!is_whole_word("sepsis", 0, 3));
        assert!(is_whole_word("n°279", 3, 6));
    }
}
