"""Reports: tidy tables, bands, terminal printing, files (CSV/Excel/HTML) and figures, in zh or en."""
