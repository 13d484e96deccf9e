//! E-mail (RFC 5322 / MIME), parsed with mail-parser.
//!
//! The message is a [`Format::Mail`] part whose segments are the headers that hold names and
//! health data: `Subject` (encoded words decoded) and the address headers, with display names and
//! addresses (`Jean Dupont <jean.dupont@gmail.com>`), plus a `Body` segment for any line of the
//! header block that is not a header field (mail-parser skips those), and the `Content-ID`,
//! `Content-Location` and `Content-Description` of every MIME part of the message (an inline
//! image's identifier is often made of the words of its subject: `<photo-plaie-escarre-dupuis@…>`).
//! The top-level message also fills the [`Envelope`] (sender, recipients, `X-*` headers) before
//! its children are read, so that the policy and the MSSanté checks see it whatever the children
//! hold.
//!
//! Children are numbered as IMAP numbers MIME parts: a multipart container is not a part, its
//! children are numbered under its own number (`multipart/mixed [alternative[text, html], pdf]`
//! gives `1.1`, `1.2`, `2`); the body of a single-part message is `1`; the parts of a forwarded
//! message (`message/rfc822`) at `3` are `3.1`, `3.2`…
//!
//! - Text and HTML bodies become `Text` and `Html` parts read here, with offsets into the body as
//!   decoded (transfer encoding and charset).
//! - Attachments and forwarded messages go back through [`Extractor::nested`]: they are
//!   recognised by their content, not their name or declared type, and a forward goes through
//!   this same module one level deeper.
//! - Encrypted content (S/MIME enveloped data, PGP/MIME, inline PGP) is an [`Opaque::Encrypted`]
//!   part, never skipped.
//! - Damage (no header, bad base64 or quoted-printable, a message cut short) never fails: what can
//!   be read is read and the damaged part is marked [`Opaque::Unreadable`].
//!
//! mail-parser also parses nested messages itself, but this module reads each nested message
//! again from its own bytes, so that its depth is counted and its part is built the same way as
//! the top-level one.

use super::{
    Envelope, ExtractError, Extractor, Format, Mailbox, Opaque, Origin, Part, Run, Segment,
    SourceMap, child_path, html, sniff,
};
use mail_parser::{
    Addr, Address, Header, HeaderName, HeaderValue, Message, MessageParser, MessagePart,
    MimeHeaders, PartType,
};
use std::borrow::Cow;

/// Headers scanned as segments, with their names as reported: the subject, the mailboxes
/// (display names and addresses), and the free-text headers some clients add (Outlook copies the
/// subject into `Thread-Topic`).
/// The headers that route a message: their addresses are the envelope, their display names
/// the exchange's correspondents.
pub const ADDRESS_HEADERS: [&str; 6] = ["From", "To", "Cc", "Bcc", "Reply-To", "Sender"];

/// Whether `name` is one of [`ADDRESS_HEADERS`] (case-insensitive).
pub fn is_address_header(name: &str) -> bool {
    ADDRESS_HEADERS.iter().any(|a| a.eq_ignore_ascii_case(name))
}

pub(crate) const SCANNED_HEADERS: [&str; 10] = [
    "Subject",
    "From",
    "To",
    "Cc",
    "Bcc",
    "Reply-To",
    "Sender",
    "Thread-Topic",
    "Comments",
    "Keywords",
];

/// Headers of a message's MIME parts (any part, the message itself included) that hold words
/// the sender's software took from the content: an inline image's `Content-ID`
/// (`<photo-plaie-escarre-dupuis@ch-exemple.fr>`, referenced as `cid:` from the HTML body), its
/// `Content-Location` and its `Content-Description`. They are scanned as segments of the
/// message's own part, after its header segments and stray lines, in the order of
/// [`entity_headers`]; each segment's map names its header ([`SourceMap::Header`]), which
/// redaction rewrites.
pub(crate) const ENTITY_HEADERS: [&str; 3] =
    ["Content-ID", "Content-Location", "Content-Description"];

/// Multiparts nested deeper than this are not read (mail-parser builds them without recursion;
/// walking them here does recurse).
pub(crate) const MAX_MULTIPART_NESTING: u32 = 64;

