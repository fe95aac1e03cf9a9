import { redactForeignArns } from './redaction';

const own = 'arn:aws:codepipeline:us-east-1:123456789012:orders-api';

describe('redactForeignArns', () => {
  it("removes ARNs (and the accounts in them) that are not the entity's", () => {
    const text = redactForeignArns(
      'User: arn:aws:sts::999988887777:assumed-role/deployer/session is not authorized on arn:aws:codepipeline:us-east-1:444455556666:payroll.',
      [own],
    );
    expect(text).toBe(
      'User: <sts resource of another owner> is not authorized on <codepipeline resource of another owner>.',
    );
    expect(text).not.toMatch(/\d{12}/);
  });

  it("keeps the entity's own ARNs, and paths inside them", () => {
    expect(
      redactForeignArns(`Pipeline ${own} and ${own}/Deploy-prod failed`, [own]),
    ).toBe(`Pipeline ${own} and ${own}/Deploy-prod failed`);
  });

  it('redacts every ARN when no own ARN is given, in any partition', () => {
    expect(
      redactForeignArns(
        'Role arn:aws-cn:iam::123456789012:role/x, bucket arn:aws:s3:::artifacts',
      ),
    ).toBe(
      'Role <iam resource of another owner>, bucket <s3 resource of another owner>',
    );
  });

  it('leaves text without ARNs alone', () => {
    expect(redactForeignArns('Rate exceeded', [own])).toBe('Rate exceeded');
  });
});
