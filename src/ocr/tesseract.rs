//! The Tesseract engine, loaded at run time from the system's `libtesseract.so.5` (the Debian
//! package `tesseract-ocr-fra` brings it and the French model): one binary gains OCR when the
//! package is installed, and builds and runs without it. The few C functions used are declared
//! here (Tesseract's C API, `tesseract/capi.h`), no bindgen.
//!
//! One engine per thread (thread-local, kept for the thread's life: loading the French model
//! costs about 0.2 s). OpenMP inside Tesseract is held to one thread: the binary re-executes
//! itself with `OMP_THREAD_LIMIT=1` when it is missing ([`super::ensure_thread_limit`]) and
//! each thread also calls `omp_set_num_threads(1)` before its first page (for library users):
//! on a shared machine OpenMP threads make a page 3 to 8 times slower.

use super::{Gray, OcrError, Word};
use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::sync::OnceLock;

/// The shared object tried, in order (the soname of Tesseract 5, then the development link).
const LIBRARIES: &[&str] = &["libtesseract.so.5", "libtesseract.so"];
/// The model: French (its alphabet has the accents; the English model misreads them).
const LANGUAGE: &str = "fra";
/// Tesseract's "fully automatic page segmentation, but no OSD" (`PSM_AUTO`).
const PSM_AUTO: c_int = 3;

type Handle = *mut c_void;

/// The C functions, resolved once per process; the library is never unloaded.
struct Api {
    _lib: libloading::Library,
    create: unsafe extern "C" fn() -> Handle,
    delete: unsafe extern "C" fn(Handle),
    end: unsafe extern "C" fn(Handle),
    init3: unsafe extern "C" fn(Handle, *const c_char, *const c_char) -> c_int,
    set_variable: unsafe extern "C" fn(Handle, *const c_char, *const c_char) -> c_int,
    set_psm: unsafe extern "C" fn(Handle, c_int),
    set_image: unsafe extern "C" fn(Handle, *const u8, c_int, c_int, c_int, c_int),
    set_resolution: unsafe extern "C" fn(Handle, c_int),
    recognize: unsafe extern "C" fn(Handle, *mut c_void) -> c_int,
    tsv: unsafe extern "C" fn(Handle, c_int) -> *mut c_char,
    delete_text: unsafe extern "C" fn(*const c_char),
    clear: unsafe extern "C" fn(Handle),
    version: unsafe extern "C" fn() -> *const c_char,
    /// OpenMP's, from libgomp that Tesseract links (absent in a build without OpenMP).
    omp_threads: Option<unsafe extern "C" fn(c_int)>,
}

// SAFETY: the function pointers are plain code addresses of a library that stays loaded; the
// engines (handles) they act on are per thread.
unsafe impl Send for Api {}
unsafe impl Sync for Api {}

static API: OnceLock<Result<Api, String>> = OnceLock::new();

fn load() -> Result<Api, String> {
    let mut last = String::new();
    for name in LIBRARIES {
        // SAFETY: loading Tesseract runs its and its dependencies' initialisers (C++ static
        // constructors, libgomp reading its environment), which have no preconditions.
        match unsafe { libloading::Library::new(*name) } {
            Ok(lib) => return resolve(lib),
            Err(e) => last = e.to_string(),
        }
    }
    Err(last)
}

fn resolve(lib: libloading::Library) -> Result<Api, String> {
    macro_rules! sym {
        ($name:literal) => {
            // SAFETY: the symbol's type is the one `tesseract/capi.h` declares.
            *unsafe { lib.get($name) }.map_err(|e| e.to_string())?
        };
    }
    Ok(Api {
        create: sym!(b"TessBaseAPICreate\0"),
        delete: sym!(b"TessBaseAPIDelete\0"),
        end: sym!(b"TessBaseAPIEnd\0"),
        init3: sym!(b"TessBaseAPIInit3\0"),
        set_variable: sym!(b"TessBaseAPISetVariable\0"),
        set_psm: sym!(b"TessBaseAPISetPageSegMode\0"),
        set_image: sym!(b"TessBaseAPISetImage\0"),
        set_resolution: sym!(b"TessBaseAPISetSourceResolution\0"),
        recognize: sym!(b"TessBaseAPIRecognize\0"),
        tsv: sym!(b"TessBaseAPIGetTsvText\0"),
        delete_text: sym!(b"TessDeleteText\0"),
        clear: sym!(b"TessBaseAPIClear\0"),
        version: sym!(b"TessVersion\0"),
        // SAFETY: `void omp_set_num_threads(int)`, OpenMP's API.
        omp_threads: unsafe { lib.get(b"omp_set_num_threads\0") }
            .ok()
            .map(|s| *s),
        _lib: lib,
    })
}

fn api() -> Result<&'static Api, OcrError> {
    API.get_or_init(load)
        .as_ref()
        .map_err(|e| OcrError::Unavailable(e.clone()))
}

