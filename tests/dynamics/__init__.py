"""Tests of `disclosure.dynamics`."""
