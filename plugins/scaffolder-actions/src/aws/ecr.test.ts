import { keepLastImagesPolicy, sameLifecyclePolicy } from './ecr';

describe('lifecycle policies', () => {
  it('expires everything but the newest images', () => {
    expect(JSON.parse(keepLastImagesPolicy(30)).rules).toEqual([
      expect.objectContaining({
        selection: {
          tagStatus: 'any',
          countType: 'imageCountMoreThan',
          countNumber: 30,
        },
        action: { type: 'expire' },
      }),
    ]);
  });

  it('compares policies by meaning, not formatting or key order', () => {
    const reformatted = JSON.stringify(
      JSON.parse(keepLastImagesPolicy(30), (_key, value) =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
      null,
      2,
    );
    expect(sameLifecyclePolicy(reformatted, keepLastImagesPolicy(30))).toBe(
      true,
    );
    expect(
      sameLifecyclePolicy(keepLastImagesPolicy(10), keepLastImagesPolicy(30)),
    ).toBe(false);
    expect(sameLifecyclePolicy('not json', keepLastImagesPolicy(30))).toBe(
      false,
    );
  });
});
