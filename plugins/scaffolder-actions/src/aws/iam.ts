import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  Role,
} from '@aws-sdk/client-iam';
import type { AwsTarget } from './clients';
import { isAwsError, withAwsErrors } from './errors';
import { asKeyValueTags, fromKeyValueTags, TagMap } from './tags';

/** An IAM role, in Slipway's terms; policy documents are decoded JSON text. */
export interface IamRole {
  name: string;
  arn: string;
  path: string;
  trustPolicy: string;
}

function decodePolicy(document: string | undefined): string {
  return document ? decodeURIComponent(document) : '';
}

function toIamRole(role: Role | undefined): IamRole {
  if (!role?.RoleName || !role.Arn) {
    throw new Error('IAM returned a role without a name or ARN');
  }
  return {
    name: role.RoleName,
    arn: role.Arn,
    path: role.Path ?? '/',
    trustPolicy: decodePolicy(role.AssumeRolePolicyDocument),
  };
}

/** `my-role` out of `arn:aws:iam::123456789012:role/some/path/my-role`. */
export function roleNameFromArn(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

/** IAM roles of one account (IAM is global; the region only picks the endpoint). */
export class IamRoles {
  constructor(
    private readonly iam: IAMClient,
    private readonly target: AwsTarget,
  ) {}

  async find(name: string): Promise<IamRole | undefined> {
    return this.call(`look up the IAM role '${name}'`, async () => {
      try {
        const { Role: role } = await this.iam.send(
          new GetRoleCommand({ RoleName: name }),
        );
        return toIamRole(role);
      } catch (error) {
        if (isAwsError(error, 'NoSuchEntityException', 'NoSuchEntity')) {
          return undefined;
        }
        throw error;
      }
    });
  }

  async create(request: {
    name: string;
    path: string;
    trustPolicy: string;
    description: string;
    tags: TagMap;
  }): Promise<IamRole> {
    return this.call(`create the IAM role '${request.name}'`, async () => {
      const { Role: role } = await this.iam.send(
        new CreateRoleCommand({
          RoleName: request.name,
          Path: request.path,
          AssumeRolePolicyDocument: request.trustPolicy,
          Description: request.description,
          Tags: asKeyValueTags(request.tags),
        }),
      );
      return toIamRole(role);
    });
  }

  /** The role's tags, all pages. */
  async tags(name: string): Promise<TagMap> {
    return this.call(`read the tags of the IAM role '${name}'`, async () => {
      const tags: TagMap = {};
      let Marker: string | undefined;
      do {
        const page = await this.iam.send(
          new ListRoleTagsCommand({ RoleName: name, Marker }),
        );
        Object.assign(tags, fromKeyValueTags(page.Tags));
        Marker = page.IsTruncated ? page.Marker : undefined;
      } while (Marker);
      return tags;
    });
  }

  /** The inline policy's JSON text, or `undefined` when the role has no such policy. */
  async inlinePolicy(
    roleName: string,
    policyName: string,
  ): Promise<string | undefined> {
    return this.call(
      `read the inline policy '${policyName}' of the IAM role '${roleName}'`,
      async () => {
        try {
          const { PolicyDocument } = await this.iam.send(
            new GetRolePolicyCommand({
              RoleName: roleName,
              PolicyName: policyName,
            }),
          );
          return decodePolicy(PolicyDocument);
        } catch (error) {
          if (isAwsError(error, 'NoSuchEntityException', 'NoSuchEntity')) {
            return undefined;
          }
          throw error;
        }
      },
    );
  }

  async putInlinePolicy(
    roleName: string,
    policyName: string,
    document: string,
  ): Promise<void> {
    await this.call(
      `put the inline policy '${policyName}' on the IAM role '${roleName}'`,
      () =>
        this.iam.send(
          new PutRolePolicyCommand({
            RoleName: roleName,
            PolicyName: policyName,
            PolicyDocument: document,
          }),
        ),
    );
  }

  /** Every role whose path starts with `pathPrefix`, all pages. */
  async listUnderPath(pathPrefix: string): Promise<IamRole[]> {
    return this.call(`list the IAM roles under ${pathPrefix}`, async () => {
      const roles: IamRole[] = [];
      let Marker: string | undefined;
      do {
        const page = await this.iam.send(
          new ListRolesCommand({ PathPrefix: pathPrefix, Marker }),
        );
        roles.push(...(page.Roles ?? []).map(toIamRole));
        Marker = page.IsTruncated ? page.Marker : undefined;
      } while (Marker);
      return roles;
    });
  }

  /**
   * Deletes the role after removing its inline policies and detaching managed
   * ones (a role with policies cannot be deleted), page by page.
   */
  async delete(name: string): Promise<void> {
    await this.call(`delete the IAM role '${name}'`, async () => {
      let Marker: string | undefined;
      do {
        const page = await this.iam.send(
          new ListRolePoliciesCommand({ RoleName: name, Marker }),
        );
        for (const PolicyName of page.PolicyNames ?? []) {
          await this.iam.send(
            new DeleteRolePolicyCommand({ RoleName: name, PolicyName }),
          );
        }
        Marker = page.IsTruncated ? page.Marker : undefined;
      } while (Marker);
      do {
        const page = await this.iam.send(
          new ListAttachedRolePoliciesCommand({ RoleName: name, Marker }),
        );
        for (const { PolicyArn } of page.AttachedPolicies ?? []) {
          await this.iam.send(
            new DetachRolePolicyCommand({ RoleName: name, PolicyArn }),
          );
        }
        Marker = page.IsTruncated ? page.Marker : undefined;
      } while (Marker);
      await this.iam.send(new DeleteRoleCommand({ RoleName: name }));
    });
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}
