//! Legacy Excel workbooks (`.xls`, BIFF5/BIFF8 in a compound file), read with calamine (MIT)
//! for the report only: the part stays refused ([`Opaque::Refused`](crate::extract::Opaque),
//! "ancien format binaire Excel…": tamis does not rewrite it), but what it holds is shown, so
//! that the sender sees why it matters. One segment per sheet — rows as lines, cells separated
//! by tabs, so the scanner's rows and column headers apply — and the sheet names; a column
//! headed "Pathologie", "NIR"… makes the cells below it facts of its category, as in an XLSX.
//!
//! calamine builds each sheet as a dense grid when it opens the file: a crafted file with two
//! cells far apart would ask for hundreds of megabytes. So the cell records of the `Workbook`
//! stream are walked first ([`grid_cells`]: record headers only, linear) and a workbook whose
//! grids exceed [`MAX_CELLS`] is not opened (it stays refused, unread).

use crate::extract::{ExtractError, Extractor, Fact, Origin, Part, Segment, SourceMap};
use std::io::{Cursor, Read};

/// Cells of all grids together (rows × columns of each sheet's used range) calamine may build.
pub const MAX_CELLS: u64 = 1 << 20;

/// Rows from the top where a header row is looked for.
const HEADER_ROWS: usize = 10;

/// The cells of the dense grids calamine would build for the BIFF stream `wb`: for each
/// substream (sheet), the rows × columns of the cells' bounding box; `None` if the stream is
/// not BIFF.
pub fn grid_cells(wb: &[u8]) -> Option<u64> {
    let u16_at = |at: usize| -> Option<u16> {
        Some(u16::from_le_bytes(wb.get(at..at + 2)?.try_into().ok()?))
    };
    if u16_at(0)? != 0x0809 {
        return None;
    }
    let mut total = 0u64;
    let mut bbox: Option<(u16, u16, u16, u16)> = None;
    let mut flush = |bbox: &mut Option<(u16, u16, u16, u16)>| {
        if let Some((r0, r1, c0, c1)) = bbox.take() {
            total = total
                .saturating_add((u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1));
        }
    };
    let mut at = 0;
    while at + 4 <= wb.len() {
        let kind = u16_at(at)?;
        let len = usize::from(u16_at(at + 2)?);
        let data = wb.get(at + 4..at + 4 + len).unwrap_or_default();
        at += 4 + len;
        let (row, first, last) = match kind {
            // BOF: a new substream.
            0x0809 => {
                flush(&mut bbox);
                continue;
            }
            // FORMULA, LABELSST, NUMBER, RK, BLANK, BOOLERR, LABEL, RSTRING.
            0x0006 | 0x00FD | 0x0203 | 0x027E | 0x0201 | 0x0205 | 0x0204 | 0x00D6 => {
                let (Some(r), Some(c)) = (
                    data.get(0..2).map(|b| u16::from_le_bytes([b[0], b[1]])),
                    data.get(2..4).map(|b| u16::from_le_bytes([b[0], b[1]])),
                ) else {
                    continue;
                };
                (r, c, c)
            }
            // MULRK, MULBLANK: a row, a first column, the last column at the end.
            0x00BD | 0x00BE if data.len() >= 6 => {
                let r = u16::from_le_bytes([data[0], data[1]]);
                let c0 = u16::from_le_bytes([data[2], data[3]]);
                let n = data.len();
                let c1 = u16::from_le_bytes([data[n - 2], data[n - 1]]);
                (r, c0.min(c1), c0.max(c1))
            }
            _ => continue,
        };
        bbox = Some(match bbox {
            None => (row, row, first, last),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(first), c1.max(last)),
        });
    }
    flush(&mut bbox);
    Some(total)
}

/// A date of Excel's 1900 system (days since 1899-12-30) as `dd/mm/yyyy`.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days since 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{d:02}/{m:02}/{y:04}"))
}

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::DateTime(t) => excel_date(t.as_f64()).unwrap_or_else(|| t.to_string()),
        other => other.to_string(),
    }
}

