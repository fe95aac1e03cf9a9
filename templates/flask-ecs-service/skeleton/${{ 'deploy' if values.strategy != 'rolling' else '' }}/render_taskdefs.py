#!/usr/bin/env python3
"""Renders one task definition per environment from the repository's taskdef.json.

The build runs it (see buildspec.yml) and hands each deploy stage its own file:
Deploy-<environment> registers taskdef-<environment>.json with CodeDeploy, so
every environment runs its own task definition family and logs to its own log
group. taskdef.json holds what all environments share; these placeholders are
filled in from deploy/environments.json:

  <FAMILY>      the environment's task definition family
  <LOG_GROUP>   the environment's CloudWatch log group
  <REGION>      the environment's AWS region
  <EXECUTION_ROLE_ARN>
                the task execution role in the environment's own account (an
                environment in another account than the pipeline's runs with
                that account's role)
  <BASE_PATH>   the path prefix the load balancer routes to the service
                ("" when it routes by host name); gunicorn serves the app under
                it (SCRIPT_NAME) and the health check asks <BASE_PATH>/health.
                Without a prefix, the SCRIPT_NAME variable is left out.

<IMAGE1_NAME> stays: CodeDeploy puts the commit's image there.

  python3 deploy/render_taskdefs.py [--taskdef taskdef.json]
      [--environments deploy/environments.json] [--out-dir .]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
IMAGE_PLACEHOLDER = "<IMAGE1_NAME>"
PLACEHOLDER = re.compile(r"<[A-Z0-9_]+>")
ENVIRONMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")
BASE_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)*$")
ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
FIELDS = {
    "<FAMILY>": "family",
    "<LOG_GROUP>": "logGroup",
    "<REGION>": "region",
    "<BASE_PATH>": "basePath",
    "<EXECUTION_ROLE_ARN>": "executionRoleArn",
}


class RenderError(ValueError):
    """taskdef.json or deploy/environments.json cannot give a valid task definition."""


def placeholders_for(environment: dict[str, Any]) -> dict[str, str]:
    name = environment.get("name")
    if not isinstance(name, str) or not ENVIRONMENT_NAME.match(name):
        raise RenderError(f"environment name {name!r} is not a valid environment name")
    values = {}
    for placeholder, key in FIELDS.items():
        value = environment.get(key)
        if not isinstance(value, str) or (key != "basePath" and not value):
            raise RenderError(f"environment {name!r} has no {key}")
        values[placeholder] = value
    if not BASE_PATH.match(values["<BASE_PATH>"]):
        raise RenderError(
            f"environment {name!r}: basePath {values['<BASE_PATH>']!r} must be empty "
            "or a path such as /services/orders (no trailing slash)"
        )
    if not ROLE_ARN.match(values["<EXECUTION_ROLE_ARN>"]):
        raise RenderError(
            f"environment {name!r}: executionRoleArn {values['<EXECUTION_ROLE_ARN>']!r} "
            "must be an IAM role ARN"
        )
    return values


def fill(value: Any, values: dict[str, str]) -> Any:
    """Replaces the placeholders in every string of a JSON document."""
    if isinstance(value, str):
        for placeholder, replacement in values.items():
            value = value.replace(placeholder, replacement)
        return value
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, values) for key, item in value.items()}
    return value


def render(taskdef: dict[str, Any], environment: dict[str, Any]) -> dict[str, Any]:
    """The task definition of one environment."""
    values = placeholders_for(environment)
    document = fill(taskdef, values)
    for container in document.get("containerDefinitions", []):
        container["environment"] = [
            variable
            for variable in container.get("environment", [])
            if variable != {"name": "SCRIPT_NAME", "value": ""}
        ]
    left = sorted(set(PLACEHOLDER.findall(json.dumps(document))) - {IMAGE_PLACEHOLDER})
    if left:
        raise RenderError(f"taskdef.json has unknown placeholders: {', '.join(left)}")
    if IMAGE_PLACEHOLDER not in json.dumps(document):
        raise RenderError(f"taskdef.json must keep {IMAGE_PLACEHOLDER} as the container image")
    return document


def render_all(taskdef_path: Path, environments_path: Path, out_dir: Path) -> list[Path]:
    """Writes taskdef-<environment>.json for every environment; returns the files."""
    taskdef = json.loads(taskdef_path.read_text(encoding="utf-8"))
    environments = json.loads(environments_path.read_text(encoding="utf-8")).get("environments")
    if not environments:
        raise RenderError(f"{environments_path} lists no environments")
    written = []
    for environment in environments:
        document = render(taskdef, environment)
        path = out_dir / f"taskdef-{environment['name']}.json"
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--taskdef", type=Path, default=ROOT / "taskdef.json")
    parser.add_argument(
        "--environments", type=Path, default=ROOT / "deploy" / "environments.json"
    )
    parser.add_argument("--out-dir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    try:
        for path in render_all(args.taskdef, args.environments, args.out_dir):
            print(f"wrote {path}")
    except (RenderError, OSError, json.JSONDecodeError) as error:
        print(f"render_taskdefs: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
