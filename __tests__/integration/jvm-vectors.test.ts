import { askJvm, recordedVectors, recordVectors } from '../fixtures/jvm/cases';

/*
 * The unit suite checks our SimpleDateFormat against answers recorded from the
 * JVM. Here, with Java present, the JVM is asked again: a recording that no
 * longer matches it fails (RECORD_JVM_VECTORS=1 rewrites the recording).
 */
describe('recorded JVM answers', () => {
  it('are what this JVM answers today', () => {
    const live = askJvm();
    if (process.env.RECORD_JVM_VECTORS === '1') recordVectors(live);
    expect(recordedVectors()).toEqual(live);
  });
});
