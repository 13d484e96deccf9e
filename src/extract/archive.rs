//! Zip archives and MSSanté IHE_XDM packages.
//!
//! Every file entry of a zip becomes a child part (numbered in central-directory order,
//! directories skipped) that is recognised and extracted like any other input, so a PDF, a CDA,
//! a forwarded message or another zip inside an archive is read too. Entries are limited before
//! they are read: the declared sizes against the expansion budget and the ratio limit, and then
//! what the decompressor really produced, so that a header that lies about a size does not beat
//! the limits. Encrypted entries and compression methods tamis does not read become opaque
//! parts; an archive whose central directory is damaged is an opaque part itself.
//!
//! The names and contents of the entries are handed to [`super::xdm`] on the way, which
//! recognises an IHE_XDM package and checks the MSSanté headers against it, and to
//! [`super::office`], which recognises an Office package and reads the parts that hold its text.

use super::xdm::XdmScan;
use super::{ExtractError, Extractor, Format, Opaque, Part, child_path};
use std::io::{Cursor, Read};
use zip::{CompressionMethod, ZipArchive};

/// Below this many expanded bytes the ratio limit is not applied: small, very repetitive files
/// (a text file of spaces, an empty form) legitimately compress a thousand times, and cannot
/// hurt.
const RATIO_FLOOR: u64 = 1 << 20;

/// Size of one read from the decompressor (the time limit is checked between reads).
const CHUNK: usize = 64 * 1024;

/// Largest buffer reserved up front from a declared size (the rest grows as data comes).
const RESERVE_CAP: u64 = 16 << 20;

/// Extracts a zip archive at `path`: its own part, then one child part per file entry.
pub fn extract(
    x: &mut Extractor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let index = x.push(Part::new(path, Format::Zip, bytes.len()))?;
    let mut archive = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(_) => {
            x.part_mut(index).opaque = Some(Opaque::Unreadable(
                "archive zip endommagée : répertoire central illisible".into(),
            ));
            return Ok(());
        }
    };
    let (entries, complete) = list_entries(&archive);
    if let Some(why) = archive_problem(bytes, &archive, complete) {
        x.part_mut(index).opaque = Some(Opaque::Unreadable(why.into()));
    }
    check_totals(x, path, &entries)?;
    let mut office = office_package(x, index, path, &mut archive, &entries)?;
    let mut xdm = XdmScan::default();
    let mut k = 0;
    for entry in &entries {
        xdm.note_name(&entry.name);
        if entry.is_dir {
            continue;
        }
        x.check_time()?;
        k += 1;
        let child = child_path(path, k);
        if let Some(opaque) = unreadable_entry(entry) {
            push_opaque(x, &child, entry, opaque)?;
            continue;
        }
        check_declared(x, &child, entry)?;
        match read_entry(x, &mut archive, entry, &child)? {
            Ok(data) => {
                xdm.note_content(&entry.name, &data);
                if let Some(o) = &mut office
                    && o.entry(x, &child, &entry.name, &data)?
                {
                    continue;
                }
                x.nested(&child, Some(&entry.name), None, &data, depth + 1)?;
            }
            Err(why) => push_opaque(x, &child, entry, Opaque::Unreadable(why.into()))?,
        }
    }
    if let Some(o) = office {
        o.finish(x);
    }
    if let Some(package) = xdm.finish() {
        super::xdm::report_package(x, path, &package);
    }
    Ok(())
}

/// The Office package (DOCX, XLSX, ODT, ODS) the archive is, if it is one: from its entry
/// names, and its `mimetype` entry for OpenDocument (read here first: it is a few bytes).
fn office_package(
    x: &mut Extractor,
    index: usize,
    path: &str,
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    entries: &[Entry],
) -> Result<Option<super::office::Package>, ExtractError> {
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    let mut mimetype = None;
    if let Some(e) = entries
        .iter()
        .find(|e| e.name == "mimetype" && e.size < 256 && unreadable_entry(e).is_none())
        && let Ok(data) = read_entry(x, archive, e, path)?
    {
        mimetype = Some(data);
    }
    Ok(super::office::Package::detect(
        x,
        index,
        &names,
        mimetype.as_deref(),
    ))
}

