//! Pixels from the files that carry scans, decoded by tamis with permissive pure-Rust crates
//! (Tesseract is only ever handed the result): PDF image XObjects — CCITT G3/G4
//! (`hayro-ccitt`), JBIG2 with its globals (`hayro-jbig2`), DCT (`zune-jpeg`), JPX
//! (`hayro-jpeg2000`), Flate/LZW with predictors (lopdf), `/Decode` arrays, `/ImageMask`,
//! DeviceGray/RGB/CMYK, Indexed, ICCBased — and image files — JPEG, PNG, TIFF (multi-page fax
//! TIFF included, `tiff`) — all to 8-bit gray.
//!
//! Bounded: an image larger than the caller's pixel budget is refused before it is decoded
//! (the size is read from the dictionary or the header), and every decoder is given the same
//! cap. Errors say what failed, never the content.

use super::Gray;
use lopdf::{Dictionary, Document, Object, Stream};

/// Resolution assumed when a file does not give one: the width of an A4 page at this many
/// dots per inch is the most common scan (a JPEG from a phone says nothing useful either).
const A4_WIDTH_INCHES: f32 = 8.27;

/// An image too large, or damaged: the French reason.
pub type DecodeError = String;

fn too_large(width: u64, height: u64, max: u64) -> Result<(), DecodeError> {
    if width == 0 || height == 0 {
        return Err("image vide".into());
    }
    if width.saturating_mul(height) > max {
        return Err(format!(
            "image de {width} × {height} pixels, au-delà de la limite de {max} pixels"
        ));
    }
    Ok(())
}

/// A resolution for an image `width` pixels wide that shows a page of `page_inches` (or an A4
/// page when unknown), within what Tesseract handles.
fn dpi_for(width: u32, page_inches: Option<f32>) -> u32 {
    let inches = page_inches
        .filter(|w| w.is_finite() && *w > 0.5)
        .unwrap_or(A4_WIDTH_INCHES);
    ((width as f32 / inches).round() as u32).clamp(70, 1200)
}

// ---------------------------------------------------------------------------------------------
// Image files

/// The pages of an image file (one, or each page of a multi-page TIFF), at most `max_pages`,
/// each within `max_pixels`.
pub fn image_file(
    bytes: &[u8],
    max_pixels: u64,
    max_pages: usize,
) -> Result<Vec<Gray>, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return Ok(vec![jpeg(bytes, max_pixels, None)?]);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(vec![png(bytes, max_pixels)?]);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return tiff(bytes, max_pixels, max_pages);
    }
    Err("format d'image non lu (JPEG, PNG et TIFF le sont)".into())
}

fn jpeg(bytes: &[u8], max_pixels: u64, page_inches: Option<f32>) -> Result<Gray, DecodeError> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let side = usize::try_from(max_pixels.min(1 << 30)).unwrap_or(usize::MAX);
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(side.min(65_535))
        .set_max_height(side.min(65_535));
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    dec.decode_headers()
        .map_err(|e| format!("JPEG illisible : {e:?}"))?;
    let info = dec.info().ok_or("JPEG sans en-tête")?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    too_large(u64::from(w), u64::from(h), max_pixels)?;
    let pixels = dec
        .decode()
        .map_err(|e| format!("JPEG illisible : {e:?}"))?;
    if pixels.len() != (w as usize) * (h as usize) {
        return Err("JPEG : taille décodée inattendue".into());
    }
    // JFIF density in dots per inch (unit 1) when the file says so.
    let dpi = if info.pixel_density == 1 && info.x_density >= 70 {
        u32::from(info.x_density)
    } else if info.pixel_density == 2 && info.x_density >= 28 {
        (f32::from(info.x_density) * 2.54) as u32
    } else {
        dpi_for(w, page_inches)
    };
    Ok(Gray {
        width: w,
        height: h,
        dpi,
        pixels,
    })
}

