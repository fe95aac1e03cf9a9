#!/usr/bin/env python3
"""Independent reads for the integration tests, with boto3.

Talks to the local world named by AWS_ENDPOINT_URL (packages/local-world:
moto_server behind its corrections), never to AWS: the script refuses to run
unless AWS_ENDPOINT_URL points at 127.0.0.1. The platform team's setup is the
local world's (createPlatform), not repeated here.

  verify.py snapshot            print every resource the Slipway actions manage
  verify.py route LISTENER_ARN HOST PATH
                                the target group ARN the listener's rules route a request to
                                (ALB rule evaluation over the rules moto holds)
  verify.py play PIPELINE STAGE IMAGE
                                play one pipeline stage's actions in runOrder against moto
                                (see play_stage) and print what each did
  verify.py push-image REPOSITORY TAG
                                put an image in ECR (what the Build stage pushes)
  verify.py services            every ECS service's desired count and task definition image

Output is one JSON document on stdout.
"""

import fnmatch
import json
import os
import shlex
import subprocess
import sys
import tempfile
from urllib.parse import unquote, urlparse

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")


def client(name):
    return boto3.client(name, region_name=REGION)


def check_endpoint():
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if urlparse(endpoint).hostname != "127.0.0.1":
        sys.exit(f"AWS_ENDPOINT_URL must point at moto on 127.0.0.1, got {endpoint!r}")


def key_value(tags, key="Key", value="Value"):
    return {t[key]: t[value] for t in tags or []}


def ecr_repositories():
    ecr = client("ecr")
    result = []
    for repo in ecr.describe_repositories()["repositories"]:
        name = repo["repositoryName"]
        try:
            policy = json.loads(
                ecr.get_lifecycle_policy(repositoryName=name)["lifecyclePolicyText"]
            )
        except ecr.exceptions.LifecyclePolicyNotFoundException:
            policy = None
        result.append(
            {
                "name": name,
                "arn": repo["repositoryArn"],
                "uri": repo["repositoryUri"],
                "imageTagMutability": repo["imageTagMutability"],
                "scanOnPush": repo["imageScanningConfiguration"]["scanOnPush"],
                "lifecyclePolicy": policy,
                "tags": key_value(
                    ecr.list_tags_for_resource(resourceArn=repo["repositoryArn"])["tags"]
                ),
            }
        )
    return result


def decode(document):
    return json.loads(unquote(document)) if isinstance(document, str) else document


def iam_roles():
    iam = client("iam")
    result = []
    for role in iam.list_roles(PathPrefix="/slipway/")["Roles"]:
        name = role["RoleName"]
        policies = {
            policy: decode(
                iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
            )
            for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]
        }
        result.append(
            {
                "name": name,
                "arn": role["Arn"],
                "path": role["Path"],
                "trustPolicy": decode(role["AssumeRolePolicyDocument"]),
                "inlinePolicies": policies,
                "attachedPolicies": [
                    p["PolicyArn"]
                    for p in iam.list_attached_role_policies(RoleName=name)[
                        "AttachedPolicies"
                    ]
                ],
                "tags": key_value(iam.list_role_tags(RoleName=name)["Tags"]),
            }
        )
    return result


def log_groups():
    logs = client("logs")
    result = []
    for group in logs.describe_log_groups(logGroupNamePrefix="/slipway/")["logGroups"]:
        arn = group["arn"].removesuffix(":*")
        result.append(
            {
                "name": group["logGroupName"],
                "retentionInDays": group.get("retentionInDays"),
                "tags": logs.list_tags_for_resource(resourceArn=arn).get("tags", {}),
            }
        )
    return result


