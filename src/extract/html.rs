//! HTML to text, with every character of the text mapped back to the HTML source.
//!
//! A small hand-written tokenizer, not a DOM: tamis needs the text a reader sees (so that a name
//! split by markup is found whole) and where each piece of it came from (so that redaction can
//! splice the source). What it does:
//! - drops `<script>`, `<style>`, comments, doctypes and the content of `<head>` (except its
//!   `<title>`, which is shown to the reader and often holds a patient's name);
//! - turns block elements (`p`, `div`, `br`, `li`, `tr`, `h1`–`h6`, `table`, `blockquote`…) into
//!   line breaks and table cells into tabs, so that the scanner does not glue two cells into one
//!   name;
//! - collapses runs of white space as a browser does (outside `<pre>`);
//! - decodes character references: the HTML 4 Latin-1, special and common symbol entities,
//!   decimal and hexadecimal ones;
//! - shows the `alt` text of images, and reads as text the values that travel with the markup
//!   without being shown: `title` tooltips and the addresses of links and images (`href`, `src`;
//!   a link to a patient's record often carries a name or an identifier), each between line
//!   breaks before the element's content. `cid:` and `data:` addresses are not text (the
//!   first follow their part's `Content-ID`).
//!
//! - notes the text a reader does not see although it is in the bytes: elements with the
//!   `hidden` attribute, an inline `style`, or a rule of the document's `<style>` sheets (by
//!   element, class or id) that says `display:none`, `visibility:hidden`, a zero `font-size`,
//!   `mso-hide:all`, or a `color` equal to its `background(-color)` — the subset and its limits
//!   are in [`super::css`]. That text is read like the rest ([`to_text_hidden`] gives its
//!   ranges, the part's [`Hidden`](super::Hidden) list holds them) so that the report can say
//!   so. The sheets are gathered first, in one pass over the source, so a sheet anywhere in the
//!   document applies to all of it.
//!
//! The map is a list of [`Run`]s: literal text is a verbatim run, an entity or a collapsed white
//! space is a decoded run over its source bytes, a synthetic line break is a run with `src_len`
//! 0 at the position of its tag.

use super::css::{Sheet, hides};
use super::{ExtractError, Extractor, Format, Origin, Part, Run, Segment, SourceMap};
use memchr::memchr;

/// Extracts an HTML document (a file, an attachment) as the part at `path`: one `Body` segment
/// whose runs point into `bytes`.
pub fn extract(x: &mut Extractor, path: &str, bytes: &[u8]) -> Result<(), ExtractError> {
    let mut part = Part::new(path, Format::Html, bytes.len());
    let (source, decode_runs) = decode(bytes);
    x.check_time()?;
    let (text, runs, hidden) = to_text_hidden(&source);
    let runs = compose(&runs, text.len(), &decode_runs, source.len());
    part.segments.push(Segment {
        text,
        origin: Origin::Body,
        map: SourceMap::Runs(runs),
    });
    for (start, end) in hidden {
        part.hide(0, start, end);
    }
    x.push(part)?;
    Ok(())
}

/// The text a reader sees in `html`, and runs that map its offsets to byte offsets of `html`.
pub fn to_text(html: &str) -> (String, Vec<Run>) {
    let (text, runs, _) = to_text_hidden(html);
    (text, runs)
}

/// [`to_text`], and the ranges of the text that CSS or the `hidden` attribute hide from the
/// reader (sorted, disjoint).
pub fn to_text_hidden(html: &str) -> (String, Vec<Run>, Vec<(usize, usize)>) {
    let mut t = Tokenizer {
        src: html,
        out: Builder::default(),
        in_head: false,
        in_title: false,
        pre: 0,
        open: Vec::new(),
        hiding: 0,
        sheet: style_sheets(html),
    };
    t.run();
    (t.out.text, t.out.runs, t.out.hidden)
}

