//! OCR (issue 15): decoded pixels in, words with their boxes and confidences out, and the
//! judgement of whether a page so read can be trusted.
//!
//! The seam is [`recognise`]: a [`Gray`] image (8-bit, 0 black, with its resolution) → the
//! [`Word`]s Tesseract read, in its reading order. Tesseract is loaded at run time
//! (`tesseract`); without it (or without its French model) [`recognise`] says
//! [`OcrError::Unavailable`] and callers leave the image opaque, with [`INSTALL_HINT`] in a
//! notice. The engine is never handed the untrusted file, only pixels that tamis decoded itself
//! ([`decode`]).
//!
//! [`Page::read`] turns words into the text to scan (a line per line, words joined by a space)
//! and [`Page::judge`] decides whether it is trustworthy ([`Verdict`]): a page read with low
//! confidence, whose ink lies largely outside the words read (handwriting, stamps, a photo), or
//! whose identity line has doubtful digits stays opaque. [`confusion`] holds the OCR-only
//! reading of identifiers.

pub mod confusion;
pub mod decode;
mod tesseract;

/// The notice's advice when OCR is not installed (the Debian package brings the library, its
/// French model and OpenMP).
pub const INSTALL_HINT: &str = "pour lire les pages numérisées et les images, installer la \
     reconnaissance de caractères : apt install tesseract-ocr-fra";

/// A decoded image in 8-bit gray: `pixels[y * width + x]`, 0 black, 255 white.
#[derive(Clone)]
pub struct Gray {
    pub width: u32,
    pub height: u32,
    /// Resolution, dots per inch (an estimate when the file does not say).
    pub dpi: u32,
    pub pixels: Vec<u8>,
}

impl std::fmt::Debug for Gray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gray({}x{} @{}dpi)", self.width, self.height, self.dpi)
    }
}

/// A word Tesseract read: its text, its box in pixels, its confidence (0–100) and its line
/// (block, paragraph, line numbers).
#[derive(Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    pub confidence: f32,
    pub line: (u32, u32, u32),
}

impl std::fmt::Debug for Word {
    // Never the text: it is document content.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Word({} chars at {},{} {}x{}, {:.0}%)",
            self.text.chars().count(),
            self.left,
            self.top,
            self.width,
            self.height,
            self.confidence
        )
    }
}

/// Why OCR gave nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcrError {
    /// The library or its French model is not installed (the message is the loader's).
    #[error("OCR unavailable: {0}")]
    Unavailable(String),
    /// The engine failed on this image.
    #[error("OCR failed: {0}")]
    Failed(String),
}

/// Reads `image` with the calling thread's engine.
pub fn recognise(image: &Gray) -> Result<Vec<Word>, OcrError> {
    crate::work::add((image.width as usize).saturating_mul(image.height as usize));
    tesseract::recognise(image)
}

/// Whether OCR works here (the library and the French model load).
pub fn available() -> bool {
    tesseract::available()
}

/// Tesseract's version, when it loads.
pub fn version() -> Option<String> {
    tesseract::version()
}

/// Makes sure OpenMP inside Tesseract runs one thread: when `OMP_THREAD_LIMIT` is missing and
/// Tesseract is installed, re-executes the current program once with `OMP_THREAD_LIMIT=1`
/// (libgomp reads it when it is loaded). Returns only when no re-execution was needed or it
/// failed (then each thread still calls `omp_set_num_threads(1)`). Call first thing in `main`,
/// before any thread starts.
pub fn ensure_thread_limit() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() || !installed() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    // `exec` replaces the process; it returns only on failure.
    let _ = std::process::Command::new(exe)
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .exec();
}

/// Whether Tesseract's library is on the system (without loading it: a file check).
fn installed() -> bool {
    [
        "/usr/lib/x86_64-linux-gnu/libtesseract.so.5",
        "/usr/lib/aarch64-linux-gnu/libtesseract.so.5",
        "/usr/lib/libtesseract.so.5",
        "/usr/local/lib/libtesseract.so.5",
    ]
    .iter()
    .any(|p| std::path::Path::new(p).exists())
}

/// A word's place in the text of a [`Page`]: it starts at byte `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub text: u32,
    pub word: u32,
}

/// What OCR read on one image.
#[derive(Debug)]
pub struct Page {
    /// The words, in Tesseract's reading order.
    pub words: Vec<Word>,
    /// Their text: a line of the image per line, words joined by a space.
    pub text: String,
    /// Where each word starts in `text`.
    pub placed: Vec<Placed>,
}

