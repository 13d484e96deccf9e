//! Zip archives and IHE_XDM packages: the archive is written again entry by entry, in the same
//! order, with the same names and timestamps. An entry with nothing to remove is copied as it
//! is (its compressed bytes, not decompressed and compressed again); an entry with values to
//! remove goes through [`Redactor::child`] and is stored deflated. In an IHE_XDM package, the
//! `size` and `hash` (SHA-1) slots of `METADATA.XML` for a document whose bytes changed are
//! set to the new bytes, so that the package stays valid for the receiving software.
//!
//! A target in an entry that cannot be read (encrypted, a compression method tamis does not
//! read), or in a damaged archive, fails the redaction.

use super::{Edit, RedactError, Redactor, apply_edits, redact_str};
use crate::extract::archive::{Entry, list_entries, unreadable_entry};
use crate::extract::xdm::{XdmPlace, document_slots, xdm_place};
use crate::extract::{ExtractError, child_path};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// What becomes of one entry.
pub(crate) enum Plan {
    /// Copied as it is.
    Copy,
    /// Left out (an Office package's thumbnail).
    Drop,
    /// Written with these bytes (and this name, when its name held values to remove).
    Write { data: Vec<u8>, name: Option<String> },
}

/// Redacts the zip archive `bytes`, the part at `path` at nesting `depth`.
pub fn redact(
    r: &mut Redactor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<Vec<u8>, RedactError> {
    if r.part(path).is_some_and(|p| p.opaque.is_some()) {
        return Err(r.unsupported(path, "values in a damaged archive"));
    }
    let (mut archive, entries) = reopen(r, path, bytes, "archive")?;
    // First every entry's new bytes, then METADATA.XML (which may come before its documents),
    // then the archive.
    let mut plans = Vec::with_capacity(entries.len());
    let mut k = 0;
    for entry in &entries {
        if entry.is_dir {
            plans.push(Plan::Copy);
            continue;
        }
        k += 1;
        let child = child_path(path, k);
        r.check_time()?;
        if !r.touched(&child) {
            plans.push(Plan::Copy);
            continue;
        }
        if unreadable_entry(entry).is_some() {
            return Err(r.unsupported(&child, "values in an entry it cannot read"));
        }
        let data = read_entry(r, &mut archive, entry.index, &child)?;
        let new = r.child(&child, &data, depth + 1)?;
        let name = new_entry_name(r, &child, &entry.name);
        if name.is_none() && new == data {
            plans.push(Plan::Copy);
        } else {
            plans.push(Plan::Write { data: new, name });
        }
    }
    update_metadata(r, path, &mut archive, &entries, &mut plans)?;
    write_archive(path, &mut archive, &entries, plans)
}

/// A zip read from memory.
pub(crate) type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// The zip at `path` (an `archive`, a `package`) opened again with its entries; redaction
/// refuses one whose entries cannot all be read.
pub(crate) fn reopen<'a>(
    r: &Redactor,
    path: &str,
    bytes: &'a [u8],
    noun: &str,
) -> Result<(Zip<'a>, Vec<Entry>), RedactError> {
    let Ok(archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Err(rewrite(path, &format!("the {noun} cannot be read again")));
    };
    let (entries, complete) = list_entries(&archive);
    if !complete {
        return Err(r.unsupported(path, &format!("values in a {noun} with unreadable entries")));
    }
    Ok((archive, entries))
}

pub(crate) fn rewrite(path: &str, what: &str) -> RedactError {
    RedactError::Rewrite {
        part: path.to_string(),
        what: what.to_string(),
    }
}

