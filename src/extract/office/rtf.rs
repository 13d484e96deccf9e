//! RTF (Rich Text Format: what Word, WordPad, LibreOffice and many care programs export a
//! letter as), read with a tokenizer of its own: RTF is small — groups `{…}`, control words
//! `\name-12`, control symbols `\~`, hexadecimal bytes `\'e9` in the document's code page,
//! Unicode characters `\u233` followed by `\ucN` fallback characters that a Unicode reader
//! skips, and `\bin N` raw bytes.
//!
//! What a reader sees and what it does not is read alike:
//! - the body, one segment (paragraphs and table rows as line breaks, cells as tabs), with
//!   headers, footers, footnotes and text boxes each their own segment;
//! - the document information (`\info`: title, author, company, operator, comments…) and user
//!   properties, one segment per field;
//! - hidden text (`\v`): read and scanned, noted in [`Part::hidden`](super::super::Part);
//! - the destinations of `{\*…}` that carry text: annotations (`\atnid`, `\atnauthor`,
//!   `\annotation`), bookmark names, field instructions (`\fldinst`, a `HYPERLINK
//!   "mailto:…"`), the revision authors' table; other starred destinations are skipped as RTF
//!   says (theme data, data stores, style tables are no text);
//! - pictures (`\pict`) and embedded objects (`\objdata`) are child parts: a picture goes the
//!   way of an image attachment, an OLE object is refused with a reason
//!   ([`Opaque::Refused`](super::super::Opaque)), as in an Office package.
//!
//! Every character maps back to its bytes (a [`Run`] per stretch of plain text, per `\'hh`,
//! per `\uN` with its fallback): redaction (`redact/rtf.rs`) cuts the removed spans out of the
//! text and leaves every control word around them. Line breaks made from `\par`, `\line`,
//! `\cell`… map to an empty range, so a cut never joins two paragraphs.
//!
//! One pass, linear in the input; nesting deeper than [`MAX_DEPTH`] makes the part
//! unreadable (a hostile `{{{{…` is no letter), never a deep recursion.

use crate::extract::{
    ExtractError, Extractor, Format, Opaque, Origin, Part, Run, Segment, SourceMap, child_path,
};
use encoding_rs::Encoding;
use rustc_hash::FxHashMap;

/// Groups nested deeper than this make the part unreadable. Word nests a table in a table in
/// a shape a few dozen levels deep at most.
pub const MAX_DEPTH: usize = 512;

/// Whether `bytes` is an RTF document (after a byte-order mark and blanks).
pub fn looks_like(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    b[start..].starts_with(b"{\\rtf")
}

/// One token and the byte range it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Open,
    Close,
    /// `\name` with its numeric parameter; the delimiting space is part of the token.
    Word(&'a [u8], Option<i32>),
    /// `\` and one character that is not a letter (`\~`, `\*`, `\{`).
    Symbol(u8),
    /// `\'hh`.
    Hex(u8),
    /// Plain bytes (no `\`, `{`, `}`, CR or LF).
    Text(&'a [u8]),
    /// `\binN` and its N raw bytes (the data range).
    Bin(usize, usize),
}

struct Tokens<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (Tok<'a>, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.b;
        loop {
            let start = self.at;
            let c = *b.get(start)?;
            match c {
                b'{' => {
                    self.at += 1;
                    return Some((Tok::Open, start, self.at));
                }
                b'}' => {
                    self.at += 1;
                    return Some((Tok::Close, start, self.at));
                }
                b'\r' | b'\n' => self.at += 1,
                b'\\' => return Some(self.control(start)),
                _ => {
                    let end = b[start..]
                        .iter()
                        .position(|c| matches!(c, b'\\' | b'{' | b'}' | b'\r' | b'\n'))
                        .map_or(b.len(), |n| start + n);
                    self.at = end;
                    return Some((Tok::Text(&b[start..end]), start, end));
                }
            }
        }
    }
}

