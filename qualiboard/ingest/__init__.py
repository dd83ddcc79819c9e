"""Spreadsheet import: readers, header detection, normalisation, mapping, validation, batches."""
