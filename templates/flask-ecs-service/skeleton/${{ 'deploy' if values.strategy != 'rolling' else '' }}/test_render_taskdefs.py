"""The build renders one task definition per environment (deploy/render_taskdefs.py)."""

import json
from pathlib import Path

import pytest

import render_taskdefs
from render_taskdefs import RenderError, render, render_all

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ${{ values.environments | dump }}
PORT = ${{ values.port }}


def container(document):
    return document["containerDefinitions"][0]


def environment_variables(document):
    return {e["name"]: e["value"] for e in container(document)["environment"]}


@pytest.fixture
def taskdef():
    return json.loads((ROOT / "taskdef.json").read_text(encoding="utf-8"))


ROLE_ARN = "arn:aws:iam::123456789012:role/slipway/svc-ecs-task-execution"


def an_environment(**change):
    return {
        "name": "dev",
        "family": "f",
        "logGroup": "l",
        "region": "r",
        "basePath": "",
        "executionRoleArn": ROLE_ARN,
        **change,
    }


def test_each_environment_of_the_repository_gets_its_own_task_definition(tmp_path):
    written = render_all(ROOT / "taskdef.json", ROOT / "deploy" / "environments.json", tmp_path)
    listed = json.loads((ROOT / "deploy" / "environments.json").read_text(encoding="utf-8"))["environments"]

    assert [p.name for p in written] == [f"taskdef-{env}.json" for env in ENVIRONMENTS]
    families = set()
    for env, listing, path in zip(ENVIRONMENTS, listed, written):
        document = json.loads(path.read_text(encoding="utf-8"))
        families.add(document["family"])
        assert document["family"] == "${{ values.name }}-" + env
        # The execution role and log region of the environment's own account and region.
        assert document["executionRoleArn"] == listing["executionRoleArn"]
        options = container(document)["logConfiguration"]["options"]
        assert options["awslogs-group"] == "/slipway/${{ values.name }}/" + env + "/ecs"
        assert options["awslogs-region"] == listing["region"]
        assert container(document)["image"] == "<IMAGE1_NAME>"
    assert len(families) == len(ENVIRONMENTS)


def test_an_environment_in_another_account_runs_with_that_accounts_execution_role(taskdef):
    prod_role = "arn:aws:iam::210987654321:role/slipway/svc-ecs-task-execution"

    dev = render(taskdef, an_environment())
    prod = render(taskdef, an_environment(name="prod", region="eu-west-1", executionRoleArn=prod_role))

    assert dev["executionRoleArn"] == ROLE_ARN
    assert prod["executionRoleArn"] == prod_role
    assert container(prod)["logConfiguration"]["options"]["awslogs-region"] == "eu-west-1"


def test_behind_a_path_prefix_gunicorn_and_the_health_check_use_the_base_path(taskdef):
    document = render(
        taskdef,
        an_environment(
            family="svc-dev",
            logGroup="/slipway/svc/dev/ecs",
            region="eu-west-1",
            basePath="/services/svc",
        ),
    )

    assert document["family"] == "svc-dev"
    assert environment_variables(document)["SCRIPT_NAME"] == "/services/svc"
    assert container(document)["logConfiguration"]["options"] == {
        "awslogs-group": "/slipway/svc/dev/ecs",
        "awslogs-region": "eu-west-1",
        "awslogs-stream-prefix": "ecs",
    }
    assert f"http://localhost:{PORT}/services/svc/health" in container(document)["healthCheck"]["command"][1]


def test_behind_a_host_name_the_app_is_served_at_the_root(taskdef):
    document = render(
        taskdef,
        an_environment(name="prod", family="svc-prod", logGroup="/l", region="us-east-1"),
    )

    assert "SCRIPT_NAME" not in environment_variables(document)
    assert f"http://localhost:{PORT}/health" in container(document)["healthCheck"]["command"][1]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"family": ""}, "has no family"),
        ({"region": None}, "has no region"),
        ({"basePath": "/services/"}, "no trailing slash"),
        ({"basePath": "services"}, "must be empty or a path"),
        ({"name": "../prod"}, "not a valid environment name"),
        ({"executionRoleArn": ""}, "has no executionRoleArn"),
        ({"executionRoleArn": "svc-ecs-task-execution"}, "must be an IAM role ARN"),
    ],
)
def test_incomplete_or_unsafe_environments_are_refused(taskdef, change, message):
    with pytest.raises(RenderError, match=message):
        render(taskdef, an_environment(**change))


def test_unknown_placeholders_are_refused(taskdef):
    taskdef["taskRoleArn"] = "<TASK_ROLE>"

    with pytest.raises(RenderError, match="unknown placeholders: <TASK_ROLE>"):
        render(taskdef, an_environment())


def test_the_command_line_fails_with_a_message(tmp_path, capsys):
    (tmp_path / "environments.json").write_text('{"environments": []}', encoding="utf-8")

    code = render_taskdefs.main(["--environments", str(tmp_path / "environments.json"), "--out-dir", str(tmp_path)])

    assert code == 1
    assert "lists no environments" in capsys.readouterr().err
