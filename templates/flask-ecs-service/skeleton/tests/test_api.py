def test_greets_by_name(client):
    response = client.get("/api/v1/greetings", query_string={"name": "Ada"})

    assert response.status_code == 200
    assert response.get_json() == {
        "message": "Hello, Ada!",
        "service": "${{ values.name }}",
    }


def test_greets_the_world_by_default(client):
    assert client.get("/api/v1/greetings").get_json()["message"] == "Hello, world!"


def test_rejects_an_empty_name_with_a_json_error(client):
    response = client.get("/api/v1/greetings", query_string={"name": "  "})

    assert response.status_code == 400
    assert response.get_json() == {
        "error": "Bad Request",
        "message": "name must not be empty",
    }


def test_rejects_a_name_that_is_too_long(client):
    response = client.get("/api/v1/greetings", query_string={"name": "x" * 65})

    assert response.status_code == 400


def test_unknown_paths_answer_json_404(client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert response.get_json()["error"] == "Not Found"


def test_unexpected_errors_answer_json_500_without_details(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")

    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert response.get_json()["error"] == "Internal Server Error"
