"""disclosure: measure, explain and model self-disclosure in real language, offline.

Public API::

    analyze(texts_or_dataframe, ...)  -> pandas.DataFrame   score utterances
    Analyzer(model=...)                                    load a model once, score many tables
    DisclosureDetector                                     the trainable detector (scikit-learn style)
    redact(texts) / explain(text, analyzer)                privacy redaction; plain-language evidence per column
    recalibrate(texts, codes, output, model=...) -> Path   refit a model's probabilities to your own coded sample
    simulate(dyads, turns, params)    -> pandas.DataFrame   the motivational model over time
    fit(utterances)                   -> FitResult          estimate its parameters from conversations
    conversations(table_or_path, ...) -> ConversationTables utterances, speakers, conversations, effects
    compare(table_or_path, by, ...)   -> Comparison         group differences (and group x valence), with CIs
    report(table_or_path, output)     -> Path               one self-contained HTML report
    analyze_corpus(shards, out, engine="ray") -> Manifest   a corpus of shards, resumable, locally or on Ray
    conversations_corpus(shards, out, engine="ray")         conversations spread over shards
"""

import importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from .errors import DisclosureError, InputError, ModelError

if _TYPE_CHECKING:
    from .analyzer import Analyzer, analyze, shipped_models
    from .dynamics.compare import Comparison
    from .dynamics.pipeline import ConversationTables, compare, conversations
    from .engines.conversations import conversations_corpus
    from .engines.corpus import analyze_corpus
    from .measure.detector import DisclosureDetector
    from .measure.explanation import explain
    from .measure.redaction import redact, redact_frame
    from .measure.theory import TheoryMeasure
    from .model import fit, simulate
    from .recalibration import recalibrate
    from .reports.dynamics import report

_LAZY = {
    "Analyzer": ".analyzer",
    "analyze": ".analyzer",
    "shipped_models": ".analyzer",
    "DisclosureDetector": ".measure.detector",
    "TheoryMeasure": ".measure.theory",
    "explain": ".measure.explanation",
    "redact": ".measure.redaction",
    "redact_frame": ".measure.redaction",
    "Comparison": ".dynamics.compare",
    "ConversationTables": ".dynamics.pipeline",
    "compare": ".dynamics.pipeline",
    "conversations": ".dynamics.pipeline",
    "report": ".reports.dynamics",
    "recalibrate": ".recalibration",
    "fit": ".model",
    "simulate": ".model",
    "analyze_corpus": ".engines.corpus",
    "conversations_corpus": ".engines.conversations",
}
"""Names whose modules import torch or SciPy's statistics: loaded on first use, so every command starts fast."""


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'disclosure' has no attribute '{name}'")

__all__ = [
    "Analyzer",
    "Comparison",
    "ConversationTables",
    "DisclosureDetector",
    "DisclosureError",
    "InputError",
    "ModelError",
    "TheoryMeasure",
    "analyze",
    "analyze_corpus",
    "compare",
    "conversations",
    "conversations_corpus",
    "explain",
    "fit",
    "recalibrate",
    "redact",
    "redact_frame",
    "report",
    "shipped_models",
    "simulate",
]
__version__ = "0.1.0"
