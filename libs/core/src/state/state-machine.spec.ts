import { StateMachine } from './state-machine';

describe('StateMachine', () => {
  type S = 'OPEN' | 'DONE' | 'FAILED';
  const machine = new StateMachine<S>('example', { OPEN: ['DONE', 'FAILED'], DONE: [], FAILED: [] });

  it('allows exactly the declared transitions', () => {
    expect(machine.can('OPEN', 'DONE')).toBe(true);
    expect(machine.can('DONE', 'OPEN')).toBe(false);
    expect(machine.isFinal('DONE')).toBe(true);
    expect(machine.isFinal('OPEN')).toBe(false);
    expect(() => machine.assertTransition('FAILED', 'DONE')).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }),
    );
  });

  it('refuses a table that names an undeclared state or a self-loop', () => {
    expect(() => new StateMachine('bad', { A: ['B'] } as Record<string, string[]>)).toThrow(/undeclared state/);
    expect(() => new StateMachine('loop', { A: ['A'] })).toThrow(/not a transition/);
  });
});
