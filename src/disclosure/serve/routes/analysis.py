"""`/analyze` and `/explain`: the measurement columns of utterances and the evidence behind them."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response

from ...explanation import explain as explain_text
from ..contracts import AnalyzeIn, AnalyzeOut, ExplainIn, ExplainOut
from ..limits import check_count
from ..state import state
from ..tables import table_json

router = APIRouter(tags=["measure"])


@router.post("/analyze", response_model=AnalyzeOut)
async def analyze(body: AnalyzeIn, request: Request) -> Response:
    """Score one utterance or a batch: `status`, the detector's probabilities and the theory columns, per text."""
    served = state(request)
    texts = body.all()
    check_count("texts", len(texts), served.limits.max_texts)
    scored = await served.worker.score(texts)
    # The rows' JSON was written once for the whole batch (the hot path under load): no dict per row is built
    # and validated again here.
    head = json.dumps({"model": served.model, "columns": list(scored.batch.columns)})[:-1]
    return Response(f'{head}, "rows": {scored.json()}}}', media_type="application/json")


@router.post("/explain", response_model=ExplainOut)
async def explain(body: ExplainIn, request: Request) -> dict[str, Any]:
    """Every column for one utterance, with the words and examples behind it, in plain language."""
    served = state(request)
    row = (await served.worker.measure([body.text])).iloc[:1]
    text = await served.worker.run(explain_text, body.text, served.worker.analyzer)
    return {"explanation": text, "row": table_json(row)["rows"][0]}