fn png(bytes: &[u8], max_pixels: u64) -> Result<Gray, DecodeError> {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    dec.set_limits(png::Limits {
        bytes: usize::try_from(max_pixels.saturating_mul(4)).unwrap_or(usize::MAX),
    });
    let mut reader = dec
        .read_info()
        .map_err(|e| format!("PNG illisible : {e}"))?;
    let (w, h) = {
        let info = reader.info();
        (info.width, info.height)
    };
    too_large(u64::from(w), u64::from(h), max_pixels)?;
    let dpi = reader
        .info()
        .pixel_dims
        .filter(|d| d.unit == png::Unit::Meter && d.xppu > 2_700)
        .map(|d| (d.xppu as f32 * 0.0254).round() as u32)
        .unwrap_or_else(|| dpi_for(w, None));
    let size = reader
        .output_buffer_size()
        .ok_or("PNG : taille de sortie inconnue")?;
    let mut buf = vec![0u8; size];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("PNG illisible : {e}"))?;
    let channels = frame.color_type.samples();
    let line = frame.line_size;
    let mut pixels = Vec::with_capacity((w as usize) * (h as usize));
    for y in 0..h as usize {
        let row = buf.get(y * line..y * line + line).ok_or("PNG tronqué")?;
        for x in 0..w as usize {
            let p = row
                .get(x * channels..x * channels + channels)
                .ok_or("PNG tronqué")?;
            let v = match channels {
                1 | 2 => p[0],
                _ => luma(p[0], p[1], p[2]),
            };
            // Transparent pixels are paper.
            let alpha = if channels == 2 || channels == 4 {
                p[channels - 1]
            } else {
                255
            };
            pixels.push(255 - ((255 - u32::from(v)) * u32::from(alpha) / 255) as u8);
        }
    }
    Ok(Gray {
        width: w,
        height: h,
        dpi,
        pixels,
    })
}

fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8
}

fn tiff(bytes: &[u8], max_pixels: u64, max_pages: usize) -> Result<Vec<Gray>, DecodeError> {
    use tiff::ColorType;
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    use tiff::tags::Tag;
    let err = |e: tiff::TiffError| format!("TIFF illisible : {e}");
    let mut limits = Limits::default();
    limits.decoding_buffer_size =
        usize::try_from(max_pixels.saturating_mul(4)).unwrap_or(usize::MAX);
    let mut dec = Decoder::new(std::io::Cursor::new(bytes))
        .map_err(err)?
        .with_limits(limits);
    let mut pages = Vec::new();
    loop {
        if pages.len() >= max_pages {
            return Err(format!("TIFF de plus de {max_pages} pages"));
        }
        let (w, h) = dec.dimensions().map_err(err)?;
        too_large(u64::from(w), u64::from(h), max_pixels)?;
        let color = dec.colortype().map_err(err)?;
        let res = |dec: &mut Decoder<_>, tag| -> Option<f32> {
            match dec.find_tag(tag).ok()?? {
                tiff::decoder::ifd::Value::Rational(n, d) if d > 0 => Some(n as f32 / d as f32),
                v => v.into_f32().ok(),
            }
        };
        let (xres, yres) = (
            res(&mut dec, Tag::XResolution),
            res(&mut dec, Tag::YResolution),
        );
        let image = dec.read_image().map_err(err)?;
        let DecodingResult::U8(data) = image else {
            return Err("TIFF : profondeur de couleur non lue".into());
        };
        let (wu, hu) = (w as usize, h as usize);
        let mut pixels = Vec::with_capacity(wu * hu);
        match color {
            ColorType::Gray(1) => {
                // Packed bits, rows padded to a byte; the decoder already made 1 white.
                let stride = wu.div_ceil(8);
                for y in 0..hu {
                    let row = data
                        .get(y * stride..(y + 1) * stride)
                        .ok_or("TIFF tronqué")?;
                    for x in 0..wu {
                        let bit = row[x / 8] >> (7 - x % 8) & 1;
                        pixels.push(if bit == 1 { 255 } else { 0 });
                    }
                }
            }
            ColorType::Gray(8) => pixels.extend(data.iter().take(wu * hu)),
            ColorType::RGB(8) => {
                pixels.extend(data.chunks_exact(3).map(|p| luma(p[0], p[1], p[2])))
            }
            ColorType::RGBA(8) => {
                pixels.extend(data.chunks_exact(4).map(|p| luma(p[0], p[1], p[2])))
            }
            _ => return Err("TIFF : espace de couleur non lu".into()),
        }
        if pixels.len() != wu * hu {
            return Err("TIFF tronqué".into());
        }
        let dpi = xres
            .filter(|r| *r >= 70.0 && *r <= 1200.0)
            .map(|r| r as u32)
            .unwrap_or_else(|| dpi_for(w, None));
        let mut page = Gray {
            width: w,
            height: h,
            dpi,
            pixels,
        };
        // A fax in "normal" mode (204 × 98 dpi) has pixels twice as tall as wide: rows doubled.
        if let (Some(x), Some(y)) = (xres, yres)
            && y > 0.0
            && x / y > 1.6
            && u64::from(w) * u64::from(h) * 2 <= max_pixels
        {
            page = double_rows(&page);
        }
        pages.push(page);
        if !dec.more_images() {
            break;
        }
        dec.next_image().map_err(err)?;
    }
    Ok(pages)
}

