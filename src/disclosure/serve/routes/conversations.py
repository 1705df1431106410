"""`/conversations` (one transcript in, its tables out) and `/sessions` (a transcript that grows, watched live)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from ..contracts import ConversationIn, ConversationOut, SessionOut
from ..limits import check_count
from ..sessions import Session, conversation_view, utterance_frame
from ..state import Served, state

router = APIRouter(tags=["conversations"])

HEARTBEAT_SECONDS = 15.0
"""An event stream sends a comment this often when nothing changes, so proxies and browsers keep it open."""


async def _measured(served: Served, body: ConversationIn, before: object = "") -> pd.DataFrame:
    """The utterances with their scores, each read with the one before it (the first with `before`)."""
    frame = utterance_frame([u.model_dump() for u in body.utterances])
    texts = frame["text"].tolist()
    scores = await served.worker.measure(texts, [before, *texts[:-1]])
    return pd.concat([frame, scores], axis=1)


@router.post("/conversations", response_model=ConversationOut)
async def conversations(body: ConversationIn, request: Request) -> dict[str, Any]:
    """One conversation (speaker, role, text per utterance, in order) measured into its utterance, speaker and
    conversation tables, with each speaker's motivational-system transitions."""
    served = state(request)
    check_count("utterances", len(body.utterances), served.limits.max_utterances)
    measured = await _measured(served, body)
    return await asyncio.to_thread(conversation_view, measured, body.helper_roles)


@router.post("/sessions", response_model=SessionOut, status_code=201)
async def open_session(
    request: Request,
    helper_roles: Annotated[list[str] | None, Query(description="Roles monitored as helpers.")] = None,
) -> dict[str, Any]:
    """Start a live session; add turns with POST /sessions/{id}/turns and watch GET /sessions/{id}/events."""
    return {"id": state(request).sessions.open(helper_roles), "version": 0}


def _session(request: Request, key: str) -> Session:
    session = state(request).sessions.get(key)
    if session is None:
        raise HTTPException(
            status_code=404,
            detail="No such session: it was never opened or was dropped to make room for newer ones. Open a new one.",
        )
    return session


@router.post("/sessions/{key}/turns")
async def add_turns(key: str, body: ConversationIn, request: Request) -> dict[str, Any]:
    """Append utterances to a session; only the new ones are scored. Returns the session's updated tables."""
    served = state(request)
    session = _session(request, key)
    async with session.adding:
        check_count(
            "utterances in a session", len(session.measured) + len(body.utterances), served.limits.max_utterances
        )
        before = session.measured["text"].iloc[-1] if len(session.measured) else ""
        measured = pd.concat([session.measured, await _measured(served, body, before)], ignore_index=True)
        view = await asyncio.to_thread(conversation_view, measured, session.helper_roles)
        await session.publish(measured, view)
    return {"version": session.version, **view}


@router.get("/sessions/{key}/events")
async def events(key: str, request: Request) -> StreamingResponse:
    """Server-sent events: the session's tables now, then again each time turns are added."""
    session = _session(request, key)

    async def stream() -> AsyncIterator[str]:
        seen = -1
        while not await request.is_disconnected():
            version, view = await session.next_view(seen, HEARTBEAT_SECONDS)
            if version == seen:
                yield ": still here\n\n"
                continue
            seen = version
            yield f"id: {version}\nevent: session\ndata: {json.dumps({'version': version, 'view': view})}\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})
