"""Behind a path prefix the app is served under it, as in the container.

When the environment's load balancer routes by path (loadBalancer.pathPrefix),
it forwards <basePath>/... unchanged and the task definition sets SCRIPT_NAME
to <basePath>: gunicorn takes it off the path before Flask routes the request,
and the load balancer's and the container's health checks ask for
<basePath>/health. These tests start gunicorn with the repository's own
configuration and request it over HTTP.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE_PATH = "/services/${{ values.name }}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn with SCRIPT_NAME set, on a free port of 127.0.0.1."""
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {
        **os.environ,
        "SCRIPT_NAME": BASE_PATH,
        "APP_VERSION": "abc1234",
        "GUNICORN_WORKERS": "1",
    }
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_health_answers_under_the_base_path(served):
    status, body = get(f"{served}{BASE_PATH}/health")

    assert status == 200
    assert json.loads(body) == {"success": True, "ver": "abc1234"}


def test_the_api_answers_under_the_base_path(served):
    status, body = get(f"{served}{BASE_PATH}/api/v1/greetings?name=Ada")

    assert status == 200
    assert json.loads(body)["message"] == "Hello, Ada!"


def test_paths_outside_the_base_path_are_not_served(served):
    status, _ = get(f"{served}/health")

    assert status != 200


def test_the_app_knows_its_base_path_for_links(app):
    with app.test_request_context("/health", base_url=f"http://localhost{BASE_PATH}"):
        from flask import url_for

        assert url_for("health.get_health") == f"{BASE_PATH}/health"
