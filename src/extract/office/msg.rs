//! Outlook messages (`.msg`, [MS-OXMSG]): a compound file (read with the `cfb` crate) whose
//! streams are the message's properties, `__substg1.0_IIIITTTT` for property id `IIII` of type
//! `TTTT` (`001F` UTF-16LE text, `001E` text in the message's code page, `0102` bytes, `000D` a
//! storage), and whose fixed-size properties are in `__properties_version1.0`.
//!
//! What a message says of people is read as segments of the part: the subject, the sender,
//! each recipient of the recipient storages (`__recip_version1.0_#…`: display name and SMTP
//! address, by recipient type `To`/`Cc`/`Bcc`), the transport headers of a received message,
//! and the plain-text body. The other bodies and the attachments are child parts, read through
//! the extraction dispatch like a MIME message's: the HTML body (bytes in the code page of
//! `PR_INTERNET_CPID`), the RTF body (compressed RTF, [MS-OXRTFCP] — decompressed here by
//! [`decompress_rtf`], then read by [`super::rtf`]), and each attachment
//! (`__attach_version1.0_#…`: its data and long file name; an attached message, a storage of
//! its own, read the same way, nested within the depth limit; an OLE object refused with its
//! reason).
//!
//! The segments have no byte map: tamis does not rewrite a `.msg` (redaction refuses it with
//! a reason, [`REFUSAL`]), it reads it for the report.

use crate::extract::{
    ExtractError, Extractor, Format, Opaque, Origin, Part, Segment, SourceMap, child_path,
};
use std::io::{Cursor, Read};

/// Why a `.msg` is not minimised: what `redact` answers for one that holds a value to remove.
pub const REFUSAL: &str = "message Outlook : exportez-le en .eml ou en PDF pour l'envoyer minimisé";

/// Attachments read from one message at most (Outlook caps a message far below this).
const MAX_ATTACHMENTS: usize = 2_048;
/// Recipients read from one message at most.
const MAX_RECIPIENTS: usize = 4_096;

type Cfb<'b> = cfb::CompoundFile<Cursor<&'b [u8]>>;

/// Whether compound file `bytes` is an Outlook message (a `__substg1.0_` stream at its root).
pub fn is_msg(bytes: &[u8]) -> bool {
    super::cfb::stream_names(bytes)
        .is_some_and(|names| names.iter().any(|n| n.starts_with("__substg1.0_")))
}

/// Extracts an Outlook message: its part, its segments, its bodies and attachments as
/// children.
pub fn extract(
    x: &mut Extractor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let index = x.push(Part::new(path, Format::Msg, bytes.len()))?;
    // The cfb crate reports damage as errors; a panic on a crafted file is still caught, so
    // that it makes an unreadable part rather than a crash.
    let opened = std::panic::catch_unwind(|| cfb::CompoundFile::open(Cursor::new(bytes)));
    let Ok(Ok(mut cf)) = opened else {
        x.part_mut(index).opaque = Some(unreadable());
        return Ok(());
    };
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_message(x, &mut cf, index, "", path, depth, true)
    }));
    match read {
        Ok(result) => result,
        Err(_) => {
            x.part_mut(index).opaque = Some(unreadable());
            Ok(())
        }
    }
}

fn unreadable() -> Opaque {
    Opaque::Unreadable(
        "message Outlook (.msg) endommagé : tamis ne peut pas le lire ; exportez-le en .eml ou \
         en PDF, puis envoyez-le de nouveau"
            .into(),
    )
}

/// The bytes of stream `name` in `storage` (`""` the root), at most what the input may still
/// expand to; charged to it.
fn stream(
    x: &mut Extractor,
    cf: &mut Cfb,
    storage: &str,
    name: &str,
    path: &str,
) -> Result<Option<Vec<u8>>, ExtractError> {
    let full = format!("{storage}/{name}");
    if !cf.is_stream(&full) {
        return Ok(None);
    }
    let Ok(s) = cf.open_stream(&full) else {
        return Ok(None);
    };
    let budget = x.expand_budget();
    let mut out = Vec::new();
    if s.take(budget.saturating_add(1))
        .read_to_end(&mut out)
        .is_err()
    {
        return Ok(None);
    }
    x.charge(path, out.len() as u64)?;
    Ok(Some(out))
}

