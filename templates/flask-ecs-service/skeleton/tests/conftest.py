import pytest

from app import create_app


@pytest.fixture
def app():
    return create_app({"version": "abc1234", "log_level": "DEBUG"})


@pytest.fixture
def client(app):
    return app.test_client()