def codebuild_projects():
    codebuild = client("codebuild")
    names = codebuild.list_projects()["projects"]
    projects = codebuild.batch_get_projects(names=names)["projects"] if names else []
    return [
        {
            "name": p["name"],
            "arn": p["arn"],
            "sourceType": p["source"]["type"],
            "buildspec": p["source"].get("buildspec"),
            "artifactsType": p["artifacts"]["type"],
            "image": p["environment"]["image"],
            "computeType": p["environment"]["computeType"],
            "privilegedMode": p["environment"].get("privilegedMode", False),
            "environmentVariables": {
                v["name"]: v["value"]
                for v in p["environment"].get("environmentVariables", [])
            },
            "serviceRole": p["serviceRole"],
            "logGroupName": p.get("logsConfig", {})
            .get("cloudWatchLogs", {})
            .get("groupName"),
            "tags": key_value(p.get("tags"), "key", "value"),
        }
        for p in projects
    ]


def ecs_state():
    ecs = client("ecs")
    services = []
    for cluster in ecs.list_clusters()["clusterArns"]:
        arns = ecs.list_services(cluster=cluster)["serviceArns"]
        if not arns:
            continue
        described = ecs.describe_services(cluster=cluster, services=arns, include=["TAGS"])
        for s in described["services"]:
            if s["status"] == "INACTIVE":
                continue
            services.append(
                {
                    "cluster": cluster.split("/")[-1],
                    "name": s["serviceName"],
                    "arn": s["serviceArn"],
                    "status": s["status"],
                    "launchType": s.get("launchType"),
                    "desiredCount": s["desiredCount"],
                    "taskDefinition": s["taskDefinition"],
                    "deploymentController": s.get("deploymentController", {}).get("type"),
                    "deploymentConfiguration": s.get("deploymentConfiguration"),
                    "networkConfiguration": s.get("networkConfiguration"),
                    "loadBalancers": s.get("loadBalancers", []),
                    "tags": key_value(s.get("tags"), "key", "value"),
                }
            )
    task_definitions = []
    for status in ("ACTIVE", "INACTIVE"):
        for arn in ecs.list_task_definitions(status=status)["taskDefinitionArns"]:
            described = ecs.describe_task_definition(taskDefinition=arn, include=["TAGS"])
            td = described["taskDefinition"]
            task_definitions.append(
                {
                    "arn": arn,
                    "family": td["family"],
                    "revision": td["revision"],
                    "status": td["status"],
                    "networkMode": td.get("networkMode"),
                    "requiresCompatibilities": td.get("requiresCompatibilities"),
                    "cpu": td.get("cpu"),
                    "memory": td.get("memory"),
                    "executionRoleArn": td.get("executionRoleArn"),
                    "containers": [
                        {
                            "name": c["name"],
                            "image": c["image"],
                            "portMappings": c.get("portMappings", []),
                            "logDriver": c.get("logConfiguration", {}).get("logDriver"),
                            "logGroup": c.get("logConfiguration", {})
                            .get("options", {})
                            .get("awslogs-group"),
                            "healthCheck": c.get("healthCheck"),
                            "environment": {
                                e["name"]: e["value"] for e in c.get("environment", [])
                            },
                        }
                        for c in td["containerDefinitions"]
                    ],
                    "tags": key_value(described.get("tags"), "key", "value"),
                }
            )
    return services, task_definitions


def load_balancing():
    elbv2 = client("elbv2")
    groups = []
    for tg in elbv2.describe_target_groups()["TargetGroups"]:
        tags = elbv2.describe_tags(ResourceArns=[tg["TargetGroupArn"]])["TagDescriptions"]
        groups.append(
            {
                "name": tg["TargetGroupName"],
                "arn": tg["TargetGroupArn"],
                "protocol": tg.get("Protocol"),
                "port": tg.get("Port"),
                "targetType": tg.get("TargetType"),
                "vpcId": tg.get("VpcId"),
                "healthCheckPath": tg.get("HealthCheckPath"),
                "tags": key_value(tags[0]["Tags"] if tags else []),
            }
        )
    rules = []
    for lb in elbv2.describe_load_balancers()["LoadBalancers"]:
        for listener in elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])[
            "Listeners"
        ]:
            for rule in elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]:
                if rule.get("IsDefault"):
                    continue
                tags = elbv2.describe_tags(ResourceArns=[rule["RuleArn"]])["TagDescriptions"]
                rules.append(
                    {
                        "arn": rule["RuleArn"],
                        "listenerArn": listener["ListenerArn"],
                        "priority": rule["Priority"],
                        "conditions": rule["Conditions"],
                        "actions": rule["Actions"],
                        "forwardTo": [
                            a["TargetGroupArn"]
                            for a in rule["Actions"]
                            if a["Type"] == "forward" and "TargetGroupArn" in a
                        ],
                        "tags": key_value(tags[0]["Tags"] if tags else []),
                    }
                )
    return groups, rules


