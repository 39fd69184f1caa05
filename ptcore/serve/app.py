"""The HTTP application: routes, request limits and errors as JSON messages.

Routes: ``GET /health`` (and ``/``), ``POST /setup`` and ``POST /predict``. ``/predict`` answers
two callers: a body with ``inputs`` (texts, or ``[context, question]`` pairs for QA) gets this
server's own JSON, a body with ``tasks`` (Label Studio) gets Label Studio predictions. Bad input
answers 4xx with ``{"error": message}``; a bug answers 500 with no traceback (that goes to the
server's log). The model runs in a worker thread, one request at a time.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ptcore.api import Model, Result
from ptcore.engine.tasks.registry import spec_for
from ptcore.errors import UserError
from ptcore.serve import label_studio
from ptcore.serve.limits import Limits

log = logging.getLogger(__name__)


class RequestError(Exception):
    """A request the server refuses, with its HTTP status and a message for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class PredictionService:
    """The loaded model, the limits and the labeling configs Label Studio set up."""

    def __init__(self, model: Model, limits: Limits) -> None:
        self.model, self.limits = model, limits
        self.version = f"ptcore-{model.source.name}"
        self.configs: dict[str, str] = {}
        self.lock = asyncio.Lock()

    async def health(self, _request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "status": "UP",
                "model_class": "PTuningStudio",
                "model_version": self.version,
                "task": self.model.task.value,
                "labels": self.model.labels,
            }
        )

    async def setup(self, request: Request) -> JSONResponse:
        """Label Studio connecting: check its config fits the model, remember it."""
        body = await self.read_json(request)
        schema = body.get("schema")
        if not isinstance(schema, str):
            raise RequestError(400, "setup needs the labeling config as 'schema'")
        label_studio.find_control(schema, self.model.task)
        self.configs[str(body.get("project", ""))] = schema
        return JSONResponse({"model_version": self.version})

    async def predict(self, request: Request) -> JSONResponse:
        body = await self.read_json(request)
        if "tasks" in body:
            return JSONResponse(await self.label_studio_predict(body))
        inputs = self.checked_list(body.get("inputs"), "inputs")
        results = await self.run(inputs)
        return JSONResponse(
            {
                "task": self.model.task.value,
                "model_version": self.version,
                "predictions": [result_json(r) for r in results],
            }
        )

    async def label_studio_predict(self, body: dict[str, Any]) -> dict[str, Any]:
        tasks = self.checked_list(body.get("tasks"), "tasks")
        config = body.get("label_config") or self.configs.get(str(body.get("project", "")))
        if not isinstance(config, str):
            raise RequestError(400, "predict needs 'label_config' (or a /setup for the project)")
        control = label_studio.find_control(config, self.model.task)
        texts = [label_studio.task_text(t, control, n) for n, t in enumerate(tasks, start=1)]
        self.check_lengths(texts)
        results = await self.run(texts)
        predictions = [
            label_studio.prediction(result, text, control, self.version)
            for result, text in zip(results, texts, strict=True)
        ]
        return {"results": predictions, "model_version": self.version}

    async def run(self, inputs: list[Any]) -> list[Result]:
        """The model over ``inputs`` in a worker thread, one request at a time."""
        if spec_for(self.model.task).answers_questions:
            inputs = [tuple(i) if isinstance(i, list) else i for i in inputs]
        self.check_lengths([t for i in inputs for t in (i if isinstance(i, tuple) else [i])])
        async with self.lock:
            return await run_in_threadpool(self.model.predict, inputs)

    def checked_list(self, value: Any, name: str) -> list[Any]:
        if not isinstance(value, list):
            raise RequestError(400, f"'{name}' must be a list")
        if len(value) > self.limits.max_batch:
            raise RequestError(
                413, f"{len(value)} {name} in one request; at most {self.limits.max_batch}"
            )
        return value

    def check_lengths(self, texts: list[Any]) -> None:
        longest = max((len(t) for t in texts if isinstance(t, str)), default=0)
        if longest > self.limits.max_text_chars:
            raise RequestError(
                413, f"a text of {longest} characters; at most {self.limits.max_text_chars}"
            )

    async def read_json(self, request: Request) -> dict[str, Any]:
        """The body as a JSON object, refused once it passes the size limit."""
        most = self.limits.max_body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > most:
            raise RequestError(413, f"the request body is over {most} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > most:
                raise RequestError(413, f"the request body is over {most} bytes")
        try:
            value = json.loads(body)
        except ValueError as error:
            raise RequestError(400, f"the request body is not JSON: {error}") from None
        if not isinstance(value, dict):
            raise RequestError(400, "the request body must be a JSON object")
        return value


def result_json(result: Result) -> dict[str, Any]:
    """A typed result as plain JSON, without the stored payload it repeats."""
    values = asdict(result)
    values.pop("payload")
    return values


async def refused(_request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, RequestError):
        return JSONResponse({"error": error.message}, status_code=error.status)
    return JSONResponse({"error": str(error)}, status_code=422)


async def failed(_request: Request, error: Exception) -> JSONResponse:
    log.exception("prediction failed", exc_info=error)
    return JSONResponse({"error": "internal error; see the server's log"}, status_code=500)


def create_app(model: Model, limits: Limits | None = None) -> Starlette:
    """The server's ASGI application around a loaded model."""
    service = PredictionService(model, limits or Limits())
    routes = [
        Route("/", service.health, methods=["GET"]),
        Route("/health", service.health, methods=["GET"]),
        Route("/setup", service.setup, methods=["POST"]),
        Route("/predict", service.predict, methods=["POST"]),
    ]
    handlers = {RequestError: refused, UserError: refused, Exception: failed}
    return Starlette(routes=routes, exception_handlers=handlers)  # type: ignore[arg-type]
