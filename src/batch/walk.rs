//! What a batch run reads: every file under the given paths, every message of an mbox file,
//! the messages of a Maildir (`cur/` and `new/`, not `tmp/`), and every entry of a zip
//! archive — except an IHE_XDM package, which is one document and is checked whole.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Directories nested deeper than this are not walked (a loop of bind mounts, a hostile tree).
const MAX_DIR_DEPTH: usize = 64;

/// One input of a batch run.
pub struct Item {
    /// `path`, `path#3` (third message of an mbox), `path!dir/entry.pdf` (zip entry).
    pub id: String,
    pub source: ItemSource,
}

impl std::fmt::Debug for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Item").finish_non_exhaustive()
    }
}

/// Where an input's bytes are.
pub enum ItemSource {
    /// A file, read by the worker.
    File(PathBuf),
    /// Bytes already read by the walker (an mbox message, a zip entry); empty when counting.
    Bytes {
        name: Option<String>,
        bytes: Vec<u8>,
    },
    /// The input is larger than the limit.
    TooLarge,
    /// The input could not be listed or read (the message names the failure, not content).
    Error(String),
}

impl Item {
    /// A file name for format hints.
    pub fn name(&self) -> Option<&str> {
        match &self.source {
            ItemSource::File(p) => p.file_name().and_then(|n| n.to_str()),
            ItemSource::Bytes { name, .. } => name.as_deref(),
            _ => None,
        }
    }
}

/// The bytes of an input (at most `max` of them, else an error).
pub fn read_item(item: &Item, max: usize) -> Result<Vec<u8>, String> {
    match &item.source {
        ItemSource::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
            // Sized from the file's length: one read and the end, not a read for each doubling
            // of the buffer (issue 16 §5).
            let len = file.metadata().map_or(0, |m| m.len()).min(max as u64 + 1);
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0) + 1);
            file.take(max as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read: {e}"))?;
            if bytes.len() > max {
                return Err(format!("larger than the limit of {max} bytes"));
            }
            Ok(bytes)
        }
        ItemSource::Bytes { bytes, .. } => Ok(bytes.clone()),
        ItemSource::TooLarge => Err(format!("larger than the limit of {max} bytes")),
        ItemSource::Error(e) => Err(e.clone()),
    }
}

/// Calls `visit` on every input under `paths`, in a stable order (names sorted within a
/// folder), until it returns `false`. With `read`, mbox messages and zip entries carry their
/// bytes (at most `max` each); without, they are only listed.
pub fn walk(paths: &[PathBuf], max: usize, read: bool, visit: &mut dyn FnMut(Item) -> bool) {
    for p in paths {
        if !walk_path(p, max, read, 0, visit) {
            return;
        }
    }
}

fn walk_path(
    path: &Path,
    max: usize,
    read: bool,
    depth: usize,
    visit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let id = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return visit(Item {
                id,
                source: ItemSource::Error(format!("cannot read: {e}")),
            });
        }
    };
    if meta.is_dir() {
        if depth >= MAX_DIR_DEPTH {
            return visit(Item {
                id,
                source: ItemSource::Error("folders nested too deep".into()),
            });
        }
        return walk_dir(path, max, read, depth, visit);
    }
    match kind(path) {
        Kind::Mbox => walk_mbox(path, &id, max, read, visit),
        Kind::Zip => walk_zip(path, &id, max, read, visit),
        Kind::File => visit(Item {
            id,
            source: ItemSource::File(path.to_path_buf()),
        }),
    }
}

fn walk_dir(
    dir: &Path,
    max: usize,
    read: bool,
    depth: usize,
    visit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let maildir = dir.join("cur").is_dir() && dir.join("new").is_dir();
    let mut entries: Vec<(std::ffi::OsString, PathBuf, bool)> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .flatten()
            .filter_map(|e| {
                // Symbolic links to folders are not followed (loops); to files they are.
                let ft = e.file_type().ok()?;
                let is_dir = ft.is_dir();
                Some((e.file_name(), e.path(), is_dir))
            })
            .collect(),
        Err(e) => {
            return visit(Item {
                id: dir.display().to_string(),
                source: ItemSource::Error(format!("cannot list: {e}")),
            });
        }
    };
    entries.sort();
    for (name, path, is_dir) in entries {
        let name = name.to_string_lossy();
        if maildir {
            // A Maildir: messages in cur/ and new/, Maildir++ subfolders (.Sent…); tmp/ holds
            // messages being delivered, the root holds the server's index files.
            let wanted = is_dir && (name == "cur" || name == "new" || name.starts_with('.'));
            if !wanted {
                continue;
            }
        } else if name.starts_with('.') && !is_dir {
            continue;
        }
        if !walk_path(&path, max, read, depth + 1, visit) {
            return false;
        }
    }
    true
}

