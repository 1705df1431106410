"""`/learn/quiz`: the Learn view's questions, and each answer scored and explained with the tool's reading."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from ...measure.privacy import privacy_spans
from ..contracts import QuizAnswerIn, QuizAnswerOut
from ..quiz import BY_ID, QUESTIONS, reading
from ..state import state

router = APIRouter(prefix="/learn", tags=["learn"])


@router.get("/quiz")
async def quiz() -> dict[str, Any]:
    """The questions, in order, without their keys."""
    return {"questions": [question.public() for question in QUESTIONS]}


@router.post("/quiz/{question_id}", response_model=QuizAnswerOut)
async def answer(question_id: str, body: QuizAnswerIn, request: Request) -> dict[str, Any]:
    """Whether `answer` is right, the key, why, and the tool's reading of the example (measured now)."""
    question = BY_ID.get(question_id)
    if question is None:
        raise HTTPException(status_code=404, detail=f"No question '{question_id}'. Questions: {', '.join(BY_ID)}.")
    if body.answer not in question.options:
        raise HTTPException(
            status_code=422, detail=f"'{body.answer}' is not an option. Options: {', '.join(question.options)}."
        )
    worker = state(request).worker
    row = (await worker.measure([question.text])).iloc[0].to_dict()
    spans = await worker.run(privacy_spans, question.text) if question.reading == "privacy" else []
    return {
        "correct": body.answer == question.key,
        "key": question.key,
        "explanation": question.theory,
        "reading": reading(question, row, spans),
    }
