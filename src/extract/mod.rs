//! Extraction: input bytes → a tree of [`Part`]s, each with text [`Segment`]s that carry a
//! locator back to where they came from, and structured [`Fact`]s (a CDA patient name, a coded
//! diagnosis) that need no scanning.
//!
//! ```
//! use tamis::extract::{extract, Limits};
//!
//! let doc = extract(b"Poids : 64 kg", Some("note.txt"), &Limits::default()).unwrap();
//! assert_eq!(doc.parts.len(), 1);
//! assert_eq!(doc.parts[0].segments[0].text, "Poids : 64 kg");
//! ```
//!
//! The [`Extractor`] drives the recursion: it recognises each piece of bytes by its content
//! ([`sniff`]), hands it to the format's module, and charges every part, nesting level,
//! decompressed byte and second against the [`Limits`]. A format module never fails on bad
//! content: what it cannot read becomes a part with an [`Opaque`] reason, so that the policy can
//! fail closed on it. Only a broken limit is an error for the whole input.
//!
//! Part paths: the root is `""`; the k-th child (1-based) of part `p` is `p.k` (`k` alone under
//! the root). For e-mail these are the MIME part numbers of IMAP; zip entries, embedded PDFs and
//! CDA payloads are numbered the same way, so a path never holds a file name.

pub mod archive;
pub mod calendar;
pub mod cda;
pub mod css;
pub mod html;
pub mod image;
pub mod mail;
pub mod office;
pub mod pdf;
pub mod sniff;
pub mod text;
pub mod xdm;
pub mod xml;

use crate::category::Category;
use std::time::{Duration, Instant};

pub use sniff::Format;

/// Limits on one input. Any of them broken makes the whole input an error (fail closed).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Size of the input as received.
    pub max_input: usize,
    /// Nesting: a PDF in a zip in a forwarded message in a message is depth 3.
    pub max_depth: u32,
    /// Parts in all (MIME parts, zip entries, embedded files, PDF pages do not count).
    pub max_parts: usize,
    /// Pages of all PDFs together.
    pub max_pages: usize,
    /// Bytes produced by decompression and decoding in all (zip entries, PDF streams, base64).
    pub max_expanded: u64,
    /// Expansion ratio of one compressed item (zip entry): expanded / compressed.
    pub max_ratio: u64,
    /// Wall time for the whole input.
    pub max_time: Duration,
    /// Images read by OCR in all (scanned pages, image attachments, TIFF pages): past it an
    /// image stays opaque (blocked) with a notice.
    pub max_ocr_pages: usize,
    /// Pixels of one image given to OCR (an A4 page at 600 dpi is 35 million).
    pub max_ocr_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input: crate::input::DEFAULT_MAX_INPUT,
            max_depth: 8,
            max_parts: 10_000,
            max_pages: 5_000,
            max_expanded: 1 << 30,
            max_ratio: 200,
            max_time: Duration::from_secs(60),
            // About 1.3 s a page on one core: 40 pages fit the minute of `max_time`.
            max_ocr_pages: 40,
            max_ocr_pixels: 40_000_000,
        }
    }
}

/// A broken limit. Messages name the limit, never the content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("input larger than the limit of {limit} bytes")]
    TooLarge { limit: usize },
    #[error("nested deeper than the limit of {limit} levels (part {part})")]
    TooDeep { limit: u32, part: String },
    #[error("more than the limit of {limit} parts")]
    TooManyParts { limit: usize },
    #[error("more than the limit of {limit} PDF pages")]
    TooManyPages { limit: usize },
    #[error("expands to more than the limit of {limit} bytes (part {part})")]
    TooMuchExpanded { limit: u64, part: String },
    #[error("part {part} expands more than {limit} times its compressed size (zip bomb?)")]
    Ratio { limit: u64, part: String },
    #[error("took longer than the limit of {limit:?}")]
    Timeout { limit: Duration },
}

impl ExtractError {
    /// A stable name for logs and counts: `too_large`, `too_deep`, `timeout`…
    pub fn kind(&self) -> &'static str {
        match self {
            ExtractError::TooLarge { .. } => "too_large",
            ExtractError::TooDeep { .. } => "too_deep",
            ExtractError::TooManyParts { .. } => "too_many_parts",
            ExtractError::TooManyPages { .. } => "too_many_pages",
            ExtractError::TooMuchExpanded { .. } => "too_much_expanded",
            ExtractError::Ratio { .. } => "ratio",
            ExtractError::Timeout { .. } => "timeout",
        }
    }
}

