import { ConfigReader } from '@backstage/config';
import { readExtraTags } from './extraTags';

describe('readExtraTags', () => {
  it('returns the configured tags, keys as written', () => {
    const config = new ConfigReader({
      slipway: { tags: { 'cost-centre': 'cc-42', 'team.alias': 'payments' } },
    });
    expect(readExtraTags(config)).toEqual({
      'cost-centre': 'cc-42',
      'team.alias': 'payments',
    });
  });

  it('returns no tags when none are configured', () => {
    expect(readExtraTags(new ConfigReader({}))).toEqual({});
  });

  it('refuses a value that is not a string', () => {
    const config = new ConfigReader({ slipway: { tags: { budget: 42 } } });
    expect(() => readExtraTags(config)).toThrow(
      'slipway.tags.budget must be a string',
    );
  });
});