/// A text property `id` (four hex digits) of `storage`: UTF-16LE (`001F`), else 8-bit in
/// `codepage` (`001E`).
fn text(
    x: &mut Extractor,
    cf: &mut Cfb,
    storage: &str,
    id: &str,
    codepage: &'static encoding_rs::Encoding,
    path: &str,
) -> Result<Option<String>, ExtractError> {
    if let Some(b) = stream(x, cf, storage, &format!("__substg1.0_{id}001F"), path)? {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let s = String::from_utf16_lossy(&units);
        return Ok(Some(s.trim_end_matches('\0').to_string()));
    }
    if let Some(b) = stream(x, cf, storage, &format!("__substg1.0_{id}001E"), path)? {
        let (s, _) = codepage.decode_without_bom_handling(&b);
        return Ok(Some(s.trim_end_matches('\0').to_string()));
    }
    Ok(None)
}

/// The fixed-size properties of `storage` (`__properties_version1.0`): tag → 32-bit value.
/// `header` is the size of the stream's header (32 for the message, 24 for an attached
/// message, 8 for a recipient or an attachment).
fn fixed(
    x: &mut Extractor,
    cf: &mut Cfb,
    storage: &str,
    header: usize,
    path: &str,
) -> Result<Vec<(u32, u32)>, ExtractError> {
    let Some(b) = stream(x, cf, storage, "__properties_version1.0", path)? else {
        return Ok(Vec::new());
    };
    Ok(b.get(header..)
        .unwrap_or_default()
        .chunks_exact(16)
        .map(|e| {
            let tag = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
            let value = u32::from_le_bytes([e[8], e[9], e[10], e[11]]);
            (tag, value)
        })
        .collect())
}

fn value(props: &[(u32, u32)], tag: u32) -> Option<u32> {
    props.iter().find(|(t, _)| *t == tag).map(|(_, v)| *v)
}

/// The encoding of a Windows code page number, if encoding_rs has it.
fn codepage(n: u32) -> Option<&'static encoding_rs::Encoding> {
    match n {
        65001 => Some(encoding_rs::UTF_8),
        1252 => Some(encoding_rs::WINDOWS_1252),
        28591 => Some(encoding_rs::WINDOWS_1252),
        n => encoding_rs::Encoding::for_label(format!("cp{n}").as_bytes())
            .or_else(|| encoding_rs::Encoding::for_label(format!("windows-{n}").as_bytes())),
    }
}

/// The storages of `storage` whose names start with `prefix`, sorted.
fn storages(cf: &Cfb, storage: &str, prefix: &str) -> Vec<String> {
    let at = if storage.is_empty() { "/" } else { storage };
    let Ok(entries) = cf.read_storage(at) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter(|e| e.is_storage() && e.name().starts_with(prefix))
        .map(|e| format!("{storage}/{}", e.name()))
        .collect();
    out.sort();
    out
}

fn segment(part: &mut Part, origin: Origin, text: String) {
    if !text.trim().is_empty() {
        part.segments.push(Segment {
            text,
            origin,
            map: SourceMap::None,
        });
    }
}

/// `Name <address>`, or whichever of the two there is.
fn mailbox(name: Option<String>, address: Option<String>) -> String {
    match (name, address) {
        (Some(n), Some(a)) if !a.is_empty() && n != a => format!("{n} <{a}>"),
        (Some(n), _) if !n.is_empty() => n,
        (_, Some(a)) => a,
        _ => String::new(),
    }
}

