const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2019-06-28T12:20:43+0000`: the Next Step wire format (seconds, UTC). */
export function formatSecondsTimestamp(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+0000`
  );
}

/** `2019-06-21T12:49:22.959+0000`: the Data Adapter wire format (milliseconds, UTC). */
export function formatMillisTimestamp(date: Date): string {
  return formatSecondsTimestamp(date).replace('+0000', `.${pad(date.getUTCMilliseconds(), 3)}+0000`);
}
