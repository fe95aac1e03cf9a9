export interface Config {
  /** Settings shared by the Slipway scaffolder actions. */
  slipway?: {
    /**
     * Deployment environments, keyed by the name a template passes as its
     * `environment` input (for example `dev`, `staging`, `prod`). A platform
     * team sets each one up once, so that the template's form stays short.
     */
    environments?: {
      [name: string]: {
        /** The 12-digit AWS account id the environment lives in. Credentials come from `aws.*`. */
        accountId: string;
        /** The AWS region of the environment, for example `eu-west-1`. */
        region: string;
        /** Name of the ECS cluster that services of this environment run on. */
        cluster: string;
        /** Subnet ids (`subnet-…`) for Fargate tasks; private subnets with a route to ECR. */
        subnets: string[];
        /** Security group ids (`sg-…`) attached to the Fargate tasks. */
        securityGroups: string[];
        /** ARN of the CodeStar / CodeConnections connection to the source repository host. */
        connectionArn: string;
        /** Name of the S3 bucket where CodePipeline keeps its artifacts. */
        artifactBucket: string;
        /** Id of the VPC (`vpc-…`) the subnets belong to; needed for blue/green target groups. */
        vpcId?: string;
        /** Application Load Balancer listeners, needed for CodeDeploy blue/green deployments. */
        loadBalancer?: {
          /** ARN of the listener that serves production traffic. */
          productionListenerArn: string;
          /** ARN of the listener that serves test traffic to the replacement task set. */
          testListenerArn?: string;
        };
        /**
         * Existing IAM roles to use instead of letting Slipway create
         * least-privilege roles per component.
         */
        roles?: {
          /** ARN of the service role for CodeBuild projects. */
          codeBuildRoleArn?: string;
          /** ARN of the service role for CodePipeline pipelines. */
          codePipelineRoleArn?: string;
          /** ARN of the ECS task execution role (pulls images, writes logs). */
          taskExecutionRoleArn?: string;
          /** ARN of the service role for CodeDeploy (ECS blue/green). */
          codeDeployRoleArn?: string;
        };
      };
    };
    /**
     * Extra tags added to every AWS resource Slipway creates, for example a
     * cost centre. The `slipway:*` tags always win over these.
     */
    tags?: {
      [key: string]: string;
    };
  };
}
