import { DomainError } from '@app/core';
import { CHALLENGE_STATES, challengeMachine } from './challenge-states';
import { DIGITS } from './challenge.types';
import { assertCodeFormat, canonicalBinding, chainKeyOf, generateCode, normalizeCode } from './codes';
import { decideAttempt } from './verification';

describe('challenge state table', () => {
  it('lets only a live challenge change, to each final state', () => {
    expect(challengeMachine.states).toEqual(['ACTIVE', 'USED', 'EXHAUSTED', 'EXPIRED', 'REPLACED', 'INVALIDATED']);
    for (const to of CHALLENGE_STATES.ACTIVE) {
      expect(challengeMachine.can('ACTIVE', to)).toBe(true);
      expect(challengeMachine.isFinal(to)).toBe(true);
    }
    expect(challengeMachine.isFinal('ACTIVE')).toBe(false);
  });

  it('refuses any transition the table does not declare', () => {
    for (const from of challengeMachine.states.filter((s) => s !== 'ACTIVE')) {
      for (const to of challengeMachine.states) {
        expect(challengeMachine.can(from, to)).toBe(false);
        expect(() => challengeMachine.assertTransition(from, to)).toThrow(DomainError);
      }
    }
    expect(() => challengeMachine.assertTransition('USED', 'ACTIVE')).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }),
    );
  });
});

describe('decideAttempt (Data Adapter spec §4.4 order, then the user lock)', () => {
  const now = new Date('2026-01-15T10:00:00Z');
  const later = new Date(now.getTime() + 1000);
  const row = (changes: Partial<Parameters<typeof decideAttempt>[0]> = {}) => ({
    status: 'ACTIVE' as const,
    tries: 1,
    maxTries: 5,
    expiresAt: later,
    matchedAt: null,
    ...changes,
  });
  const facts = { now, deferUse: false, codeMatches: true, bindingMatches: true, lockedUntil: null };

  it('verifies the right code with unchanged values and spends it', () => {
    expect(decideAttempt(row(), facts)).toEqual({ kind: 'VERIFIED', to: 'USED' });
    expect(decideAttempt(row(), { ...facts, deferUse: true })).toEqual({ kind: 'VERIFIED', to: null });
  });

  it('counts down on a wrong code or changed values, and burns the code with the last try', () => {
    expect(decideAttempt(row(), { ...facts, codeMatches: false })).toEqual({
      kind: 'WRONG',
      remainingTries: 4,
      to: null,
    });
    expect(decideAttempt(row({ tries: 4 }), { ...facts, bindingMatches: false })).toMatchObject({ remainingTries: 1 });
    expect(decideAttempt(row({ tries: 5 }), { ...facts, codeMatches: false })).toEqual({
      kind: 'WRONG',
      remainingTries: 0,
      to: 'EXHAUSTED',
    });
  });

  it('refuses the attempt after the last one even with the right code', () => {
    expect(decideAttempt(row({ tries: 6 }), facts)).toEqual({ kind: 'EXHAUSTED', burnedNow: false });
    expect(decideAttempt(row({ status: 'EXHAUSTED' }), facts)).toEqual({ kind: 'EXHAUSTED', burnedNow: false });
  });

  it('checks expiry before reuse, reuse before tries, tries before the lock', () => {
    const expired = { ...facts, now: new Date(later.getTime() + 1) };
    expect(decideAttempt(row({ status: 'USED', tries: 9 }), expired)).toEqual({ kind: 'EXPIRED', to: null });
    expect(decideAttempt(row(), expired)).toEqual({ kind: 'EXPIRED', to: 'EXPIRED' });
    expect(decideAttempt(row({ status: 'USED', tries: 9 }), facts)).toEqual({ kind: 'ALREADY_USED' });
    for (const status of ['REPLACED', 'INVALIDATED', 'EXPIRED'] as const) {
      expect(decideAttempt(row({ status }), facts)).toEqual({ kind: 'EXPIRED', to: null });
    }
    const locked = { ...facts, lockedUntil: later };
    expect(decideAttempt(row({ tries: 6 }), locked)).toMatchObject({ kind: 'EXHAUSTED' });
    expect(decideAttempt(row(), locked)).toEqual({ kind: 'LOCKED', lockedUntil: later });
    expect(decideAttempt(row(), { ...facts, lockedUntil: now })).toMatchObject({ kind: 'VERIFIED' }); // lock ended
  });

  it('lets a matched but unspent code be entered again only with deferred use', () => {
    expect(decideAttempt(row({ matchedAt: now }), facts)).toEqual({ kind: 'ALREADY_USED' });
    expect(decideAttempt(row({ matchedAt: now }), { ...facts, deferUse: true })).toMatchObject({ kind: 'VERIFIED' });
  });
});

describe('codes', () => {
  it('draws codes of the format from the alphabet', () => {
    const codes = Array.from({ length: 200 }, () => generateCode({ alphabet: DIGITS, length: 8 }));
    for (const code of codes) expect(code).toMatch(/^\d{8}$/);
    expect(new Set(codes).size).toBeGreaterThan(195);
    expect(generateCode({ alphabet: 'AB', length: 64 })).toMatch(/^[AB]{64}$/);
  });

  it('refuses formats a code cannot safely be drawn from', () => {
    expect(() => assertCodeFormat({ alphabet: '0', length: 8 })).toThrow(/alphabet/);
    expect(() => assertCodeFormat({ alphabet: '0012', length: 8 })).toThrow(/distinct/);
    expect(() => assertCodeFormat({ alphabet: 'aA', length: 8, caseInsensitive: true })).toThrow(/upper-cased/);
    expect(() => assertCodeFormat({ alphabet: DIGITS, length: 3 })).toThrow(/length/);
    expect(() => assertCodeFormat({ alphabet: DIGITS, length: 8 })).not.toThrow();
  });

  it('normalizes case only when asked, and binds values whatever their order', () => {
    expect(normalizeCode('ab12', true)).toBe('AB12');
    expect(normalizeCode('ab12', false)).toBe('ab12');
    expect(canonicalBinding({ b: '2', a: '1' })).toBe(canonicalBinding({ a: '1', b: '2' }));
    expect(canonicalBinding({ a: '1' })).not.toBe(canonicalBinding({ a: '1', b: '' }));
  });

  it('keys chains exactly (no collation) and apart per step', () => {
    const chain = { purpose: 'p', subject: 'Op-1', step: 'login' };
    expect(chainKeyOf(chain)).toMatch(/^[0-9a-f]{64}$/);
    expect(chainKeyOf(chain)).not.toBe(chainKeyOf({ ...chain, subject: 'op-1' }));
    expect(chainKeyOf(chain)).not.toBe(chainKeyOf({ ...chain, step: 'approve' }));
  });
});
