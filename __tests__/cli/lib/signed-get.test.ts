import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { signGet } from '../../../cli/lib/aws/signed-get';

describe('Signature Version 4 GET', () => {
  it("signs as the AWS SDK's own signer does (path encoded twice, sorted query, session token)", async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token/with+chars' };
    const now = new Date(Date.UTC(2026, 10, 29, 12, 30, 5));
    const appId = 'arn:aws:serverlessrepo:us-east-1:292517598671:applications/AthenaMSKConnector';
    const ours = signGet({
      service: 'serverlessrepo',
      region: 'eu-west-1',
      endpoint: 'https://serverlessrepo.eu-west-1.amazonaws.com',
      segments: ['applications', appId, 'versions'],
      query: { nextToken: 'a b', maxItems: '100' },
      credentials,
      now,
    });
    const url = new URL(ours.url);
    expect(url.pathname).toBe('/applications/arn%3Aaws%3Aserverlessrepo%3Aus-east-1%3A292517598671%3Aapplications%2FAthenaMSKConnector/versions');
    const reference = new SignatureV4({
      service: 'serverlessrepo',
      region: 'eu-west-1',
      credentials,
      sha256: Sha256,
      uriEscapePath: true,
      applyChecksum: false,
    });
    const signed = await reference.sign(
      { method: 'GET', protocol: 'https:', hostname: url.host, path: url.pathname, query: { nextToken: 'a b', maxItems: '100' }, headers: { host: url.host } },
      { signingDate: now },
    );
    expect(ours.headers.authorization).toBe(signed.headers.authorization);
  });
});
