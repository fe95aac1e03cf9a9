#!/usr/bin/env python3
"""The platform team's part of a Slipway environment, in moto_server, with boto3.

Talks only to the moto_server named by AWS_ENDPOINT_URL on 127.0.0.1 (it
refuses anything else), never to AWS. Prints one JSON document on stdout.

  moto_platform.py setup ENV=CLUSTER [ENV=CLUSTER ...]
      VPC, two subnets, a security group, the pipeline artifact bucket and, per
      environment, an ECS cluster and an ALB with production (80) and test
      (8080) listeners: what slipway.environments.<env> points at.
  moto_platform.py pipeline NAME
      The pipeline definition (stages and actions), read with boto3 because the
      AWS SDK for JavaScript cannot parse moto's CodePipeline timestamps.
  moto_platform.py register-task-definition FILE IMAGE
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


def check_endpoint():
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if urlparse(endpoint).hostname != "127.0.0.1":
        sys.exit(f"AWS_ENDPOINT_URL must point at moto on 127.0.0.1, got {endpoint!r}")


def setup(pairs):
    ec2, elbv2, ecs, s3 = client("ec2"), client("elbv2"), client("ecs"), client("s3")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
        for cidr, az in (("10.30.1.0/24", f"{REGION}a"), ("10.30.2.0/24", f"{REGION}b"))
    ]
    sg = ec2.create_security_group(
        GroupName="slipway-tasks", Description="Slipway tasks", VpcId=vpc
    )["GroupId"]
    bucket = "slipway-artifacts"
    s3.create_bucket(Bucket=bucket)
    environments = {}
    clusters = set()
    for pair in pairs:
        env, _, cluster = pair.partition("=")
        cluster = cluster or f"{env}-cluster"
        if cluster not in clusters:
            # moto quirk: its tagging API fails while any cluster has no tags.
            ecs.create_cluster(
                clusterName=cluster, tags=[{"key": "provided-by", "value": "platform"}]
            )
            clusters.add(cluster)
        lb = elbv2.create_load_balancer(
            Name=f"platform-{env}", Subnets=subnets, SecurityGroups=[sg], Type="application"
        )["LoadBalancers"][0]["LoadBalancerArn"]
        listeners = {
            role: elbv2.create_listener(
                LoadBalancerArn=lb,
                Protocol="HTTP",
                Port=port,
                DefaultActions=[
                    {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}
                ],
            )["Listeners"][0]["ListenerArn"]
            for role, port in (("production", 80), ("test", 8080))
        }
        environments[env] = {
            "cluster": cluster,
            "productionListenerArn": listeners["production"],
            "testListenerArn": listeners["test"],
        }
    return {
        "vpcId": vpc,
        "subnets": subnets,
        "securityGroups": [sg],
        "artifactBucket": bucket,
        "environments": environments,
    }


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
    return {
        "taskDefinitionArn": answer["taskDefinitionArn"],
        "family": answer["family"],
        "revision": answer["revision"],
        "requiresCompatibilities": answer.get("requiresCompatibilities"),
        "networkMode": answer.get("networkMode"),
        "cpu": answer.get("cpu"),
        "memory": answer.get("memory"),
        "containerDefinitions": answer["containerDefinitions"],
    }


def main(argv):
    check_endpoint()
    if len(argv) >= 2 and argv[0] == "setup":
        result = setup(argv[1:])
    elif len(argv) == 2 and argv[0] == "pipeline":
        result = pipeline(argv[1])
    elif len(argv) == 3 and argv[0] == "register-task-definition":
        result = register_task_definition(argv[1], argv[2])
    else:
        sys.exit(__doc__)
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1:])