fn double_rows(g: &Gray) -> Gray {
    let w = g.width as usize;
    let mut pixels = Vec::with_capacity(g.pixels.len() * 2);
    for row in g.pixels.chunks_exact(w) {
        pixels.extend_from_slice(row);
        pixels.extend_from_slice(row);
    }
    Gray {
        width: g.width,
        height: g.height * 2,
        dpi: g.dpi,
        pixels,
    }
}

// ---------------------------------------------------------------------------------------------
// PDF image XObjects

/// The `(width, height)` an image XObject declares.
pub fn pdf_image_size(doc: &Document, image: &Stream) -> Option<(u32, u32)> {
    let d = &image.dict;
    let w = int(doc, d, b"Width")?;
    let h = int(doc, d, b"Height")?;
    Some((u32::try_from(w).ok()?, u32::try_from(h).ok()?))
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let o = d.get(key).ok()?;
    doc.dereference(o).ok().map(|(_, o)| o)
}

fn int(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<i64> {
    match get(doc, d, key)? {
        Object::Integer(i) => Some(*i),
        Object::Real(r) => Some(*r as i64),
        _ => None,
    }
}

fn name_list(doc: &Document, o: Option<&Object>) -> Vec<Vec<u8>> {
    match o {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| o.as_name().ok()))
            .map(<[u8]>::to_vec)
            .collect(),
        _ => Vec::new(),
    }
}

/// The `/DecodeParms` of filter `i` (a dictionary, or one of an array).
fn parms<'a>(doc: &'a Document, d: &'a Dictionary, i: usize) -> Option<&'a Dictionary> {
    let o = get(doc, d, b"DecodeParms").or_else(|| get(doc, d, b"DP"))?;
    match o {
        Object::Dictionary(p) => Some(p),
        Object::Array(a) => doc
            .dereference(a.get(i)?)
            .ok()
            .and_then(|(_, o)| o.as_dict().ok()),
        _ => None,
    }
}

/// How samples become gray.
enum Space {
    /// Components per sample and whether they are CMYK / subtractive.
    Device { n: usize, cmyk: bool },
    /// Indexed: the base's components, and the lookup table.
    Indexed {
        n: usize,
        cmyk: bool,
        table: Vec<u8>,
    },
    /// A separation or DeviceN: tints, 1 is full ink.
    Tint { n: usize },
}

