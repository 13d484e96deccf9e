//! Drawn text rendered for OCR (issue 21 §1): a page whose text is drawn as paths
//! ([`Why::Drawn`](super::ink::Why)) is rasterised by tamis itself — the same content
//! interpreter ([`content`](super::content)) walks it, this module being its visitor — and the
//! pixels are read by OCR like a scan.
//!
//! What is rendered is what outlined text is made of: filled paths (nonzero and even-odd
//! rules) and stroked ones, in their gray level (colours by their luminance), on white, at
//! [`DPI`] (less when the page would exceed [`Limits::max_ocr_pixels`]); the page's decoded
//! text is not drawn (it is read from the text layer already), nor are images (those larger
//! than a logo are read by OCR on their own, as on any page with text). Clipping is ignored:
//! what is drawn and clipped away is rendered all the same, which can only add words.
//!
//! No anti-aliasing: a pixel is painted when its centre is inside. Bounded: the canvas is at
//! most `max_ocr_pixels` pixels; a path keeps at most [`MAX_PATH_POINTS`] points; the work
//! (edges visited per row, pixels painted) is at most [`MAX_WORK_PER_PIXEL`] per canvas pixel;
//! past either the page is not rendered and stays opaque. The clock is looked at every
//! [`OPS_PER_TIME_CHECK`] operations.
//!
//! [`Frame`] is the page-to-pixel mapping; redaction (`redact/pdf/pages.rs`) uses it to find
//! the paths under the words OCR read.
//!
//! [`Limits::max_ocr_pixels`]: crate::extract::Limits::max_ocr_pixels

use super::content::{Interp, Matrix, Shown, Visitor, decode, page_operations, walk};
use super::fonts::{Font, FontCache};
use super::ocr::Outcome;
use crate::extract::{ExtractError, Extractor, Origin, Segment, SourceMap};
use crate::ocr::Gray;
use lopdf::content::Operation;
use lopdf::{Dictionary, Document, ObjectId, Stream};

/// Resolution of a rendering, dots per inch (Tesseract reads best at 300).
pub(crate) const DPI: f32 = 300.0;
/// Below this resolution a rendering is not worth reading (a page too large for the pixel
/// budget): the page stays opaque.
const MIN_DPI: f32 = 100.0;
/// Points of one path kept at most (curves flattened).
pub(crate) const MAX_PATH_POINTS: usize = 1_000_000;
/// Work units (an edge visited on a row, a pixel painted) per canvas pixel at most: a page
/// of outlined text costs 1–3; a page of page-sized paths painted over and over, far more.
pub(crate) const MAX_WORK_PER_PIXEL: u64 = 48;
/// A curve is flattened into at most this many lines.
const MAX_CURVE_STEPS: usize = 64;
/// The clock is looked at every this many operations.
const OPS_PER_TIME_CHECK: usize = 4096;
/// The page box when a page has none (US Letter, PDF's default).
const DEFAULT_MEDIA: [f32; 4] = [0.0, 0.0, 612.0, 792.0];

/// How page space maps to the pixels of a rendering: `x` from the box's left, `y` down from
/// its top, `scale` pixels per point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    left: f32,
    top: f32,
    scale: f32,
    pub width: u32,
    pub height: u32,
    pub dpi: u32,
}

impl Frame {
    /// The frame of a page whose box is `media` (PDF's default when `None`), at [`DPI`] or
    /// less so that it holds at most `max_pixels` pixels; `None` when that leaves less than
    /// [`MIN_DPI`] or the box is empty.
    pub(crate) fn new(media: Option<[f32; 4]>, max_pixels: u64) -> Option<Frame> {
        let [x0, y0, x1, y1] = media.unwrap_or(DEFAULT_MEDIA);
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        if !(w >= 1.0 && h >= 1.0 && w.is_finite() && h.is_finite()) {
            return None;
        }
        let area = f64::from(w) * f64::from(h) / (72.0 * 72.0);
        let fit = ((max_pixels as f64) / area).sqrt() as f32;
        let dpi = DPI.min(fit).floor();
        if dpi < MIN_DPI {
            return None;
        }
        let scale = dpi / 72.0;
        Some(Frame {
            left: x0.min(x1),
            top: y0.max(y1),
            scale,
            width: (w * scale).ceil() as u32,
            height: (h * scale).ceil() as u32,
            dpi: dpi as u32,
        })
    }

