/** Types of oathtool-fallback.js (plain JavaScript: the README test runs it with node). */
export function base32Decode(text: string): Buffer;
export function totp(key: Buffer, seconds: number, digits?: number, step?: number): string;
export function parseNow(text: string, nowSeconds: number): number;
export function main(args: string[], nowSeconds: number): string;