fn color_space(doc: &Document, o: Option<&Object>, depth: u32) -> Space {
    let o = o.and_then(|o| doc.dereference(o).ok().map(|(_, o)| o));
    let gray = Space::Device { n: 1, cmyk: false };
    let Some(o) = o else {
        return gray;
    };
    if depth > 4 {
        return gray;
    }
    let device = |name: &[u8]| match name {
        b"DeviceRGB" | b"RGB" | b"CalRGB" | b"Lab" => Space::Device { n: 3, cmyk: false },
        b"DeviceCMYK" | b"CMYK" => Space::Device { n: 4, cmyk: true },
        _ => Space::Device { n: 1, cmyk: false },
    };
    match o {
        Object::Name(n) => device(n),
        Object::Array(a) => {
            let head = a.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
            match head {
                b"ICCBased" => {
                    let n = a
                        .get(1)
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| o.as_stream().ok())
                        .and_then(|s| int(doc, &s.dict, b"N"))
                        .unwrap_or(1);
                    match n {
                        3 => Space::Device { n: 3, cmyk: false },
                        4 => Space::Device { n: 4, cmyk: true },
                        _ => gray,
                    }
                }
                b"Indexed" | b"I" => {
                    let (n, cmyk) = match color_space(doc, a.get(1), depth + 1) {
                        Space::Device { n, cmyk } => (n, cmyk),
                        _ => (1, false),
                    };
                    let table = match a
                        .get(3)
                        .and_then(|o| doc.dereference(o).ok())
                        .map(|(_, o)| o)
                    {
                        Some(Object::String(s, _)) => s.clone(),
                        Some(Object::Stream(s)) => s
                            .decompressed_content_with_limit(256 * 4 * 2)
                            .unwrap_or_default(),
                        _ => Vec::new(),
                    };
                    Space::Indexed { n, cmyk, table }
                }
                b"Separation" => Space::Tint { n: 1 },
                b"DeviceN" => Space::Tint {
                    n: a.get(1)
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| o.as_array().ok())
                        .map_or(1, |v| v.len().max(1)),
                },
                b"CalGray" => gray,
                b"CalRGB" | b"Lab" => Space::Device { n: 3, cmyk: false },
                _ => gray,
            }
        }
        _ => gray,
    }
}