/// Extracts the message `bytes` as the part at `path`, at nesting `depth`.
pub fn extract(
    x: &mut Extractor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let mut part = Part::new(path, Format::Mail, bytes.len());
    let Some(message) = parse(bytes) else {
        part.opaque = Some(Opaque::Unreadable(
            "message illisible : aucun en-tête reconnu".into(),
        ));
        x.push(part)?;
        return Ok(());
    };
    let Some(root) = message.parts.first() else {
        part.opaque = Some(Opaque::Unreadable("message illisible : vide".into()));
        x.push(part)?;
        return Ok(());
    };
    if !root.headers.iter().any(|h| is_field_name(h.name.as_str())) {
        // Not a message (what sniffing took for one): its bytes are still read as a body.
        part.opaque = Some(Opaque::Unreadable(
            "message illisible : aucun en-tête reconnu".into(),
        ));
    }
    part.segments = header_segments(&root.headers, bytes);
    part.segments.extend(stray_lines(root, bytes));
    part.segments.extend(
        entity_headers(&message, bytes)
            .into_iter()
            .map(|h| Segment {
                text: h.text,
                origin: Origin::Header(h.name.to_string()),
                map: SourceMap::Header {
                    part: h.part as u32,
                    header: h.header as u32,
                },
            }),
    );
    part.declared = Some(media_type(root));
    let top = x.out.envelope.is_none();
    if top {
        x.out.envelope = Some(envelope(root));
    }
    x.push(part)?;
    let mut walker = Walker {
        x,
        message: &message,
        bytes,
        depth,
        shown: shown_images(&message),
    };
    match &root.body {
        PartType::Multipart(ids) => {
            let ctx = Context::default().inside(&media_type(root));
            walker.children(path, 0, ids, ctx, 1)?;
        }
        _ => walker.leaf(&child_path(path, 1), root, Context::default())?,
    }
    // X-MSS-* headers announce an IHE_XDM package: with none attached, they must be absent.
    // (A package found among the attachments was checked against them by `archive`.)
    if top && !x.out.notices.iter().any(|n| n.kind == "xdm_package") {
        let found = x
            .out
            .envelope
            .as_ref()
            .map(super::xdm::check_mss_headers_without_package)
            .unwrap_or_default();
        for (kind, message) in found {
            x.notice(path, kind, message);
        }
    }
    Ok(())
}

/// A header field name as RFC 5322 writes it: printable ASCII without `:`.
pub(crate) fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':')
}

/// Parses a message. mail-parser promises not to panic; a panic is still caught, because a
/// message that makes it panic must become an unreadable part, not a crash.
pub(crate) fn parse(bytes: &[u8]) -> Option<Message<'_>> {
    let parser = MessageParser::new()
        .with_minimal_headers()
        .with_message_ids()
        .header_address(HeaderName::Sender)
        .default_header_text();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(bytes)))
        .ok()
        .flatten()
}

/// `type/subtype` of a part, lowercased; `text/plain` when it declares none (RFC 2045).
pub(crate) fn media_type(part: &MessagePart) -> String {
    match part.content_type() {
        Some(ct) => match &ct.c_subtype {
            Some(sub) => format!("{}/{}", ct.c_type, sub).to_ascii_lowercase(),
            None => ct.c_type.to_ascii_lowercase(),
        },
        None => "text/plain".into(),
    }
}

/// The segments of the headers that carry names and content: `Subject` and address headers.
pub(crate) fn header_segments(headers: &[Header], bytes: &[u8]) -> Vec<Segment> {
    let mut segments = Vec::new();
    for (k, h) in headers.iter().enumerate() {
        let written = h.name.as_str();
        let Some(name) = SCANNED_HEADERS
            .iter()
            .find(|n| n.eq_ignore_ascii_case(written))
        else {
            continue;
        };
        let mut text = match &h.value {
            HeaderValue::Text(t) => t.to_string(),
            HeaderValue::TextList(list) => list.join(", "),
            HeaderValue::Address(a) => format_address(a),
            _ => String::new(),
        };
        if text.trim().is_empty() {
            // Unparsed (or empty): the raw value, so that nothing in it goes unscanned.
            text = raw_value(h, bytes);
        }
        if text.trim().is_empty() {
            continue;
        }
        segments.push(Segment {
            text,
            origin: Origin::Header(name.to_string()),
            map: SourceMap::Header {
                part: 0,
                header: k as u32,
            },
        });
    }
    segments
}

