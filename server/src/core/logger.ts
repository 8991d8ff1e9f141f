// Structured JSON logs (pino). Secrets are redacted by path wherever they appear.
import pino from 'pino';
import type { LogLevel } from '../config';

export type Logger = pino.Logger;

/** `destination` replaces stdout (tests read what was logged). */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'utbyte' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.token', '*.password', '*.masterKey', '*.meiliKey'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