    /// A point of page space, in pixels.
    pub(crate) fn pixel(&self, (x, y): (f32, f32)) -> (f32, f32) {
        ((x - self.left) * self.scale, (self.top - y) * self.scale)
    }

    /// A pixel position, in page space.
    pub(crate) fn page(&self, (px, py): (f32, f32)) -> (f32, f32) {
        (px / self.scale + self.left, self.top - py / self.scale)
    }
}

/// Renders page `number` (`page_id`, box `media`) and reads it by OCR: [`Outcome::Read`] with
/// one segment whose words are marked [`rendered`](crate::extract::WordBox::rendered),
/// [`Outcome::Unread`] when OCR is missing or its budget spent, [`Outcome::Illegible`] when
/// the page cannot be rendered within the limits or reads badly.
#[allow(clippy::too_many_arguments)]
pub(super) fn read(
    x: &mut Extractor,
    doc: &Document,
    fonts: &mut FontCache,
    path: &str,
    number: u32,
    page_id: ObjectId,
    media: Option<[f32; 4]>,
) -> Result<Outcome, ExtractError> {
    let what = format!("page {number}");
    if !x.ocr_ready(path, &what) {
        return Ok(Outcome::Unread);
    }
    let Some(frame) = Frame::new(media, x.limits.max_ocr_pixels) else {
        return Ok(Outcome::Illegible(
            "page trop grande pour être rendue".into(),
            Vec::new(),
        ));
    };
    x.charge(path, u64::from(frame.width) * u64::from(frame.height))?;
    let Some(image) = render(x, doc, fonts, page_id, frame)? else {
        return Ok(Outcome::Illegible(
            "dessin trop complexe pour être rendu".into(),
            Vec::new(),
        ));
    };
    let Some(read) = x.ocr(path, &what, &image)? else {
        return Ok(Outcome::Unread);
    };
    let segment = || {
        let mut s = Segment::ocr(&read, Origin::Page(number), 0, None);
        if let SourceMap::Boxes(boxes) = &mut s.map {
            for b in boxes {
                b.rendered = true;
            }
        }
        s
    };
    Ok(match read.judge(&image) {
        crate::ocr::Verdict::Read { confidence } => {
            x.notice(
                path,
                "ocr_drawn_read",
                format!(
                    "{what} : texte dessiné lu par OCR après rendu de la page (confiance \
                     moyenne {confidence:.0} %)"
                ),
            );
            Outcome::Read(vec![segment()])
        }
        // Marks taken for text that OCR does not read as words: not read.
        crate::ocr::Verdict::Blank | crate::ocr::Verdict::NoWords => {
            Outcome::Illegible("aucun mot lu sur le rendu de la page".into(), Vec::new())
        }
        crate::ocr::Verdict::Illegible(reason) => {
            let segments = if read.text.is_empty() {
                Vec::new()
            } else {
                vec![segment()]
            };
            Outcome::Illegible(reason, segments)
        }
    })
}

/// Renders page `page_id` in `frame`; `None` past the limits (see the module documentation).
pub(crate) fn render(
    x: &mut Extractor,
    doc: &Document,
    fonts: &mut FontCache,
    page_id: ObjectId,
    frame: Frame,
) -> Result<Option<Gray>, ExtractError> {
    let budget = usize::try_from(x.expand_budget()).unwrap_or(usize::MAX);
    let Some(decoded) = page_operations(doc, page_id, budget) else {
        return Ok(None);
    };
    let mut painter = Painter {
        x,
        doc,
        canvas: Canvas::new(frame),
        path: Path::default(),
        ops_seen: 0,
    };
    let mut it = Interp::page(doc, page_id, (), &decoded.ops);
    walk(doc, fonts, &mut painter, &mut it)?;
    let Painter { canvas, .. } = painter;
    Ok(canvas.into_gray())
}

