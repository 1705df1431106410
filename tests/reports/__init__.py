"""Tests of `disclosure.reports`."""
