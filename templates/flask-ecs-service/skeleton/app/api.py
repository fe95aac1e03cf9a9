"""The service's API. Replace the example route with your own."""

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import BadRequest

api = Blueprint("api", __name__)

MAX_NAME_LENGTH = 64


@api.get("/greetings")
def get_greeting():
    """GET /api/v1/greetings?name=Ada -> {"message": "Hello, Ada!", ...}"""
    name = request.args.get("name", "world").strip()
    if not name:
        raise BadRequest("name must not be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise BadRequest(f"name must be at most {MAX_NAME_LENGTH} characters")
    current_app.logger.info("greeting", extra={"greeted": name})
    return jsonify(
        message=f"Hello, {name}!",
        service=current_app.config["SETTINGS"].service_name,
    )