/// One [`ENTITY_HEADERS`] field of one MIME part of a message, as scanned.
pub(crate) struct EntityHeader {
    /// Index of the MIME part in `Message::parts`.
    pub part: usize,
    /// Index of the field in that part's headers.
    pub header: usize,
    /// The field's name as [`ENTITY_HEADERS`] spells it.
    pub name: &'static str,
    /// The text scanned: the description as decoded; an identifier or a location as its words
    /// (`photo plaie escarre dupuis ch exemple fr`: separators would hide words from the
    /// scanner, an e-mail address would swallow them). Never empty.
    pub text: String,
}

/// The [`ENTITY_HEADERS`] fields of every MIME part of `message` (not those of forwarded
/// messages: each is read as a message of its own), in part then field order.
pub(crate) fn entity_headers(message: &Message, bytes: &[u8]) -> Vec<EntityHeader> {
    let mut out = Vec::new();
    for (p, part) in message.parts.iter().enumerate() {
        for (k, h) in part.headers.iter().enumerate() {
            let written = h.name.as_str();
            let Some(name) = ENTITY_HEADERS
                .iter()
                .find(|n| n.eq_ignore_ascii_case(written))
            else {
                continue;
            };
            let text = match *name {
                "Content-Description" => match &h.value {
                    HeaderValue::Text(t) if !t.trim().is_empty() => t.to_string(),
                    _ => raw_value(h, bytes),
                },
                "Content-Location" => identifier_words(&percent_decode(&raw_value(h, bytes))),
                _ => identifier_words(&raw_value(h, bytes)),
            };
            if text.trim().is_empty() {
                continue;
            }
            out.push(EntityHeader {
                part: p,
                header: k,
                name,
                text,
            });
        }
    }
    out
}