/// Why a part could not be read. Each one is reported; the policy fails closed on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opaque {
    /// Encrypted: a PDF with a user password, an encrypted zip entry, S/MIME or PGP.
    Encrypted,
    /// A PDF whose pages (all of them, or the ones listed) carry no text: scanned images.
    ImagePages(Vec<u32>),
    /// An image (PNG, JPEG, TIFF…): would need OCR.
    Image,
    /// An image shown inside an e-mail's HTML body (`cid:`) within the decorative budget
    /// ([`DECORATIVE_PIXELS`]): a logo, a signature banner, a tracking pixel — unless the
    /// input says something about it (a finding in its file name or `Content-ID`: a
    /// `photo-plaie` is no logo), it does not block (`pipeline`).
    InlineImage { width: u32, height: u32 },
    /// A binary format tamis does not read (office documents, executables…).
    Binary,
    /// Damaged or not what it claims to be; the message says what failed, never the content.
    Unreadable(String),
    /// A format tamis recognises but neither reads whole nor rewrites in place: a legacy binary
    /// Office file, a password-protected Office or OpenDocument file, macros, an embedded OLE
    /// object, an imported chunk (`altChunk`). `kind` is the wire name (`legacy_office`,
    /// `encrypted`, `macros`, `embedded_object`, `alt_chunk`), `reason` the French sentence that
    /// tells the sender what to do.
    Refused { kind: &'static str, reason: String },
}

impl Opaque {
    /// Stable wire name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Opaque::Encrypted => "encrypted",
            Opaque::ImagePages(_) => "image_pages",
            Opaque::Image => "image",
            Opaque::InlineImage { .. } => "inline_image",
            Opaque::Binary => "binary",
            Opaque::Unreadable(_) => "unreadable",
            Opaque::Refused { kind, .. } => kind,
        }
    }
}

/// The largest image, in pixels (width × height), that can be a decoration of an e-mail's body:
/// a logo or a signature banner of up to about 400 × 300 (a photo of a wound or a scanned page
/// is far larger). Its file must also hold at most [`DECORATIVE_BYTES`].
pub const DECORATIVE_PIXELS: u64 = 120_000;
/// The largest file of a decorative image.
pub const DECORATIVE_BYTES: usize = 100_000;

/// The pixel size of `bytes` when it is an image within the decorative budget.
pub fn decorative_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() > DECORATIVE_BYTES {
        return None;
    }
    let size = imagesize::blob_size(bytes).ok()?;
    let (w, h) = (
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    );
    (w > 0 && h > 0 && u64::from(w) * u64::from(h) <= DECORATIVE_PIXELS).then_some((w, h))
}

/// Where a segment or fact sits inside its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The text of a text or HTML part, or a decoded e-mail body.
    Body,
    /// An e-mail header (`Subject`, `From`, `To`, `Cc`…): the display names and the subject.
    Header(String),
    /// The part's file name (attachment name, zip entry name).
    FileName,
    /// The text of a PDF page (1-based), Form XObjects included.
    Page(u32),
    /// A PDF Info dictionary entry (`Author`, `Title`…).
    PdfInfo(String),
    /// PDF XMP metadata.
    Xmp,
    /// The contents of a PDF annotation on a page.
    Annotation(u32),
    /// A PDF form field's value; the field's name.
    FormField(String),
    /// A PDF outline (bookmark) title.
    Outline,
    /// An XML element (CDA), as a path `/ClinicalDocument/component/…/section[3]/text`.
    Element(String),
}

impl Origin {
    /// Short wire name (`body`, `header`, `page`…).
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Body => "body",
            Origin::Header(_) => "header",
            Origin::FileName => "filename",
            Origin::Page(_) => "page",
            Origin::PdfInfo(_) => "pdf_info",
            Origin::Xmp => "xmp",
            Origin::Annotation(_) => "annotation",
            Origin::FormField(_) => "form_field",
            Origin::Outline => "outline",
            Origin::Element(_) => "element",
        }
    }
}

/// A run of segment text and the source bytes it comes from: the byte map of a decoding,
/// defined with it in [`crate::input`] (which needs nothing of extraction).
pub use crate::input::Run;

/// A PDF glyph that produced segment text from `text` on (up to the next glyph's `text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    pub text: u32,
    /// Index into [`Part::streams`].
    pub stream: u16,
    /// Index of the text-showing operation (Tj, TJ, ', ") in the decoded content stream.
    pub op: u32,
    /// Index of the glyph inside that operation's strings (0-based, kerning numbers skipped).
    pub glyph: u32,
}