/// The decompressed bytes of entry `index`, within the expansion limit.
pub(crate) fn read_entry(
    r: &Redactor,
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    child: &str,
) -> Result<Vec<u8>, RedactError> {
    let limit = r.limits.max_expanded;
    let Ok(file) = archive.by_index(index) else {
        return Err(rewrite(child, "the entry cannot be read again"));
    };
    let mut data = Vec::new();
    if file
        .take(limit.saturating_add(1))
        .read_to_end(&mut data)
        .is_err()
    {
        return Err(rewrite(child, "the entry cannot be read again"));
    }
    if data.len() as u64 > limit {
        return Err(ExtractError::TooMuchExpanded {
            limit,
            part: child.to_string(),
        }
        .into());
    }
    Ok(data)
}

/// The entry's new name when its file name holds values to remove: each value replaced by a
/// marker (`[retiré : nom]`, as in text, so that the check on the copy knows it), the folders
/// kept.
pub(crate) fn new_entry_name(r: &Redactor, child: &str, name: &str) -> Option<String> {
    let spans = r.file_name_spans(child);
    if spans.is_empty() {
        return None;
    }
    Some(redact_str(name, &spans))
}

/// Sets the `size` and `hash` slots of each subset's `METADATA.XML` for the documents of the
/// subset whose bytes changed.
fn update_metadata(
    r: &mut Redactor,
    path: &str,
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    entries: &[crate::extract::archive::Entry],
    plans: &mut [Plan],
) -> Result<(), RedactError> {
    // Changed documents: (subset, file name) -> new bytes.
    let mut changed: Vec<(String, String, usize)> = Vec::new();
    for (i, (entry, plan)) in entries.iter().zip(plans.iter()).enumerate() {
        if let (XdmPlace::Document(subset), Plan::Write { name, .. }) =
            (xdm_place(&entry.name), plan)
        {
            if name.is_some() {
                return Err(r.unsupported(path, "a value in the name of a package document"));
            }
            changed.push((subset, base_name(&entry.name).to_string(), i));
        }
    }
    if changed.is_empty() {
        return Ok(());
    }
    for (m, entry) in entries.iter().enumerate() {
        let XdmPlace::Metadata(subset) = xdm_place(&entry.name) else {
            continue;
        };
        let docs: Vec<(String, Vec<u8>)> = changed
            .iter()
            .filter(|(s, _, _)| *s == subset)
            .filter_map(|(_, file, i)| match plans.get(*i) {
                Some(Plan::Write { data, .. }) => Some((file.clone(), data.clone())),
                _ => None,
            })
            .collect();
        if docs.is_empty() {
            continue;
        }
        if unreadable_entry(entry).is_some() {
            return Err(rewrite(path, "the package's METADATA.XML cannot be read"));
        }
        let current = match plans.get(m) {
            Some(Plan::Write { data, .. }) => data.clone(),
            _ => read_entry(r, archive, entry.index, path)?,
        };
        let updated = patch_metadata(&current, &docs)
            .ok_or_else(|| rewrite(path, "the package's METADATA.XML cannot be updated"))?;
        if let Some(plan) = plans.get_mut(m) {
            match plan {
                Plan::Write { data, .. } => *data = updated,
                Plan::Drop => {}
                Plan::Copy => {
                    *plan = Plan::Write {
                        data: updated,
                        name: None,
                    }
                }
            }
        }
    }
    Ok(())
}

/// The last component of an entry name.
fn base_name(name: &str) -> &str {
    name.rsplit_once(['/', '\\']).map_or(name, |(_, last)| last)
}

/// `METADATA.XML` with the `size` and `hash` of `docs` (file name, new bytes) set; `None` when
/// it is not well-formed XML.
fn patch_metadata(xml: &[u8], docs: &[(String, Vec<u8>)]) -> Option<Vec<u8>> {
    let objects = document_slots(xml)?;
    let mut edits = Vec::new();
    for obj in &objects {
        let Some((_, data)) = docs
            .iter()
            .find(|(file, _)| base_name(obj.uri.trim()).eq_ignore_ascii_case(file))
        else {
            continue;
        };
        if let Some(span) = obj.size {
            edits.push(Edit {
                span,
                with: data.len().to_string().into_bytes(),
            });
        }
        if let Some(span) = obj.hash {
            let old = xml.get(span.0..span.1).unwrap_or_default();
            let mut hex = sha1_hex(data);
            if old.iter().any(u8::is_ascii_uppercase) {
                hex = hex.to_ascii_uppercase();
            }
            edits.push(Edit {
                span,
                with: hex.into_bytes(),
            });
        }
    }
    Some(apply_edits(xml, edits))
}