/// The gray of one pixel's components, each 0.0–1.0 after `/Decode`.
fn to_gray(space: &Space, c: &[f32]) -> u8 {
    let v = match space {
        Space::Device { n: 1, .. } => c[0],
        Space::Device { cmyk: false, .. } => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2],
        Space::Device { .. } => {
            let k = c[3];
            let (r, g, b) = (
                (1.0 - c[0]) * (1.0 - k),
                (1.0 - c[1]) * (1.0 - k),
                (1.0 - c[2]) * (1.0 - k),
            );
            0.299 * r + 0.587 * g + 0.114 * b
        }
        Space::Tint { .. } => 1.0 - c.iter().copied().fold(0.0f32, f32::max),
        Space::Indexed { .. } => c[0],
    };
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// Decodes image XObject `image` of a page `page_inches` wide (its width on the page) to gray,
/// refusing more than `max_pixels`.
pub fn pdf_image(
    doc: &Document,
    image: &Stream,
    page_inches: Option<f32>,
    max_pixels: u64,
) -> Result<Gray, DecodeError> {
    let d = &image.dict;
    let (w, h) = pdf_image_size(doc, image).ok_or("image sans dimensions")?;
    too_large(u64::from(w), u64::from(h), max_pixels)?;
    let mask = matches!(get(doc, d, b"ImageMask"), Some(Object::Boolean(true)));
    // Decompressed bytes allowed: the pixels at 16 bits and 4 components, and a margin (a
    // Flate bomb stops there, not in memory).
    let cap = usize::try_from(max_pixels.saturating_mul(8))
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    let bpc = if mask {
        1
    } else {
        int(doc, d, b"BitsPerComponent").unwrap_or(8)
    };
    let filters = name_list(doc, get(doc, d, b"Filter").or_else(|| get(doc, d, b"F")));
    let last = filters.last().map(Vec::as_slice);
    let image_filter = matches!(
        last,
        Some(b"DCTDecode" | b"DCT" | b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode" | b"JPXDecode")
    );
    // The bytes before the image filter: lopdf undoes Flate, LZW and the predictors.
    let data: Vec<u8> = if image_filter && filters.len() > 1 {
        let mut inner = image.clone();
        let before: Vec<Object> = filters[..filters.len() - 1]
            .iter()
            .map(|f| Object::Name(f.clone()))
            .collect();
        inner.dict.set("Filter", Object::Array(before));
        inner
            .decompressed_content_with_limit(cap)
            .map_err(|_| "flux d'image illisible ou trop grand".to_string())?
    } else if image_filter || filters.is_empty() {
        image.content.clone()
    } else {
        image
            .decompressed_content_with_limit(cap)
            .map_err(|_| "flux d'image illisible ou trop grand".to_string())?
    };
    let decode: Vec<f32> = get(doc, d, b"Decode")
        .and_then(|o| o.as_array().ok())
        .map(|a| {
            a.iter()
                .filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| o.as_float().ok()))
                .collect()
        })
        .unwrap_or_default();
    let (wu, hu) = (w as usize, h as usize);
    let filter_parms = parms(doc, d, filters.len().saturating_sub(1));
    match last {
        Some(b"CCITTFaxDecode" | b"CCF") => {
            let bits = ccitt(doc, &data, w, h, filter_parms)?;
            Ok(bilevel(bits, w, h, &decode, mask, page_inches))
        }
        Some(b"JBIG2Decode") => {
            let globals = filter_parms
                .and_then(|p| get(doc, p, b"JBIG2Globals"))
                .and_then(|o| o.as_stream().ok())
                .map(|s| {
                    // Globals without a filter are taken as they are.
                    if s.dict.has(b"Filter") {
                        s.decompressed_content_with_limit(cap).unwrap_or_default()
                    } else {
                        s.content.clone()
                    }
                });
            let bits = jbig2(&data, globals.as_deref(), w, h)?;
            Ok(bilevel(bits, w, h, &decode, mask, page_inches))
        }
        Some(b"DCTDecode" | b"DCT") => {
            let mut g = jpeg(&data, max_pixels, page_inches)?;
            if g.width != w || g.height != h {
                // The stream's own size wins (the dictionary may be wrong); still within the cap.
                too_large(u64::from(g.width), u64::from(g.height), max_pixels)?;
            }
            if decode.len() >= 2 && decode[0] > decode[1] {
                g.pixels.iter_mut().for_each(|p| *p = 255 - *p);
            }
            g.dpi = dpi_for(g.width, page_inches);
            Ok(g)
        }
        Some(b"JPXDecode") => jpx(&data, max_pixels, page_inches),
        _ => {
            let space = if mask {
                Space::Device { n: 1, cmyk: false }
            } else {
                color_space(
                    doc,
                    get(doc, d, b"ColorSpace").or_else(|| get(doc, d, b"CS")),
                    0,
                )
            };
            raw(&data, wu, hu, bpc, &space, &decode, mask, page_inches)
        }
    }
}

/// Black/white samples (`true` black) to gray, after `/Decode` (`[1 0]` swaps) and the mask
/// rule (an `/ImageMask` paints where the sample is 0 unless `/Decode [1 0]`).
fn bilevel(
    black: Vec<bool>,
    w: u32,
    h: u32,
    decode: &[f32],
    mask: bool,
    page_inches: Option<f32>,
) -> Gray {
    let swap = decode.len() >= 2 && decode[0] > decode[1];
    // A filter's output: black is sample 0. A mask paints sample 0 (black ink) too.
    let _ = mask;
    let pixels = black
        .into_iter()
        .map(|b| if b != swap { 0 } else { 255 })
        .collect();
    Gray {
        width: w,
        height: h,
        dpi: dpi_for(w, page_inches),
        pixels,
    }
}

