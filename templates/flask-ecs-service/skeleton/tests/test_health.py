def test_health_reports_success_and_the_build_version(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.get_json() == {"success": True, "ver": "abc1234"}


def test_version_comes_from_the_environment_the_build_sets(monkeypatch):
    from app import create_app

    monkeypatch.setenv("APP_VERSION", "9f8e7d6")
    response = create_app().test_client().get("/health")

    assert response.get_json()["ver"] == "9f8e7d6"


def test_version_is_dev_outside_a_build(monkeypatch):
    from app import create_app

    monkeypatch.delenv("APP_VERSION", raising=False)
    assert create_app().test_client().get("/health").get_json()["ver"] == "dev"
