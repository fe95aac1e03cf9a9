import json


def test_requests_are_logged_as_one_json_object_per_line(client, capsys):
    client.get("/api/v1/greetings", headers={"X-Request-Id": "req-42"})

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    access = [line for line in lines if line.get("logger") == "access"]
    assert access, lines
    entry = access[-1]
    assert entry["level"] == "INFO"
    assert entry["path"] == "/api/v1/greetings"
    assert entry["status"] == 200
    assert entry["request_id"] == "req-42"
    assert entry["version"] == "abc1234"
    assert isinstance(entry["duration_ms"], float)


def test_the_request_id_is_returned_to_the_caller(client):
    response = client.get("/health")

    assert response.headers["X-Request-Id"]


def test_health_checks_are_not_logged(client, capsys):
    client.get("/health")

    assert "/health" not in capsys.readouterr().out