struct Rows {
    width: usize,
    bits: Vec<bool>,
    black_is_1: bool,
}

impl hayro_ccitt::Decoder for Rows {
    fn push_row(&mut self, changes: &[u32]) {
        let start = self.bits.len();
        self.bits.resize(start + self.width, false);
        let row = &mut self.bits[start..];
        for pair in changes.chunks(2) {
            let a = (pair[0] as usize).min(self.width);
            let b = pair
                .get(1)
                .map_or(self.width, |&e| (e as usize).min(self.width));
            row[a..b.max(a)].fill(true);
        }
        // `BlackIs1` false (the default): the filter's 0 bits are black, which is what
        // `true` means here; with it set, a 1 bit is black and the colour space shows it white
        // unless a `/Decode [1 0]` swaps it back.
        if self.black_is_1 {
            row.iter_mut().for_each(|b| *b = !*b);
        }
    }
}

fn ccitt(
    doc: &Document,
    data: &[u8],
    w: u32,
    h: u32,
    p: Option<&Dictionary>,
) -> Result<Vec<bool>, DecodeError> {
    use hayro_ccitt::{DecodeSettings, DecoderContext, EncodingMode};
    let k = p.and_then(|p| int(doc, p, b"K")).unwrap_or(0);
    let flag =
        |key: &[u8]| p.is_some_and(|p| matches!(get(doc, p, key), Some(Object::Boolean(true))));
    let columns = p.and_then(|p| int(doc, p, b"Columns")).unwrap_or(1728);
    let columns = u32::try_from(columns).map_err(|_| "CCITT : largeur invalide")?;
    if columns != w {
        return Err("CCITT : largeur du flux différente de celle de l'image".into());
    }
    let settings = DecodeSettings {
        columns,
        rows: h,
        end_of_block: p
            .is_none_or(|p| !matches!(get(doc, p, b"EndOfBlock"), Some(Object::Boolean(false)))),
        end_of_line: flag(b"EndOfLine"),
        rows_are_byte_aligned: flag(b"EncodedByteAlign"),
        encoding: match k {
            k if k < 0 => EncodingMode::Group4,
            0 => EncodingMode::Group3_1D,
            _ => EncodingMode::Group3_2D,
        },
        strict: false,
    };
    let mut rows = Rows {
        width: w as usize,
        bits: Vec::with_capacity((w as usize) * (h as usize)),
        black_is_1: flag(b"BlackIs1"),
    };
    let mut ctx = DecoderContext::new(settings);
    // A damaged stream keeps the rows decoded so far; the rest stays white (and the page
    // will read as what it shows, or be judged illegible).
    let _ = hayro_ccitt::decode(data, &mut rows, &mut ctx);
    rows.bits.truncate((w as usize) * (h as usize));
    rows.bits.resize((w as usize) * (h as usize), false);
    Ok(rows.bits)
}

struct Bits {
    width: usize,
    bits: Vec<bool>,
    x: usize,
    cap: usize,
}

impl hayro_jbig2::Decoder for Bits {
    fn push_pixel(&mut self, black: bool) {
        if self.bits.len() < self.cap {
            self.bits.push(black);
            self.x += 1;
        }
    }
    fn push_pixel_chunk(&mut self, black: bool, chunk_count: u32) {
        for _ in 0..chunk_count.saturating_mul(8) {
            self.push_pixel(black);
        }
    }
    fn next_line(&mut self) {
        // Rows are padded to the width (a chunk may run past it).
        let row_start = self.bits.len() - self.x;
        self.bits.truncate(row_start + self.width.min(self.x));
        let missing = self.width.saturating_sub(self.x);
        self.bits.extend(std::iter::repeat_n(false, missing));
        self.x = 0;
    }
}

