import { CREATION_STACKS_VARIABLE, skipCreationStacks } from '../app';

/*
 * npm run synth leaves out the creation stack cdktf records for every token (a
 * full stack trace, printed only when the token fails to resolve), unless asked
 * to keep it. Jest gives each test file its own module registry and environment:
 * the cdktf patched here is this file's.
 */
describe('skipCreationStacks', () => {
  const creationStack = () => {
    const { Lazy, Tokenization } = jest.requireActual('cdktf');
    return Tokenization.reverseString(Lazy.stringValue({ produce: () => 'x' })).firstToken.creationStack as string[];
  };
  afterAll(() => delete process.env.CDKTN_DISABLE_CREATION_STACK);

  it(`keeps them when asked (${CREATION_STACKS_VARIABLE})`, () => {
    expect(skipCreationStacks(true)).toBe(false);
    expect(creationStack().length).toBeGreaterThan(0);
  });

  it('records none otherwise, with cdktf as with CDK Terrain', () => {
    expect(skipCreationStacks(false)).toBe(true);
    expect(creationStack()).toEqual([]);
  });
});
