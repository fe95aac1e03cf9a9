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
        /**
         * Deployments to this environment count as production (the DORA
         * metrics of the CodePipeline backend plugin). When no environment is
         * marked, `prod` and `production` are. Default false.
         */
        production?: boolean;
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
        /**
         * The environment's Application Load Balancer. Every service gets its own
         * target group (health check on its health path) and its own listener
         * rule; set `domain` or `pathPrefix` to choose how requests reach it.
         */
        loadBalancer?: {
          /** ARN of the listener that serves production traffic. */
          productionListenerArn: string;
          /** ARN of the listener that serves test traffic to the replacement task set (blue/green). */
          testListenerArn?: string;
          /** Host routing: service `orders` answers on `orders.<domain>` (a wildcard DNS record points at the load balancer). */
          domain?: string;
          /** Path routing: service `orders` answers under `<pathPrefix>/orders` on the load balancer's own DNS name. */
          pathPrefix?: string;
        };
        /** Failure alerts: addresses subscribed to every service's alert topic in this environment, besides the owner group's e-mail. */
        alerts?: {
          emails?: string[];
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
    /** Settings of the builds the template's buildspec runs. */
    build?: {
      /**
       * Base image of the generated Dockerfile. Default
       * `public.ecr.aws/docker/library/python:3.12-slim` (ECR Public: no
       * anonymous pull limits); an ECR pull-through cache URI works too.
       */
      baseImage?: string;
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
