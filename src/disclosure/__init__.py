"""disclosure: measure, explain and model self-disclosure in real language, offline.

Public API::

    analyze(texts_or_dataframe, ...)  -> pandas.DataFrame   score utterances
    Analyzer(model=...)                                    load a model once, score many tables
    DisclosureDetector                                     the trainable detector (scikit-learn style)
"""

from .analyzer import Analyzer, analyze, shipped_models
from .errors import DisclosureError, InputError, ModelError
from .measure.detector import DisclosureDetector

__all__ = [
    "Analyzer",
    "DisclosureDetector",
    "DisclosureError",
    "InputError",
    "ModelError",
    "analyze",
    "shipped_models",
]
__version__ = "0.1.0"
