import { FLEET_ENTITY_STATUSES } from '@slipway/plugin-codepipeline-common';
import { FLEET_STATUS_LABEL, readableRef } from './fleetLabels';

describe('fleet labels', () => {
  it('has a readable word for every status the backend sends', () => {
    expect(FLEET_ENTITY_STATUSES.map(s => FLEET_STATUS_LABEL[s])).toEqual([
      'Failing',
      'Awaiting approval',
      'Rolling out',
      'In progress',
      'Healthy',
      'Unknown',
      'Reading…',
    ]);
  });

  it('writes owner and system refs the way people say them', () => {
    expect(readableRef('group:default/payments-team', 'group')).toBe(
      'payments-team',
    );
    expect(readableRef('group:ops/sre', 'group')).toBe('ops/sre');
    expect(readableRef('user:default/jo', 'group')).toBe('user:jo');
    expect(readableRef('system:default/checkout', 'system')).toBe('checkout');
    expect(readableRef('not a ref:', 'group')).toBe('not a ref:');
  });
});
