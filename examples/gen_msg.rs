//! Writes the Outlook messages of `corpus/office/` (issue 14 §5): no Debian tool writes a
//! `.msg`, so this one lays out the compound file as [MS-OXMSG] says, with the `cfb` crate;
//! `tests/office.rs` reads the streams back with an independent reader (Python's `olefile`).
//! `cargo run --example gen_msg -- corpus/office`.
//!
//! `transfert.msg`: a message forwarded by a nurse — subject, sender, three recipients (To, Cc,
//! Bcc), a plain body, an HTML body in Windows-1252 (`PR_INTERNET_CPID` 1252), a compressed
//! RTF body, a text attachment, an RTF attachment, and an attached message (a storage of its
//! own) holding a NIR and its own attachment. Every person and identifier is invented.

use std::io::Write;

type Cfb = cfb::CompoundFile<std::fs::File>;

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16()
        .chain(std::iter::once(0))
        .flat_map(u16::to_le_bytes)
        .collect()
}

fn put(cf: &mut Cfb, path: &str, data: &[u8]) {
    let mut s = cf.create_stream(path).expect("stream");
    s.write_all(data).expect("write");
}

fn text(cf: &mut Cfb, storage: &str, id: &str, value: &str) {
    put(
        cf,
        &format!("{storage}/__substg1.0_{id}001F"),
        &utf16(value),
    );
}