/// How a segment's text offsets map back to the part.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SourceMap {
    /// No byte mapping (a header value, a metadata string): the origin is the locator.
    #[default]
    None,
    /// Text offsets map into the part's source bytes (text, HTML, XML, decoded e-mail body).
    Runs(Vec<Run>),
    /// Text offsets map to PDF glyphs.
    Glyphs(Vec<Glyph>),
    /// Text read by OCR: each word's box in the image it was read from. The scanner reads
    /// such text with the OCR confusions tolerated ([`crate::ocr::confusion`]).
    Boxes(Vec<WordBox>),
    /// The (decoded) value of an e-mail header: header `header` (0-based, in the order written)
    /// of MIME part `part` of the message (mail-parser's numbering, the root `0`). Redaction
    /// rewrites that header.
    Header { part: u32, header: u32 },
}

/// A piece of text to scan, and where it came from.
#[derive(Clone)]
pub struct Segment {
    pub text: String,
    pub origin: Origin,
    pub map: SourceMap,
}

impl std::fmt::Debug for Segment {
    // Never print the text: a Debug line may end up in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segment")
            .field("len", &self.text.len())
            .field("origin", &self.origin.kind())
            .finish_non_exhaustive()
    }
}

/// A byte range in the part's source (or in a segment's text when there is no source map).
pub type Span = (usize, usize);

impl Segment {
    /// A segment whose text is the source bytes `src_start..` verbatim.
    pub fn verbatim(text: String, origin: Origin, src_start: usize) -> Segment {
        let len = text.len() as u32;
        Segment {
            text,
            origin,
            map: SourceMap::Runs(vec![Run {
                text: 0,
                src: src_start as u32,
                src_len: len,
            }]),
        }
    }

    /// The source byte range of segment text `start..end`, when the map has one.
    pub fn source_span(&self, start: usize, end: usize) -> Option<Span> {
        let SourceMap::Runs(runs) = &self.map else {
            return None;
        };
        if runs.is_empty() {
            return None;
        }
        let len = self.text.len();
        let at = |t: usize, is_end: bool| crate::input::map_offset(runs, len, t, is_end);
        Some((at(start, false), at(end, true)))
    }

    /// The source byte ranges behind segment text `start..end`, one per run it touches (a
    /// verbatim run gives the covered bytes, a decoded run — an entity, a transcoded
    /// character — all of its bytes), contiguous ranges joined. Text that crosses markup
    /// (`<b>Jean</b> Dupont`) gives several ranges, and the markup between them is not in any:
    /// replacing the ranges keeps the markup whole. Empty without a byte map.
    pub fn source_pieces(&self, start: usize, end: usize) -> Vec<Span> {
        let SourceMap::Runs(runs) = &self.map else {
            return Vec::new();
        };
        let mut out: Vec<Span> = Vec::new();
        // From the run holding `start` (a search, not a walk: a long Windows-1252 text has a
        // run per accented letter, and a finding must not cost the whole text).
        let mut first = runs
            .partition_point(|r| (r.text as usize) <= start)
            .saturating_sub(1);
        while first > 0 && runs[first - 1].text == runs[first].text {
            first -= 1;
        }
        for (i, r) in runs.iter().enumerate().skip(first) {
            let r_start = r.text as usize;
            if r_start >= end {
                break;
            }
            let r_end = runs.get(i + 1).map_or(self.text.len(), |n| n.text as usize);
            if r_end <= start || r_end <= r_start {
                continue;
            }
            let piece = if r.src_len as usize == r_end - r_start {
                let from = start.max(r_start) - r_start;
                let to = end.min(r_end) - r_start;
                (r.src as usize + from, r.src as usize + to)
            } else {
                (r.src as usize, (r.src + r.src_len) as usize)
            };
            match out.last_mut() {
                Some(last) if last.1 == piece.0 => last.1 = piece.1,
                _ => out.push(piece),
            }
        }
        out
    }

    /// The PDF glyphs behind segment text `start..end`, grouped by (stream, operation) as
    /// inclusive glyph ranges.
    pub fn glyph_ranges(&self, start: usize, end: usize) -> Vec<GlyphRange> {
        let SourceMap::Glyphs(glyphs) = &self.map else {
            return Vec::new();
        };
        // The glyph holding `start`, and any drawn over it that share its text (fake bold).
        let mut first = glyphs
            .partition_point(|g| (g.text as usize) <= start)
            .saturating_sub(1);
        while first > 0 && glyphs[first - 1].text == glyphs[first].text {
            first -= 1;
        }
        let mut out: Vec<GlyphRange> = Vec::new();
        for g in &glyphs[first..] {
            if g.text as usize >= end {
                break;
            }
            match out.last_mut() {
                Some(r) if r.stream == g.stream && r.op == g.op && r.last + 1 == g.glyph => {
                    r.last = g.glyph
                }
                _ => out.push(GlyphRange {
                    stream: g.stream,
                    op: g.op,
                    first: g.glyph,
                    last: g.glyph,
                }),
            }
        }
        out
    }
}

