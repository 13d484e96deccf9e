//! What the services run with, replaceable while they run: `tamis serve` and `tamis milter`
//! re-read their configuration, policy, directory and Annuaire extract on SIGHUP (`systemctl
//! reload`) and swap the new state in at once. A request or a message takes the state in
//! service when it begins ([`Live::get`]) and keeps it to its end, whatever is swapped in
//! meanwhile; a new state that cannot be built is never swapped in.

use std::sync::{Arc, RwLock};

/// A value in service, swapped whole.
pub struct Live<T> {
    current: RwLock<Arc<T>>,
}

impl<T> Live<T> {
    pub fn new(value: T) -> Live<T> {
        Live {
            current: RwLock::new(Arc::new(value)),
        }
    }

    /// The value in service now; it stays alive as long as the caller holds it.
    pub fn get(&self) -> Arc<T> {
        // The lock is held only to clone or replace the Arc: a panic cannot leave it half done.
        self.current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Puts `value` in service; returns the one it replaces (still used by whoever holds it).
    pub fn set(&self, value: T) -> Arc<T> {
        let mut current = self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        std::mem::replace(&mut *current, Arc::new(value))
    }
}

impl<T> std::fmt::Debug for Live<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_holder_keeps_its_value_across_a_swap() {
        let live = Live::new(1);
        let held = live.get();
        let old = live.set(2);
        assert_eq!((*held, *old, *live.get()), (1, 1, 2));
        // Readers on other threads see one value or the other, never a mix.
        let live = Arc::new(Live::new(vec![0u32; 64]));
        let writer = {
            let live = live.clone();
            std::thread::spawn(move || {
                for k in 1..200u32 {
                    live.set(vec![k; 64]);
                }
            })
        };
        for _ in 0..2000 {
            let v = live.get();
            assert!(v.iter().all(|&x| x == v[0]));
        }
        writer.join().unwrap();
        assert_eq!(live.get()[0], 199);
    }
}
