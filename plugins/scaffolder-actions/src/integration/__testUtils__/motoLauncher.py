#!/usr/bin/env python3
"""moto_server for the integration tests, with the test setup's additions.

Two moto 5.2.1 gaps would make the emulator disagree with AWS about what the
actions did, so this launcher closes them, then runs moto_server with the
same arguments. Nothing else in moto changes. gaps.test.ts checks that moto
itself still has both gaps (`verify.py moto-gaps`): once it does not, the
addition goes.

1. CodeDeploy DeleteDeploymentGroup and DeleteApplication are not
   implemented (HTTP 500 with an HTML page), so nothing that creates a
   blue/green deployment group could be torn down. Added with AWS's
   semantics: deleting an application deletes its deployment groups; both
   drop their tags; a missing group is not an error.
2. ECS CreateService/UpdateService ignore `deploymentConfiguration` and
   DescribeServices never returns it, so a re-run's look-before-create reads
   "no circuit breaker, no alarms" from a service that has them (AWS returns
   what was set). Added: the service keeps the deploymentConfiguration it was
   created or last updated with, and DescribeServices returns it.
3. CodeDeploy GetDeploymentGroup always returns `alarmConfiguration: {}`
   (a TODO in moto's DeploymentGroup.to_dict), so a group created with
   alarms reads back without them. Fixed: it returns what was stored.

  motoLauncher.py -H 127.0.0.1 -p PORT
"""

import json
import sys

from moto.codedeploy import models as codedeploy_models
from moto.codedeploy.responses import CodeDeployResponse
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.server import main

ADDED = ("delete_application", "delete_deployment_group")


def _group_arn(backend, application, group):
    return (
        f"arn:aws:codedeploy:{backend.region_name}:{backend.account_id}:"
        f"deploymentgroup:{application}/{group}"
    )


def _app_arn(backend, application):
    return (
        f"arn:aws:codedeploy:{backend.region_name}:{backend.account_id}:"
        f"application:{application}"
    )


def delete_deployment_group(self):
    backend = self.codedeploy_backend
    application = self._get_param("applicationName")
    group = self._get_param("deploymentGroupName")
    groups = backend.deployment_groups.get(application, {})
    if group in groups:
        del groups[group]
        backend.tagger.delete_all_tags_for_resource(_group_arn(backend, application, group))
    return json.dumps({"hooksNotCleanedUp": []})


def delete_application(self):
    backend = self.codedeploy_backend
    application = self._get_param("applicationName")
    for group in list(backend.deployment_groups.pop(application, {})):
        backend.tagger.delete_all_tags_for_resource(_group_arn(backend, application, group))
    if backend.applications.pop(application, None) is not None:
        backend.tagger.delete_all_tags_for_resource(_app_arn(backend, application))
    return "{}"


for name in ADDED:
    if hasattr(CodeDeployResponse, name):
        sys.exit(f"moto now implements CodeDeploy {name}: remove motoLauncher.py's version")
CodeDeployResponse.delete_deployment_group = delete_deployment_group
CodeDeployResponse.delete_application = delete_application


_group_to_dict = codedeploy_models.DeploymentGroup.to_dict


def _group_to_dict_with_alarms(self):
    described = _group_to_dict(self)
    if isinstance(self.alarm_configuration, dict):
        described["alarmConfiguration"] = self.alarm_configuration
    return described


codedeploy_models.DeploymentGroup.to_dict = _group_to_dict_with_alarms


def _keeping_deployment_configuration(original, name_param):
    def handler(self):
        result = original(self)
        configuration = self._get_param("deploymentConfiguration")
        if configuration is not None:
            cluster = self._get_param("cluster", "default")
            services, _ = self.ecs_backend.describe_services(
                cluster, [self._get_param(name_param)]
            )
            for service in services:
                service.deployment_configuration = configuration
        return result

    return handler


if "deploymentConfiguration" in __import__("inspect").getsource(
    EC2ContainerServiceResponse.create_service
):
    sys.exit("moto now keeps ECS deploymentConfiguration: remove motoLauncher.py's version")
EC2ContainerServiceResponse.create_service = _keeping_deployment_configuration(
    EC2ContainerServiceResponse.create_service, "serviceName"
)
EC2ContainerServiceResponse.update_service = _keeping_deployment_configuration(
    EC2ContainerServiceResponse.update_service, "service"
)

if __name__ == "__main__":
    main(sys.argv[1:])
