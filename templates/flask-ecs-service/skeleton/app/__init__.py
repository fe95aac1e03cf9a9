"""The ${{ values.name }} service: a Flask app on Amazon ECS (see README.md)."""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

from .api import api
from .config import Settings
from .errors import register_error_handlers
from .health import health
from .logging_config import configure_logging, register_request_logging


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application.

    Settings come from the environment (see ``Settings``); ``overrides`` replace
    individual values, which is how the tests configure the app.
    """
    settings = Settings.from_env(overrides)
    configure_logging(settings.log_level)

    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.json.sort_keys = False

    register_request_logging(app)
    register_error_handlers(app)
    app.register_blueprint(health)
    app.register_blueprint(api, url_prefix="/api/v1")
    return app
