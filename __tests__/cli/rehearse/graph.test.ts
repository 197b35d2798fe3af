import { dependents, excludedOutputsOf, stackGraph } from '../../../cli/rehearse/graph';
import { satisfies } from '../../../cli/rehearse/toolchain';
import { synthEnvironment } from '../../helpers/synth';

describe('rehearsal dependency graph', () => {
  const { streaming, analytics } = synthEnvironment();
  const s = stackGraph(streaming);
  const a = stackGraph(analytics);
  const config = Object.keys(streaming.resource.aws_msk_configuration).map((n) => `aws_msk_configuration.${n}`)[0];

  it('excludes everything that needs a resource the emulator cannot create, and nothing else', () => {
    const excluded = dependents(s, new Set([config]), new Set());
    const types = [...excluded].map((x) => x.replace(/^data\./, '').split('.')[0]);
    expect(types).toEqual(
      expect.arrayContaining(['aws_msk_configuration', 'aws_msk_cluster', 'aws_lambda_function', 'aws_lambda_invocation', 'aws_cloudwatch_event_target']),
    );
    // The cluster's security group and the functions' log groups do not need the configuration.
    expect(types).not.toContain('aws_security_group');
    expect(types).not.toContain('aws_cloudwatch_log_group');
  });

  it('follows cross-stack outputs into the stacks that read them', () => {
    const excluded = dependents(s, new Set([config]), new Set());
    const outputs = excludedOutputsOf('dev-streaming', s, excluded);
    expect(outputs.size).toBeGreaterThan(0);
    const downstream = [...dependents(a, new Set(), outputs)].filter((x) => !x.startsWith('data.'));
    expect(downstream.map((x) => x.split('.')[0])).toEqual(
      expect.arrayContaining(['aws_serverlessapplicationrepository_cloudformation_stack', 'aws_athena_data_catalog']),
    );
    expect(downstream.map((x) => x.split('.')[0])).not.toContain('aws_glue_registry');
  });
});

describe('provider constraint check', () => {
  it.each([
    ['6.25.0', '>= 6.25.0, < 7.0.0', true],
    ['6.31.2', '>= 6.25.0, < 7.0.0', true],
    ['5.100.0', '>= 6.25.0, < 7.0.0', false],
    ['7.0.0', '>= 6.25.0, < 7.0.0', false],
    ['5.100.0', '= 5.100.0', true],
  ])('%s meets "%s": %s', (version, constraint, expected) => {
    expect(satisfies(version, constraint)).toBe(expected);
  });
});