/// The hiding rules of every `<style>` element of `html` (one pass: each `<style` start tag,
/// its content up to its end tag). A `<style` inside a comment or a script is read too: at
/// worst it flags text hidden that is not, never the other way.
fn style_sheets(html: &str) -> Sheet {
    let bytes = html.as_bytes();
    let mut sheet = Sheet::default();
    let mut i = 0;
    while let Some(k) = bytes.get(i..).and_then(|b| memchr(b'<', b)) {
        let at = i + k;
        let tag = bytes.get(at + 1..at + 6);
        let after = bytes.get(at + 6).copied();
        if tag.is_some_and(|t| t.eq_ignore_ascii_case(b"style"))
            && after.is_some_and(|b| b == b'>' || b == b'/' || is_space(b))
        {
            let (content_start, _) = attributes(bytes, at + 6, false);
            let end = skip_raw_text(bytes, content_start, "style");
            // The content stops before `</style`; `end` is after its `>`.
            let content_end = bytes[content_start..end]
                .windows(7)
                .rposition(|w| w.eq_ignore_ascii_case(b"</style"))
                .map_or(end, |p| content_start + p);
            if let Some(css) = html.get(content_start..content_end) {
                crate::work::add(css.len());
                sheet.add(css);
            }
            i = end.max(at + 1);
        } else {
            i = at + 1;
        }
    }
    sheet
}

/// Elements open at most, for hiding (deeper ones are not followed: their hiding is lost,
/// never their text).
const MAX_OPEN: usize = 512;

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Text with runs, built piece by piece.
#[derive(Default)]
struct Builder {
    text: String,
    runs: Vec<Run>,
    /// Text appended now is hidden.
    hiding: bool,
    hidden: Vec<(usize, usize)>,
}

impl Builder {
    /// Appends `s`, the same bytes as the source at `src`.
    fn verbatim(&mut self, s: &str, src: usize) {
        if s.is_empty() {
            return;
        }
        let at = self.text.len();
        self.text.push_str(s);
        push_run(&mut self.runs, at, src, s.len(), true);
        self.note_hidden(at);
    }

    /// Text from `at` to the end was just appended: hidden if the builder is hiding.
    fn note_hidden(&mut self, at: usize) {
        if !self.hiding {
            return;
        }
        let end = self.text.len();
        match self.hidden.last_mut() {
            Some(last) if last.1 >= at => last.1 = end,
            _ => self.hidden.push((at, end)),
        }
    }

    /// Appends `s`, decoded from the `src_len` source bytes at `src`.
    fn decoded(&mut self, s: &str, src: usize, src_len: usize) {
        if s.is_empty() {
            return;
        }
        let at = self.text.len();
        self.text.push_str(s);
        push_run(&mut self.runs, at, src, src_len, false);
        self.note_hidden(at);
    }

    fn ends_with_space(&self) -> bool {
        self.text
            .as_bytes()
            .last()
            .is_none_or(|b| matches!(b, b' ' | b'\n' | b'\t'))
    }
}

/// Adds the run from text offset `text` ↔ `src..src+src_len` (`verbatim`: the text is the
/// same length as its source), merged into the previous one when both are verbatim and follow
/// each other in the source.
fn push_run(runs: &mut Vec<Run>, text: usize, src: usize, src_len: usize, verbatim: bool) {
    if verbatim && let Some(last) = runs.last_mut() {
        let last_len = text - last.text as usize;
        if last.src_len as usize == last_len && (last.src + last.src_len) as usize == src {
            last.src_len += src_len as u32;
            return;
        }
    }
    runs.push(Run {
        text: text as u32,
        src: src as u32,
        src_len: src_len as u32,
    });
}

/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "title",
    "tr",
    "ul",
];

struct Tokenizer<'a> {
    src: &'a str,
    out: Builder,
    in_head: bool,
    in_title: bool,
    pre: u32,
    /// Open elements (up to [`MAX_OPEN`]) and whether each hides its content.
    open: Vec<(String, bool)>,
    /// How many of them hide.
    hiding: usize,
    /// The document's style sheets' hiding rules.
    sheet: Sheet,
}

