import { safeEnvironmentName } from './environmentTag';

describe('safeEnvironmentName', () => {
  it.each(['dev', 'prod', 'Staging', 'eu-west_2', 'a'.repeat(63)])(
    'keeps the environment %s as written',
    name => {
      expect(safeEnvironmentName(name)).toBe(name);
    },
  );

  it.each([
    ['markup', '<img src=x onerror=alert(1)>'],
    ['a space', 'dev prod'],
    ['a leading dash', '-dev'],
    ['a newline', 'dev\n'],
    ['a dot', 'dev.example'],
    ['64 characters', 'a'.repeat(64)],
    ['nothing', ''],
    ['no tag', undefined],
  ])('drops %s', (_situation, value) => {
    expect(safeEnvironmentName(value)).toBeUndefined();
  });
});
