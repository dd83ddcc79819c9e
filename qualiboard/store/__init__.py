"""Storage beside the records: accounts and who may do what, the audit journal, settings."""