/// Mean word confidence (weighted by letters) below which a page is not trusted: measured on
/// the generated scans of `corpus/scan/` (`scripts/corpus/scan/generate.py`), copier pages
/// read at 88–95, fax pages at 80–90, the skewed phone photo at 55–75; pages of noise,
/// handwriting or a photograph without text below 50.
pub const MIN_MEAN_CONFIDENCE: f32 = 60.0;
/// Share of the dark pixels that may lie outside the words read (padded by
/// [`WORD_PADDING`]): letters, rules and a logo leave 5–20 % outside on the generated
/// letters; a handwritten note, a stamp over the text or a photograph leaves more.
pub const MAX_INK_OUTSIDE: f32 = 0.45;
/// A word with digits on an identity line (after `NIR`, `IPP`, `né(e) le`…) read below this
/// confidence makes the page doubtful: a misread digit there is a wrong identifier.
pub const MIN_IDENTITY_DIGIT_CONFIDENCE: f32 = 45.0;
/// Pixels added around each word box when measuring the ink outside words (accents, descenders
/// and the anti-aliasing of the scan).
pub const WORD_PADDING: u32 = 4;
/// A pixel darker than this is ink.
const INK: u8 = 110;

/// Whether a page's reading can be trusted.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Read: `confidence` is the mean word confidence.
    Read { confidence: f32 },
    /// Nothing on it: no ink, no words (a blank side).
    Blank,
    /// Marks but not one word (a photo, a drawing, a page of handwriting): the image stays
    /// what it was before OCR, an opaque image.
    NoWords,
    /// Not trustworthy: the French reason (without content).
    Illegible(String),
}

impl Page {
    /// Lays out `words` as text.
    pub fn read(words: Vec<Word>) -> Page {
        let mut text = String::new();
        let mut placed = Vec::with_capacity(words.len());
        let mut line = None;
        for (i, w) in words.iter().enumerate() {
            if !text.is_empty() {
                text.push(if line == Some(w.line) { ' ' } else { '\n' });
            }
            line = Some(w.line);
            placed.push(Placed {
                text: text.len() as u32,
                word: i as u32,
            });
            text.push_str(&w.text);
        }
        Page {
            words,
            text,
            placed,
        }
    }

    /// Judges the reading of `image` (see the thresholds above).
    pub fn judge(&self, image: &Gray) -> Verdict {
        let ink = ink_outside(image, &self.words);
        if self.words.is_empty() {
            return if ink.total == 0 {
                Verdict::Blank
            } else {
                Verdict::NoWords
            };
        }
        let (mut sum, mut letters) = (0.0f32, 0usize);
        for w in &self.words {
            let n = w.text.chars().count();
            sum += w.confidence * n as f32;
            letters += n;
        }
        let confidence = if letters == 0 {
            0.0
        } else {
            sum / letters as f32
        };
        if confidence < MIN_MEAN_CONFIDENCE {
            return Verdict::Illegible(format!(
                "confiance moyenne de lecture {confidence:.0} %, sous le seuil de \
                 {MIN_MEAN_CONFIDENCE:.0} %"
            ));
        }
        if ink.total > 0 && ink.share() > MAX_INK_OUTSIDE {
            return Verdict::Illegible(format!(
                "{:.0} % de l'encre hors des mots reconnus (écriture manuscrite, tampon ou \
                 photo ?)",
                ink.share() * 100.0
            ));
        }
        if let Some(c) = self.doubtful_identity_digits() {
            return Verdict::Illegible(format!(
                "chiffres d'une ligne d'identité lus avec une confiance de {c:.0} %"
            ));
        }
        Verdict::Read { confidence }
    }

    /// The lowest confidence of a word with digits on an identity line, when below
    /// [`MIN_IDENTITY_DIGIT_CONFIDENCE`].
    fn doubtful_identity_digits(&self) -> Option<f32> {
        let mut start = 0;
        while start < self.words.len() {
            let key = self.words[start].line;
            let end = start
                + self.words[start..]
                    .iter()
                    .take_while(|w| w.line == key)
                    .count();
            let line = &self.words[start..end];
            let first = self.placed[start].text as usize;
            let last = self.placed[end - 1].text as usize + self.words[end - 1].text.len();
            if confusion::identity_label(&self.text[first..last]).is_some() {
                let low = line
                    .iter()
                    .filter(|w| w.text.chars().any(|c| c.is_ascii_digit()))
                    .map(|w| w.confidence)
                    .fold(f32::INFINITY, f32::min);
                if low < MIN_IDENTITY_DIGIT_CONFIDENCE {
                    return Some(low);
                }
            }
            start = end;
        }
        None
    }
}

/// Dark pixels of an image, and how many lie outside the words.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ink {
    pub total: u64,
    pub outside: u64,
}

impl Ink {
    pub fn share(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            self.outside as f32 / self.total as f32
        }
    }
}

