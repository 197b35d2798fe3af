/**
 * Days CloudWatch keeps the logs of every log group made here, unless the
 * environment says otherwise: two weeks covers a sprint's debugging at little
 * cost; production presets keep a year.
 */
export const DEFAULT_LOG_RETENTION_DAYS = 14;
