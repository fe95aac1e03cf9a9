import pytest

from app.config import Settings


def test_unknown_overrides_are_refused():
    with pytest.raises(ValueError, match="Unknown settings: colour"):
        Settings.from_env({"colour": "blue"})


def test_log_level_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "warning")

    assert Settings.from_env().log_level == "WARNING"