def codedeploy_state():
    codedeploy = client("codedeploy")
    # ARNs in the account of the credentials (moto keeps each account apart).
    account = client("sts").get_caller_identity()["Account"]
    applications = []
    groups = []
    for name in codedeploy.list_applications()["applications"]:
        app = codedeploy.get_application(applicationName=name)["application"]
        arn = f"arn:aws:codedeploy:{REGION}:{account}:application:{name}"
        applications.append(
            {
                "name": name,
                "computePlatform": app.get("computePlatform"),
                "tags": key_value(
                    codedeploy.list_tags_for_resource(ResourceArn=arn).get("Tags")
                ),
            }
        )
        for group in codedeploy.list_deployment_groups(applicationName=name)[
            "deploymentGroups"
        ]:
            info = codedeploy.get_deployment_group(
                applicationName=name, deploymentGroupName=group
            )["deploymentGroupInfo"]
            group_arn = (
                f"arn:aws:codedeploy:{REGION}:{account}:deploymentgroup:{name}/{group}"
            )
            groups.append(
                {
                    "application": name,
                    "name": group,
                    "deploymentConfigName": info.get("deploymentConfigName"),
                    "serviceRoleArn": info.get("serviceRoleArn"),
                    "deploymentStyle": info.get("deploymentStyle"),
                    "blueGreenDeploymentConfiguration": info.get(
                        "blueGreenDeploymentConfiguration"
                    ),
                    "loadBalancerInfo": info.get("loadBalancerInfo"),
                    "ecsServices": info.get("ecsServices"),
                    "autoRollbackConfiguration": info.get("autoRollbackConfiguration"),
                    "alarmConfiguration": info.get("alarmConfiguration"),
                    "tags": key_value(
                        codedeploy.list_tags_for_resource(ResourceArn=group_arn).get(
                            "Tags"
                        )
                    ),
                }
            )
    return applications, groups


def pipelines():
    codepipeline = client("codepipeline")
    result = []
    for summary in codepipeline.list_pipelines()["pipelines"]:
        described = codepipeline.get_pipeline(name=summary["name"])
        p = described["pipeline"]
        arn = described["metadata"]["pipelineArn"]
        result.append(
            {
                "name": p["name"],
                "arn": arn,
                "pipelineType": p.get("pipelineType"),
                "executionMode": p.get("executionMode"),
                "roleArn": p["roleArn"],
                "artifactStore": p.get("artifactStore"),
                "triggers": p.get("triggers"),
                "stages": [
                    {
                        "name": s["name"],
                        "actions": [
                            {
                                "name": a["name"],
                                "category": a["actionTypeId"]["category"],
                                "provider": a["actionTypeId"]["provider"],
                                "configuration": a.get("configuration", {}),
                            }
                            for a in s["actions"]
                        ],
                    }
                    for s in p["stages"]
                ],
                "tags": key_value(
                    codepipeline.list_tags_for_resource(resourceArn=arn)["tags"],
                    "key",
                    "value",
                ),
            }
        )
    return result


def alert_topics():
    sns = client("sns")
    result = []
    for topic in sns.list_topics()["Topics"]:
        arn = topic["TopicArn"]
        attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
        result.append(
            {
                "name": arn.split(":")[-1],
                "arn": arn,
                "policy": json.loads(attributes["Policy"]) if "Policy" in attributes else None,
                "subscriptions": sorted(
                    (s["Protocol"], s["Endpoint"])
                    for s in sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]
                ),
                "tags": key_value(sns.list_tags_for_resource(ResourceArn=arn)["Tags"]),
            }
        )
    return result


