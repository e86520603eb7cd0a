"""Benchmarks of cspmeasures at scale (see docs/performance.md)."""
