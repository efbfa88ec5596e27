import { pino } from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'commdesk-marketplace' },
  redact: ['req.headers.authorization', 'password', 'token', 'secret'],
});

export type TLogger = typeof logger;
