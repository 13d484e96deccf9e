//! Batch scanning of archives: directories, mbox files, Maildirs and zip archives, on all
//! cores, one JSON line per message or document.
//!
//! Inputs are enumerated lazily ([`walk`]) and flow through bounded queues: one thread lists
//! them, `jobs` workers read and check them (each with its own [`Scratch`]; the [`Pipeline`] is
//! shared), and the caller's thread receives the lines in completion order. Inputs and lines
//! travel in chunks (up to [`CHUNK`] inputs, or [`CHUNK_BYTES`] of bytes read by the walker),
//! so that threads wake each other once a chunk, not once an input (issue 16 §5). Memory does
//! not grow with the archive: at most a few chunks per worker are in flight. A run can be resumed
//! (the inputs already in the output are skipped, see [`done_inputs`]) and sharded (input `id`
//! belongs to shard `fnv1a(id) % n`, the same on every machine).
//!
//! Each line is the input's report plus its `audit` fields ([`audit`]: date, Message-ID,
//! sender mailbox, recipient domains with their trust-space status, what enforce mode would
//! have done); [`summary`] reads the lines back for the DPO's page.

pub mod audit;
pub mod summary;
mod walk;

pub use walk::{Item, ItemSource, read_item, walk};

use crate::context::Context;
use crate::pipeline::Pipeline;
use crate::report::{Values, Verdict};
use crate::scan::Scratch;
use rustc_hash::FxHashSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, sync_channel};

/// What a batch run is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// `(i, n)`: only the inputs of shard `i` (0-based) of `n`.
    pub shard: Option<(u64, u64)>,
    /// How values appear in the lines.
    pub values: Values,
    /// How the audit fields show the Message-ID and the sender's mailbox.
    pub shown: audit::Shown,
}

/// One line of the output: a report, or an error for an input that could not be checked.
pub struct Line {
    pub id: String,
    /// The JSON line (without its newline).
    pub json: String,
    /// `None` for an error line.
    pub verdict: Option<Verdict>,
}

impl std::fmt::Debug for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Line")
            .field("verdict", &self.verdict)
            .finish_non_exhaustive()
    }
}

/// Stable 64-bit FNV-1a: the shard of an input, and the key of a done input on resume.
pub fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Whether input `id` belongs to `shard` (`None`: all do).
pub fn in_shard(id: &str, shard: Option<(u64, u64)>) -> bool {
    shard.is_none_or(|(i, n)| fnv1a(id) % n == i)
}

/// The inputs already reported in a JSON Lines output (their `input` field), as keys for
/// [`run`]'s `skip`. Unparsable lines (a run cut in the middle of a line) are ignored.
pub fn done_inputs(jsonl: &str) -> FxHashSet<u64> {
    #[derive(serde::Deserialize)]
    struct Head {
        input: String,
    }
    jsonl
        .lines()
        .filter_map(|l| serde_json::from_str::<Head>(l).ok())
        .map(|h| fnv1a(&h.input))
        .collect()
}

/// Counts the inputs under `paths` that a run would check (for a progress bar).
pub fn count(paths: &[PathBuf], max: usize, opts: &Options, skip: &FxHashSet<u64>) -> u64 {
    let mut n = 0;
    walk(paths, max, false, &mut |item: Item| {
        if in_shard(&item.id, opts.shard) && !skip.contains(&fnv1a(&item.id)) {
            n += 1;
        }
        true
    });
    n
}

