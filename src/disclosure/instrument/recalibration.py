"""Recalibrate a model to the user's own corpus from a sample of hand-coded utterances.

A model's probabilities are calibrated on held-out CL-Aff training sentences. In another corpus — or with coders who
read disclosure more liberally — the share of disclosing utterances and the meaning of a score shift, and the
probabilities drift (on CL-Aff's own test split, coded later, the expected calibration error of the disclosure
columns rises from about 0.02 to 0.12–0.19). Coding a few hundred utterances of one's own corpus and refitting each
label's temperature, offset (Platt scaling) and threshold on them brings the probabilities back in line. The weights
are not touched.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ..constants import DEFAULT_MODEL
from ..errors import InputError, message
from ..measure.calibration import best_threshold, coherent_probabilities, platt
from ..measure.detectors import load_detector, model_directory
from ..measure.model_files import CONFIG_FILE, calibration_fields

MIN_CODES_PER_CLASS = 20
"""Each recalibrated label needs at least this many coded utterances with it and without it."""


def recalibrate(
    texts: Sequence[str],
    codes: Mapping[str, Sequence[int] | np.ndarray],
    output: str | Path,
    *,
    model: str | Path = DEFAULT_MODEL,
) -> Path:
    """Write a copy of `model` to `output` whose calibration fits the hand codes of `texts`.

    Parameters
    ----------
    texts : sequence of str
        The coded utterances (a random sample of the corpus to be analysed is best).
    codes : mapping of detector column -> 0/1 codes, one per text
        For example ``{"emotional": [1, 0, ...]}``. Columns left out keep the model's calibration.
    output : str or Path
        A new (or empty) folder; use it afterwards as ``model=output`` or ``--model output``.
    model : str or Path
        The model to start from: a shipped name or a model directory.

    Returns
    -------
    Path
        `output`.
    """
    target = Path(output)
    if target.exists() and any(target.iterdir()):
        raise InputError(message("output_exists", path=target))
    detector = load_detector(model)
    truth = {label: _checked_codes(label, values, len(texts), detector.labels) for label, values in codes.items()}
    logits = detector.decision_function(list(texts))
    for label, y in truth.items():
        j = detector.labels.index(label)
        detector.temperature_[j], detector.offset_[j] = platt(logits[:, j], y)
    # Thresholds on the probabilities as they will be scored: `disclosure` may rise to a recalibrated kind.
    scores = coherent_probabilities(logits, detector.temperature_, detector.offset_, detector.labels)
    prevalence = {}
    for label, y in truth.items():
        j = detector.labels.index(label)
        detector.thresholds_[j] = best_threshold(scores[:, j], y)
        prevalence[label] = round(float(y.mean()), 4)
    shutil.copytree(model_directory(model), target, dirs_exist_ok=True)
    config = json.loads((target / CONFIG_FILE).read_text(encoding="utf-8"))
    config.update(calibration_fields(detector))
    config["recalibrated_on"] = {"utterances": len(texts), "prevalence": prevalence}
    (target / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return target


def _checked_codes(label: str, values: Sequence[int] | np.ndarray, n: int, labels: Sequence[str]) -> np.ndarray:
    if label not in labels:
        raise InputError(message("bad_label_spec", spec=label, options=tuple(labels)))
    y = np.asarray(values)
    if not set(np.unique(y).tolist()) <= {0, 1}:
        raise InputError(message("bad_label_values", field=label, values=sorted(set(y.tolist()) - {0, 1})[:5]))
    y = y.astype(np.int64)
    if len(y) != n:
        raise InputError(message("codes_misaligned", texts=n, codes=len(y), label=label))
    positives = int((y == 1).sum())
    negatives = len(y) - positives
    if min(positives, negatives) < MIN_CODES_PER_CLASS:
        raise InputError(
            message("too_few_codes", label=label, minimum=MIN_CODES_PER_CLASS, positives=positives, negatives=negatives)
        )
    return y
