"""Benchmarks (`make bench`). Figures are recorded in docs/PERFORMANCE.md, never asserted."""