fn jbig2(data: &[u8], globals: Option<&[u8]>, w: u32, h: u32) -> Result<Vec<bool>, DecodeError> {
    use hayro_jbig2::{DecodeSettings, Globals, Page};
    let settings = DecodeSettings::default();
    let globals = match globals {
        Some(g) => {
            Some(Globals::new(g, &settings).map_err(|e| format!("JBIG2 illisible : {e:?}"))?)
        }
        None => None,
    };
    let page = Page::new_embedded(data, globals.as_ref(), &settings)
        .map_err(|e| format!("JBIG2 illisible : {e:?}"))?;
    if page.width() != w || page.height() != h {
        return Err("JBIG2 : dimensions différentes de celles de l'image".into());
    }
    let n = (w as usize) * (h as usize);
    let mut bits = Bits {
        width: w as usize,
        bits: Vec::with_capacity(n),
        x: 0,
        cap: n + 64,
    };
    page.decode(&mut bits)
        .map_err(|e| format!("JBIG2 illisible : {e:?}"))?;
    bits.bits.resize(n, false);
    // JBIG2's 1 (black) is the filter's 0 sample, black in DeviceGray.
    Ok(bits.bits)
}

fn jpx(data: &[u8], max_pixels: u64, page_inches: Option<f32>) -> Result<Gray, DecodeError> {
    use hayro_jpeg2000::{DecodeSettings, DecoderContext, Image};
    let image = Image::new(data, &DecodeSettings::default())
        .map_err(|e| format!("JPX illisible : {e:?}"))?;
    let (w, h) = (image.width(), image.height());
    too_large(u64::from(w), u64::from(h), max_pixels)?;
    let cmyk = matches!(image.color_space(), hayro_jpeg2000::ColorSpace::CMYK);
    let mut ctx = DecoderContext::default();
    let decoded = image
        .decode(&mut ctx)
        .map_err(|e| format!("JPX illisible : {e:?}"))?;
    let channels = decoded.components().len().max(1);
    let data = decoded.data_u8();
    let (wu, hu) = (w as usize, h as usize);
    if data.len() < wu * hu * channels {
        return Err("JPX tronqué".into());
    }
    let pixels = data
        .chunks_exact(channels)
        .take(wu * hu)
        .map(|p| match channels {
            1 | 2 => p[0],
            4 if cmyk => {
                let k = 255 - u32::from(p[3]);
                let c = |v: u8| ((255 - u32::from(v)) * k / 255) as u8;
                luma(c(p[0]), c(p[1]), c(p[2]))
            }
            _ => luma(p[0], p[1], p[2]),
        })
        .collect();
    Ok(Gray {
        width: w,
        height: h,
        dpi: dpi_for(w, page_inches),
        pixels,
    })
}