impl Tokenizer<'_> {
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let next = memchr(b'<', &bytes[i..]).map_or(bytes.len(), |k| i + k);
            self.chars(i, next);
            if next >= bytes.len() {
                break;
            }
            i = self.tag(next);
        }
    }

    /// Text is dropped inside `<head>`, except the title.
    fn suppressed(&self) -> bool {
        self.in_head && !self.in_title
    }

    /// Character data `start..end` (no tags): entities decoded, white space collapsed.
    fn chars(&mut self, start: usize, end: usize) {
        if self.suppressed() {
            return;
        }
        let bytes = self.src.as_bytes();
        let mut i = start;
        while i < end {
            let b = bytes[i];
            if b == b'&' {
                i = self.entity(i, end);
            } else if is_space(b) && self.pre == 0 {
                let mut j = i;
                while j < end && is_space(bytes[j]) {
                    j += 1;
                }
                if !self.out.ends_with_space() {
                    if j - i == 1 && b == b' ' {
                        self.out.verbatim(" ", i);
                    } else if j - i == 1 {
                        // One other blank (a line break) read as a space: a run of the same
                        // length would claim the same bytes, so it is mapped as zero-width.
                        self.out.decoded(" ", i, 0);
                    } else {
                        self.out.decoded(" ", i, j - i);
                    }
                }
                i = j;
            } else {
                // Literal text up to the next entity or white space (all ASCII delimiters, so
                // `j` is a character boundary).
                let mut j = i + 1;
                while j < end && bytes[j] != b'&' && (self.pre > 0 || !is_space(bytes[j])) {
                    j += 1;
                }
                self.out.verbatim(&self.src[i..j], i);
                i = j;
            }
        }
    }

    /// A character reference at `i` (`&`); returns where the text goes on.
    fn entity(&mut self, i: usize, end: usize) -> usize {
        let bytes = &self.src.as_bytes()[..end];
        if let Some((c, len)) = parse_entity(&bytes[i..]) {
            let mut buf = [0u8; 4];
            self.out.decoded(c.encode_utf8(&mut buf), i, len);
            i + len
        } else {
            self.out.verbatim("&", i);
            i + 1
        }
    }

    /// A synthetic line break or tab for the tag at `at`.
    fn separator(&mut self, sep: &str, at: usize) {
        if self.suppressed() {
            return;
        }
        let last = self.out.text.as_bytes().last().copied();
        let wanted = match sep {
            "\n" => last.is_some_and(|b| b != b'\n'),
            "\t" => last.is_some_and(|b| b != b'\n' && b != b'\t'),
            _ => !self.out.ends_with_space(),
        };
        if wanted {
            self.out.decoded(sep, at, 0);
        }
    }

    /// Markup at `i` (`<`); returns the offset after it.
    fn tag(&mut self, i: usize) -> usize {
        let bytes = self.src.as_bytes();
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            return find(bytes, i + 4, b"-->").map_or(bytes.len(), |k| k + 3);
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            return memchr(b'>', &bytes[i..]).map_or(bytes.len(), |k| i + k + 1);
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            // Not markup: a literal `<` ("tension < 12").
            self.chars_literal(i);
            return i + 1;
        }
        let mut j = name_start;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        let name = self.src[name_start..j].to_ascii_lowercase();
        let (end, shown) = attributes(bytes, j, !closing);
        if closing {
            self.end_tag(&name, i);
            end
        } else {
            self.start_tag(&name, i, end, &shown)
        }
    }

    fn chars_literal(&mut self, i: usize) {
        if !self.suppressed() {
            self.out.verbatim("<", i);
        }
    }

    /// A start tag `<name…>` at `at`, ending at `end`; returns where the text goes on.
    fn start_tag(&mut self, name: &str, at: usize, end: usize, shown: &[Attribute]) -> usize {
        let self_closing = end >= 2 && self.src.as_bytes().get(end - 2) == Some(&b'/');
        if !matches!(name, "script" | "style" | "template")
            && !VOID.contains(&name)
            && !self_closing
            && self.open.len() < MAX_OPEN
        {
            let value = |n: AttributeName| {
                shown
                    .iter()
                    .find(|a| a.name == n)
                    .map(|a| &self.src[a.value.0..a.value.1])
            };
            let hides =
                shown.iter().any(|a| match a.name {
                    AttributeName::Hidden => true,
                    AttributeName::Style => hides(&self.src[a.value.0..a.value.1]),
                    _ => false,
                }) || self
                    .sheet
                    .hides(name, value(AttributeName::Id), value(AttributeName::Class));
            self.open.push((name.to_string(), hides));
            if hides {
                self.hiding += 1;
                self.out.hiding = true;
            }
        }
        let carried = |a: &Attribute| match a.name {
            AttributeName::Title => true,
            AttributeName::Href | AttributeName::Src => {
                let v = &self.src.as_bytes()[a.value.0..a.value.1];
                let v = v.trim_ascii_start();
                !v.is_empty()
                    && !v.starts_with(b"#")
                    && !["cid:", "data:", "javascript:"].iter().any(|p| {
                        v.len() >= p.len() && v[..p.len()].eq_ignore_ascii_case(p.as_bytes())
                    })
            }
            AttributeName::Alt
            | AttributeName::Style
            | AttributeName::Hidden
            | AttributeName::Class
            | AttributeName::Id => false,
        };
        if !matches!(name, "script" | "style" | "template") {
            for a in shown.iter().filter(|a| carried(a)) {
                self.separator("\n", at);
                self.chars(a.value.0, a.value.1);
                self.separator("\n", at);
            }
        }
        match name {
            "script" | "style" | "template" => {
                // Raw text: nothing in it is shown.
                return skip_raw_text(self.src.as_bytes(), end, name);
            }
            "head" => self.in_head = true,
            "body" => self.in_head = false,
            "title" => self.in_title = true,
            "br" if !self.suppressed() => self.out.decoded("\n", at, 0),
            "td" | "th" => self.separator("\t", at),
            "pre" => self.pre += 1,
            "img" => {
                if let Some(a) = shown.iter().find(|a| a.name == AttributeName::Alt) {
                    self.separator(" ", at);
                    self.chars(a.value.0, a.value.1);
                    self.separator(" ", at);
                }
            }
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.separator("\n", at);
        }
        end
    }

    fn end_tag(&mut self, name: &str, at: usize) {
        // The element closes, and any left open inside it (bounded by MAX_OPEN).
        if let Some(k) = self.open.iter().rposition(|(n, _)| n == name) {
            let closed = self.open.split_off(k);
            self.hiding -= closed.iter().filter(|(_, h)| *h).count();
            self.out.hiding = self.hiding > 0;
        }
        match name {
            "head" => self.in_head = false,
            "title" => self.in_title = false,
            "pre" => self.pre = self.pre.saturating_sub(1),
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.separator("\n", at);
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// The first occurrence of `needle` in `hay` at or after `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)
        .and_then(|h| memchr::memmem::find(h, needle))
        .map(|k| from + k)
}

/// An attribute whose value is text: its name and the source range of its value.
struct Attribute {
    name: AttributeName,
    value: (usize, usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AttributeName {
    Alt,
    Title,
    Href,
    Src,
    /// Inline CSS (read for hiding only).
    Style,
    /// The `hidden` attribute (its value, if any, is not read).
    Hidden,
    /// `class` and `id`, matched against the style sheets.
    Class,
    Id,
}

/// Skips a tag's attributes from `i` (after its name) to just after its `>`; with `want`, also
/// returns the attributes whose value is text (`alt`, `title`, `href`, `src`).
fn attributes(bytes: &[u8], mut i: usize, want: bool) -> (usize, Vec<Attribute>) {
    let mut found = Vec::new();
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return (bytes.len(), found),
            Some(b'>') => return (i + 1, found),
            _ => {}
        }
        let name_start = i;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name_end = i;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            if want && bytes[name_start..name_end].eq_ignore_ascii_case(b"hidden") {
                found.push(Attribute {
                    name: AttributeName::Hidden,
                    value: (name_start, name_start),
                });
            }
            continue;
        }
        i += 1;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let (value, next) = match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let end = memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |k| i + 1 + k);
                ((i + 1, end), (end + 1).min(bytes.len()))
            }
            _ => {
                let mut end = i;
                while end < bytes.len() && !is_space(bytes[end]) && bytes[end] != b'>' {
                    end += 1;
                }
                ((i, end), end)
            }
        };
        let name = &bytes[name_start..name_end];
        let known = [
            (&b"alt"[..], AttributeName::Alt),
            (b"title", AttributeName::Title),
            (b"href", AttributeName::Href),
            (b"src", AttributeName::Src),
            (b"style", AttributeName::Style),
            (b"hidden", AttributeName::Hidden),
            (b"class", AttributeName::Class),
            (b"id", AttributeName::Id),
        ];
        if want && let Some(&(_, name)) = known.iter().find(|(n, _)| name.eq_ignore_ascii_case(n)) {
            found.push(Attribute { name, value });
        }
        i = next;
    }
}

