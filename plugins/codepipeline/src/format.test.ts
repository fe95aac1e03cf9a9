import { formatDoraValue, shortExecutionId } from './format';

describe('formatDoraValue', () => {
  it('reads deployment frequency per day, week or month', () => {
    expect(formatDoraValue({ value: 2.4, unit: 'per-day' })).toEqual({
      value: '2.4',
      unit: 'per day',
    });
    expect(formatDoraValue({ value: 3, unit: 'per-day' })).toEqual({
      value: '3',
      unit: 'per day',
    });
    expect(formatDoraValue({ value: 0.5, unit: 'per-day' })).toEqual({
      value: '3.5',
      unit: 'per week',
    });
    expect(formatDoraValue({ value: 0.05, unit: 'per-day' })).toEqual({
      value: '1.5',
      unit: 'per month',
    });
  });

  it('reads durations in minutes, hours or days', () => {
    expect(formatDoraValue({ value: 0.75, unit: 'hours' }).value).toBe('45');
    expect(formatDoraValue({ value: 30, unit: 'hours' })).toEqual({
      value: '30',
      unit: 'hours',
    });
    expect(formatDoraValue({ value: 52, unit: 'hours' })).toEqual({
      value: '2.2',
      unit: 'days',
    });
  });

  it('reads percentages, and says when there is no data', () => {
    expect(formatDoraValue({ value: 4.2, unit: 'percent' }).value).toBe('4.2');
    expect(formatDoraValue({ value: 38.5, unit: 'percent' }).value).toBe('39');
    expect(formatDoraValue({ unit: 'hours' })).toEqual({
      value: '—',
      unit: 'no data',
    });
  });
});

describe('shortExecutionId', () => {
  it('shortens a UUID to its first group and leaves other ids alone', () => {
    expect(shortExecutionId('3f5c1e2a-9b7d-4c1e-8a2f-6d0b9e4c7a15')).toBe(
      '3f5c1e2a',
    );
    expect(shortExecutionId('exec-0005')).toBe('exec-0005');
  });
});
