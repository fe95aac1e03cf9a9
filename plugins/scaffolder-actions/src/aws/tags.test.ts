import {
  asKeyValueTags,
  asLowerCaseKeyValueTags,
  fromKeyValueTags,
  slipwayTags,
} from './tags';

describe('slipwayTags', () => {
  it('tags a resource with its component, owner and manager', () => {
    expect(
      slipwayTags({ component: 'orders', owner: 'group:default/payments' }),
    ).toEqual({
      'slipway:component': 'orders',
      'slipway:owner': 'group:default/payments',
      'slipway:managed-by': 'backstage',
    });
  });

  it('adds the environment for resources that belong to one', () => {
    expect(
      slipwayTags({ component: 'orders', owner: 'me', environment: 'prod' }),
    ).toMatchObject({ 'slipway:environment': 'prod' });
  });

  it('adds the configured extra tags, which cannot override slipway tags', () => {
    const tags = slipwayTags({
      component: 'orders',
      owner: 'me',
      extraTags: { 'cost-centre': 'cc-42', 'slipway:managed-by': 'someone' },
    });
    expect(tags['cost-centre']).toBe('cc-42');
    expect(tags['slipway:managed-by']).toBe('backstage');
  });
});

describe('tag shapes', () => {
  const tags = { 'slipway:component': 'orders', team: 'payments' };

  it('gives ECR, IAM, ELBv2 and CodeDeploy { Key, Value }', () => {
    expect(asKeyValueTags(tags)).toEqual([
      { Key: 'slipway:component', Value: 'orders' },
      { Key: 'team', Value: 'payments' },
    ]);
  });

  it('gives ECS, CodeBuild and CodePipeline { key, value }', () => {
    expect(asLowerCaseKeyValueTags(tags)).toEqual([
      { key: 'slipway:component', value: 'orders' },
      { key: 'team', value: 'payments' },
    ]);
  });

  it('reads { Key, Value } tags back into a map', () => {
    expect(fromKeyValueTags(asKeyValueTags(tags))).toEqual(tags);
    expect(fromKeyValueTags([{ Value: 'orphan' }, { Key: 'empty' }])).toEqual({
      empty: '',
    });
    expect(fromKeyValueTags(undefined)).toEqual({});
  });
});