/// Reads the message in `storage` of `cf` into part `index` (at `path`, nesting `depth`).
fn read_message(
    x: &mut Extractor,
    cf: &mut Cfb,
    index: usize,
    storage: &str,
    path: &str,
    depth: u32,
    top: bool,
) -> Result<(), ExtractError> {
    x.check_time()?;
    let props = fixed(x, cf, storage, if top { 32 } else { 24 }, path)?;
    // PR_MESSAGE_CODEPAGE for 8-bit strings, PR_INTERNET_CPID for the HTML body.
    let cp = value(&props, 0x3FFD_0003)
        .and_then(codepage)
        .unwrap_or(encoding_rs::WINDOWS_1252);
    let mut segs = Part::new(path, Format::Msg, 0);
    if let Some(s) = text(x, cf, storage, "0037", cp, path)? {
        segment(&mut segs, Origin::Header("Subject".into()), s);
    }
    let from = mailbox(
        text(x, cf, storage, "0C1A", cp, path)?,
        match text(x, cf, storage, "5D01", cp, path)? {
            Some(a) => Some(a),
            None => text(x, cf, storage, "0C1F", cp, path)?,
        },
    );
    segment(&mut segs, Origin::Header("From".into()), from);
    let sender = mailbox(
        text(x, cf, storage, "0042", cp, path)?,
        text(x, cf, storage, "0065", cp, path)?,
    );
    segment(&mut segs, Origin::Header("Sender".into()), sender);
    let recips = storages(cf, storage, "__recip_version1.0_#");
    for r in recips.iter().take(MAX_RECIPIENTS) {
        let rprops = fixed(x, cf, r, 8, path)?;
        let kind = match value(&rprops, 0x0C15_0003) {
            Some(2) => "Cc",
            Some(3) => "Bcc",
            _ => "To",
        };
        let address = match text(x, cf, r, "39FE", cp, path)? {
            Some(a) => Some(a),
            None => text(x, cf, r, "3003", cp, path)?,
        };
        let m = mailbox(text(x, cf, r, "3001", cp, path)?, address);
        segment(&mut segs, Origin::Header(kind.into()), m);
    }
    if recips.is_empty() {
        for (id, kind) in [("0E04", "To"), ("0E03", "Cc"), ("0E02", "Bcc")] {
            if let Some(s) = text(x, cf, storage, id, cp, path)? {
                segment(&mut segs, Origin::Header(kind.into()), s);
            }
        }
    }
    if let Some(s) = text(x, cf, storage, "007D", cp, path)? {
        segment(&mut segs, Origin::Header("Received-Headers".into()), s);
    }
    if let Some(s) = text(x, cf, storage, "1000", cp, path)? {
        segment(&mut segs, Origin::Body, s);
    }
    x.part_mut(index).segments = segs.segments;

    let mut k = 0;
    // The HTML body, in the code page of PR_INTERNET_CPID.
    let html = match stream(x, cf, storage, "__substg1.0_10130102", path)? {
        Some(b) => Some(b),
        None => text(x, cf, storage, "1013", cp, path)?.map(String::into_bytes),
    };
    if let Some(html) = html {
        let enc = value(&props, 0x3FDE_0003).and_then(codepage);
        let html = match enc {
            Some(e) if e != encoding_rs::UTF_8 && std::str::from_utf8(&html).is_err() => e
                .decode_without_bom_handling(&html)
                .0
                .into_owned()
                .into_bytes(),
            _ => html,
        };
        k += 1;
        x.nested(
            &child_path(path, k),
            None,
            Some("text/html"),
            &html,
            depth + 1,
        )?;
    }
    if let Some(compressed) = stream(x, cf, storage, "__substg1.0_10090102", path)? {
        let budget = usize::try_from(x.expand_budget()).unwrap_or(usize::MAX);
        k += 1;
        let child = child_path(path, k);
        match decompress_rtf(&compressed, budget) {
            Some(rtf) => {
                x.charge(&child, rtf.len() as u64)?;
                x.nested(&child, None, Some("application/rtf"), &rtf, depth + 1)?;
            }
            None => {
                let mut part = Part::new(&child, Format::Rtf, compressed.len());
                part.opaque = Some(Opaque::Unreadable(
                    "corps RTF compressé du message Outlook illisible".into(),
                ));
                x.push(part)?;
            }
        }
    }
    for a in storages(cf, storage, "__attach_version1.0_#")
        .iter()
        .take(MAX_ATTACHMENTS)
    {
        x.check_time()?;
        k += 1;
        let child = child_path(path, k);
        let aprops = fixed(x, cf, a, 8, path)?;
        let name = match text(x, cf, a, "3707", cp, path)? {
            Some(n) if !n.is_empty() => Some(n),
            _ => text(x, cf, a, "3704", cp, path)?,
        };
        let mime = text(x, cf, a, "370E", cp, path)?;
        let method = value(&aprops, 0x3705_0003);
        let inner = format!("{a}/__substg1.0_3701000D");
        if cf.is_storage(&inner) && method != Some(6) {
            // An attached message: a storage of its own, read as one.
            if depth + 1 > x.limits.max_depth {
                return Err(ExtractError::TooDeep {
                    limit: x.limits.max_depth,
                    part: child,
                });
            }
            let mut part = Part::new(&child, Format::Msg, 0);
            part.name = text(x, cf, a, "3001", cp, path)?.or(name);
            let at = x.push(part)?;
            read_message(x, cf, at, &inner, &child, depth + 1, false)?;
        } else if method == Some(6) {
            let mut part = Part::new(&child, Format::Binary, 0);
            part.name = name;
            part.opaque = Some(Opaque::Refused {
                kind: "embedded_object",
                reason: "objet OLE joint au message Outlook, que tamis ne sait pas lire : \
                         joignez son contenu à part en .pdf"
                    .into(),
            });
            x.push(part)?;
        } else {
            let data = stream(x, cf, a, "__substg1.0_37010102", path)?.unwrap_or_default();
            x.nested(&child, name.as_deref(), mime.as_deref(), &data, depth + 1)?;
        }
    }
    Ok(())
}