/// Why the archive as a whole cannot be fully trusted, though its entries are read: the zip
/// part is then opaque (fail closed), its children are extracted all the same.
fn archive_problem(
    bytes: &[u8],
    archive: &ZipArchive<Cursor<&[u8]>>,
    complete: bool,
) -> Option<&'static str> {
    if !end_record_consistent(bytes) {
        // The zip crate then searches the bytes for another end record: it may have found the
        // directory of an archive stored inside this one, and the rest would go unchecked.
        Some("archive zip endommagée : la fin du répertoire central est absente ou incohérente")
    } else if !complete {
        Some("archive zip endommagée : des entrées du répertoire central sont illisibles")
    } else if archive.has_duplicate_names() {
        // The zip crate keeps one entry per name: the others could not be checked.
        Some(
            "l'archive contient plusieurs entrées du même nom : certaines ne peuvent pas être lues",
        )
    } else {
        None
    }
}

/// Adds the part of an entry that cannot be read.
fn push_opaque(
    x: &mut Extractor,
    child: &str,
    entry: &Entry,
    opaque: Opaque,
) -> Result<(), ExtractError> {
    let format = match opaque {
        Opaque::Encrypted => Format::Encrypted,
        _ => Format::Binary,
    };
    let mut part = Part::new(child, format, clamp(entry.size));
    part.name = Some(entry.name.clone());
    part.opaque = Some(opaque);
    x.push(part)?;
    Ok(())
}

/// `true` when the archive ends with an end-of-central-directory record (its comment reaching
/// the end of the bytes) whose directory lies before it.
fn end_record_consistent(bytes: &[u8]) -> bool {
    const SIG: &[u8] = b"PK\x05\x06";
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let Some(last) = bytes.len().checked_sub(22) else {
        return false;
    };
    let first = last.saturating_sub(usize::from(u16::MAX));
    for pos in (first..=last).rev() {
        if bytes.get(pos..pos + 4) != Some(SIG) {
            continue;
        }
        if u16_at(pos + 20).map(usize::from) != Some(bytes.len() - pos - 22) {
            continue;
        }
        let (Some(size), Some(offset)) = (u32_at(pos + 12), u32_at(pos + 16)) else {
            return false;
        };
        if size == u32::MAX || offset == u32::MAX {
            return true; // Zip64: the crate reads the Zip64 record.
        }
        return u64::from(offset) + u64::from(size) <= pos as u64;
    }
    false
}

/// What the central directory says about one entry.
pub(crate) struct Entry {
    /// Index in the archive.
    pub(crate) index: usize,
    pub(crate) name: String,
    pub(crate) is_dir: bool,
    pub(crate) encrypted: bool,
    pub(crate) method: CompressionMethod,
    pub(crate) size: u64,
    pub(crate) compressed: u64,
}

/// The entries of the central directory, in its order; `false` when some could not be read.
pub(crate) fn list_entries(archive: &ZipArchive<Cursor<&[u8]>>) -> (Vec<Entry>, bool) {
    let mut entries = Vec::with_capacity(archive.len());
    let mut complete = true;
    for index in 0..archive.len() {
        let Ok(e) = archive.by_index_data(index) else {
            complete = false;
            continue;
        };
        let name = entry_name(e.name_raw());
        // Windows tools sometimes write `\` separators. A "folder" with data is read as a file:
        // its bytes must not escape the scan.
        let is_dir = (e.is_dir() || name.ends_with('\\')) && e.size() == 0;
        entries.push(Entry {
            index,
            name,
            is_dir,
            encrypted: e.encrypted(),
            method: e.compression(),
            size: e.size(),
            compressed: e.compressed_size(),
        });
    }
    (entries, complete)
}

/// An entry name: UTF-8, else CP437 (the zip default, close to what French Windows tools write
/// for accented letters). Never fails.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => raw.iter().map(|&b| cp437(b)).collect(),
    }
}

/// The CP437 character of byte `b`.
fn cp437(b: u8) -> char {
    const HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
    if b < 0x80 {
        b as char
    } else {
        HIGH.chars()
            .nth(usize::from(b - 0x80))
            .unwrap_or('\u{fffd}')
    }
}

