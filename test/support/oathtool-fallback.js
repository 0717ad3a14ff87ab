#!/usr/bin/env node
// Stands in for `oathtool --totp -b [-N "now + N seconds"] SECRET` (RFC 6238: HMAC-SHA-1,
// 30 s steps, 6 digits) when oathtool is not installed: test/support/readme-prelude.sh calls it
// for the README's examples. Only those flags are understood; anything else is an error, so a
// README example that needs more of oathtool fails instead of getting a wrong code.
'use strict';
const { createHmac } = require('node:crypto');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 Base32, case-insensitive, padding and spaces ignored. */
function base32Decode(text) {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`oathtool (fallback): not Base32: ${text}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP with HMAC-SHA-1 at `seconds` (Unix time). */
function totp(key, seconds, digits = 6, step = 30) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / step)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

/** `now`, `now + N seconds` or `now - N seconds` (the forms the README uses). */
function parseNow(text, nowSeconds) {
  const match = /^\s*now\s*(?:([+-])\s*(\d+)\s*(?:seconds?|secs?)\s*)?$/i.exec(text);
  if (!match) throw new Error(`oathtool (fallback): --now understands "now [+|- N seconds]" only, not ${text}`);
  const delta = match[2] === undefined ? 0 : Number(match[2]) * (match[1] === '-' ? -1 : 1);
  return nowSeconds + delta;
}

function main(args, nowSeconds) {
  let totpMode = false;
  let base32 = false;
  let at = nowSeconds;
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--totp') totpMode = true;
    else if (arg === '-b' || arg === '--base32') base32 = true;
    else if (arg === '-N' || arg === '--now') at = parseNow(args[++i] ?? '', nowSeconds);
    else if (arg.startsWith('--now=')) at = parseNow(arg.slice('--now='.length), nowSeconds);
    else if (arg.startsWith('-')) throw new Error(`oathtool (fallback): unsupported option ${arg}`);
    else positional.push(arg);
  }
  if (!totpMode || !base32 || positional.length !== 1) {
    throw new Error('oathtool (fallback): usage: oathtool --totp -b [-N "now + N seconds"] BASE32_SECRET');
  }
  return totp(base32Decode(positional[0]), at);
}

module.exports = { base32Decode, totp, parseNow, main };

if (require.main === module) {
  try {
    process.stdout.write(`${main(process.argv.slice(2), Date.now() / 1000)}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
