//! [`CategorySet`]: a set of categories in one machine word.

use crate::category::Category;
use std::fmt;

/// A set of [`Category`] values, one bit each (there are fewer than 32 categories).
///
/// `Copy` and comparable, so that a policy cell is cheap to hand around and to compare.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CategorySet(u32);

// The bitset has room for 32 categories; a 33rd breaks the build, not the policy.
const _: () = assert!(Category::ALL.len() <= 32);

impl CategorySet {
    /// The empty set.
    pub const EMPTY: CategorySet = CategorySet(0);

    fn bit(category: Category) -> u32 {
        1 << (category as u32)
    }

    /// Whether `category` is in the set.
    pub fn contains(self, category: Category) -> bool {
        self.0 & Self::bit(category) != 0
    }

    /// Adds `category`; returns `false` when it was already there.
    pub fn insert(&mut self, category: Category) -> bool {
        let had = self.contains(category);
        self.0 |= Self::bit(category);
        !had
    }

    /// Number of categories in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The categories of the set, in report order ([`Category::ALL`]).
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL
            .iter()
            .copied()
            .filter(move |&c| self.contains(c))
    }
}

impl FromIterator<Category> for CategorySet {
    fn from_iter<I: IntoIterator<Item = Category>>(iter: I) -> Self {
        let mut set = CategorySet::EMPTY;
        for c in iter {
            set.insert(c);
        }
        set
    }
}

impl fmt::Debug for CategorySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Category::as_str))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_reports_duplicates_and_iterates_in_report_order() {
        let mut set = CategorySet::EMPTY;
        assert!(set.insert(Category::SickLeave));
        assert!(set.insert(Category::Nir));
        assert!(!set.insert(Category::Nir));
        assert_eq!(set.len(), 2);
        assert!(set.contains(Category::SickLeave) && !set.contains(Category::Iban));
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Category::Nir, Category::SickLeave]
        );
        assert_eq!(format!("{set:?}"), r#"{"nir", "sick_leave"}"#);
        let all: CategorySet = Category::ALL.iter().copied().collect();
        assert_eq!(all.len(), Category::ALL.len());
    }
}
