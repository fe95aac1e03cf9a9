#!/usr/bin/env python3
"""Validates AWS requests against botocore's service models (no network).

Reads from stdin a JSON list of {"call": "ECS.CreateService", "input": {...}}:
the inputs the actions gave the AWS SDK for JavaScript v3 clients, as
recorded by the integration tests. Timestamps arrive as {"$timestamp": iso},
blobs as {"$blob": base64} (see serviceModel.ts).

Each input is checked with botocore's own ParamValidator against the
operation's input shape (unknown keys, wrong types, missing required members,
lengths below the minimum), plus the string enums of the model, which
ParamValidator does not check but AWS rejects. Prints one JSON document:
{"valid": n, "operations": [...], "invalid": [{"index", "call", "errors"}]}.

The JavaScript client and command names map to botocore's service and
operation names: command name minus "Command" is the operation name; the
client name minus "Client" maps through CLIENTS.
"""

import base64
import json
import sys
from datetime import datetime

import botocore.session
from botocore.exceptions import UnknownServiceError
from botocore.validate import ParamValidator

# JavaScript client (without "Client") → botocore service name.
CLIENTS = {
    "ECR": "ecr",
    "IAM": "iam",
    "CloudWatchLogs": "logs",
    "CodeBuild": "codebuild",
    "ECS": "ecs",
    "ElasticLoadBalancingV2": "elbv2",
    "CodeDeploy": "codedeploy",
    "CodePipeline": "codepipeline",
    "ResourceGroupsTaggingAPI": "resourcegroupstaggingapi",
    "SNS": "sns",
    "EventBridge": "events",
    "CloudWatch": "cloudwatch",
    "STS": "sts",
    "S3": "s3",
    "EC2": "ec2",
    "KMS": "kms",
}


def revive(value):
    """JSON from serviceModel.ts → the Python types botocore expects."""
    if isinstance(value, dict):
        if set(value) == {"$timestamp"}:
            return datetime.fromisoformat(value["$timestamp"].replace("Z", "+00:00"))
        if set(value) == {"$blob"}:
            return base64.b64decode(value["$blob"])
        return {k: revive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [revive(v) for v in value]
    return value


def enum_errors(value, shape, path):
    """String values outside the model's enum (ParamValidator skips enums)."""
    if shape is None or value is None:
        return []
    if shape.type_name == "structure" and isinstance(value, dict):
        return [
            error
            for key, member in value.items()
            if key in shape.members
            for error in enum_errors(member, shape.members[key], f"{path}.{key}")
        ]
    if shape.type_name == "list" and isinstance(value, list):
        return [
            error
            for i, member in enumerate(value)
            for error in enum_errors(member, shape.member, f"{path}[{i}]")
        ]
    if shape.type_name == "map" and isinstance(value, dict):
        return [
            error
            for key, member in value.items()
            for error in enum_errors(member, shape.value, f"{path}.{key}")
        ]
    if shape.type_name == "string" and shape.enum and isinstance(value, str):
        if value not in shape.enum:
            return [
                f"Invalid value for parameter {path}: {value!r}, valid values: "
                + ", ".join(shape.enum)
            ]
    return []


def validate(requests):
    session = botocore.session.get_session()
    models = {}
    validator = ParamValidator()
    valid = 0
    operations = set()
    invalid = []
    for index, request in enumerate(requests):
        call = request.get("call", "")
        client, _, operation = call.partition(".")
        service = CLIENTS.get(client)
        errors = []
        if service is None:
            errors = [f"no botocore service is mapped for the client {client!r}"]
        else:
            try:
                model = models.get(service) or session.get_service_model(service)
                models[service] = model
                if operation not in model.operation_names:
                    errors = [f"{service} has no operation {operation!r}"]
                else:
                    shape = model.operation_model(operation).input_shape
                    params = revive(request.get("input") or {})
                    if shape is None:
                        if params:
                            errors = [f"{operation} takes no parameters"]
                    else:
                        report = validator.validate(params, shape)
                        if report.has_errors():
                            errors = report.generate_report().splitlines()
                        errors += enum_errors(params, shape, "input")
            except UnknownServiceError as error:
                errors = [str(error)]
        if errors:
            invalid.append({"index": index, "call": call, "errors": errors})
        else:
            valid += 1
            operations.add(call)
    return {"valid": valid, "operations": sorted(operations), "invalid": invalid}


if __name__ == "__main__":
    json.dump(validate(json.load(sys.stdin)), sys.stdout)
