import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      "Publish the workspace to the local world's git server, then register it in the catalog",
    example: `steps:
  - id: publishLocal
    action: publish:local-world
    name: Publish to the local world's git server
    input:
      repoUrl: github.com?owner=acme&repo=orders-api
      defaultBranch: main
      gitCommitMessage: Initial commit
  - id: register
    action: catalog:register
    input:
      catalogInfoUrl: \${{ steps.publishLocal.output.repoContentsUrl }}/catalog-info.yaml
`,
  },
];
