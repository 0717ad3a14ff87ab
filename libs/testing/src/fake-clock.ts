import { Clock } from '@app/core';

/** A clock tests move by hand: expiry and lockout are tested without sleeping. */
export class FakeClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-15T10:00:00.000Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }
}
