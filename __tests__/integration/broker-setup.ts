import { testBroker } from './broker';

export default async function setup(): Promise<void> {
  const broker = testBroker();
  await broker.destroy(); // leftovers of an aborted run
  await broker.start(120_000);
}
