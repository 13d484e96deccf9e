//! Compound files (CFB, the OLE2 container of legacy `.doc`/`.xls`/`.ppt`, of password-protected
//! Office documents, of macros `vbaProject.bin`, of OLE objects; Outlook `.msg` is read by [`super::msg`]): tamis does
//! not read their content, but the names of their streams tell what they are, and so what the
//! sender can do about it ([`refusal`]). Only the header, the FAT and the directory are read,
//! every chain bounded by the file's sector count (a cycle ends the walk).

use crate::extract::Opaque;

const MAGIC: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Directory entries read at most (a real file has tens to a few thousands).
const MAX_ENTRIES: usize = 65_536;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The names of the storages and streams of compound file `bytes`; `None` when it is not one
/// or its header or directory cannot be read.
pub fn stream_names(bytes: &[u8]) -> Option<Vec<String>> {
    if !bytes.starts_with(MAGIC) {
        return None;
    }
    let shift = u16_at(bytes, 0x1E)?;
    if !(7..=16).contains(&shift) {
        return None;
    }
    let size = 1usize << shift;
    let sectors = (bytes.len() / size).saturating_sub(1);
    let sector = |n: u32| -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    // The FAT's sectors: the 109 in the header, then the DIFAT chain.
    let fat_count = u32_at(bytes, 0x2C)? as usize;
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .filter(|&s| (s as usize) < sectors)
        .collect();
    let mut difat = u32_at(bytes, 0x44)?;
    let mut steps = 0;
    while (difat as usize) < sectors && steps < sectors && fat_sectors.len() < fat_count {
        let s = sector(difat)?;
        let per = size / 4 - 1;
        fat_sectors.extend(
            (0..per)
                .filter_map(|i| u32_at(s, 4 * i))
                .filter(|&n| (n as usize) < sectors),
        );
        difat = u32_at(s, size - 4)?;
        steps += 1;
    }
    fat_sectors.truncate(fat_count);
    let next = |n: u32| -> Option<u32> {
        let per = size / 4;
        let fat = *fat_sectors.get(n as usize / per)?;
        u32_at(sector(fat)?, 4 * (n as usize % per))
    };
    let mut names = Vec::new();
    let mut dir = u32_at(bytes, 0x30)?;
    let mut steps = 0;
    while dir != END_OF_CHAIN && (dir as usize) < sectors && steps <= sectors {
        let s = sector(dir)?;
        for e in s.chunks_exact(128) {
            let len = usize::from(u16_at(e, 0x40)?).min(64);
            let kind = e.get(0x42).copied().unwrap_or(0);
            if kind == 0 || len < 2 {
                continue;
            }
            let units: Vec<u16> = e[..len - 2]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            names.push(String::from_utf16_lossy(&units));
            if names.len() >= MAX_ENTRIES {
                return Some(names);
            }
        }
        dir = next(dir)?;
        steps += 1;
    }
    Some(names)
}

