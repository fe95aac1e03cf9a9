"""Every error is answered as JSON, never as an HTML page or a stack trace."""

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return jsonify(error=error.name, message=error.description), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unhandled error")
        server_error = InternalServerError()
        return (
            jsonify(error=server_error.name, message="An unexpected error occurred"),
            500,
        )
