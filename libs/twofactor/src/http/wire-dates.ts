const pad = (n: number) => String(n).padStart(2, '0');

/** The seed's Java LocalDateTime shape, UTC: `{"date":[y,m,d],"time":{"hour","minute","second","nano"}}`. */
export function localDateTime(d: Date) {
  return {
    date: [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()],
    time: {
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      nano: d.getUTCMilliseconds() * 1_000_000,
    },
  };
}

/** The seed's token validity format, UTC: `2022-05-31 11:40:12`. */
export function dateTimeText(d: Date): string {
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}
