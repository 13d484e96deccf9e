//! E-mail (MIME): the message is rebuilt by splicing its own bytes, so that every part with
//! nothing to remove stays byte for byte (boundaries, preamble, other headers, signatures).
//!
//! - Headers that hold names and content (`Subject`, display names of the address headers,
//!   `Thread-Topic`, …) are rewritten from their redacted value: RFC 2047 encoded words for
//!   anything that is not ASCII. An address itself (`jean.dupont@x.fr`) is never rewritten:
//!   the message must still reach its recipients, so a value to remove inside one fails.
//! - Text and HTML bodies read by extraction are redacted in their decoded text (transfer
//!   encoding and charset undone), then written back in UTF-8 (HTML: in its own charset, with
//!   character references) with a transfer encoding that fits the new bytes.
//! - Attachments and forwarded messages go back through [`Redactor::child`] and are re-encoded
//!   in their transfer encoding; a file name to remove is replaced in the `filename` and `name`
//!   parameters (RFC 2231).
//! - A `Content-ID` or `Content-Location` of a MIME part that holds a value to remove (found in
//!   it, or a word of a value removed anywhere in the input) cannot hold a marker: it is
//!   replaced whole by a neutral one (`<tamis-1@redacted.invalid>`, `tamis-2.invalid`), and the
//!   `cid:` URLs (and quoted locations) of the message's HTML and text parts are rewritten to
//!   match, so that the inline image still shows; an old identifier still written in one of
//!   those parts fails the redaction. A `Content-Description` gets markers like a subject.
//! - The top-level message gets an `X-Tamis-Redaction` header: the verdict and the counts per
//!   category, never a value.
//!
//! A `multipart/signed` (S/MIME or PGP/MIME) whose signed content loses a value loses its
//! signature too, which would no longer verify: the signature part is cut out, the container
//! becomes `multipart/mixed`, and the summary header says `signature: removed`. One whose
//! signed content is untouched keeps its signature byte for byte.
//! Lines of the header block that are not fields (scanned by extraction as the message's
//! body text) have their values replaced in place, the marker written in UTF-8.

use super::{
    Edit, RedactError, Redactor, Target, TargetAt, apply_edits, piece_edits, redact_str,
    text::html_ascii,
};
use crate::category::Category;
use crate::extract::mail::{
    ENTITY_HEADERS, EntityHeader, MAX_MULTIPART_NESTING, base64_lenient, decode_charset,
    media_type, parse, percent_decode, qp_lenient, raw_value,
};
use crate::extract::{Format, Origin, SourceMap, Span, child_path};
use mail_parser::{
    Addr, Address, Header, HeaderValue, Message, MessagePart, MimeHeaders, PartType,
};
use std::collections::BTreeMap;

/// Name of the header that says what was done to the message.
pub const SUMMARY_HEADER: &str = "X-Tamis-Redaction";

/// Longest line written in a header or an encoded body (RFC 5322 asks for 78 at most where it
/// can; the hard limit is 998).
const LINE: usize = 76;

