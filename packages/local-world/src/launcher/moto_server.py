#!/usr/bin/env python3
"""moto_server with the fixes that cannot be made from outside it.

The local world corrects most of moto 5.2.1's gaps in front of it (src/gaps);
these need moto's own state, so they are patched in here, then moto_server
runs with the same arguments. Each check below exits once moto has the fix,
so the patch can go.

1. CodeDeploy DeleteDeploymentGroup and DeleteApplication are not
   implemented: added with AWS's semantics (deleting an application deletes
   its deployment groups; both drop their tags; a missing one is no error).
2. ECS CreateService/UpdateService ignore `deploymentConfiguration` and
   DescribeServices never returns it: the service keeps what it was created
   or last updated with (circuit breaker, alarms), as on AWS.
3. CodeDeploy GetDeploymentGroup always returns `alarmConfiguration: {}`:
   it returns what was stored.
4. An operation moto does not implement answers HTTP 501 with moto's message
   instead of an HTML 500 page, so the local world can tell it from a failure.
5. EventBridge delivers events to targets (SQS) without their `account`
   field: the default input template has it, as AWS's events do.

  moto_server.py -H 127.0.0.1 -p PORT
"""

import inspect
import json
import sys

from moto.codedeploy import models as codedeploy_models
from moto.codedeploy.responses import CodeDeployResponse
from moto.core.responses import BaseResponse
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.events.utils import EventTemplateParser
from moto.server import main


def _arn(backend, kind, name):
    return f"arn:aws:codedeploy:{backend.region_name}:{backend.account_id}:{kind}:{name}"


def delete_deployment_group(self):
    backend = self.codedeploy_backend
    application = self._get_param("applicationName")
    group = self._get_param("deploymentGroupName")
    if backend.deployment_groups.get(application, {}).pop(group, None) is not None:
        backend.tagger.delete_all_tags_for_resource(
            _arn(backend, "deploymentgroup", f"{application}/{group}")
        )
    return json.dumps({"hooksNotCleanedUp": []})


def delete_application(self):
    backend = self.codedeploy_backend
    application = self._get_param("applicationName")
    for group in list(backend.deployment_groups.pop(application, {})):
        backend.tagger.delete_all_tags_for_resource(
            _arn(backend, "deploymentgroup", f"{application}/{group}")
        )
    if backend.applications.pop(application, None) is not None:
        backend.tagger.delete_all_tags_for_resource(_arn(backend, "application", application))
    return "{}"


for name in ("delete_application", "delete_deployment_group"):
    if hasattr(CodeDeployResponse, name):
        sys.exit(f"moto now implements CodeDeploy {name}: remove it from {__file__}")
CodeDeployResponse.delete_deployment_group = delete_deployment_group
CodeDeployResponse.delete_application = delete_application


_group_to_dict = codedeploy_models.DeploymentGroup.to_dict
if '"alarmConfiguration": {}' not in inspect.getsource(_group_to_dict):
    sys.exit(f"moto now returns CodeDeploy alarmConfiguration: remove it from {__file__}")


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


if "deploymentConfiguration" in inspect.getsource(EC2ContainerServiceResponse.create_service):
    sys.exit(f"moto now keeps ECS deploymentConfiguration: remove it from {__file__}")
EC2ContainerServiceResponse.create_service = _keeping_deployment_configuration(
    EC2ContainerServiceResponse.create_service, "serviceName"
)
EC2ContainerServiceResponse.update_service = _keeping_deployment_configuration(
    EC2ContainerServiceResponse.update_service, "service"
)


_call_action = BaseResponse.call_action


def _call_action_or_501(self):
    try:
        return _call_action(self)
    except NotImplementedError as error:
        return 501, {"Content-Type": "text/plain"}, str(error)


BaseResponse.call_action = _call_action_or_501


if '"account"' in EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE:
    sys.exit(f"moto now sends EventBridge events with their account: remove it from {__file__}")
EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE = (
    EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE.replace(
        '"version": "0",', '"version": "0", "account": "<account>",'
    )
)




if __name__ == "__main__":
    main(sys.argv[1:])