def event_rules():
    events = client("events")
    result = []
    for rule in events.list_rules()["Rules"]:
        result.append(
            {
                "name": rule["Name"],
                "arn": rule["Arn"],
                "state": rule.get("State"),
                "eventPattern": json.loads(rule["EventPattern"])
                if rule.get("EventPattern")
                else None,
                "targets": [
                    {
                        "arn": t["Arn"],
                        "inputTransformer": t.get("InputTransformer"),
                    }
                    for t in events.list_targets_by_rule(Rule=rule["Name"])["Targets"]
                ],
                "tags": key_value(events.list_tags_for_resource(ResourceARN=rule["Arn"])["Tags"]),
            }
        )
    return result


def alarms():
    cloudwatch = client("cloudwatch")
    result = []
    for alarm in cloudwatch.describe_alarms()["MetricAlarms"]:
        result.append(
            {
                "name": alarm["AlarmName"],
                "arn": alarm["AlarmArn"],
                "metricName": alarm.get("MetricName"),
                "namespace": alarm.get("Namespace"),
                "statistic": alarm.get("Statistic"),
                "threshold": alarm.get("Threshold"),
                "comparisonOperator": alarm.get("ComparisonOperator"),
                "dimensions": {d["Name"]: d["Value"] for d in alarm.get("Dimensions", [])},
                "treatMissingData": alarm.get("TreatMissingData"),
                "alarmActions": alarm.get("AlarmActions", []),
                "tags": key_value(
                    cloudwatch.list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"]
                ),
            }
        )
    return result


def snapshot():
    services, task_definitions = ecs_state()
    target_groups, rules = load_balancing()
    applications, deployment_groups = codedeploy_state()
    return {
        "ecrRepositories": ecr_repositories(),
        "iamRoles": iam_roles(),
        "logGroups": log_groups(),
        "codeBuildProjects": codebuild_projects(),
        "ecsServices": services,
        "taskDefinitions": task_definitions,
        "targetGroups": target_groups,
        "listenerRules": rules,
        "codeDeployApplications": applications,
        "deploymentGroups": deployment_groups,
        "pipelines": pipelines(),
        "alertTopics": alert_topics(),
        "eventRules": event_rules(),
        "alarms": alarms(),
    }


def condition_values(condition, field, config_key):
    """A rule condition's values, whichever of its two spellings moto returns."""
    config = condition.get(config_key) or {}
    return config.get("Values") or condition.get("Values") or []


def rule_matches(rule, host, path):
    """ALB semantics: every condition must match; within one condition, any
    value (case-insensitive wildcards * and ? for hosts, case-sensitive for paths)."""
    for condition in rule["Conditions"]:
        field = condition["Field"]
        if field == "host-header":
            values = condition_values(condition, field, "HostHeaderConfig")
            if not any(fnmatch.fnmatchcase(host.lower(), v.lower()) for v in values):
                return False
        elif field == "path-pattern":
            values = condition_values(condition, field, "PathPatternConfig")
            if not any(fnmatch.fnmatchcase(path, v) for v in values):
                return False
        else:
            raise SystemExit(f"route: condition {field} is not emulated")
    return True


