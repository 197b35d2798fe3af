import { CREATION_STACKS_VARIABLE, skipCreationStacks } from '../app';

/*
 * npm run synth leaves out cdktf's creation stacks (a full stack trace per token,
 * printed only when the token fails to resolve), unless asked to keep them.
 * Jest gives each test file its own module registry: the cdktf patched here is this file's.
 */
describe('skipCreationStacks', () => {
  const creationStack = () => {
    const { Lazy } = jest.requireActual('cdktf');
    const token = Lazy.stringValue({ produce: () => 'x' });
    const { Tokenization } = jest.requireActual('cdktf');
    return Tokenization.reverseString(token).firstToken.creationStack as string[];
  };

  it('keeps them when MSK_ATHENA_CREATION_STACKS is set', () => {
    expect(skipCreationStacks({ [CREATION_STACKS_VARIABLE]: '1' })).toBe(false);
    expect(creationStack().length).toBeGreaterThan(0);
  });

  it('records none otherwise', () => {
    expect(skipCreationStacks({})).toBe(true);
    expect(creationStack()).toEqual([]);
  });
});
