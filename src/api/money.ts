import type { TConfig } from '../config.js';
import { unsupportedCurrency } from '../domain/money.js';
import { AppError } from '../errors.js';

/**
 * Money is written only in the platform's currencies (SUPPORTED_CURRENCIES): the schema admits any ISO 4217 code,
 * this refuses the ones the platform does not handle with a 422 naming the field.
 */
export function requireSupportedCurrency(config: TConfig, currency: string | undefined, path: string) {
  if (currency === undefined) return;
  const problem = unsupportedCurrency(config.SUPPORTED_CURRENCIES, currency);
  if (problem) throw new AppError('BUSINESS_RULE', problem, [{ location: 'body', path, message: problem }]);
}

/**
 * A decision deadline lies in the future and at most MAX_DECISION_DEADLINE ahead (default a year). The bounds move
 * with the clock and the configuration, which no schema states: a well-formed date outside them is a 422.
 */
export function requireDecisionDeadline(config: TConfig, deadline: Date, path: string) {
  const now = Date.now();
  if (deadline.getTime() <= now)
    throw new AppError('BUSINESS_RULE', `${path} must be in the future`, [
      { location: 'body', path, message: 'in the past' },
    ]);
  const latest = new Date(now + config.MAX_DECISION_DEADLINE);
  if (deadline.getTime() > latest.getTime()) {
    const days = Math.floor(config.MAX_DECISION_DEADLINE / 86_400_000);
    const message = `at most ${days} days ahead (no later than ${latest.toISOString()})`;
    throw new AppError('BUSINESS_RULE', `${path} must be ${message}`, [{ location: 'body', path, message }]);
  }
}
