"""Cut-offs that turn the detector's probabilities into counts; the one place each number is set.

Imports nothing from the package, so every layer (schema and its generated docs, dynamics, model) reads the same
values.
"""

from __future__ import annotations

DISCLOSURE_THRESHOLD = 0.5
"""An utterance counts as a disclosure when the detector's calibrated `disclosure` probability reaches this."""

HELPER_DISCLOSURE_THRESHOLD = 0.65
"""A helper's utterance counts as self-disclosure from this `disclosure` probability. Helper talk is full of
first-person procedure ("I'd like to ask you...") that the detector, trained on Reddit posts, half-believes: on 39
keyword-selected AnnoMI therapist turns we labelled, 0.65 agreed best with our labels (kappa 0.48, against 0.14 at
0.5); on 236 other turns it gives kappa 0.30 against 0.08 (docs/dynamics.md)."""

SUPPORT_THRESHOLD = 0.5
"""A reply counts as supportive when its emotional or informational support probability reaches this."""