/// A word read by OCR from segment text `text` on (up to the next word's `text`): its box, in
/// pixels of image `image` (a PDF page's image XObject `object`, or the page of an image
/// file), and its confidence (0–100, rounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordBox {
    pub text: u32,
    pub image: u16,
    /// The PDF image XObject read, when the image is one.
    pub object: Option<(u32, u16)>,
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    pub confidence: u8,
    /// The words were read from tamis's own rendering of a page whose text is drawn as paths
    /// (issue 21; `extract/pdf/render.rs`), not from an image: redaction removes the paths
    /// under them (`image` and `object` are then meaningless).
    pub rendered: bool,
}

impl Segment {
    /// A segment of OCR'd text from `page` (words placed by [`crate::ocr::Page::read`]).
    pub fn ocr(
        page: &crate::ocr::Page,
        origin: Origin,
        image: u16,
        object: Option<(u32, u16)>,
    ) -> Segment {
        let boxes = page
            .placed
            .iter()
            .map(|p| {
                let w = &page.words[p.word as usize];
                WordBox {
                    text: p.text,
                    image,
                    object,
                    left: w.left,
                    top: w.top,
                    width: w.width,
                    height: w.height,
                    confidence: w.confidence.clamp(0.0, 100.0).round() as u8,
                    rendered: false,
                }
            })
            .collect();
        Segment {
            text: page.text.clone(),
            origin,
            map: SourceMap::Boxes(boxes),
        }
    }

    /// Whether the text was read by OCR.
    pub fn is_ocr(&self) -> bool {
        matches!(self.map, SourceMap::Boxes(_))
    }
}

/// Consecutive glyphs of one text operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlyphRange {
    pub stream: u16,
    pub op: u32,
    pub first: u32,
    pub last: u32,
}

/// A PDF content stream that glyphs point into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stream {
    /// The content of a page (its `/Contents`, all streams concatenated as PDF readers do).
    Page(u32),
    /// A Form XObject (object number, generation), drawn from a page.
    XObject { page: u32, object: (u32, u16) },
    /// An annotation's appearance stream.
    Appearance { page: u32, object: (u32, u16) },
}

/// Code systems of coded entries (CDA), by their OIDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeSystem {
    Cim10,
    Atc,
    Ccam,
    Loinc,
    SnomedCt,
    /// CIS, CIP or UCD: French drug product codes.
    DrugProduct,
    Other(String),
}

impl CodeSystem {
    /// The code system of an OID.
    pub fn from_oid(oid: &str) -> CodeSystem {
        match oid {
            "2.16.840.1.113883.6.3" => CodeSystem::Cim10,
            "2.16.840.1.113883.6.73" => CodeSystem::Atc,
            "1.2.250.1.215.300.1" | "1.2.250.1.213.2.5" => CodeSystem::Ccam,
            "2.16.840.1.113883.6.1" => CodeSystem::Loinc,
            "2.16.840.1.113883.6.96" => CodeSystem::SnomedCt,
            "1.2.250.1.213.2.3.1"
            | "1.2.250.1.213.2.3.2"
            | "1.2.250.1.213.2.3.3"
            | "1.2.250.1.213.2.62" => CodeSystem::DrugProduct,
            other => CodeSystem::Other(other.to_string()),
        }
    }

    /// Stable wire name.
    pub fn as_str(&self) -> &str {
        match self {
            CodeSystem::Cim10 => "cim10",
            CodeSystem::Atc => "atc",
            CodeSystem::Ccam => "ccam",
            CodeSystem::Loinc => "loinc",
            CodeSystem::SnomedCt => "snomed_ct",
            CodeSystem::DrugProduct => "cis_cip_ucd",
            CodeSystem::Other(oid) => oid,
        }
    }
}

/// Something the format itself says, found without scanning: the patient's name in a CDA
/// header, an INS in `patientRole/id`, a coded diagnosis.
#[derive(Clone)]
pub struct Fact {
    pub category: Category,
    /// The value as written (a name, an identifier, a code's display name).
    pub text: Option<String>,
    /// A code and its system, for coded entries.
    pub code: Option<(CodeSystem, String)>,
    pub origin: Origin,
    /// Source byte range in the part, when known.
    pub span: Option<Span>,
    pub confidence: f32,
    /// The kind of clinical section it is in (a CDA entry, by its section's LOINC code).
    pub section: Option<crate::section::SectionKind>,
}

