"""The CL-Aff 2020 OffMyChest corpus (Jaidka et al. 2020, CC BY 4.0) as texts and detector label matrices."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from ...schema import DETECTOR_LABELS

TEXT_FIELD = "full_text"
LABEL_FIELDS: dict[str, str] = {
    "informational": "Information_disclosure",
    "emotional": "Emotional_disclosure",
    "emotional_support": "Emo_support",
    "informational_support": "Info_support",
}
"""Our column -> CL-Aff field. In test.csv these unprefixed fields hold the corrected labels; the
`SharedTask_*` fields there do not align with the text and are never used."""


def read_split(data_dir: str | Path, split: str) -> tuple[list[str], np.ndarray]:
    """Texts and a 0/1 label matrix (columns in `DETECTOR_LABELS` order) for `train` or `test`.

    `disclosure` is derived: a sentence discloses when it is informational or emotional disclosure.
    """
    path = Path(data_dir) / f"{split}.csv"
    if not path.is_file():
        raise InputError.about("data", "no_training_data", path=path)
    frame = pd.read_csv(path)
    labels = pd.DataFrame({ours: frame[theirs].astype(int) for ours, theirs in LABEL_FIELDS.items()})
    labels["disclosure"] = labels[["informational", "emotional"]].max(axis=1)
    return frame[TEXT_FIELD].astype(str).tolist(), labels[list(DETECTOR_LABELS)].to_numpy()
