"""Building the instrument, apart from measuring with it: training the detector tiers and the theory heads, the
coded corpus they learn from, their agreement with human codes, and recalibration to a user's own codes."""