impl std::fmt::Debug for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fact")
            .field("category", &self.category)
            .field("origin", &self.origin.kind())
            .finish_non_exhaustive()
    }
}

/// One piece of the input: the input itself, a MIME part, a zip entry, an embedded file.
#[derive(Clone)]
pub struct Part {
    /// `""` for the input, `"2.1"` for the first child of the second child.
    pub path: String,
    pub format: Format,
    /// The file name given to it (attachment, zip entry), if any.
    pub name: Option<String>,
    /// The media type it declared (MIME `Content-Type`, CDA `mediaType`), if any.
    pub declared: Option<String>,
    /// Size of its bytes (decoded from any transfer encoding).
    pub size: usize,
    /// PDF pages.
    pub pages: Option<u32>,
    /// Set when the part could not be read (fully or partly: `ImagePages`).
    pub opaque: Option<Opaque>,
    pub segments: Vec<Segment>,
    pub facts: Vec<Fact>,
    /// PDF content streams that [`Glyph::stream`] indexes.
    pub streams: Vec<Stream>,
    /// XML parts: the document's elements and text nodes with their byte spans, and the
    /// element of each segment and fact (what redaction edits by).
    pub xml: Option<std::sync::Arc<xml::Index>>,
    /// Segment text that is in the bytes but not shown to a reader (see [`Hidden`]), sorted by
    /// segment and start.
    pub hidden: Vec<Hidden>,
    /// The clinical section the format puts a segment in, by segment index, in order (a CDA
    /// section narrative, by its section's LOINC code); text headings are found by `locate`.
    pub sections: Vec<(usize, crate::section::SectionKind)>,
}

/// Text of segment `segment`, `start..end`, that a reader of the document does not see
/// although it is in its bytes (a copy-paste or a search reveals it): PDF text in render mode
/// 3 (an OCR layer), white on white, clipped or off the page; HTML hidden by CSS; a DOCX hidden
/// run. It is read, scanned and removed like the rest; the finding's location says `hidden`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hidden {
    pub segment: usize,
    pub start: usize,
    pub end: usize,
}

impl Part {
    /// Whether segment `segment`'s text `start..end` overlaps hidden text.
    pub fn is_hidden(&self, segment: usize, start: usize, end: usize) -> bool {
        let from = self.hidden.partition_point(|h| h.segment < segment);
        self.hidden[from..]
            .iter()
            .take_while(|h| h.segment == segment && h.start < end.max(start + 1))
            .any(|h| h.end > start)
    }

    /// Marks segment `segment`'s text `start..end` hidden (appended: call in order).
    pub fn hide(&mut self, segment: usize, start: usize, end: usize) {
        if start >= end {
            return;
        }
        if let Some(last) = self.hidden.last_mut()
            && last.segment == segment
            && last.end >= start
        {
            last.end = last.end.max(end);
            return;
        }
        self.hidden.push(Hidden {
            segment,
            start,
            end,
        });
    }
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("path", &self.path)
            .field("format", &self.format)
            .field("size", &self.size)
            .field("opaque", &self.opaque.as_ref().map(Opaque::as_str))
            .field("segments", &self.segments.len())
            .field("facts", &self.facts.len())
            .finish_non_exhaustive()
    }
}

impl Part {
    /// An empty part of `format` at `path`.
    pub fn new(path: &str, format: Format, size: usize) -> Part {
        Part {
            path: path.to_string(),
            format,
            name: None,
            declared: None,
            size,
            pages: None,
            opaque: None,
            segments: Vec::new(),
            facts: Vec::new(),
            streams: Vec::new(),
            xml: None,
            hidden: Vec::new(),
            sections: Vec::new(),
        }
    }
}

/// A mailbox from an e-mail header.
#[derive(Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub address: String,
    pub name: Option<String>,
}

impl std::fmt::Debug for Mailbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mailbox(..)")
    }
}

/// The sender and recipients of the top-level message, and the headers the policy reads.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    pub from: Vec<Mailbox>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub bcc: Vec<Mailbox>,
    /// `X-Tamis-Purpose`, `X-MSS-CODECDA`, `X-MSS-INS`… (name as written, value decoded);
    /// `Date` (RFC 3339) and `Message-ID` for the audit of an archive.
    pub headers: Vec<(String, String)>,
}