enum Kind {
    Mbox,
    Zip,
    File,
}

/// An mbox starts with a `From ` line; a zip with its local header (an IHE_XDM package and an
/// Office document — DOCX, XLSX, ODT, ODS — are one document each: checked whole).
fn kind(path: &Path) -> Kind {
    let mut head = [0u8; 5];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    if n == 5 && &head == b"From " {
        return Kind::Mbox;
    }
    if n >= 4 && &head[..4] == b"PK\x03\x04" && !is_document(path) {
        return Kind::Zip;
    }
    Kind::File
}

/// Whether a zip is one document rather than an archive of documents.
fn is_document(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return false;
    };
    let owned: Vec<String> = zip.file_names().flatten().map(|n| n.into_owned()).collect();
    let names: Vec<&str> = owned.iter().map(String::as_str).collect();
    if names.iter().any(|n| {
        n.get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("IHE_XDM/"))
    }) {
        return true;
    }
    let office = crate::extract::office::detect(&names, None).is_some();
    // ODF says what it is in its first entry, `mimetype` (a few dozen bytes).
    let mut mimetype = Vec::new();
    let odf = zip.by_name("mimetype").is_ok_and(|entry| {
        entry.take(200).read_to_end(&mut mimetype).is_ok()
            && crate::extract::office::detect(&[], Some(&mimetype)).is_some()
    });
    office || odf
}

/// The messages of an mbox file: each starts at a `From ` line at the start of the file or
/// after an empty line; `>From ` lines are unescaped (mboxrd).
fn walk_mbox(
    path: &Path,
    id: &str,
    max: usize,
    read: bool,
    visit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return visit(Item {
                id: id.to_string(),
                source: ItemSource::Error(format!("cannot read: {e}")),
            });
        }
    };
    let mut reader = std::io::BufReader::new(file);
    let mut line = Vec::new();
    let mut message: Option<(Vec<u8>, bool)> = None; // bytes, too large
    let mut k = 0usize;
    let mut previous_empty = true;
    let emit = |k: usize, m: (Vec<u8>, bool), visit: &mut dyn FnMut(Item) -> bool| {
        let source = if m.1 {
            ItemSource::TooLarge
        } else {
            ItemSource::Bytes {
                name: None,
                bytes: m.0,
            }
        };
        visit(Item {
            id: format!("{id}#{k}"),
            source,
        })
    };
    loop {
        line.clear();
        // A line is read whole; a huge one is read anyway but not kept past the limit.
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                return visit(Item {
                    id: format!("{id}#{}", k + 1),
                    source: ItemSource::Error(format!("cannot read: {e}")),
                });
            }
        }
        if previous_empty && line.starts_with(b"From ") {
            if let Some(m) = message.take()
                && !emit(k, m, visit)
            {
                return false;
            }
            k += 1;
            message = Some((Vec::new(), false));
            previous_empty = false;
            continue;
        }
        previous_empty = line == b"\n" || line == b"\r\n";
        let Some((bytes, too_large)) = message.as_mut() else {
            continue; // text before the first message
        };
        if !read || *too_large {
            continue;
        }
        let unescaped = unescape_from(&line);
        if bytes.len() + unescaped.len() > max {
            *too_large = true;
            bytes.clear();
            bytes.shrink_to_fit();
            continue;
        }
        bytes.extend_from_slice(unescaped);
    }
    match message {
        Some(m) => emit(k, m, visit),
        None => true,
    }
}

/// `>From ` → `From `, `>>From ` → `>From ` (mboxrd quoting).
fn unescape_from(line: &[u8]) -> &[u8] {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}

