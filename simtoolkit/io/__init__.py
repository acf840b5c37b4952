"""Reading users' files and writing outputs (UTF-8 with BOM, all-or-nothing)."""
