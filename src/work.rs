//! Counting work, not time: the stages after the scanner add what they do (findings looked at,
//! identities looked up, bytes of text walked) to a per-thread counter, so that a test can
//! assert that the pipeline's cost grows linearly with its input — a quadratic step shows as a
//! count that quadruples when the input doubles — without timing anything (`tests/linear.rs`).
//! The counter is one thread-local integer: it costs nothing measurable.

use std::cell::Cell;

thread_local! {
    static UNITS: Cell<u64> = const { Cell::new(0) };
}

/// Adds `n` units of work done on this thread.
#[inline]
pub fn add(n: usize) {
    UNITS.with(|u| u.set(u.get().wrapping_add(n as u64)));
}

/// The units of work done on this thread since the last [`reset`].
pub fn units() -> u64 {
    UNITS.with(Cell::get)
}

/// Sets this thread's counter back to zero.
pub fn reset() {
    UNITS.with(|u| u.set(0));
}
