"""Per-utterance measurement: the detector and the theory-level measures built on it."""
