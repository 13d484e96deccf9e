//! Extraction of zip archives and MSSanté IHE_XDM packages.
