"""What is installed here: this package's version, Python, ONNX Runtime, and which optional extras are present."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from .constants import __version__

EXTRAS: dict[str, tuple[str, str]] = {
    "serve": ("fastapi", "the web app and HTTP API (disclosure serve)"),
    "ray": ("ray", "corpora beyond one machine (--engine ray)"),
    "train": ("torch", "training and ONNX export (train, train-theory, export-onnx)"),
    "convokit": ("convokit", "the ConvoKit Transformer"),
    "gpu": ("onnxruntime-gpu", "scoring on an NVIDIA GPU (--device cuda)"),
}
"""Each optional extra: the distribution that shows it is installed, and what it adds."""


def _installed(distribution: str) -> str | None:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def report() -> str:
    """A few lines for a person (and a bug report): versions, and each extra installed or how to install it."""
    runtime = _installed("onnxruntime") or _installed("onnxruntime-gpu") or "not installed"
    lines = [f"disclosure {__version__} (Python {platform.python_version()}, ONNX Runtime {runtime})"]
    for extra, (distribution, purpose) in EXTRAS.items():
        found = _installed(distribution)
        state = f"installed ({distribution} {found})" if found else f"missing: pip install -e '.[{extra}]'"
        lines.append(f"  {extra:<9} {purpose}: {state}")
    return "\n".join(lines)
