#!/usr/bin/env python3
"""The platform team's part of Slipway's environments, in the local world, with boto3.

What `slipway.environments.<env>` points at: a VPC with two subnets and a
security group, the pipeline artifact bucket and, per environment, an ECS
cluster and an application load balancer with production (80) and test
(8080) listeners. Talks only to AWS_ENDPOINT_URL on 127.0.0.1 (it refuses
anything else). Prints one JSON document on stdout.

  setup_platform.py setup [--artifact-bucket NAME] ENV=CLUSTER [ENV=CLUSTER ...]
      (a bare ENV gets the cluster ENV-cluster; the bucket is named
      slipway-artifacts unless NAME is given: S3 bucket names are global, so a
      second account or region needs its own)

The account is the one of the credentials in the environment: with
credentials from sts:AssumeRole into another account's role, moto creates
everything in that account.
"""

import json
import os
import sys
from urllib.parse import urlparse

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")


def client(name):
    return boto3.client(name, region_name=REGION)


def setup(pairs, bucket="slipway-artifacts"):
    ec2, elbv2, ecs, s3 = client("ec2"), client("elbv2"), client("ecs"), client("s3")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
        for cidr, az in (("10.20.1.0/24", f"{REGION}a"), ("10.20.2.0/24", f"{REGION}b"))
    ]
    sg = ec2.create_security_group(
        GroupName="slipway-tasks", Description="Slipway tasks", VpcId=vpc
    )["GroupId"]
    s3.create_bucket(
        Bucket=bucket,
        # Outside us-east-1, S3 wants the region named (moto too).
        **(
            {"CreateBucketConfiguration": {"LocationConstraint": REGION}}
            if REGION != "us-east-1"
            else {}
        ),
    )
    environments = {}
    clusters = set()
    for pair in pairs:
        env, _, cluster = pair.partition("=")
        cluster = cluster or f"{env}-cluster"
        if cluster not in clusters:
            # moto quirk: its tagging API fails (HTTP 500) while any ECS
            # cluster has no tags at all, so the platform's clusters carry one.
            ecs.create_cluster(
                clusterName=cluster, tags=[{"key": "provided-by", "value": "platform"}]
            )
            clusters.add(cluster)
        created = elbv2.create_load_balancer(
            Name=f"platform-{env}", Subnets=subnets, SecurityGroups=[sg], Type="application"
        )["LoadBalancers"][0]
        listeners = {
            role: elbv2.create_listener(
                LoadBalancerArn=created["LoadBalancerArn"],
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
            "loadBalancerArn": created["LoadBalancerArn"],
            "loadBalancerDnsName": created["DNSName"],
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


def main(argv):
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if urlparse(endpoint).hostname != "127.0.0.1":
        sys.exit(f"AWS_ENDPOINT_URL must point at the local world on 127.0.0.1, got {endpoint!r}")
    if len(argv) < 2 or argv[0] != "setup":
        sys.exit(__doc__)
    pairs, options = argv[1:], {}
    if pairs[:1] == ["--artifact-bucket"] and len(pairs) >= 2:
        options["bucket"], pairs = pairs[1], pairs[2:]
    json.dump(setup(pairs, **options), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
