"""Reproducible benchmarks that print figures and ratios against named baselines."""