/// Tesseract's version, when the library loads.
pub(super) fn version() -> Option<String> {
    let api = api().ok()?;
    // SAFETY: a static NUL-terminated string owned by the library.
    let v = unsafe { (api.version)() };
    (!v.is_null()).then(|| unsafe { CStr::from_ptr(v) }.to_string_lossy().into_owned())
}

/// One thread's engine, initialised with the French model.
struct Engine {
    api: &'static Api,
    handle: Handle,
}

impl Drop for Engine {
    fn drop(&mut self) {
        // SAFETY: `handle` came from `create` and is dropped once.
        unsafe {
            (self.api.end)(self.handle);
            (self.api.delete)(self.handle);
        }
    }
}

impl Engine {
    fn new() -> Result<Engine, OcrError> {
        let api = api()?;
        if let Some(one) = api.omp_threads {
            // SAFETY: sets this thread's OpenMP team size; no preconditions.
            unsafe { one(1) };
        }
        // SAFETY: a fresh engine; freed by Drop.
        let handle = unsafe { (api.create)() };
        if handle.is_null() {
            return Err(OcrError::Unavailable("TessBaseAPICreate failed".into()));
        }
        let engine = Engine { api, handle };
        let lang = CString::new(LANGUAGE).map_err(|e| OcrError::Failed(e.to_string()))?;
        // SAFETY: a null data path means the library's default or `TESSDATA_PREFIX`.
        let rc = unsafe { (api.init3)(handle, std::ptr::null(), lang.as_ptr()) };
        if rc != 0 {
            return Err(OcrError::Unavailable(format!(
                "the French model ({LANGUAGE}.traineddata) is not installed"
            )));
        }
        // Tesseract's own messages (resolution guesses, "empty page") would go to standard
        // error, outside tamis's logs: silenced.
        engine.set("debug_file", "/dev/null");
        // SAFETY: valid handle.
        unsafe { (api.set_psm)(handle, PSM_AUTO) };
        Ok(engine)
    }

    fn set(&self, name: &str, value: &str) {
        if let (Ok(n), Ok(v)) = (CString::new(name), CString::new(value)) {
            // SAFETY: valid handle and NUL-terminated strings, copied by Tesseract.
            unsafe { (self.api.set_variable)(self.handle, n.as_ptr(), v.as_ptr()) };
        }
    }

    fn read(&mut self, image: &Gray) -> Result<Vec<Word>, OcrError> {
        let (w, h) = (
            c_int::try_from(image.width).map_err(|_| OcrError::Failed("width".into()))?,
            c_int::try_from(image.height).map_err(|_| OcrError::Failed("height".into()))?,
        );
        if image.pixels.len() != (image.width as usize) * (image.height as usize)
            || w == 0
            || h == 0
        {
            return Err(OcrError::Failed(
                "image size does not match its pixels".into(),
            ));
        }
        // SAFETY: `pixels` holds `h` rows of `w` one-byte pixels and outlives the call (the
        // image is copied by SetImage); the TSV text is freed with TessDeleteText.
        let text = unsafe {
            (self.api.set_image)(self.handle, image.pixels.as_ptr(), w, h, 1, w);
            (self.api.set_resolution)(self.handle, image.dpi.clamp(70, 1200) as c_int);
            if (self.api.recognize)(self.handle, std::ptr::null_mut()) != 0 {
                (self.api.clear)(self.handle);
                return Err(OcrError::Failed("recognition failed".into()));
            }
            let raw = (self.api.tsv)(self.handle, 0);
            let text = if raw.is_null() {
                String::new()
            } else {
                let s = CStr::from_ptr(raw).to_string_lossy().into_owned();
                (self.api.delete_text)(raw);
                s
            };
            (self.api.clear)(self.handle);
            text
        };
        Ok(parse_tsv(&text))
    }
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

/// Reads `image` with this thread's engine (created on first use).
pub(super) fn recognise(image: &Gray) -> Result<Vec<Word>, OcrError> {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(Engine::new()?);
        }
        match slot.as_mut() {
            Some(engine) => engine.read(image),
            None => Err(OcrError::Unavailable("no engine".into())),
        }
    })
}

/// Whether the library and the French model load (creates this thread's engine).
pub(super) fn available() -> bool {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Engine::new().ok();
        }
        slot.is_some()
    })
}

/// Tesseract's TSV: `level page block par line word left top width height conf text`, one row
/// per element; level 5 is a word. Rows that do not parse are skipped.
pub(super) fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for row in tsv.lines() {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let n = |i: usize| cols[i].trim().parse::<u32>().ok();
        let (Some(block), Some(par), Some(line), Some(left), Some(top), Some(width), Some(height)) =
            (n(2), n(3), n(4), n(6), n(7), n(8), n(9))
        else {
            continue;
        };
        let Ok(confidence) = cols[10].trim().parse::<f32>() else {
            continue;
        };
        let text = cols[11].trim();
        if text.is_empty() || confidence < 0.0 {
            continue;
        }
        words.push(Word {
            text: text.to_string(),
            left,
            top,
            width,
            height,
            confidence,
            line: (block, par, line),
        });
    }
    words
}