/// The entries of a zip archive (not an IHE_XDM package), each an input.
fn walk_zip(
    path: &Path,
    id: &str,
    max: usize,
    read: bool,
    visit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let opened = std::fs::File::open(path)
        .map_err(|e| e.to_string())
        .and_then(|f| zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| e.to_string()));
    let mut zip = match opened {
        Ok(z) => z,
        Err(e) => {
            // Not a readable archive: checked as a file (extraction says what it can).
            let _ = e;
            return visit(Item {
                id: id.to_string(),
                source: ItemSource::File(path.to_path_buf()),
            });
        }
    };
    for i in 0..zip.len() {
        let entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                if !visit(Item {
                    id: format!("{id}!{i}"),
                    source: ItemSource::Error(format!("zip entry unreadable: {e}")),
                }) {
                    return false;
                }
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| i.to_string());
        let entry_id = format!("{id}!{name}");
        let base = name.rsplit('/').next().map(str::to_string);
        let source = if !read {
            ItemSource::Bytes {
                name: base,
                bytes: Vec::new(),
            }
        } else {
            let mut bytes = Vec::new();
            match entry.take(max as u64 + 1).read_to_end(&mut bytes) {
                Ok(_) if bytes.len() > max => ItemSource::TooLarge,
                Ok(_) => ItemSource::Bytes { name: base, bytes },
                Err(e) => ItemSource::Error(format!("zip entry unreadable: {e}")),
            }
        };
        if !visit(Item {
            id: entry_id,
            source,
        }) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(paths: &[PathBuf]) -> Vec<String> {
        let mut out = Vec::new();
        walk(paths, 1 << 20, true, &mut |i| {
            out.push(i.id);
            true
        });
        out
    }

    #[test]
    fn mbox_messages_are_split_and_unescaped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("archive.mbox");
        std::fs::write(
            &p,
            "From a@x Mon Jan 1 00:00:00 2024\nSubject: un\n\n>From here\nbody\n\nFrom b@x Mon Jan 1 00:00:00 2024\nSubject: deux\n\nLine one\nFrom the text, not a separator\n",
        )
        .unwrap();
        let mut got = Vec::new();
        walk(std::slice::from_ref(&p), 1 << 20, true, &mut |i| {
            got.push((i.id.clone(), read_item(&i, 1 << 20).unwrap()));
            true
        });
        assert_eq!(got.len(), 2);
        assert!(got[0].0.ends_with("#1"));
        assert_eq!(got[0].1, b"Subject: un\n\nFrom here\nbody\n\n");
        assert!(String::from_utf8_lossy(&got[1].1).contains("From the text"));
    }

    #[test]
    fn maildirs_give_cur_and_new_not_tmp() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("Maildir");
        for sub in ["cur", "new", "tmp", ".Sent/cur", ".Sent/new"] {
            std::fs::create_dir_all(md.join(sub)).unwrap();
        }
        std::fs::write(md.join("cur/1.eml"), "Subject: a\n\nx").unwrap();
        std::fs::write(md.join("new/2.eml"), "Subject: b\n\nx").unwrap();
        std::fs::write(md.join("tmp/3.eml"), "Subject: c\n\nx").unwrap();
        std::fs::write(md.join(".Sent/cur/4.eml"), "Subject: d\n\nx").unwrap();
        std::fs::write(md.join("dovecot-uidlist"), "3 V1").unwrap();
        let root = md.display().to_string();
        let got: Vec<String> = ids(&[md])
            .into_iter()
            .map(|i| i.trim_start_matches(&root).to_string())
            .collect();
        assert_eq!(got, ["/.Sent/cur/4.eml", "/cur/1.eml", "/new/2.eml"]);
    }

    #[test]
    fn a_too_large_message_is_flagged_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.mbox");
        let body = "x".repeat(5000);
        std::fs::write(&p, format!("From a@x\nSubject: a\n\n{body}\n")).unwrap();
        let mut large = 0;
        walk(&[p], 1000, true, &mut |i| {
            large += matches!(i.source, ItemSource::TooLarge) as usize;
            true
        });
        assert_eq!(large, 1);
    }
}
