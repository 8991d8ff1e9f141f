// Structured JSON logs (pino). Secrets are redacted by path wherever they appear.
import pino from 'pino';
import type { LogLevel } from '../config';

export type Logger = pino.Logger;

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'utbyte' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.token', '*.password', '*.masterKey', '*.meiliKey'],
      censor: '[redacted]',
    },
  });
}
