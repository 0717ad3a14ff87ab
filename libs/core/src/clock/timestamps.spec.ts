import { formatMillisTimestamp, formatSecondsTimestamp } from './timestamps';

describe('wire timestamps', () => {
  const at = new Date('2019-06-28T12:20:43.059Z');

  it('formats Next Step timestamps to the second in UTC', () => {
    expect(formatSecondsTimestamp(at)).toBe('2019-06-28T12:20:43+0000');
  });

  it('formats Data Adapter timestamps to the millisecond in UTC', () => {
    expect(formatMillisTimestamp(at)).toBe('2019-06-28T12:20:43.059+0000');
  });
});