/// The offset after the end tag `</name…>` of a raw-text element whose content starts at `from`.
fn skip_raw_text(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(k) = bytes.get(i..).and_then(|b| memchr(b'<', b)) {
        let at = i + k;
        let tail = &bytes[at..];
        if tail.len() >= name.len() + 2
            && tail[1] == b'/'
            && tail[2..2 + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return memchr(b'>', tail).map_or(bytes.len(), |e| at + e + 1);
        }
        i = at + 1;
    }
    bytes.len()
}

/// Parses a character reference at the start of `s` (which starts with `&`): the character and
/// the number of source bytes it takes.
fn parse_entity(s: &[u8]) -> Option<(char, usize)> {
    if s.get(1) == Some(&b'#') {
        let hex = matches!(s.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let mut i = start;
        let mut value: u32 = 0;
        while let Some(&b) = s.get(i) {
            let digit = if hex {
                (b as char).to_digit(16)
            } else {
                (b as char).to_digit(10)
            };
            let Some(d) = digit else { break };
            value = value
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            i += 1;
        }
        if i == start {
            return None;
        }
        if s.get(i) == Some(&b';') {
            i += 1;
        }
        return Some((numeric_char(value), i));
    }
    let mut i = 1;
    while i < s.len() && i <= 32 && s[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = std::str::from_utf8(&s[1..i]).ok()?;
    let c = named_entity(name)?;
    if s.get(i) == Some(&b';') {
        Some((c, i + 1))
    } else if (c as u32) <= 0xff {
        // Legacy references without `;` (`&eacute`) exist only for the Latin-1 set.
        Some((c, i))
    } else {
        None
    }
}

/// The character of a numeric reference, as HTML reads it: C1 controls are Windows-1252
/// (`&#146;` is `’`), and impossible values are U+FFFD.
fn numeric_char(value: u32) -> char {
    if (0x80..=0x9f).contains(&value) {
        let byte = [value as u8];
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        return s.chars().next().unwrap_or('\u{fffd}');
    }
    match value {
        0 => '\u{fffd}',
        v => char::from_u32(v).unwrap_or('\u{fffd}'),
    }
}

/// Named character references: HTML 4 (Latin-1, special, symbols) and `&apos;`.
fn named_entity(name: &str) -> Option<char> {
    let c = match name {
        "quot" | "QUOT" => '"',
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "iexcl" => '¡',
        "cent" => '¢',
        "pound" => '£',
        "curren" => '¤',
        "yen" => '¥',
        "brvbar" => '¦',
        "sect" => '§',
        "uml" => '¨',
        "copy" | "COPY" => '©',
        "ordf" => 'ª',
        "laquo" => '«',
        "not" => '¬',
        "shy" => '\u{ad}',
        "reg" | "REG" => '®',
        "macr" => '¯',
        "deg" => '°',
        "plusmn" => '±',
        "sup2" => '²',
        "sup3" => '³',
        "acute" => '´',
        "micro" => 'µ',
        "para" => '¶',
        "middot" => '·',
        "cedil" => '¸',
        "sup1" => '¹',
        "ordm" => 'º',
        "raquo" => '»',
        "frac14" => '¼',
        "frac12" => '½',
        "frac34" => '¾',
        "iquest" => '¿',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "ETH" => 'Ð',
        "Ntilde" => 'Ñ',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ocirc" => 'Ô',
        "Otilde" => 'Õ',
        "Ouml" => 'Ö',
        "times" => '×',
        "Oslash" => 'Ø',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yacute" => 'Ý',
        "THORN" => 'Þ',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "eth" => 'ð',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "divide" => '÷',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "thorn" => 'þ',
        "yuml" => 'ÿ',
        // Special characters.
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Yuml" => 'Ÿ',
        "circ" => 'ˆ',
        "tilde" => '˜',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "euro" => '€',
        // Symbols met in care letters (doses, results, lists).
        "bull" => '•',
        "hellip" => '…',
        "prime" => '′',
        "Prime" => '″',
        "trade" => '™',
        "larr" => '←',
        "uarr" => '↑',
        "rarr" => '→',
        "darr" => '↓',
        "harr" => '↔',
        "rArr" => '⇒',
        "lArr" => '⇐',
        "hArr" => '⇔',
        "minus" => '−',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "equiv" => '≡',
        "infin" => '∞',
        "radic" => '√',
        "sum" => '∑',
        "prod" => '∏',
        "part" => '∂',
        "fnof" => 'ƒ',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "epsilon" => 'ε',
        "kappa" => 'κ',
        "lambda" => 'λ',
        "mu" => 'μ',
        "pi" => 'π',
        "sigma" => 'σ',
        "tau" => 'τ',
        "phi" => 'φ',
        "omega" => 'ω',
        "Delta" => 'Δ',
        "Sigma" => 'Σ',
        "Omega" => 'Ω',
        "loz" => '◊',
        "spades" => '♠',
        "clubs" => '♣',
        "hearts" => '♥',
        "diams" => '♦',
        _ => return None,
    };
    Some(c)
}

/// Decodes HTML bytes: UTF-8 (with or without a byte-order mark), else the encoding named by a
/// `<meta charset>` (or `http-equiv` content type), else Windows-1252 ([`input::decode_with`]).
/// Returns the text and runs back to `bytes`.
///
/// [`input::decode_with`]: crate::input::decode_with
pub fn decode(bytes: &[u8]) -> (String, Vec<Run>) {
    crate::input::decode_with(bytes, meta_charset(bytes)).into_parts()
}

/// The encoding declared in the first 4 KiB of an HTML document, if any.
fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head: Vec<u8> = bytes[..bytes.len().min(4096)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let mut from = 0;
    while let Some(at) = find(&head, from, b"charset") {
        let mut i = at + b"charset".len();
        while head.get(i).is_some_and(|b| is_space(*b)) {
            i += 1;
        }
        if head.get(i) == Some(&b'=') {
            i += 1;
            while head
                .get(i)
                .is_some_and(|b| is_space(*b) || *b == b'"' || *b == b'\'')
            {
                i += 1;
            }
            let start = i;
            while head.get(i).is_some_and(|b| {
                b.is_ascii_alphanumeric() || matches!(*b, b'-' | b'_' | b':' | b'.')
            }) {
                i += 1;
            }
            if let Some(enc) = encoding_rs::Encoding::for_label(&head[start..i]) {
                return Some(enc);
            }
        }
        from = at + 1;
    }
    None
}

/// Chains two maps: `outer` maps a text (of `outer_len` bytes) to a middle text (of `middle_len` bytes) that `inner`
/// maps to bytes. The result maps the text straight to the bytes.
pub fn compose(outer: &[Run], outer_len: usize, inner: &[Run], middle_len: usize) -> Vec<Run> {
    if let [only] = inner
        && only.text == 0
        && only.src_len as usize == middle_len
    {
        // The middle text is the bytes themselves, shifted (UTF-8, maybe after a BOM).
        return outer
            .iter()
            .map(|r| Run {
                src: r.src + only.src,
                ..*r
            })
            .collect();
    }
    let mut runs: Vec<Run> = Vec::with_capacity(outer.len());
    for (k, r) in outer.iter().enumerate() {
        let t0 = r.text as usize;
        let t1 = outer.get(k + 1).map_or(outer_len, |n| n.text as usize);
        let (s0, len) = (r.src as usize, r.src_len as usize);
        if t1.saturating_sub(t0) != len || len == 0 {
            let b0 = crate::input::map_offset(inner, middle_len, s0, false);
            let b1 = crate::input::map_offset(inner, middle_len, s0 + len, true).max(b0);
            push_run(&mut runs, t0, b0, b1 - b0, false);
            continue;
        }
        // A verbatim outer run: split it along the inner runs it covers.
        let s1 = s0 + len;
        let mut j = inner
            .partition_point(|x| x.text as usize <= s0)
            .saturating_sub(1);
        while let Some(x) = inner.get(j) {
            let u0 = x.text as usize;
            if u0 >= s1 {
                break;
            }
            let u1 = inner.get(j + 1).map_or(middle_len, |n| n.text as usize);
            let o0 = s0.max(u0);
            let o1 = s1.min(u1);
            if o0 < o1 {
                let text = t0 + (o0 - s0);
                if x.src_len as usize == u1 - u0 {
                    let src = x.src as usize + (o0 - u0);
                    push_run(&mut runs, text, src, o1 - o0, true);
                } else {
                    push_run(&mut runs, text, x.src as usize, x.src_len as usize, false);
                }
            }
            j += 1;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, runs: &[Run], needle: &str) -> (usize, usize) {
        let seg = Segment {
            text: text.to_string(),
            origin: Origin::Body,
            map: SourceMap::Runs(runs.to_vec()),
        };
        let s = text.find(needle).expect("needle in text");
        seg.source_span(s, s + needle.len()).expect("mapped")
    }

    /// The letters of `text` outside the `hidden` ranges.
    fn shown_letters(text: &str, hidden: &[(usize, usize)]) -> String {
        text.char_indices()
            .filter(|(i, _)| !hidden.iter().any(|&(s, e)| (s..e).contains(i)))
            .map(|(_, c)| c)
            .filter(|c| c.is_alphabetic())
            .collect()
    }

    #[test]
    fn text_hidden_by_css_is_read_and_its_ranges_told() {
        let html = "<p>Vu</p><div style=\"display: none\">A <b>B</b></div><p>C</p>\
            <span style=\"color:#FFF;background-color:rgb(255, 255, 255)\">D</span>\
            <p hidden>E</p><p style=\"font-size:0px\">F</p><p style=\"color:red\">G</p>\
            <div style=\"visibility:hidden\"><br>H<img src=x.png alt=I></div>J";
        let (text, _, hidden) = super::to_text_hidden(html);
        let shown = shown_letters(&text, &hidden);
        assert_eq!(shown, "VuCGJ");
        assert!(text.contains("A B") && text.contains('H') && text.contains('I'));
        assert!(!super::hides("color: #000; background: #fff"));
        assert!(super::hides("opacity:0"));
        assert!(!super::hides("opacity:0.5"));
    }

    #[test]
    fn text_hidden_by_a_style_sheet_is_read_and_its_ranges_told() {
        // The sheet stands after the text it hides: it applies all the same.
        let html = "<html><head><title>T</title></head><body>\
            <div class=\"preheader x\">A</div><p>Vu</p><span id=Blanc>B</span>\
            <p class=note>C<b>D</b></p><span class=outlook>E</span><p class=mobile>F</p>\
            <font>G</font><p class=\"other\">H</p>\
            <style type=\"text/css\">.PREHEADER{display:none!important}\
            #blanc{color:#fff;background:white} p.note{font-size:0}\
            .outlook{mso-hide:all} @media (max-width:600px){.mobile{display:none}}\
            font{visibility:hidden} div .other{display:none}</style></body></html>";
        let (text, _, hidden) = super::to_text_hidden(html);
        let shown = shown_letters(&text, &hidden);
        assert_eq!(shown, "TVuFH");
        for c in ["A", "B", "CD", "E", "G"] {
            assert!(text.contains(c), "{c} read");
        }
    }

    #[test]
    fn blocks_cells_and_entities() {
        let html = "<html><head><style>p{color:red}</style><title>CR</title></head>\
            <body><p>Patient&nbsp;: Jean  Dupont,\n diab&egrave;te</p>\
            <table><tr><td>TA</td><td>12/8</td></tr></table><!-- note --><script>x()</script>\
            <p>C&#339;ur &amp; poumons&hellip; 3 &lt; 5</p></body></html>";
        let (text, runs) = to_text(html);
        assert_eq!(
            text,
            "CR\nPatient\u{a0}: Jean Dupont, diabète\nTA\t12/8\nCœur & poumons… 3 < 5\n"
        );
        let (s, e) = span(&text, &runs, "Jean Dupont");
        assert_eq!(&html[s..e], "Jean  Dupont");
        let (s, e) = span(&text, &runs, "diabète");
        assert_eq!(&html[s..e], "diab&egrave;te");
        let (s, e) = span(&text, &runs, "Cœur");
        assert_eq!(&html[s..e], "C&#339;ur");
        let (s, e) = span(&text, &runs, "12/8");
        assert_eq!(&html[s..e], "12/8");
    }

    #[test]
    fn runs_of_the_same_length_point_at_the_same_bytes() {
        let html = "<p>Mme L&eacute;a\nPetit,\r\n  n&#233;e le\t12/03/1956</p>\n<ul><li>AVC</ul>";
        let (text, runs) = to_text(html);
        assert_eq!(text, "Mme Léa Petit, née le 12/03/1956\nAVC\n");
        for (k, r) in runs.iter().enumerate() {
            let end = runs.get(k + 1).map_or(text.len(), |n| n.text as usize);
            if end - r.text as usize == r.src_len as usize {
                let src = &html[r.src as usize..(r.src + r.src_len) as usize];
                assert_eq!(&text[r.text as usize..end], src);
            }
        }
        let (s, e) = span(&text, &runs, "Léa Petit");
        assert_eq!(&html[s..e], "L&eacute;a\nPetit");
    }

    #[test]
    fn literal_angle_brackets_and_bad_references_stay_text() {
        let (text, _) = to_text("tension < 12 & pouls &foo; &#xZZ; <3");
        assert_eq!(text, "tension < 12 & pouls &foo; &#xZZ; <3");
        let (text, _) = to_text("&eacute &#146; &#0; &#99999999999;");
        assert_eq!(text, "é ’ \u{fffd} \u{fffd}");
    }

    /// A link to a record, an image's address and a tooltip are read (each on its own line,
    /// mapped to its bytes); anchors, `cid:`, `data:` and scripts are not.
    #[test]
    fn links_sources_and_tooltips_are_read_as_text() {
        let html = "<p>Voir <a href=\"https://dpi.fr/d?nom=DUPUIS&amp;n=1\" title='Mme DUPUIS'>le \
                    dossier</a><a href=\"#haut\">haut</a><img src=\"data:image/png;base64,AAAA\">\
                    <img src=\"cid:photo@x\"><a href=\"javascript:go()\">x</a></p>";
        let (text, runs) = to_text(html);
        assert_eq!(
            text,
            "Voir \nhttps://dpi.fr/d?nom=DUPUIS&n=1\nMme DUPUIS\nle dossierhautx\n"
        );
        let at = text.find("DUPUIS&n").unwrap();
        let src = runs
            .iter()
            .rev()
            .find(|r| r.text as usize <= at)
            .map(|r| r.src as usize + (at - r.text as usize))
            .unwrap();
        assert_eq!(&html[src..src + 6], "DUPUIS");
    }

    #[test]
    fn image_alt_pre_and_unclosed_markup() {
        let (text, _) = to_text("<p>Voir<img src=cid:x alt=\"Radio de M. Durand\">ici</p>");
        assert_eq!(text, "Voir Radio de M. Durand ici\n");
        let (text, _) = to_text("<pre>a\n  b</pre>c");
        assert_eq!(text, "a\n  b\nc");
        let (text, _) = to_text("avant <div class=\"x");
        assert_eq!(text, "avant \n");
        let (text, _) = to_text("<script>never closed");
        assert_eq!(text, "");
    }

    #[test]
    fn windows_1252_with_meta_charset_maps_to_bytes() {
        let html =
            b"<meta charset=\"windows-1252\"><p>Diab\xe8te \x9cd\xe8me, Mme L\xe9a Petit</p>";
        let (source, dec) = decode(html);
        let (text, runs) = to_text(&source);
        let runs = compose(&runs, text.len(), &dec, source.len());
        assert_eq!(text, "Diabète œdème, Mme Léa Petit\n");
        let (s, e) = span(&text, &runs, "Diabète");
        assert_eq!(&html[s..e], b"Diab\xe8te");
        let (s, e) = span(&text, &runs, "Léa Petit");
        assert_eq!(&html[s..e], b"L\xe9a Petit");
    }

    #[test]
    fn utf8_bom_shifts_offsets() {
        let html = "\u{feff}<p>AVC</p>";
        let (source, dec) = decode(html.as_bytes());
        let (text, runs) = to_text(&source);
        let runs = compose(&runs, text.len(), &dec, source.len());
        let (s, e) = span(&text, &runs, "AVC");
        assert_eq!(&html.as_bytes()[s..e], b"AVC");
    }
}
