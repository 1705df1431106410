"""Tests of `disclosure`, mirroring the package."""