def route(listener_arn, host, path):
    """Where the listener sends a request for host + path: the forward target
    of the first rule (by priority) whose conditions all match, else the
    default action. Reads the rules moto holds; the evaluation is ALB's."""
    elbv2 = client("elbv2")
    rules = elbv2.describe_rules(ListenerArn=listener_arn)["Rules"]
    ordered = sorted(
        (r for r in rules if not r.get("IsDefault")), key=lambda r: int(r["Priority"])
    ) + [r for r in rules if r.get("IsDefault")]
    for rule in ordered:
        if rule.get("IsDefault") or rule_matches(rule, host, path):
            for action in rule["Actions"]:
                if action["Type"] == "forward":
                    groups = action.get("TargetGroupArn") or [
                        g["TargetGroupArn"]
                        for g in action.get("ForwardConfig", {}).get("TargetGroups", [])
                        if g.get("Weight", 1) > 0
                    ]
                    return {
                        "rule": rule["RuleArn"],
                        "priority": rule["Priority"],
                        "targetGroups": groups if isinstance(groups, list) else [groups],
                    }
                if action["Type"] == "fixed-response":
                    return {
                        "rule": rule["RuleArn"],
                        "priority": rule["Priority"],
                        "fixedResponse": action["FixedResponseConfig"]["StatusCode"],
                    }
    return None


def push_image(repository, tag):
    """What the Build stage's `docker push` leaves in ECR: an image with the tag."""
    ecr = client("ecr")
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 7023,
                "digest": "sha256:" + format(abs(hash((repository, tag))), "064x")[-64:],
            },
            "layers": [],
        }
    )
    image = ecr.put_image(repositoryName=repository, imageManifest=manifest, imageTag=tag)
    uri = ecr.describe_repositories(repositoryNames=[repository])["repositories"][0][
        "repositoryUri"
    ]
    return {"image": f"{uri}:{tag}", "digest": image["image"]["imageId"]["imageDigest"]}


def image_exists(ecr, image):
    """Whether `<registry>/<repository>:<tag>` names an image moto's ECR holds."""
    name, _, tag = image.rpartition(":")
    if ".dkr.ecr." not in name or not tag:
        return False
    repository = name.split("/", 1)[1]
    try:
        ecr.describe_images(repositoryName=repository, imageIds=[{"imageTag": tag}])
        return True
    except (ecr.exceptions.ImageNotFoundException, ecr.exceptions.RepositoryNotFoundException):
        return False


def services():
    """Every ECS service: desired count, task definition and its images (and
    whether each image exists in ECR)."""
    ecs = client("ecs")
    ecr = client("ecr")
    result = []
    for cluster in ecs.list_clusters()["clusterArns"]:
        arns = ecs.list_services(cluster=cluster)["serviceArns"]
        if not arns:
            continue
        for s in ecs.describe_services(cluster=cluster, services=arns)["services"]:
            if s["status"] == "INACTIVE":
                continue
            td = ecs.describe_task_definition(taskDefinition=s["taskDefinition"])[
                "taskDefinition"
            ]
            result.append(
                {
                    "cluster": cluster.split("/")[-1],
                    "name": s["serviceName"],
                    "desiredCount": s["desiredCount"],
                    "taskDefinition": s["taskDefinition"],
                    "images": [c["image"] for c in td["containerDefinitions"]],
                    "imagesExist": all(
                        image_exists(ecr, c["image"]) for c in td["containerDefinitions"]
                    ),
                }
            )
    return result


