"""Structured JSON logs on stdout: one object per line, read by CloudWatch Logs."""

from __future__ import annotations

import logging
import sys
import time
import uuid

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-Id"


class RequestContextFilter(logging.Filter):
    """Adds the current request's id and the service version to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        from flask import current_app, has_app_context, has_request_context

        if has_request_context():
            record.request_id = getattr(g, "request_id", None)
        if has_app_context():
            record.version = current_app.config["SETTINGS"].version
        return True


class StdoutHandler(logging.StreamHandler):
    """Writes to the current sys.stdout, even when a test runner has replaced it."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(level: str = "INFO") -> None:
    handler = StdoutHandler()
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Requests are logged once, by register_request_logging; not again by Werkzeug.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def register_request_logging(app: Flask) -> None:
    access = logging.getLogger("access")

    @app.before_request
    def start_timer():
        g.request_id = request.headers.get(REQUEST_ID_HEADER) or uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response):
        response.headers[REQUEST_ID_HEADER] = g.request_id
        # Health checks arrive every few seconds: keep them out of the logs.
        if request.path != "/health":
            access.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - g.started) * 1000, 1),
                },
            )
        return response