/// The current path, in pixels: its subpaths (the last one open).
#[derive(Default)]
struct Path {
    subs: Vec<Vec<(f32, f32)>>,
    points: usize,
    /// More than [`MAX_PATH_POINTS`]: the rendering is abandoned.
    over: bool,
}

impl Path {
    fn start(&mut self, p: (f32, f32)) {
        self.subs.push(Vec::new());
        self.push(p);
    }

    fn push(&mut self, p: (f32, f32)) {
        if self.points >= MAX_PATH_POINTS {
            self.over = true;
            return;
        }
        if self.subs.is_empty() {
            self.subs.push(Vec::new());
        }
        if let Some(sub) = self.subs.last_mut() {
            sub.push(p);
            self.points += 1;
        }
    }

    fn current(&self) -> Option<(f32, f32)> {
        self.subs.last().and_then(|s| s.last()).copied()
    }

    /// A cubic Bézier from the current point through `c1`, `c2` to `end`, flattened.
    fn curve(&mut self, c1: (f32, f32), c2: (f32, f32), end: (f32, f32)) {
        let Some(p0) = self.current() else {
            self.start(end);
            return;
        };
        let d = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).hypot(a.1 - b.1);
        let length = d(p0, c1) + d(c1, c2) + d(c2, end);
        let steps = if length.is_finite() {
            ((length / 3.0).sqrt().ceil() as usize).clamp(1, MAX_CURVE_STEPS)
        } else {
            1
        };
        for i in 1..=steps {
            let t = i as f32 / steps as f32;
            let u = 1.0 - t;
            let (a, b, c, e) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.push((
                a * p0.0 + b * c1.0 + c * c2.0 + e * end.0,
                a * p0.1 + b * c1.1 + c * c2.1 + e * end.1,
            ));
        }
    }

    fn clear(&mut self) {
        self.subs.clear();
        self.points = 0;
    }
}

/// An edge of a polygon being filled, top to bottom, with its winding direction.
#[derive(Clone, Copy)]
struct Edge {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    dir: i32,
}

/// The pixels being painted.
struct Canvas {
    frame: Frame,
    pixels: Vec<u8>,
    work: u64,
    max_work: u64,
    /// A limit was passed: no image comes out.
    over: bool,
}

impl Canvas {
    fn new(frame: Frame) -> Canvas {
        let n = frame.width as usize * frame.height as usize;
        Canvas {
            frame,
            pixels: vec![255; n],
            work: 0,
            max_work: (n as u64).saturating_mul(MAX_WORK_PER_PIXEL),
            over: false,
        }
    }

    fn into_gray(self) -> Option<Gray> {
        (!self.over).then_some(Gray {
            width: self.frame.width,
            height: self.frame.height,
            dpi: self.frame.dpi,
            pixels: self.pixels,
        })
    }

    /// Fills the polygons `subs` (each closed) in gray `level`, by the even-odd or the
    /// nonzero rule.
    fn fill(&mut self, subs: &[Vec<(f32, f32)>], even_odd: bool, level: u8) {
        if self.over {
            return;
        }
        let mut edges = Vec::new();
        for sub in subs {
            let Some(&first) = sub.first() else {
                continue;
            };
            let mut prev = first;
            for &p in sub.iter().skip(1).chain(std::iter::once(&first)) {
                push_edge(&mut edges, prev, p);
                prev = p;
            }
        }
        self.fill_edges(&mut edges, even_odd, level);
    }

