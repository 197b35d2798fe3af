import { closestMatch, typoDistance } from '../../core/suggest';

describe('closestMatch: the "did you mean" of a typed name', () => {
  const keys = ['brokerCount', 'instanceType', 'mode', 'kafkaVersion'];

  it.each([
    ['brokerCout', 'brokerCount'],
    ['brokercount', 'brokerCount'],
    ['instanceTpye', 'instanceType'],
    ['mdoe', 'mode'],
    ['brokers', undefined],
    ['xyz', undefined],
  ])('%s -> %p', (typed, expected) => {
    expect(closestMatch(typed, keys)).toBe(expected);
  });

  it('breaks a tie of edits by the longer shared beginning, then by the order given', () => {
    expect(closestMatch('us-est-1', ['us-west-1', 'us-east-1'], 2)).toBe('us-east-1');
    expect(closestMatch('ab', ['ax', 'ay'], 1)).toBe('ax');
  });

  it('allows one edit in short words, about a third of the length in long ones', () => {
    expect([typoDistance('tag'), typoDistance('mode'), typoDistance('defaultReplicationFactor')]).toEqual([1, 2, 8]);
    expect(closestMatch('tga', ['tags'])).toBeUndefined();
  });
});
