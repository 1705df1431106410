"""Calibration on CL-Aff test: as shipped, with the test prevalence known, and recalibrated on a coded sample.

    python benchmarks/recalibration.py --models default,balanced,fast --coded 500 --repeats 5

Three readings of each model's probabilities on the CL-Aff test split (unprefixed, corrected labels):
- shipped: calibrated on held-out training sentences (the development split; its ECE is printed too);
  shown on the same sentences as the recalibrated reading;
- prior-corrected: the logit shifted by the change in prevalence from train to test, using the *true* test
  prevalence (an upper bound for any label-shift correction that has to estimate it);
- recalibrated: `disclosure.recalibrate` on `--coded` random test sentences (a user coding a sample of their own
  corpus), measured on the other test sentences; repeated on `--repeats` random samples (mean and range).
This touches test labels to *recalibrate*: it measures what a user gains by coding a sample, not the shipped models.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from disclosure.instrument.evaluation import expected_calibration_error
from disclosure.instrument.recalibration import recalibrate
from disclosure.measure.calibration import hold_out, probabilities
from disclosure.measure.detectors import Detector, load_detector
from disclosure.measure.detectors.claff import read_split

REPO = Path(__file__).resolve().parents[1]
CLAFF = REPO.parent / "shared" / "data" / "claff-offmychest"
LABELS = ("informational", "emotional", "emotional_support", "informational_support")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="default,balanced,fast")
    parser.add_argument("--coded", type=int, default=500, help="coded test sentences per recalibration")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    train_texts, train_y = read_split(CLAFF, "train")
    test_texts, test_y = read_split(CLAFF, "test")
    print(f"# {date.today()} · {platform.machine()} · {args.coded} coded sentences, {args.repeats} samples\n")
    print(
        "| model | column | ECE dev (train) | ECE shipped | ECE prior-corrected | ECE recalibrated | "
        "macro-F1 shipped | macro-F1 recalibrated |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in args.models.split(","):
        detector = load_detector(name)
        config = detector.get_params()
        dev, _ = hold_out(np.random.default_rng(config["random_state"]), len(train_texts), config["dev_fraction"])
        dev_logits = detector.decision_function([train_texts[i] for i in dev])
        logits = detector.decision_function(test_texts)
        runs = [
            _recalibrated(detector, name, test_texts, test_y, logits, args.coded, seed) for seed in range(args.repeats)
        ]
        for label in LABELS:
            j = detector.labels.index(label)
            t, b = detector.temperature_[j], detector.offset_[j]
            prior_train, prior_test = train_y[:, j].mean(), test_y[:, j].mean()
            shift = np.log(prior_test / (1 - prior_test)) - np.log(prior_train / (1 - prior_train))
            shipped = [r[label][0] for r in runs]
            ece = [r[label][1] for r in runs]
            f1 = [r[label][2] for r in runs]
            dev_ece = expected_calibration_error(train_y[dev, j], probabilities(dev_logits[:, j], t, b))
            print(
                f"| {name} | {label} | {dev_ece:.3f} "
                f"| {np.mean([s[0] for s in shipped]):.3f} "
                f"| {expected_calibration_error(test_y[:, j], probabilities(logits[:, j], t, b + shift)):.3f} "
                f"| {np.mean(ece):.3f} ({min(ece):.3f}–{max(ece):.3f}) "
                f"| {np.mean([s[1] for s in shipped]):.3f} "
                f"| {np.mean(f1):.3f} ({min(f1):.3f}–{max(f1):.3f}) |",
                flush=True,
            )


def _recalibrated(
    detector: Detector, name: str, texts: list[str], y: np.ndarray, logits: np.ndarray, coded: int, seed: int
) -> dict[str, tuple[tuple[float, float], float, float]]:
    """Recalibrate on `coded` random sentences. Per label, on all the other sentences: the shipped model's
    (ECE, macro-F1), then the recalibrated ECE and macro-F1."""
    order = np.random.default_rng(seed).permutation(len(texts))
    sample, rest = order[:coded], order[coded:]
    labels = detector.labels
    with tempfile.TemporaryDirectory() as folder:
        codes = {label: y[sample, labels.index(label)] for label in LABELS}
        written = recalibrate([texts[i] for i in sample], codes, Path(folder) / "model", model=name)
        config = json.loads((written / "config.json").read_text(encoding="utf-8"))
    out = {}
    for label in LABELS:
        j = labels.index(label)
        p = probabilities(logits[rest, j], config["temperature"][j], config["offset"][j])
        shipped = probabilities(logits[rest, j], detector.temperature_[j], detector.offset_[j])
        out[label] = (
            (
                expected_calibration_error(y[rest, j], shipped),
                float(f1_score(y[rest, j], shipped >= detector.thresholds_[j], average="macro")),
            ),
            expected_calibration_error(y[rest, j], p),
            float(f1_score(y[rest, j], p >= config["thresholds"][j], average="macro")),
        )
    return out


if __name__ == "__main__":
    main()