/// Reads legacy Excel workbook `bytes` into `part` (its opaque reason already set): segments,
/// and the facts of columns with a header. Nothing when it is not one, is protected, or is
/// too large to open.
pub fn read(x: &mut Extractor, part: &mut Part, bytes: &[u8]) -> Result<(), ExtractError> {
    let names = super::cfb::stream_names(bytes).unwrap_or_default();
    let has = |n: &str| names.iter().any(|s| s.eq_ignore_ascii_case(n));
    if !(has("Workbook") || has("Book")) || has("EncryptionInfo") {
        return Ok(());
    }
    // The BIFF stream, walked before calamine builds its grids.
    let stream = std::panic::catch_unwind(|| -> Option<Vec<u8>> {
        let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
        let name = if cf.is_stream("/Workbook") {
            "/Workbook"
        } else {
            "/Book"
        };
        let mut out = Vec::new();
        cf.open_stream(name)
            .ok()?
            .take(bytes.len() as u64)
            .read_to_end(&mut out)
            .ok()?;
        Some(out)
    });
    let Ok(Some(wb)) = stream else {
        return Ok(());
    };
    if grid_cells(&wb).is_none_or(|n| n > MAX_CELLS) {
        return Ok(());
    }
    x.check_time()?;
    let read = std::panic::catch_unwind(|| {
        use calamine::Reader;
        let mut book = calamine::Xls::new(Cursor::new(bytes)).ok()?;
        let names = book.sheet_names();
        let mut sheets = Vec::new();
        for (k, name) in names.iter().enumerate() {
            let Ok(range) = book.worksheet_range_at(k)? else {
                continue;
            };
            let rows: Vec<Vec<String>> = range
                .rows()
                .map(|r| r.iter().map(cell_text).collect())
                .collect();
            sheets.push((name.clone(), rows));
        }
        Some(sheets)
    });
    let Ok(Some(sheets)) = read else {
        return Ok(());
    };
    for (k, (name, rows)) in sheets.into_iter().enumerate() {
        let sheet = format!("xls/sheet[{}]", k + 1);
        let mut text = String::new();
        for row in &rows {
            text.push_str(row.join("\t").trim_end());
            text.push('\n');
        }
        x.charge(&part.path, (text.len() + name.len()) as u64)?;
        x.check_time()?;
        if !name.trim().is_empty() {
            part.segments.push(Segment {
                text: name,
                origin: Origin::Element(format!("{sheet}/@name")),
                map: SourceMap::None,
            });
        }
        // Column context: the first of the top rows with a header naming a category.
        let header = rows
            .iter()
            .take(HEADER_ROWS)
            .enumerate()
            .find_map(|(i, r)| {
                let cats: Vec<_> = r.iter().map(|h| super::header_category(h)).collect();
                cats.iter().any(Option::is_some).then_some((i, cats))
            });
        if let Some((h, cats)) = header {
            for row in rows.iter().skip(h + 1) {
                for (cell, cat) in row.iter().zip(&cats) {
                    if let Some(category) = cat
                        && !cell.trim().is_empty()
                    {
                        part.facts.push(Fact {
                            category: *category,
                            text: Some(cell.clone()),
                            code: None,
                            origin: Origin::Element(sheet.clone()),
                            span: None,
                            confidence: 0.9,
                            section: None,
                        });
                    }
                }
            }
        }
        if !text.trim().is_empty() {
            part.segments.push(Segment {
                text,
                origin: Origin::Element(sheet),
                map: SourceMap::None,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_dates_are_french_dates() {
        assert_eq!(excel_date(1.0).as_deref(), Some("31/12/1899"));
        assert_eq!(excel_date(15_039.0).as_deref(), Some("04/03/1941"));
        assert_eq!(excel_date(45_658.5).as_deref(), Some("01/01/2025"));
        assert_eq!(excel_date(-3.0), None);
    }

    #[test]
    fn grids_are_measured_from_the_cell_records() {
        let rec = |kind: u16, data: &[u8]| {
            let mut v = kind.to_le_bytes().to_vec();
            v.extend_from_slice(&(data.len() as u16).to_le_bytes());
            v.extend_from_slice(data);
            v
        };
        let mut wb = rec(0x0809, &[0; 16]);
        wb.extend(rec(0x0809, &[0; 16]));
        // NUMBER at (0, 0) and at (65535, 255): a grid of 65,536 × 256.
        wb.extend(rec(0x0203, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        wb.extend(rec(
            0x0203,
            &[0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ));
        assert_eq!(grid_cells(&wb), Some(65_536 * 256));
        assert!(grid_cells(&wb).unwrap() > MAX_CELLS);
        assert_eq!(grid_cells(b"not biff"), None);
    }
}
