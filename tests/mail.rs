//! Extraction of e-mail (MIME).
