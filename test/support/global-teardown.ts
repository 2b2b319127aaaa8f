export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as { __susPostgres?: { stop(): Promise<void> } }).__susPostgres;
  await handle?.stop();
}
