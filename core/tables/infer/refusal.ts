/** Inference writes nothing: the sample cannot make one table (each line says where and what to do). */
export class InferenceRefusal extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'InferenceRefusal';
  }
}
