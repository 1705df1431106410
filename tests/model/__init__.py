"""Tests of `disclosure.model`."""
