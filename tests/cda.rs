//! Extraction of HL7 CDA R2 documents.
