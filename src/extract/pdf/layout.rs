//! Reading order: placed glyphs → one page text with a [`Glyph`] locator per glyph.
//!
//! Horizontal glyphs are grouped into lines by baseline (within half the font size), lines go
//! top to bottom and glyphs left to right inside a line, as a reader reads a letter; cells of a
//! table row share a baseline and so come out on one line. Glyphs that are not horizontal
//! (rotated margins) follow, in content order.
//!
//! Spaces are made as pdftotext makes them: space glyphs are not laid out (a space drawn by
//! another line's paragraph would split a word), they only mark a word break after the glyph
//! drawn before them; a space also goes where the gap between two glyphs exceeds the line's
//! letter spacing (its smallest gap, usually 0) by [`WORD_GAP`] × font size, so that a
//! letter-spaced `D U P O N T` stays one word. `\n` separates lines.
//!
//! A space made from a space glyph that lies between the two glyphs maps to that glyph (so a
//! name's glyph ranges run through its spaces). Other spaces and all line breaks are synthetic
//! and belong to no glyph: they are appended after the previous glyph's text, so in
//! [`SourceMap::Glyphs`] they fall inside the previous glyph's range; a match that starts at a
//! word's first letter never includes them.
//!
//! [`SourceMap::Glyphs`]: crate::extract::SourceMap::Glyphs

use crate::extract::Glyph;

/// Minimum gap between glyphs, as a fraction of the font size, that makes a word break.
pub(super) const WORD_GAP: f32 = 0.1;
/// Gaps that differ by less than this × font size are the same spacing.
const UNIFORM: f32 = 0.07;
/// Two glyphs are on one line when their baselines differ by less than this × font size.
const SAME_LINE: f32 = 0.5;

/// A glyph drawn on the page, in device space (y up).
pub(super) struct Placed {
    /// NFKC text, control characters removed (may be empty).
    pub text: String,
    pub x: f32,
    pub y: f32,
    /// Where the next glyph would start (x + advance, device space).
    pub end_x: f32,
    pub end_y: f32,
    /// Font size in device space.
    pub size: f32,
    pub horizontal: bool,
    pub stream: u16,
    pub op: u32,
    pub glyph: u32,
    /// Not shown to the reader (render mode 3 or 7, or off the page).
    pub hidden: bool,
}

/// The page text and its glyph map.
pub(super) fn layout(glyphs: &[Placed]) -> (String, Vec<Glyph>) {
    let mut out = Out::default();
    let breaks = space_after(glyphs);
    let is_space = |g: &Placed| g.text.chars().all(char::is_whitespace);
    let mut horizontal: Vec<usize> = (0..glyphs.len())
        .filter(|&i| glyphs.get(i).is_some_and(|g| g.horizontal && !is_space(g)))
        .collect();
    horizontal.sort_by(|&a, &b| {
        let (a, b) = (&glyphs[a], &glyphs[b]);
        b.y.total_cmp(&a.y)
    });
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut line_y = f32::NAN;
    let mut line_size = 0f32;
    for i in horizontal {
        let g = &glyphs[i];
        let tol = SAME_LINE * line_size.max(g.size).max(1.0);
        match lines.last_mut() {
            Some(line) if line_y - g.y < tol => {
                line.push(i);
                line_size = line_size.max(g.size);
            }
            _ => {
                lines.push(vec![i]);
                line_y = g.y;
                line_size = g.size;
            }
        }
    }
    for mut line in lines {
        line.sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x));
        out.newline();
        let base_gap = letter_spacing(glyphs, &line);
        let mut prev: Option<(&Placed, usize)> = None;
        for i in line {
            let g = &glyphs[i];
            // The same glyph drawn again a hair to the side (fake bold): no new text, but
            // located too, so that removing the text removes both drawings.
            if let Some((p, _)) = prev
                && overstrikes(p, g)
            {
                out.overstrike(g);
                continue;
            }
            if let Some((p, p_index)) = prev {
                let gap = g.x - p.end_x;
                // The space glyph drawn after `p`, if it lies between the two glyphs.
                let drawn = breaks
                    .get(p_index)
                    .copied()
                    .flatten()
                    .and_then(|s| glyphs.get(s))
                    .filter(|s| s.x >= p.x && s.x <= g.x);
                match drawn {
                    Some(space) => out.space_glyph(space),
                    None if gap > base_gap + WORD_GAP * p.size.max(g.size) => out.space(),
                    None => {}
                }
            }
            out.glyph(g);
            prev = Some((g, i));
        }
    }
    // Rotated or mirrored text: content order, breaks by distance.
    let mut prev: Option<&Placed> = None;
    for g in glyphs.iter().filter(|g| !g.horizontal && !is_space(g)) {
        match prev {
            None => out.newline(),
            Some(p) => {
                let d = (g.x - p.end_x).hypot(g.y - p.end_y);
                if d > 1.5 * p.size.max(g.size) {
                    out.newline();
                } else if d > WORD_GAP * p.size.max(g.size) {
                    out.space();
                }
            }
        }
        out.glyph(g);
        prev = Some(g);
    }
    (out.text, out.map)
}