/// The most inputs a chunk holds.
pub const CHUNK: usize = 16;
/// A chunk is sent once the bytes its inputs carry (mbox messages, zip entries: the walker read
/// them) reach this, so that chunks in flight stay small whatever the inputs' sizes.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Checks every input under `paths` (those of the shard, not in `skip`) and hands each line to
/// `sink`, in completion order (in the inputs' order with one job). `max_input` bounds what is
/// read of one input.
pub fn run(
    pipeline: &Pipeline,
    context: &Context,
    paths: &[PathBuf],
    opts: &Options,
    skip: &FxHashSet<u64>,
    mut sink: impl FnMut(Line),
) {
    let jobs = opts.jobs.max(1);
    let (item_tx, item_rx) = sync_channel::<Vec<Item>>(jobs * 2);
    let (line_tx, line_rx) = sync_channel::<Vec<Line>>(jobs * 2);
    let item_rx = std::sync::Mutex::new(item_rx);
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut bytes = 0;
            walk(paths, pipeline.limits.max_input, true, &mut |item: Item| {
                if !in_shard(&item.id, opts.shard) || skip.contains(&fnv1a(&item.id)) {
                    return true;
                }
                if let ItemSource::Bytes { bytes: b, .. } = &item.source {
                    bytes += b.len();
                }
                chunk.push(item);
                if chunk.len() < CHUNK && bytes < CHUNK_BYTES {
                    return true;
                }
                bytes = 0;
                item_tx
                    .send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))
                    .is_ok()
            });
            if !chunk.is_empty() {
                let _ = item_tx.send(chunk);
            }
        });
        for _ in 0..jobs {
            let line_tx = line_tx.clone();
            let item_rx = &item_rx;
            s.spawn(move || {
                let mut scratch = Scratch::default();
                while let Some(items) = next(item_rx) {
                    let lines = items
                        .iter()
                        .map(|item| check(pipeline, context, opts, item, &mut scratch))
                        .collect();
                    if line_tx.send(lines).is_err() {
                        break;
                    }
                }
            });
        }
        drop(line_tx);
        for lines in line_rx {
            lines.into_iter().for_each(&mut sink);
        }
    });
}

fn next(rx: &std::sync::Mutex<Receiver<Vec<Item>>>) -> Option<Vec<Item>> {
    rx.lock().ok()?.recv().ok()
}

/// A report line with its audit fields (`audit`, additive: a reader of reports ignores it).
#[derive(serde::Serialize)]
struct AuditedLine<'a> {
    #[serde(flatten)]
    report: &'a crate::report::Report,
    audit: audit::Audit,
}

/// One input → its line. Errors name the input and the limit or I/O failure, never content.
fn check(
    pipeline: &Pipeline,
    context: &Context,
    opts: &Options,
    item: &Item,
    scratch: &mut Scratch,
) -> Line {
    let error = |message: String| Line {
        id: item.id.clone(),
        json: serde_json::json!({
            "version": crate::report::REPORT_VERSION,
            "input": item.id,
            "error": message,
        })
        .to_string(),
        verdict: None,
    };
    let bytes = match read_item(item, pipeline.limits.max_input) {
        Ok(b) => b,
        Err(e) => return error(e),
    };
    let hint = item.name();
    match pipeline.check(&bytes, hint, context, opts.values, scratch) {
        Ok(checked) => {
            let mut report = checked.report;
            report.input = item.id.clone();
            let audit = audit::audit(
                &pipeline.setup,
                &checked.extraction,
                &report,
                &checked.context,
                opts.shown,
            );
            let line = AuditedLine {
                report: &report,
                audit,
            };
            match serde_json::to_string(&line) {
                Ok(json) => Line {
                    id: item.id.clone(),
                    json,
                    verdict: Some(report.verdict),
                },
                Err(e) => error(format!("report not serialisable: {e}")),
            }
        }
        Err(e) => error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_inputs_without_overlap() {
        let ids: Vec<String> = (0..1000).map(|i| format!("archive/{i}.eml")).collect();
        let mut seen = 0;
        for i in 0..4 {
            let in_i = ids.iter().filter(|id| in_shard(id, Some((i, 4)))).count();
            assert!(in_i > 150, "shard {i} has {in_i}");
            seen += in_i;
        }
        assert_eq!(seen, 1000);
    }

    #[test]
    fn resume_reads_the_inputs_of_complete_lines() {
        let out = "{\"version\":1,\"input\":\"a.eml\",\"verdict\":\"pass\"}\n{\"version\":1,\"input\":\"b.eml\",\"ver";
        let done = done_inputs(out);
        assert!(done.contains(&fnv1a("a.eml")));
        assert!(!done.contains(&fnv1a("b.eml")));
    }
}