    fn fill_edges(&mut self, edges: &mut [Edge], even_odd: bool, level: u8) {
        if edges.is_empty() {
            return;
        }
        edges.sort_unstable_by(|a, b| a.y0.total_cmp(&b.y0));
        let (w, h) = (self.frame.width as i64, self.frame.height as i64);
        let top = edges[0].y0;
        let bottom = edges.iter().map(|e| e.y1).fold(f32::NEG_INFINITY, f32::max);
        let first = ((top - 0.5).ceil() as i64).max(0);
        let last = ((bottom - 0.5).floor() as i64).min(h - 1);
        let mut next = 0usize;
        let mut active: Vec<Edge> = Vec::new();
        let mut crossings: Vec<(f32, i32)> = Vec::new();
        for row in first..=last {
            let yc = row as f32 + 0.5;
            while next < edges.len() && edges[next].y0 <= yc {
                active.push(edges[next]);
                next += 1;
            }
            active.retain(|e| e.y1 > yc);
            self.work = self.work.saturating_add(active.len() as u64 + 1);
            crossings.clear();
            for e in &active {
                if e.y0 <= yc {
                    let x = e.x0 + (yc - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0);
                    crossings.push((x, e.dir));
                }
            }
            crossings.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
            let mut winding = 0i32;
            for pair in crossings.windows(2) {
                winding += pair[0].1;
                let inside = if even_odd {
                    winding % 2 != 0
                } else {
                    winding != 0
                };
                if !inside {
                    continue;
                }
                let a = ((pair[0].0 - 0.5).ceil() as i64).clamp(0, w);
                let b = ((pair[1].0 - 0.5).ceil() as i64).clamp(0, w);
                if b > a {
                    let start = (row * w) as usize;
                    self.pixels[start + a as usize..start + b as usize].fill(level);
                    self.work = self.work.saturating_add((b - a) as u64);
                }
            }
            if self.work > self.max_work {
                self.over = true;
                return;
            }
        }
    }

    /// Strokes the lines of `subs` (closed when `close`) `width` pixels wide in gray `level`:
    /// each line a rectangle, all wound the same way and filled by the nonzero rule.
    fn stroke(&mut self, subs: &[Vec<(f32, f32)>], close: bool, width: f32, level: u8) {
        if self.over {
            return;
        }
        let half = (width / 2.0).max(0.5);
        let mut edges = Vec::new();
        for sub in subs {
            let closing = sub.first().filter(|_| close && sub.len() > 2);
            let mut points = sub.iter().chain(closing);
            let Some(&(mut prev)) = points.next() else {
                continue;
            };
            for &p in points {
                let (dx, dy) = (p.0 - prev.0, p.1 - prev.1);
                let len = dx.hypot(dy);
                if len > 0.0 && len.is_finite() {
                    let (nx, ny) = (-dy / len * half, dx / len * half);
                    // Extended by half the width at both ends (square caps, joins covered).
                    let (ex, ey) = (dx / len * half, dy / len * half);
                    let (a, b) = ((prev.0 - ex, prev.1 - ey), (p.0 + ex, p.1 + ey));
                    let quad = [
                        (a.0 + nx, a.1 + ny),
                        (b.0 + nx, b.1 + ny),
                        (b.0 - nx, b.1 - ny),
                        (a.0 - nx, a.1 - ny),
                    ];
                    for i in 0..4 {
                        push_edge(&mut edges, quad[i], quad[(i + 1) % 4]);
                    }
                }
                prev = p;
            }
        }
        self.fill_edges(&mut edges, false, level);
    }
}

/// Adds the edge from `a` to `b` (none when horizontal or not finite).
fn push_edge(edges: &mut Vec<Edge>, a: (f32, f32), b: (f32, f32)) {
    if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) || a.1 == b.1 {
        return;
    }
    let (top, bottom, dir) = if a.1 < b.1 { (a, b, 1) } else { (b, a, -1) };
    edges.push(Edge {
        x0: top.0,
        y0: top.1,
        x1: bottom.0,
        y1: bottom.1,
        dir,
    });
}

/// The walk that paints one page.
struct Painter<'p, 'l, 'd> {
    x: &'p mut Extractor<'l>,
    doc: &'d Document,
    canvas: Canvas,
    path: Path,
    ops_seen: usize,
}

