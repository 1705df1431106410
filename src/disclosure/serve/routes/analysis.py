"""`/analyze` and `/explain`: the measurement columns of utterances and the evidence behind them."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from fastapi import APIRouter, Request, Response

from ...measure.explanation import explain_row
from ...measure.privacy import find_identifiers, privacy_risk
from ...measure.registry import output_columns
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
    scored = await served.worker.score(texts, body.all_previous(), any_language=body.any_language)
    if body.detector_only:
        frame = scored.frame()[[column.name for column in output_columns(theory=False)]]
        return Response(json.dumps({"model": served.model, **table_json(frame)}), media_type="application/json")
    if body.audience != "public":
        frame = await served.worker.run(_for_audience, texts, scored.frame(), body.audience)
        return Response(json.dumps({"model": served.model, **table_json(frame)}), media_type="application/json")
    # The rows' JSON was written once for the whole batch (the hot path under load): no dict per row is built
    # and validated again here.
    head = json.dumps({"model": served.model, "columns": scored.columns})[:-1]
    return Response(f'{head}, "rows": {scored.json()}}}', media_type="application/json")


def _for_audience(texts: list[str], rows: pd.DataFrame, audience: str) -> pd.DataFrame:
    """`rows` (scored for the public) with `privacy_risk` and `risk_reasons` weighed for `audience` instead."""
    measured = rows["privacy_risk"].notna().to_numpy()
    if not measured.any():
        return rows
    kept = [text for text, keep in zip(texts, measured, strict=True) if keep]
    areas = rows.loc[measured, ["categories", *(c for c in rows.columns if c.startswith("category_"))]]
    risk = privacy_risk(find_identifiers(kept, audience=audience), areas, audience=audience)
    out = rows.copy()
    out.loc[measured, "privacy_risk"] = risk["privacy_risk"].to_numpy()
    out.loc[measured, "risk_reasons"] = pd.Series(risk["risk_reasons"].tolist(), index=out.index[measured])
    return out


@router.post("/explain", response_model=ExplainOut)
async def explain(body: ExplainIn, request: Request) -> dict[str, Any]:
    """Every column for one utterance, with the words and examples behind it, in plain language."""
    served = state(request)
    row = (await served.worker.measure([body.text], any_language=body.any_language)).iloc[:1]
    text = await served.worker.run(explain_row, body.text, row.iloc[0])  # from the row just scored: scored once
    return {"explanation": text, "row": table_json(row)["rows"][0]}