impl Envelope {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Something about the input worth telling that is not a finding: an MSSanté header that does
/// not match the package, a part that was cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub part: String,
    /// Stable wire name (`mss_header_mismatch`…).
    pub kind: &'static str,
    /// French sentence for the sender; never holds document content.
    pub message: String,
}

/// Everything extracted from one input.
#[derive(Debug, Default)]
pub struct Extraction {
    /// Parts in document order (a parent before its children).
    pub parts: Vec<Part>,
    /// Present when the input is an e-mail.
    pub envelope: Option<Envelope>,
    pub notices: Vec<Notice>,
}

/// Extracts every part of `bytes` (named `name`, e.g. a file name, for format hints only).
pub fn extract(
    bytes: &[u8],
    name: Option<&str>,
    limits: &Limits,
) -> Result<Extraction, ExtractError> {
    let mut x = Extractor::start(bytes, limits)?;
    x.nested("", name, None, bytes, 0)?;
    // The input's own name is the caller's (a path on disk), not part of the content.
    if let Some(root) = x.out.parts.first_mut() {
        root.name = None;
    }
    Ok(x.out)
}

/// Extracts `bytes` as `format`, whatever its content looks like: the entry point of the fuzz
/// targets, which aim at one parser each.
pub fn extract_as(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Extraction, ExtractError> {
    let mut x = Extractor::start(bytes, limits)?;
    x.dispatch(format, "", bytes, 0)?;
    Ok(x.out)
}

/// The recursion driver handed to every format module.
pub struct Extractor<'l> {
    pub limits: &'l Limits,
    started: Instant,
    expanded: u64,
    pages: usize,
    /// Images read by OCR so far, and whether the missing-OCR notice was given.
    ocr_pages: usize,
    ocr_missing_told: bool,
    pub out: Extraction,
}