/// The dictionary a compressed RTF stream starts from ([MS-OXRTFCP] 3.1.3.1).
const RTF_PREBUF: &[u8] = b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \
\\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier\
{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

/// Decompresses an RTF body ([MS-OXRTFCP]: `LZFu` compressed, or `MELA` stored), at most
/// `budget` bytes of output; `None` when the header is not one of them.
pub fn decompress_rtf(data: &[u8], budget: usize) -> Option<Vec<u8>> {
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
    };
    let raw_size = u32_at(4)? as usize;
    let kind = u32_at(8)?;
    let body = data.get(16..)?;
    let cap = raw_size.min(budget);
    match kind {
        // "MELA": stored as is.
        0x414C_454D => Some(body[..body.len().min(cap)].to_vec()),
        // "LZFu"
        0x7546_5A4C => {
            let mut dict = [0u8; 4096];
            dict[..RTF_PREBUF.len()].copy_from_slice(RTF_PREBUF);
            let mut w = RTF_PREBUF.len();
            let mut out = Vec::with_capacity(cap.min(1 << 20));
            let mut i = 0;
            'outer: while i < body.len() {
                let control = body[i];
                i += 1;
                for bit in 0..8 {
                    if out.len() >= cap {
                        break 'outer;
                    }
                    if control & (1 << bit) == 0 {
                        let Some(&c) = body.get(i) else {
                            break 'outer;
                        };
                        i += 1;
                        out.push(c);
                        dict[w] = c;
                        w = (w + 1) % 4096;
                    } else {
                        let (Some(&hi), Some(&lo)) = (body.get(i), body.get(i + 1)) else {
                            break 'outer;
                        };
                        i += 2;
                        let reference = u16::from_be_bytes([hi, lo]);
                        let offset = usize::from(reference >> 4);
                        let len = usize::from(reference & 0xF) + 2;
                        if offset == w {
                            break 'outer;
                        }
                        for j in 0..len {
                            let c = dict[(offset + j) % 4096];
                            out.push(c);
                            dict[w] = c;
                            w = (w + 1) % 4096;
                        }
                    }
                }
            }
            out.truncate(cap);
            Some(out)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_is_207_bytes() {
        assert_eq!(RTF_PREBUF.len(), 207);
    }

    #[test]
    fn compressed_rtf_of_the_specification() {
        // [MS-OXRTFCP] 3.1.4.1.2: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n".
        let data: &[u8] = &[
            0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5,
            0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42,
            0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0,
            0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0,
        ];
        let out = decompress_rtf(data, 1 << 20).unwrap();
        assert_eq!(out, b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
        // Capped by the budget, and a cut stream ends without a panic.
        assert_eq!(decompress_rtf(data, 5).unwrap().len(), 5);
        for n in 0..data.len() {
            let _ = decompress_rtf(&data[..n], 1 << 20);
        }
    }
}
