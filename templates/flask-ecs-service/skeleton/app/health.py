"""Health check for the load balancer, ECS and humans: is it up, which build is it."""

from flask import Blueprint, current_app, jsonify

health = Blueprint("health", __name__)


@health.get("/health")
def get_health():
    settings = current_app.config["SETTINGS"]
    return jsonify(success=True, ver=settings.version)
