import { testBroker } from './broker';

export default async function teardown(): Promise<void> {
  await testBroker().destroy();
}
