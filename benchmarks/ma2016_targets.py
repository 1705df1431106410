"""The numbers behind the Ma, Hancock & Naaman (2016) calibration targets, from their published item-level data.

The paper reports the four condition means of willingness to self-disclose (0-3); the uncertainty and the intimacy
slope come from the data its authors published (github.com/sTechLab/SelfDisclosureItems, `experiment-data.csv`:
269 participants x 36 items; never copied into this project). Per condition: the mean over participants of each
participant's mean willingness, and its standard error. Slope: each participant's least-squares slope of
willingness on their own intimacy rating (-3 to 3), averaged over participants, with its standard error.

Usage: `python benchmarks/ma2016_targets.py PATH/TO/experiment-data.csv` (the file has CR line ends; both read).
The printed values are those in `disclosure.model.calibration.TARGETS`.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import numpy as np
import pandas as pd


def condition_means(data: pd.DataFrame) -> pd.DataFrame:
    """Mean, standard deviation, participants and standard error of willingness per identification x audience."""
    per_person = data.groupby(["identification", "audience", "participant_id"])["self-disclosure"].mean()
    grouped = per_person.groupby(["identification", "audience"])
    table = pd.DataFrame({"mean": grouped.mean(), "sd": grouped.std(), "participants": grouped.size()})
    table["se"] = table["sd"] / np.sqrt(table["participants"])
    return table.reset_index()


def intimacy_slope(data: pd.DataFrame) -> tuple[float, float, int]:
    """Mean within-participant slope of willingness on rated intimacy, its standard error, and participants."""
    slopes = np.array(
        [
            np.polyfit(part["intimacy"], part["self-disclosure"], 1)[0]
            for _, part in data.groupby("participant_id")
            if part["intimacy"].std() > 0
        ]
    )
    return float(slopes.mean()), float(slopes.std(ddof=1) / np.sqrt(len(slopes))), len(slopes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    args = parser.parse_args()
    text = args.data.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    data = pd.read_csv(io.StringIO(text))
    print(f"{data['participant_id'].nunique()} participants, {len(data)} ratings")
    print(condition_means(data).round(3).to_string(index=False))
    slope, se, people = intimacy_slope(data)
    print(f"intimacy slope {slope:.3f} (se {se:.3f}, {people} participants)")


if __name__ == "__main__":
    main()