impl<'a> Tokens<'a> {
    fn control(&mut self, start: usize) -> (Tok<'a>, usize, usize) {
        let b = self.b;
        let Some(&c) = b.get(start + 1) else {
            self.at = b.len();
            return (Tok::Symbol(b'\\'), start, self.at);
        };
        if c == b'\'' {
            let hex = |i: usize| b.get(i).and_then(|&h| (h as char).to_digit(16));
            if let (Some(h), Some(l)) = (hex(start + 2), hex(start + 3)) {
                self.at = start + 4;
                return (Tok::Hex((h * 16 + l) as u8), start, self.at);
            }
            self.at = start + 2;
            return (Tok::Symbol(b'\''), start, self.at);
        }
        if !c.is_ascii_alphabetic() {
            self.at = start + 2;
            // `\` before a line break is a paragraph mark.
            if c == b'\r' || c == b'\n' {
                return (Tok::Word(b"par", None), start, self.at);
            }
            return (Tok::Symbol(c), start, self.at);
        }
        let mut i = start + 1;
        while i < b.len() && b[i].is_ascii_alphabetic() && i - start <= 32 {
            i += 1;
        }
        let name = &b[start + 1..i];
        let mut param = None;
        let neg = b.get(i) == Some(&b'-') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if neg {
            i += 1;
        }
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            let mut v: i64 = 0;
            let mut digits = 0;
            while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                if digits < 10 {
                    v = v * 10 + i64::from(d - b'0');
                }
                digits += 1;
                i += 1;
            }
            let v = if neg { -v } else { v };
            param = Some(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
        }
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
        if name == b"bin" {
            let n = param.unwrap_or(0).max(0) as usize;
            let end = i.saturating_add(n).min(b.len());
            self.at = end;
            return (Tok::Bin(i, end), start, end);
        }
        self.at = i;
        (Tok::Word(name, param), start, i)
    }
}

/// What the text of a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dest {
    /// Text of the current segment (the body, or a destination that opened its own).
    Text,
    /// Not text: skipped (tables, theme data, unknown `{\*…}`).
    Skip,
    /// The font table: `\fN` and `\fcharsetN` give each font's code page.
    Fonts,
    /// `\info`: its fields open segments; text directly in it is skipped.
    Info,
    /// A picture's data (hex or `\bin`).
    Pict,
    /// An embedded object's data.
    ObjData,
}

#[derive(Clone, Copy)]
struct State {
    dest: Dest,
    /// Fallback characters after `\uN`.
    uc: u32,
    hidden: bool,
    /// The code page of the current font (`None`: the document's).
    enc: Option<&'static Encoding>,
    /// The buffer text goes to.
    buf: usize,
    /// Inside `\object` (its `\result` picture is the object's rendering, not a picture of
    /// its own).
    object: bool,
}

/// The text of one segment being read.
struct Buf {
    text: String,
    runs: Vec<Run>,
    origin: Origin,
    hidden: Vec<(usize, usize)>,
}

impl Buf {
    fn new(origin: Origin) -> Buf {
        Buf {
            text: String::new(),
            runs: Vec::new(),
            origin,
            hidden: Vec::new(),
        }
    }

    /// Appends `s` from the source bytes `src..src + src_len` (`src_len == s.len()`: the
    /// same bytes).
    fn push(&mut self, s: &str, src: usize, src_len: usize, hidden: bool) {
        if s.is_empty() {
            return;
        }
        let text = self.text.len();
        if hidden {
            match self.hidden.last_mut() {
                Some(h) if h.1 == text => h.1 = text + s.len(),
                _ => self.hidden.push((text, text + s.len())),
            }
        }
        if let Some(last) = self.runs.last_mut() {
            let len = text as u32 - last.text;
            if last.src_len == len
                && src_len == s.len()
                && (last.src + last.src_len) as usize == src
            {
                last.src_len += src_len as u32;
                self.text.push_str(s);
                return;
            }
        }
        self.runs.push(Run {
            text: text as u32,
            src: src as u32,
            src_len: src_len as u32,
        });
        self.text.push_str(s);
    }

    /// Makes the last run reach source byte `end` (a `\uN`'s fallback characters).
    fn extend_last(&mut self, end: usize) {
        if let Some(last) = self.runs.last_mut() {
            let reach = (end as u32).saturating_sub(last.src);
            last.src_len = last.src_len.max(reach);
        }
    }
}

