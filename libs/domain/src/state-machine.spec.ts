import { defineStateMachine } from '@sus/domain';

const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

describe('defineStateMachine', () => {
  const door = defineStateMachine({
    name: 'door',
    states: ['open', 'closed', 'locked'] as const,
    events: ['close', 'open', 'lock'] as const,
    transitions: { open: { close: 'closed' }, closed: { open: 'open', lock: 'locked' }, locked: {} },
  });

  it('follows the table', () => {
    expect(door.transition('open', 'close')).toBe('closed');
    expect(door.canTransition('closed', 'lock')).toBe(true);
    expect(door.allowedEvents('closed')).toEqual(['open', 'lock']);
    expect(door.isTerminal('locked')).toBe(true);
    expect(door.isTerminal('open')).toBe(false);
  });

  it('refuses an event the state does not accept, listing what it does accept', () => {
    expect(() => door.transition('open', 'lock')).toThrow(withCode('ILLEGAL_TRANSITION'));
    expect(() => door.transition('open', 'lock')).toThrow(/allowed: close/);
    expect(() => door.transition('locked', 'open')).toThrow(/none, the state is final/);
    expect(() => door.transition('open', 'lock')).toThrow(
      expect.objectContaining({
        details: { machine: 'door', state: 'open', event: 'lock', allowedEvents: ['close'] },
      }),
    );
  });

  it('refuses unknown states and events coming from untyped data', () => {
    expect(() => door.transition('ajar' as never, 'close')).toThrow(/"ajar" is not a door state/);
    expect(() => door.transition('open', 'kick' as never)).toThrow(/"kick" is not a door event/);
    // Object prototype keys must not be mistaken for table entries.
    expect(() => door.transition('open', 'toString' as never)).toThrow(withCode('ILLEGAL_TRANSITION'));
    expect(() => door.transition('constructor' as never, 'close')).toThrow(withCode('ILLEGAL_TRANSITION'));
    expect(door.canTransition('constructor' as never, 'close')).toBe(false);
    expect(door.isTerminal('constructor' as never)).toBe(false);
  });
});
