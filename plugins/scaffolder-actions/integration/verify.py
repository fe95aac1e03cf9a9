#!/usr/bin/env python3
"""Independent reads (and the platform team's setup) for the integration tests.

Talks to the moto_server named by AWS_ENDPOINT_URL with boto3, never to AWS:
the script refuses to run unless AWS_ENDPOINT_URL points at 127.0.0.1.

  verify.py setup               create what a platform team provides; print its ids
  verify.py snapshot            print every resource the Slipway actions manage
  verify.py tagged COMPONENT    print the ARNs moto's tagging API returns for a component

Output is one JSON document on stdout. boto3 parses moto's timestamps, which
the AWS SDK for JavaScript v3 cannot do for some CodePipeline responses.
"""

import json
import os
import sys
from urllib.parse import unquote, urlparse

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")
ENVIRONMENTS = ("dev", "prod")


def client(name):
    return boto3.client(name, region_name=REGION)


def check_endpoint():
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if urlparse(endpoint).hostname != "127.0.0.1":
        sys.exit(f"AWS_ENDPOINT_URL must point at moto on 127.0.0.1, got {endpoint!r}")


def setup():
    """VPC, subnets, security group, per environment an ALB with production and
    test listeners and an ECS cluster, and the pipeline artifact bucket."""
    ec2 = client("ec2")
    elbv2 = client("elbv2")
    ecs = client("ecs")
    s3 = client("s3")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"][
            "SubnetId"
        ]
        for cidr, az in (("10.20.1.0/24", "us-east-1a"), ("10.20.2.0/24", "us-east-1b"))
    ]
    sg = ec2.create_security_group(
        GroupName="slipway-tasks", Description="Slipway tasks", VpcId=vpc
    )["GroupId"]
    environments = {}
    for env in ENVIRONMENTS:
        lb = elbv2.create_load_balancer(
            Name=f"platform-{env}", Subnets=subnets, SecurityGroups=[sg], Type="application"
        )["LoadBalancers"][0]["LoadBalancerArn"]
        listeners = {}
        for role, port in (("production", 80), ("test", 8080)):
            listeners[role] = elbv2.create_listener(
                LoadBalancerArn=lb,
                Protocol="HTTP",
                Port=port,
                DefaultActions=[
                    {
                        "Type": "fixed-response",
                        "FixedResponseConfig": {"StatusCode": "404"},
                    }
                ],
            )["Listeners"][0]["ListenerArn"]
        cluster = f"{env}-cluster"
        # moto quirk: GetResources (tagging API) fails with HTTP 500 while any
        # ECS cluster has no tags at all, so the platform's clusters carry one.
        ecs.create_cluster(
            clusterName=cluster, tags=[{"key": "provided-by", "value": "platform"}]
        )
        environments[env] = {
            "cluster": cluster,
            "loadBalancerArn": lb,
            "productionListenerArn": listeners["production"],
            "testListenerArn": listeners["test"],
        }
    bucket = "slipway-artifacts"
    s3.create_bucket(Bucket=bucket)
    return {
        "vpcId": vpc,
        "subnets": subnets,
        "securityGroups": [sg],
        "artifactBucket": bucket,
        "environments": environments,
    }


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
    applications = []
    groups = []
    for name in codedeploy.list_applications()["applications"]:
        app = codedeploy.get_application(applicationName=name)["application"]
        arn = f"arn:aws:codedeploy:{REGION}:123456789012:application:{name}"
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
                f"arn:aws:codedeploy:{REGION}:123456789012:deploymentgroup:{name}/{group}"
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
    }


def tagged(component):
    tagging = client("resourcegroupstaggingapi")
    arns = []
    token = ""
    while True:
        page = tagging.get_resources(
            TagFilters=[{"Key": "slipway:component", "Values": [component]}],
            PaginationToken=token,
        )
        arns += [m["ResourceARN"] for m in page["ResourceTagMappingList"]]
        token = page.get("PaginationToken", "")
        if not token:
            return arns


def main(argv):
    check_endpoint()
    if argv[:1] == ["setup"]:
        result = setup()
    elif argv[:1] == ["snapshot"]:
        result = snapshot()
    elif argv[:1] == ["tagged"] and len(argv) == 2:
        result = tagged(argv[1])
    else:
        sys.exit(__doc__)
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1:])