/// Counts ink on every second row and column (enough for a share, four times cheaper) and
/// what of it no padded word box covers. Linear in the pixels plus the words' areas.
pub fn ink_outside(image: &Gray, words: &[Word]) -> Ink {
    let (w, h) = (image.width as usize, image.height as usize);
    if image.pixels.len() < w * h {
        return Ink::default();
    }
    // Covered columns per row, as a bitmap of the sampled grid.
    let (sw, sh) = (w.div_ceil(2), h.div_ceil(2));
    let mut covered = vec![false; sw * sh];
    let pad = WORD_PADDING as usize;
    for word in words {
        let x0 = (word.left as usize).saturating_sub(pad) / 2;
        let y0 = (word.top as usize).saturating_sub(pad) / 2;
        let x1 = ((word.left + word.width) as usize + pad).min(w) / 2;
        let y1 = ((word.top + word.height) as usize + pad).min(h) / 2;
        for y in y0..y1.min(sh) {
            covered[y * sw + x0.min(sw)..y * sw + x1.min(sw)].fill(true);
        }
    }
    let mut ink = Ink::default();
    for sy in 0..sh {
        let row = &image.pixels[sy * 2 * w..sy * 2 * w + w];
        for sx in 0..sw {
            if row[sx * 2] < INK {
                ink.total += 1;
                if !covered[sy * sw + sx] {
                    ink.outside += 1;
                }
            }
        }
    }
    ink
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, left: u32, line: u32, confidence: f32) -> Word {
        Word {
            text: text.into(),
            left,
            top: line * 40,
            width: 20,
            height: 20,
            confidence,
            line: (1, 1, line),
        }
    }

    #[test]
    fn words_make_lines() {
        let page = Page::read(vec![
            word("Nom", 0, 1, 95.0),
            word(":", 30, 1, 95.0),
            word("DUPONT", 60, 1, 95.0),
            word("NIR", 0, 2, 90.0),
        ]);
        assert_eq!(page.text, "Nom : DUPONT\nNIR");
        assert_eq!(page.placed[2].text, 6);
        assert_eq!(page.placed[3].text, 13);
    }

    fn blank(width: u32, height: u32) -> Gray {
        Gray {
            width,
            height,
            dpi: 300,
            pixels: vec![255; (width * height) as usize],
        }
    }

    #[test]
    fn thresholds_decide_the_verdict() {
        let mut img = blank(200, 200);
        assert_eq!(Page::read(vec![]).judge(&img), Verdict::Blank);
        // Ink inside the one word's box.
        for y in 42..58 {
            for x in 2..18 {
                img.pixels[y * 200 + x] = 0;
            }
        }
        let good = Page::read(vec![word("Bonjour", 0, 1, 91.0)]);
        assert!(matches!(good.judge(&img), Verdict::Read { .. }));
        // Low confidence.
        let low = Page::read(vec![word("B0nj0ur", 0, 1, MIN_MEAN_CONFIDENCE - 1.0)]);
        assert!(matches!(low.judge(&img), Verdict::Illegible(r) if r.contains("confiance")));
        // The same word, and a scribble as large elsewhere: ink outside.
        for y in 120..180 {
            for x in 100..190 {
                img.pixels[y * 200 + x] = 0;
            }
        }
        assert!(matches!(good.judge(&img), Verdict::Illegible(r) if r.contains("encre")));
        // Marks but no word.
        assert_eq!(Page::read(vec![]).judge(&img), Verdict::NoWords);
    }

    #[test]
    fn doubtful_digits_on_an_identity_line_fail_closed() {
        let mut img = blank(400, 200);
        for y in 40..60 {
            for x in 0..300 {
                if x % 3 == 0 {
                    img.pixels[y * 400 + x] = 0;
                }
            }
        }
        let words = |c: f32| {
            let mut v = vec![word("NIR", 0, 1, 95.0), word(":", 20, 1, 95.0)];
            for (i, g) in ["1", "85", "05", "78", "006", "084", "36"]
                .iter()
                .enumerate()
            {
                v.push(word(
                    g,
                    40 + 36 * i as u32,
                    1,
                    if i == 3 { c } else { 95.0 },
                ));
            }
            v.iter_mut().for_each(|w| w.width = 36);
            v
        };
        let sure = Page::read(words(90.0));
        assert!(
            matches!(sure.judge(&img), Verdict::Read { .. }),
            "{:?}",
            sure.judge(&img)
        );
        let unsure = Page::read(words(MIN_IDENTITY_DIGIT_CONFIDENCE - 5.0));
        assert!(matches!(unsure.judge(&img), Verdict::Illegible(r) if r.contains("identité")));
    }

    #[test]
    fn tsv_rows_become_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t96.5\tNé\n\
                   5\t1\t1\t1\t1\t2\t50\t20\t30\t40\t-1\t \n";
        let words = tesseract::parse_tsv(tsv);
        assert_eq!(words.len(), 1);
        assert_eq!(words[0].text, "Né");
        assert_eq!((words[0].left, words[0].top, words[0].width), (10, 20, 30));
        assert_eq!(words[0].line, (1, 1, 1));
    }
}
