/** An ARN as AWS writes it in a message: partition, service, region, account, resource. */
const ARN = /\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:[^\s"',;)\]}]+/g;

/** What stands for an ARN that is not the entity's: its service only, no account, no name. */
function placeholder(arn: string): string {
  const service = arn.split(':')[2];
  return `<${service} resource of another owner>`;
}

/**
 * Removes from a text that goes to the browser (an AWS error message) every
 * ARN that is not one of `ownArns`, the entity's own resources, and so the
 * account ids inside them: AWS echoes role, resource and policy ARNs of other
 * accounts in its errors. An ARN is kept only when it is one of `ownArns` or
 * lies inside one of them (`…:orders-api/Deploy`); trailing punctuation is
 * not part of an ARN.
 */
export function redactForeignArns(
  text: string,
  ownArns: readonly string[] = [],
): string {
  return text.replace(ARN, match => {
    const arn = match.replace(/[.:]+$/, '');
    const rest = match.slice(arn.length);
    const own = ownArns.some(
      known => arn === known || arn.startsWith(`${known}/`),
    );
    return own ? match : `${placeholder(arn)}${rest}`;
  });
}