/// What a compound file is, as an opaque part with a reason the sender can act on; `None` when
/// `bytes` is not a compound file that can be read.
pub fn refusal(bytes: &[u8]) -> Option<Opaque> {
    let names = stream_names(bytes)?;
    let has = |n: &str| names.iter().any(|s| s.eq_ignore_ascii_case(n));
    let (kind, reason) = if has("EncryptionInfo") || has("EncryptedPackage") {
        (
            "encrypted",
            "document Office protégé par mot de passe : tamis ne peut pas le lire ; retirez la \
             protection (Fichier > Informations > Protéger le document) ou enregistrez-le en .pdf, \
             puis envoyez-le de nouveau",
        )
    } else if has("WordDocument") {
        (
            "legacy_office",
            "ancien format binaire Word (.doc) : enregistrez le document en .docx, .odt ou .pdf, \
             puis envoyez-le de nouveau",
        )
    } else if has("Workbook") || has("Book") {
        (
            "legacy_office",
            "ancien format binaire Excel (.xls) : enregistrez le classeur en .xlsx, .ods ou .pdf, \
             puis envoyez-le de nouveau",
        )
    } else if has("PowerPoint Document") {
        (
            "legacy_office",
            "ancien format binaire PowerPoint (.ppt) : enregistrez la présentation en .pptx ou \
             .pdf, puis envoyez-la de nouveau",
        )
    } else if has("_VBA_PROJECT") || has("VBA") || has("PROJECT") {
        (
            "macros",
            "le document contient des macros (VBA) que tamis ne lit pas : enregistrez-le sans \
             macros (.docx, .xlsx) ou en .pdf, puis envoyez-le de nouveau",
        )
    } else if names
        .iter()
        .any(|n| n.contains("Ole10Native") || n.contains("CompObj") || n.ends_with("Ole"))
    {
        (
            "embedded_object",
            "objet OLE incorporé que tamis ne sait pas lire : remplacez-le par son contenu ou \
             joignez-le à part en .pdf",
        )
    } else {
        (
            "legacy_office",
            "fichier binaire composé (ancien format Office) : enregistrez-le en .docx, .xlsx, \
             .odt ou .pdf, puis envoyez-le de nouveau",
        )
    };
    Some(Opaque::Refused {
        kind,
        reason: reason.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal compound file of 512-byte sectors: header, one FAT sector (sector 0), one
    /// directory sector (sector 1) holding `names`.
    pub(crate) fn compound(names: &[&str]) -> Vec<u8> {
        let mut b = vec![0u8; 512 * 3];
        b[..8].copy_from_slice(MAGIC);
        b[0x1A] = 0x3E;
        b[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
        b[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
        b[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
        b[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
        b[0x44..0x48].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            b[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        }
        b[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes());
        // FAT: sector 0 is the FAT (0xFFFFFFFD), sector 1 ends its chain.
        let fat = 512;
        b[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        b[fat + 4..fat + 8].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        let dir = 1024;
        for (k, name) in std::iter::once(&"Root Entry")
            .chain(names)
            .enumerate()
            .take(4)
        {
            let e = dir + 128 * k;
            let units: Vec<u16> = name.encode_utf16().collect();
            for (i, u) in units.iter().enumerate() {
                b[e + 2 * i..e + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
            let len = (units.len() as u16 + 1) * 2;
            b[e + 0x40..e + 0x42].copy_from_slice(&len.to_le_bytes());
            b[e + 0x42] = if k == 0 { 5 } else { 2 };
        }
        b
    }

    #[test]
    fn stream_names_tell_the_format() {
        let enc = compound(&["EncryptionInfo", "EncryptedPackage"]);
        assert_eq!(
            stream_names(&enc).unwrap(),
            ["Root Entry", "EncryptionInfo", "EncryptedPackage"]
        );
        assert!(matches!(
            refusal(&enc),
            Some(Opaque::Refused {
                kind: "encrypted",
                ..
            })
        ));
        let doc = compound(&["WordDocument", "1Table"]);
        let Some(Opaque::Refused { kind, reason }) = refusal(&doc) else {
            panic!("a .doc is refused");
        };
        assert_eq!(kind, "legacy_office");
        assert!(reason.contains("enregistrez le document en .docx, .odt ou .pdf"));
        assert!(matches!(
            refusal(&compound(&["_VBA_PROJECT"])),
            Some(Opaque::Refused { kind: "macros", .. })
        ));
        assert_eq!(refusal(b"not a compound file"), None);
        // A cut header or a directory pointing nowhere is no compound file to describe.
        let _ = stream_names(&enc[..600]);
        let mut cycle = enc.clone();
        cycle[516..520].copy_from_slice(&1u32.to_le_bytes());
        assert!(stream_names(&cycle).is_some_and(|n| n.len() <= 3 * 4));
    }
}
