#!/usr/bin/env python3
"""What a cross-account pipeline leaves in one account, read with boto3.

The account and region are those of the credentials and AWS_REGION in the
environment (World.awsEnv): moto keeps resources per account, and answers
with the account of the caller's credentials. Reads what verify.py's
snapshot does not: each account's identity, the image repositories'
policies, every pipeline action's `roleArn` and `region`, the artifact
store(s) with their encryption keys, the artifact keys under
alias/slipway/ and every customer-managed key's state. Talks only to AWS_ENDPOINT_URL on 127.0.0.1.

  accountReads.py

Output is one JSON document on stdout.
"""

import json
import os
import sys
from urllib.parse import urlparse

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")


def client(name):
    return boto3.client(name, region_name=REGION)


def repository_policies():
    ecr = client("ecr")
    policies = {}
    for repo in ecr.describe_repositories()["repositories"]:
        name = repo["repositoryName"]
        try:
            text = ecr.get_repository_policy(repositoryName=name)["policyText"]
            policies[name] = json.loads(text)
        except ecr.exceptions.RepositoryPolicyNotFoundException:
            policies[name] = None
    return policies


def pipelines():
    codepipeline = client("codepipeline")
    result = []
    for summary in codepipeline.list_pipelines()["pipelines"]:
        p = codepipeline.get_pipeline(name=summary["name"])["pipeline"]
        result.append(
            {
                "name": p["name"],
                "roleArn": p["roleArn"],
                # artifactStore (one region) or artifactStores (several), as defined.
                **{k: p[k] for k in ("artifactStore", "artifactStores") if k in p},
                "actions": [
                    {
                        "stage": s["name"],
                        "name": a["name"],
                        "provider": a["actionTypeId"]["provider"],
                        "configuration": a.get("configuration", {}),
                        # Only when set, as in the definition.
                        **{k: a[k] for k in ("roleArn", "region") if k in a},
                    }
                    for s in p["stages"]
                    for a in s["actions"]
                ],
            }
        )
    return result


def artifact_keys():
    kms = client("kms")
    result = []
    for alias in kms.list_aliases()["Aliases"]:
        if not alias["AliasName"].startswith("alias/slipway/") or "TargetKeyId" not in alias:
            continue
        key = kms.describe_key(KeyId=alias["TargetKeyId"])["KeyMetadata"]
        result.append(
            {
                "alias": alias["AliasName"],
                "aliasArn": alias["AliasArn"],
                "keyArn": key["Arn"],
                "keyState": key["KeyState"],
                "keyManager": key.get("KeyManager"),
                "policy": json.loads(
                    kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"]
                ),
                "tags": {
                    t["TagKey"]: t["TagValue"]
                    for t in kms.list_resource_tags(KeyId=key["KeyId"]).get("Tags", [])
                },
            }
        )
    return result


def key_states():
    """Every customer-managed key's state, aliased or not (a teardown leaves
    its keys PendingDeletion, without their aliases)."""
    kms = client("kms")
    states = {}
    for key in kms.list_keys()["Keys"]:
        metadata = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        if metadata.get("KeyManager") == "CUSTOMER":
            states[metadata["Arn"]] = metadata["KeyState"]
    return states


def main(argv):
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if urlparse(endpoint).hostname != "127.0.0.1":
        sys.exit(f"AWS_ENDPOINT_URL must point at moto on 127.0.0.1, got {endpoint!r}")
    if argv:
        sys.exit(__doc__)
    json.dump(
        {
            "account": client("sts").get_caller_identity()["Account"],
            "region": REGION,
            "repositoryPolicies": repository_policies(),
            "pipelines": pipelines(),
            "artifactKeys": artifact_keys(),
            "keyStates": key_states(),
        },
        sys.stdout,
        default=str,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