/// The letters and digits of an identifier or a URL, runs of anything else as one space.
pub(crate) fn identifier_words(value: &str) -> String {
    value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `%XX` escapes of a URL decoded (as UTF-8, lossily); anything else as it is.
pub(crate) fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |c: Option<&u8>| c.and_then(|c| (*c as char).to_digit(16));
        if b == b'%'
            && let (Some(h), Some(l)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Lines of the header block that are not header fields (no colon, or a "name" with spaces or
/// accents): mail-parser skips them, but a reader's client may show them, so they are scanned as
/// the message's own body text, mapped to their bytes.
fn stray_lines(root: &MessagePart, bytes: &[u8]) -> Option<Segment> {
    let start = root.offset_header as usize;
    let block = bytes.get(start..root.offset_body as usize)?;
    let fields: Vec<(usize, usize)> = root
        .headers
        .iter()
        .filter(|h| is_field_name(h.name.as_str()))
        .map(|h| (h.offset_field as usize, h.offset_end as usize))
        .collect();
    let mut text = String::new();
    let mut runs = Vec::new();
    let mut at = start;
    for line in block.split_inclusive(|&b| b == b'\n') {
        let line_start = at;
        at += line.len();
        let in_field = fields
            .iter()
            .any(|&(s, e)| s <= line_start && line_start < e);
        if in_field || line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let decoded = crate::input::decode(line);
        // UTF-8 is verbatim (after a byte-order mark, if any); a transcoded line is longer than
        // its bytes and maps as a whole.
        let (src, src_len) = if decoded.encoding == "UTF-8" {
            let skipped = line.len() - decoded.text.len();
            (line_start + skipped, decoded.text.len())
        } else {
            (line_start, line.len())
        };
        runs.push(Run {
            text: text.len() as u32,
            src: src as u32,
            src_len: src_len as u32,
        });
        text.push_str(&decoded.text);
    }
    if text.is_empty() {
        return None;
    }
    Some(Segment {
        text,
        origin: Origin::Body,
        map: SourceMap::Runs(runs),
    })
}

/// A header's raw value, unfolded.
pub(crate) fn raw_value(h: &Header, bytes: &[u8]) -> String {
    let raw = bytes
        .get(h.offset_start as usize..h.offset_end as usize)
        .unwrap_or_default();
    let text = crate::input::decode(raw).text;
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Jean Dupont <jean.dupont@gmail.com>, Service <svc@x.fr>` (groups as `Nom : a, b;`).
fn format_address(a: &Address) -> String {
    let one = |addr: &Addr| match (addr.name(), addr.address()) {
        (Some(n), Some(a)) => format!("{n} <{a}>"),
        (None, Some(a)) => a.to_string(),
        (Some(n), None) => n.to_string(),
        (None, None) => String::new(),
    };
    let list = |addrs: &[Addr]| {
        addrs
            .iter()
            .map(one)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match a {
        Address::List(addrs) => list(addrs),
        Address::Group(groups) => groups
            .iter()
            .map(|g| match &g.name {
                Some(name) => format!("{name} : {};", list(&g.addresses)),
                None => list(&g.addresses),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The envelope of the top-level message: mailboxes, `X-*` headers, the root content type, the
/// date (RFC 3339) and the Message-ID.
fn envelope(root: &MessagePart) -> Envelope {
    let mut env = Envelope::default();
    for h in &root.headers {
        let mailboxes = match &h.name {
            HeaderName::From => &mut env.from,
            HeaderName::To => &mut env.to,
            HeaderName::Cc => &mut env.cc,
            HeaderName::Bcc => &mut env.bcc,
            // The date and the Message-ID, for an audit of an archive (`batch`): when it was
            // sent, and how to find it again.
            HeaderName::Date => {
                if let HeaderValue::DateTime(d) = &h.value
                    && d.is_valid()
                {
                    env.headers.push(("Date".into(), d.to_rfc3339()));
                }
                continue;
            }
            HeaderName::MessageId => {
                if let HeaderValue::Text(t) = &h.value {
                    env.headers.push(("Message-ID".into(), t.to_string()));
                }
                continue;
            }
            HeaderName::ContentType => {
                if let HeaderValue::ContentType(ct) = &h.value {
                    let mut value = match &ct.c_subtype {
                        Some(sub) => format!("{}/{}", ct.c_type, sub),
                        None => ct.c_type.to_string(),
                    };
                    for attr in ct.attributes.iter().flatten() {
                        value.push_str(&format!("; {}={}", attr.name, attr.value));
                    }
                    env.headers.push(("Content-Type".into(), value));
                }
                continue;
            }
            other => {
                let name = other.as_str();
                if name.len() > 2 && name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("x-")) {
                    let value = match &h.value {
                        HeaderValue::Text(t) => t.to_string(),
                        HeaderValue::TextList(l) => l.join(", "),
                        _ => String::new(),
                    };
                    env.headers.push((name.to_string(), value));
                }
                continue;
            }
        };
        if let HeaderValue::Address(a) = &h.value {
            for addr in a.iter() {
                if let Some(address) = addr.address() {
                    mailboxes.push(Mailbox {
                        address: address.to_string(),
                        name: addr.name().map(str::to_string),
                    });
                }
            }
        }
    }
    env
}

/// What the enclosing multiparts say about a part.
#[derive(Clone, Copy, Default)]
struct Context {
    /// Inside `multipart/encrypted`.
    encrypted: bool,
    /// Inside `multipart/signed`.
    signed: bool,
}

impl Context {
    /// The context of the children of a multipart of type `ct`.
    fn inside(self, ct: &str) -> Context {
        Context {
            encrypted: self.encrypted || ct == "multipart/encrypted",
            signed: self.signed || ct == "multipart/signed",
        }
    }
}

struct Walker<'a, 'l, 'm> {
    x: &'a mut Extractor<'l>,
    message: &'a Message<'m>,
    /// The message's bytes: part offsets point into them.
    bytes: &'a [u8],
    /// Nesting of the message itself; its parts are one deeper.
    depth: u32,
    /// The `Content-ID`s its HTML bodies show as images (`cid:`), folded.
    shown: Vec<String>,
}

/// The `Content-ID`s that the HTML bodies of `message` reference as `cid:` (lowercase, without
/// angle brackets, percent-decoded): the images shown inside the text.
fn shown_images(message: &Message) -> Vec<String> {
    let mut out = Vec::new();
    for part in &message.parts {
        let PartType::Html(html) = &part.body else {
            continue;
        };
        let lower = html.to_ascii_lowercase();
        for (at, _) in lower.match_indices("cid:") {
            let id: String = lower[at + 4..]
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>' | ')' | '\n' | '\r'))
                .collect();
            if !id.is_empty() {
                out.push(percent_decode(&id));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

impl Walker<'_, '_, '_> {
    /// The children `ids` of the multipart `parent_id`, numbered under `parent`.
    fn children(
        &mut self,
        parent: &str,
        parent_id: u32,
        ids: &[u32],
        ctx: Context,
        nesting: u32,
    ) -> Result<(), ExtractError> {
        for (k, &id) in ids.iter().enumerate() {
            let path = child_path(parent, k + 1);
            self.x.check_time()?;
            // mail-parser numbers a child after its parent; anything else would be a cycle.
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
                    let mut p = Part::new(&path, Format::Mail, 0);
                    p.opaque = Some(Opaque::Unreadable(
                        "parties MIME imbriquées trop profondément : non lues".into(),
                    ));
                    self.x.push(p)?;
                }
                PartType::Multipart(sub) => {
                    let ctx = ctx.inside(&media_type(part));
                    self.children(&path, id, sub, ctx, nesting + 1)?;
                }
                _ => self.leaf(&path, part, ctx)?,
            }
        }
        Ok(())
    }

    /// A part that is not a multipart, at `path`.
    fn leaf(&mut self, path: &str, part: &MessagePart, ctx: Context) -> Result<(), ExtractError> {
        let ct = media_type(part);
        let name = part.attachment_name().map(str::to_string);
        let is_signature = matches!(
            ct.as_str(),
            "application/pkcs7-signature"
                | "application/x-pkcs7-signature"
                | "application/pgp-signature"
        );
        if ctx.signed && is_signature {
            // A detached signature (multipart/signed) holds a hash and certificates, no document
            // content: it is listed, but is not opaque, so it does not block the message.
            return self.listed(path, part, &ct, name, Format::Binary, None);
        }
        if ctx.encrypted && ct == "application/pgp-encrypted" {
            // The PGP/MIME control part ("Version: 1"): no content; its sibling is the payload.
            return self.listed(path, part, &ct, name, Format::Binary, None);
        }
        if ctx.encrypted {
            return self.listed(
                path,
                part,
                &ct,
                name,
                Format::Encrypted,
                Some(Opaque::Encrypted),
            );
        }
        if ct == "application/pkcs7-mime" || ct == "application/x-pkcs7-mime" {
            let smime = part
                .content_type()
                .and_then(|c| c.attribute("smime-type"))
                .map(str::to_ascii_lowercase);
            let opaque = match smime.as_deref() {
                Some("signed-data") | Some("certs-only") => Opaque::Unreadable(
                    "message S/MIME signé en bloc (signed-data) : contenu non lu".into(),
                ),
                Some("compressed-data") => {
                    Opaque::Unreadable("message S/MIME compressé : contenu non lu".into())
                }
                _ => Opaque::Encrypted,
            };
            let format = match opaque {
                Opaque::Encrypted => Format::Encrypted,
                _ => Format::Binary,
            };
            return self.listed(path, part, &ct, name, format, Some(opaque));
        }

        let (bytes, damaged) = decoded(self.x, path, part, self.bytes)?;
        let before = self.x.out.parts.len();
        let disposition_attachment = part
            .content_disposition()
            .is_some_and(|d| d.is_attachment());
        let is_body = matches!(ct.as_str(), "text/plain" | "text/html")
            && name.is_none()
            && !disposition_attachment;
        let is_message = matches!(part.body, PartType::Message(_))
            || ct == "message/rfc822"
            || ct == "message/global";
        let sniffed = sniff::sniff(&bytes, name.as_deref(), Some(&ct));
        // A body is read here unless its content is not text. Inline PGP stays a body: the
        // text around the armour is scanned, and the part is marked encrypted.
        let text_like = matches!(
            sniffed,
            Format::Text | Format::Html | Format::Mail | Format::Encrypted
        );
        if is_body && !is_message && text_like {
            self.body(path, part, &ct, &bytes)?;
        } else {
            // Attachments, forwarded messages, and bodies whose content is not text (a "text"
            // part that holds a PDF is read as a PDF).
            let declared = if is_message && ct.starts_with("text/") {
                "message/rfc822"
            } else {
                ct.as_str()
            };
            self.x.nested(
                path,
                name.as_deref(),
                Some(declared),
                &bytes,
                self.depth + 1,
            )?;
            // An image the HTML body shows, small enough to be a logo: decorative.
            let shown = part.content_id().is_some_and(|id| {
                let id = id.trim().trim_start_matches('<').trim_end_matches('>');
                self.shown.binary_search(&id.to_ascii_lowercase()).is_ok()
            });
            if shown
                && let Some((width, height)) = super::decorative_size(&bytes)
                && let Some(p) = self.x.out.parts.get_mut(before)
                && p.opaque == Some(Opaque::Image)
            {
                p.opaque = Some(Opaque::InlineImage { width, height });
            }
        }
        if damaged && let Some(p) = self.x.out.parts.get_mut(before) {
            p.opaque.get_or_insert_with(|| {
                Opaque::Unreadable(
                    "partie MIME endommagée (encodage invalide ou message tronqué) : lue en partie"
                        .into(),
                )
            });
        }
        Ok(())
    }

    /// Lists a part that is not read: a signature, an encrypted payload.
    fn listed(
        &mut self,
        path: &str,
        part: &MessagePart,
        ct: &str,
        name: Option<String>,
        format: Format,
        opaque: Option<Opaque>,
    ) -> Result<(), ExtractError> {
        self.check_depth(path)?;
        let size = match &part.body {
            PartType::Multipart(_) => 0,
            _ => part.contents().len(),
        };
        let mut p = Part::new(path, format, size);
        p.name = name;
        p.declared = Some(ct.to_string());
        p.opaque = opaque;
        self.x.push(p)?;
        Ok(())
    }

    /// A text or HTML body, decoded with its charset.
    fn body(
        &mut self,
        path: &str,
        part: &MessagePart,
        ct: &str,
        bytes: &[u8],
    ) -> Result<(), ExtractError> {
        self.check_depth(path)?;
        let charset = part.content_type().and_then(|c| c.attribute("charset"));
        let text = decode_charset(bytes, charset);
        let encrypted = text.contains("-----BEGIN PGP MESSAGE-----");
        let mut hidden = Vec::new();
        let (format, segment) = if ct == "text/html" {
            // What CSS hides from the reader (a preheader, white text) is read all the same,
            // and said hidden.
            let (body, runs, h) = html::to_text_hidden(&text);
            hidden = h;
            let segment = Segment {
                text: body,
                origin: Origin::Body,
                map: SourceMap::Runs(runs),
            };
            (Format::Html, segment)
        } else {
            (Format::Text, Segment::verbatim(text, Origin::Body, 0))
        };
        let mut p = Part::new(path, format, bytes.len());
        for (start, end) in hidden {
            p.hide(0, start, end);
        }
        p.declared = Some(ct.to_string());
        if encrypted {
            // Inline PGP: the text around the armour is still scanned.
            p.opaque = Some(Opaque::Encrypted);
        }
        p.segments.push(segment);
        self.x.push(p)?;
        Ok(())
    }

    /// A part below this message is one level deeper than it.
    fn check_depth(&self, path: &str) -> Result<(), ExtractError> {
        if self.depth + 1 > self.x.limits.max_depth {
            return Err(ExtractError::TooDeep {
                limit: self.x.limits.max_depth,
                part: path.to_string(),
            });
        }
        Ok(())
    }
}

/// The bytes of `part` (in the message `bytes`) with the transfer encoding undone, and whether
/// they are damaged. Borrowed when nothing had to be decoded here.
fn decoded<'p>(
    x: &mut Extractor,
    path: &str,
    part: &'p MessagePart,
    bytes: &'p [u8],
) -> Result<(Cow<'p, [u8]>, bool), ExtractError> {
    let raw = bytes
        .get(part.offset_body as usize..part.offset_end as usize)
        .unwrap_or_default();
    let cte = part
        .content_transfer_encoding()
        .map(|c| c.trim().to_ascii_lowercase());
    let decoding = matches!(cte.as_deref(), Some("base64" | "quoted-printable"));
    // Decoded output is never larger than its source: refuse before decoding when the budget
    // cannot hold the source.
    if decoding && raw.len() as u64 > x.expand_budget() {
        x.charge(path, raw.len() as u64)?;
    }
    let (out, damaged): (Cow<'p, [u8]>, bool) = match (&part.body, part.is_encoding_problem) {
        (PartType::Binary(b) | PartType::InlineBinary(b), false) => (Cow::Borrowed(b), false),
        (_, problem) => match cte.as_deref() {
            Some("base64") => {
                let (out, bad) = base64_lenient(raw);
                (Cow::Owned(out), bad || problem)
            }
            Some("quoted-printable") => {
                match mail_parser::decoders::quoted_printable::quoted_printable_decode(raw) {
                    Some(out) => (Cow::Owned(out), problem),
                    None => (Cow::Owned(qp_lenient(raw)), true),
                }
            }
            _ => (Cow::Borrowed(raw), false),
        },
    };
    if decoding {
        x.charge(path, out.len() as u64)?;
    }
    Ok((out, damaged))
}

/// Text of a body in its declared charset; UTF-8, else Windows-1252, when it declares none or
/// one that is unknown. (`iso-8859-1` is read as Windows-1252, as browsers and mail clients do.)
pub(crate) fn decode_charset(bytes: &[u8], charset: Option<&str>) -> String {
    let declared = charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()));
    match declared {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            let (text, _) = enc.decode_with_bom_removal(bytes);
            text.into_owned()
        }
        _ => crate::input::decode(bytes).text.into_owned(),
    }
}

/// Base64 decoding that reads what it can: characters outside the alphabet are skipped, `=`
/// ends a group. Returns the bytes and whether anything was skipped or left over.
pub(crate) fn base64_lenient(raw: &[u8]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(raw.len() / 4 * 3);
    let mut chunk: u32 = 0;
    let mut count = 0u8;
    let mut bad = false;
    for &b in raw {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                flush(&mut out, chunk, count);
                count = 0;
                chunk = 0;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => {
                bad = true;
                continue;
            }
        };
        chunk = (chunk << 6) | u32::from(v);
        count += 1;
        if count == 4 {
            out.extend_from_slice(&chunk.to_be_bytes()[1..]);
            count = 0;
            chunk = 0;
        }
    }
    if count != 0 {
        bad = true;
        flush(&mut out, chunk, count);
    }
    (out, bad)
}

/// The bytes of an incomplete base64 group of `count` characters.
fn flush(out: &mut Vec<u8>, chunk: u32, count: u8) {
    match count {
        2 => out.push((chunk >> 4) as u8),
        3 => out.extend_from_slice(&[(chunk >> 10) as u8, (chunk >> 2) as u8]),
        _ => {}
    }
}

/// Quoted-printable decoding that keeps invalid escapes as they are.
pub(crate) fn qp_lenient(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'=' {
            let hex = |c: Option<&u8>| c.and_then(|c| (*c as char).to_digit(16));
            match (hex(raw.get(i + 1)), hex(raw.get(i + 2))) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ if raw.get(i + 1) == Some(&b'\n') => {
                    i += 2;
                    continue;
                }
                _ if raw.get(i + 1) == Some(&b'\r') && raw.get(i + 2) == Some(&b'\n') => {
                    i += 3;
                    continue;
                }
                _ => {}
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Limits, extract};

    fn parts(bytes: &[u8]) -> Vec<(String, &'static str, Option<&'static str>)> {
        let doc = extract(bytes, None, &Limits::default()).unwrap();
        doc.parts
            .iter()
            .map(|p| {
                (
                    p.path.clone(),
                    p.format.as_str(),
                    p.opaque.as_ref().map(Opaque::as_str),
                )
            })
            .collect()
    }

    #[test]
    fn single_part_body_is_part_1() {
        let m = b"From: a@b.fr\r\nTo: c@d.fr\r\nSubject: AVC\r\n\r\nBonjour\r\n";
        let p = parts(m);
        assert_eq!(
            p,
            vec![("".into(), "mail", None), ("1".into(), "text", None)]
        );
    }

    #[test]
    fn subject_mailboxes_and_free_text_headers_are_segments() {
        let m = "From: =?utf-8?q?L=C3=A9a_Petit?= <lea.petit@x.fr>\r\n\
                 To: a@b.fr, \"Dr B\" <b@c.fr>\r\nCc: Equipe: c@d.fr, e@f.fr;\r\n\
                 Subject: =?utf-8?q?Diab=C3=A8te?=\r\nThread-Topic: Suivi AVC\r\n\
                 X-Mailer: test\r\n\r\nBonjour\r\n";
        let parts = as_mail(m.as_bytes());
        let segs: Vec<(String, &str)> = parts[0]
            .segments
            .iter()
            .map(|s| match &s.origin {
                Origin::Header(h) => (h.clone(), s.text.as_str()),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            segs,
            vec![
                ("From".to_string(), "Léa Petit <lea.petit@x.fr>"),
                ("To".to_string(), "a@b.fr, Dr B <b@c.fr>"),
                ("Cc".to_string(), "Equipe : c@d.fr, e@f.fr;"),
                ("Subject".to_string(), "Diabète"),
                ("Thread-Topic".to_string(), "Suivi AVC"),
            ]
        );
    }

    #[test]
    fn lines_in_the_header_block_that_are_not_fields_are_scanned() {
        let m = b"From: a@b.fr\r\nTo: c@d.fr\r\nMme Lea Petit, diabete\r\nSubject: x\r\nnot a name: AVC\r\n\r\nBody\r\n";
        let parts = as_mail(m);
        let seg = parts[0]
            .segments
            .iter()
            .find(|s| s.origin == Origin::Body)
            .expect("stray lines segment");
        assert_eq!(seg.text, "Mme Lea Petit, diabete\r\nnot a name: AVC\r\n");
        let s = seg.text.find("AVC").unwrap();
        let (a, b) = seg.source_span(s, s + 3).unwrap();
        assert_eq!(&m[a..b], b"AVC");
        assert_eq!(parts[1].segments[0].text, "Body\r\n");
    }

    #[test]
    fn opaque_smime_signed_data_is_unreadable_not_encrypted() {
        let m = b"From: a@b.fr\r\nTo: c@d.fr\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data\r\nContent-Transfer-Encoding: base64\r\n\r\nMIIB\r\n";
        let parts = as_mail(m);
        assert_eq!(parts[1].path, "1");
        assert!(matches!(parts[1].opaque, Some(Opaque::Unreadable(_))));
    }

    #[test]
    fn multiparts_nested_too_deep_become_one_unreadable_part() {
        let mut m = String::from("From: a@b.fr\r\nTo: c@d.fr\r\n");
        for k in 0..100 {
            m.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=\"b{k}\"\r\n\r\n--b{k}\r\n"
            ));
        }
        m.push_str("Content-Type: text/plain\r\n\r\nAVC\r\n");
        let parts = as_mail(m.as_bytes());
        let last = parts.last().unwrap();
        assert!(
            matches!(last.opaque, Some(Opaque::Unreadable(_))),
            "{last:?}"
        );
        assert_eq!(last.path.split('.').count(), MAX_MULTIPART_NESTING as usize);
    }

    #[test]
    fn lenient_decoders_read_what_they_can() {
        assert_eq!(base64_lenient(b"Qm9u\r\nam91cg==").0, b"Bonjour");
        let (bytes, bad) = base64_lenient(b"Qm9u!am91cg");
        assert_eq!(bytes, b"Bonjour");
        assert!(bad);
        assert_eq!(qp_lenient(b"caf=E9 =ZZ a=\r\nb"), b"caf\xe9 =ZZ ab");
    }

    /// Runs this module on `bytes` whatever they look like.
    fn as_mail(bytes: &[u8]) -> Vec<Part> {
        let limits = Limits::default();
        let mut x = Extractor::start(&[], &limits).unwrap();
        super::extract(&mut x, "", bytes, 0).unwrap();
        x.out.parts
    }

    #[test]
    fn garbage_never_panics() {
        for bytes in [
            &b""[..],
            b"\x00\x01garbage",
            b"no header at all",
            b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: multipart/mixed; boundary=y\r\n\r\n--y\r\n",
            b"Content-Type: message/rfc822\r\n\r\n",
            b"Content-Transfer-Encoding: base64\r\nContent-Type: application/pdf\r\n\r\n!!!!",
        ] {
            let parts = as_mail(bytes);
            assert_eq!(parts[0].format, Format::Mail);
        }
        for not_a_message in [&b""[..], b"\x00\x01garbage", b"   \r\n"] {
            let parts = as_mail(not_a_message);
            assert!(
                matches!(parts[0].opaque, Some(Opaque::Unreadable(_))),
                "{:?}",
                parts[0]
            );
        }
    }
}
