//! Extraction of PDF.