/// Redacts the message `bytes`, the part at `path` at nesting `depth`.
pub fn redact(
    r: &mut Redactor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<Vec<u8>, RedactError> {
    let Some(message) = parse(bytes) else {
        return Err(rewrite(path, "the message cannot be parsed again"));
    };
    let Some(root) = message.parts.first() else {
        return Err(rewrite(path, "the message has no part"));
    };
    let nl = line_ending(bytes);
    let mut w = Walk {
        message: &message,
        bytes,
        depth,
        nl,
        edits: Vec::new(),
        cids: Vec::new(),
        locations: Vec::new(),
        unsigned: 0,
    };
    w.own_targets(r, path, root)?;
    match &root.body {
        PartType::Multipart(ids) => w.children(r, path, 0, ids, 1)?,
        _ => w.leaf(r, &child_path(path, 1), root)?,
    }
    if path.is_empty() {
        w.summary_header(r, root);
    }
    Ok(apply_edits(bytes, w.edits))
}

fn rewrite(path: &str, what: &str) -> RedactError {
    RedactError::Rewrite {
        part: path.to_string(),
        what: what.to_string(),
    }
}

/// `"\r\n"` when the message's first line ends so, else `"\n"`.
fn line_ending(bytes: &[u8]) -> &'static str {
    match memchr::memchr(b'\n', bytes) {
        Some(i) if i > 0 && bytes.get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// The rewriting of one message: edits on its bytes.
struct Walk<'a, 'm> {
    message: &'a Message<'m>,
    bytes: &'a [u8],
    depth: u32,
    nl: &'static str,
    edits: Vec<Edit>,
    /// Content-IDs replaced (old, new; without `<>`): the `cid:` references of the message's
    /// HTML parts follow.
    cids: Vec<(String, String)>,
    /// Content-Locations replaced (old, new): quoted references in HTML parts follow.
    locations: Vec<(String, String)>,
    /// `multipart/signed` containers whose signature was cut out.
    unsigned: usize,
}

impl Walk<'_, '_> {
    /// The targets of the message part itself: its header segments, the stray lines of its
    /// header block and the [`ENTITY_HEADERS`](crate::extract::mail::ENTITY_HEADERS) of its
    /// MIME parts.
    fn own_targets(
        &mut self,
        r: &Redactor,
        path: &str,
        root: &MessagePart,
    ) -> Result<(), RedactError> {
        let Some(part) = r.part(path) else {
            return Err(rewrite(path, "part not found in the extraction"));
        };
        // Every header segment names its header (extraction's locator): the entity headers of
        // the MIME parts, and the headers of the message itself.
        let mut entities: Vec<EntityHeader> = Vec::new();
        let mut entity_of: BTreeMap<usize, usize> = BTreeMap::new();
        for (k, seg) in part.segments.iter().enumerate() {
            let (SourceMap::Header { part: p, header }, Origin::Header(name)) =
                (&seg.map, &seg.origin)
            else {
                continue;
            };
            if let Some(name) = ENTITY_HEADERS.iter().find(|n| *n == name) {
                entity_of.insert(k, entities.len());
                entities.push(EntityHeader {
                    part: *p as usize,
                    header: *header as usize,
                    name,
                    text: seg.text.clone(),
                });
            }
        }
        let targets = r.targets(path);
        // Spans to remove per header segment, and per entity header.
        let mut by_segment: BTreeMap<usize, Vec<(Span, Category)>> = BTreeMap::new();
        let mut by_entity: BTreeMap<usize, Vec<(Span, Category)>> = BTreeMap::new();
        let mut stray: Vec<Target> = Vec::new();
        for t in targets {
            let is_header = |segment: usize| {
                part.segments
                    .get(segment)
                    .is_some_and(|s| matches!(s.map, SourceMap::Header { part: 0, .. }))
            };
            match (&t.at, &t.origin) {
                (TargetAt::FileName { .. }, _) => {} // the parent's to remove
                (
                    TargetAt::Text {
                        segment,
                        start,
                        end,
                        ..
                    },
                    Origin::Header(_),
                ) if entity_of.contains_key(segment) || is_header(*segment) => {
                    let spans = match entity_of.get(segment) {
                        Some(&e) => by_entity.entry(e).or_default(),
                        None => by_segment.entry(*segment).or_default(),
                    };
                    spans.push(((*start, *end), t.category));
                }
                (TargetAt::Text { pieces, .. }, Origin::Body) if !pieces.is_empty() => {
                    stray.push(t.clone());
                }
                _ => return Err(r.unsupported(path, "a value in a header it cannot rewrite")),
            }
        }
        for (segment, spans) in by_segment {
            let seg = &part.segments[segment];
            let SourceMap::Header { part: 0, header } = seg.map else {
                debug_assert!(
                    false,
                    "a message header segment names a header of the message"
                );
                return Err(rewrite(path, "header not found"));
            };
            let Some(header) = root.headers.get(header as usize) else {
                debug_assert!(false, "the header extraction read is in the message");
                return Err(rewrite(path, "header not found"));
            };
            let value = header_value(r, path, header, &seg.text, &spans, self.nl)?;
            self.edits.push(Edit {
                span: (header.offset_start as usize, header.offset_end as usize),
                with: value.into_bytes(),
            });
        }
        // Lines of the header block that are not fields: the marker in UTF-8.
        self.edits
            .extend(piece_edits(&stray, |m| m.as_bytes().to_vec()));
        self.entity_edits(r, path, &entities, &by_entity)
    }

    /// The entity headers with something to remove: found in them (`spans`), or a word of a
    /// value removed anywhere in the input (a name written in lower case in an identifier is
    /// not found there, but is the patient's all the same). A `Content-ID` or
    /// `Content-Location` cannot hold a marker: it is replaced whole by a neutral one
    /// (`<tamis-1@redacted.invalid>`), and the HTML parts' references to it follow (see
    /// [`Walk::leaf`]); a `Content-Description` gets markers, or goes when what it holds was
    /// removed elsewhere.
    fn entity_edits(
        &mut self,
        r: &Redactor,
        path: &str,
        entities: &[EntityHeader],
        by_entity: &BTreeMap<usize, Vec<(Span, Category)>>,
    ) -> Result<(), RedactError> {
        if entities.is_empty() {
            return Ok(());
        }
        let removed = r.removed_words();
        let mut n = 0;
        for (k, e) in entities.iter().enumerate() {
            let spans = by_entity.get(&k).map_or(&[][..], Vec::as_slice);
            if spans.is_empty() && !super::holds_a_word(&e.text, &removed) {
                continue;
            }
            let header = self
                .message
                .parts
                .get(e.part)
                .and_then(|p| p.headers.get(e.header));
            let Some(h) = header else {
                return Err(rewrite(path, "MIME header not found"));
            };
            let span = (h.offset_start as usize, h.offset_end as usize);
            let old = raw_value(h, self.bytes);
            let nl = self.nl;
            let with = match e.name {
                "Content-Description" if spans.is_empty() => {
                    // The whole field goes.
                    self.edits.push(Edit {
                        span: (h.offset_field as usize, h.offset_end as usize),
                        with: Vec::new(),
                    });
                    continue;
                }
                "Content-Description" => {
                    let value = redact_str(&e.text, spans);
                    format!(" {}{nl}", encode_unstructured(&value, e.name.len() + 2, nl))
                }
                "Content-ID" => {
                    let new = self.fresh(&mut n, "@redacted.invalid");
                    let old = old.trim().trim_start_matches('<').trim_end_matches('>');
                    self.cids.push((old.trim().to_string(), new.clone()));
                    format!(" <{new}>{nl}")
                }
                _ => {
                    let new = self.fresh(&mut n, ".invalid");
                    self.locations.push((old.trim().to_string(), new.clone()));
                    format!(" {new}{nl}")
                }
            };
            self.edits.push(Edit {
                span,
                with: with.into_bytes(),
            });
        }
        Ok(())
    }

    /// `tamis-N` + `suffix`, with the first N (from `*n + 1`) that the message does not hold
    /// already (a message redacted before has some).
    fn fresh(&self, n: &mut usize, suffix: &str) -> String {
        loop {
            *n += 1;
            let id = format!("tamis-{n}{suffix}");
            if memchr::memmem::find(self.bytes, id.as_bytes()).is_none() {
                return id;
            }
        }
    }

    /// The children `ids` of the multipart `parent_id`, numbered under `parent` as extraction
    /// numbered them.
    fn children(
        &mut self,
        r: &mut Redactor,
        parent: &str,
        parent_id: u32,
        ids: &[u32],
        nesting: u32,
    ) -> Result<(), RedactError> {
        for (k, &id) in ids.iter().enumerate() {
            let path = child_path(parent, k + 1);
            r.check_time()?;
            let Some(part) = self
                .message
                .parts
                .get(id as usize)
                .filter(|_| id > parent_id)
            else {
                continue;
            };
            match &part.body {
                PartType::Multipart(_) if nesting >= MAX_MULTIPART_NESTING => {
                    if r.touched(&path) {
                        return Err(r.unsupported(&path, "values in parts nested too deep"));
                    }
                }
                PartType::Multipart(sub) => self.children(r, &path, id, sub, nesting + 1)?,
                _ => self.leaf(r, &path, part)?,
            }
        }
        if let Some(container) = self.message.parts.get(parent_id as usize)
            && media_type(container) == "multipart/signed"
            && ids.len() == 2
            && r.touched(&child_path(parent, 1))
        {
            self.unsign(parent, container, ids[1])?;
        }
        Ok(())
    }

    /// The signature of the `multipart/signed` `container` (its part `sig_id`) would no longer
    /// verify: the part is cut out with the delimiter line before it, and the container's
    /// `Content-Type` becomes `multipart/mixed` with the same boundary.
    fn unsign(
        &mut self,
        path: &str,
        container: &MessagePart,
        sig_id: u32,
    ) -> Result<(), RedactError> {
        let boundary = container
            .content_type()
            .and_then(|ct| ct.attribute("boundary"))
            .ok_or_else(|| rewrite(path, "a signed part without a boundary"))?
            .to_string();
        let sig = self
            .message
            .parts
            .get(sig_id as usize)
            .ok_or_else(|| rewrite(path, "a signed part without its signature"))?;
        let delimiter = format!("\n--{boundary}");
        let (body, head) = (container.offset_body as usize, sig.offset_header as usize);
        let line_start = |nl_at: usize| {
            if nl_at > 0 && self.bytes.get(nl_at - 1) == Some(&b'\r') {
                nl_at - 1
            } else {
                nl_at
            }
        };
        // The delimiter line that opens the signature part, and the one that follows it (the
        // closing delimiter): their line breaks belong to them (RFC 2046 §5.1.1).
        let before = self
            .bytes
            .get(body.saturating_sub(1)..head)
            .and_then(|b| memchr::memmem::rfind(b, delimiter.as_bytes()))
            .map(|i| line_start(body.saturating_sub(1) + i));
        let after = self
            .bytes
            .get(sig.offset_body as usize..)
            .and_then(|b| memchr::memmem::find(b, delimiter.as_bytes()))
            .map(|i| line_start(sig.offset_body as usize + i));
        let (Some(start), Some(end)) = (before, after) else {
            return Err(rewrite(
                path,
                "the signature part's delimiters are not found",
            ));
        };
        let content_type = container
            .headers
            .iter()
            .find(|h| h.name.as_str().eq_ignore_ascii_case("Content-Type"))
            .ok_or_else(|| rewrite(path, "a signed part without its Content-Type"))?;
        self.edits.push(Edit {
            span: (
                content_type.offset_start as usize,
                content_type.offset_end as usize,
            ),
            with: format!(" multipart/mixed; boundary=\"{boundary}\"{}", self.nl).into_bytes(),
        });
        self.edits.push(Edit {
            span: (start, end),
            with: Vec::new(),
        });
        self.unsigned += 1;
        Ok(())
    }

    /// A part that is not a multipart, at `path`: a body read by extraction, or a child
    /// (attachment, forwarded message) redacted by its own module.
    fn leaf(
        &mut self,
        r: &mut Redactor,
        path: &str,
        part: &MessagePart,
    ) -> Result<(), RedactError> {
        let ct = media_type(part);
        let touched = r.touched(path);
        // HTML refers to inline images by `cid:`; Outlook's plain-text alternative writes the
        // same references as `[cid:image001.png@…]`.
        let refs = matches!(ct.as_str(), "text/html" | "text/plain")
            && !(self.cids.is_empty() && self.locations.is_empty());
        if !touched && !refs {
            return Ok(());
        }
        let raw = self
            .bytes
            .get(part.offset_body as usize..part.offset_end as usize)
            .unwrap_or_default();
        let cte = transfer_encoding(part);
        let decoded = decode(raw, cte.as_deref());
        let mut change = HeaderChange::default();
        let mut new = None;
        if touched {
            let Some(extracted) = r.part(path) else {
                return Err(rewrite(path, "part not found in the extraction"));
            };
            let name = part.attachment_name();
            let attachment = part
                .content_disposition()
                .is_some_and(|d| d.is_attachment());
            let is_message = matches!(part.body, PartType::Message(_))
                || ct == "message/rfc822"
                || ct == "message/global";
            let read_here = matches!(ct.as_str(), "text/plain" | "text/html")
                && name.is_none()
                && !attachment
                && !is_message
                && matches!(extracted.format, Format::Text | Format::Html);
            new = if read_here {
                let (body, charset) = redact_body(r, path, part, &decoded, extracted.format)?;
                change.charset = charset;
                r.summary.rewritten.push(path.to_string());
                Some(body)
            } else {
                let out = r.child(path, &decoded, self.depth + 1)?;
                (out != decoded).then_some(out)
            };
            if let Some(new_name) = new_file_name(r, path, extracted.name.as_deref(), name)? {
                change.file_name = Some(new_name);
            }
        }
        if refs {
            let html = new.as_deref().unwrap_or(&decoded);
            let (out, left) = rewrite_references(html, &self.cids, &self.locations);
            if left {
                return Err(r.unsupported(path, "a reference to a replaced Content-ID"));
            }
            if out != html {
                new = Some(out);
            }
        }
        let mut body_edit = None;
        if let Some(new) = new {
            let (encoding, written) = encode_body(&new, cte.as_deref(), &ct, self.nl, raw);
            if encoding.as_deref() != cte.as_deref() {
                change.cte = encoding;
            }
            body_edit = Some(Edit {
                span: (part.offset_body as usize, part.offset_end as usize),
                with: written,
            });
        }
        self.header_edits(path, part, &change)?;
        self.edits.extend(body_edit);
        Ok(())
    }

    /// Edits of a part's own header fields: charset, transfer encoding, file name.
    fn header_edits(
        &mut self,
        path: &str,
        part: &MessagePart,
        change: &HeaderChange,
    ) -> Result<(), RedactError> {
        if change.is_empty() {
            return Ok(());
        }
        let nl = self.nl;
        let mut has_ct = false;
        let mut has_cte = false;
        let mut named = false;
        for h in &part.headers {
            let name = h.name.as_str();
            let raw = self
                .bytes
                .get(h.offset_start as usize..h.offset_end as usize)
                .unwrap_or_default();
            let span = (h.offset_start as usize, h.offset_end as usize);
            if name.eq_ignore_ascii_case("Content-Type") {
                has_ct = true;
                let mut remove: Vec<&str> = Vec::new();
                let mut add: Vec<String> = Vec::new();
                if let Some(cs) = &change.charset {
                    remove.push("charset");
                    add.push(format!("charset={cs}"));
                }
                if let Some(n) = &change.file_name {
                    if has_param(raw, "name") {
                        named = true;
                    }
                    remove.push("name");
                    add.extend(rfc2231("name", n));
                }
                if !remove.is_empty() {
                    self.edits.push(Edit {
                        span,
                        with: set_params(raw, &remove, &add, nl),
                    });
                }
            } else if name.eq_ignore_ascii_case("Content-Disposition") {
                if let Some(n) = &change.file_name {
                    if has_param(raw, "filename") {
                        named = true;
                    }
                    self.edits.push(Edit {
                        span,
                        with: set_params(raw, &["filename"], &rfc2231("filename", n), nl),
                    });
                }
            } else if name.eq_ignore_ascii_case("Content-Transfer-Encoding") {
                has_cte = true;
                if let Some(cte) = &change.cte {
                    self.edits.push(Edit {
                        span,
                        with: format!(" {cte}{nl}").into_bytes(),
                    });
                }
            }
        }
        if change.file_name.is_some() && !named {
            return Err(RedactError::Rewrite {
                part: path.to_string(),
                what: "the attachment's name is not in a parameter it can rewrite".into(),
            });
        }
        let mut added = String::new();
        if let (Some(cs), false) = (&change.charset, has_ct) {
            added.push_str(&format!("Content-Type: text/plain; charset={cs}{nl}"));
        }
        if let (Some(cte), false) = (&change.cte, has_cte) {
            added.push_str(&format!("Content-Transfer-Encoding: {cte}{nl}"));
        }
        if !added.is_empty() {
            let at = fields_end(part);
            self.edits.push(Edit {
                span: (at, at),
                with: added.into_bytes(),
            });
        }
        Ok(())
    }

    /// `X-Tamis-Redaction: verdict=minimise; removed: diagnosis=2, nir=1` after the last header
    /// field of the message; any such header already there is dropped (it was not ours).
    fn summary_header(&mut self, r: &Redactor, root: &MessagePart) {
        for h in &root.headers {
            if h.name.as_str().eq_ignore_ascii_case(SUMMARY_HEADER) {
                self.edits.push(Edit {
                    span: (h.offset_field as usize, h.offset_end as usize),
                    with: Vec::new(),
                });
            }
        }
        let counts = r.summary.counts();
        let mut line = format!("{SUMMARY_HEADER}: verdict={};", r.verdict().as_str());
        let mut items: Vec<String> = vec!["removed:".into()];
        items.extend(
            counts
                .split(", ")
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
        if items.len() == 1 {
            items.push("none".into());
        }
        let last = items.len() - 1;
        if self.unsigned > 0 {
            // The signature would no longer verify: it was cut out (see `unsign`).
            items[last].push(';');
            items.push("signature: removed".into());
        }
        let mut width = line.len();
        for (k, item) in items.iter().enumerate() {
            let piece = if k < last && k > 0 {
                format!("{item},")
            } else {
                item.clone()
            };
            if width + 1 + piece.len() > LINE {
                line.push_str(self.nl);
                width = 0;
            }
            line.push(' ');
            line.push_str(&piece);
            width += 1 + piece.len();
        }
        line.push_str(self.nl);
        let at = fields_end(root);
        self.edits.push(Edit {
            span: (at, at),
            with: line.into_bytes(),
        });
    }
}

/// Where a new header field goes: after the last field of the part's header block.
fn fields_end(part: &MessagePart) -> usize {
    part.headers
        .iter()
        .map(|h| h.offset_end as usize)
        .max()
        .unwrap_or(part.offset_header as usize)
}

/// What changes in a leaf part's header fields.
#[derive(Default)]
struct HeaderChange {
    charset: Option<String>,
    cte: Option<String>,
    file_name: Option<String>,
}

impl HeaderChange {
    fn is_empty(&self) -> bool {
        self.charset.is_none() && self.cte.is_none() && self.file_name.is_none()
    }
}

/// `html` with its references to replaced MIME parts rewritten: every `cid:` URL whose
/// Content-ID (percent-decoded, compared without case) is in `cids`, every quoted attribute
/// value equal to a location in `locations`. Also says whether an old Content-ID is still
/// written in it (a form this cannot read: redaction must fail).
fn rewrite_references(
    html: &[u8],
    cids: &[(String, String)],
    locations: &[(String, String)],
) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(html.len());
    let mut i = 0;
    while let Some(&b) = html.get(i) {
        let is_cid = html
            .get(i..i + 4)
            .is_some_and(|s| s.eq_ignore_ascii_case(b"cid:"))
            && (i == 0 || html.get(i - 1).is_some_and(|p| !p.is_ascii_alphanumeric()));
        if is_cid {
            let start = i + 4;
            let rest = html.get(start..).unwrap_or_default();
            let len = rest
                .iter()
                .position(|&c| b"\"'<>()[]".contains(&c) || c.is_ascii_whitespace())
                .unwrap_or(rest.len());
            let token = percent_decode(&String::from_utf8_lossy(&rest[..len]));
            if let Some((_, new)) = cids
                .iter()
                .find(|(old, _)| old.eq_ignore_ascii_case(&token))
            {
                out.extend_from_slice(&html[i..start]);
                out.extend_from_slice(new.as_bytes());
                i = start + len;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    for (old, new) in locations {
        for q in ["\"", "'"] {
            out = replace_all(
                &out,
                format!("{q}{old}{q}").as_bytes(),
                format!("{q}{new}{q}").as_bytes(),
            );
        }
    }
    let left = cids.iter().any(|(old, _)| {
        !old.is_empty()
            && out
                .windows(old.len())
                .any(|w| w.eq_ignore_ascii_case(old.as_bytes()))
    });
    (out, left)
}

/// `bytes` with every `from` replaced by `to`.
fn replace_all(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(k) = memchr::memmem::find(rest, from) {
        out.extend_from_slice(&rest[..k]);
        out.extend_from_slice(to);
        rest = &rest[k + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// The declared transfer encoding, lowercased.
fn transfer_encoding(part: &MessagePart) -> Option<String> {
    part.content_transfer_encoding()
        .map(|c| c.trim().to_ascii_lowercase())
}

/// The raw body with its transfer encoding undone, as extraction read it.
fn decode(raw: &[u8], cte: Option<&str>) -> Vec<u8> {
    match cte {
        Some("base64") => base64_lenient(raw).0,
        Some("quoted-printable") => {
            mail_parser::decoders::quoted_printable::quoted_printable_decode(raw)
                .unwrap_or_else(|| qp_lenient(raw))
        }
        _ => raw.to_vec(),
    }
}

/// A body read by extraction, redacted in its decoded text: the new bytes, and the charset to
/// declare when it changes.
fn redact_body(
    r: &Redactor,
    path: &str,
    part: &MessagePart,
    decoded: &[u8],
    format: Format,
) -> Result<(Vec<u8>, Option<String>), RedactError> {
    let label = part.content_type().and_then(|c| c.attribute("charset"));
    let text = decode_charset(decoded, label);
    let mut targets = Vec::new();
    for t in r.targets(path) {
        match &t.at {
            TargetAt::FileName { .. } => {}
            TargetAt::Text { pieces, .. } if !pieces.is_empty() => targets.push(t.clone()),
            _ => return Err(r.unsupported(path, "a value without a place in the body")),
        }
    }
    let html = format == Format::Html;
    let edits = piece_edits(&targets, |m| {
        if html {
            html_ascii(m).into_bytes()
        } else {
            m.as_bytes().to_vec()
        }
    });
    let out = apply_edits(text.as_bytes(), edits);
    let Ok(out) = String::from_utf8(out) else {
        return Err(rewrite(
            path,
            "a value's place is not on character boundaries",
        ));
    };
    if html {
        // HTML stays in its declared charset: what it cannot hold becomes a character
        // reference, and a `<meta charset>` inside still tells the truth.
        // Without a charset tamis knows, extraction read UTF-8, else Windows-1252: the same
        // again, so that every reader reads it as before.
        let enc = label
            .and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes()))
            .or_else(|| {
                std::str::from_utf8(decoded)
                    .is_err()
                    .then_some(encoding_rs::WINDOWS_1252)
            });
        if let Some(enc) = enc
            && enc != encoding_rs::UTF_8
            && enc.output_encoding() == enc
        {
            let (bytes, _, _) = enc.encode(&out);
            return Ok((bytes.into_owned(), None));
        }
    }
    let already_utf8 = label.is_some_and(|l| {
        encoding_rs::Encoding::for_label(l.trim().as_bytes()) == Some(encoding_rs::UTF_8)
    });
    let charset = (!already_utf8).then(|| "utf-8".to_string());
    Ok((out.into_bytes(), charset))
}

/// The new body written in a transfer encoding that fits it: the original one when it still
/// does (base64 and quoted-printable are written again), quoted-printable for 8-bit text that
/// was declared 7-bit, base64 for other content.
fn encode_body(
    new: &[u8],
    cte: Option<&str>,
    ct: &str,
    nl: &str,
    raw: &[u8],
) -> (Option<String>, Vec<u8>) {
    let ends_with_nl = raw.ends_with(b"\n");
    let textual = ct.starts_with("text/") || ct.starts_with("message/");
    let fits_7bit = new.is_ascii() && max_line(new) <= 998 && !new.contains(&0);
    let fits_8bit = max_line(new) <= 998 && !new.contains(&0);
    let choice = match cte {
        Some("base64") => "base64",
        Some("quoted-printable") => "quoted-printable",
        Some("8bit") | Some("binary") if fits_8bit => {
            return (cte.map(str::to_string), new.to_vec());
        }
        _ if fits_7bit => return (cte.map(str::to_string), new.to_vec()),
        _ if textual && !ct.starts_with("message/") => "quoted-printable",
        // A message/rfc822 may only be 7bit, 8bit or binary (RFC 2046).
        _ if ct.starts_with("message/") && fits_8bit => "8bit",
        _ => "base64",
    };
    let mut out = match choice {
        "base64" => base64_lines(new, nl),
        "quoted-printable" => quoted_printable(new, nl),
        _ => new.to_vec(),
    };
    if choice != "8bit" && ends_with_nl && !out.ends_with(b"\n") {
        out.extend_from_slice(nl.as_bytes());
    }
    (Some(choice.to_string()), out)
}

/// The longest line of `bytes`, without its line break.
fn max_line(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l).len())
        .max()
        .unwrap_or(0)
}

/// Base64 in lines of 76 characters.
fn base64_lines(bytes: &[u8], nl: &str) -> Vec<u8> {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = Vec::with_capacity(text.len() + text.len() / LINE * 2 + 2);
    for chunk in text.as_bytes().chunks(LINE) {
        out.extend_from_slice(chunk);
        out.extend_from_slice(nl.as_bytes());
    }
    out
}

/// Quoted-printable (RFC 2045 §6.7): line breaks of the text kept as hard breaks, soft breaks
/// before 76 characters.
fn quoted_printable(bytes: &[u8], nl: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8);
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        let line = if i < last {
            line.strip_suffix(b"\r").unwrap_or(line)
        } else {
            line
        };
        let mut width = 0;
        for (k, &b) in line.iter().enumerate() {
            let at_end = k + 1 == line.len();
            let literal = matches!(b, 33..=60 | 62..=126) || (matches!(b, b' ' | b'\t') && !at_end);
            let piece: Vec<u8> = if literal {
                vec![b]
            } else {
                format!("={b:02X}").into_bytes()
            };
            if width + piece.len() > LINE - 1 {
                out.push(b'=');
                out.extend_from_slice(nl.as_bytes());
                width = 0;
            }
            width += piece.len();
            out.extend_from_slice(&piece);
        }
        if i < last {
            out.extend_from_slice(nl.as_bytes());
        }
    }
    out
}

/// The new file name of the attachment at `path`, when its name holds values to remove.
fn new_file_name(
    r: &Redactor,
    path: &str,
    extracted: Option<&str>,
    declared: Option<&str>,
) -> Result<Option<String>, RedactError> {
    let spans = r.file_name_spans(path);
    if spans.is_empty() {
        return Ok(None);
    }
    let (Some(name), Some(declared)) = (extracted, declared) else {
        return Err(r.unsupported(path, "a file name it cannot find in the headers"));
    };
    if name != declared {
        return Err(r.unsupported(path, "a file name other than the one in the headers"));
    }
    // The markers as in the text (`[retiré : nom]`): the check that runs on the copy knows
    // them; a mail client makes the colon safe when it saves the file.
    Ok(Some(redact_str(name, &spans)))
}

/// Whether the raw header value has parameter `key` (plain or RFC 2231).
fn has_param(raw: &[u8], key: &str) -> bool {
    split_params(raw)
        .iter()
        .skip(1)
        .any(|p| param_key(p).eq_ignore_ascii_case(key))
}

/// Splits a raw structured header value at the `;` outside quoted strings.
fn split_params(raw: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, &b) in raw.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            b';' if !quoted => {
                out.push(&raw[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&raw[start..]);
    out
}

/// A parameter's name without its RFC 2231 section and charset marks (`filename*0*` →
/// `filename`).
fn param_key(param: &[u8]) -> String {
    let key = param
        .iter()
        .position(|&b| b == b'=')
        .map_or(param, |i| &param[..i]);
    let key = String::from_utf8_lossy(key);
    let key = key.trim();
    key.split_once('*').map_or(key, |(k, _)| k).to_string()
}

/// A raw header value (after the colon, through its line break) with parameters `remove`
/// dropped and `add` appended, each on a line of its own.
fn set_params(raw: &[u8], remove: &[&str], add: &[String], nl: &str) -> Vec<u8> {
    let body = raw
        .strip_suffix(b"\n")
        .map(|r| r.strip_suffix(b"\r").unwrap_or(r))
        .unwrap_or(raw);
    let params = split_params(body);
    let mut out: Vec<u8> = Vec::with_capacity(raw.len() + 64);
    for (i, p) in params.iter().enumerate() {
        if i > 0 && remove.iter().any(|k| param_key(p).eq_ignore_ascii_case(k)) {
            continue;
        }
        if i > 0 && p.iter().all(u8::is_ascii_whitespace) {
            continue; // a trailing `;`
        }
        if i > 0 {
            out.push(b';');
        }
        out.extend_from_slice(p);
    }
    while out.last().is_some_and(u8::is_ascii_whitespace) {
        out.pop();
    }
    for a in add {
        out.push(b';');
        let last_line = out.rsplit(|&b| b == b'\n').next().map_or(0, <[u8]>::len);
        // Room for the field name on the first line (`Content-Disposition:`).
        if last_line + a.len() + 22 > LINE {
            out.extend_from_slice(nl.as_bytes());
            out.push(b'\t');
        } else {
            out.push(b' ');
        }
        out.extend_from_slice(a.as_bytes());
    }
    out.extend_from_slice(nl.as_bytes());
    out
}

/// `key*=utf-8''…` (RFC 2231), split into sections `key*0*=`, `key*1*=`… when long.
fn rfc2231(key: &str, value: &str) -> Vec<String> {
    let mut encoded = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    if encoded.len() + key.len() + 10 <= LINE {
        return vec![format!("{key}*=utf-8''{encoded}")];
    }
    let mut out = Vec::new();
    let mut rest = encoded.as_str();
    let mut k = 0;
    while !rest.is_empty() {
        let mut cut = rest.len().min(48);
        // Never split a %XX escape.
        while cut < rest.len()
            && rest
                .as_bytes()
                .get(cut.saturating_sub(2)..cut)
                .is_some_and(|s| s.contains(&b'%'))
        {
            cut -= 1;
        }
        if cut == 0 {
            cut = rest.len().min(48);
        }
        let (head, tail) = rest.split_at(cut);
        let charset = if k == 0 { "utf-8''" } else { "" };
        out.push(format!("{key}*{k}*={charset}{head}"));
        rest = tail;
        k += 1;
    }
    out
}

/// The new raw value (after the colon, through its line break) of a header whose segment text
/// `text` has `spans` to remove.
fn header_value(
    r: &Redactor,
    path: &str,
    header: &Header,
    text: &str,
    spans: &[(Span, Category)],
    nl: &str,
) -> Result<String, RedactError> {
    let value = match &header.value {
        HeaderValue::Address(a) => {
            let layout = address_layout(a);
            if layout.text != text {
                return Err(r.unsupported(path, "a value in an address header it cannot read"));
            }
            rebuild_address(a, &layout, spans, nl).map_err(|what| r.unsupported(path, what))?
        }
        // An address header mail-parser could not read as addresses: rewriting it as text
        // could break the addresses in it.
        _ if crate::extract::mail::is_address_header(header.name.as_str()) => {
            return Err(r.unsupported(path, "a value in an address header it cannot read"));
        }
        _ => encode_unstructured(&redact_str(text, spans), header.name.as_str().len() + 2, nl),
    };
    Ok(format!(" {value}{nl}"))
}

/// Where each display name and address sits in the text extraction made of an address header
/// (`Name <addr>, …`, groups as `Group : a, b;`).
struct AddressLayout {
    text: String,
    /// (group index or none, address index in its list, name span, address span).
    names: Vec<Span>,
    addresses: Vec<Span>,
    groups: Vec<Span>,
}

fn address_layout(a: &Address) -> AddressLayout {
    let mut l = AddressLayout {
        text: String::new(),
        names: Vec::new(),
        addresses: Vec::new(),
        groups: Vec::new(),
    };
    let list = |l: &mut AddressLayout, addrs: &[Addr]| {
        let mut first = true;
        for addr in addrs {
            if addr.name().is_none() && addr.address().is_none() {
                continue;
            }
            if !first {
                l.text.push_str(", ");
            }
            first = false;
            if let Some(n) = addr.name() {
                let s = l.text.len();
                l.text.push_str(n);
                l.names.push((s, l.text.len()));
            }
            if let Some(a) = addr.address() {
                if addr.name().is_some() {
                    l.text.push_str(" <");
                }
                let s = l.text.len();
                l.text.push_str(a);
                l.addresses.push((s, l.text.len()));
                if addr.name().is_some() {
                    l.text.push('>');
                }
            }
        }
    };
    match a {
        Address::List(addrs) => list(&mut l, addrs),
        Address::Group(groups) => {
            for (k, g) in groups.iter().enumerate() {
                if k > 0 {
                    l.text.push_str(", ");
                }
                match &g.name {
                    Some(name) => {
                        let s = l.text.len();
                        l.text.push_str(name);
                        l.groups.push((s, l.text.len()));
                        l.text.push_str(" : ");
                        list(&mut l, &g.addresses);
                        l.text.push(';');
                    }
                    None => list(&mut l, &g.addresses),
                }
            }
        }
    }
    l
}

/// An address header written again with its display names (and group names) redacted; an
/// address with a value to remove in it fails.
fn rebuild_address(
    a: &Address,
    layout: &AddressLayout,
    spans: &[(Span, Category)],
    nl: &str,
) -> Result<String, &'static str> {
    let overlaps = |x: Span, y: Span| x.0 < y.1 && y.0 < x.1;
    for &(s, _) in spans {
        if layout.addresses.iter().any(|&a| overlaps(a, s)) {
            return Err("a value inside a mailbox address");
        }
    }
    // Each name with the spans clipped to it, in the name's own offsets.
    let redact_in = |within: Span| -> String {
        let local: Vec<(Span, Category)> = spans
            .iter()
            .filter(|(s, _)| overlaps(*s, within))
            .map(|&((s, e), c)| ((s.max(within.0) - within.0, e.min(within.1) - within.0), c))
            .collect();
        let name = layout.text.get(within.0..within.1).unwrap_or_default();
        redact_str(name, &local)
    };
    let mut names = layout.names.iter();
    let mut groups = layout.groups.iter();
    let list = |addrs: &[Addr], names: &mut std::slice::Iter<Span>| -> Vec<String> {
        let mut items = Vec::new();
        for addr in addrs {
            let name = match addr.name() {
                Some(_) => names.next().map(|&s| redact_in(s)),
                None => None,
            };
            match (name, addr.address()) {
                (Some(n), Some(a)) => items.push(format!("{} <{a}>", phrase(&n, nl))),
                (None, Some(a)) => items.push(a.to_string()),
                (Some(n), None) => items.push(phrase(&n, nl)),
                (None, None) => {}
            }
        }
        items
    };
    let items: Vec<String> = match a {
        Address::List(addrs) => list(addrs, &mut names),
        Address::Group(gs) => gs
            .iter()
            .map(|g| {
                let members = list(&g.addresses, &mut names).join(", ");
                match &g.name {
                    Some(_) => {
                        let n = groups.next().map(|&s| redact_in(s)).unwrap_or_default();
                        format!("{}: {members};", phrase(&n, nl))
                    }
                    None => members,
                }
            })
            .collect(),
    };
    Ok(items.join(&format!(",{nl} ")))
}

/// A display name as an RFC 5322 phrase: atoms as they are, a quoted string for ASCII with
/// specials, encoded words for anything else.
fn phrase(name: &str, nl: &str) -> String {
    if name.is_empty() {
        return "\"\"".into();
    }
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~ ".contains(c);
    if name.chars().all(atext) && !name.contains("=?") {
        name.to_string()
    } else if name.is_ascii() && !name.contains("=?") && !name.chars().any(|c| c.is_ascii_control())
    {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        encoded_words(name, 0, &format!("{nl} "))
    }
}

/// An unstructured header value (`Subject`): as it is when it is short ASCII, else RFC 2047
/// encoded words; folded so that lines stay short. `used` is the width already taken on the
/// first line (`Subject: `).
fn encode_unstructured(value: &str, used: usize, nl: &str) -> String {
    let plain =
        value.is_ascii() && !value.contains("=?") && !value.chars().any(|c| c.is_ascii_control());
    if !plain {
        return encoded_words(value, used, &format!("{nl} "));
    }
    // Fold at spaces.
    let mut out = String::new();
    let mut width = used;
    for (k, word) in value.split(' ').enumerate() {
        if k > 0 {
            if width + 1 + word.len() > LINE && width > 1 {
                out.push_str(nl);
                width = 0;
            }
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.len();
    }
    out
}

/// `value` as `=?utf-8?b?…?=` words of at most 75 characters, joined by `fold` (a line break
/// and a space). Characters are never split between words.
fn encoded_words(value: &str, used: usize, fold: &str) -> String {
    use base64::Engine as _;
    let b64 = &base64::engine::general_purpose::STANDARD;
    let overhead = "=?utf-8?b??=".len();
    let mut words = Vec::new();
    let mut chunk = String::new();
    let mut first_room = LINE.saturating_sub(used + 1).max(overhead + 8);
    for c in value.chars() {
        let next = chunk.len() + c.len_utf8();
        if !chunk.is_empty() && overhead + next.div_ceil(3) * 4 > first_room.min(75) {
            words.push(format!("=?utf-8?b?{}?=", b64.encode(&chunk)));
            chunk.clear();
            first_room = LINE - 1;
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(format!("=?utf-8?b?{}?=", b64.encode(&chunk)));
    }
    words.join(fold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_round_trips_and_keeps_lines_short() {
        let text = "Léa Petit, diabète — suivi.\nLigne 2 avec espace final \n".repeat(4)
            + &"x".repeat(200);
        let qp = quoted_printable(text.as_bytes(), "\r\n");
        assert!(qp.split(|&b| b == b'\n').all(|l| l.len() <= 77));
        let back = mail_parser::decoders::quoted_printable::quoted_printable_decode(&qp).unwrap();
        // Hard line breaks are written as the message's own.
        assert_eq!(String::from_utf8(back).unwrap(), text.replace('\n', "\r\n"));
    }

    #[test]
    fn encoded_words_decode_to_the_value() {
        let v = "Dossier [retiré : nom] né le [retiré : date de naissance] ".repeat(3);
        let enc = encode_unstructured(&v, 9, "\r\n");
        assert!(enc.is_ascii());
        assert!(enc.split("\r\n").all(|l| l.len() <= 76), "{enc}");
        let msg = format!("Subject: {enc}\r\n\r\nx");
        let m = mail_parser::MessageParser::new()
            .parse(msg.as_bytes())
            .unwrap();
        assert_eq!(m.subject(), Some(v.as_str()));
    }

    #[test]
    fn params_are_replaced_and_others_kept() {
        let raw =
            b" attachment; filename*0*=iso-8859-1''compte;\r\n filename*1*=rendu.pdf; size=12\r\n";
        let out = set_params(
            raw,
            &["filename"],
            &rfc2231("filename", "cr [retiré : nom].pdf"),
            "\r\n",
        );
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            " attachment; size=12;\r\n\tfilename*=utf-8''cr%20%5Bretir%C3%A9%20%3A%20nom%5D.pdf\r\n"
        );
    }

    /// The header `name: value` rebuilt with the value's `spans` removed.
    fn rebuild(value: &str, find: &[&str]) -> Result<String, &'static str> {
        let msg = format!("To: {value}\r\n\r\nx");
        let m = mail_parser::MessageParser::new()
            .parse(msg.as_bytes())
            .unwrap();
        let h = m.parts[0]
            .headers
            .iter()
            .find(|h| h.name.as_str() == "To")
            .unwrap();
        let HeaderValue::Address(a) = &h.value else {
            panic!("not an address")
        };
        let layout = address_layout(a);
        let spans: Vec<(Span, Category)> = find
            .iter()
            .map(|f| {
                let s = layout.text.find(f).expect("in the text");
                ((s, s + f.len()), Category::PersonName)
            })
            .collect();
        rebuild_address(a, &layout, &spans, "\r\n")
    }

    #[test]
    fn display_names_are_redacted_and_addresses_kept() {
        assert_eq!(
            rebuild("\"Petit, Lea\" <lea@x.fr>, Dr B <b@c.fr>", &["Lea"]).unwrap(),
            // "Petit, [retiré : nom]" as an encoded word; the other mailbox as it was.
            "=?utf-8?b?UGV0aXQsIFtyZXRpcsOpIDogbm9tXQ==?= <lea@x.fr>,\r\n Dr B <b@c.fr>"
        );
        let group = rebuild(
            "Equipe Petit: c@d.fr, Jean Dupont <e@f.fr>;",
            &["Petit", "Jean Dupont"],
        )
        .unwrap();
        let msg = format!("To: {group}\r\n\r\nx");
        let m = mail_parser::MessageParser::new()
            .parse(msg.as_bytes())
            .unwrap();
        let HeaderValue::Address(a) = &m.parts[0].headers[0].value else {
            panic!("not an address")
        };
        assert_eq!(
            address_layout(a).text,
            "Equipe [retiré : nom] : c@d.fr, [retiré : nom] <e@f.fr>;"
        );
    }

    #[test]
    fn a_value_inside_an_address_is_refused() {
        assert!(rebuild("Lea Petit <lea.petit@x.fr>", &["petit@x"]).is_err());
        assert!(rebuild("Lea Petit <lea.petit@x.fr>", &["Petit <lea"]).is_err());
    }

    #[test]
    fn ascii_names_with_specials_are_quoted() {
        assert_eq!(phrase("Martin, Claire", "\r\n"), "\"Martin, Claire\"");
        assert_eq!(phrase("Dr B", "\r\n"), "Dr B");
        assert!(phrase("Léa", "\r\n").starts_with("=?utf-8?b?"));
    }

    #[test]
    fn transfer_encodings_fit_the_new_bytes() {
        let raw = b"old\n";
        // 7-bit text that became 8-bit: quoted-printable.
        let (cte, out) = encode_body("é\n".as_bytes(), None, "text/plain", "\n", raw);
        assert_eq!(
            (cte.as_deref(), out.as_slice()),
            (Some("quoted-printable"), &b"=C3=A9\n"[..])
        );
        // 8bit stays 8bit while lines are short.
        let (cte, out) = encode_body("é\n".as_bytes(), Some("8bit"), "text/plain", "\n", raw);
        assert_eq!(
            (cte.as_deref(), out.as_slice()),
            (Some("8bit"), "é\n".as_bytes())
        );
        // ... not past 998 bytes a line.
        let long = "é".repeat(600);
        let (cte, _) = encode_body(long.as_bytes(), Some("8bit"), "text/plain", "\n", raw);
        assert_eq!(cte.as_deref(), Some("quoted-printable"));
        // base64 stays base64, in lines of 76.
        let (cte, out) = encode_body(&[0u8; 100], Some("base64"), "application/pdf", "\r\n", raw);
        assert_eq!(cte.as_deref(), Some("base64"));
        assert!(out.split(|&b| b == b'\n').all(|l| l.len() <= 77));
        // A forwarded message is never base64-encoded when it was not.
        let (cte, _) = encode_body("é\n".as_bytes(), None, "message/rfc822", "\n", raw);
        assert_eq!(cte.as_deref(), Some("8bit"));
        // Binary content declared 7bit: base64.
        let (cte, _) = encode_body(&[0u8, 1, 2], None, "application/octet-stream", "\n", raw);
        assert_eq!(cte.as_deref(), Some("base64"));
    }

    #[test]
    fn a_charset_is_added_or_replaced() {
        let out = set_params(
            b" text/plain\r\n",
            &["charset"],
            &["charset=utf-8".into()],
            "\r\n",
        );
        assert_eq!(out, b" text/plain; charset=utf-8\r\n");
        let out = set_params(
            b" text/plain; charset=\"iso-8859-1\"; format=flowed\n",
            &["charset"],
            &["charset=utf-8".into()],
            "\n",
        );
        assert_eq!(out, b" text/plain; format=flowed; charset=utf-8\n");
    }

    #[test]
    fn cid_references_follow_their_content_id() {
        let cids = vec![(
            "a-b@x.fr".to_string(),
            "tamis-1@redacted.invalid".to_string(),
        )];
        let html = b"<img src=\"cid:a-b@x.fr\"><img src='CID:a%2Db@x.fr'>\
            <div style=\"background:url(cid:a-b@x.fr)\"></div><img src=\"cid:other@x\">";
        let (out, left) = rewrite_references(html, &cids, &[]);
        assert!(!left);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<img src=\"cid:tamis-1@redacted.invalid\"><img src='CID:tamis-1@redacted.invalid'>\
             <div style=\"background:url(cid:tamis-1@redacted.invalid)\"></div><img src=\"cid:other@x\">"
        );
        let (out, left) = rewrite_references(b"Photo :\r\n[cid:a-b@x.fr]\r\n", &cids, &[]);
        assert!(!left);
        assert_eq!(out, b"Photo :\r\n[cid:tamis-1@redacted.invalid]\r\n");
        // The old identifier written some other way: the redaction must fail.
        let (_, left) = rewrite_references(b"<a href=\"mid:a-b@x.fr\">", &cids, &[]);
        assert!(left);
        let locations = vec![(
            "photo-dupuis.png".to_string(),
            "tamis-2.invalid".to_string(),
        )];
        let (out, _) = rewrite_references(b"<img src=\"photo-dupuis.png\">", &[], &locations);
        assert_eq!(out, b"<img src=\"tamis-2.invalid\">");
    }

    #[test]
    fn long_rfc2231_values_are_split_in_sections() {
        let v = "é".repeat(40);
        let parts = rfc2231("filename", &v);
        assert!(parts.len() > 1);
        assert!(parts[0].starts_with("filename*0*=utf-8''%C3%A9"));
        assert!(parts.iter().all(|p| p.len() < 76));
    }
}
