"""How much one request may ask of the server, and the refusals that say so."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException


@dataclass(frozen=True)
class Limits:
    """Per-request limits (bytes in a body, texts in a batch, utterances in a conversation), live sessions kept,
    and how much may wait for the model before new requests are refused with 503 and Retry-After (seconds that
    the texts waiting to be scored would take; other model calls waiting or running)."""

    max_body_bytes: int = 2_000_000
    max_texts: int = 1_000
    max_utterances: int = 2_000
    max_sessions: int = 32
    max_wait_seconds: float = 2.0
    max_waiting_calls: int = 64


def check_count(kind: str, given: int, allowed: int) -> None:
    """422 when a request holds more `kind` than `allowed`, saying how to split it."""
    if given > allowed:
        raise HTTPException(
            status_code=422,
            detail=f"A request may hold at most {allowed:,} {kind}; this one holds {given:,}. "
            f"Send them in several requests of up to {allowed:,}.",
        )


DEFAULT_LIMITS = Limits()
