// A Temporal client for HelixRL's commands, with the same reachability message the workers give.
import { Client, Connection } from '@temporalio/client';
import type { HelixConfig } from '../temporal.config';
import { checkTemporal, temporalAddressOf } from '../infra/stack';

export async function connectClient(config: HelixConfig, address = temporalAddressOf(config).address): Promise<Client> {
  await checkTemporal(address, config.temporal.address ? 'TEMPORAL_ADDRESS / temporal.address' : 'the default address of `helixrl up`', config.temporal.namespace);
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: config.temporal.namespace });
}
