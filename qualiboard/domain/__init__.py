"""Domain registries (source kinds, statuses, periods…): no database, no presentation."""