impl<'d> Visitor<'d> for Painter<'_, '_, 'd> {
    type Stream = ();
    type Error = ExtractError;

    fn tick(&mut self) -> Result<(), ExtractError> {
        self.ops_seen += 1;
        if self.ops_seen.is_multiple_of(OPS_PER_TIME_CHECK) {
            self.x.check_time()?;
        }
        Ok(())
    }

    /// Fonts were loaded (and charged) when the page was read; a cache miss loads again within
    /// the input's budget, uncharged.
    fn font(&mut self, dict: &'d Dictionary) -> Result<Font, ExtractError> {
        Ok(Font::load(self.doc, dict, self.x.expand_budget()).0)
    }

    /// Text is read from the text layer: not drawn.
    fn string(&mut self, _codes: usize) -> bool {
        false
    }

    fn glyph(&mut self, _: &Interp<'d, '_, ()>, _: &Font, _: &Shown) {}

    fn image(&mut self, _: &Interp<'d, '_, ()>, _: u32, _: Option<&Stream>, _: Option<ObjectId>) {}

    fn form(
        &mut self,
        _: ObjectId,
        form: &'d Stream,
    ) -> Result<Option<(Vec<Operation>, ())>, ExtractError> {
        let budget = usize::try_from(self.x.expand_budget()).unwrap_or(usize::MAX);
        Ok(form
            .get_plain_content_with_limit(budget)
            .ok()
            .map(|bytes| (decode(&bytes).0, ())))
    }

    /// Extraction made the part unreadable already.
    fn too_many_forms(&mut self) -> Result<(), ExtractError> {
        self.canvas.over = true;
        Ok(())
    }

    fn other(&mut self, it: &mut Interp<'d, '_, ()>, op: &Operation, _: u32) {
        paint(&mut self.path, &mut self.canvas, op, &it.gs);
    }
}

/// A path construction or painting operation on the canvas (others are ignored).
fn paint(path: &mut Path, canvas: &mut Canvas, op: &Operation, gs: &super::content::GState) {
    let n = |i: usize| {
        op.operands
            .get(i)
            .and_then(super::content::num)
            .filter(|v| v.is_finite())
    };
    let frame = canvas.frame;
    let to = |x: f32, y: f32| frame.pixel(gs.device.apply(x, y));
    match op.operator.as_str() {
        "m" => {
            if let (Some(x), Some(y)) = (n(0), n(1)) {
                path.start(to(x, y));
            }
        }
        "l" => {
            if let (Some(x), Some(y)) = (n(0), n(1)) {
                path.push(to(x, y));
            }
        }
        "c" => {
            if let (Some(x1), Some(y1), Some(x2), Some(y2), Some(x3), Some(y3)) =
                (n(0), n(1), n(2), n(3), n(4), n(5))
            {
                path.curve(to(x1, y1), to(x2, y2), to(x3, y3));
            }
        }
        "v" => {
            if let (Some(x2), Some(y2), Some(x3), Some(y3)) = (n(0), n(1), n(2), n(3)) {
                let c1 = path.current().unwrap_or(to(x2, y2));
                path.curve(c1, to(x2, y2), to(x3, y3));
            }
        }
        "y" => {
            if let (Some(x1), Some(y1), Some(x3), Some(y3)) = (n(0), n(1), n(2), n(3)) {
                path.curve(to(x1, y1), to(x3, y3), to(x3, y3));
            }
        }
        "h" => {
            // A closed subpath: the next segment starts a new one at the same point.
            if let Some(&first) = path.subs.last().and_then(|s| s.first()) {
                path.start(first);
            }
        }
        "re" => {
            if let (Some(x), Some(y), Some(w), Some(h)) = (n(0), n(1), n(2), n(3)) {
                let c = gs.device.corners((x, y), (x + w, y + h));
                path.start(frame.pixel(c[0]));
                for &p in &c[1..] {
                    path.push(frame.pixel(p));
                }
                path.start(frame.pixel(c[0]));
            }
        }
        "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "S" | "s" => {
            if path.over {
                canvas.over = true;
            }
            let operator = op.operator.as_str();
            if operator != "S" && operator != "s" {
                canvas.fill(&path.subs, operator.ends_with('*'), gs.fill);
            }
            if matches!(operator, "B" | "B*" | "b" | "b*" | "S" | "s") {
                let width = gs.line_width * scale_of(&gs.device) * frame.scale;
                let close = matches!(operator, "b" | "b*" | "s");
                canvas.stroke(&path.subs, close, width, gs.stroke);
            }
            path.clear();
        }
        "n" => path.clear(),
        _ => {}
    }
}