def deploy_image(cluster, service, image):
    """What an ECS deploy (imagedefinitions.json) or a CodeDeploy ECS
    deployment leaves behind: a new revision of the service's task definition
    family naming the image, and the service on it. (CodeDeploy does it
    through a replacement task set; moto has no task sets for CODE_DEPLOY
    services, so the service is updated directly.)"""
    ecs = client("ecs")
    current = ecs.describe_services(cluster=cluster, services=[service])["services"][0]
    td = ecs.describe_task_definition(taskDefinition=current["taskDefinition"])[
        "taskDefinition"
    ]
    containers = [dict(c, image=image) if c["name"] == service or len(td["containerDefinitions"]) == 1 else c
                  for c in td["containerDefinitions"]]
    keep = (
        "family", "taskRoleArn", "executionRoleArn", "networkMode", "volumes",
        "placementConstraints", "requiresCompatibilities", "cpu", "memory",
        "runtimePlatform",
    )
    registered = ecs.register_task_definition(
        containerDefinitions=containers, **{k: td[k] for k in keep if k in td}
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.update_service(cluster=cluster, service=service, taskDefinition=registered)
    return registered


AWS_SHIM = """#!/bin/sh
# The real AWS CLI against moto, except `aws ecs wait services-stable`: after
# UpdateService moto lists no deployment, so the waiter (one deployment,
# running = desired) never succeeds; the wait is replaced by one
# describe-services of the same services.
if [ "$1" = "ecs" ] && [ "$2" = "wait" ] && [ "$3" = "services-stable" ]; then
  shift 3
  echo "(moto) services-stable emulated" >&2
  exec "$REAL_AWS" ecs describe-services "$@" --output json > /dev/null
fi
exec "$REAL_AWS" "$@"
"""


def run_commands(action):
    """A CodePipeline Commands action: its commands run in one bash shell
    (as the action's container does) with the real AWS CLI pointed at moto."""
    commands = action.get("commands") or []
    real_aws = subprocess.run(
        ["sh", "-c", "command -v aws"], capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as bin_dir:
        shim = os.path.join(bin_dir, "aws")
        with open(shim, "w") as f:
            f.write(AWS_SHIM)
        os.chmod(shim, 0o755)
        env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", REAL_AWS=real_aws)
        for variable in action.get("environmentVariables") or []:
            env[variable["name"]] = variable["value"]
        try:
            done = subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", "\n".join(commands)],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            code, out, err = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as timeout:
            code = "timeout after 60 s"
            out = (timeout.stdout or b"").decode() if isinstance(timeout.stdout, bytes) else timeout.stdout or ""
            err = (timeout.stderr or b"").decode() if isinstance(timeout.stderr, bytes) else timeout.stderr or ""
    return {
        "commands": commands,
        "exitCode": code,
        "stdout": out[-4000:],
        "stderr": err[-4000:],
    }


def play_stage(pipeline_name, stage_name, image):
    """Plays one stage's actions in runOrder against moto, as CodePipeline
    would once the stage is reached: ECS (standard deploy) and CodeDeployToECS
    deploy `image` (deploy_image); a Commands action runs its commands
    (run_commands); a manual approval counts as given. Any other provider is
    reported, not played."""
    codepipeline = client("codepipeline")
    pipeline = codepipeline.get_pipeline(name=pipeline_name)["pipeline"]
    stage = next(s for s in pipeline["stages"] if s["name"] == stage_name)
    played = []
    for action in sorted(stage["actions"], key=lambda a: a.get("runOrder", 1)):
        provider = action["actionTypeId"]["provider"]
        config = action.get("configuration", {})
        entry = {"name": action["name"], "provider": provider, "runOrder": action.get("runOrder", 1)}
        if provider == "ECS":
            entry["taskDefinition"] = deploy_image(
                config["ClusterName"], config["ServiceName"], image
            )
        elif provider == "CodeDeployToECS":
            group = client("codedeploy").get_deployment_group(
                applicationName=config["ApplicationName"],
                deploymentGroupName=config["DeploymentGroupName"],
            )["deploymentGroupInfo"]
            target = group["ecsServices"][0]
            entry["taskDefinition"] = deploy_image(
                target["clusterName"], target["serviceName"], image
            )
        elif provider == "Commands":
            entry.update(run_commands(action))
            if entry["exitCode"] != 0:
                played.append(entry)
                raise SystemExit(json.dumps({"failed": entry, "played": played}))
        elif provider == "Manual":
            entry["approved"] = True
        else:
            entry["notPlayed"] = True
        played.append(entry)
    return played


def main(argv):
    check_endpoint()
    if argv[:1] == ["snapshot"]:
        result = snapshot()
    elif argv[:1] == ["route"] and len(argv) == 4:
        result = route(*argv[1:])
    elif argv[:1] == ["play"] and len(argv) == 4:
        result = play_stage(*argv[1:])
    elif argv[:1] == ["push-image"] and len(argv) == 3:
        result = push_image(*argv[1:])
    elif argv[:1] == ["services"]:
        result = services()
    else:
        sys.exit(__doc__)
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1:])
