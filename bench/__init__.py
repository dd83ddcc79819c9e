"""Benchmarks, run by hand (`make bench`): never part of the default test run."""