/// Writes the archive again: entries in their order, copied or written deflated with their
/// name, timestamp and permissions (an ODF `mimetype` entry is never written: it is copied, so it
/// stays first and stored).
pub(crate) fn write_archive(
    path: &str,
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    entries: &[crate::extract::archive::Entry],
    plans: Vec<Plan>,
) -> Result<Vec<u8>, RedactError> {
    let fail = |_| rewrite(path, "the archive cannot be written");
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let comment = archive.comment().to_vec();
    for (entry, plan) in entries.iter().zip(plans) {
        match plan {
            Plan::Drop => {}
            Plan::Copy => {
                let file = archive.by_index_raw(entry.index).map_err(fail)?;
                out.raw_copy_file(file).map_err(fail)?;
            }
            Plan::Write { data, name } => {
                let (modified, mode) = {
                    let file = archive.by_index_raw(entry.index).map_err(fail)?;
                    (file.last_modified(), file.unix_mode())
                };
                let mut options = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .large_file(data.len() as u64 >= u64::from(u32::MAX));
                if let Some(t) = modified {
                    options = options.last_modified_time(t);
                }
                if let Some(mode) = mode {
                    options = options.unix_permissions(mode);
                }
                let name = name.unwrap_or_else(|| entry.name.clone());
                out.start_file(name, options).map_err(fail)?;
                out.write_all(&data)
                    .map_err(|_| rewrite(path, "the archive cannot be written"))?;
            }
        }
    }
    if !comment.is_empty() {
        out.set_comment(String::from_utf8_lossy(&comment).into_owned())
            .map_err(fail)?;
    }
    Ok(out.finish().map_err(fail)?.into_inner())
}

/// SHA-1 (FIPS 180-4) of `data`, in lowercase hexadecimal: the hash XDS metadata gives of each
/// document. Not used for security, only to keep the package consistent.
pub fn sha1_hex(data: &[u8]) -> String {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let bit_len = (data.len() as u64).wrapping_mul(8);
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, &wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_matches_the_fips_examples() {
        assert_eq!(sha1_hex(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            sha1_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
    }

    #[test]
    fn metadata_slots_of_a_changed_document_are_set() {
        let xml = br#"<rim:RegistryObjectList xmlns:rim="urn:x">
<rim:ExtrinsicObject id="D1"><rim:Slot name="size"><rim:ValueList><rim:Value>12</rim:Value></rim:ValueList></rim:Slot>
<rim:Slot name="hash"><rim:ValueList><rim:Value> ABCDEF0123 </rim:Value></rim:ValueList></rim:Slot>
<rim:Slot name="URI"><rim:ValueList><rim:Value>DOC0001.TXT</rim:Value></rim:ValueList></rim:Slot></rim:ExtrinsicObject>
<rim:ExtrinsicObject id="D2"><rim:Slot name="size"><rim:ValueList><rim:Value>7</rim:Value></rim:ValueList></rim:Slot>
<rim:Slot name="URI"><rim:ValueList><rim:Value>DOC0002.TXT</rim:Value></rim:ValueList></rim:Slot></rim:ExtrinsicObject>
</rim:RegistryObjectList>"#;
        let out = patch_metadata(xml, &[("DOC0001.TXT".into(), b"abc".to_vec())]).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<rim:Value>3</rim:Value>"), "{out}");
        assert!(out.contains("<rim:Value> A9993E364706816ABA3E25717850C26C9CD0D89D </rim:Value>"));
        assert!(
            out.contains("<rim:Value>7</rim:Value>"),
            "the other document is untouched"
        );
    }
}
