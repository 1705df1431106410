"""The FastAPI application: shared state, routers, the page and its assets, and errors turned into answers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from ..analyzer import cached_analyzer
from ..constants import DEFAULT_MODEL, __version__
from ..errors import DisclosureError
from .batching import ModelWorker, ServerBusy
from .limits import DEFAULT_LIMITS, Limits
from .routes import analysis, columns, conversations, learn, privacy, simulate
from .security import Guard
from .sessions import Sessions
from .state import Served

STATIC = Path(str(files(__package__) / "static"))
log = logging.getLogger("disclosure.serve")


def create_app(
    model: str | Path = DEFAULT_MODEL,
    *,
    token: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    batch_window: float = 0.002,
    max_batch: int = 64,
) -> Any:
    """The ASGI app: the API (OpenAPI docs at /docs) and the web app at /.

    The model loads once, when the app starts, and scores one sentence there, so the first request is as fast as
    the next; concurrent requests are scored together by one model worker, which gathers up to `max_batch` texts
    and waits for more only while they arrive (at most `batch_window` seconds). Beyond the waiting texts and calls
    that `limits` allow, a request is refused at once with 503 and a Retry-After header. With a `token`, every API
    call must send 'Authorization: Bearer <token>'. Text is never written to the log.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        analyzer = cached_analyzer(str(model))
        # The first analysis loads what the model defers (theory heads, the privacy recogniser): seconds that the
        # server spends at start rather than on a person's first request.
        analyzer.analyze([_WARM_UP])
        worker = ModelWorker(
            analyzer,
            window=batch_window,
            max_batch=max_batch,
            max_wait=limits.max_wait_seconds,
            max_waiting_calls=limits.max_waiting_calls,
        )
        worker.start()
        app.state.served = Served(str(model), worker, limits, Sessions(limits.max_sessions))
        yield
        await worker.stop()

    app = FastAPI(
        title="disclosure",
        summary="Measure, explain and model self-disclosure. Everything runs on this machine.",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's own docs page loads Swagger UI from a CDN; ours is served from the package
        redoc_url=None,
    )
    routers = (analysis.router, privacy.router, conversations.router, simulate.router, learn.router, columns.router)
    for router in routers:
        app.include_router(router)

    @app.get("/health", tags=["server"])
    async def health(request: Request) -> dict[str, Any]:
        """Whether the model is loaded, which one, how many batches it has scored and how many requests it has
        refused as too busy (503)."""
        served: Served = request.app.state.served
        worker = served.worker
        return {"status": "ok", "model": served.model, "batches": worker.batches, "refused": worker.refused}

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers=_PAGE_HEADERS)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", headers=_PAGE_HEADERS)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        # The input each error quotes is left out: it may be what could not be text, which no JSON answer can hold.
        detail = [{key: error[key] for key in ("type", "loc", "msg") if key in error} for error in err.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(DisclosureError)
    async def refused(request: Request, err: DisclosureError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=422)

    @app.exception_handler(ServerBusy)
    async def busy(request: Request, err: ServerBusy) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=503, headers={"Retry-After": str(err.retry_after)})

    @app.exception_handler(Exception)
    async def failed(request: Request, err: Exception) -> JSONResponse:
        # Only the kind of error is logged: its message or traceback could quote the text being analysed.
        log.error("%s %s failed with %s", request.method, request.url.path, type(err).__name__)
        return JSONResponse({"detail": f"The server failed ({type(err).__name__}); nothing was kept."}, status_code=500)

    return Guard(app, token=token, max_body_bytes=limits.max_body_bytes)


_WARM_UP = "I moved to Leeds last year and I have been feeling anxious since."

_PAGE_HEADERS = {
    # The page may talk to this server only: no external scripts, styles, images or connections.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
