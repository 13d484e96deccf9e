//! What every target shares: limits small enough for a fuzzer's pace.

use tamis::extract::Limits;

/// Default limits with a short clock and a small expansion budget.
pub fn limits() -> Limits {
    Limits {
        max_time: std::time::Duration::from_secs(5),
        max_expanded: 64 << 20,
        ..Limits::default()
    }
}
