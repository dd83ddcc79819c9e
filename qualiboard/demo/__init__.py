"""The demo town: deterministic spreadsheets of every source kind, as a town would export them."""