/// The code page of `\ansicpgN` or `\cpgN`.
fn codepage(n: i32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match n {
        874 => WINDOWS_874,
        932 => SHIFT_JIS,
        936 => GBK,
        949 => EUC_KR,
        950 => BIG5,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1252 => WINDOWS_1252,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        10000 => MACINTOSH,
        65001 => UTF_8,
        _ => return None,
    })
}

/// The code page of a font's `\fcharsetN`.
fn charset(n: i32) -> Option<&'static Encoding> {
    codepage(match n {
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

/// Control words that open a destination whose text is a segment of its own, and the name
/// the segment's origin takes.
fn text_destination(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"header" | b"headerl" | b"headerr" | b"headerf" => "header",
        b"footer" | b"footerl" | b"footerr" | b"footerf" => "footer",
        b"footnote" => "footnote",
        b"annotation" => "annotation",
        b"atnid" => "annotation/id",
        b"atnauthor" => "annotation/author",
        b"fldinst" => "field",
        b"bkmkstart" | b"bkmkend" => "bookmark",
        b"shptxt" | b"dptxbxtext" => "textbox",
        b"revtbl" => "revision_authors",
        b"propname" => "userprops/name",
        b"staticval" => "userprops/value",
        b"tc" | b"txe" | b"xe" => "index",
        _ => return None,
    })
}

/// `\info` fields.
fn info_field(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"title" => "title",
        b"subject" => "subject",
        b"author" => "author",
        b"manager" => "manager",
        b"company" => "company",
        b"operator" => "operator",
        b"category" => "category",
        b"keywords" => "keywords",
        b"comment" => "comment",
        b"doccomm" => "doccomm",
        b"hlinkbase" => "hlinkbase",
        _ => return None,
    })
}

/// Destinations that hold no text a person wrote (or repeat it elsewhere): skipped.
fn skipped_destination(name: &[u8]) -> bool {
    matches!(
        name,
        b"colortbl"
            | b"stylesheet"
            | b"listtable"
            | b"listoverridetable"
            | b"rsidtbl"
            | b"pgdsctbl"
            | b"filetbl"
            | b"listtext"
            | b"pntext"
            | b"pntxta"
            | b"pntxtb"
            | b"nonshppict"
            | b"sn"
            | b"sv"
            | b"objclass"
            | b"objname"
            | b"datafield"
            | b"xmlnstbl"
            | b"themedata"
            | b"colorschememapping"
            | b"datastore"
            | b"latentstyles"
            | b"generator"
            | b"atndate"
            | b"atnicn"
            | b"atnref"
            | b"atntime"
            | b"atrfstart"
            | b"atrfend"
            | b"falt"
            | b"panose"
            | b"fname"
            | b"mmathPr"
            | b"wgrffmtfilter"
            | b"defchp"
            | b"defpap"
            | b"template"
            | b"printim"
            | b"creatim"
            | b"revtim"
            | b"buptim"
    )
}

/// Characters a control word stands for.
fn word_char(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"emdash" => "\u{2014}",
        b"endash" => "\u{2013}",
        b"lquote" => "\u{2018}",
        b"rquote" => "\u{2019}",
        b"ldblquote" => "\u{201C}",
        b"rdblquote" => "\u{201D}",
        b"bullet" => "\u{2022}",
        b"emspace" => "\u{2003}",
        b"enspace" => "\u{2002}",
        b"qmspace" => "\u{2005}",
        _ => return None,
    })
}

/// Structural breaks: text for the scanner, no bytes of their own (a cut never joins two
/// paragraphs or cells).
fn word_break(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"par" | b"sect" | b"page" | b"line" | b"row" | b"nestrow" => "\n",
        b"tab" | b"cell" | b"nestcell" => "\t",
        _ => return None,
    })
}

/// What the reader hands back.
pub struct Read {
    pub segments: Vec<Segment>,
    /// (segment, start, end) of hidden text.
    pub hidden: Vec<(usize, usize, usize)>,
    /// Pictures and objects, in order: (is an object, data bytes).
    pub embedded: Vec<(bool, Vec<u8>)>,
    /// Why the document could not be read to its end, if it could not.
    pub unreadable: Option<String>,
}

