"""The request and response bodies of the API (Pydantic models): what /docs shows and what is validated."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import message
from ..io import holds_surrogate
from ..measure.privacy import PrivacySpan

Audience = Literal["public", "community", "friends", "professional"]
RedactionMode = Literal["placeholder", "pseudonym", "abstract"]


class Strict(BaseModel):
    """Unknown fields are refused, so a misspelt option is an error rather than silently ignored; a string that
    cannot be text (a lone surrogate, which JSON can encode) is refused with 422 here, before it reaches a batch it
    would share with other requests."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _only_text(cls, data: Any) -> Any:
        if _holds_invalid_text(data):
            raise ValueError(message("invalid_text"))
        return data


def _holds_invalid_text(value: object) -> bool:
    if isinstance(value, str):
        return holds_surrogate(value)
    if isinstance(value, dict):
        return any(_holds_invalid_text(k) or _holds_invalid_text(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_holds_invalid_text(v) for v in value)
    return False


class TextsIn(Strict):
    """One text (`text`) or a batch (`texts`)."""

    text: str | None = Field(None, description="One utterance.")
    texts: list[str] | None = Field(None, description="A batch of utterances, scored in order.")

    @model_validator(mode="after")
    def _one_of(self) -> TextsIn:
        if (self.text is None) == (self.texts is None):
            raise ValueError(
                "Give either 'text' (one utterance) or 'texts' (a list of utterances), not both or neither."
            )
        return self

    def all(self) -> list[str]:
        return [self.text] if self.text is not None else list(self.texts or [])


ANY_LANGUAGE = Field(
    False,
    description="Also score texts in languages the model does not support (English only, but for the multilingual "
    "model's 15), and texts with "
    "no language in them (emoji, symbols, source code); their `status` says so. Without it they come back with their "
    "`language` and empty scores (`/explain` refuses them).",
)


class AnalyzeIn(TextsIn):
    previous: str | list[str] | None = Field(
        None,
        description="The turn each utterance answers, read with it (so a bare 'yes' counts as the answer it is): a "
        "string with `text`, a list as long as `texts` with '' where there is none.",
    )
    detector_only: bool = Field(False, description="Only status and the five detector probabilities (faster).")
    any_language: bool = ANY_LANGUAGE

    @model_validator(mode="after")
    def _previous_fits(self) -> AnalyzeIn:
        if self.previous is None:
            return self
        if isinstance(self.previous, str) != (self.text is not None):
            raise ValueError("Give 'previous' as a string with 'text', or as a list (one per text) with 'texts'.")
        if isinstance(self.previous, list) and len(self.previous) != len(self.texts or []):
            n = len(self.texts or [])
            raise ValueError(f"'previous' has {len(self.previous)} turns for {n} texts: give one per text.")
        return self

    def all_previous(self) -> list[str] | None:
        """The previous turn of each text of `all()`, or None when none was given."""
        if self.previous is None:
            return None
        return [self.previous] if isinstance(self.previous, str) else list(self.previous)

    audience: Audience = Field(
        "public", description="Who will read the texts: `privacy_risk` and `risk_reasons` are weighed for them."
    )


class TableOut(BaseModel):
    """Rows of a table, one object per row; missing values are null."""

    columns: list[str]
    rows: list[dict[str, Any]]


class AnalyzeOut(TableOut):
    model: str


class ExplainIn(Strict):
    text: str = Field(..., description="One utterance.")
    any_language: bool = ANY_LANGUAGE


class ExplainOut(BaseModel):
    explanation: str = Field(..., description="Every column for the utterance and the evidence behind it, in words.")
    row: dict[str, Any]


class SpansIn(Strict):
    text: str
    audience: Audience = "public"
    min_confidence: float = Field(0.0, ge=0.0, le=1.0)


class SpansOut(BaseModel):
    spans: list[PrivacySpan]  # the library's own span record, served as it is


class RedactIn(TextsIn):
    mode: RedactionMode = "placeholder"
    audience: Audience = "public"
    salt: str | None = Field(None, description="Secret that keys the pseudonyms (same salt, same pseudonyms).")


class RedactOut(BaseModel):
    texts: list[str]
    languages: list[str | None] = Field(..., description="Each text's language (ISO 639; 'zxx': emoji or code).")
    redaction: list[str] = Field(
        ...,
        description="Which recognisers searched each text and whether they were built for its language; where they "
        "were not (a language other than English; in French, only the names, places and organisations have a model "
        "of their own) names, places and diagnoses may remain.",
    )


class Utterance(Strict):
    speaker: str = Field(..., min_length=1)
    text: str
    role: str | None = Field(None, description="therapist, client, ... (helpers are monitored)")


class ConversationIn(Strict):
    utterances: list[Utterance] = Field(..., min_length=1)
    helper_roles: list[str] | None = Field(None, description="Roles monitored as helpers (default: therapist, ...).")


class ConversationOut(BaseModel):
    utterances: TableOut
    speakers: TableOut
    conversations: TableOut
    transitions: dict[str, list[str]] = Field(..., description="Per speaker, the motivational systems in turn.")
    notes: list[str]


class SessionOut(BaseModel):
    id: str
    version: int


class SimulateIn(Strict):
    dyads: int = Field(300, ge=1, le=2000)
    turns: int = Field(40, ge=2, le=200)
    seed: int = Field(0, ge=0)
    setting: Literal["peers", "helping"] = "peers"
    params: dict[str, float] = Field(default_factory=dict, description="Parameter overrides, NAME: value.")


class PublishedTargetOut(BaseModel):
    """One calibration target: a published number beside the model's value at the requested parameters."""

    target: str
    meaning: str
    source: str
    published: float
    uncertainty: float
    model: float = Field(..., description="The model's value at the requested parameters.")
    residual: float
    tolerance: float
    met: bool = Field(..., description="Whether the residual is within the tolerance.")


class SimulateOut(BaseModel):
    turn: list[int]
    mean_depth: list[float]
    disclosed_share: list[float]
    core_share: list[float]
    mean_trust: list[float]
    examples: list[list[int]] = Field(..., description="The depth at each turn of the first few dyads.")
    targets: list[PublishedTargetOut] = Field(
        ..., description="Every calibration target with a published number, with the model's value beside it."
    )
    targets_reading: str = Field(..., description="How to read the targets, in plain words.")


class QuizAnswerIn(Strict):
    answer: str


class QuizAnswerOut(BaseModel):
    correct: bool
    key: str
    explanation: str
    reading: str = Field(..., description="The tool's reading of the example, computed now.")
