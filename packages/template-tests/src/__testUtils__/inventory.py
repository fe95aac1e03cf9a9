#!/usr/bin/env python3
"""Everything a Slipway run can create, listed in moto_server with boto3.

Independent of the actions' own code (and of the Resource Groups Tagging API,
which moto does not index for every type): one list call per resource type.
The platform team's resources (VPC, subnets, security group, clusters, load
balancers, their listeners and default rules, the artifact bucket) are not
listed. Talks only to the moto_server named by AWS_ENDPOINT_URL on 127.0.0.1.

  inventory.py [NAME]
      Prints {"<kind>": [<resource>, ...]} for every kind; with NAME, only
      resources whose name or ARN contains it.
  inventory.py task-definition SERVICE_ARN
      Prints the task definition the ECS service runs (as RegisterTaskDefinition
      takes it), to compare with a repository's taskdef-<env>.json.
  inventory.py pipeline NAME
      Prints the pipeline definition (stages and actions with their providers).
  inventory.py register-task-definition FILE IMAGE
      Registers FILE (a taskdef.json) with <IMAGE1_NAME> replaced by IMAGE and
      prints what ECS answered.
"""

import json
import os
import sys
from urllib.parse import urlparse

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")


def client(name):
    return boto3.client(name, region_name=REGION)


def pages(name, operation, key, **kwargs):
    paginator = client(name).get_paginator(operation)
    for page in paginator.paginate(**kwargs):
        yield from page[key]


def condition_values(condition):
    """A rule condition's values, given flat (Values) or in its field's own config."""
    configs = {"host-header": "HostHeaderConfig", "path-pattern": "PathPatternConfig"}
    config = condition.get(configs.get(condition["Field"], ""), {})
    return sorted(set(condition.get("Values") or []) | set(config.get("Values") or []))


def listener_rules():
    elbv2 = client("elbv2")
    rules = []
    for lb in elbv2.describe_load_balancers()["LoadBalancers"]:
        for listener in elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]:
            for rule in elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]:
                if rule.get("IsDefault"):
                    continue
                conditions = [f"{c['Field']}={','.join(condition_values(c))}" for c in rule.get("Conditions", [])]
                targets = [
                    tg["TargetGroupArn"].split("/")[1]
                    for action in rule.get("Actions", [])
                    for tg in (action.get("ForwardConfig") or {}).get("TargetGroups", [])
                ] or [
                    action["TargetGroupArn"].split("/")[1]
                    for action in rule.get("Actions", [])
                    if action.get("TargetGroupArn")
                ]
                rules.append(
                    f"{lb['LoadBalancerName']}:{listener['Port']} priority {rule['Priority']} "
                    f"{' '.join(conditions)} -> {','.join(targets)}"
                )
    return rules


def ecs_services():
    ecs = client("ecs")
    services = []
    for cluster in ecs.list_clusters()["clusterArns"]:
        for arn in ecs.list_services(cluster=cluster)["serviceArns"]:
            described = ecs.describe_services(cluster=cluster, services=[arn])["services"]
            if described and described[0].get("status") != "INACTIVE":
                services.append(arn.split(":")[-1])
    return services


def deployment_groups():
    codedeploy = client("codedeploy")
    groups = []
    for app in codedeploy.list_applications()["applications"]:
        for group in codedeploy.list_deployment_groups(applicationName=app)["deploymentGroups"]:
            groups.append(f"{app}/{group}")
    return groups


def event_targets():
    events = client("events")
    targets = []
    for rule in events.list_rules()["Rules"]:
        for target in events.list_targets_by_rule(Rule=rule["Name"])["Targets"]:
            targets.append(f"{rule['Name']} -> {target['Arn']}")
    return targets