/// Reads an RTF document. `tick` is called now and then (the input's clock); `budget` caps
/// the bytes of embedded pictures and objects decoded.
pub fn read(
    bytes: &[u8],
    mut budget: u64,
    mut tick: impl FnMut() -> Result<(), ExtractError>,
) -> Result<Read, ExtractError> {
    let mut doc_enc: &'static Encoding = encoding_rs::WINDOWS_1252;
    let mut fonts: FxHashMap<i32, &'static Encoding> = FxHashMap::default();
    let mut font_def: Option<i32> = None;
    // `\deffN`: the font of text before any `\fN` (its charset may not be the document's).
    let mut deff: Option<i32> = None;
    let mut bufs: Vec<Buf> = vec![Buf::new(Origin::Body)];
    let mut done: Vec<Buf> = Vec::new();
    let mut embedded: Vec<(bool, Vec<u8>)> = Vec::new();
    let mut data: Vec<u8> = Vec::new();
    let mut nibble: Option<u8> = None;
    let mut unreadable = None;
    let root = State {
        dest: Dest::Text,
        uc: 1,
        hidden: false,
        enc: None,
        buf: 0,
        object: false,
    };
    let mut stack: Vec<State> = Vec::new();
    let mut st = root;
    // A group's first control word after `\*`.
    let mut starred = false;
    let mut group_start = false;
    // Fallback characters of a `\uN` still to skip, and whether its run is to be extended.
    let mut skip_left = 0u32;
    let mut skip_extend = false;
    // A high surrogate waiting for its low half (value, source start).
    let mut high: Option<(u16, usize)> = None;
    // Bytes in the code page waiting to be decoded: (byte, start, end).
    let mut pending: Vec<(u8, usize, usize)> = Vec::new();
    let mut count = 0usize;

    let toks = Tokens { b: bytes, at: 0 };
    for (tok, start, end) in toks {
        count += 1;
        if count.is_multiple_of(65_536) {
            tick()?;
        }
        crate::work::add(1);
        // The fallback characters of a `\uN`: skipped, their bytes in its run.
        if skip_left > 0 {
            match tok {
                Tok::Open | Tok::Close => skip_left = 0,
                Tok::Text(t) => {
                    let n = (skip_left as usize).min(t.len());
                    skip_left -= n as u32;
                    if skip_extend && st.dest == Dest::Text {
                        bufs[st.buf].extend_last(start + n);
                    }
                    if n == t.len() {
                        continue;
                    }
                    // The rest of the text is text.
                    let rest = &t[n..];
                    if st.dest == Dest::Text {
                        let dflt = deff.and_then(|f| fonts.get(&f).copied()).unwrap_or(doc_enc);
                        text_bytes(rest, start + n, &st, &mut bufs, &mut pending, dflt);
                    }
                    high = None;
                    continue;
                }
                _ => {
                    skip_left -= 1;
                    if skip_extend && st.dest == Dest::Text {
                        bufs[st.buf].extend_last(end);
                    }
                    continue;
                }
            }
        }
        if !matches!(tok, Tok::Hex(_) | Tok::Text(_)) || st.dest != Dest::Text {
            let dflt = deff.and_then(|f| fonts.get(&f).copied()).unwrap_or(doc_enc);
            flush(
                &mut pending,
                &mut bufs[st.buf],
                st.enc.unwrap_or(dflt),
                st.hidden,
            );
        }
        let first = std::mem::take(&mut group_start);
        match tok {
            Tok::Open => {
                if stack.len() >= MAX_DEPTH {
                    unreadable = Some(format!(
                        "document RTF aux groupes imbriqués sur plus de {MAX_DEPTH} niveaux : \
                         tamis ne le lit pas ; enregistrez-le de nouveau en .docx, .odt ou .pdf"
                    ));
                    break;
                }
                stack.push(st);
                group_start = true;
                starred = false;
                high = None;
            }
            Tok::Close => {
                high = None;
                let Some(outer) = stack.pop() else {
                    // A stray `}` past the document: what follows is not shown, and is read.
                    continue;
                };
                match st.dest {
                    Dest::Pict | Dest::ObjData if outer.dest != st.dest => {
                        let bytes = std::mem::take(&mut data);
                        embedded.push((st.dest == Dest::ObjData, bytes));
                        nibble = None;
                    }
                    Dest::Fonts => font_def = None,
                    _ => {}
                }
                if st.buf != outer.buf
                    && st.buf == bufs.len() - 1
                    && let Some(b) = bufs.pop()
                {
                    done.push(b);
                }
                st = outer;
                if stack.is_empty() {
                    // The document's group is closed: anything after it is not shown by a
                    // reader, but it is in the bytes.
                    st.hidden = true;
                }
            }
            Tok::Symbol(b'*') => {
                starred = first || starred;
                group_start = first;
            }
            Tok::Symbol(c) => {
                if st.dest != Dest::Text {
                    continue;
                }
                let s = match c {
                    b'\\' => "\\",
                    b'{' => "{",
                    b'}' => "}",
                    b'~' => "\u{A0}",
                    b'_' => "\u{2011}",
                    b'\t' => "\t",
                    _ => continue,
                };
                bufs[st.buf].push(s, start, end - start, st.hidden);
            }
            Tok::Hex(h) => match st.dest {
                Dest::Text => pending.push((h, start, end)),
                // `\'hh` in picture data is rare but legal.
                Dest::Pict | Dest::ObjData if budget > 0 => {
                    data.push(h);
                    budget -= 1;
                }
                _ => {}
            },
            Tok::Text(t) => match st.dest {
                Dest::Text => {
                    high = None;
                    let dflt = deff.and_then(|f| fonts.get(&f).copied()).unwrap_or(doc_enc);
                    text_bytes(t, start, &st, &mut bufs, &mut pending, dflt)
                }
                Dest::Pict | Dest::ObjData => {
                    for &c in t {
                        let Some(v) = (c as char).to_digit(16) else {
                            continue;
                        };
                        match nibble.take() {
                            None => nibble = Some(v as u8),
                            Some(h) if budget > 0 => {
                                data.push(h * 16 + v as u8);
                                budget -= 1;
                            }
                            Some(_) => {}
                        }
                    }
                }
                Dest::Fonts | Dest::Skip | Dest::Info => {}
            },
            Tok::Bin(from, to) => {
                if matches!(st.dest, Dest::Pict | Dest::ObjData) {
                    let n = ((to - from) as u64).min(budget) as usize;
                    data.extend_from_slice(&bytes[from..from + n]);
                    budget -= n as u64;
                }
            }
            Tok::Word(name, param) => {
                let is_dest = first;
                // Destinations first: they change what the group is.
                if is_dest || starred {
                    if let Some(what) = text_destination(name) {
                        if st.dest != Dest::Skip {
                            open_buf(&mut bufs, &mut st, format!("rtf/{what}"));
                        }
                        starred = false;
                        continue;
                    }
                    if st.dest == Dest::Info
                        && let Some(field) = info_field(name)
                    {
                        open_buf(&mut bufs, &mut st, format!("rtf/info/{field}"));
                        starred = false;
                        continue;
                    }
                    match name {
                        b"info" | b"userprops" if st.dest != Dest::Skip => {
                            st.dest = Dest::Info;
                            starred = false;
                            continue;
                        }
                        b"fonttbl" => {
                            st.dest = Dest::Fonts;
                            starred = false;
                            continue;
                        }
                        b"pict" if st.dest != Dest::Skip => {
                            st.dest = if st.object { Dest::Skip } else { Dest::Pict };
                            starred = false;
                            continue;
                        }
                        b"objdata" if st.dest != Dest::Skip => {
                            st.dest = Dest::ObjData;
                            starred = false;
                            continue;
                        }
                        b"object" => {
                            st.object = true;
                            starred = false;
                            continue;
                        }
                        // Containers whose parts are read as they come.
                        b"shppict" | b"shp" | b"shpinst" | b"do" | b"result" | b"fldrslt"
                        | b"field" | b"upr" | b"ud" | b"shptxt" => {
                            starred = false;
                            continue;
                        }
                        _ => {}
                    }
                    if starred || skipped_destination(name) {
                        st.dest = Dest::Skip;
                        starred = false;
                        continue;
                    }
                }
                // Inside the font table: each font's code page.
                if st.dest == Dest::Fonts {
                    match (name, param) {
                        (b"f", Some(n)) => font_def = Some(n),
                        (b"fcharset", Some(c)) => {
                            if let (Some(f), Some(e)) = (font_def, charset(c)) {
                                fonts.insert(f, e);
                            }
                        }
                        (b"cpg", Some(c)) => {
                            if let (Some(f), Some(e)) = (font_def, codepage(c)) {
                                fonts.insert(f, e);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                match (name, param) {
                    (b"ansicpg", Some(n)) => {
                        if let Some(e) = codepage(n) {
                            doc_enc = e;
                        }
                    }
                    (b"mac", _) => doc_enc = encoding_rs::MACINTOSH,
                    (b"deff", Some(n)) => deff = Some(n),
                    (b"uc", Some(n)) => st.uc = n.clamp(0, 16) as u32,
                    (b"v", p) => st.hidden = p != Some(0),
                    (b"plain", _) => {
                        st.hidden = false;
                        st.enc = None;
                    }
                    (b"f", Some(n)) => st.enc = Some(fonts.get(&n).copied().unwrap_or(doc_enc)),
                    (b"u", Some(n)) if st.dest == Dest::Text => {
                        let unit = if n < 0 { n + 65_536 } else { n } as u32 as u16;
                        skip_left = st.uc;
                        skip_extend = true;
                        let buf = &mut bufs[st.buf];
                        match unit {
                            0xD800..=0xDBFF => high = Some((unit, start)),
                            0xDC00..=0xDFFF => {
                                if let Some((h, from)) = high.take() {
                                    let c = char::decode_utf16([h, unit])
                                        .next()
                                        .and_then(Result::ok)
                                        .unwrap_or('\u{FFFD}');
                                    let mut tmp = [0u8; 4];
                                    buf.push(c.encode_utf8(&mut tmp), from, end - from, st.hidden);
                                }
                            }
                            _ => {
                                let c = char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}');
                                let mut tmp = [0u8; 4];
                                buf.push(c.encode_utf8(&mut tmp), start, end - start, st.hidden);
                            }
                        }
                        if high.is_some() {
                            // The high half's fallback is skipped too; its bytes go with the
                            // run the low half makes.
                            skip_extend = false;
                        }
                    }
                    _ if st.dest == Dest::Text => {
                        if let Some(s) = word_break(name) {
                            bufs[st.buf].push(s, start, 0, st.hidden);
                        } else if let Some(s) = word_char(name) {
                            bufs[st.buf].push(s, start, end - start, st.hidden);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let dflt = deff.and_then(|f| fonts.get(&f).copied()).unwrap_or(doc_enc);
    flush(
        &mut pending,
        &mut bufs[st.buf],
        st.enc.unwrap_or(dflt),
        st.hidden,
    );
    // Groups left open at the end of the file.
    while let Some(b) = bufs.pop() {
        done.push(b);
    }
    let mut segments = Vec::new();
    let mut hidden = Vec::new();
    // The body first, then the other segments in the order they ended.
    done.sort_by_key(|b| b.origin != Origin::Body);
    for b in done {
        if b.text.trim().is_empty() {
            continue;
        }
        let k = segments.len();
        hidden.extend(b.hidden.iter().map(|&(s, e)| (k, s, e)));
        segments.push(Segment {
            text: b.text,
            origin: b.origin,
            map: SourceMap::Runs(b.runs),
        });
    }
    Ok(Read {
        segments,
        hidden,
        embedded,
        unreadable,
    })
}

/// Opens a segment of its own for the current group.
fn open_buf(bufs: &mut Vec<Buf>, st: &mut State, origin: String) {
    bufs.push(Buf::new(Origin::Element(origin)));
    st.buf = bufs.len() - 1;
    st.dest = Dest::Text;
}

/// Decodes the pending code-page bytes into `buf`: a character per byte in a single-byte code
/// page, the whole sequence as one run in a multi-byte one.
fn flush(
    pending: &mut Vec<(u8, usize, usize)>,
    buf: &mut Buf,
    enc: &'static Encoding,
    hidden: bool,
) {
    if pending.is_empty() {
        return;
    }
    if enc.is_single_byte() {
        for &(b, s, e) in pending.iter() {
            let one = [b];
            let (text, _) = enc.decode_without_bom_handling(&one);
            buf.push(&text, s, e - s, hidden);
        }
    } else {
        let raw: Vec<u8> = pending.iter().map(|p| p.0).collect();
        let (text, _) = enc.decode_without_bom_handling(&raw);
        let (s, e) = (pending[0].1, pending[pending.len() - 1].2);
        buf.push(&text, s, e - s, hidden);
    }
    pending.clear();
}

/// Plain bytes of text: ASCII verbatim, other bytes in the code page.
fn text_bytes(
    t: &[u8],
    start: usize,
    st: &State,
    bufs: &mut [Buf],
    pending: &mut Vec<(u8, usize, usize)>,
    doc: &'static Encoding,
) {
    let mut i = 0;
    while i < t.len() {
        if t[i] >= 0x80 {
            pending.push((t[i], start + i, start + i + 1));
            i += 1;
            continue;
        }
        let j = t[i..]
            .iter()
            .position(|&c| c >= 0x80)
            .map_or(t.len(), |n| i + n);
        // Code-page bytes before this ASCII are decoded first, to keep the order.
        flush(pending, &mut bufs[st.buf], st.enc.unwrap_or(doc), st.hidden);
        // Control characters other than a tab are no text.
        let s: String = t[i..j]
            .iter()
            .map(|&c| {
                if c < 0x20 && c != b'\t' {
                    ' '
                } else {
                    c as char
                }
            })
            .collect();
        bufs[st.buf].push(&s, start + i, j - i, st.hidden);
        i = j;
    }
}

/// Extracts an RTF part: its segments, its pictures and objects as child parts.
pub fn extract(
    x: &mut Extractor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let index = x.push(Part::new(path, Format::Rtf, bytes.len()))?;
    let budget = x.expand_budget();
    let read = read(bytes, budget, || x.check_time())?;
    let mut k = 0;
    for (object, data) in &read.embedded {
        k += 1;
        let child = child_path(path, k);
        x.charge(&child, data.len() as u64)?;
        if *object {
            let mut part = Part::new(&child, Format::Binary, data.len());
            part.opaque = Some(Opaque::Refused {
                kind: "embedded_object",
                reason: "objet OLE incorporé dans le document RTF, que tamis ne sait pas lire : \
                         remplacez-le par son contenu ou joignez-le à part en .pdf"
                    .into(),
            });
            x.push(part)?;
        } else if crate::extract::sniff::sniff(data, None, None) == Format::Image {
            // A PNG or JPEG: the path of an image attachment.
            x.nested(&child, None, None, data, depth + 1)?;
        } else {
            // A Windows metafile or a bitmap without its header: a picture all the same.
            let mut part = Part::new(&child, Format::Image, data.len());
            part.opaque = Some(Opaque::Image);
            x.push(part)?;
        }
    }
    let part = x.part_mut(index);
    part.segments = read.segments;
    for (s, a, b) in read.hidden {
        part.hide(s, a, b);
    }
    if let Some(why) = read.unreadable {
        part.opaque = Some(Opaque::Unreadable(why));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &[u8]) -> Read {
        read(s, 1 << 20, || Ok(())).unwrap()
    }

    fn body(r: &Read) -> &str {
        &r.segments[0].text
    }

    #[test]
    fn text_across_groups_and_escapes_is_one_word() {
        let src: &[u8] = br"{\rtf1\ansi\ansicpg1252\uc1 {\fonttbl{\f0 Arial;}}Diab{\b \'e8}te et scl\u233\'e9rose\par Jean\~Dupont}";
        let r = read_str(src);
        assert_eq!(body(&r), "Diabète et sclérose\nJean\u{A0}Dupont");
        let seg = &r.segments[0];
        let e = seg.text.find('è').unwrap();
        let (a, b) = seg.source_span(e, e + 2).unwrap();
        assert_eq!(&src[a..b], br"\'e8");
        let e = seg.text.find('é').unwrap();
        let (a, b) = seg.source_span(e, e + 2).unwrap();
        assert_eq!(&src[a..b], br"\u233\'e9");
        // A cut over the group keeps its braces and control words.
        let w = seg.text.find("Diab").unwrap();
        let pieces = seg.source_pieces(w, w + "Diabète".len());
        assert_eq!(pieces.len(), 3);
        assert_eq!(&src[pieces[1].0..pieces[1].1], br"\'e8");
    }

    #[test]
    fn info_hidden_annotations_and_fields_are_read() {
        let src: &[u8] = br#"{\rtf1{\info{\title Synth\'e8se}{\author Paul Girard}{\*\company EHPAD}}
Texte {\v cach\'e9} visible{\*\atnid PG}{\*\atnauthor Paul Girard}{\*\annotation Parkinson}
{\field{\*\fldinst HYPERLINK "mailto:a@b.fr"}{\fldrslt lien}}{\*\bkmkstart Dupont}{\*\themedata 0011}{\*\unknown secret}}"#;
        let r = read_str(src);
        let by = |o: &str| {
            r.segments
                .iter()
                .find(|s| s.origin == Origin::Element(o.into()))
                .map(|s| s.text.as_str())
        };
        assert_eq!(body(&r), "Texte caché visiblelien");
        assert_eq!(by("rtf/info/title"), Some("Synthèse"));
        assert_eq!(by("rtf/info/author"), Some("Paul Girard"));
        assert_eq!(by("rtf/info/company"), Some("EHPAD"));
        assert_eq!(by("rtf/annotation/author"), Some("Paul Girard"));
        assert_eq!(by("rtf/annotation"), Some("Parkinson"));
        assert_eq!(by("rtf/field"), Some("HYPERLINK \"mailto:a@b.fr\""));
        assert_eq!(by("rtf/bookmark"), Some("Dupont"));
        assert!(!r.segments.iter().any(|s| s.text.contains("secret")));
        assert!(!r.segments.iter().any(|s| s.text.contains("0011")));
        // "caché" is hidden.
        let h = body(&r).find("caché").unwrap();
        assert_eq!(r.hidden, vec![(0, h, h + "caché".len())]);
    }

    #[test]
    fn pictures_and_objects_are_embedded_parts() {
        let src: &[u8] = br"{\rtf1 a{\pict\pngblip 89504e47}{\object{\*\objdata 0102}{\result{\pict\wmetafile8 0102}}}\bin3 xyzb}";
        let r = read_str(src);
        assert_eq!(body(&r), "ab");
        assert_eq!(
            r.embedded,
            vec![(false, b"\x89PNG".to_vec()), (true, vec![1, 2])]
        );
    }

    #[test]
    fn deep_nesting_is_unreadable_not_a_crash() {
        let mut src = b"{\\rtf1 ".to_vec();
        src.extend(std::iter::repeat_n(b'{', 100_000));
        let r = read_str(&src);
        assert!(r.unreadable.unwrap().contains("imbriqués"));
    }

    #[test]
    fn unicode_fallbacks_and_surrogates() {
        let r = read_str(br"{\rtf1\uc2 a\u8364 XYb\u-10179\'3f\'3f\u-8694 ??c}");
        assert_eq!(body(&r), "a€b😊c");
        let r = read_str(br"{\rtf1\ansicpg1251 \'c4\'e0}");
        assert_eq!(body(&r), "Да");
        // The default font's charset (Central European) over the document's code page.
        let r = read_str(br"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fcharset238 Arial;}{\f1\fcharset0 Times;}}\'b9 {\f1 \'b9}}");
        assert_eq!(body(&r), "ą ¹");
    }

    #[test]
    fn every_cut_of_a_document_reads_without_panic() {
        let src: &[u8] = br"{\rtf1\ansicpg932\uc2{\fonttbl{\f0\fcharset128 MS;}}\f0 \'82\'a0\u-10179\'3f\u-8694 ??{\*\fldinst x}{\pict\bin4 abcd}{\object{\*\objdata 0}}\bin999999 x}";
        for n in 0..=src.len() {
            let r = read_str(&src[..n]);
            for s in &r.segments {
                // Every run points inside the input.
                if let SourceMap::Runs(runs) = &s.map {
                    assert!(runs.iter().all(|r| (r.src + r.src_len) as usize <= n));
                }
            }
        }
    }
}
