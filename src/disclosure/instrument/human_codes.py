"""Files of texts with human 0/1 codes: how well a model agrees with them, and a model recalibrated to them.

A code is named COLUMN=FIELD: our detector column, then the file's field that holds the human codes for it
(for example emotional=Emotional_disclosure).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import io
from ..constants import DEFAULT_MODEL
from ..errors import InputError, message
from ..measure.model_files import read_config_json
from ..schema import DETECTOR_LABELS

_CODE_VALUES = {"1": 1, "0": 0, "yes": 1, "no": 0, "true": 1, "false": 0, "1.0": 1, "0.0": 0}
"""How human codes may be written, lower-cased: 1/0, yes/no, true/false."""

MODEL_THRESHOLDS = "model"
"""`threshold` value that cuts each column at the model's own threshold for it."""


def label_pairs(specs: Sequence[str]) -> list[tuple[str, str]]:
    """(our column, code field) for each COLUMN=FIELD spec; refused when COLUMN is not a detector column."""
    pairs = []
    for spec in specs:
        ours, sep, code_field = spec.partition("=")
        if not sep or ours not in DETECTOR_LABELS or not code_field:
            raise InputError(message("bad_label_spec", spec=spec, options=DETECTOR_LABELS))
        pairs.append((ours, code_field))
    return pairs


def binary_codes(values: pd.Series, code_field: str) -> np.ndarray:
    """The codes of `values` as 0/1 integers; refused (with up to five of the odd values) when any is not a code."""
    coded = values.astype(str).str.strip().str.lower().map(_CODE_VALUES)
    if coded.isna().any():
        odd = sorted(set(values[coded.isna()].astype(str)))[:5]
        raise InputError(message("bad_label_values", field=code_field, values=odd))
    return np.asarray(coded.to_numpy(int), dtype=np.int64)


def threshold_value(threshold: float | str) -> float | None:
    """A decision threshold from a number (or its text) between 0 and 1; None for 'model' (each column's own)."""
    if threshold == MODEL_THRESHOLDS:
        return None
    try:
        value = float(threshold)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise InputError.about("threshold", "bad_threshold", value=threshold)
    return value


def read_coded(
    path: str, labels: Sequence[str], *, text_column: str = "text", input_format: str | None = None
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The coded file and its (our column, code field) pairs, checked before anything is scored."""
    pairs = label_pairs(labels)
    table = io.open_table(path, input_format)
    io.require_columns(table.columns, [text_column, *(code_field for _, code_field in pairs)], table.name)
    return table.frame(), pairs


@dataclass(frozen=True)
class Evaluation:
    """Agreement per detector column with the human codes, and the reliability curve behind each."""

    rows: list[dict[str, object]]
    """One `evaluation.Agreement` per coded column, as a dict."""
    curves: dict[str, list[tuple[float, float, int]]] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """The agreement table, one row per column."""
        return pd.DataFrame(self.rows).set_index("column")

    def to_json(self) -> str:
        """The rows as a JSON list; a figure that cannot be computed (AUROC or kappa when the codes hold one value)
        is null, as JSON has no NaN."""
        rows = [
            {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in r.items()} for r in self.rows
        ]
        return json.dumps(rows, indent=2, allow_nan=False) + "\n"

    def figure(self) -> Any:
        """The reliability diagram (a matplotlib figure)."""
        from .evaluation import reliability_figure

        return reliability_figure(self.curves)


def evaluate(
    path: str,
    labels: Sequence[str],
    *,
    text_column: str = "text",
    model: str | Path = DEFAULT_MODEL,
    input_format: str | None = None,
    threshold: float | str = 0.5,
) -> Evaluation:
    """Agreement of `model` with the human codes in the file at `path`: accuracy, macro-F1, AUROC, Cohen's kappa
    and calibration error per COLUMN=FIELD in `labels`, over the rows that could be scored. `threshold` cuts
    the probabilities: a number, or 'model' for each column's own threshold."""
    cut = threshold_value(threshold)
    frame, pairs = read_coded(path, labels, text_column=text_column, input_format=input_format)
    # The model and the metrics are imported only now: a wrong path or column is reported at once, not after them.
    from ..analyzer import cached_analyzer
    from .evaluation import agreement, reliability_curve

    analyzer = cached_analyzer(model, theory=False)
    scored = analyzer.annotate(frame, text_column=text_column, source=f"'{path}'")
    keep = scored["status"] == "ok"
    rows, curves = [], {}
    for ours, code_field in pairs:
        truth = binary_codes(frame.loc[keep, code_field], code_field)
        probability = scored.loc[keep, ours].to_numpy(float)
        own = float(analyzer.detector.thresholds_[DETECTOR_LABELS.index(ours)])
        rows.append(agreement(ours, truth, probability, own if cut is None else cut).as_dict())
        curves[ours] = reliability_curve(truth, probability)
    return Evaluation(rows, curves)


@dataclass(frozen=True)
class Recalibration:
    """A model recalibrated to hand codes: where it was written and, per recalibrated column, what changed."""

    path: Path
    rows: list[dict[str, float | str]]
    """Per column: its prevalence among the codes, and the new temperature, offset and threshold."""


def recalibrate_to_codes(
    path: str,
    labels: Sequence[str],
    output: str | Path,
    *,
    text_column: str = "text",
    model: str | Path = DEFAULT_MODEL,
    input_format: str | None = None,
) -> Recalibration:
    """`recalibrate` `model` to the hand codes of the file at `path` (COLUMN=FIELD per code in `labels`), over
    the rows that hold text, writing the new model to `output`."""
    frame, pairs = read_coded(path, labels, text_column=text_column, input_format=input_format)
    from ..analyzer import text_status
    from .recalibration import recalibrate

    coded = frame[[text_status(cell) == "ok" for cell in frame[text_column]]]
    codes = {ours: binary_codes(coded[code_field], code_field) for ours, code_field in pairs}
    written = recalibrate(coded[text_column].tolist(), codes, output, model=model)
    config = read_config_json(written)
    rows: list[dict[str, float | str]] = []
    for ours, _ in pairs:
        j = DETECTOR_LABELS.index(ours)
        rows.append(
            {
                "column": ours,
                "prevalence": float(codes[ours].mean()),
                "temperature": float(config["temperature"][j]),
                "offset": float(config["offset"][j]),
                "threshold": float(config["thresholds"][j]),
            }
        )
    return Recalibration(written, rows)