/// How much a matrix scales lengths (the square root of its determinant's size).
fn scale_of(m: &Matrix) -> f32 {
    let [a, b, c, d, _, _] = m.0;
    let s = (a * d - b * c).abs().sqrt();
    if s.is_finite() { s } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::{Canvas, Frame, Path};

    fn canvas(w: u32, h: u32) -> Canvas {
        let frame = Frame {
            left: 0.0,
            top: h as f32,
            scale: 1.0,
            width: w,
            height: h,
            dpi: 72,
        };
        Canvas::new(frame)
    }

    fn dark(c: &Canvas) -> usize {
        c.pixels.iter().filter(|p| **p < 128).count()
    }

    #[test]
    fn a_square_fills_its_pixels() {
        let mut c = canvas(20, 20);
        c.fill(
            &[vec![(2.0, 2.0), (12.0, 2.0), (12.0, 12.0), (2.0, 12.0)]],
            false,
            0,
        );
        assert_eq!(dark(&c), 100);
        assert_eq!(c.pixels[2 * 20 + 2], 0);
        assert_eq!(c.pixels[12 * 20 + 12], 255);
    }

    #[test]
    fn rules_decide_the_hole_of_an_o() {
        let outer = vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        // The inner square wound the same way: nonzero fills it, even-odd leaves a hole.
        let inner = vec![(3.0, 3.0), (7.0, 3.0), (7.0, 7.0), (3.0, 7.0)];
        let mut c = canvas(10, 10);
        c.fill(&[outer.clone(), inner.clone()], false, 0);
        assert_eq!(dark(&c), 100);
        let mut c = canvas(10, 10);
        c.fill(&[outer.clone(), inner.clone()], true, 0);
        assert_eq!(dark(&c), 84);
        // Wound the other way, as fonts draw counters: a hole by both rules.
        let reversed: Vec<_> = inner.iter().rev().copied().collect();
        let mut c = canvas(10, 10);
        c.fill(&[outer, reversed], false, 0);
        assert_eq!(dark(&c), 84);
    }

    #[test]
    fn strokes_and_curves_paint_and_stay_on_the_canvas() {
        let mut c = canvas(30, 30);
        c.stroke(&[vec![(-50.0, 15.0), (80.0, 15.0)]], false, 2.0, 0);
        assert_eq!(dark(&c), 60);
        let mut p = Path::default();
        p.start((0.0, 0.0));
        p.curve((10.0, 0.0), (20.0, 10.0), (20.0, 20.0));
        assert!(p.points > 3 && p.current() == Some((20.0, 20.0)));
    }

    #[test]
    fn work_is_bounded() {
        let mut c = canvas(100, 100);
        let page = vec![(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)];
        for _ in 0..super::MAX_WORK_PER_PIXEL + 1 {
            c.fill(std::slice::from_ref(&page), false, 0);
        }
        assert!(c.over);
        assert!(c.into_gray().is_none());
        // A path of more points than the cap is not kept whole: the page is not rendered.
        let mut p = Path::default();
        p.start((0.0, 0.0));
        for i in 0..super::MAX_PATH_POINTS {
            p.push((i as f32, 1.0));
        }
        assert!(p.over && p.points == super::MAX_PATH_POINTS);
    }

    #[test]
    fn frames_fit_the_pixel_budget() {
        let a4 = Some([0.0, 0.0, 595.0, 842.0]);
        let f = Frame::new(a4, 40_000_000).unwrap();
        assert_eq!((f.dpi, f.width, f.height), (300, 2480, 3509));
        let small = Frame::new(a4, 4_000_000).unwrap();
        assert!(small.dpi < 300 && u64::from(small.width * small.height) <= 4_100_000);
        assert!(Frame::new(a4, 100_000).is_none());
        let (x, y) = f.pixel((595.0, 842.0));
        assert_eq!((x.round(), y.round()), (2479.0, 0.0));
        let back = f.page(f.pixel((100.0, 200.0)));
        assert!((back.0 - 100.0).abs() < 0.01 && (back.1 - 200.0).abs() < 0.01);
    }
}