def inventory():
    return {
        "ecrRepositories": [r["repositoryName"] for r in pages("ecr", "describe_repositories", "repositories")],
        "codeBuildProjects": client("codebuild").list_projects()["projects"],
        "pipelines": [p["name"] for p in client("codepipeline").list_pipelines()["pipelines"]],
        "ecsServices": ecs_services(),
        "taskDefinitions": [
            arn.split("/")[-1] for arn in client("ecs").list_task_definitions(status="ACTIVE")["taskDefinitionArns"]
        ],
        "codeDeployApplications": client("codedeploy").list_applications()["applications"],
        "deploymentGroups": deployment_groups(),
        "targetGroups": [tg["TargetGroupName"] for tg in client("elbv2").describe_target_groups()["TargetGroups"]],
        "listenerRules": listener_rules(),
        "alarms": [a["AlarmName"] for a in client("cloudwatch").describe_alarms()["MetricAlarms"]],
        "eventRules": [r["Name"] for r in client("events").list_rules()["Rules"]],
        "eventTargets": event_targets(),
        "snsTopics": [t["TopicArn"].split(":")[-1] for t in client("sns").list_topics()["Topics"]],
        "snsSubscriptions": [
            f"{s['TopicArn'].split(':')[-1]} {s['Protocol']} {s['Endpoint']}"
            for s in client("sns").list_subscriptions()["Subscriptions"]
        ],
        "logGroups": [g["logGroupName"] for g in pages("logs", "describe_log_groups", "logGroups")],
        "iamRoles": [f"{r['Path']}{r['RoleName']}" for r in pages("iam", "list_roles", "Roles")],
        "iamPolicies": [
            f"{p['Path']}{p['PolicyName']}" for p in pages("iam", "list_policies", "Policies", Scope="Local")
        ],
    }


def service_task_definition(service_arn):
    ecs = client("ecs")
    cluster = service_arn.split("/")[-2]
    service = ecs.describe_services(cluster=cluster, services=[service_arn])["services"][0]
    document = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    keys = ("family", "cpu", "memory", "executionRoleArn", "networkMode", "requiresCompatibilities",
            "containerDefinitions")
    return {key: document.get(key) for key in keys}


def pipeline(name):
    definition = client("codepipeline").get_pipeline(name=name)["pipeline"]
    return {
        "name": definition["name"],
        "pipelineType": definition.get("pipelineType"),
        "stages": [
            {
                "name": stage["name"],
                "actions": [
                    {
                        "name": action["name"],
                        "provider": action["actionTypeId"]["provider"],
                        "configuration": action.get("configuration", {}),
                    }
                    for action in stage["actions"]
                ],
            }
            for stage in definition["stages"]
        ],
    }


def register_task_definition(path, image):
    with open(path, encoding="utf-8") as file:
        document = json.loads(file.read().replace("<IMAGE1_NAME>", image))
    answer = client("ecs").register_task_definition(**document)["taskDefinition"]
    keys = (
        "taskDefinitionArn", "family", "revision", "requiresCompatibilities",
        "networkMode", "cpu", "memory", "containerDefinitions",
    )
    return {key: answer.get(key) for key in keys}


def main(argv):
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if urlparse(endpoint).hostname != "127.0.0.1":
        sys.exit(f"AWS_ENDPOINT_URL must point at moto on 127.0.0.1, got {endpoint!r}")
    if argv[:1] == ["pipeline"] and len(argv) == 2:
        json.dump(pipeline(argv[1]), sys.stdout, default=str)
        return
    if argv[:1] == ["register-task-definition"] and len(argv) == 3:
        json.dump(register_task_definition(argv[1], argv[2]), sys.stdout, default=str)
        return
    if argv[:1] == ["task-definition"] and len(argv) == 2:
        json.dump(service_task_definition(argv[1]), sys.stdout, indent=1, default=str)
        return
    found = {kind: sorted(items) for kind, items in inventory().items()}
    if argv:
        found = {kind: [r for r in items if argv[0] in r] for kind, items in found.items()}
    json.dump(found, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