/// The line's letter spacing, which word gaps must exceed: the smallest gap between two
/// glyphs of the line (0 for ordinary text; the spacing of a letter-spaced heading such as
/// `D U P O N T`). When every gap is the same (within [`UNIFORM`] × size), the whole line is
/// letter-spaced: no gap makes a word break (pdftotext does the same).
fn letter_spacing(glyphs: &[Placed], line: &[usize]) -> f32 {
    let (mut min, mut max, mut size, mut n) = (f32::INFINITY, f32::NEG_INFINITY, 0f32, 0usize);
    for pair in line.windows(2) {
        if let [a, b] = pair
            && let (Some(a), Some(b)) = (glyphs.get(*a), glyphs.get(*b))
        {
            let gap = b.x - a.end_x;
            min = min.min(gap);
            max = max.max(gap);
            size = size.max(a.size).max(b.size);
            n += 1;
        }
    }
    if n >= 3 && max - min < UNIFORM * size && min > WORD_GAP * size {
        return f32::INFINITY;
    }
    if min.is_finite() { min.max(0.0) } else { 0.0 }
}

/// For each glyph: the space glyph that follows it in content order on its baseline, if any.
/// Space glyphs themselves are not laid out (as in pdftotext, a space stray from another line
/// must not split a word); they only mark a word break after the glyph before them.
fn space_after(glyphs: &[Placed]) -> Vec<Option<usize>> {
    let mut out = vec![None; glyphs.len()];
    let mut last: Option<usize> = None;
    for (i, g) in glyphs.iter().enumerate() {
        if !g.text.chars().all(char::is_whitespace) {
            last = Some(i);
            continue;
        }
        if g.text.is_empty() {
            continue;
        }
        if let Some(p) = last.and_then(|p| glyphs.get(p).map(|g| (p, g)))
            && (p.1.y - g.y).abs() < SAME_LINE * p.1.size.max(g.size).max(1.0)
            && let Some(slot) = out.get_mut(p.0)
            && slot.is_none()
        {
            *slot = Some(i);
        }
    }
    out
}

/// `g` repeats `p` over it: same text, same baseline, shifted by less than half an advance
/// (two glyphs in a row such as `ll` are a whole advance apart).
fn overstrikes(p: &Placed, g: &Placed) -> bool {
    let advance = (p.end_x - p.x).abs();
    p.text == g.text
        && advance > 0.0
        && (g.x - p.x).abs() < 0.5 * advance
        && (g.y - p.y).abs() < 0.1 * p.size.max(1.0)
}

/// Text being built, with the glyph map.
#[derive(Default)]
struct Out {
    text: String,
    map: Vec<Glyph>,
}

impl Out {
    fn ends_with_space(&self) -> bool {
        self.text
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
    }

    fn space(&mut self) {
        if !self.ends_with_space() {
            self.text.push(' ');
        }
    }

    fn newline(&mut self) {
        if self.text.is_empty() {
            return;
        }
        if !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// A word break made by a drawn space glyph: one space, mapped to that glyph.
    fn space_glyph(&mut self, g: &Placed) {
        if self.ends_with_space() {
            return;
        }
        self.map.push(Glyph {
            text: self.text.len() as u32,
            stream: g.stream,
            op: g.op,
            glyph: g.glyph,
        });
        self.text.push(' ');
    }

    /// A glyph drawn over the previous one: mapped to the previous glyph's text.
    fn overstrike(&mut self, g: &Placed) {
        if let Some(last) = self.map.last() {
            let text = last.text;
            self.map.push(Glyph {
                text,
                stream: g.stream,
                op: g.op,
                glyph: g.glyph,
            });
        }
    }

    fn glyph(&mut self, g: &Placed) {
        if g.text.is_empty() {
            return;
        }
        self.map.push(Glyph {
            text: self.text.len() as u32,
            stream: g.stream,
            op: g.op,
            glyph: g.glyph,
        });
        self.text.push_str(&g.text);
    }
}
