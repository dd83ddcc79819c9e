"""One module per page: each returns a small dataclass the page renders."""
