"""Engine pieces that build on the indicator SQL (decomposition, projections)."""