/// Why an entry cannot be read at all, before trying: encrypted, or compressed with a method
/// tamis does not read.
pub(crate) fn unreadable_entry(entry: &Entry) -> Option<Opaque> {
    if entry.encrypted {
        Some(Opaque::Encrypted)
    } else if !matches!(
        entry.method,
        CompressionMethod::Stored | CompressionMethod::Deflated
    ) {
        Some(Opaque::Unreadable(
            "méthode de compression non prise en charge".into(),
        ))
    } else {
        None
    }
}

/// All the entries together must fit the part limit and the expansion budget: a zip that
/// announces more is refused before anything is decompressed.
fn check_totals(x: &Extractor, path: &str, entries: &[Entry]) -> Result<(), ExtractError> {
    let files = entries.iter().filter(|e| !e.is_dir).count();
    if x.out.parts.len().saturating_add(files) > x.limits.max_parts {
        return Err(ExtractError::TooManyParts {
            limit: x.limits.max_parts,
        });
    }
    let total = entries
        .iter()
        .filter(|e| !e.is_dir && unreadable_entry(e).is_none())
        .fold(0u64, |sum, e| sum.saturating_add(e.size));
    if total > x.expand_budget() {
        return Err(too_much(x, path));
    }
    Ok(())
}

/// The declared size of one entry against the budget and the ratio limit.
fn check_declared(x: &Extractor, child: &str, entry: &Entry) -> Result<(), ExtractError> {
    if entry.size > x.expand_budget() {
        return Err(too_much(x, child));
    }
    check_ratio(x, child, entry.size, entry.compressed)
}

/// `expanded / compressed` against the ratio limit, above [`RATIO_FLOOR`].
fn check_ratio(
    x: &Extractor,
    child: &str,
    expanded: u64,
    compressed: u64,
) -> Result<(), ExtractError> {
    if expanded > RATIO_FLOOR && expanded / compressed.max(1) > x.limits.max_ratio {
        return Err(ExtractError::Ratio {
            limit: x.limits.max_ratio,
            part: child.to_string(),
        });
    }
    Ok(())
}

fn too_much(x: &Extractor, part: &str) -> ExtractError {
    ExtractError::TooMuchExpanded {
        limit: x.limits.max_expanded,
        part: part.to_string(),
    }
}

fn clamp(size: u64) -> usize {
    usize::try_from(size).unwrap_or(usize::MAX)
}

/// Decompresses one entry. The outer error is a broken limit (the whole input fails); the inner
/// one says, without content, why this entry could not be read (it becomes an opaque part).
fn read_entry(
    x: &mut Extractor,
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    entry: &Entry,
    child: &str,
) -> Result<Result<Vec<u8>, &'static str>, ExtractError> {
    let budget = x.expand_budget();
    let Ok(file) = archive.by_index(entry.index) else {
        return Ok(Err("entrée de l'archive zip illisible (en-tête local)"));
    };
    // Never trust the declared size: read at most one byte past the budget.
    let mut reader = file.take(budget.saturating_add(1));
    let mut data = Vec::with_capacity(clamp(entry.size.min(budget).min(RESERVE_CAP)));
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(_) => {
                x.charge(child, data.len() as u64)?;
                return Ok(Err(
                    "entrée de l'archive zip endommagée (données compressées illisibles ou taille annoncée fausse)",
                ));
            }
        };
        debug_assert!(n <= chunk.len(), "a reader returns at most its buffer");
        data.extend_from_slice(&chunk[..n.min(chunk.len())]);
        if data.len() as u64 > budget {
            return Err(too_much(x, child));
        }
        x.check_time()?;
    }
    check_ratio(x, child, data.len() as u64, entry.compressed)?;
    x.charge(child, data.len() as u64)?;
    Ok(Ok(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp437_names_decode() {
        assert_eq!(entry_name(b"r\x82sum\x82.txt"), "résumé.txt");
        assert_eq!(entry_name("déjà.pdf".as_bytes()), "déjà.pdf");
        let high: Vec<u8> = (0x80..=0xff).collect();
        let decoded = entry_name(&high);
        assert_eq!(decoded.chars().count(), 128);
        assert!(!decoded.contains('\u{fffd}'));
        assert!(decoded.ends_with("²■\u{a0}"));
    }
}