/// `__properties_version1.0`: a header of `header` bytes, then 16 bytes per 32-bit property.
fn props(cf: &mut Cfb, storage: &str, header: usize, fixed: &[(u32, u32)]) {
    let mut b = vec![0u8; header];
    if header == 32 {
        // Next recipient id, next attachment id, recipient count, attachment count.
        b[8..12].copy_from_slice(&3u32.to_le_bytes());
        b[12..16].copy_from_slice(&3u32.to_le_bytes());
        b[16..20].copy_from_slice(&3u32.to_le_bytes());
        b[20..24].copy_from_slice(&3u32.to_le_bytes());
    }
    for &(tag, value) in fixed {
        b.extend_from_slice(&tag.to_le_bytes());
        // PROPATTR_READABLE | PROPATTR_WRITABLE
        b.extend_from_slice(&6u32.to_le_bytes());
        b.extend_from_slice(&value.to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
    }
    put(cf, &format!("{storage}/__properties_version1.0"), &b);
}

/// The CRC of [MS-OXRTFCP] 3.1.3.2: CRC-32 without the initial and final inversions.
fn crc(data: &[u8]) -> u32 {
    let mut c = 0u32;
    for &b in data {
        let mut x = (c ^ u32::from(b)) & 0xFF;
        for _ in 0..8 {
            x = if x & 1 != 0 {
                0xEDB8_8320 ^ (x >> 1)
            } else {
                x >> 1
            };
        }
        c = x ^ (c >> 8);
    }
    c
}

/// `rtf` as an `LZFu` stream of literal runs (a control byte 0 before each 8 literals) ended
/// by the reference to the write position, as [MS-OXRTFCP] allows any compressor to write.
fn compress_rtf(rtf: &[u8]) -> Vec<u8> {
    const PREBUF: usize = 207;
    let mut body = Vec::new();
    let mut chunks = rtf.chunks(8).peekable();
    let mut end_written = false;
    while let Some(chunk) = chunks.next() {
        if chunk.len() == 8 {
            body.push(0);
            body.extend_from_slice(chunk);
            if chunks.peek().is_none() {
                // The end marker in a control byte of its own.
                let w = (PREBUF + rtf.len()) % 4096;
                body.push(1);
                body.extend_from_slice(&((w as u16) << 4).to_be_bytes());
                end_written = true;
            }
        } else {
            // The last literals, then the end marker in the same run.
            body.push(1 << chunk.len());
            body.extend_from_slice(chunk);
            let w = (PREBUF + rtf.len()) % 4096;
            body.extend_from_slice(&((w as u16) << 4).to_be_bytes());
            end_written = true;
        }
    }
    if !end_written {
        body.push(1);
        body.extend_from_slice(&((PREBUF as u16) << 4).to_be_bytes());
    }
    let mut out = Vec::new();
    out.extend_from_slice(&((body.len() + 12) as u32).to_le_bytes());
    out.extend_from_slice(&(rtf.len() as u32).to_le_bytes());
    out.extend_from_slice(b"LZFu");
    out.extend_from_slice(&crc(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

fn recipient(cf: &mut Cfb, storage: &str, n: u32, name: &str, address: &str, kind: u32) {
    let r = format!("{storage}/__recip_version1.0_#{n:08X}");
    cf.create_storage(&r).expect("storage");
    text(cf, &r, "3001", name);
    text(cf, &r, "39FE", address);
    text(cf, &r, "3003", address);
    // PR_RECIPIENT_TYPE
    props(cf, &r, 8, &[(0x0C15_0003, kind)]);
}

fn attachment(cf: &mut Cfb, storage: &str, n: u32, name: &str, mime: &str, data: &[u8]) {
    let a = format!("{storage}/__attach_version1.0_#{n:08X}");
    cf.create_storage(&a).expect("storage");
    text(cf, &a, "3707", name);
    text(cf, &a, "3704", name);
    text(cf, &a, "370E", mime);
    put(cf, &format!("{a}/__substg1.0_37010102"), data);
    // PR_ATTACH_METHOD: ATTACH_BY_VALUE
    props(cf, &a, 8, &[(0x3705_0003, 1)]);
}

fn transfert(path: &std::path::Path) {
    let mut cf = cfb::create(path).expect("create");
    cf.create_storage("/__nameid_version1.0").expect("nameid");
    text(&mut cf, "", "0037", "TR: Sortie de Mme Bernadette Vasseur");
    text(&mut cf, "", "0C1A", "Nadia Lebrun");
    text(&mut cf, "", "5D01", "nadia.lebrun@ehpad-tilleuls.fr");
    text(&mut cf, "", "0C1F", "nadia.lebrun@ehpad-tilleuls.fr");
    text(&mut cf, "", "0E04", "Paul Girard");
    text(
        &mut cf,
        "",
        "1000",
        "Bonjour,\r\n\r\nMme Bernadette Vasseur, née le 12/03/1941, sort lundi. Elle est \
         suivie pour une sclérose en plaques et un diabète de type 2 (metformine 850 mg).\r\n\r\n\
         Cordialement,\r\nNadia Lebrun, infirmière coordinatrice\r\n",
    );
    // The HTML body in Windows-1252, as Outlook stores it with PR_INTERNET_CPID 1252.
    let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html\"></head>\
                <body><p>Bonjour,</p><p>Mme Bernadette Vasseur, née le 12/03/1941, sort lundi. \
                Elle est suivie pour une <b>sclérose en plaques</b>.</p>\
                <p>Téléphone de sa fille : 06 12 34 56 78</p></body></html>";
    let (html, _, _) = encoding_rs::WINDOWS_1252.encode(html);
    put(&mut cf, "/__substg1.0_10130102", &html);
    let rtf = b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0 Bonjour,\\par \
Mme Bernadette Vasseur est suivie pour une scl\\'e9rose en plaques et une \
insuffisance cardiaque.\\par}";
    put(&mut cf, "/__substg1.0_10090102", &compress_rtf(rtf));
    // PR_INTERNET_CPID 1252, PR_MESSAGE_CODEPAGE 1252.
    props(&mut cf, "", 32, &[(0x3FDE_0003, 1252), (0x3FFD_0003, 1252)]);
    recipient(&mut cf, "", 0, "Paul Girard", "paul.girard@medecin.fr", 1);
    recipient(
        &mut cf,
        "",
        1,
        "Claire Dumont",
        "claire.dumont@ssiad-nord.fr",
        2,
    );
    recipient(
        &mut cf,
        "",
        2,
        "Lucien Marchal",
        "lucien.marchal@orange.fr",
        3,
    );
    attachment(
        &mut cf,
        "",
        0,
        "compte_rendu.txt",
        "text/plain",
        "Compte rendu : épilepsie ancienne, traitement par Dépakine 500 mg.\r\n".as_bytes(),
    );
    attachment(
        &mut cf,
        "",
        1,
        "courrier.rtf",
        "application/rtf",
        b"{\\rtf1\\ansi\\ansicpg1252 Allergie \\'e0 la p\\'e9nicilline.\\par}",
    );
    // An attached message (PR_ATTACH_METHOD 5): a storage of its own.
    let a = "/__attach_version1.0_#00000002";
    cf.create_storage(a).expect("storage");
    text(&mut cf, a, "3001", "Résultats du laboratoire");
    props(&mut cf, a, 8, &[(0x3705_0003, 5)]);
    let m = format!("{a}/__substg1.0_3701000D");
    cf.create_storage(&m).expect("storage");
    cf.create_storage(format!("{m}/__nameid_version1.0"))
        .expect("nameid");
    text(&mut cf, &m, "0037", "Résultats de Mme Vasseur");
    text(&mut cf, &m, "0C1A", "Laboratoire Biomed");
    text(&mut cf, &m, "5D01", "resultats@biomed-labo.fr");
    text(
        &mut cf,
        &m,
        "1000",
        "Patiente : Bernadette Vasseur, NIR 2 41 03 75 112 048 62. Hépatite C : PCR négative.\r\n",
    );
    props(&mut cf, &m, 24, &[]);
    recipient(
        &mut cf,
        &m,
        0,
        "Nadia Lebrun",
        "nadia.lebrun@ehpad-tilleuls.fr",
        1,
    );
    attachment(
        &mut cf,
        &m,
        0,
        "bilan.txt",
        "text/plain",
        "Bilan : insuffisance rénale chronique, clairance 42 ml/min.\r\n".as_bytes(),
    );
    cf.flush().expect("flush");
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "corpus/office".into());
    let dir = std::path::Path::new(&dir);
    transfert(&dir.join("transfert.msg"));
    println!("{}", dir.join("transfert.msg").display());
}