impl<'l> Extractor<'l> {
    /// A driver for one input of `bytes`, its clock started; errs if the input is too large.
    fn start(bytes: &[u8], limits: &'l Limits) -> Result<Extractor<'l>, ExtractError> {
        if bytes.len() > limits.max_input {
            return Err(ExtractError::TooLarge {
                limit: limits.max_input,
            });
        }
        Ok(Extractor {
            limits,
            started: Instant::now(),
            expanded: 0,
            pages: 0,
            ocr_pages: 0,
            ocr_missing_told: false,
            out: Extraction::default(),
        })
    }

    /// Recognises `bytes` and extracts it as the part at `path`, at nesting `depth`. `name` is
    /// its file name and `declared` its declared media type, if any; both are hints only.
    pub fn nested(
        &mut self,
        path: &str,
        name: Option<&str>,
        declared: Option<&str>,
        bytes: &[u8],
        depth: u32,
    ) -> Result<(), ExtractError> {
        if depth > self.limits.max_depth {
            return Err(ExtractError::TooDeep {
                limit: self.limits.max_depth,
                part: path.to_string(),
            });
        }
        self.check_time()?;
        let format = sniff::sniff(bytes, name, declared);
        let before = self.out.parts.len();
        self.dispatch(format, path, bytes, depth)?;
        // The module pushed the part (first, before its children): give it its name and type.
        if let Some(part) = self.out.parts.get_mut(before) {
            if part.name.is_none() {
                part.name = name.map(str::to_string);
            }
            if part.declared.is_none() {
                part.declared = declared.map(str::to_string);
            }
        }
        Ok(())
    }

    fn dispatch(
        &mut self,
        format: Format,
        path: &str,
        bytes: &[u8],
        depth: u32,
    ) -> Result<(), ExtractError> {
        match format {
            Format::Mail => mail::extract(self, path, bytes, depth)?,
            Format::Pdf => pdf::extract(self, path, bytes, depth)?,
            Format::Cda | Format::Xml => cda::extract(self, path, format, bytes, depth)?,
            Format::Zip | Format::Docx | Format::Xlsx | Format::Odt | Format::Ods => {
                archive::extract(self, path, bytes, depth)?
            }
            Format::Html => html::extract(self, path, bytes)?,
            Format::Text => text::extract(self, path, bytes)?,
            Format::Csv => office::csv::extract(self, path, bytes)?,
            Format::Rtf => office::rtf::extract(self, path, bytes, depth)?,
            Format::Msg => office::msg::extract(self, path, bytes, depth)?,
            Format::Calendar => calendar::extract(self, path, bytes)?,
            Format::Image => image::extract(self, path, bytes)?,
            Format::Binary | Format::Encrypted => {
                let mut part = Part::new(path, format, bytes.len());
                part.opaque = Some(match format {
                    Format::Encrypted => Opaque::Encrypted,
                    // A compound file (legacy Office, an encrypted Office document, an OLE
                    // object) says what it is, and what the sender can do about it.
                    _ => office::cfb::refusal(bytes).unwrap_or(Opaque::Binary),
                });
                // A legacy Excel workbook is still refused, but read for the report.
                if format == Format::Binary {
                    office::xls::read(self, &mut part, bytes)?;
                }
                self.push(part)?;
            }
        }
        Ok(())
    }

    /// Adds a part. A module pushes its own part before recursing into its children, so that
    /// parts come in document order.
    pub fn push(&mut self, part: Part) -> Result<usize, ExtractError> {
        if self.out.parts.len() >= self.limits.max_parts {
            return Err(ExtractError::TooManyParts {
                limit: self.limits.max_parts,
            });
        }
        self.out.parts.push(part);
        Ok(self.out.parts.len() - 1)
    }

    /// The part pushed at `index` (to add segments after its children were read).
    pub fn part_mut(&mut self, index: usize) -> &mut Part {
        &mut self.out.parts[index]
    }

    /// Errs once the input's time is up. Long loops (PDF operations, XML events) call it now
    /// and then.
    pub fn check_time(&self) -> Result<(), ExtractError> {
        if self.started.elapsed() > self.limits.max_time {
            return Err(ExtractError::Timeout {
                limit: self.limits.max_time,
            });
        }
        Ok(())
    }

    /// Charges `bytes` of decompressed or decoded output to the input's budget.
    pub fn charge(&mut self, path: &str, bytes: u64) -> Result<(), ExtractError> {
        self.expanded = self.expanded.saturating_add(bytes);
        if self.expanded > self.limits.max_expanded {
            return Err(ExtractError::TooMuchExpanded {
                limit: self.limits.max_expanded,
                part: path.to_string(),
            });
        }
        Ok(())
    }

    /// Bytes that may still be expanded before the budget is spent (to cap a decoder).
    pub fn expand_budget(&self) -> u64 {
        self.limits.max_expanded.saturating_sub(self.expanded)
    }

    /// Counts `n` PDF pages.
    pub fn charge_pages(&mut self, n: usize) -> Result<(), ExtractError> {
        self.pages = self.pages.saturating_add(n);
        if self.pages > self.limits.max_pages {
            return Err(ExtractError::TooManyPages {
                limit: self.limits.max_pages,
            });
        }
        Ok(())
    }

    /// Whether an image of part `path` (what it shows: `what`) can be read by OCR now: OCR is
    /// installed and its budget not spent. When not, the notice [`Extractor::ocr`] would give
    /// is given (to skip rendering a page nothing will read).
    pub fn ocr_ready(&mut self, path: &str, what: &str) -> bool {
        if self.ocr_pages < self.limits.max_ocr_pages && crate::ocr::available() {
            return true;
        }
        let nothing = crate::ocr::Gray {
            width: 0,
            height: 0,
            dpi: 300,
            pixels: Vec::new(),
        };
        // Gives the notice (missing OCR, spent budget) without reading anything.
        let _ = self.ocr(path, what, &nothing);
        false
    }

    /// Reads `image` by OCR for part `path` (what it shows: `what`, e.g. `page 3`), charging
    /// the input's OCR budget and clock. `None` when the image must stay opaque: OCR is not
    /// installed (one notice per input says how to install it) or the budget is spent (a
    /// notice says so); the caller keeps the part blocked.
    pub fn ocr(
        &mut self,
        path: &str,
        what: &str,
        image: &crate::ocr::Gray,
    ) -> Result<Option<crate::ocr::Page>, ExtractError> {
        self.check_time()?;
        if self.ocr_pages >= self.limits.max_ocr_pages {
            self.notice(
                path,
                "ocr_limit",
                format!(
                    "{what} : non lue, au-delà de la limite de {} images lues par OCR par envoi",
                    self.limits.max_ocr_pages
                ),
            );
            return Ok(None);
        }
        // The decoded pixels were charged by the caller, as any decoded bytes.
        match crate::ocr::recognise(image) {
            Ok(words) => {
                self.ocr_pages += 1;
                self.check_time()?;
                Ok(Some(crate::ocr::Page::read(words)))
            }
            Err(crate::ocr::OcrError::Unavailable(_)) => {
                if !self.ocr_missing_told {
                    self.ocr_missing_told = true;
                    self.notice(
                        path,
                        "ocr_unavailable",
                        format!(
                            "{what} : image non lue, reconnaissance de caractères absente ; {}",
                            crate::ocr::INSTALL_HINT
                        ),
                    );
                }
                Ok(None)
            }
            Err(crate::ocr::OcrError::Failed(_)) => {
                self.notice(
                    path,
                    "ocr_failed",
                    format!("{what} : échec de la lecture par OCR"),
                );
                Ok(None)
            }
        }
    }

    /// Adds a notice.
    pub fn notice(&mut self, part: &str, kind: &'static str, message: String) {
        self.out.notices.push(Notice {
            part: part.to_string(),
            kind,
            message,
        });
    }
}

/// The path of the `k`-th (1-based) child of `parent`.
pub fn child_path(parent: &str, k: usize) -> String {
    if parent.is_empty() {
        k.to_string()
    } else {
        format!("{parent}.{k}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_map_verbatim_and_decoded_text() {
        // Source "a&eacute;b" → text "aéb": 'a' verbatim, 'é' from 8 bytes, 'b' verbatim.
        let seg = Segment {
            text: "aéb".into(),
            origin: Origin::Body,
            map: SourceMap::Runs(vec![
                Run {
                    text: 0,
                    src: 0,
                    src_len: 1,
                },
                Run {
                    text: 1,
                    src: 1,
                    src_len: 8,
                },
                Run {
                    text: 3,
                    src: 9,
                    src_len: 1,
                },
            ]),
        };
        assert_eq!(seg.source_span(0, 4), Some((0, 10)));
        assert_eq!(seg.source_span(1, 3), Some((1, 9)));
        assert_eq!(seg.source_span(3, 4), Some((9, 10)));
        assert_eq!(seg.source_span(0, 1), Some((0, 1)));
    }

    #[test]
    fn source_pieces_skip_the_markup_between_runs() {
        // "<b>Jean</b> Dupont" → text "Jean Dupont": runs at 3 ("Jean") and 11 (" Dupont").
        let seg = Segment {
            text: "Jean Dupont".into(),
            origin: Origin::Body,
            map: SourceMap::Runs(vec![
                Run {
                    text: 0,
                    src: 3,
                    src_len: 4,
                },
                Run {
                    text: 4,
                    src: 11,
                    src_len: 7,
                },
            ]),
        };
        assert_eq!(seg.source_pieces(0, 11), vec![(3, 7), (11, 18)]);
        assert_eq!(seg.source_pieces(5, 11), vec![(12, 18)]);
        assert_eq!(seg.source_pieces(1, 3), vec![(4, 6)]);
    }

    #[test]
    fn glyphs_group_by_operation() {
        let g = |text, op, glyph| Glyph {
            text,
            stream: 0,
            op,
            glyph,
        };
        let seg = Segment {
            text: "Jean Dupont".into(),
            origin: Origin::Page(1),
            map: SourceMap::Glyphs(vec![
                g(0, 3, 0),
                g(1, 3, 1),
                g(2, 3, 2),
                g(3, 3, 3),
                g(4, 3, 4),
                g(5, 5, 0),
                g(6, 5, 1),
                g(7, 5, 2),
                g(8, 5, 3),
                g(9, 5, 4),
                g(10, 5, 5),
            ]),
        };
        let r = seg.glyph_ranges(5, 11);
        assert_eq!(
            r,
            vec![GlyphRange {
                stream: 0,
                op: 5,
                first: 0,
                last: 5
            }]
        );
        // A glyph drawn twice (fake bold) shares its text: both are located.
        let bold = Segment {
            text: "AB".into(),
            origin: Origin::Page(1),
            map: SourceMap::Glyphs(vec![g(0, 1, 0), g(0, 2, 0), g(1, 1, 1), g(1, 2, 1)]),
        };
        let r = bold.glyph_ranges(0, 2);
        assert_eq!(r.len(), 4);
        assert_eq!((r[0].op, r[1].op), (1, 2));
        let r = seg.glyph_ranges(2, 7);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].op, r[0].first, r[0].last), (3, 2, 4));
        assert_eq!((r[1].op, r[1].first, r[1].last), (5, 0, 1));
    }

    #[test]
    fn depth_limit_is_an_error_that_names_the_part() {
        let limits = Limits {
            max_depth: 0,
            ..Limits::default()
        };
        let mut x = Extractor::start(b"x", &limits).unwrap();
        let err = x.nested("2.1", None, None, b"x", 1).unwrap_err();
        assert!(err.to_string().contains("2.1"));
    }
}
