import { UsageError } from '../../../cli/lib/command';
import { motoPort } from '../../../cli/rehearse/toolchain';

describe('motoPort (MSK_ATHENA_REHEARSAL_MOTO_PORT)', () => {
  it('is unset or empty for a free port, and the number when set', () => {
    expect(motoPort(undefined)).toBeUndefined();
    expect(motoPort('')).toBeUndefined();
    expect(motoPort('35500')).toBe(35500);
  });

  it.each(['80', '70000', 'abc', '35500x'])('refuses %s, naming the variable and the range', (value) => {
    expect(() => motoPort(value)).toThrow(UsageError);
    expect(() => motoPort(value)).toThrow(`MSK_ATHENA_REHEARSAL_MOTO_PORT must be a port number from 1024 to 65535, got "${value}"`);
  });
});
