"""Benchmarks of metaexposure against the floor and the usual approach (see README.md here)."""
