"""`/privacy/spans` and `/redact`: what the privacy assistant flags for an audience, and rewritten texts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request

from ...measure.privacy import privacy_spans
from ...measure.redaction import Pseudonyms, redactions
from ..contracts import RedactIn, RedactOut, SpansIn, SpansOut
from ..limits import check_count
from ..state import state

router = APIRouter(tags=["privacy"])


@router.post("/privacy/spans", response_model=SpansOut)
async def spans(body: SpansIn, request: Request) -> dict[str, Any]:
    """The risky spans of one text for an audience, each with its category, confidence, reason and abstraction."""
    found = await state(request).worker.run(
        lambda: privacy_spans(body.text, audience=body.audience, min_confidence=body.min_confidence)
    )
    return {"spans": [asdict(span) for span in found]}


@router.post("/redact", response_model=RedactOut)
async def redact(body: RedactIn, request: Request) -> dict[str, Any]:
    """Texts with their risky spans rewritten (typed placeholders, keyed pseudonyms or abstractions), each with its
    language and which recognisers searched it."""
    served = state(request)
    texts = body.all()
    check_count("texts", len(texts), served.limits.max_texts)
    done = await served.worker.run(
        lambda: redactions(texts, mode=body.mode, audience=body.audience, pseudonyms=Pseudonyms(body.salt))
    )
    return {
        "texts": [r.text for r in done],
        "languages": [r.language for r in done],
        "redaction": [r.redaction for r in done],
    }
