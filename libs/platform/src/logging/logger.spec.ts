import { withLogContext } from '../observability/log-context';
import { createLogger } from './logger';

describe(createLogger.name, () => {
  it('adds the request id, workflow id and activity of the current context to every line', async () => {
    const lines: Record<string, unknown>[] = [];
    const sut = createLogger(
      { name: 'spec', level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    sut.info('outside');
    withLogContext({ requestId: 'req-1' }, () => sut.info('in a request'));
    await withLogContext(
      { workflowId: 'payment/301000000000000017', activity: 'publishDebtPosition' },
      async () => {
        await Promise.resolve();
        sut.child({ context: 'Gpd' }).warn('after an await, in a child logger');
      },
    );
    expect(
      lines.map(({ msg, requestId, workflowId, activity }) => ({ msg, requestId, workflowId, activity })),
    ).toEqual([
      { msg: 'outside', requestId: undefined, workflowId: undefined, activity: undefined },
      { msg: 'in a request', requestId: 'req-1', workflowId: undefined, activity: undefined },
      {
        msg: 'after an await, in a child logger',
        requestId: undefined,
        workflowId: 'payment/301000000000000017',
        activity: 'publishDebtPosition',
      },
    ]);
  });
});