/// Uncompressed (or Flate/LZW-decoded) samples to gray.
#[allow(clippy::too_many_arguments)]
fn raw(
    data: &[u8],
    w: usize,
    h: usize,
    bpc: i64,
    space: &Space,
    decode: &[f32],
    mask: bool,
    page_inches: Option<f32>,
) -> Result<Gray, DecodeError> {
    let bpc = match bpc {
        1 | 2 | 4 | 8 | 16 => bpc as usize,
        _ => return Err("image : profondeur de couleur invalide".into()),
    };
    let n = match space {
        Space::Device { n, .. } | Space::Tint { n } => *n,
        Space::Indexed { .. } => 1,
    };
    let stride = (w * n * bpc).div_ceil(8);
    if data.len() < stride * h {
        return Err("image tronquée".into());
    }
    let max = ((1u32 << bpc.min(16)) - 1) as f32;
    let mut pixels = Vec::with_capacity(w * h);
    let mut comps = vec![0f32; n.max(4)];
    for y in 0..h {
        let row = &data[y * stride..(y + 1) * stride];
        let sample = |i: usize| -> u32 {
            match bpc {
                8 => u32::from(row[i]),
                16 => u32::from(row[2 * i]) << 8 | u32::from(row[2 * i + 1]),
                _ => {
                    let bit = i * bpc;
                    u32::from(row[bit / 8] >> (8 - bpc - bit % 8)) & ((1 << bpc) - 1)
                }
            }
        };
        for x in 0..w {
            if let Space::Indexed { n: bn, cmyk, table } = space {
                let mut idx = sample(x) as f32;
                if decode.len() >= 2 {
                    idx = decode[0] + idx * (decode[1] - decode[0]) / max;
                }
                let idx = idx.max(0.0) as usize;
                for (c, comp) in comps.iter_mut().enumerate().take(*bn) {
                    *comp = table
                        .get(idx * bn + c)
                        .map_or(0.0, |&v| f32::from(v) / 255.0);
                }
                pixels.push(to_gray(
                    &Space::Device {
                        n: *bn,
                        cmyk: *cmyk,
                    },
                    &comps[..*bn],
                ));
                continue;
            }
            for c in 0..n {
                let s = sample(x * n + c) as f32 / max;
                comps[c] = if decode.len() >= 2 * (c + 1) {
                    decode[2 * c] + s * (decode[2 * c + 1] - decode[2 * c])
                } else {
                    s
                };
            }
            if mask {
                // A stencil mask paints (black) where the sample is 0 (after /Decode).
                pixels.push(if comps[0] < 0.5 { 0 } else { 255 });
            } else {
                pixels.push(to_gray(space, &comps[..n]));
            }
        }
    }
    Ok(Gray {
        width: w as u32,
        height: h as u32,
        dpi: dpi_for(w as u32, page_inches),
        pixels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_samples_follow_decode_and_color_space() {
        // 1-bit gray, 8 pixels: 0 is black.
        let g = raw(
            &[0b0000_1111],
            8,
            1,
            1,
            &Space::Device { n: 1, cmyk: false },
            &[],
            false,
            None,
        )
        .unwrap();
        assert_eq!(g.pixels, vec![0, 0, 0, 0, 255, 255, 255, 255]);
        // /Decode [1 0] swaps.
        let g = raw(
            &[0b0000_1111],
            8,
            1,
            1,
            &Space::Device { n: 1, cmyk: false },
            &[1.0, 0.0],
            false,
            None,
        )
        .unwrap();
        assert_eq!(g.pixels[0], 255);
        // RGB red is a mid gray; CMYK full black is black.
        let g = raw(
            &[255, 0, 0],
            1,
            1,
            8,
            &Space::Device { n: 3, cmyk: false },
            &[],
            false,
            None,
        )
        .unwrap();
        assert_eq!(g.pixels, vec![76]);
        let g = raw(
            &[0, 0, 0, 255],
            1,
            1,
            8,
            &Space::Device { n: 4, cmyk: true },
            &[],
            false,
            None,
        )
        .unwrap();
        assert_eq!(g.pixels, vec![0]);
        // Indexed into RGB.
        let space = Space::Indexed {
            n: 3,
            cmyk: false,
            table: vec![255, 255, 255, 0, 0, 0],
        };
        let g = raw(&[0, 1], 2, 1, 8, &space, &[], false, None).unwrap();
        assert_eq!(g.pixels, vec![255, 0]);
        // Truncated data is an error, not a panic.
        assert!(
            raw(
                &[0],
                8,
                2,
                8,
                &Space::Device { n: 1, cmyk: false },
                &[],
                false,
                None
            )
            .is_err()
        );
    }

    #[test]
    fn image_files_are_bounded() {
        assert!(image_file(b"GIF89a", 1000, 1).is_err());
        assert!(image_file(&[0xFF, 0xD8, 0xFF], 1000, 1).is_err());
        assert!(image_file(b"II*\0\x08\0\0\0", 1000, 1).is_err());
    }
}
