"""Tests of `disclosure.measure`."""
